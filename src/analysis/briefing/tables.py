"""The analysis tables the briefings chart: sectors, jobs, the Refresh programme."""

from __future__ import annotations

import pandas as pd

from analysis.briefing.funding import preferred_figures, preferred_rows
from analysis.briefing.labels import text, wrap
from analysis.briefing.money import MoneyBasis
from analysis.briefing.national_comparison import PILLAR_HORIZON, national_plan_name
from analysis.briefing.parameters import JOBS_SPLITS, ParameterError


def plan_headline(figures: pd.DataFrame, plan_id: str) -> dict[str, int]:
    """The plan's stated headline figures (sector_count, project_count, total_budget, jobs...
    where stated), each from its preferred statement."""
    return preferred_figures(figures, plan_id)


def sector_summary(sectors: pd.DataFrame, basis: MoneyBasis) -> pd.DataFrame:
    """Budgets by sector on the display basis, with shares of the plan.

    Returns one row per sector: ``sector_id``, ``sector`` (its name), ``total``, ``own`` (the
    plan's own government's funds: 시비, 군비 or 도비), ``not_own`` (the rest of its budget),
    all on the display basis; ``share_of_plan`` (of the plan's budget), ``own_share`` and
    ``not_own_share`` (of the sector's budget); ``named_projects`` and ``brand_projects``.
    """
    lang = basis.lang
    out = pd.DataFrame(
        {
            "sector_id": sectors["sector_id"],
            "sector": sectors[f"sector_{lang}"],
            "total": basis.convert(sectors["total_budget_krw"]),
            "own": basis.convert(sectors["own_funds_krw"]),
            "not_own": basis.convert(sectors["not_own_funds_krw"]),
            "share_of_plan": sectors["share_of_plan_budget"],
            "own_share": sectors["own_share_of_sector"],
            "not_own_share": sectors["not_own_share_of_sector"],
            "named_projects": sectors["named_project_count"],
            "brand_projects": sectors["brand_project_count"],
        }
    )
    return out.reset_index(drop=True)


def split_other_jobs(sectors: pd.DataFrame, how: str, plan_jobs: int | None = None) -> pd.DataFrame:
    """Jobs per sector: stated where the text states them, the rest of the plan's jobs
    left unsplit or split across the sectors without stated jobs (an assumption).

    Parameters
    ----------
    sectors : pandas.DataFrame
        The processed ``sectors`` table (``sector_id``, ``jobs``, budgets).
    how : {"none", "budget", "own_funds"}
        ``"none"`` leaves the sectors without stated jobs empty (NaN); ``"budget"`` and
        ``"own_funds"`` split the remainder in proportion to their total budget or to the plan's
        own government's funds (시비, 군비 or 도비).
    plan_jobs : int, optional
        The plan's stated jobs. Needed unless ``how="none"``.

    Returns
    -------
    pandas.DataFrame
        ``sector_id, jobs, jobs_is_assumption``, one row per sector in table order.
    """
    if how not in JOBS_SPLITS:
        raise ParameterError(f"parameter jobs_split={how!r} is invalid; allowed: {JOBS_SPLITS}")
    stated = sectors["jobs"].astype("Float64")
    out = pd.DataFrame(
        {"sector_id": sectors["sector_id"], "jobs": stated, "jobs_is_assumption": False}
    )
    missing = stated.isna()
    if how == "none" or not missing.any() or split_basis_missing(sectors, how):
        return out
    if plan_jobs is None:
        raise ValueError("pass plan_jobs to split jobs")
    remainder = plan_jobs - float(stated.sum())
    weights = sectors.loc[missing, _split_weight_column(how)]
    out.loc[missing, "jobs"] = remainder * weights / weights.sum()
    out.loc[missing, "jobs_is_assumption"] = True
    return out


def _split_weight_column(how: str) -> str:
    return "total_budget_krw" if how == "budget" else "own_funds_krw"


