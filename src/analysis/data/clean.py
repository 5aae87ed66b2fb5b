"""Cleaning: raw tables as published -> tidy, typed tables with ko/en labels.

Every amount is parsed by :func:`analysis.data.korean_amounts.parse_korean_amount` into an
exact ``int`` (KRW, people, counts), with its stated precision and qualifier (여, 이상).
Derived columns are computed here, explicitly, and described in the processed contracts
(:mod:`analysis.data.processed_schemas`), which also fix each table's column order. Funding
is kept as stated: the plan's own government's funds (시비, 군비 or 도비) where stated, and
the remainder of a sector's total named for what it is, *not the plan's own government's
funds*, never as national funding. A part larger than its stated whole is kept (the audit
reports it). Nothing in this module reads or writes files: :mod:`analysis.data.refresh`
does that.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.clean_common import (
    EOK,
    UNIT_NAMES,
    amounts_column,
    bool_column,
    english_names,
    figure_row,
    int_column,
    preferred_figure_rows,
    share,
)
from analysis.data.clean_programmes import (
    add_announced_share,
    clean_projects,
    clean_refresh_programme,
    clean_refresh_workers,
)
from analysis.data.clean_reference import (
    clean_cpi,
    clean_exchange_rates,
    clean_population,
    clean_reference_figures,
)
from analysis.data.contracts import preferred_rows
from analysis.data.raw import RawData
from analysis.data.raw_schemas import MONEY_MEASURES, OWN_FUNDS_TERMS

__all__ = [
    "EOK",
    "build_processed",
    "clean_figures",
    "clean_plans",
    "clean_sectors",
    "clean_sources",
    "clean_tasks",
    "figure_row",
]

#: Sector measures taken from the preferred figures.
_SECTOR_MEASURES = ("total_budget", "own_funds", "jobs", "task_count", "project_count")


def clean_figures(raw: RawData) -> pd.DataFrame:
    """Every statement of a figure of every plan, parsed: one row per statement.

    ``unit`` is ``KRW`` for every money measure (also when the text leaves 원 off);
    ``precision`` and ``qualifier`` say how exactly the text states it; ``preferred`` marks
    the statement the cleaning and the audit use
    (:func:`~analysis.data.contracts.preferred_rows`).
    """
    fig = raw["figures"]
    amounts = amounts_column(raw, "figures", "value_raw")
    units = [
        "KRW" if measure in MONEY_MEASURES else UNIT_NAMES[a.unit]
        for measure, a in zip(fig["measure"], amounts, strict=True)
    ]
    out = fig.drop(columns=["value_raw", "preferred"]).assign(
        value=pd.Series([a.value for a in amounts], dtype="int64"),
        unit=units,
        approx=pd.Series([a.approx for a in amounts], dtype=bool),
        qualifier=[a.qualifier for a in amounts],
        precision=pd.Series([a.precision for a in amounts], dtype="int64"),
        value_raw=fig["value_raw"],
        source_paragraph=int_column(raw, "figures", "source_paragraph").astype("int64"),
        preferred=pd.Series(preferred_rows(raw), dtype=bool),
    )
    return out


def _value(found: pd.Series | None) -> int | None:
    return None if found is None else int(found["value"])


def _sector_row(
    row: pd.Series, preferred: dict[tuple[str, str, str], pd.Series], projects: pd.DataFrame
) -> dict:
    plan, sector = row["plan_id"], row["sector_id"]
    found = {m: figure_row(preferred, sector, m, plan) for m in _SECTOR_MEASURES}
    stated = [f for f in found.values() if f is not None]
    own_source = row["source_id"]
    paragraphs = {int(f["source_paragraph"]) for f in stated if f["source_id"] == own_source}
    refs = {(f["source_id"], int(f["source_paragraph"])) for f in stated}
    if own_source:
        paragraphs.add(int(row["source_paragraph"]))
        refs.add((own_source, int(row["source_paragraph"])))
    in_sector = projects[(projects["plan_id"] == plan) & (projects["sector_id"] == sector)]
    top = in_sector[in_sector["parent_project_id"] == ""]
    return {
        "plan_id": plan,
        "sector_id": sector,
        "sector_ko": row["sector_name_ko"],
        "sector_name_is_editorial": not own_source,
        "total_budget_krw": _value(found["total_budget"]),
        "own_funds_krw": _value(found["own_funds"]),
        "jobs": _value(found["jobs"]),
        "jobs_approx": None if found["jobs"] is None else bool(found["jobs"]["approx"]),
        "task_count": _value(found["task_count"]),
        "project_count": _value(found["project_count"]),
        "named_project_count": len(top),
        "brand_project_count": int(top["is_brand"].sum()),
        "contest_selected_count": int(top["is_contest_selected"].sum()),
        "source_paragraphs": ";".join(str(p) for p in sorted(paragraphs)),
        "source_refs": ";".join(f"{s}:{p}" for s, p in sorted(refs)),
        "emphasis_ko": _given(row.get("emphasis_ko")),
        "emphasis_paragraph": int(p) if (p := _given(row.get("emphasis_paragraph"))) else None,
    }


def _plan_share(out: pd.DataFrame, column: str) -> pd.Series:
    """Each sector's share of its plan's sum of ``column``; missing unless every sector of
    the plan states it."""
    by_plan = out.groupby("plan_id")[column]
    complete = by_plan.transform(lambda s: s.notna().all())
    total = by_plan.transform(lambda s: s.sum(min_count=1)).where(complete)
    return share(out[column], total)


def _given(value: object) -> str | None:
    """A text cell's value, None where blank or absent (an optional column)."""
    return value if isinstance(value, str) and value.strip() else None


