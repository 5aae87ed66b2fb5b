"""Provenance to the token: every quoted row is checked against its own source's text.

Each statement row names its ``source_id`` (a row of its plan's ``sources.csv``); its
paragraphs and quote are checked in that source's text, not in any other.

* every paragraph a row cites (``source_paragraph`` and each of ``other_paragraphs``) exists;
* every ``source_quote`` occurs in its paragraph;
* every figure (``value_raw``, ``workers_raw``) is a *whole* amount of its quote, not part of a
  longer number (``90억원`` does not pass for ``390억원``), and the quote, where it stands in
  its paragraph, cuts no amount of the paragraph: ``475억원`` quoted from ``1천475억원``, or
  ``4만개`` from ``4만개 이상`` (its qualifier lost), is refused;
* every name the source states (sector, project and field names) occurs in its quote, unless
  the row marks it ``name_is_editorial`` (an editorial short name, labelled as such);
* a sector row without a quote (no outlet names the sector) must say why in ``note``; its
  name is then editorial, and it has no ``emphasis_ko`` (which must stand in a paragraph of
  the row's source).

The population (``reference/population.csv``) keeps no source text, only the source's words:
each ``population_raw`` must be a whole amount of its ``source_quote``. English names
(``translations_en.csv``) are editorial and not checked against the source.
"""

from __future__ import annotations

import re
from typing import NoReturn

import pandas as pd

from analysis.data.korean_amounts import GROUP_UNITS, SMALL_UNITS, UNITS
from analysis.data.raw import RawData

__all__ = ["QUOTED_NAMES", "QUOTED_TABLES", "amount_spans", "amounts_in", "check_provenance"]

#: Raw tables whose rows cite a paragraph of their plan's source text.
QUOTED_TABLES = ("sectors", "figures", "tasks", "projects", "programme_workers")
#: Columns holding an amount the quote must state as a whole.
QUOTED_AMOUNTS = ("value_raw", "workers_raw")
#: Table -> the column holding a name the quote must state.
QUOTED_NAMES: dict[str, str] = {
    "sectors": "sector_name_ko",
    "tasks": "task_name_ko",
    "projects": "name_ko",
    "programme_workers": "field_ko",
}

_DIGITS = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
_NUMERALS = "".join(SMALL_UNITS) + "".join(GROUP_UNITS)
_GROUPS = "".join(GROUP_UNITS)
# An amount runs on through spaces after a group unit (1조 3000억원, 9662억 원) and before 이상.
_AMOUNT = re.compile(
    rf"{_DIGITS}(?:[{_NUMERALS}]|(?<=[{_GROUPS}]) ?{_DIGITS}|{_DIGITS})*여?"
    rf"(?:(?<=[{_GROUPS}]) ?(?=원)|)(?:{'|'.join(map(re.escape, UNITS))})?(?: ?이상)?"
)


