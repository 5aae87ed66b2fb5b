"""A plan's facts for prose: names, government, own-funds term, stated figures, and what the
plan states or leaves unstated.

Every briefing about one plan writes its prose from these facts instead of hard-coding them,
so the same notebook reads right for a city, a metropolitan city or a province, and a section
whose data the plan does not state becomes one line saying so (:func:`not_stated`).

Typical use in a notebook::

    facts = plan_facts.plan_facts(
        brief.table("plans"), brief.table("sectors"), brief.table("figures"), brief.plan_id, lang
    )
    if facts.sector_own_funds_stated: ...
    else:
        brief.say(*plan_facts.not_stated("sector_own_funds"), term=facts.own_funds_term or "")

All amounts are nominal KRW integers as stated; formatting is the briefing's job
(``brief.money()``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.briefing.charts import REMAINDER_COLOR, SECTOR_COLORS
from analysis.briefing.funding import plan_funding, preferred_rows, sector_own_funds_stated
from analysis.briefing.labels import TEXT, written_date

__all__ = [
    "PlanFacts",
    "not_stated",
    "part_colors",
    "plan_facts",
    "plan_paragraphs",
    "preferred_plan_figures",
    "sector_colors",
]

#: Chart colour of each national pillar a sector maps to (sector_pillars.csv); ``none`` (no
#: national counterpart) is the neutral colour Uijeongbu's 문화뉴딜 has always had.
PILLAR_COLORS: dict[str, str] = {
    "digital": SECTOR_COLORS["digital"],
    "green": SECTOR_COLORS["green"],
    "safety_net": SECTOR_COLORS["safety"],
    "none": SECTOR_COLORS["culture"],
}
#: Chart colour of a part that stands for several sectors together (e.g. the jobs of the
#: sectors that state none): a grey no sector has, so it is never read as one sector's.
SECTORS_TOGETHER_COLOR = REMAINDER_COLOR


@dataclass(frozen=True)
class PlanFacts:
    """What one plan states, in one language.

    Attributes
    ----------
    plan_id, name, government : str
        The plan's id, its name and its government's name in the briefing's language.
    own_funds_term : str or None
        What the plan calls its own government's money (시비, 도비...; "city funds",
        "provincial funds" in English); None if the plan states no own funds at all.
    announced : str
        The announcement date as readers write it
        (:func:`~analysis.briefing.labels.written_date`): to the day, the
        month or the year, as the data gives it.
    horizon_year : int or None
        The year the totals run to, if stated.
    sectors : tuple of str
        The plan's sector names in the plan's order.
    total_budget, jobs, project_count, sector_count : int or None
        The preferred stated plan figures (None where not stated).
    jobs_approx : bool
        Whether the stated plan jobs are approximate (여, 이상).
    plan_own_funds : int or None
        Own funds stated for the whole plan, or the sum of the sector own funds when every
        sector states them.
    sector_own_funds_stated : bool
        Every sector states its own funds.
    sectors_with_jobs, sectors_with_budget : tuple of str
        Names of the sectors whose jobs / total budget the plan states.
    named_projects : int
        Projects the data names (0 for a plan without a projects table).
    projects_list_complete : bool
        Whether the named projects are declared to be every project the plan counts.
    """

    plan_id: str
    name: str
    government: str
    own_funds_term: str | None
    announced: str
    horizon_year: int | None
    sectors: tuple[str, ...]
    total_budget: int | None
    jobs: int | None
    jobs_approx: bool
    project_count: int | None
    sector_count: int | None
    plan_own_funds: int | None
    sector_own_funds_stated: bool
    sectors_with_jobs: tuple[str, ...]
    sectors_with_budget: tuple[str, ...]
    named_projects: int
    projects_list_complete: bool

    @property
    def sector_jobs_stated(self) -> bool:
        """Whether the plan states jobs for at least one sector."""
        return bool(self.sectors_with_jobs)


def preferred_plan_figures(figures: pd.DataFrame, plan_id: str) -> pd.DataFrame:
    """The preferred statement of each plan-wide figure, indexed by ``measure``.

    Several sources may state one figure; exactly one statement is ``preferred``.

    Examples
    --------
    >>> f = pd.DataFrame({"plan_id": ["p", "p"], "scope": ["plan", "plan"],
    ...     "measure": ["jobs", "jobs"], "value": [40000, 41881], "preferred": [False, True]})
    >>> int(preferred_plan_figures(f, "p").loc["jobs", "value"])
    41881
    """
    return preferred_rows(figures, plan_id).set_index("measure")


def _whole(value: object) -> int | None:
    return None if pd.isna(value) else int(value)  # type: ignore[arg-type]


def plan_facts(
    plans: pd.DataFrame,
    sectors: pd.DataFrame,
    figures: pd.DataFrame,
    plan_id: str,
    lang: str,
    projects: pd.DataFrame | None = None,
) -> PlanFacts:
    """Collect :class:`PlanFacts` for ``plan_id`` from the processed tables.

    Parameters
    ----------
    plans, sectors, figures : pandas.DataFrame
        The processed ``plans``, ``sectors`` and ``figures`` tables (other plans' rows are
        ignored).
    plan_id : str
        The plan.
    lang : {"ko", "en"}
        Language of the names.
    projects : pandas.DataFrame, optional
        The processed ``projects`` table; named projects count those that are not
        components of another project.

    Raises
    ------
    KeyError
        If ``plans`` has no row for ``plan_id``.
    """
    plan_rows = plans[plans["plan_id"] == plan_id]
    if plan_rows.empty:
        raise KeyError(f"no plan {plan_id!r} in plans; plans: {', '.join(plans['plan_id'])}")
    plan = plan_rows.iloc[0]
    own = sectors[sectors["plan_id"] == plan_id].sort_values("sector_order")
    stated = preferred_plan_figures(figures, plan_id)
    names = own[f"sector_{lang}"]

    def measure(name: str) -> int | None:
        return _whole(stated.loc[name, "value"]) if name in stated.index else None

    funds = plan_funding(plan, own, figures[figures["plan_id"] == plan_id])
    term = plan[f"own_funds_term_{lang}"]
    named = 0
    if projects is not None:
        mine = projects[projects["plan_id"] == plan_id]
        named = int((~mine["is_component"].astype(bool)).sum())
    return PlanFacts(
        plan_id=plan_id,
        name=str(plan[f"plan_name_{lang}"]),
        government=str(plan[f"government_{lang}"]),
        own_funds_term=None if pd.isna(term) or not str(term).strip() else str(term),
        announced=written_date(str(plan["announced_date"]), lang),
        horizon_year=_whole(plan["horizon_year"]),
        sectors=tuple(names),
        total_budget=measure("total_budget"),
        jobs=measure("jobs"),
        jobs_approx="jobs" in stated.index and bool(stated.loc["jobs", "approx"]),
        project_count=measure("project_count"),
        sector_count=measure("sector_count"),
        plan_own_funds=funds.own_krw,
        sector_own_funds_stated=sector_own_funds_stated(own),
        sectors_with_jobs=tuple(names[own["jobs"].notna()]),
        sectors_with_budget=tuple(names[own["total_budget_krw"].notna()]),
        named_projects=named,
        projects_list_complete=str(plan["projects_list_complete"]).lower() == "true",
    )


def not_stated(what: str) -> tuple[str, str]:
    """The one line (Korean, English) that replaces a section whose data the plan does not
    state; pass it to ``brief.say(*not_stated(what), **values)``.

    Parameters
    ----------
    what : str
        ``sector_own_funds`` (placeholder ``{term}``), ``own_funds``, ``sector_jobs``,
        ``jobs``, ``projects``, ``programme`` or ``sector_budget`` (placeholder
        ``{sectors}``).

    Raises
    ------
    KeyError
        For an unknown ``what``, listing the known ones.

    Examples
    --------
    >>> not_stated("sector_jobs")[1]
    'The plan does not state jobs by sector.'
    """
    key = f"not_stated_{what}"
    if key not in TEXT:
        known = sorted(k[len("not_stated_") :] for k in TEXT if k.startswith("not_stated_"))
        raise KeyError(f"nothing to say for {what!r}; known: {', '.join(known)}")
    return TEXT[key]["ko"], TEXT[key]["en"]


def sector_colors(pillar_ids: pd.Series | list[str]) -> list[str]:
    """Chart colours of sectors from their national pillar (sector_pillars.csv), never from
    the plan's own sector ids; a pillar without a colour gets the neutral one.

    Examples
    --------
    >>> sector_colors(["green", "none"]) == [PILLAR_COLORS["green"], PILLAR_COLORS["none"]]
    True
    """
    return [PILLAR_COLORS.get(str(p), PILLAR_COLORS["none"]) for p in pillar_ids]


def part_colors(part_ids: pd.Series | list[str], sectors: pd.DataFrame) -> list[str]:
    """Chart colours of parts that are sectors or sectors taken together (the parts of
    :func:`analysis.briefing.tables.budget_vs_jobs_shares`): a sector's by its national
    pillar (:func:`sector_colors`), any other part :data:`SECTORS_TOGETHER_COLOR`.

    Examples
    --------
    >>> s = pd.DataFrame({"sector_id": ["g"], "pillar_id": ["green"]})
    >>> part_colors(["g", "other_sectors"], s) == [PILLAR_COLORS["green"], SECTORS_TOGETHER_COLOR]
    True
    """
    pillar_of = dict(zip(sectors["sector_id"], sectors["pillar_id"], strict=True))
    return [
        sector_colors([pillar_of[p]])[0] if p in pillar_of else SECTORS_TOGETHER_COLOR
        for p in part_ids
    ]


def plan_paragraphs(figures: pd.DataFrame, plan_id: str) -> str:
    """The paragraphs stating a plan's own whole-plan figures (preferred statements), as
    ``2`` or ``1, 2``: for "(paragraph n)" after a plan-level sentence.

    Examples
    --------
    >>> f = pd.DataFrame({"plan_id": ["p"] * 3, "scope": ["plan", "plan", "a"],
    ...                   "source_paragraph": [2, 1, 5], "preferred": [True, True, True]})
    >>> plan_paragraphs(f, "p")
    '1, 2'
    """
    rows = preferred_rows(figures, plan_id)
    return ", ".join(str(n) for n in sorted({int(n) for n in rows["source_paragraph"]}))
