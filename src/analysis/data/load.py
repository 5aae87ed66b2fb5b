"""Reading the processed tables back with their dtypes (pandas only: cheap to import in a
notebook kernel, unlike the validation chain of :mod:`analysis.data.refresh`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data.switch import recover_for_reading
from analysis.paths import processed_dir

__all__ = ["load_processed"]

#: dtypes to restore when reading processed CSVs back (nullable ints stay ints).
_DTYPES: dict[str, str] = {
    "jobs": "Int64",
    "task_count": "Int64",
    "project_count": "Int64",
    "group_order": "Int64",
    "budget_krw": "Int64",
    "period_end_year": "Int64",
    "period_start_month": "Int64",
    "period_end_month": "Int64",
    "duration_months": "Int64",
    "national_funding_krw": "Int64",
    "workers_by_field_sum": "Int64",
    "stated": "Int64",
    "derived": "Int64",
    "difference": "Int64",
    "jobs_approx": "boolean",
    "budget_approx": "boolean",
}

_TEXT = {
    "source_paragraphs",
    "other_paragraphs",
    "paragraphs",
    "parent_project_id",
    "group_ko",
    "brand_label_ko",
    "contest_note_ko",
    "emphasis_ko",
    "note",
    "stated_raw",
    "city_sector_id",
    "mapping_note",
    "source_description",
    "change_raw",
    "preferred_reason",
}


def load_processed(name: str, folder: str | Path | None = None) -> pd.DataFrame:
    """Read one processed table with its dtypes (exact ints, nullable where empty).

    Parameters
    ----------
    name : str
        Table name without ``.csv`` (``"sectors"``, ``"audit"``, ...).
    folder : str or Path, optional
        Default :func:`analysis.paths.processed_dir`.
    """
    folder = Path(folder) if folder is not None else processed_dir()
    recover_for_reading(folder)
    path = folder / f"{name}.csv"
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: run `make data` (python -m analysis data)")
    header = pd.read_csv(path, nrows=0).columns
    dtypes = {c: _DTYPES[c] for c in header if c in _DTYPES}
    dtypes |= {c: "string" for c in header if c in _TEXT}
    # Only empty cells are missing values ("NA" or "None" in a text stay text).
    frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    for column in header:
        if column in _TEXT:
            frame[column] = frame[column].fillna("").astype(str)
    return frame
