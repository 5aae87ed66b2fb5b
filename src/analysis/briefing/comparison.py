"""Plans side by side: budgets, pillars, jobs, own funds and per-resident figures.

Every table here holds plain numbers keyed by ids (``plan_id``, ``pillar_id``, measure
names), never translated labels: the comparison notebook puts names on them from the
processed tables and the label catalogue. Only *preferred* statements of a figure are used
(``figures.preferred``); a figure a plan does not state stays missing (``<NA>``), it is never
filled in. Derived quantities carry their derivation in their column name
(``own_funds_basis``: ``stated`` or ``sum_of_sectors``; ``not_stated_by_sector``: the plan
total minus the sectors whose budget is stated).
"""

from __future__ import annotations

import pandas as pd

from analysis.briefing.charts import SECTOR_COLORS
from analysis.briefing.funding import plan_funding
from analysis.briefing.labels import text
from analysis.briefing.national_comparison import (
    PILLAR_HORIZON,
    national_pillars,
    national_plan_date,
    national_plan_totals,
    national_rows,
)

__all__ = [
    "NATIONAL_PLAN_ID",
    "NOT_STATED_BY_SECTOR",
    "PILLAR_ORDER",
    "coarse_or_approximate",
    "national_overview",
    "order_plans",
    "pillar_budgets",
    "pillar_colors",
    "plan_overview",
    "unstated_items",
]

#: The national Korean New Deal's id in the reference tables.
NATIONAL_PLAN_ID = "kr_new_deal_2020"
#: The part of a plan's total that no stated sector budget accounts for.
NOT_STATED_BY_SECTOR = "not_stated_by_sector"
#: Order of the parts of a plan in pillar charts: national pillars, no counterpart, unstated.
PILLAR_ORDER = ("digital", "green", "safety_net", "none", NOT_STATED_BY_SECTOR)
_HEADLINE_MEASURES = ("total_budget", "jobs", "own_funds")


def pillar_colors() -> dict[str, str]:
    """Colour of each part of :data:`PILLAR_ORDER` (the sector colours of the pillar's name;
    "none" neutral grey, the unstated part light grey).

    Examples
    --------
    >>> pillar_colors()["green"] == SECTOR_COLORS["green"]
    True
    """
    return {
        "digital": SECTOR_COLORS["digital"],
        "green": SECTOR_COLORS["green"],
        "safety_net": SECTOR_COLORS["safety"],
        "none": "#999999",
        NOT_STATED_BY_SECTOR: "#DDDDDD",
    }


def _preferred_headlines(figures: pd.DataFrame) -> pd.DataFrame:
    """The preferred plan-level statements of :data:`_HEADLINE_MEASURES`, one column group
    per measure (``<measure>``, ``<measure>_raw``, ``_approx``, ``_qualifier``, ``_precision``),
    one row per plan_id that states any of them."""
    rows = figures[
        figures["preferred"]
        & (figures["scope"] == "plan")
        & figures["measure"].isin(_HEADLINE_MEASURES)
    ]
    duplicated = rows[rows.duplicated(["plan_id", "measure"], keep=False)]
    if not duplicated.empty:
        raise ValueError(
            "more than one preferred statement of "
            + ", ".join(sorted(set(duplicated["plan_id"] + ":" + duplicated["measure"])))
        )
    wide = rows.pivot(
        index="plan_id",
        columns="measure",
        values=["value", "value_raw", "approx", "qualifier", "precision"],
    )
    wide.columns = [
        m if f == "value" else f"{m}_{f.removeprefix('value_')}" for f, m in wide.columns
    ]
    return wide


def _population_by_plan(population: pd.DataFrame) -> pd.DataFrame:
    """``population, population_date, population_basis`` indexed by plan_id (a row may name
    several plans, separated by ``;``)."""
    named = population[population["plan_ids"].fillna("").str.strip() != ""]
    out = named.assign(plan_id=named["plan_ids"].str.split(";")).explode("plan_id")
    out["plan_id"] = out["plan_id"].str.strip()
    out = out.rename(columns={"reference_date": "population_date", "basis": "population_basis"})
    return out.set_index("plan_id")[["population", "population_date", "population_basis"]]


