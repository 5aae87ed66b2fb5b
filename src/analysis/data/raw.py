"""Loading the raw tables of ``data/raw/`` exactly as transcribed.

Every raw table is UTF-8 CSV, read with every column as text (no type guessing: ``"80억원"``
stays a string, an empty cell stays ``""``). Problems are reported as
:class:`RawDataError` naming the file, the row (the line of the CSV file, header = line 1),
the column and the value.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.errors import RawDataError
from analysis.paths import raw_dir

__all__ = [
    "OPTIONAL_COLUMNS",
    "RAW_TABLES",
    "RawData",
    "RawDataError",
    "csv_line",
    "load_raw",
    "normalise_text",
    "read_raw_table",
    "source_paragraphs",
]


#: Raw tables and the columns each must have (order free, extra columns rejected).
RAW_TABLES: dict[str, tuple[str, ...]] = {
    "plans": (
        "plan_id",
        "plan_name_ko",
        "plan_name_en",
        "city_ko",
        "city_en",
        "announced_year",
        "source_file",
        "source_description",
    ),
    "sectors": ("plan_id", "sector_id", "sector_name_ko", "source_paragraph", "source_quote"),
    "figures": (
        "plan_id",
        "figure_id",
        "scope",
        "measure",
        "value_raw",
        "source_paragraph",
        "source_quote",
    ),
    "projects": (
        "plan_id",
        "project_id",
        "sector_id",
        "parent_project_id",
        "group_order",
        "group_ko",
        "name_ko",
        "is_brand",
        "brand_label_ko",
        "is_contest_selected",
        "contest_note_ko",
        "emphasis_ko",
        "source_paragraph",
        "source_quote",
        "other_paragraphs",
    ),
    "refresh_workers_by_field": (
        "plan_id",
        "project_id",
        "field_id",
        "field_ko",
        "workers_raw",
        "source_paragraph",
        "source_quote",
    ),
    "translations_en": ("plan_id", "kind", "id", "name_en"),
    "reference_figures": (
        "plan_id",
        "scope",
        "measure",
        "horizon_year",
        "value_raw",
        "source_title",
        "source_publisher",
        "source_date",
        "source_url",
        "note",
        "is_derived",
    ),
    "reference_pillars": (
        "plan_id",
        "pillar_id",
        "pillar_name_ko",
        "pillar_name_en",
        "city_sector_id",
        "mapping_note",
    ),
    "reference_exchange_rates": (
        "currency",
        "year",
        "basis",
        "krw_per_unit_raw",
        "source_title",
        "source_publisher",
        "source_date",
        "source_url",
        "note",
    ),
    "reference_cpi": ("year", "index_raw", "base", "change_raw", "source_publisher", "source_url"),
}


#: Columns a raw table may have; a missing optional column reads as empty cells.
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "figures": ("preferred", "preferred_reason"),
    "projects": ("name_is_editorial",),
    "refresh_workers_by_field": ("name_is_editorial",),
}


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
        If the file is missing, not UTF-8, has a row with the wrong number of cells,
        or lacks (or adds) a column.
    """
    path = Path(path)
    if not path.is_file():
        raise RawDataError(path, "file not found")
    rows = _csv_rows(path, normalise_text(_decode(path, path.read_bytes())))
    if not rows:
        raise RawDataError(path, "empty file (no header)")
    header, body = rows[0], rows[1:]
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


@dataclass(frozen=True)
class RawData:
    """All raw tables of a data folder, plus the source texts they cite."""

    folder: Path
    tables: dict[str, pd.DataFrame]
    sources: dict[str, list[str]]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def path(self, name: str) -> Path:
        """The CSV file a table was read from."""
        return self.folder / f"{name}.csv"


def source_paragraphs(path: str | Path) -> list[str]:
    """The paragraphs (lines) of a source text; paragraph ``n`` is ``result[n - 1]``."""
    path = Path(path)
    if not path.is_file():
        raise RawDataError(path, "source text not found")
    return normalise_text(_decode(path, path.read_bytes())).split("\n")


def source_path(folder: Path, relative: str, *, row: int) -> Path:
    """The source text ``relative`` names, which must be a file under ``folder``.

    Parameters
    ----------
    folder : Path
        The raw data folder.
    relative : str
        ``plans.csv`` column ``source_file``: a relative path without ``..``.
    row : int
        The CSV line of the plan, for the error message.

    Raises
    ------
    RawDataError
        For an absolute path, a ``..`` part, a symlink leading outside ``folder``, or a
        missing file; the source must be under ``data/raw/`` so the data version covers it.
    """

    def fail(message: str) -> RawDataError:
        return RawDataError(
            folder / "plans.csv", message, row=row, column="source_file", value=relative
        )

    parts = Path(relative).parts
    if Path(relative).is_absolute() or "\\" in relative or ".." in parts:
        raise fail("source_file must be a relative path under data/raw/ without '..'")
    source = folder / relative
    if not source.resolve().is_relative_to(folder.resolve()):
        raise fail("source_file leads outside data/raw/ (through a symbolic link)")
    if not source.is_file():
        raise fail("source text not found")
    return source


def load_raw(folder: str | Path | None = None) -> RawData:
    """Read every raw table of :data:`RAW_TABLES` and each plan's source text.

    Parameters
    ----------
    folder : str or Path, optional
        The raw data folder; default :func:`analysis.paths.raw_dir`.
    """
    folder = Path(folder) if folder is not None else raw_dir()
    tables = {
        name: read_raw_table(folder / f"{name}.csv", cols, OPTIONAL_COLUMNS.get(name, ()))
        for name, cols in RAW_TABLES.items()
    }
    sources: dict[str, list[str]] = {}
    plans = tables["plans"]
    for index, plan in plans.iterrows():
        source = source_path(folder, plan["source_file"], row=csv_line(index))
        sources[plan["plan_id"]] = source_paragraphs(source)
    return RawData(folder=folder, tables=tables, sources=sources)
