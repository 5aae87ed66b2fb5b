"""Tables of numbers as HTML for a briefing page: one rule for percentages, decimals,
missing values and alignment (:mod:`analysis.briefing.numbers`); every text escaped."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

import pandas as pd

from analysis.briefing import numbers
from analysis.briefing.labels import TEXT
from analysis.briefing.page_data import korean_spans

__all__ = ["Linked", "is_share_column", "table_html"]

#: Label keys whose column holds fractions of one (shown as percentages).
_SHARE_HEADERS = {
    label for key, words in TEXT.items() if "share" in key for label in words.values()
}


def is_share_column(name: str) -> bool:
    """Whether a table column holds fractions of one, shown as percentages.

    Decided by the column id (``share_of_plan``, ``own_share``...: ids with ``share``) or,
    for a column already renamed to its header, by the label catalogue (the header of a
    ``*share*`` label in either language). Headers written inline in a notebook, outside the
    catalogue, are matched by the words "share"/"비중" as a last resort.
    """
    label = str(name)
    if "share" in label or label in _SHARE_HEADERS:
        return True
    return any(word in label for word in ("Share", "비중"))


#: A number written out, with at most a short unit after it (``6.71``, ``−0.5%``, ``1,475억원``).
_WRITTEN_NUMBER = re.compile(r"^[−-]?[\d,]+(\.\d+)?\s?(%|[가-힣]{1,3})?$")


def _written_numbers(series: pd.Series) -> bool:
    """Whether a text column holds numbers already written out (``6.71``, ``−0.54``)."""
    present = [str(v) for v in series if not _missing(v) and str(v) != "–"]
    return bool(present) and all(_WRITTEN_NUMBER.match(v) for v in present)


class Linked(str):
    """A table cell whose pieces may link somewhere: as text (CSV, workbook, tests) it is
    the pieces joined; :func:`table_html` shows each piece with an ``href`` as a link.

    Examples
    --------
    >>> cell = Linked([("서울경제 ", ""), ("문단 1", "sources/p/s.html#p-1")])
    >>> cell, cell.parts[1][1]
    ('서울경제 문단 1', 'sources/p/s.html#p-1')
    """

    parts: tuple[tuple[str, str], ...]

    def __new__(cls, parts: list[tuple[str, str]]) -> Linked:
        cell = super().__new__(cls, "".join(words for words, _ in parts))
        cell.parts = tuple((str(words), str(href)) for words, href in parts)
        return cell

    def html(self, words: object) -> str:
        """The cell as HTML, each piece's text passed through ``words`` (escaping)."""
        return "".join(
            f'<a href="{html.escape(href)}">{words(piece)}</a>' if href else words(piece)
            for piece, href in self.parts
        )


def _missing(value: object) -> bool:
    """Whether a table cell holds no value (``None``, ``NaN``, ``NA``, empty text)."""
    if isinstance(value, str):
        return not value.strip()
    return numbers.is_missing(value)


def table_html(
    data: pd.DataFrame,
    caption_html: str = "",
    percent_columns: list[str] | None = None,
    *,
    mark_korean: bool = True,
    formats: Mapping[str, Callable[[float], str]] | None = None,
) -> str:
    """A table of numbers as HTML: fractions of one as percentages (the columns named in
    ``percent_columns``, by default those :func:`is_share_column` recognises) with one
    decimal (:func:`numbers.format_share`), other floats with one number of decimals per
    column (:func:`numbers.column_decimals`) but never more than give a value 3 significant
    digits (:func:`numbers.cell_decimals`: no cents on 124,997,881 USD, a rate as in prose),
    integers whole (:func:`numbers.column_format`: a chart's value labels of the same
    values read alike); thousands separators and a real minus throughout; a missing value
    is ``–``. A :class:`Linked` cell shows its links. Numeric cells (and their headers) have the class ``num`` (right-aligned);
    every text is escaped (on an English page, ``mark_korean``, each Hangul run marked
    ``lang="ko"``). The table sits in a box that scrolls sideways. ``formats`` writes the
    named number columns by a function of :mod:`analysis.briefing.numbers` instead
    (``plan_percent``: :func:`numbers.format_share`), so the page shows a figure as its prose
    does while the frame (and its CSV download) keeps full precision.
    """
    percent = [c for c in data.columns if is_share_column(c)]
    if percent_columns is not None:
        percent = list(percent_columns)
    columns = []
    for column in data.columns:
        series = data[column]
        numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
        if numeric and formats and column in formats:
            shown = series.map(formats[column])
        elif not numeric:
            shown = series.map(lambda v: "–" if _missing(v) else str(v))
        elif pd.api.types.is_float_dtype(series) and column in percent:
            shown = series.map(numbers.format_share)
        elif pd.api.types.is_float_dtype(series):
            shown = series.map(numbers.column_format(series))
        else:
            shown = series.map(lambda v: numbers.format_number(v, 0))
        shown = [("–" if _missing(v) else t) for v, t in zip(series, shown, strict=True)]
        # text columns: a cell holding a written number (``6.71``, ``1,475억원``) aligns
        # right too; the header does where the whole column is numbers
        header_num = numeric or _written_numbers(series)
        cell_num = [header_num or bool(_WRITTEN_NUMBER.match(t)) for t in shown]
        columns.append((str(column), header_num, shown, cell_num, list(series)))
    attr = {True: ' class="num"', False: ""}
    words = korean_spans if mark_korean else html.escape
    head = "".join(f"<th{attr[num]}>{words(name)}</th>" for name, num, _, _, _ in columns)

    def cell(value: object, shown: str) -> str:
        return value.html(words) if isinstance(value, Linked) and value.strip() else words(shown)

    rows = "".join(
        "<tr>"
        + "".join(
            f"<td{attr[nums[i]]}>{cell(values[i], cells[i])}</td>"
            for _, _, cells, nums, values in columns
        )
        + "</tr>"
        for i in range(len(data))
    )
    return (
        f'<div class="table-wrap"><table class="data-table">{caption_html}'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )
