"""Switching ``data/processed/`` from one set of files to the next as one step.

The refresh stages every changed file in a ``.staging-*`` folder (fsynced), then writes a
journal naming the staging folder and the files to move, renames them into place, and
removes the journal and the staging folder. A ``kill -9`` at any moment therefore leaves:

* no journal: the old files, complete (a ``.staging-*`` folder may remain: removed later);
* a journal: every new file complete, either already in place or still in the staging
  folder: :func:`recover` rolls forward by moving the rest.

:func:`recover` runs at the start of every refresh and whenever a reader finds a journal, so
a reader (a kernel) sees all old or all new files. Light imports only (used by
:mod:`analysis.data.load`).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from analysis.files import atomic_write

__all__ = ["JOURNAL", "PAUSE_ENV", "recover", "recover_for_reading", "switch_files"]

#: The journal of a switch in progress (hidden, so the data version ignores it).
JOURNAL = ".refresh-journal.json"
#: Test hook: seconds to sleep after writing the journal and after each rename.
PAUSE_ENV = "ANALYSIS_REFRESH_PAUSE"
_LOCK = ".lock"  # the same file as analysis.locks.data_lock


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _pause() -> None:
    seconds = float(os.environ.get(PAUSE_ENV) or 0)
    if seconds > 0:
        time.sleep(seconds)


def recover(folder: Path) -> bool:
    """Finish or discard an interrupted switch in ``folder``; remove leftover staging.

    The caller holds the exclusive data lock. Returns True when a switch was rolled forward.
    """
    journal = folder / JOURNAL
    rolled = False
    if journal.is_file():
        entry = json.loads(journal.read_text(encoding="utf-8"))
        staging = folder / Path(entry["staging"]).name
        for name in entry["files"]:
            staged = staging / Path(name).name
            if staged.is_file():
                os.replace(staged, folder / Path(name).name)
        _fsync_dir(folder)
        journal.unlink()
        rolled = True
    for leftover in folder.glob(".staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in folder.glob(f".{JOURNAL}.*.tmp"):
        leftover.unlink(missing_ok=True)
    return rolled


@contextlib.contextmanager
def _exclusive_now(folder: Path) -> Iterator[bool]:
    with (folder / _LOCK).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover_for_reading(folder: Path) -> None:
    """Before reading: if an interrupted switch left a journal, finish it.

    Raises
    ------
    RuntimeError
        When a journal is there but another process holds the data lock (a running refresh,
        or a build reading): the folder cannot be repaired from here.
    """
    if not (folder / JOURNAL).is_file():
        return
    with _exclusive_now(folder) as locked:
        if not locked:
            raise RuntimeError(
                f"{folder}: a data refresh was interrupted and the folder is locked; "
                "run `make data` (python -m analysis data) when the lock is free"
            )
        recover(folder)


def switch_files(files: dict[str, bytes], folder: Path) -> list[str]:
    """Publish ``files`` (name -> bytes) into ``folder`` as one step; return the names moved.

    The caller holds the exclusive data lock. Only files whose bytes differ are moved.
    """
    recover(folder)
    changed = [
        name
        for name, data in files.items()
        if not ((folder / name).is_file() and (folder / name).read_bytes() == data)
    ]
    if not changed:
        return []
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=folder))
    for name in changed:
        with (staging / name).open("wb") as handle:
            handle.write(files[name])
            handle.flush()
            os.fsync(handle.fileno())
    _fsync_dir(staging)
    journal = json.dumps({"staging": staging.name, "files": changed}) + "\n"
    atomic_write(folder / JOURNAL, journal.encode())
    _fsync_dir(folder)
    _pause()
    for name in changed:
        os.replace(staging / name, folder / name)
        _pause()
    _fsync_dir(folder)
    (folder / JOURNAL).unlink()
    shutil.rmtree(staging, ignore_errors=True)
    return changed