def _derived_rates(out: pd.DataFrame) -> pd.DataFrame:
    """Add jobs per 1억원, budget per job, budget per resident and jobs per 1,000 residents."""
    budget = out["total_budget_krw"].astype("Float64")
    jobs = out["jobs"].astype("Float64")
    people = out["population"].astype("Float64")
    out["jobs_per_100m_krw"] = jobs / (budget / 1e8)
    out["budget_per_job_krw"] = budget / jobs
    out["budget_per_resident_krw"] = budget / people
    out["jobs_per_1000_residents"] = 1000 * jobs / people
    return out


def plan_overview(
    plans: pd.DataFrame,
    sectors: pd.DataFrame,
    figures: pd.DataFrame,
    population: pd.DataFrame,
) -> pd.DataFrame:
    """One row per plan: headline figures as stated, own funds, population and rates.

    Parameters
    ----------
    plans, sectors, figures, population : pandas.DataFrame
        The processed tables of every plan (``Briefing.table(name, all_plans=True)``).

    Returns
    -------
    pandas.DataFrame
        ``plan_id, government_level, own_funds_term_ko, own_funds_term_en, announced_date,
        horizon_year, total_budget_krw`` (the preferred stated total), ``total_budget_raw``,
        ``total_budget_approx, total_budget_qualifier`` (여, 이상), ``total_budget_precision``
        (KRW, the unit of the total's last written digit), the same for ``jobs``;
        ``sector_budget_sum_krw`` and ``sectors_without_budget``; ``own_funds_krw`` and
        ``own_funds_basis`` (``stated`` as a plan figure, ``sum_of_sectors`` when only every
        sector states it, missing otherwise) and ``own_share`` (of the stated total, or of
        the sector sum for ``sum_of_sectors``); ``population, population_date,
        population_basis``; ``jobs_per_100m_krw, budget_per_job_krw,
        budget_per_resident_krw, jobs_per_1000_residents`` (missing where a figure is).

    Examples
    --------
    Uijeongbu states no plan-level 시비, but every sector does: its own funds are the
    sum of the sectors (``own_funds_basis == "sum_of_sectors"``).
    """
    head = _preferred_headlines(figures).rename(
        columns={"total_budget": "total_budget_krw", "own_funds": "own_funds_krw"}
    )
    columns = ["plan_id", "government_level", "own_funds_term_ko", "own_funds_term_en"]
    columns += ["announced_date", "horizon_year"]
    out = plans[columns].set_index("plan_id").join(head, how="left")
    by_plan = sectors.groupby("plan_id")
    out["sector_budget_sum_krw"] = by_plan["total_budget_krw"].sum(min_count=1)
    out["sectors_without_budget"] = by_plan["total_budget_krw"].agg(lambda s: int(s.isna().sum()))
    out["own_funds_basis"] = pd.Series(pd.NA, index=out.index, dtype="string")
    out["own_share"] = pd.Series(pd.NA, index=out.index, dtype="Float64")
    for plan_id, plan in plans.set_index("plan_id", drop=False).iterrows():
        plan_sectors = sectors[sectors["plan_id"] == plan_id]
        funds = plan_funding(plan, plan_sectors, figures[figures["plan_id"] == plan_id])
        if funds.own_krw is None:
            continue
        out.at[plan_id, "own_funds_krw"] = funds.own_krw
        out.at[plan_id, "own_funds_basis"] = "sum_of_sectors" if funds.own_is_derived else "stated"
        if funds.own_share is not None:
            out.at[plan_id, "own_share"] = funds.own_share
    out = out.join(_population_by_plan(population), how="left")
    for column in ("total_budget_krw", "jobs", "own_funds_krw", "population"):
        out[column] = out[column].astype("Int64")
    return _derived_rates(out.reset_index())