def amount_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every whole amount written in ``text``, each as long as it runs.

    Examples
    --------
    >>> amount_spans("총사업비 1천475억원을")
    [(5, 12)]
    """
    spans = []
    for match in _AMOUNT.finditer(text):
        amount = match.group()
        start = match.start() + len(amount) - len(amount.lstrip())
        spans.append((start, match.end() - len(amount) + len(amount.rstrip())))
    return spans


def amounts_in(text: str) -> list[str]:
    """Every whole amount written in ``text``, each as long as it runs.

    Examples
    --------
    >>> amounts_in("2021년까지 390억원을 투입")
    ['2021년', '390억원']
    >>> amounts_in("8월부터 11월까지 4개월간, 9천300여명의 시민")
    ['8월', '11월', '4개월', '9천300여명']
    >>> amounts_in("도비 1조 3000억원 등, 9662억 원이 투입, 4만개 이상")
    ['1조 3000억원', '9662억 원', '4만개 이상']
    """
    return [text[start:end] for start, end in amount_spans(text)]


def _compact(amount: str) -> str:
    return re.sub(r"\s+", "", amount)


def _fail(raw: RawData, table: str, index: int, column: str, value: str, message: str) -> NoReturn:
    raise raw.error(table, index, message, column=column, value=value)


def _cited_paragraphs(row: pd.Series) -> list[tuple[str, str]]:
    """(column, paragraph number as written) for every paragraph a row cites."""
    cited = [("source_paragraph", row["source_paragraph"])]
    for number in filter(None, str(row.get("other_paragraphs", "")).split(";")):
        cited.append(("other_paragraphs", number))
    return cited


def _unquoted_sector(raw: RawData, index: int, row: pd.Series) -> bool:
    """True for a sector row without a quote (which must then give a note, and no source and
    no emphasis: ``emphasis_ko`` stands in a paragraph of the row's source)."""
    cells = (row["source_id"], row["source_paragraph"], row["source_quote"])
    if any(cells) and not all(cells):
        _fail(
            raw,
            "sectors",
            index,
            "source_quote",
            row["source_quote"],
            "give source_id, source_paragraph and source_quote together, or none of them",
        )
    if not any(cells) and not row.get("note", "").strip():
        _fail(
            raw,
            "sectors",
            index,
            "note",
            "",
            "a sector without a quote must say why in note (its name is then editorial)",
        )
    if not any(cells):
        for column in ("emphasis_ko", "emphasis_paragraph"):
            if value := row.get(column, ""):
                _fail(
                    raw,
                    "sectors",
                    index,
                    column,
                    value,
                    "a sector without a quote has no source to hold its emphasis: quote the "
                    "sector (source_id, source_paragraph, source_quote) or leave emphasis blank",
                )
    return not any(cells)


def _check_row(raw: RawData, table: str, index: int, row: pd.Series) -> None:
    if table == "sectors" and _unquoted_sector(raw, index, row):
        return
    key = (row["plan_id"], row["source_id"])
    if key not in raw.sources:
        _fail(
            raw, table, index, "source_id", row["source_id"], "unknown source (not in sources.csv)"
        )
    paragraphs = raw.sources[key]
    for column, number in _cited_paragraphs(row):
        if not 1 <= int(number) <= len(paragraphs):
            _fail(
                raw,
                table,
                index,
                column,
                number,
                f"paragraph out of range (source {row['source_id']} has "
                f"{len(paragraphs)} paragraphs)",
            )
    quote = row["source_quote"]
    number = int(row["source_paragraph"])
    if quote not in paragraphs[number - 1]:
        _fail(raw, table, index, "source_quote", quote, f"quote not found in paragraph {number}")
    amount_columns = [column for column in QUOTED_AMOUNTS if column in row]
    if not amount_columns:
        stated = amounts_in(quote)
    else:
        stated = _amounts_quoted(raw, table, index, quote, paragraphs[number - 1], number)
    for column in amount_columns:
        _check_whole_amount(raw, table, index, column, row[column], stated)
    if table == "sectors":
        _check_emphasis(raw, index, row, paragraphs)
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


def _amounts_quoted(
    raw: RawData, table: str, index: int, quote: str, paragraph: str, number: int
) -> list[str]:
    """The whole amounts of ``paragraph`` that the quote holds where it stands there.

    Of the quote's occurrences in the paragraph, the first that cuts no amount of the
    paragraph (every amount overlapping it lies wholly inside it) is taken.

    Raises
    ------
    RawDataError
        Naming ``source_quote`` and what the paragraph states there when every occurrence
        cuts an amount (``475억원`` inside ``1천475억원``, ``4만개`` inside ``4만개 이상``).
    """
    spans = amount_spans(paragraph)
    cut: str | None = None
    start = paragraph.find(quote)
    while start != -1:
        end = start + len(quote)
        overlapping = [(a, b) for a, b in spans if a < end and b > start]
        crossing = [(a, b) for a, b in overlapping if a < start or b > end]
        if not crossing:
            return [paragraph[a:b] for a, b in overlapping]
        cut = cut or paragraph[crossing[0][0] : crossing[0][1]]
        start = paragraph.find(quote, start + 1)
    _fail(
        raw,
        table,
        index,
        "source_quote",
        quote,
        f"the quote cuts an amount of paragraph {number}: the paragraph states {cut!r} there "
        "(quote the whole amount, with its qualifier such as 이상 or 여)",
    )


def _check_emphasis(raw: RawData, index: int, row: pd.Series, paragraphs: list[str]) -> None:
    """A sector's ``emphasis_ko`` must stand, verbatim, in its ``emphasis_paragraph``."""
    words, number = (
        value if isinstance(value := row.get(column), str) else ""
        for column in ("emphasis_ko", "emphasis_paragraph")
    )
    if not words and not number:
        return
    if not words or not number:
        column, value = ("emphasis_ko", words) if not words else ("emphasis_paragraph", number)
        _fail(
            raw, "sectors", index, column, value, "emphasis_ko and emphasis_paragraph go together"
        )
    if not 1 <= int(number) <= len(paragraphs):
        _fail(raw, "sectors", index, "emphasis_paragraph", number, "paragraph out of range")
    if words not in paragraphs[int(number) - 1]:
        _fail(raw, "sectors", index, "emphasis_ko", words, f"words not found in paragraph {number}")


def _check_population(raw: RawData) -> None:
    """Each ``population_raw`` is a whole amount of its row's ``source_quote``.

    The population table keeps the source's words, not its text: the quote is what the
    figure is checked against (``96만6,455명`` does not pass for ``의정부(46만6,455명)``).
    """
    table = "reference_population"
    for index, row in raw[table].iterrows():
        stated = amounts_in(row["source_quote"])
        _check_whole_amount(raw, table, index, "population_raw", row["population_raw"], stated)


def _check_whole_amount(
    raw: RawData, table: str, index: int, column: str, figure: str, stated: list[str]
) -> None:
    """``figure`` (``column`` of the row) is one of the whole amounts its quote ``stated``."""
    if _compact(figure) not in map(_compact, stated):
        said = ", ".join(stated) or "no amount"
        _fail(
            raw,
            table,
            index,
            column,
            figure,
            f"figure is not a whole amount of its source_quote (the quote states: {said})",
        )


def check_provenance(raw: RawData) -> None:
    """Check every quoted row of every plan against its own source's text (module doc), and
    each population against its quote.

    Raises
    ------
    RawDataError
        Naming the table, row (CSV line), column and the value that is not in the source.
    """
    for table in QUOTED_TABLES:
        for index, row in raw[table].iterrows():
            _check_row(raw, table, index, row)
    _check_population(raw)
