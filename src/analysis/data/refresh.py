"""Refresh ``data/processed/`` from ``data/raw/``: load, validate, clean, audit, write.

Writing is all-or-nothing and deterministic:

* every table is built and validated in memory first; any error leaves the processed
  folder exactly as it was;
* changed files are staged, then switched in as one step through a journal
  (:mod:`analysis.data.switch`): a kill at any moment leaves the old or the new complete set,
  finished by the next refresh or read; unchanged files are left untouched; the switch
  happens under an exclusive :func:`analysis.locks.data_lock`, which builds hold shared while
  their kernels read, so no reader sees a mix of old and new files;
* the same raw input gives the same bytes (UTF-8, ``\\n`` line ends, fixed column order,
  no timestamps).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data.audit import audit_tables
from analysis.data.clean import build_processed
from analysis.data.dictionary import data_dictionary
from analysis.data.load import load_processed
from analysis.data.raw import RAW_TABLES, load_raw
from analysis.data.schemas import validate_processed, validate_raw
from analysis.data.switch import switch_files
from analysis.data.version import METADATA_FILE, data_version, refresh_code
from analysis.locks import data_lock
from analysis.paths import processed_dir, raw_dir

__all__ = ["ProcessedResult", "data_version", "load_processed", "refresh_processed", "write_tables"]


@dataclass(frozen=True)
class ProcessedResult:
    """What :func:`refresh_processed` did."""

    folder: Path
    data_version: str
    written: tuple[str, ...]
    unchanged: tuple[str, ...]


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_tables(files: dict[str, bytes], folder: str | Path) -> tuple[list[str], list[str]]:
    """Publish files into ``folder`` as one step (:func:`analysis.data.switch.switch_files`).

    The caller holds the exclusive data lock. Returns the names written and the names left
    unchanged.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = switch_files(files, folder)
    return written, [name for name in files if name not in written]


def refresh_processed(
    raw_folder: str | Path | None = None, out_folder: str | Path | None = None
) -> ProcessedResult:
    """Rebuild every processed table, the audit and the data dictionary.

    Parameters
    ----------
    raw_folder, out_folder : str or Path, optional
        Default :func:`analysis.paths.raw_dir` and :func:`analysis.paths.processed_dir`.

    Raises
    ------
    analysis.data.raw.RawDataError
        For any bad input (named file, row, column, value); nothing is written then.
    """
    raw_folder = Path(raw_folder) if raw_folder is not None else raw_dir()
    out_folder = Path(out_folder) if out_folder is not None else processed_dir()
    raw = load_raw(raw_folder)
    validate_raw(raw)
    tables = build_processed(raw)
    tables["audit"] = audit_tables(tables)
    validate_processed(tables, out_folder)
    dictionary = data_dictionary(tables)
    version, hashes = data_version(raw_folder)
    files = {f"{name}.csv": _csv_bytes(frame) for name, frame in tables.items()}
    files["data_dictionary.csv"] = _csv_bytes(dictionary)
    metadata = {
        "data_version": version,
        "raw_files_sha256": hashes,
        "refresh_code_sha256": refresh_code(),
        "processed_files_sha256": {
            name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())
        },
        "raw_tables": sorted(RAW_TABLES),
        "processed_tables": sorted(tables),
    }
    files[METADATA_FILE] = (json.dumps(metadata, indent=2, ensure_ascii=False) + "\n").encode()
    with data_lock(out_folder, exclusive=True):
        written, unchanged = write_tables(files, out_folder)
    return ProcessedResult(out_folder, version, tuple(written), tuple(unchanged))
