"""Reading the processed tables back with their dtypes (pandas only: cheap to import in a
notebook kernel, unlike the validation chain of :mod:`analysis.data.refresh`), and one
column or all rows of a table as text without pandas (:func:`processed_column`,
:func:`processed_rows`), for the build's own process, which imports no pandas while its
briefings run, and its workers' page export.

The dtypes come from ``data_dictionary.csv`` in the same folder, which the refresh derives
from the processed contracts.

A table read once is kept, by the version of its file and of the dictionary (inode,
modification and change times, size: a refresh replaces both, by rename), and every call
returns a copy of it. A file rewritten in place, keeping its size, within one tick of the
file system's clock would not be seen as changed: the refresh never writes so.
:func:`preload_processed` reads every table of a folder ahead, as the build's warm-kernel
template does once for all its kernels (:mod:`analysis.site.warm_data`)."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.data.switch import recover_for_reading
from analysis.paths import processed_dir

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "column_dtypes",
    "load_processed",
    "preload_processed",
    "processed_column",
    "processed_rows",
]

#: The data dictionary, written by the refresh from the processed contracts: it gives each
#: column's dtype, so the types are declared once (in :mod:`analysis.data.processed_schemas`).
DICTIONARY_FILE = "data_dictionary.csv"
_READ_AS = {"Int64", "Float64", "boolean", "int64", "float64"}
_TEXT = {"str", "object", "string"}


def column_dtypes(name: str, folder: Path) -> dict[str, str]:
    """Column -> dtype of processed table ``name``, from the folder's data dictionary.

    The dictionary is read once per version of its file (:data:`FileVersion`; a refresh
    replaces it), not once per table.
    """
    path = Path(folder) / DICTIONARY_FILE
    tables = _processed_dtypes(str(path), *_file_version(path))
    return dict(tables.get(name, {}))


@lru_cache(maxsize=4)
def _processed_dtypes(
    path: str, inode: int, mtime_ns: int, ctime_ns: int, size: int
) -> dict[str, dict[str, str]]:
    """Table -> column -> dtype of the processed tables, from the data dictionary at ``path``
    (the file's version, :data:`FileVersion`, keys the cache; the text is read as
    written, every cell a string)."""
    del inode, mtime_ns, ctime_ns, size
    tables: dict[str, dict[str, str]] = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["layer"] == "processed":
                tables.setdefault(row["table"], {})[row["column"]] = row["dtype"]
    return tables


def load_processed(name: str, folder: str | Path | None = None) -> pd.DataFrame:
    """Read one processed table with its dtypes (exact ints, nullable where empty).

    Parameters
    ----------
    name : str
        Table name without ``.csv`` (``"sectors"``, ``"audit"``, ...).
    folder : str or Path, optional
        Default :func:`analysis.paths.processed_dir`.
    """
    path = _table_path(name, folder)
    dictionary = None if name == "data_dictionary" else path.parent / DICTIONARY_FILE
    return _read_table(
        str(path), _file_version(path), name, dictionary and _file_version(dictionary)
    ).copy()


def preload_processed(folder: str | Path | None = None) -> list[str]:
    """Read every table of ``folder``'s data dictionary (processed layer) into
    :func:`load_processed`'s store; return their names, in the dictionary's order.

    Examples
    --------
    >>> names = preload_processed()
    >>> "sectors" in names and _read_table.cache_info().currsize >= len(names)
    True
    """
    folder = Path(folder) if folder is not None else processed_dir()
    dictionary = folder / DICTIONARY_FILE
    names = list(_processed_dtypes(str(dictionary), *_file_version(dictionary)))
    for name in names:
        load_processed(name, folder)
    return names


#: A file's version as the store keys it: inode, modification and change times (ns), size.
FileVersion = tuple[int, int, int, int]


def _file_version(path: Path) -> FileVersion:
    stat = path.stat()
    return (stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read_table(
    path: str, version: FileVersion, name: str, dictionary: FileVersion | None
) -> pd.DataFrame:
    """Table ``name`` at ``path`` read with the dtypes of the data dictionary beside it, at
    version ``dictionary`` (``None``: the dictionary itself, read as text), kept by the
    versions of both files: never handed out, only copied (:func:`load_processed`)."""
    import pandas as pd

    del version  # the cache's key: another version of the file is read again
    table = Path(path)
    declared: dict[str, str] = {}
    if dictionary is not None:  # the dtypes of the version keyed, not a second stat's
        tables = _processed_dtypes(str(table.parent / DICTIONARY_FILE), *dictionary)
        declared = tables.get(name, {})
    header = _header(table)
    text = [c for c in header if declared.get(c, "str") in _TEXT]
    dtypes: dict[str, object] = {c: declared[c] for c in header if declared.get(c) in _READ_AS}
    dtypes |= {c: str for c in text}
    # Only empty cells are missing values ("NA" or "None" in a text stay text).
    frame = pd.read_csv(table, dtype=dtypes, keep_default_na=False, na_values=[""])
    if text:
        frame[text] = frame[text].fillna("")
    return frame


def _header(path: Path) -> list[str]:
    """The column names pandas gives table ``path``: its first row, read with the standard
    library (``pd.read_csv(path, nrows=0)`` took about 0.8 ms a table, this 0.05 ms), or
    pandas' own where that row is not a plain header (empty, a name repeated or empty:
    pandas skips blank lines and renames such columns ``a.1``, ``Unnamed: 0``)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    if header and "" not in header and len(set(header)) == len(header):
        return header
    import pandas as pd

    return [str(name) for name in pd.read_csv(path, nrows=0).columns]


