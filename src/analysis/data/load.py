"""Reading the processed tables back with their dtypes (pandas only: cheap to import in a
notebook kernel, unlike the validation chain of :mod:`analysis.data.refresh`).

The dtypes come from ``data_dictionary.csv`` in the same folder, which the refresh derives
from the processed contracts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data.switch import recover_for_reading
from analysis.paths import processed_dir

__all__ = ["column_dtypes", "load_processed"]

#: The data dictionary, written by the refresh from the processed contracts: it gives each
#: column's dtype, so the types are declared once (in :mod:`analysis.data.processed_schemas`).
DICTIONARY_FILE = "data_dictionary.csv"
_READ_AS = {"Int64", "Float64", "boolean", "int64", "float64"}
_TEXT = {"str", "object", "string"}


def column_dtypes(name: str, folder: Path) -> dict[str, str]:
    """Column -> dtype of processed table ``name``, from the folder's data dictionary."""
    dictionary = pd.read_csv(
        folder / DICTIONARY_FILE, dtype=str, keep_default_na=False, na_values=[]
    )
    rows = dictionary[(dictionary["layer"] == "processed") & (dictionary["table"] == name)]
    return dict(zip(rows["column"], rows["dtype"], strict=True))


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
    declared = column_dtypes(name, folder) if name != "data_dictionary" else {}
    header = pd.read_csv(path, nrows=0).columns
    text = [c for c in header if declared.get(c, "str") in _TEXT]
    dtypes = {c: declared[c] for c in header if declared.get(c) in _READ_AS}
    dtypes |= {c: "string" for c in text}
    # Only empty cells are missing values ("NA" or "None" in a text stay text).
    frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    for column in text:
        frame[column] = frame[column].fillna("").astype(str)
    return frame
