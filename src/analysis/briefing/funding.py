"""Funding as a plan states it: own funds (시비, 군비 or 도비), other stated sources, and the
derived remainder "not the plan's own government's funds" (never called national)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.briefing.labels import text

#: Plan-level funding measures other than own funds, as figures.csv names them.
OTHER_FUNDING_MEASURES = (
    "national_funding",
    "provincial_funding",
    "local_funding",
    "private_funding",
)


@dataclass(frozen=True)
class PlanFunding:
    """How a plan's total budget is funded, as far as its sources say.

    Attributes
    ----------
    total_krw : int or None
        The stated total budget (preferred statement).
    own_krw : int or None
        The plan's own government's money: stated for the whole plan, or the sum of the
        sectors' stated own funds (``own_is_derived``); None when the plan states neither.
    own_is_derived : bool
        True when ``own_krw`` is summed from the sectors rather than stated for the whole.
    term_ko, term_en : str
        What the plan calls its own money (시비 / city funds, 도비 / provincial funds...).
    other_krw : dict
        Other funding stated for the whole plan, by measure (e.g. ``national_funding``).
    """

    total_krw: int | None
    own_krw: int | None
    own_is_derived: bool
    term_ko: str
    term_en: str
    other_krw: dict[str, int]

    @property
    def states_split(self) -> bool:
        """Whether the plan states any split of its total (own funds or another source)."""
        return self.own_krw is not None or bool(self.other_krw)

    @property
    def not_own_krw(self) -> int | None:
        """Total minus own funds: a derived remainder (:func:`other_funds_kinds`)."""
        if self.total_krw is None or self.own_krw is None:
            return None
        return self.total_krw - self.own_krw

    @property
    def own_share(self) -> float | None:
        """Own funds over the total budget, or None when either is unknown."""
        if self.total_krw is None or self.own_krw is None:
            return None
        return self.own_krw / self.total_krw


def preferred_only(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of processed ``figures`` that are their figure's preferred statement.

    Several sources may state one figure; exactly one row is ``preferred`` (a missing value
    counts as not preferred). Tables without a ``preferred`` column (hand-built test frames)
    keep every row.

    Examples
    --------
    >>> f = pd.DataFrame({"value": [5, 6, 7], "preferred": [False, True, None]})
    >>> preferred_only(f)["value"].tolist()
    [6]
    >>> preferred_only(f.drop(columns="preferred"))["value"].tolist()
    [5, 6, 7]
    """
    if "preferred" not in rows.columns:
        return rows
    return rows[rows["preferred"].fillna(False).astype(bool)]


def preferred_rows(figures: pd.DataFrame, plan_id: str, scope: str = "plan") -> pd.DataFrame:
    """The preferred statement (row) of each measure for one scope of a plan
    (:func:`preferred_only`)."""
    return preferred_only(figures[(figures["plan_id"] == plan_id) & (figures["scope"] == scope)])


def preferred_figures(figures: pd.DataFrame, plan_id: str, scope: str = "plan") -> dict[str, int]:
    """The preferred statement of each measure for one scope of a plan, as integers
    (see :func:`preferred_rows`).

    Examples
    --------
    >>> f = pd.DataFrame({"plan_id": ["p", "p"], "scope": ["plan", "plan"],
    ...     "measure": ["jobs", "jobs"], "value": [5, 6], "preferred": [False, True]})
    >>> preferred_figures(f, "p")
    {'jobs': 6}
    """
    rows = preferred_rows(figures, plan_id, scope)
    return {m: int(v) for m, v in zip(rows["measure"], rows["value"], strict=True)}


def sector_own_funds_stated(sectors: pd.DataFrame) -> bool:
    """Whether every sector with a stated budget also has stated own funds."""
    budgeted = sectors["total_budget_krw"].notna()
    return bool(budgeted.any() and sectors.loc[budgeted, "own_funds_krw"].notna().all())


def plan_funding(plan: pd.Series, sectors: pd.DataFrame, figures: pd.DataFrame) -> PlanFunding:
    """The plan's funding as stated.

    Parameters
    ----------
    plan : pandas.Series
        The plan's row of the processed ``plans`` table.
    sectors, figures : pandas.DataFrame
        The plan's processed ``sectors`` and ``figures`` tables.

    Returns
    -------
    PlanFunding
        Own funds stated for the whole plan win; otherwise the sectors' own funds are summed
        when every budgeted sector states them.
    """
    stated = preferred_figures(figures, str(plan["plan_id"]))
    own = stated.get("own_funds")
    derived = False
    if own is None and sector_own_funds_stated(sectors):
        own, derived = int(sectors["own_funds_krw"].sum()), True
    return PlanFunding(
        total_krw=stated.get("total_budget"),
        own_krw=own,
        own_is_derived=derived,
        term_ko=_text_or(plan.get("own_funds_term_ko"), "자체 재원"),
        term_en=_text_or(plan.get("own_funds_term_en"), "own funds"),
        other_krw={m: stated[m] for m in OTHER_FUNDING_MEASURES if m in stated},
    )


def other_funds_kinds(government_level: str, lang: str) -> str:
    """What money other than the plan's own may be, for a plan of ``government_level``
    (plans.csv): never the plan's own kind (a province's other money holds no 도비, a
    metropolitan city's none either).

    Examples
    --------
    >>> other_funds_kinds("city", "en"), other_funds_kinds("province", "ko")
    ('national, provincial, other', '국비·시군비·기타')
    >>> other_funds_kinds("metropolitan_city", "en")
    'national, other'
    """
    return text(f"other_funds_kinds_{government_level}", lang)


def _text_or(value: object, default: str) -> str:
    return default if value is None or pd.isna(value) or not str(value) else str(value)
