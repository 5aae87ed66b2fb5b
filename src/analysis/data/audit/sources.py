"""Disagreements between sources: a figure stated more than once with different values.

One row per (plan, scope, measure) whose statements differ, listing every value with its
sources and paragraphs, the preferred one first with its reason; each other value is said to
agree or not with the preferred one when read at its own stated precision (``5조4000억원`` to
the nearest 1000억원 allows 5조3800억원). The verdict is ``sources_agree_at_precision`` when
every other value allows the preferred one, else ``sources_disagree``. Statements that
all give the same value are no finding and get no row (figures.csv keeps every one).
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from analysis.data.audit.rows import AuditRow, paragraphs
from analysis.data.audit.statements import EXACT, amount_words, statement

__all__ = ["source_disagreements"]

_UNITS = {"KRW": "KRW", "persons": "persons", "months": "months"}


def _describe(rows: pd.DataFrame, preferred_value: int, unit: str, keyed: bool) -> str:
    said = [statement(r, keyed=keyed) for _, r in rows.iterrows()]
    first = said[0]
    where = ", ".join(f"{s.source or 'the source'} ¶{s.paragraph.rpartition(':')[2]}" for s in said)
    text = f"{first.raw} ({where})"
    if first.value == preferred_value:
        chosen = rows.loc[rows["preferred"].astype(bool), "preferred_reason"].dropna()
        reason = str(chosen.iloc[0]).strip() if not chosen.empty else ""
        return f"{text}: preferred" + (f" ({reason})" if reason else "")
    if first.allows(preferred_value):
        read = (
            "as a lower bound"
            if first.reading != EXACT
            else (f"to the nearest {amount_words(first.precision, unit)}")
        )
        return f"{text}: agrees with the preferred value read {read}"
    return f"{text}: differs by {amount_words(first.value - preferred_value, unit, signed=True)}"


def source_disagreements(plan: str, figures: pd.DataFrame) -> Iterator[AuditRow]:
    """One row per figure of ``plan`` whose statements give different values."""
    if figures.empty:
        return
    keyed = "source_id" in figures and figures["source_id"].dropna().nunique() > 1
    for (scope, measure), rows in figures.groupby(["scope", "measure"], sort=False):
        if rows["value"].nunique() < 2:
            continue
        chosen = rows[rows["preferred"].astype(bool)]
        preferred = statement(chosen.iloc[0] if not chosen.empty else rows.iloc[0], keyed=keyed)
        unit = _UNITS.get(str(rows["unit"].iloc[0]), "items")
        by_value = [(value, group) for value, group in rows.groupby("value", sort=False)]
        by_value.sort(key=lambda item: item[0] != preferred.value)
        others = [statement(g.iloc[0], keyed=keyed) for v, g in by_value if v != preferred.value]
        agree = all(other.allows(preferred.value) for other in others)
        yield AuditRow(
            f"{plan}:{scope}:{measure}:sources",
            plan,
            "statements from several sources",
            f"{scope} {measure}",
            "every value stated for the figure, with its sources",
            preferred.value,
            preferred.raw,
            None,
            unit,
            "sources_agree_at_precision" if agree else "sources_disagree",
            paragraphs(*(statement(r, keyed=keyed).paragraph for _, r in rows.iterrows())),
            "; ".join(_describe(g, preferred.value, unit, keyed) for _, g in by_value),
            topic="figure_sources",
            entity=f"{scope}:{measure}",
        )