def jobs_stated_only_in_total(
    sectors: pd.DataFrame, figures: pd.DataFrame, plan_id: str
) -> tuple[int, list[int]] | None:
    """The jobs the plan states only in total for its sectors without stated jobs.

    Returns
    -------
    tuple of (int, list of int) or None
        The plan's jobs minus each stated sector's jobs, and the figures subtracted (the
        plan's jobs, then the sectors', in table order); None unless the difference is exact
        and positive: plan and sector jobs stated, none approximate (여, 이상).

    Examples
    --------
    >>> s = pd.DataFrame({"jobs": [9348, None], "jobs_approx": [False, None]})
    >>> f = pd.DataFrame({"plan_id": ["p"], "scope": ["plan"], "measure": ["jobs"],
    ...     "value": [9897], "approx": [False]})
    >>> jobs_stated_only_in_total(s, f, "p")
    (549, [9897, 9348])
    >>> jobs_stated_only_in_total(s, f.assign(approx=[True]), "p") is None
    True
    """
    plan = preferred_rows(figures, plan_id)
    plan = plan[plan["measure"] == "jobs"]
    stated = sectors["jobs"].notna()
    if plan.empty or plan["approx"].astype(bool).any() or not stated.any():
        return None
    if sectors.loc[stated, "jobs_approx"].fillna(False).astype(bool).any():
        return None
    parts = [int(plan["value"].iloc[0]), *(int(j) for j in sectors.loc[stated, "jobs"])]
    left = parts[0] - sum(parts[1:])
    return (left, parts) if left > 0 and not stated.all() else None


def split_basis_missing(sectors: pd.DataFrame, how: str) -> list[str]:
    """Sectors without stated jobs whose split weight (budget or own funds) is not stated
    either: with any, :func:`split_other_jobs` leaves the jobs unsplit.

    Examples
    --------
    >>> s = pd.DataFrame({"sector_id": ["a", "b"], "jobs": [5, None],
    ...     "total_budget_krw": [1, None], "own_funds_krw": [None, None]})
    >>> split_basis_missing(s, "budget"), split_basis_missing(s, "none")
    (['b'], [])
    """
    if how == "none":
        return []
    weights = sectors.loc[sectors["jobs"].isna(), ["sector_id", _split_weight_column(how)]]
    return list(weights.loc[weights.iloc[:, 1].isna(), "sector_id"])


def sector_jobs(sectors: pd.DataFrame, how: str, plan_jobs: int, basis: MoneyBasis) -> pd.DataFrame:
    """Jobs and jobs per budget by sector, split by :func:`split_other_jobs`.

    Parameters
    ----------
    sectors : pandas.DataFrame
        The processed ``sectors`` table.
    how : {"none", "budget", "own_funds"}
        The ``jobs_split`` parameter (see :func:`split_other_jobs`).
    plan_jobs : int
        The plan's stated jobs.
    basis : MoneyBasis
        Display unit, price basis and language.

    Returns
    -------
    pandas.DataFrame
        ``sector_id, sector, label, jobs, jobs_is_assumption, budget, jobs_per_base``;
        ``label`` carries "(가정)" / "(assumed)" where the jobs are an assumption,
        ``budget`` is on the display basis.
    """
    split = split_other_jobs(sectors, how, plan_jobs)
    names = sectors[f"sector_{basis.lang}"]
    out = split.assign(
        sector=names.to_numpy(),
        label=[
            text("assumed", basis.lang, label=n) if a else n
            for n, a in zip(names, split["jobs_is_assumption"], strict=True)
        ],
        budget=basis.convert(sectors["total_budget_krw"]).to_numpy(),
    )
    jobs = out["jobs"].astype("float64")
    out["jobs_per_base"] = basis.jobs_per_base(jobs, sectors["total_budget_krw"]).to_numpy()
    return out[
        ["sector_id", "sector", "label", "jobs", "jobs_is_assumption", "budget", "jobs_per_base"]
    ]


def sectors_without_jobs(sectors: pd.DataFrame, lang: str) -> str:
    """The names of the sectors that state no jobs, joined by ``+``: the remainder row of
    :func:`jobs_per_budget` (plan minus the sectors with stated jobs) stands for them.

    Examples
    --------
    >>> s = pd.DataFrame({"sector_en": ["Digital", "Green", "Safety"], "jobs": [None, None, 9]})
    >>> sectors_without_jobs(s, "en")
    'Digital + Green'
    """
    return " + ".join(sectors.loc[sectors["jobs"].isna(), f"sector_{lang}"])


def _row(entity_id: str, entity: str, jobs: int, budget_krw: int, months: object = None) -> dict:
    return {
        "entity_id": entity_id,
        "entity": entity,
        "jobs": jobs,
        "budget_krw": budget_krw,
        "months": months,
    }