def _emphasis_en(raw: RawData, sectors: pd.DataFrame) -> list[str | None]:
    """The English of each sector's ``emphasis_ko`` (translations_en.csv, kind
    ``sector_emphasis``); None where the sector has none."""
    rows = raw["translations_en"]
    rows = rows[rows["kind"] == "sector_emphasis"]
    names = dict(zip(zip(rows["plan_id"], rows["id"], strict=True), rows["name_en"], strict=True))
    out: list[str | None] = []
    for index, row in sectors.iterrows():
        key = (row["plan_id"], row["sector_id"])
        if _given(row["emphasis_ko"]) is None:
            out.append(None)
        elif key in names:
            out.append(names[key])
        else:
            raise raw.error(
                "sectors",
                int(index),  # type: ignore[arg-type]
                "no English for its emphasis in translations_en.csv (kind sector_emphasis)",
                column="emphasis_ko",
                value=row["emphasis_ko"],
            )
    return out


def clean_sectors(raw: RawData, figures: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """One row per sector: stated budget and own funds, the remainder, shares, jobs, counts.

    ``not_own_funds_krw`` is ``total_budget_krw - own_funds_krw`` where both are stated:
    funding that is not the plan's own government's (national, provincial, other or
    unstated). The sources never say how it splits, so it is never called national.
    """
    sectors = raw["sectors"]
    preferred = preferred_figure_rows(figures)
    rows = [_sector_row(row, preferred, projects) for _, row in sectors.iterrows()]
    out = pd.DataFrame(rows)
    out["sector_order"] = int_column(raw, "sectors", "sector_order").astype("int64")
    out["sector_en"] = english_names(raw, "sectors", "sector", "sector_id")
    out["emphasis_en"] = _emphasis_en(raw, out)
    out["emphasis_paragraph"] = out["emphasis_paragraph"].astype("Int64")
    pillars = raw["sector_pillars"].set_index(["plan_id", "sector_id"])
    keys = list(zip(out["plan_id"], out["sector_id"], strict=True))
    out["pillar_id"] = [pillars.at[k, "pillar_id"] for k in keys]
    out["pillar_note_ko"] = [pillars.at[k, "note_ko"] for k in keys]
    out["pillar_note_en"] = [pillars.at[k, "note"] for k in keys]
    for column in ("total_budget_krw", "own_funds_krw", "jobs", "task_count", "project_count"):
        out[column] = out[column].astype("Int64")
    out["jobs_approx"] = out["jobs_approx"].astype("boolean")
    out["not_own_funds_krw"] = out["total_budget_krw"] - out["own_funds_krw"]
    for name in ("total_budget", "own_funds", "not_own_funds"):
        out[f"{name}_eok"] = out[f"{name}_krw"].astype("Float64") / EOK
    out["own_share_of_sector"] = share(out["own_funds_krw"], out["total_budget_krw"])
    out["not_own_share_of_sector"] = share(out["not_own_funds_krw"], out["total_budget_krw"])
    plan_total = out["plan_id"].map(
        lambda p: _value(figure_row(preferred, "plan", "total_budget", p))
    )
    out["share_of_plan_budget"] = share(out["total_budget_krw"], plan_total.astype("Int64"))
    out["share_of_plan_own_funds"] = _plan_share(out, "own_funds_krw")
    out["share_of_plan_not_own_funds"] = _plan_share(out, "not_own_funds_krw")
    return out


def clean_plans(raw: RawData) -> pd.DataFrame:
    """One row per plan, with the own-funds term in English and typed horizon and flags."""
    plans = raw["plans"].copy()
    plans["own_funds_term_en"] = plans["own_funds_term_ko"].map(
        lambda t: OWN_FUNDS_TERMS.get(t, "")
    )
    plans["horizon_year"] = int_column(raw, "plans", "horizon_year", nullable=True)
    plans["projects_list_complete"] = bool_column(raw, "plans", "projects_list_complete")
    return plans


def clean_sources(raw: RawData) -> pd.DataFrame:
    """One row per source of every plan, with the number of paragraphs of its text."""
    sources = raw["sources"].copy()
    keys = zip(sources["plan_id"], sources["source_id"], strict=True)
    sources["paragraph_count"] = pd.Series(
        [len(raw.sources[key]) for key in keys], index=sources.index, dtype="int64"
    )
    return sources


def clean_tasks(raw: RawData, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per sub-task a plan states, with its budget where stated."""
    tasks = raw["tasks"]
    preferred = preferred_figure_rows(figures)
    budgets = [
        _value(figure_row(preferred, t, "total_budget", p))
        for p, t in zip(tasks["plan_id"], tasks["task_id"], strict=True)
    ]
    out = tasks.rename(columns={"task_name_ko": "task_ko"}).assign(
        task_order=int_column(raw, "tasks", "task_order").astype("int64"),
        task_en=english_names(raw, "tasks", "task", "task_id"),
        total_budget_krw=pd.Series(budgets, index=tasks.index, dtype="Int64"),
        source_paragraph=int_column(raw, "tasks", "source_paragraph").astype("int64"),
    )
    out["total_budget_eok"] = out["total_budget_krw"].astype("Float64") / EOK
    return out


def build_processed(raw: RawData) -> dict[str, pd.DataFrame]:
    """All processed tables from the raw tables (no audit, no files written).

    Returns a dict of table name -> DataFrame, in the order they are written, each with
    the columns of its contract in their order; ``tasks`` only when a plan states sub-tasks.
    """
    # Imported here: the processed contracts import the audit, which imports this module.
    from analysis.data.processed_schemas import column_order

    figures = clean_figures(raw)
    projects = clean_projects(raw, figures)
    workers = clean_refresh_workers(raw)
    programme = clean_refresh_programme(raw, figures, projects, workers)
    tables = {
        "plans": clean_plans(raw),
        "sources": clean_sources(raw),
        "figures": figures,
        "sectors": clean_sectors(raw, figures, projects),
        "projects": projects,
        "refresh_programme": programme,
        "refresh_workers_by_field": add_announced_share(workers, programme),
    }
    if not raw["tasks"].empty:
        tables["tasks"] = clean_tasks(raw, figures)
    tables |= {
        "population": clean_population(raw),
        "reference_figures": clean_reference_figures(raw),
        "reference_pillars": raw["reference_pillars"].copy(),
        "exchange_rates": clean_exchange_rates(raw),
        "cpi": clean_cpi(raw),
    }
    return {name: frame[column_order(name)] for name, frame in tables.items()}
