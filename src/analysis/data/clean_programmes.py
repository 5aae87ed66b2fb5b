"""Cleaning of what a plan names: projects, and public-jobs programmes with workers by field.

Nothing here reads or writes files; amounts are exact integers (see
:mod:`analysis.data.clean`).
"""

from __future__ import annotations

import pandas as pd

from analysis.data.clean_common import (
    EOK,
    amounts_column,
    bool_column,
    english_names,
    figure_row,
    int_column,
    preferred_figure_rows,
    share,
)
from analysis.data.raw import RawData

__all__ = [
    "add_announced_share",
    "clean_projects",
    "clean_refresh_programme",
    "clean_refresh_workers",
]


def clean_projects(raw: RawData, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per named project, with sector labels, flags, and its stated budget and end year."""
    proj = raw["projects"]
    sectors = raw["sectors"].set_index(["plan_id", "sector_id"])
    sector_en = dict(
        zip(sectors.index, english_names(raw, "sectors", "sector", "sector_id"), strict=True)
    )
    sector_ko, sector_en_col = [], []
    for index, row in proj.iterrows():
        key = (row["plan_id"], row["sector_id"])
        if key not in sectors.index:
            raise raw.error(
                "projects",
                index,
                "unknown sector (not in sectors.csv for this plan)",
                column="sector_id",
                value=row["sector_id"],
            )
        sector_ko.append(sectors.loc[key, "sector_name_ko"])
        sector_en_col.append(sector_en[key])
    budget, budget_approx, end_year = [], [], []
    preferred = preferred_figure_rows(figures)
    for _, row in proj.iterrows():
        b = figure_row(preferred, row["project_id"], "budget", row["plan_id"])
        y = figure_row(preferred, row["project_id"], "period_end_year", row["plan_id"])
        budget.append(None if b is None else int(b["value"]))
        budget_approx.append(None if b is None else bool(b["approx"]))
        end_year.append(None if y is None else int(y["value"]))
    out = pd.DataFrame(
        {
            "plan_id": proj["plan_id"],
            "project_id": proj["project_id"],
            "sector_id": proj["sector_id"],
            "sector_ko": sector_ko,
            "sector_en": sector_en_col,
            "parent_project_id": proj["parent_project_id"],
            "is_component": proj["parent_project_id"] != "",
            "group_order": int_column(raw, "projects", "group_order", nullable=True),
            "group_ko": proj["group_ko"],
            "name_ko": proj["name_ko"],
            "name_en": pd.Series(
                english_names(raw, "projects", "project", "project_id"), index=proj.index, dtype=str
            ),
            "is_brand": bool_column(raw, "projects", "is_brand"),
            "brand_label_ko": proj["brand_label_ko"],
            "is_contest_selected": bool_column(raw, "projects", "is_contest_selected"),
            "contest_note_ko": proj["contest_note_ko"],
            "emphasis_ko": proj["emphasis_ko"],
            "budget_krw": pd.Series(budget, dtype="Int64"),
            "budget_approx": pd.Series(budget_approx, dtype="boolean"),
            "period_end_year": pd.Series(end_year, dtype="Int64"),
            "source_paragraph": int_column(raw, "projects", "source_paragraph").astype("int64"),
            "other_paragraphs": proj["other_paragraphs"],
        }
    )
    out.insert(out.columns.get_loc("budget_krw") + 1, "budget_eok", out["budget_krw"] / EOK)
    return out


def clean_refresh_workers(raw: RawData) -> pd.DataFrame:
    """A public-jobs programme's workers by field (Refresh 의정부), with English labels and each field's share of the
    sum (:func:`add_announced_share` adds the share of the announced total)."""
    table = raw["programme_workers"]
    amounts = amounts_column(raw, "programme_workers", "workers_raw")
    out = pd.DataFrame(
        {
            "plan_id": table["plan_id"],
            "project_id": table["project_id"],
            "field_id": table["field_id"],
            "field_ko": table["field_ko"],
            "field_en": pd.Series(
                english_names(raw, "programme_workers", "field", "field_id"),
                index=table.index,
                dtype=str,
            ),
            "workers": pd.Series([a.value for a in amounts], dtype="int64"),
            "workers_approx": pd.Series([a.approx for a in amounts], dtype=bool),
            "workers_raw": table["workers_raw"],
            "source_paragraph": int_column(raw, "programme_workers", "source_paragraph").astype(
                "int64"
            ),
        }
    )
    group_sum = out.groupby(["plan_id", "project_id"])["workers"].transform("sum")
    out["share_of_field_sum"] = share(out["workers"], group_sum).astype("float64")
    return out


def add_announced_share(workers: pd.DataFrame, programme: pd.DataFrame) -> pd.DataFrame:
    """``workers`` with ``share_of_announced_workers``: each field's share of the programme's
    announced total (which the fields do not add up to: see the audit)."""
    out = workers.copy()
    announced = out.set_index(["plan_id", "project_id"]).index.map(
        programme.set_index(["plan_id", "project_id"])["workers_announced"].to_dict()
    )
    out["share_of_announced_workers"] = share(
        out["workers"], pd.Series(announced, index=out.index)
    ).astype("float64")
    return out


def clean_refresh_programme(
    raw: RawData, figures: pd.DataFrame, projects: pd.DataFrame, workers: pd.DataFrame
) -> pd.DataFrame:
    """One row per public-jobs programme (a project with stated workers).

    Columns give its period, national funding, announced workers and the sum by field.
    """
    field_sum = workers.groupby(["plan_id", "project_id"])["workers"].sum()
    with_workers = figures[figures["measure"] == "workers"]
    preferred = preferred_figure_rows(figures)
    rows = []
    for _, fig in with_workers.iterrows():
        plan, pid = fig["plan_id"], fig["scope"]
        match = projects[(projects["plan_id"] == plan) & (projects["project_id"] == pid)]
        if match.empty:
            raise raw.error(
                "figures",
                int(fig.name),
                "workers figure for a project not in projects.csv",
                column="scope",
                value=pid,
            )
        project = match.iloc[0]

        def value(measure: str, plan: str = plan, pid: str = pid) -> int | None:
            f = figure_row(preferred, pid, measure, plan)
            return None if f is None else int(f["value"])

        funding = value("national_funding")
        rows.append(
            {
                "plan_id": plan,
                "project_id": pid,
                "sector_id": project["sector_id"],
                "name_ko": project["name_ko"],
                "name_en": project["name_en"],
                "period_start_month": value("period_start_month"),
                "period_end_month": value("period_end_month"),
                "duration_months": value("duration_months"),
                "national_funding_krw": funding,
                "national_funding_eok": None if funding is None else funding / EOK,
                "workers_announced": int(fig["value"]),
                "workers_announced_approx": bool(fig["approx"]),
                "workers_by_field_sum": int(field_sum.get((plan, pid), 0)) or None,
                "source_paragraph": int(fig["source_paragraph"]),
            }
        )
    # Imported here: the processed contracts import the audit, which imports the cleaning.
    from analysis.data.processed_schemas import column_order

    out = pd.DataFrame(rows, columns=column_order("refresh_programme"))
    # Typed also when no plan states a programme (no rows, nothing to infer types from).
    for col in ("plan_id", "project_id", "sector_id", "name_ko", "name_en"):
        out[col] = out[col].astype(str)
    out = out.astype(
        {
            "workers_announced": "int64",
            "workers_announced_approx": bool,
            "source_paragraph": "int64",
        }
    )
    for col in (
        "period_start_month",
        "period_end_month",
        "duration_months",
        "national_funding_krw",
        "workers_by_field_sum",
    ):
        out[col] = out[col].astype("Int64")
    out["national_funding_eok"] = out["national_funding_eok"].astype("Float64")
    return out
