"""Text in files a reader opens in a spreadsheet never runs as a formula (CSV injection).

Excel, LibreOffice and Google Sheets read a CSV cell that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula (``=HYPERLINK("https://evil.example","x")``).
Following the OWASP advice on CSV injection, :func:`csv_text` puts an apostrophe before such
a text cell, which makes a spreadsheet read the cell as text. Only text is
touched: a number (``-5``, ``-1,234.5``, ``-3.5%``, or a number column of a table) stays a
number, and any other text (``'경기도형 뉴딜' 추진``) is left as it is.
:func:`text_from_csv` takes the mark off again: the workbook of a briefing is made from its
CSV files, and its text cells are typed as text, never formulas (a text that itself began
with an apostrophe and then one of those characters would lose its apostrophe there).

:func:`sheet_rows` reads such a CSV file back as a workbook's cells: a column whose cells are
all numbers (or all true/false) holds numbers (or truth values), with its empty cells left
empty, and every other cell is text.

Shared by the briefings, which write their tables' CSV files, and the site build, which
writes the workbooks and the data package; it imports neither, nor pandas.
"""

from __future__ import annotations

import csv
import io
import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FORMULA_STARTS",
    "csv_bytes",
    "csv_frame",
    "csv_text",
    "reader_csv",
    "sheet_rows",
    "text_from_csv",
]

#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What marks a cell as text in a spreadsheet, put before a text that would be a formula.
TEXT_MARK = "'"
#: A plain number as text: a sign, digits (thousands commas allowed), a fraction, an
#: exponent and a percent sign; such a cell is a number to a spreadsheet, never a formula.
_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")
#: A whole number and a decimal number as ``to_csv`` writes them: ``-4``, ``0``;
#: ``0.125``, ``-0.0``, ``1e-05``, ``1.5e+20``. A CSV cell of a number column is one of them
#: or an infinity (``inf``, ``-inf``), which no workbook cell holds as a number: it stays
#: text. Anything else (``007``, ``+1``, ``.5``, digits of other scripts) is text.
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:e[+-][0-9]+)?")
_INFINITY = {"inf", "-inf"}
#: Truth values as ``to_csv`` writes them, and as spreadsheets and pandas read them.
_TRUTH = {"true": True, "false": False}


def csv_text(value: str) -> str:
    """``value`` as a CSV cell no spreadsheet reads as a formula.

    Examples
    --------
    >>> csv_text('=HYPERLINK("https://evil.example","x")')
    '\\'=HYPERLINK("https://evil.example","x")'
    >>> [csv_text(v) for v in ("-5", "-1,234.5", "+3.5%", "-", "@x", "\\tx", "'a", "의정부")]
    ['-5', '-1,234.5', '+3.5%', "'-", "'@x", "'\\tx", "'a", '의정부']
    """
    if value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return TEXT_MARK + value
    return value