def national_overview(
    reference: pd.DataFrame, population: pd.DataFrame, horizon: int = PILLAR_HORIZON
) -> pd.DataFrame:
    """The national Korean New Deal at ``horizon`` in the columns of :func:`plan_overview`.

    Its own funds are its 국비 (the national government's money; ``own_funds_term_ko`` 국비),
    its population the row of ``population`` that names no plan (the country).

    Raises
    ------
    ValueError
        If ``population`` has not exactly one row without plans.
    """
    totals = national_plan_totals(reference, horizon)
    country = population[population["plan_ids"].fillna("").str.strip() == ""]
    if len(country) != 1:
        raise ValueError(f"population: expected one country row (no plan_ids), got {len(country)}")
    total_row = national_rows(reference, "plan", horizon, ["total_cost"]).iloc[0]
    row = {
        "plan_id": NATIONAL_PLAN_ID,
        "government_level": "national",
        "own_funds_term_ko": text("reference_measure_national_treasury", "ko"),  # 국비
        "own_funds_term_en": text("reference_measure_national_treasury", "en"),
        "announced_date": national_plan_date(reference),
        "horizon_year": horizon,
        "total_budget_krw": totals["total_cost"],
        "total_budget_raw": total_row["value_raw"],
        "jobs": totals.get("jobs"),
        "own_funds_krw": totals.get("national_treasury"),
        "own_funds_basis": "stated",
        "population": int(country["population"].iloc[0]),
        "population_date": country["reference_date"].iloc[0],
        "population_basis": country["basis"].iloc[0],
    }
    out = pd.DataFrame([row])
    out["own_share"] = out["own_funds_krw"] / out["total_budget_krw"]
    for column in ("total_budget_krw", "jobs", "own_funds_krw", "population", "horizon_year"):
        out[column] = out[column].astype("Int64")
    return _derived_rates(out)


def own_funds_terms(overview: pd.DataFrame, lang: str) -> list[str]:
    """What each plan of ``overview`` calls its own funds, for a reader of ``lang``: the
    Korean term on a Korean page; on an English page the English one with the Korean beside
    it (``city funds (시비)``); ``–`` where the plan names none.

    Examples
    --------
    >>> o = pd.DataFrame({"own_funds_term_ko": ["시비", None], "own_funds_term_en": ["city funds", None]})
    >>> own_funds_terms(o, "en"), own_funds_terms(o, "ko")
    (['city funds (시비)', '–'], ['시비', '–'])
    """
    terms = []
    for ko, en in zip(overview["own_funds_term_ko"], overview["own_funds_term_en"], strict=True):
        ko = "" if pd.isna(ko) else str(ko)
        en = "" if pd.isna(en) else str(en)
        if not ko:
            terms.append("–")
        else:
            terms.append(f"{en} ({ko})" if lang == "en" and en else ko)
    return terms


def order_plans(overview: pd.DataFrame, first: str) -> pd.DataFrame:
    """``overview`` with plan ``first`` on top, the other plans by stated total budget
    (largest first), the national plan last."""
    rank = overview["total_budget_krw"].astype("Float64").fillna(-1)
    key = pd.Series(1, index=overview.index)
    key[overview["plan_id"] == first] = 0
    key[overview["plan_id"] == NATIONAL_PLAN_ID] = 2
    order = sorted(overview.index, key=lambda i: (key[i], -rank[i]))
    return overview.loc[order].reset_index(drop=True)


