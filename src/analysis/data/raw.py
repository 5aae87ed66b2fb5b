"""Loading the raw tables of ``data/raw/`` exactly as transcribed.

Plans are discovered by folder: every ``data/raw/plans/<plan_id>/`` holds one plan's tables
and source texts (see ``data/raw/README.md``); ``data/raw/reference/`` the national
reference tables. A plan's tables are read file by file and stacked, each row gaining the
``plan_id`` of its folder; each row remembers the file and line it came from, so errors
name them.

Every raw table is UTF-8 CSV, read with every column as text (no type guessing: ``"80억원"``
stays a string, an empty cell stays ``""``). Problems are reported as
:class:`RawDataError` naming the file, the row (the line of the CSV file, header = line 1),
the column and the value. The column lists come from :mod:`analysis.data.raw_schemas`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data.raw_schemas import (
    PLAN_FILES,
    PLAN_TABLES_OPTIONAL,
    RAW_SCHEMAS,
    REFERENCE_FILES,
    file_columns,
)
from analysis.errors import RawDataError
from analysis.paths import raw_dir

__all__ = [
    "RAW_TABLES",
    "RawData",
    "RawDataError",
    "csv_line",
    "load_raw",
    "normalise_text",
    "read_raw_table",
    "source_paragraphs",
]


def csv_line(index: int) -> int:
    """The line of a CSV file that holds data row ``index`` (0-based; header is line 1)."""
    return int(index) + 2


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("cp949")
            hint = " (it decodes as CP949/EUC-KR: re-save the file as UTF-8)"
        except UnicodeDecodeError:
            pass
        raise RawDataError(
            path,
            f"not valid UTF-8 at byte {exc.start}{hint}",
            row=line,
            value=data[exc.start : exc.start + 2].hex(" "),
        ) from exc


def normalise_text(text: str) -> str:
    """Text as the tables compare it: no BOM, ``\\n`` line ends, Hangul in NFC.

    Excel for Mac writes CR-only line ends, Windows CRLF, and macOS tools decomposed (NFD)
    Hangul; all are read as if typed normally.

    Examples
    --------
    >>> normalise_text("\\ufeffa\\r\\nb\\rc") == "a\\nb\\nc"
    True
    >>> normalise_text(unicodedata.normalize("NFD", "뉴딜")) == "뉴딜"
    True
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _csv_rows(path: Path, text: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[str]] = []
    try:
        for cells in reader:
            rows.append(cells)
    except csv.Error as exc:
        raise RawDataError(path, f"unreadable CSV ({exc})", row=reader.line_num) from None
    return rows


