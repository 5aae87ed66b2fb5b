"""Locks on folders: the build lock on ``reports/`` and the data lock on ``data/processed/``."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from analysis.errors import BuildError

LOCK = ".build.lock"


@contextlib.contextmanager
def build_lock(folder: Path, wait: bool) -> Iterator[None]:
    """An exclusive lock on ``folder/.build.lock`` (released by the OS if the build dies).

    With ``wait=False`` a held lock raises :class:`BuildError` naming the holder's PID.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            if not wait:
                raise BuildError(
                    f"another build (pid {holder}) is running on {folder}; "
                    "use --wait to wait for it"
                ) from None
            print(f"waiting for another build (pid {holder}) to finish ...", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


@contextlib.contextmanager
def data_lock(folder: Path, *, exclusive: bool) -> Iterator[None]:
    """Lock a processed-data folder: exclusive to refresh it, shared to read it.

    A refresh (``make data``, or the build's own) waits for builds that are reading the data,
    and a build waits for a refresh, so kernels never read a half-refreshed folder. The lock
    is ``folder/.lock``; the OS releases it if the process dies.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