def _entity_rows(
    sectors: pd.DataFrame,
    programme: pd.DataFrame,
    plan_jobs: int | None,
    plan_budget_krw: int | None,
    lang: str,
    who: str,
) -> list[dict[str, object]]:
    """The plan's rows: whole plan, sectors with stated jobs and budget, the rest of the
    plan (plan minus those sectors) when some sectors state no jobs, programmes."""
    rows: list[dict[str, object]] = []
    if plan_jobs is not None and plan_budget_krw is not None:
        rows.append(_row("plan", text("plan_whole", lang, who=who), plan_jobs, plan_budget_krw))
    with_jobs = sectors[sectors["jobs"].notna() & sectors["total_budget_krw"].notna()]
    for _, sec in with_jobs.iterrows():
        name = f"{who}: {sec[f'sector_{lang}']}"
        rows.append(_row(sec["sector_id"], name, int(sec["jobs"]), int(sec["total_budget_krw"])))
    others = sectors[sectors["jobs"].isna()]
    if not others.empty and not with_jobs.empty and rows and rows[0]["entity_id"] == "plan":
        rest_jobs = int(plan_jobs) - int(with_jobs["jobs"].sum())
        rest_krw = int(plan_budget_krw) - int(with_jobs["total_budget_krw"].sum())
        if rest_jobs > 0 and rest_krw > 0:
            name = text("entity_rest", lang, who=who, sectors=sectors_without_jobs(sectors, lang))
            rows.append(_row("other_sectors", name, rest_jobs, rest_krw))
    for _, prog in programme[programme["national_funding_krw"].notna()].iterrows():
        months = None if pd.isna(prog["duration_months"]) else int(prog["duration_months"])
        name = f"{who}: {prog[f'name_{lang}']} ({text('programme_basis', lang)})"
        rows.append(
            _row(
                prog["project_id"],
                name,
                int(prog["workers_announced"]),
                int(prog["national_funding_krw"]),
                months,
            )
        )
    return rows


def _national_rows(
    national: pd.DataFrame, national_totals: dict[str, int], announced: str, lang: str
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {
            "entity_id": "national_plan",
            "entity": national_plan_name(announced, PILLAR_HORIZON, lang),
            "jobs": int(national_totals["jobs"]),
            "budget_krw": int(national_totals["total_cost"]),
            "months": None,
        }
    ]
    for _, pil in national.iterrows():
        rows.append(
            {
                "entity_id": f"national_{pil['pillar_id']}",
                "entity": f"{text('national', lang)}: {pil[f'pillar_name_{lang}']}",
                "jobs": int(pil["jobs"]),
                "budget_krw": int(pil["total_cost"]),
                "months": None,
            }
        )
    return rows


def jobs_per_budget(
    sectors: pd.DataFrame,
    programme: pd.DataFrame,
    plan_jobs: int | None,
    plan_budget_krw: int | None,
    basis: MoneyBasis,
    national: pd.DataFrame | None = None,
    national_totals: dict[str, int] | None = None,
    *,
    who: str,
    national_announced: str | None = None,
) -> pd.DataFrame:
    """Jobs per budget for the whole plan, the sectors with stated jobs, the rest of the plan
    (plan minus those sectors, when some sectors state no jobs), each public-jobs programme
    (per worker and per worker-month) and, if given, the national plan and its pillars.

    Parameters
    ----------
    sectors, programme : pandas.DataFrame
        The processed ``sectors`` and ``refresh_programme`` tables.
    plan_jobs, plan_budget_krw : int or None
        The plan's stated jobs and total budget (nominal KRW); None when not stated (no
        whole-plan and no rest-of-plan row then).
    basis : MoneyBasis
        Display unit and price basis.
    national : pandas.DataFrame, optional
        :func:`national_pillars` (``pillar_id``, ``pillar_name_*``, ``jobs``, ``total_cost``).
    national_totals : dict, optional
        :func:`national_plan_totals` (``jobs``, ``total_cost``) at the pillars' horizon
        (:data:`~analysis.briefing.national_comparison.PILLAR_HORIZON`, named in the row's
        label); needed with ``national``.
    who : str
        The plan's government as readers name it (의정부시, Gyeonggi Province); prefixes
        every plan row.
    national_announced : str, optional
        The national plan's date (:func:`~analysis.briefing.national_comparison.national_plan_date`),
        in its row's label; needed with ``national``.

    Returns
    -------
    pandas.DataFrame
        One row per entity: ``entity_id, entity, label, group ("plan"/"national"), jobs,
        budget_krw, months, budget, jobs_per_base, jobs_per_100m_krw, budget_per_job,
        budget_per_job_krw, worker_months, budget_per_worker_month,
        budget_per_worker_month_krw``. ``budget``, ``jobs_per_base`` and ``budget_per_*``
        are on the display basis; ``jobs_per_100m_krw`` (jobs per 1억원) and ``*_krw`` are
        nominal 2020 KRW, whatever the basis.
        For a programme, ``jobs`` are its workers and ``budget_krw`` its 국비.
    """
    rows = _entity_rows(sectors, programme, plan_jobs, plan_budget_krw, basis.lang, who)
    group = ["plan"] * len(rows)
    if national is not None:
        if national_totals is None or national_announced is None:
            raise ValueError("national_totals and national_announced are needed with national")
        extra = _national_rows(national, national_totals, national_announced, basis.lang)
        rows += extra
        group += ["national"] * len(extra)
    out = pd.DataFrame(rows)
    out.insert(2, "label", [wrap(e, 30) for e in out["entity"]])
    out.insert(3, "group", group)
    out["months"] = out["months"].astype("Float64")
    out["budget"] = basis.convert(out["budget_krw"])
    out["jobs_per_base"] = basis.jobs_per_base(out["jobs"].astype("float64"), out["budget_krw"])
    out["jobs_per_100m_krw"] = out["jobs"] / (out["budget_krw"] / 1e8)
    out["budget_per_job"] = out["budget"] / out["jobs"]
    out["budget_per_job_krw"] = out["budget_krw"] / out["jobs"]
    out["worker_months"] = out["jobs"] * out["months"]
    out["budget_per_worker_month"] = out["budget"] / out["worker_months"]
    out["budget_per_worker_month_krw"] = out["budget_krw"] / out["worker_months"]
    return out


