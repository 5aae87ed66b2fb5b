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

Shared by the briefings, which write their tables' CSV files, and the site build, which
writes the workbooks and the data package; it imports neither.
"""

from __future__ import annotations

import csv
import io
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
    "text_from_csv",
]

#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What marks a cell as text in a spreadsheet, put before a text that would be a formula.
TEXT_MARK = "'"
#: A plain number as text: a sign, digits (thousands commas allowed), a fraction, an
#: exponent and a percent sign; such a cell is a number to a spreadsheet, never a formula.
_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


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
