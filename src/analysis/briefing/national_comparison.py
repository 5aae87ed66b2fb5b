"""A local plan beside the national Korean New Deal: pillars, scale, shares, horizons."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from analysis.briefing.charts import NATIONAL_BAR_COLOR, REMAINDER_COLOR, SECTOR_COLORS, color_key
from analysis.briefing.funding import preferred_only
from analysis.briefing.labels import text, wrap, written_date
from analysis.briefing.money import MoneyBasis
from analysis.briefing.plan_facts import PILLAR_COLORS  # a sector's colour in every chart

#: The horizon of the national plan's complete pillar figures (total cost, 국비, jobs).
PILLAR_HORIZON = 2025
#: Two national pillars are "of similar size" when the smaller is at least this share of the
#: larger (within a tenth of it); otherwise the prose says which is larger. Digital's 58.2조원
#: beside green's 73.4조원 (79%: green a quarter larger) is not of similar size.
SIMILAR_SIZE = 0.9


def national_rows(
    reference: pd.DataFrame,
    scope: Literal["pillars", "plan"],
    horizon: int,
    measures: Collection[str] | None = None,
) -> pd.DataFrame:
    """The rows of ``reference_figures`` about the national plan's pillars (``"pillars"``)
    or the whole plan (``"plan"``) to the year ``horizon``, of ``measures`` (all if
    ``None``): the rows :func:`national_pillars` and :func:`national_plan_totals` read.

    Examples
    --------
    >>> ref = pd.DataFrame({"scope": ["plan", "green", "green"], "horizon_year": [2025] * 3,
    ...     "measure": ["total_cost", "total_cost", "jobs"], "value": [3, 2, 1]})
    >>> national_rows(ref, "pillars", 2025, ["total_cost"])["value"].tolist()
    [2]
    >>> national_rows(ref, "plan", 2025)["value"].tolist()
    [3]
    """
    whole = reference["scope"] == "plan"
    rows = reference[
        (whole if scope == "plan" else ~whole) & (reference["horizon_year"] == horizon)
    ]
    return rows if measures is None else rows[rows["measure"].isin(list(measures))]


def drawn_national_rows(
    reference: pd.DataFrame,
    chart: Literal["pillar_shares", "scale", "jobs", "plan_jobs"],
    whole_horizon: int = PILLAR_HORIZON,
) -> pd.DataFrame:
    """The rows of ``reference_figures`` a chart draws, for its source line
    (:func:`analysis.briefing.sources_view.cited_reference`).

    ``"pillar_shares"``: each pillar's total cost over their sum, to :data:`PILLAR_HORIZON`
    (:func:`plan_vs_national`, :func:`analysis.briefing.comparison.pillar_budgets`).
    ``"scale"`` (:func:`national_scale`): those, and the whole plan's total cost to
    ``whole_horizon`` (:func:`national_horizon`). ``"jobs"``
    (:func:`analysis.briefing.tables.jobs_per_budget`): the pillars' and the whole plan's
    jobs and total cost to :data:`PILLAR_HORIZON`. ``"plan_jobs"``
    (:func:`analysis.briefing.comparison.national_overview`): the whole plan's jobs and
    total cost to ``whole_horizon``.
    """
    cost, jobs = ["total_cost"], ["jobs", "total_cost"]
    if chart == "pillar_shares":
        return national_rows(reference, "pillars", PILLAR_HORIZON, cost)
    if chart == "scale":
        parts = [("pillars", PILLAR_HORIZON, cost), ("plan", whole_horizon, cost)]
    elif chart == "jobs":
        parts = [("pillars", PILLAR_HORIZON, jobs), ("plan", PILLAR_HORIZON, jobs)]
    elif chart == "plan_jobs":
        parts = [("plan", whole_horizon, jobs)]
    else:
        raise ValueError(f"unknown chart {chart!r}")
    return pd.concat([national_rows(reference, *part) for part in parts])


def national_pillars(
    reference: pd.DataFrame, pillars: pd.DataFrame, horizon: int = PILLAR_HORIZON
) -> pd.DataFrame:
    """The national plan's pillars at a horizon: total cost, 국비 and jobs, one row each."""
    ref = national_rows(reference, "pillars", horizon)
    wide = ref.pivot_table(
        index=["plan_id", "scope"], columns="measure", values="value", aggfunc="first"
    )
    wide = wide.reset_index().rename(columns={"scope": "pillar_id"})
    return pillars.merge(wide, on=["plan_id", "pillar_id"], how="left")


