"""Stated figures as the audit reads them: value, precision and bound.

A figure is written to some precision: ``5조3800억원`` to the nearest 100억원 (10**10 KRW),
``1천475억원`` to the nearest 억원, ``9천897개`` exactly. The precision is the place value of
the last non-zero digit as written (the ``precision`` column of ``figures`` when present,
else derived from the value). A figure ending in ``여`` ("a little over") or ``이상``
("at least") is a lower bound, not a rounded value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.data.clean_common import preferred_figure_rows
from analysis.data.korean_amounts import format_korean_amount

__all__ = [
    "Statement",
    "amount_words",
    "precision_of",
    "preferred_statements",
    "reading_of",
    "stated",
    "statement",
]

EXACT, A_LITTLE_OVER, AT_LEAST = "exact", "a_little_over", "at_least"
_A_LITTLE_OVER = re.compile(r"여(?:개월|원|개|명|건|년|월)?$")


def precision_of(value: int) -> int:
    """The place value of the last non-zero digit of ``value`` (1 for zero).

    Examples
    --------
    >>> precision_of(5_380_000_000_000), precision_of(14 * 10**12), precision_of(9897)
    (10000000000, 1000000000000, 1)
    """
    step = 1
    while value and value % (step * 10) == 0:
        step *= 10
    return step


def reading_of(value_raw: str, approx: bool) -> str:
    """How a written figure is read: ``exact`` (to its precision), ``a_little_over`` or
    ``at_least``.

    Examples
    --------
    >>> reading_of("14만여", True), reading_of("4만개 이상", True), reading_of("32만개", False)
    ('a_little_over', 'at_least', 'exact')
    """
    compact = re.sub(r"\s+", "", str(value_raw))
    if compact.endswith("이상"):
        return AT_LEAST
    if _A_LITTLE_OVER.search(compact) or approx:
        return A_LITTLE_OVER
    return EXACT


def amount_words(value: int, unit: str, *, signed: bool = False) -> str:
    """A number for a note: KRW the Korean way (``5조3830억원``), others with commas.

    Examples
    --------
    >>> amount_words(3_000_000_000, "KRW", signed=True), amount_words(-3810, "jobs")
    ('+30억원', '-3,810')
    """
    sign = (
        ("+" if value > 0 else "-" if value < 0 else "±") if signed else ("-" if value < 0 else "")
    )
    body = format_korean_amount(abs(value), "원") if unit == "KRW" else f"{abs(value):,}"
    return sign + body


@dataclass(frozen=True)
class Statement:
    """One stated figure: its value, how it is written and where."""

    value: int
    raw: str
    precision: int
    reading: str
    paragraph: str  # "3", or "source_id:3" when the plan has several sources
    source: str = ""

    @property
    def upper(self) -> float | None:
        """The largest value the statement allows (None: no upper bound)."""
        if self.reading == AT_LEAST:
            return None
        if self.reading == A_LITTLE_OVER:
            return self.value + self.precision - 1
        return self.value + self.precision / 2

    @property
    def lower(self) -> float:
        """The smallest value the statement allows."""
        return self.value if self.reading != EXACT else self.value - self.precision / 2

    def allows(self, value: int) -> bool:
        """Whether ``value`` agrees with the statement read at its stated precision."""
        return self.lower <= value and (self.upper is None or value <= self.upper)


def _several_sources(figures: pd.DataFrame) -> bool:
    return "source_id" in figures and figures["source_id"].dropna().nunique() > 1


def statement(row: pd.Series, *, keyed: bool = False) -> Statement:
    """The :class:`Statement` of one ``figures`` row (``keyed``: name the source in the
    paragraph reference)."""
    value = int(row["value"])
    precision = row.get("precision")
    source = str(row.get("source_id", "") or "")
    paragraph = row.get("source_paragraph")
    ref = "" if paragraph is None or pd.isna(paragraph) else str(int(paragraph))
    return Statement(
        value=value,
        raw=str(row["value_raw"]),
        precision=int(precision)
        if precision is not None and pd.notna(precision)
        else (precision_of(value)),
        reading=reading_of(row["value_raw"], bool(row.get("approx", False))),
        paragraph=f"{source}:{ref}" if keyed and source and ref else ref,
        source=source,
    )


def preferred_statements(figures: pd.DataFrame) -> dict[tuple[str, str], Statement]:
    """The preferred statement of each ``(scope, measure)`` of one plan's ``figures``
    (:func:`~analysis.data.clean_common.preferred_figure_rows`), made once so that each lookup
    is a dictionary's rather than a filter of the table."""
    keyed = _several_sources(figures)
    return {
        (scope, measure): statement(row, keyed=keyed)
        for (_plan, scope, measure), row in preferred_figure_rows(figures).items()
    }


def stated(
    statements: dict[tuple[str, str], Statement], scope: str, *measures: str
) -> Statement | None:
    """The preferred statement of ``scope`` and the first of ``measures`` stated, or None.

    ``statements`` is :func:`preferred_statements` of one plan's figures; several measures
    name the same quantity under an old and a new name (``own_funds``, ``city_budget``).
    """
    for measure in measures:
        if (scope, measure) in statements:
            return statements[scope, measure]
    return None
