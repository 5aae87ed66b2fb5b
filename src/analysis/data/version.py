"""Data version and freshness checks, without heavy imports (used before pandas loads).

The data version is a short hash of every file under ``data/raw/``; ``metadata.json`` in
``data/processed/`` records it together with the hash of every raw and processed file and of
the code that made them (:func:`refresh_code`), so a build can tell in milliseconds whether
the processed data are current: made from these raw files, by this code, and unchanged since.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from analysis.files import file_digest_or_empty, file_hashes, files_below, hash_files
from analysis.paths import LOCK_FILE, PACKAGE_DIR, raw_dir

__all__ = [
    "METADATA_FILE",
    "REFRESH_SHARED_MODULES",
    "data_version",
    "processed_is_current",
    "refresh_code",
]

METADATA_FILE = "metadata.json"
#: Notes about the raw data that are not data: they do not change the data version.
RAW_NOTES = ("README.md",)
#: The package's modules outside the data wing that a refresh runs: the package's
#: ``__init__`` and the shared modules the data wing imports, directly or through each other
#: (``tests/test_pipeline.py`` checks the list against the data wing's imports).
REFRESH_SHARED_MODULES = ("__init__.py", "errors.py", "files.py", "locks.py", "paths.py")


def data_version(raw_folder: str | Path | None = None) -> tuple[str, dict[str, str]]:
    """A short hash of every raw input file (default ``data/raw/``), and each file's hash.

    The version changes when any raw table or source text changes, and only then.
    """
    folder = Path(raw_folder) if raw_folder is not None else raw_dir()
    hashes = file_hashes(folder, exclude=RAW_NOTES)
    digest = hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()
    return digest[:12], hashes


def refresh_code() -> dict[str, str]:
    """SHA-256 of what the processed data are made with besides the raw files: ``code``,
    every module of the data wing (``analysis/data/**/*.py``: no compiled, backup or other
    stray file) and :data:`REFRESH_SHARED_MODULES`;
    ``locked_dependencies``, the lock file pinning the libraries they run on (``""`` where
    there is none, as in an installed package). Other wings' code is left out: a change to a
    chart does not refresh the data.

    Examples
    --------
    >>> sorted(refresh_code())
    ['code', 'locked_dependencies']
    """
    wing = PACKAGE_DIR / "data"
    files = [p for rel, p in files_below(wing).items() if rel.endswith(".py")]
    files += [PACKAGE_DIR / name for name in REFRESH_SHARED_MODULES]
    return {
        "code": hash_files(files, PACKAGE_DIR),
        "locked_dependencies": file_digest_or_empty(LOCK_FILE),
    }


def processed_is_current(raw_folder: Path, out_folder: Path) -> bool:
    """True when ``out_folder`` was built from exactly the files now in ``raw_folder``, by the
    refresh code and locked dependencies of now (:func:`refresh_code`), and none of its files
    has changed since."""
    meta_path = out_folder / METADATA_FILE
    if not meta_path.is_file():
        return False
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return False
    if meta.get("raw_files_sha256") != file_hashes(raw_folder, exclude=RAW_NOTES):
        return False
    if meta.get("refresh_code_sha256") != refresh_code():
        return False
    return meta.get("processed_files_sha256") == file_hashes(out_folder, exclude=(METADATA_FILE,))