def pillar_budgets(
    sectors: pd.DataFrame,
    overview: pd.DataFrame,
    reference: pd.DataFrame | None = None,
    pillars: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each plan's budget by national pillar, with shares.

    A plan's sectors are summed by their editorial ``pillar_id`` (``none``: no national
    counterpart). If a sector's budget is not stated, the plan's stated total minus the
    stated sectors is a part of its own, :data:`NOT_STATED_BY_SECTOR` (never given to a
    pillar). Shares are of the sum of a plan's parts: the sector sum plus that remainder,
    which equals the stated total unless the stated sectors add to more or less than it.

    Parameters
    ----------
    sectors : pandas.DataFrame
        The processed ``sectors`` table of every plan.
    overview : pandas.DataFrame
        :func:`plan_overview` (``plan_id, total_budget_krw``).
    reference, pillars : pandas.DataFrame, optional
        The processed ``reference_figures`` and ``reference_pillars``: the national plan's
        pillars (to 2025) are added as plan :data:`NATIONAL_PLAN_ID`.

    Returns
    -------
    pandas.DataFrame
        ``plan_id, pillar_id, budget_krw, share`` in :data:`PILLAR_ORDER`, parts without
        budget left out.
    """
    stated = sectors[sectors["total_budget_krw"].notna()]
    parts = stated.groupby(["plan_id", "pillar_id"], as_index=False)["total_budget_krw"].sum()
    parts = parts.rename(columns={"total_budget_krw": "budget_krw"})
    frames = [parts]
    totals = overview.set_index("plan_id")["total_budget_krw"]
    for plan_id, group in sectors.groupby("plan_id"):
        remainder = totals.get(plan_id, pd.NA)
        if group["total_budget_krw"].isna().any() and not pd.isna(remainder):
            remainder -= int(group["total_budget_krw"].sum())
            if remainder > 0:
                frames.append(
                    pd.DataFrame(
                        [
                            {
                                "plan_id": plan_id,
                                "pillar_id": NOT_STATED_BY_SECTOR,
                                "budget_krw": remainder,
                            }
                        ]
                    )
                )
    if reference is not None and pillars is not None:
        national = national_pillars(reference, pillars)
        frames.append(
            national[["plan_id", "pillar_id", "total_cost"]].rename(
                columns={"total_cost": "budget_krw"}
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out["budget_krw"] = out["budget_krw"].astype("int64")
    unknown = set(out["pillar_id"]) - set(PILLAR_ORDER)
    if unknown:
        raise ValueError(f"sectors: unknown pillar_id {', '.join(sorted(unknown))}")
    out["share"] = out["budget_krw"] / out.groupby("plan_id")["budget_krw"].transform("sum")
    rank = {p: i for i, p in enumerate(PILLAR_ORDER)}
    out = out.sort_values(
        ["plan_id", "pillar_id"], key=lambda s: s.map(rank) if s.name == "pillar_id" else s
    )
    return out.reset_index(drop=True)


def unstated_items(sectors: pd.DataFrame, overview: pd.DataFrame) -> pd.DataFrame:
    """What each plan leaves unstated among the figures the comparison uses.

    Returns
    -------
    pandas.DataFrame
        ``plan_id, item, sector_ids``: ``item`` one of ``horizon`` (no horizon year),
        ``jobs`` (no plan jobs), ``own_funds`` (no own funds, not even by sector),
        ``sector_budget`` and ``sector_jobs`` (sectors without a stated budget or jobs;
        ``sector_ids`` lists them, ``;``-separated, in the plan's order); ``population``.
    """
    rows: list[dict[str, str]] = []
    for _, plan in overview.iterrows():
        plan_id = plan["plan_id"]
        for item, column in (
            ("horizon", "horizon_year"),
            ("jobs", "jobs"),
            ("own_funds", "own_funds_krw"),
            ("population", "population"),
        ):
            if pd.isna(plan[column]):
                rows.append({"plan_id": plan_id, "item": item, "sector_ids": ""})
        own = sectors[sectors["plan_id"] == plan_id].sort_values("sector_order")
        for item, column in (("sector_budget", "total_budget_krw"), ("sector_jobs", "jobs")):
            missing = own.loc[own[column].isna(), "sector_id"]
            if not missing.empty:
                rows.append({"plan_id": plan_id, "item": item, "sector_ids": ";".join(missing)})
    return pd.DataFrame(rows, columns=["plan_id", "item", "sector_ids"])


def coarse_or_approximate(overview: pd.DataFrame, relative: float = 0.01) -> pd.DataFrame:
    """Headline figures written roughly: with 여/이상, or to a unit of at least ``relative``
    of the figure (``14조원`` to the 조: 1조 is 7% of 14조).

    Returns
    -------
    pandas.DataFrame
        ``plan_id, measure (total_budget | jobs), value, raw, qualifier, precision,
        relative_precision``, one row per rough figure.
    """
    rows: list[dict[str, object]] = []
    for _, plan in overview.iterrows():
        for measure, value_column in (("total_budget", "total_budget_krw"), ("jobs", "jobs")):
            value, precision = plan[value_column], plan.get(f"{measure}_precision")
            if pd.isna(value) or pd.isna(precision):
                continue
            approx = bool(plan[f"{measure}_approx"])
            share = float(precision) / float(value)
            if approx or share >= relative:
                rows.append(
                    {
                        "plan_id": plan["plan_id"],
                        "measure": measure,
                        "value": int(value),
                        "raw": plan[f"{measure}_raw"],
                        "qualifier": plan[f"{measure}_qualifier"] if approx else "",
                        "precision": int(precision),
                        "relative_precision": share,
                    }
                )
    columns = ["plan_id", "measure", "value", "raw", "qualifier", "precision", "relative_precision"]
    return pd.DataFrame(rows, columns=columns)
