"""Whether files are still those recorded: each file's SHA-256, and its size and times once
it has settled, so that a file unchanged since is recognised without reading it.

A build checks every published file of every briefing before it skips one (about 60 MB for
the project's 39 pages, most of a rebuild with nothing to do). Reading them all makes that
check grow with the site. :func:`record_files` keeps, beside each file's hash, its size,
modification time and status-change time (``ctime``, nanoseconds) when they can stand for
its content; :func:`recorded_still` then reads and hashes only a file whose size or times
differ from the record, or that has no such record, as ``git`` does.

The times stand for the content only of a file last changed well before it was hashed
(:data:`SETTLED_NS`): a file system keeps times to a clock tick (ext4 and tmpfs a few
milliseconds, FAT two seconds), so a file written again within the tick it was hashed in
could keep its times. A file still "settling" when hashed gets no size and times, and is
hashed again at the next check (which records them once it has settled). Writing a file
moves both times; setting its modification time back (``touch -d``) moves its ``ctime``,
which no user can set, so that is seen too. Only a change made with the system clock set
back escapes; ``--force`` rebuilds everything. "Settled" compares a file's times with this
machine's clock: on a network file system whose clock runs two seconds or more behind it, a
file just written could count as settled.

Examples
--------
>>> import shutil, tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> page = folder / "page.html"
>>> _ = page.write_bytes("<p>1,475억원</p>".encode())
>>> digests, stats = record_files({"page.html": page})
>>> recorded_still({"page.html": page}, digests, stats) is not None  # the same content
True
>>> _ = page.write_bytes("<p>1,476억원</p>".encode())  # the same size, new times
>>> recorded_still({"page.html": page}, digests, stats) is None  # read again: it differs
True
>>> shutil.rmtree(folder)
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

from analysis.files import file_digest

__all__ = ["SETTLED_NS", "record_files", "recorded_still"]

#: How long before it is hashed a file must have last changed for its size and times to be
#: recorded (two seconds: the coarsest common timestamp, FAT's).
SETTLED_NS = 2_000_000_000


def _size_and_times(path: Path) -> list[int]:
    """``[size, mtime_ns, ctime_ns]`` of ``path``."""
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def record_files(paths: Mapping[str, Path]) -> tuple[dict[str, str], dict[str, list[int]]]:
    """Hash each file of ``paths`` (key -> path): ``(digests, stats)``, ``digests`` the
    SHA-256 of each, ``stats`` ``[size, mtime_ns, ctime_ns]`` of each file that had settled
    (last changed :data:`SETTLED_NS` or more before it was hashed, and not changed while it
    was)."""
    digests: dict[str, str] = {}
    stats: dict[str, list[int]] = {}
    for key, path in paths.items():
        before = _size_and_times(path)
        settled_by = time.time_ns() - SETTLED_NS
        digests[key] = file_digest(path)
        if _size_and_times(path) == before and max(before[1:]) <= settled_by:
            stats[key] = before
    return digests, stats


def recorded_still(
    paths: Mapping[str, Path], digests: Mapping[str, str], stats: Mapping[str, object]
) -> dict[str, list[int]] | None:
    """Whether the files ``paths`` (key -> path) are exactly those recorded: the same keys,
    and each file's content the SHA-256 of ``digests``. A file whose size and times equal
    its ``stats`` entry is taken as unchanged without being read; every other is hashed
    (:func:`record_files`). Returns the stats to record from now on (``None``: a file
    is missing, extra or different)."""
    if set(paths) != set(digests):
        return None
    kept: dict[str, list[int]] = {}
    for key, path in paths.items():
        try:
            now = _size_and_times(path)
            if stats.get(key) == now:
                kept[key] = now
                continue
            digest, settled = record_files({key: path})
        except OSError:  # gone or unreadable since it was listed
            return None
        if digest[key] != digests[key]:
            return None
        kept |= settled
    return kept
