"""Provenance to the token: every quoted row is checked against its plan's source text.

* every paragraph a row cites (``source_paragraph`` and each of ``other_paragraphs``) exists;
* every ``source_quote`` occurs in its paragraph;
* every figure (``value_raw``, ``workers_raw``) is a *whole* amount of its quote, not part of a
  longer number (``90억원`` does not pass for ``390억원``);
* every name the source states (sector, project and field names) occurs in its quote, unless
  the row marks it ``name_is_editorial`` (an editorial short name, labelled as such).

English names (``translations_en.csv``) are editorial and not checked against the source.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.data.korean_amounts import GROUP_UNITS, SMALL_UNITS, UNITS
from analysis.data.raw import RawData, RawDataError, csv_line

__all__ = ["QUOTED_NAMES", "QUOTED_TABLES", "amounts_in", "check_provenance"]

#: Raw tables whose rows cite a paragraph of their plan's source text.
QUOTED_TABLES = ("sectors", "figures", "projects", "refresh_workers_by_field")
#: Columns holding an amount the quote must state as a whole.
QUOTED_AMOUNTS = ("value_raw", "workers_raw")
#: Table -> the column holding a name the quote must state.
QUOTED_NAMES: dict[str, str] = {
    "sectors": "sector_name_ko",
    "projects": "name_ko",
    "refresh_workers_by_field": "field_ko",
}

_DIGITS = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
_NUMERALS = "".join(SMALL_UNITS) + "".join(GROUP_UNITS)
_AMOUNT = re.compile(
    rf"{_DIGITS}(?:[{_NUMERALS}]|{_DIGITS})*여?(?:{'|'.join(map(re.escape, UNITS))})?"
)


def amounts_in(text: str) -> list[str]:
    """Every whole amount written in ``text``, each as long as it runs.

    Examples
    --------
    >>> amounts_in("2021년까지 390억원을 투입")
    ['2021년', '390억원']
    >>> amounts_in("8월부터 11월까지 4개월간, 9천300여명의 시민")
    ['8월', '11월', '4개월', '9천300여명']
    """
    return _AMOUNT.findall(text)


def _fail(raw: RawData, table: str, index: int, column: str, value: str, message: str) -> None:
    raise RawDataError(raw.path(table), message, row=csv_line(index), column=column, value=value)


def _cited_paragraphs(row: pd.Series) -> list[tuple[str, str]]:
    """(column, paragraph number as written) for every paragraph a row cites."""
    cited = [("source_paragraph", row["source_paragraph"])]
    for number in filter(None, str(row.get("other_paragraphs", "")).split(";")):
        cited.append(("other_paragraphs", number))
    return cited


def _check_row(raw: RawData, table: str, index: int, row: pd.Series) -> None:
    paragraphs = raw.sources[row["plan_id"]]
    for column, number in _cited_paragraphs(row):
        if not 1 <= int(number) <= len(paragraphs):
            _fail(
                raw,
                table,
                index,
                column,
                number,
                f"paragraph out of range (the source has {len(paragraphs)} paragraphs)",
            )
    quote = row["source_quote"]
    number = int(row["source_paragraph"])
    if quote not in paragraphs[number - 1]:
        _fail(raw, table, index, "source_quote", quote, f"quote not found in paragraph {number}")
    stated = amounts_in(quote)
    for column in QUOTED_AMOUNTS:
        if column in row and row[column] not in stated:
            said = ", ".join(stated) or "no amount"
            _fail(
                raw,
                table,
                index,
                column,
                row[column],
                f"figure is not a whole amount of its source_quote (the quote states: {said})",
            )
    name_column = QUOTED_NAMES.get(table)
    editorial = row.get("name_is_editorial", "") == "true"
    if name_column and not editorial and row[name_column] not in quote:
        _fail(
            raw,
            table,
            index,
            name_column,
            row[name_column],
            "name does not occur in its source_quote (quote the name, or mark an editorial "
            "short name with name_is_editorial=true)",
        )


def check_provenance(raw: RawData) -> None:
    """Check every quoted row of every plan against its source text (see module doc).

    Raises
    ------
    RawDataError
        Naming the table, row (CSV line), column and the value that is not in the source.
    """
    for table in QUOTED_TABLES:
        for index, row in raw[table].iterrows():
            _check_row(raw, table, index, row)