def workers_by_field(fields: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Workers of a public-jobs programme by field.

    Parameters
    ----------
    fields : pandas.DataFrame
        The processed ``refresh_workers_by_field`` table.
    lang : {"ko", "en"}

    Returns
    -------
    pandas.DataFrame
        ``field_id, field`` (wrapped for chart labels), ``workers, share``; ``share`` is of
        the sum over fields, which need not equal the announced total.
    """
    return pd.DataFrame(
        {
            "field_id": fields["field_id"],
            "field": [wrap(f, 24) for f in fields[f"field_{lang}"]],
            "workers": fields["workers"].astype("int64"),
            "share": fields["share_of_field_sum"],
        }
    ).reset_index(drop=True)


def budget_vs_jobs_shares(
    sectors: pd.DataFrame, plan_jobs: int, plan_total_krw: int, lang: str
) -> pd.DataFrame:
    """Each sector's share of the budget next to its share of the plan's jobs.

    A budget share is of the plan's stated total (as ``share_of_plan_budget``), the one
    denominator of "share of the plan's budget" on every page, also where the sectors do not
    add up to that total (the audit's finding; the shares then do not add up to 100%).
    Sectors without stated jobs get no jobs share; their jobs together (plan jobs minus the
    stated sector jobs) form an extra part ``other_sectors`` with no budget share of its own
    (its budget is that of the sectors it joins). Parts are ordered: sectors without stated
    jobs, ``other_sectors``, sectors with stated jobs. A sector with neither a stated budget
    nor stated jobs has nothing of its own to show: it is named only among the ``members``
    of ``other_sectors``, not also as a part of its own (a table row with no figures).

    Parameters
    ----------
    sectors : pandas.DataFrame
        The processed ``sectors`` table.
    plan_jobs : int
        The plan's stated jobs.
    plan_total_krw : int
        The plan's stated total budget (the preferred statement), the budget shares' whole.
    lang : {"ko", "en"}

    Returns
    -------
    pandas.DataFrame
        ``part_id, part, members, budget_krw, budget_share, jobs, jobs_share``; ``members``
        names the sectors a part stands for.
    """
    has_jobs = sectors["jobs"].notna()
    part = pd.DataFrame(
        {
            "part_id": sectors["sector_id"],
            "part": sectors[f"sector_{lang}"],
            "members": sectors[f"sector_{lang}"],
            "budget_krw": sectors["total_budget_krw"].astype("float64"),
            "budget_share": sectors["total_budget_krw"].astype("float64") / plan_total_krw,
            "jobs": sectors["jobs"].astype("float64"),
        }
    )
    others = sectors.loc[~has_jobs, f"sector_{lang}"]
    # a sector without jobs is a part for its budget share; without a budget it has none
    own_part = (~has_jobs & sectors["total_budget_krw"].notna()).to_numpy()
    joined = {
        "part_id": "other_sectors",
        "part": text("other_sectors_together", lang),
        "members": " + ".join(others),
        "budget_krw": float("nan"),
        "budget_share": float("nan"),
        "jobs": float(plan_jobs - sectors.loc[has_jobs, "jobs"].sum()),
    }
    out = pd.concat(
        [part[own_part], pd.DataFrame([joined]), part[has_jobs.to_numpy()]],
        ignore_index=True,
    )
    out["jobs_share"] = out["jobs"] / plan_jobs
    return out