def read_raw_table(
    path: str | Path,
    columns: tuple[str, ...] | None = None,
    optional: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Read one raw CSV table with every cell as text.

    Parameters
    ----------
    path : str or Path
        The CSV file.
    columns : tuple of str, optional
        Columns the table must have, no more and no fewer (besides ``optional``).
    optional : tuple of str, default ()
        Columns the table may have; when absent they are added as empty text.

    Returns
    -------
    pandas.DataFrame
        One column per CSV column, dtype ``str``; empty cells are ``""``.

    Raises
    ------
    RawDataError
        If the file is missing, not UTF-8, names a column twice in its header, has a row
        with the wrong number of cells, or lacks (or adds) a column.
    """
    path = Path(path)
    if not path.is_file():
        raise RawDataError(path, "file not found")
    rows = _csv_rows(path, normalise_text(_decode(path, path.read_bytes())))
    if not rows:
        raise RawDataError(path, "empty file (no header)")
    header, body = rows[0], rows[1:]
    repeated = [column for i, column in enumerate(header) if column in header[:i]]
    if repeated:
        raise RawDataError(path, "column named twice in the header", row=1, column=repeated[0])
    for offset, cells in enumerate(body):
        if len(cells) != len(header):
            raise RawDataError(
                path,
                f"has {len(cells)} cells where the header has {len(header)}",
                row=csv_line(offset),
            )
    if columns is not None:
        missing = [c for c in columns if c not in header]
        extra = [c for c in header if c not in columns and c not in optional]
        if missing:
            raise RawDataError(path, "missing required column", column=missing[0])
        if extra:
            raise RawDataError(path, "unexpected column", column=extra[0])
    frame = pd.DataFrame(body, columns=header, dtype=str)
    for column in optional:
        if column not in frame.columns:
            frame[column] = pd.Series([""] * len(frame), dtype=str)
    return frame.reset_index(drop=True)


#: Every raw table: plan tables, then reference tables.
RAW_TABLES: tuple[str, ...] = tuple(RAW_SCHEMAS)

#: Where a row came from: (file, CSV line).
Origin = tuple[Path, int]


@dataclass(frozen=True)
class RawData:
    """All raw tables of a data folder, plus the source texts they cite.

    Attributes
    ----------
    folder : Path
        The raw data folder (``data/raw``).
    tables : dict of DataFrame
        Table name -> every plan's rows stacked (plan tables carry ``plan_id``).
    origins : dict of list
        Table name -> for each row (by position) the file and CSV line it came from.
    sources : dict
        (plan_id, source_id) -> that source's paragraphs (paragraph n = item n - 1).
    """

    folder: Path
    tables: dict[str, pd.DataFrame]
    origins: dict[str, list[Origin]]
    sources: dict[tuple[str, str], list[str]]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def plan_ids(self) -> list[str]:
        """The plans, in folder order."""
        return list(self.tables["plans"]["plan_id"])

    def path(self, name: str, plan_id: str | None = None) -> Path:
        """The CSV file of a table (of one plan's folder when ``plan_id`` is given)."""
        if name in REFERENCE_FILES:
            return self.folder / "reference" / REFERENCE_FILES[name]
        return self.folder / "plans" / (plan_id or "<plan_id>") / PLAN_FILES[name]

    def origin(self, name: str, index: int) -> Origin:
        """The file and CSV line of row ``index`` of a table."""
        return self.origins[name][int(index)]

    def error(
        self, name: str, index: int, message: str, column: str | None = None, value: object = None
    ) -> RawDataError:
        """A :class:`RawDataError` naming the file and line of row ``index``."""
        file, line = self.origin(name, index)
        return RawDataError(file, message, row=line, column=column, value=value)


def source_paragraphs(path: str | Path) -> list[str]:
    """The paragraphs (lines) of a source text; paragraph ``n`` is ``result[n - 1]``.

    An empty file has no paragraphs (a source no quote is taken from).
    """
    path = Path(path)
    if not path.is_file():
        raise RawDataError(path, "source text not found")
    text = normalise_text(_decode(path, path.read_bytes()))
    return text.removesuffix("\n").split("\n") if text else []


def source_path(plan_folder: Path, relative: str, *, row: int) -> Path:
    """The source text ``relative`` names, which must be a file under ``plan_folder``.

    Parameters
    ----------
    plan_folder : Path
        The plan's folder.
    relative : str
        ``sources.csv`` column ``file``: a relative path without ``..``.
    row : int
        The CSV line of the source, for the error message.

    Raises
    ------
    RawDataError
        For an absolute path, a ``..`` part, a symlink leading outside the folder, or a
        missing file; the source must be under ``data/raw/`` so the data version covers it.
    """

    def fail(message: str) -> RawDataError:
        return RawDataError(
            plan_folder / PLAN_FILES["sources"], message, row=row, column="file", value=relative
        )

    parts = Path(relative).parts
    if Path(relative).is_absolute() or "\\" in relative or ".." in parts:
        raise fail("file must be a relative path inside the plan's folder without '..'")
    source = plan_folder / relative
    if not source.resolve().is_relative_to(plan_folder.resolve()):
        raise fail("file leads outside the plan's folder (through a symbolic link)")
    if not source.is_file():
        raise fail("source text not found")
    return source


def plan_folders(folder: Path) -> list[Path]:
    """Every plan folder under ``folder/plans`` (sorted; hidden entries and files ignored).

    Raises
    ------
    RawDataError
        When there is no plan, or a folder name is not a valid plan id.
    """
    root = folder / "plans"
    if not root.is_dir():
        raise RawDataError(root, "folder of plans not found (data/raw/plans/<plan_id>/)")
    found = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    for plan in found:
        if not re.fullmatch(r"[a-z0-9_]+", plan.name):
            raise RawDataError(plan, "a plan folder's name must match [a-z0-9_]+")
    if not found:
        raise RawDataError(root, "no plan folder")
    return found


def _read_plan(
    plan: Path, tables: dict[str, list[pd.DataFrame]], origins: dict[str, list[Origin]]
) -> None:
    for name, file in PLAN_FILES.items():
        path = plan / file
        required, optional = file_columns(name)
        if not path.exists() and name in PLAN_TABLES_OPTIONAL:
            continue
        frame = read_raw_table(path, required, optional)
        if name == "plans":
            if len(frame) != 1:
                raise RawDataError(path, f"must have exactly one row (has {len(frame)})")
            if frame.at[0, "plan_id"] != plan.name:
                raise RawDataError(
                    path,
                    f"plan_id must equal the folder's name {plan.name!r}",
                    row=2,
                    column="plan_id",
                    value=frame.at[0, "plan_id"],
                )
        else:
            frame.insert(0, "plan_id", plan.name)
        tables[name].append(frame)
        origins[name] += [(path, csv_line(i)) for i in range(len(frame))]


def _stack(frames: list[pd.DataFrame], name: str) -> pd.DataFrame:
    if frames:
        return pd.concat(frames, ignore_index=True)
    columns = [c for c, col in RAW_SCHEMAS[name].columns.items()]
    return pd.DataFrame({c: pd.Series([], dtype=str) for c in columns})


def load_raw(folder: str | Path | None = None) -> RawData:
    """Read every plan folder, the reference tables and each plan's source texts.

    Parameters
    ----------
    folder : str or Path, optional
        The raw data folder; default :func:`analysis.paths.raw_dir`.
    """
    folder = Path(folder) if folder is not None else raw_dir()
    frames: dict[str, list[pd.DataFrame]] = {name: [] for name in PLAN_FILES}
    origins: dict[str, list[Origin]] = {name: [] for name in RAW_TABLES}
    for plan in plan_folders(folder):
        _read_plan(plan, frames, origins)
    tables = {name: _stack(frames[name], name) for name in PLAN_FILES}
    for name, file in REFERENCE_FILES.items():
        path = folder / "reference" / file
        tables[name] = read_raw_table(path, *file_columns(name))
        origins[name] = [(path, csv_line(i)) for i in range(len(tables[name]))]
    sources: dict[tuple[str, str], list[str]] = {}
    for index, row in tables["sources"].iterrows():
        plan_folder = folder / "plans" / row["plan_id"]
        line = origins["sources"][int(index)][1]  # type: ignore[call-overload]
        path = source_path(plan_folder, row["file"], row=line)
        sources[(row["plan_id"], row["source_id"])] = source_paragraphs(path)
    return RawData(folder=folder, tables=tables, origins=origins, sources=sources)