def text_from_csv(value: str) -> str:
    """The text :func:`csv_text` was given, from the cell it made.

    Examples
    --------
    >>> [text_from_csv(csv_text(v)) for v in ("=1+1", "'a", "-5", "-", "plain")]
    ['=1+1', "'a", '-5', '-', 'plain']
    """
    original = value.removeprefix(TEXT_MARK)
    return original if value.startswith(TEXT_MARK) and csv_text(original) == value else value


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names pass :func:`csv_text` (numbers,
    missing values and other cells are left as they are), for ``to_csv``."""

    def cell(value: object) -> object:
        return csv_text(value) if isinstance(value, str) else value

    def name(column: object) -> object:
        return tuple(cell(c) for c in column) if isinstance(column, tuple) else cell(column)

    from pandas.api.types import is_numeric_dtype

    out = frame.copy()
    out.columns = out.columns.map(name)
    for number in range(out.shape[1]):
        column = out.iloc[:, number]
        if not is_numeric_dtype(column.dtype):  # text, objects, categories: each cell's own type
            out.isetitem(number, column.map(cell))
    return out


def reader_csv(frame: pd.DataFrame) -> bytes:
    r"""``frame`` as a CSV file for readers: UTF-8 with a byte-order mark (so Korean Excel
    reads the Hangul), no text cell a formula (:func:`csv_frame`), rows ended by CRLF (so a
    carriage return inside a text cell is quoted, never the start of a row of its own).

    Examples
    --------
    >>> import pandas as pd
    >>> reader_csv(pd.DataFrame({"a": ["x\r=1", "-1"], "b": [-1, 2]})).decode("utf-8-sig")
    'a,b\r\n"x\r=1",-1\r\n-1,2\r\n'
    """
    return csv_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def csv_bytes(data: bytes, encoding: str = "utf-8") -> bytes:
    """A CSV file's bytes with every cell passed through :func:`csv_text`; the same bytes
    when no cell needs it (a CSV cell has no type: a cell that reads as a plain number is
    left as one)."""
    rows = list(csv.reader(io.StringIO(data.decode(encoding), newline="")))
    safe = [[csv_text(cell) for cell in row] for row in rows]
    if safe == rows:
        return data
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(safe)
    return out.getvalue().encode(encoding)


def sheet_rows(text: str) -> list[list[object]]:
    r"""The cells of a CSV file's rows as a workbook holds them.

    * The header and text cells are text, their CSV mark taken off (:func:`text_from_csv`);
      the header is kept as written (an empty name is an empty cell).
    * A column whose non-empty cells are all whole numbers holds ``int``; all numbers,
      ``float`` (an infinity among them stays the text ``inf``); all ``true`` or ``false``
      (any case), ``bool``. A number is one as ``to_csv`` writes it: a column of codes such
      as ``007`` stays text.
    * An empty cell is ``None``. Blank lines are skipped.

    ``text`` is the file's bytes decoded: a file read in text mode has each carriage return
    inside a cell turned into a newline, and the text mark before such a cell would stay.

    A number column with empty cells (missing values) stays a number column:
    ``pandas.read_csv(keep_default_na=False)``, which read the workbooks' tables before, made
    all of such a column text.

    Raises
    ------
    ValueError
        If a row has more or fewer cells than the header (the line it starts on is named).

    Examples
    --------
    >>> sheet_rows("name,jobs,share,stated\r\n'=1,5,0.25,True\r\nb,,1e-05,false\r\n")
    [['name', 'jobs', 'share', 'stated'], ['=1', 5, 0.25, True], ['b', None, 1e-05, False]]
    >>> sheet_rows("id,paragraph,ratio\r\n007,3,inf\r\n8,12-14,-2.5\r\n")
    [['id', 'paragraph', 'ratio'], ['007', '3', 'inf'], ['8', '12-14', -2.5]]
    >>> sheet_rows('a,b\r\n"x\r\ny",1\r\nz\r\n')
    Traceback (most recent call last):
    ...
    ValueError: line 4: 1 cells under a header of 2
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, start = [], 1  # each row with the line it starts on
    for row in reader:
        if row:
            rows.append((start, row))
        start = reader.line_num + 1
    if not rows:
        return []
    (_, header), body = rows[0], rows[1:]
    for line, row in body:
        if len(row) != len(header):
            raise ValueError(f"line {line}: {len(row)} cells under a header of {len(header)}")
    columns = [_sheet_column(list(cells)) for cells in zip(*(row for _, row in body), strict=True)]
    return [
        [_text_cell(name) for name in header],
        *(list(row) for row in zip(*columns, strict=True)),
    ]


def _sheet_column(cells: list[str]) -> list[object]:
    """One column's cells, typed as :func:`sheet_rows` says."""
    present = [cell for cell in cells if cell]
    if present and all(_INTEGER.fullmatch(cell) for cell in present):
        return [int(cell) if cell else None for cell in cells]
    if present and all(_DECIMAL.fullmatch(cell) or cell in _INFINITY for cell in present):
        numbers = [float(cell) if _DECIMAL.fullmatch(cell) else None for cell in cells]
        return [
            _text_cell(cell) if number is None or math.isinf(number) else number
            for cell, number in zip(cells, numbers, strict=True)
        ]
    if present and all(cell.lower() in _TRUTH for cell in present):
        return [_TRUTH[cell.lower()] if cell else None for cell in cells]
    return [_text_cell(cell) for cell in cells]


def _text_cell(cell: str) -> str | None:
    """A text cell of a sheet: the text the CSV cell holds, ``None`` when it is empty."""
    return text_from_csv(cell) if cell else None
