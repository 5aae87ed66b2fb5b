"""Data version and freshness checks, without heavy imports (used before pandas loads).

The data version is a short hash of every file under ``data/raw/``; ``metadata.json`` in
``data/processed/`` records it together with the hash of every processed file, so a build can
tell in milliseconds whether the processed data are current.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from analysis.paths import raw_dir

__all__ = ["METADATA_FILE", "data_lock", "data_version", "file_hashes", "processed_is_current"]

METADATA_FILE = "metadata.json"
#: Notes about the raw data that are not data: they do not change the data version.
RAW_NOTES = ("README.md",)


def file_hashes(folder: Path, *, exclude: tuple[str, ...] = ()) -> dict[str, str]:
    """SHA-256 of every file below ``folder`` (relative POSIX path -> hex digest)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        relative = p.relative_to(folder)
        hidden = any(part.startswith(".") for part in relative.parts)  # locks, staging folders
        if p.is_file() and p.name not in exclude and not hidden:
            out[relative.as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


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


def data_version(raw_folder: str | Path | None = None) -> tuple[str, dict[str, str]]:
    """A short hash of every raw input file (default ``data/raw/``), and each file's hash.

    The version changes when any raw table or source text changes, and only then.
    """
    folder = Path(raw_folder) if raw_folder is not None else raw_dir()
    hashes = file_hashes(folder, exclude=RAW_NOTES)
    digest = hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()
    return digest[:12], hashes


def processed_is_current(raw_folder: Path, out_folder: Path) -> bool:
    """True when ``out_folder`` was built from exactly the files now in ``raw_folder`` and
    none of its files has changed since."""
    meta_path = out_folder / METADATA_FILE
    if not meta_path.is_file():
        return False
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return False
    if meta.get("raw_files_sha256") != file_hashes(raw_folder, exclude=RAW_NOTES):
        return False
    return meta.get("processed_files_sha256") == file_hashes(out_folder, exclude=(METADATA_FILE,))