def processed_column(name: str, column: str, folder: str | Path | None = None) -> list[str]:
    """The cells of one column of processed table ``name``, as written (text), in order;
    read with the standard library, so that the caller need not import pandas.

    Raises
    ------
    FileNotFoundError
        If the table is missing.
    KeyError
        If it has no such column (the message names the file and the column).
    """
    path = _table_path(name, folder)
    header, rows = _text_rows(path)
    if column not in (header or []):
        raise KeyError(f"{path}: no column {column!r}")
    return [row[column] for row in rows]


def processed_rows(
    name: str, folder: str | Path | None = None, *, missing_ok: bool = False
) -> list[dict[str, str]]:
    """Every row of processed table ``name``, each cell as written (text), in order; read
    with the standard library: for these small tables, a fifth of the time of
    ``pd.read_csv(path, dtype=str, keep_default_na=False)``, which gives the same rows for
    the files the refresh writes (UTF-8, one header row of distinct names).

    Raises
    ------
    FileNotFoundError
        If the table is missing (with ``missing_ok``, ``[]`` instead).
    ValueError
        If the file is empty: not even a header row (the message names the file).

    Examples
    --------
    >>> import shutil, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "t.csv").write_text('a,b\\n1,"x, ""y""\\n2"\\n3,\\n', encoding="utf-8")
    >>> processed_rows("t", folder)
    [{'a': '1', 'b': 'x, "y"\\n2'}, {'a': '3', 'b': ''}]
    >>> processed_rows("missing", folder, missing_ok=True)
    []
    >>> _ = (folder / "empty.csv").write_text("")
    >>> processed_rows("empty", folder)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: .../empty.csv: empty file, not even a header row
    >>> shutil.rmtree(folder)
    """
    try:
        path = _table_path(name, folder)
    except FileNotFoundError:
        if missing_ok:
            return []
        raise
    header, rows = _text_rows(path)
    if header is None:
        raise ValueError(f"{path}: empty file, not even a header row")
    return rows


def _text_rows(path: Path) -> tuple[list[str] | None, list[dict[str, str]]]:
    """The header of table ``path`` (``None`` for an empty file) and its rows, each cell as
    text: the one reading of a table for :func:`processed_column` and
    :func:`processed_rows`."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return (None if reader.fieldnames is None else list(reader.fieldnames)), rows


def _table_path(name: str, folder: str | Path | None) -> Path:
    """Where processed table ``name`` is, once an interrupted refresh is settled."""
    folder = Path(folder) if folder is not None else processed_dir()
    recover_for_reading(folder)
    path = folder / f"{name}.csv"
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: run `make data` (python -m analysis data)")
    return path