def plan_vs_national(sectors: pd.DataFrame, national: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The plan's sectors next to the national pillars they map to.

    One row per sector; a sector mapped to pillar ``none`` keeps its row with an empty
    national side. ``plan_share`` is the sector's budget over the plan's stated total
    (``share_of_plan_budget``: shares need not add to 1 when a sector's budget is not stated),
    ``national_share`` the pillar's cost over the national pillars' sum. ``counterpart``
    names the pillar or "no national counterpart"; ``pair_label`` both sides for charts.
    """
    plan = pd.DataFrame(
        {
            "sector_id": sectors["sector_id"],
            "sector": sectors[f"sector_{lang}"],
            "pillar_id": sectors["pillar_id"],
            "mapping_note": sectors[f"pillar_note_{lang}"],
            "plan_budget_krw": sectors["total_budget_krw"].astype("float64"),
            "plan_jobs": sectors["jobs"].astype("float64"),
            "plan_share": sectors["share_of_plan_budget"].astype("float64"),
        }
    )
    nat = national.rename(
        columns={
            f"pillar_name_{lang}": "pillar",
            "total_cost": "national_cost_krw",
            "jobs": "national_jobs",
            "national_treasury": "national_treasury_krw",
        }
    )
    nat = nat.assign(national_share=nat["national_cost_krw"] / nat["national_cost_krw"].sum())
    keep = ["pillar_id", "pillar", "national_cost_krw", "national_jobs", "national_share"]
    if "national_treasury_krw" in nat.columns:
        keep.append("national_treasury_krw")
    out = plan.merge(nat[keep], on="pillar_id", how="left")
    out["has_counterpart"] = out["national_cost_krw"].notna()
    out["counterpart"] = out["pillar"].fillna(text("no_counterpart", lang))
    out["pair_label"] = [
        wrap(f"{s} ↔ {p}", 26) if has else s
        for s, p, has in zip(out["sector"], out["pillar"], out["has_counterpart"], strict=True)
    ]
    return out


def national_plan_totals(reference: pd.DataFrame, horizon: int = PILLAR_HORIZON) -> dict[str, int]:
    """The national plan's whole-plan figures at a horizon (``total_cost``,
    ``national_treasury``, ``local_government``, ``private``, ``jobs`` where stated)."""
    rows = national_rows(reference, "plan", horizon)
    return {m: int(v) for m, v in zip(rows["measure"], rows["value"], strict=True)}


def national_plan_date(reference: pd.DataFrame) -> str:
    """The date of the national plan (ISO), as the reference figures give it: the source date
    of its whole-plan total cost to :data:`PILLAR_HORIZON` (the report of the plan itself).

    Examples
    --------
    >>> ref = pd.DataFrame({"scope": ["plan", "plan"], "measure": ["total_cost"] * 2,
    ...     "horizon_year": [2025, 2022], "value": [3, 2],
    ...     "source_date": ["2020-07-14", "2020-07-15"]})
    >>> national_plan_date(ref)
    '2020-07-14'
    """
    return str(
        national_rows(reference, "plan", PILLAR_HORIZON, ["total_cost"])["source_date"].iloc[0]
    )


def national_plan_name(announced: str, horizon: int, lang: str) -> str:
    """The national plan as a chart or table names it: with the month it was announced
    (:func:`national_plan_date`) and the horizon of the figures beside the name.

    Examples
    --------
    >>> national_plan_name("2020-07-14", 2022, "en"), national_plan_name("2020-07-14", 2025, "ko")
    ('Korean New Deal (July 2020, to 2022)', '한국판 뉴딜 (2020년 7월, 2025년까지)')
    """
    return text("national_plan", lang, year=horizon, month=written_date(announced[:7], lang))


def first_phase_horizon(reference: pd.DataFrame) -> int | None:
    """The end of the national plan's first phase: the earliest year before
    :data:`PILLAR_HORIZON` to which it states its whole total cost; None if it states none.

    Examples
    --------
    >>> ref = pd.DataFrame({"scope": ["plan", "plan", "digital"], "measure": ["total_cost"] * 3,
    ...     "horizon_year": [2025, 2022, 2021], "value": [3, 2, 1]})
    >>> first_phase_horizon(ref), first_phase_horizon(ref[ref["horizon_year"] == 2025])
    (2022, None)
    """
    whole = reference[(reference["scope"] == "plan") & (reference["measure"] == "total_cost")]
    earlier = whole.loc[whole["horizon_year"] < PILLAR_HORIZON, "horizon_year"]
    return int(earlier.min()) if len(earlier) else None


def national_horizon(reference: pd.DataFrame, plan_horizon: int | None) -> int:
    """The national horizon to set beside a plan's whole-plan figures: the plan's own
    horizon year when the national plan states its total cost and jobs to that year,
    else :data:`PILLAR_HORIZON`.

    Examples
    --------
    >>> ref = pd.DataFrame({"scope": ["plan"] * 4, "measure": ["total_cost", "jobs"] * 2,
    ...     "horizon_year": [2022, 2022, 2025, 2025], "value": [1, 2, 3, 4]})
    >>> national_horizon(ref, 2022), national_horizon(ref, 2024), national_horizon(ref, None)
    (2022, 2025, 2025)
    """
    if plan_horizon is None:
        return PILLAR_HORIZON
    stated = set(national_plan_totals(reference, int(plan_horizon)))
    return int(plan_horizon) if {"total_cost", "jobs"} <= stated else PILLAR_HORIZON


def national_scale(
    comparison: pd.DataFrame,
    plan_total_krw: int,
    national_totals: dict[str, int],
    basis: MoneyBasis,
    horizon: int = PILLAR_HORIZON,
    *,
    announced: str,
) -> pd.DataFrame:
    """How big the plan is next to the national plan, per sector and overall.

    Parameters
    ----------
    comparison : pandas.DataFrame
        :func:`plan_vs_national`.
    plan_total_krw : int
        The plan's stated total budget.
    national_totals : dict
        :func:`national_plan_totals` at the horizon set beside the whole plan.
    basis : MoneyBasis
        Display unit, price basis and language.
    horizon : int
        That horizon (:func:`national_horizon`): the whole national plan's row is labelled
        with it, so a first-phase figure (to 2022) is never called the plan to 2025.
    announced : str
        The national plan's date (:func:`national_plan_date`), in the whole plan's row label.

    Returns
    -------
    pandas.DataFrame
        One row per sector (empty national side without a counterpart) and a last row
        ``plan`` for the two whole plans: ``row_id, label, sector, counterpart,
        plan_budget_krw, national_cost_krw, national_treasury_krw, has_counterpart``, the
        amounts on the display basis (``plan_budget, national_cost, national_treasury``),
        ``plan_fraction`` (plan / national), ``plan_percent`` and ``national_multiple``.
    """
    lang = basis.lang
    if "national_treasury_krw" not in comparison.columns:
        comparison = comparison.assign(national_treasury_krw=float("nan"))
    rows = comparison.assign(row_id=comparison["sector_id"], label=comparison["pair_label"])
    whole = {
        "row_id": "plan",
        "label": wrap(
            f"{text('whole_plan', lang)} ↔ {national_plan_name(announced, horizon, lang)}", 26
        ),
        "sector": text("whole_plan", lang),
        "counterpart": national_plan_name(announced, horizon, lang),
        "plan_budget_krw": plan_total_krw,
        "national_cost_krw": national_totals["total_cost"],
        "national_treasury_krw": national_totals.get("national_treasury"),
        "has_counterpart": True,
    }
    out = pd.concat([rows[list(whole)], pd.DataFrame([whole])], ignore_index=True)
    for name in ("plan_budget", "national_cost", "national_treasury"):
        out[f"{name}_krw"] = out[f"{name}_krw"].astype("float64")
        out[name] = basis.convert(out[f"{name}_krw"])
    out["plan_fraction"] = out["plan_budget_krw"] / out["national_cost_krw"]
    out["plan_percent"] = 100 * out["plan_fraction"]
    out["national_multiple"] = out["national_cost_krw"] / out["plan_budget_krw"]
    return out


#: Colours of rows that are not a sector: whole plan, rest of the plan, programmes.
ENTITY_COLORS: dict[str, str] = {"plan": SECTOR_COLORS["plan"], "other_sectors": REMAINDER_COLOR}
PROGRAMME_COLOR = "#D55E00"
NATIONAL_COLOR = NATIONAL_BAR_COLOR


def _entity_kinds(jobs: pd.DataFrame, sectors: pd.DataFrame) -> list[str]:
    """What each row of a jobs-per-budget table is: ``national``, ``plan``,
    ``other_sectors``, ``sector`` or ``programme``."""
    kinds = []
    for entity, group in zip(jobs["entity_id"], jobs["group"], strict=True):
        if group == "national":
            kinds.append("national")
        elif entity in ENTITY_COLORS:
            kinds.append(str(entity))
        elif entity in set(sectors["sector_id"]):
            kinds.append("sector")
        else:
            kinds.append("programme")
    return kinds


def entity_colors(jobs: pd.DataFrame, sectors: pd.DataFrame) -> list[str]:
    """Bar colours for a jobs-per-budget chart: a sector takes its national pillar's colour
    (:data:`PILLAR_COLORS`, from the editorial mapping, never from sector ids), national rows
    light grey, programmes and the rest of the plan their own colours.

    Examples
    --------
    >>> j = pd.DataFrame({"entity_id": ["plan", "bio", "national_green", "refresh"],
    ...     "group": ["plan", "plan", "national", "plan"]})
    >>> s = pd.DataFrame({"sector_id": ["bio"], "pillar_id": ["none"]})
    >>> entity_colors(j, s)
    ['#555555', '#CC79A7', '#BBBBBB', '#D55E00']
    """
    pillar_of = dict(zip(sectors["sector_id"], sectors["pillar_id"], strict=True))
    colours = []
    for entity, kind in zip(jobs["entity_id"], _entity_kinds(jobs, sectors), strict=True):
        if kind == "sector":
            colours.append(PILLAR_COLORS.get(pillar_of[entity], PILLAR_COLORS["none"]))
        else:
            colours.append(
                {"national": NATIONAL_COLOR, "programme": PROGRAMME_COLOR}.get(kind)
                or ENTITY_COLORS[kind]
            )
    return colours


def entity_groups(jobs: pd.DataFrame) -> list[tuple[str, bool]]:
    """The groups a jobs-per-budget chart sorts its bars within
    (:func:`analysis.briefing.charts.bar_order`): the whole plan, its parts, the national
    plan, its pillars, in that order.

    Examples
    --------
    >>> j = pd.DataFrame({"entity_id": ["plan", "a", "national_plan"],
    ...     "group": ["plan", "plan", "national"]})
    >>> entity_groups(j)
    [('plan', False), ('plan', True), ('national', False)]
    """
    wholes = jobs["entity_id"].isin(["plan", "national_plan"])
    return [(str(g), bool(part)) for g, part in zip(jobs["group"], ~wholes, strict=True)]


def entity_color_key(jobs: pd.DataFrame, sectors: pd.DataFrame, lang: str) -> str:
    """The caption's key to the colours :func:`entity_colors` gives a jobs-per-budget chart:
    one entry per kind of bar drawn, named by the colour's word
    (:func:`analysis.briefing.charts.color_key`), sectors and programmes (both coloured)
    in one entry.

    Examples
    --------
    >>> j = pd.DataFrame({"entity_id": ["plan", "bio", "national_green"],
    ...     "group": ["plan", "plan", "national"]})
    >>> s = pd.DataFrame({"sector_id": ["bio"], "pillar_id": ["none"]})
    >>> entity_color_key(j, s, "en")
    'Dark grey bars: the whole plan; coloured bars: sectors with stated jobs; light grey bars: \
the national Korean New Deal'
    """
    kinds = _entity_kinds(jobs, sectors)
    colours = dict(zip(kinds, entity_colors(jobs, sectors), strict=True))
    coloured = [k for k in ("sector", "programme") if k in colours]
    entries = [
        (colours[k], text(f"key_{k}", lang)) for k in ("plan", "other_sectors") if k in colours
    ]
    if coloured:
        entries.insert(1, (colours[coloured[0]], text("key_" + "_".join(coloured), lang)))
    if "national" in colours:
        entries.append((colours["national"], text("key_national", lang)))
    return color_key(entries, lang)


def period_ends(
    figures: pd.DataFrame, projects: pd.DataFrame, sectors: pd.DataFrame, lang: str
) -> pd.DataFrame:
    """The parts of a plan stated to run to a year of their own (not the whole plan's).

    Parameters
    ----------
    figures, projects, sectors : pandas.DataFrame
        The plan's processed tables.
    lang : {"ko", "en"}

    Returns
    -------
    pandas.DataFrame
        ``year, name, paragraph``, one row per preferred ``period_end_year`` statement, by
        year: ``name`` is the project's (or sector's) name in ``lang``, the scope id where
        neither table names it; ``paragraph`` is where the year is stated.

    Examples
    --------
    >>> f = pd.DataFrame({"scope": ["plan", "p1"], "measure": ["period_end_year"] * 2,
    ...     "value": [2025, 2021], "source_paragraph": [1, 9], "preferred": [True, True]})
    >>> p = pd.DataFrame({"project_id": ["p1"], "name_en": ["G&B City"]})
    >>> s = pd.DataFrame({"sector_id": ["a"], "sector_en": ["Green"]})
    >>> period_ends(f, p, s, "en").to_dict("records")
    [{'year': 2021, 'name': 'G&B City', 'paragraph': 9}]
    """
    rows = preferred_only(
        figures[(figures["measure"] == "period_end_year") & (figures["scope"] != "plan")]
    )
    names = dict(zip(sectors["sector_id"], sectors[f"sector_{lang}"], strict=True))
    names.update(zip(projects["project_id"], projects[f"name_{lang}"], strict=True))
    out = pd.DataFrame(
        {
            "year": rows["value"].astype("int64"),
            "name": [names.get(s, s) for s in rows["scope"]],
            "paragraph": rows["source_paragraph"].astype("int64"),
        }
    )
    return out.sort_values(["year", "paragraph"]).reset_index(drop=True)


def derived_pillar_figures(reference: pd.DataFrame, horizon: int = PILLAR_HORIZON) -> pd.DataFrame:
    """The national pillars' figures that no source prints with their meaning
    (``is_derived``) and that equal the whole plan's figure minus the other pillars' (same
    measure and horizon): the safety net's 국비, 114.1 − 44.8 − 42.7조원.

    Returns
    -------
    pandas.DataFrame
        ``pillar_id, measure, value, whole, parts``, one row per such figure; ``parts`` is
        the list of the other pillars' values, in table order. A derived figure that is not
        that difference is left out.

    Examples
    --------
    >>> r = pd.DataFrame({"scope": ["plan", "a", "b", "c"], "measure": ["cost"] * 4,
    ...     "horizon_year": [2025] * 4, "value": [10, 5, 3, 2],
    ...     "is_derived": [False, False, False, True]})
    >>> derived_pillar_figures(r).to_dict("records")
    [{'pillar_id': 'c', 'measure': 'cost', 'value': 2, 'whole': 10, 'parts': [5, 3]}]
    >>> derived_pillar_figures(r.assign(value=[10, 5, 3, 1])).empty
    True
    """
    at = reference[reference["horizon_year"] == horizon]
    found = []
    for _, row in at[at["is_derived"].astype(bool) & (at["scope"] != "plan")].iterrows():
        same = at[at["measure"] == row["measure"]]
        whole = same.loc[same["scope"] == "plan", "value"]
        parts = [int(v) for v in same.loc[~same["scope"].isin(["plan", row["scope"]]), "value"]]
        if len(whole) == 1 and parts and int(whole.iloc[0]) - sum(parts) == int(row["value"]):
            found.append(
                (row["scope"], row["measure"], int(row["value"]), int(whole.iloc[0]), parts)
            )
    return pd.DataFrame(found, columns=["pillar_id", "measure", "value", "whole", "parts"])


@dataclass(frozen=True)
class MixContrast:
    """Where a plan's sector mix departs from the national plan's (:func:`mix_contrast`).

    ``national_pair`` holds the rows (of :func:`plan_vs_national`) of the two paired sectors
    whose national pillars are largest, largest first; ``similar`` says whether those two
    pillars are of similar size (:data:`SIMILAR_SIZE`); ``plan_pair`` holds the same two rows
    ordered by their share of the plan, largest first; ``heavier`` the other paired sectors
    with a larger share of the plan than their pillar has of the national plan.
    """

    national_pair: pd.DataFrame
    similar: bool
    plan_pair: pd.DataFrame
    heavier: pd.DataFrame


def mix_contrast(comparison: pd.DataFrame) -> MixContrast | None:
    """How the plan's shares differ from the national pillars' shares.

    Parameters
    ----------
    comparison : pandas.DataFrame
        :func:`plan_vs_national`.

    Returns
    -------
    MixContrast or None
        None unless at least two sectors have a national counterpart and a stated share.

    Examples
    --------
    >>> m = pd.DataFrame({"sector_id": ["d", "g", "s"], "has_counterpart": [True] * 3,
    ...     "plan_share": [0.066, 0.569, 0.306], "national_share": [0.364, 0.459, 0.178]})
    >>> c = mix_contrast(m)
    >>> list(c.national_pair["sector_id"]), c.similar, list(c.plan_pair["sector_id"])
    (['g', 'd'], False, ['g', 'd'])
    >>> list(c.heavier["sector_id"])
    ['s']
    """
    paired = comparison[
        comparison["has_counterpart"]
        & comparison["plan_share"].notna()
        & comparison["national_share"].notna()
    ]
    if len(paired) < 2:
        return None
    pair = paired.sort_values("national_share", ascending=False, kind="stable").iloc[:2]
    shares = pair["national_share"].to_list()
    rest = paired.drop(index=pair.index)
    return MixContrast(
        national_pair=pair,
        similar=bool(shares[1] >= SIMILAR_SIZE * shares[0]),
        plan_pair=pair.sort_values("plan_share", ascending=False, kind="stable"),
        heavier=rest[rest["plan_share"] > rest["national_share"]],
    )
