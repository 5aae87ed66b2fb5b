"""Data version and freshness checks, without heavy imports (used before pandas loads).

The data version is a short hash of every file under ``data/raw/``; ``metadata.json`` in
``data/processed/`` records it together with the hash of every processed file, so a build can
tell in milliseconds whether the processed data are current.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from analysis.files import file_hashes
from analysis.paths import raw_dir

__all__ = ["METADATA_FILE", "data_version", "processed_is_current"]

METADATA_FILE = "metadata.json"
#: Notes about the raw data that are not data: they do not change the data version.
RAW_NOTES = ("README.md",)


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
