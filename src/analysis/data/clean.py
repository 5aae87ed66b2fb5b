"""Cleaning: raw tables as published -> tidy, typed tables with ko/en labels.

Every amount is parsed by :func:`analysis.data.korean_amounts.parse_korean_amount` into an exact ``int``
(KRW, people, counts). Derived columns are computed here, explicitly, and described in
the data dictionary (:mod:`analysis.data.dictionary`). Nothing in this module reads or writes
files: :mod:`analysis.data.refresh` does that.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pandas as pd

from analysis.data.contracts import preferred_rows
from analysis.data.korean_amounts import AmountParseError, parse_korean_amount
from analysis.data.raw import RawData, RawDataError, csv_line

__all__ = [
    "EOK",
    "UNIT_NAMES",
    "add_announced_share",
    "build_processed",
    "clean_cpi",
    "clean_exchange_rates",
    "clean_figures",
    "clean_projects",
    "clean_reference_figures",
    "clean_refresh_programme",
    "clean_refresh_workers",
    "clean_sectors",
    "figure_row",
    "parse_column",
]

#: One 억원 in won.
EOK = 10**8

#: The unit suffix as written -> the unit named in processed tables.
UNIT_NAMES: dict[str, str] = {
    "원": "KRW",
    "명": "persons",
    "개": "items",
    "건": "cases",
    "년": "year",
    "월": "month",
    "개월": "months",
    "": "count",
}

SHARE_DECIMALS = 6


def parse_column(
    frame: pd.DataFrame, column: str, file: str
) -> tuple[list[int], list[str], list[bool]]:
    """Parse every cell of a raw column as a Korean amount.

    Returns the values, the processed unit names and the approximate flags, in row order.
    An unparseable cell raises :class:`RawDataError` naming the file, row, column and value.
    """
    values: list[int] = []
    units: list[str] = []
    approx: list[bool] = []
    for index, text in frame[column].items():
        try:
            amount = parse_korean_amount(text)
        except AmountParseError as exc:
            raise RawDataError(
                file, exc.reason, row=csv_line(index), column=column, value=text
            ) from exc
        values.append(amount.value)
        units.append(UNIT_NAMES[amount.unit])
        approx.append(amount.approx)
    return values, units, approx


def _bool_column(frame: pd.DataFrame, column: str, file: str) -> pd.Series:
    mapping = {"true": True, "false": False}
    for index, text in frame[column].items():
        if text not in mapping:
            raise RawDataError(
                file, "expected true or false", row=csv_line(index), column=column, value=text
            )
    return frame[column].map(mapping).astype(bool)


def _int_column(
    frame: pd.DataFrame, column: str, file: str, *, nullable: bool = False
) -> pd.Series:
    out: list[int | None] = []
    for index, text in frame[column].items():
        if text == "" and nullable:
            out.append(None)
            continue
        if not text.isdigit():
            raise RawDataError(
                file, "expected a whole number", row=csv_line(index), column=column, value=text
            )
        out.append(int(text))
    return pd.Series(out, index=frame.index, dtype="Int64")


def _translations(raw: RawData, kind: str) -> dict[tuple[str, str], str]:
    table = raw["translations_en"]
    rows = table[table["kind"] == kind]
    return {
        (p, i): en for p, i, en in zip(rows["plan_id"], rows["id"], rows["name_en"], strict=True)
    }


def _english(raw: RawData, kind: str, frame: pd.DataFrame, id_column: str, file: str) -> list[str]:
    names = _translations(raw, kind)
    out = []
    for index, row in frame.iterrows():
        key = (row["plan_id"], row[id_column])
        if key not in names:
            raise RawDataError(
                file,
                f"no English name in translations_en.csv for this {kind}",
                row=csv_line(index),
                column=id_column,
                value=row[id_column],
            )
        out.append(names[key])
    return out


def clean_figures(raw: RawData) -> pd.DataFrame:
    """Every stated figure of every plan, parsed: one row per figure.

    Columns: ``plan_id, figure_id, scope, measure, value, unit, approx, value_raw,
    source_paragraph, source_quote, preferred, preferred_reason`` (``preferred``: the
    statement the cleaning and the audit use, see :func:`~analysis.data.contracts.preferred_rows`).
    """
    fig = raw["figures"]
    file = str(raw.path("figures"))
    values, units, approx = parse_column(fig, "value_raw", file)
    out = pd.DataFrame(
        {
            "plan_id": fig["plan_id"],
            "figure_id": fig["figure_id"],
            "scope": fig["scope"],
            "measure": fig["measure"],
            "value": pd.Series(values, dtype="int64"),
            "unit": units,
            "approx": pd.Series(approx, dtype=bool),
            "value_raw": fig["value_raw"],
            "source_paragraph": _int_column(fig, "source_paragraph", file).astype("int64"),
            "source_quote": fig["source_quote"],
            "preferred": pd.Series(preferred_rows(raw), dtype=bool),
            "preferred_reason": fig["preferred_reason"],
        }
    )
    return out


def figure_row(
    figures: pd.DataFrame, scope: str, measure: str, plan_id: str | None = None
) -> pd.Series | None:
    """The stated figure of ``scope`` and ``measure`` (of ``plan_id`` when given), or None.

    Of several statements of one figure, the one marked ``preferred`` (never row order).
    """
    match = (figures["scope"] == scope) & (figures["measure"] == measure) & figures["preferred"]
    if plan_id is not None:
        match &= figures["plan_id"] == plan_id
    rows = figures[match]
    return None if rows.empty else rows.iloc[0]


def _share(part: pd.Series, whole: pd.Series) -> pd.Series:
    return (part.astype("float64") / whole.astype("float64")).round(SHARE_DECIMALS)


def clean_sectors(raw: RawData, figures: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """One row per sector: budgets (KRW, 억원), non-city funding, shares, jobs and counts.

    ``non_city_budget_krw`` is ``total_budget_krw - city_budget_krw``: funding that is not
    the city's own (national, provincial and other). The source never says how it splits,
    so it is never called national.
    """
    sec = raw["sectors"].copy()
    file = str(raw.path("sectors"))
    rows = []
    for index, row in sec.iterrows():
        plan, sector = row["plan_id"], row["sector_id"]
        found = {}
        for measure in ("total_budget", "city_budget", "jobs", "task_count", "project_count"):
            found[measure] = figure_row(figures, sector, measure, plan)
        for required in ("total_budget", "city_budget"):
            if found[required] is None:
                raise RawDataError(
                    str(raw.path("figures")),
                    f"sector {sector!r} of plan {plan!r} has no {required} figure",
                    column="measure",
                    value=required,
                )
        city, total = found["city_budget"], found["total_budget"]
        if int(city["value"]) > int(total["value"]):
            raise RawDataError(
                str(raw.path("figures")),
                f"city budget of sector {sector!r} exceeds its total budget "
                f"{total['value_raw']!r} (row {csv_line(total.name)})",
                row=csv_line(city.name),
                column="value_raw",
                value=city["value_raw"],
            )
        in_sector = projects[(projects["plan_id"] == plan) & (projects["sector_id"] == sector)]
        top = in_sector[in_sector["parent_project_id"] == ""]
        rows.append(
            {
                "plan_id": plan,
                "sector_id": sector,
                "sector_ko": row["sector_name_ko"],
                "total_budget_krw": int(found["total_budget"]["value"]),
                "city_budget_krw": int(found["city_budget"]["value"]),
                "jobs": None if found["jobs"] is None else int(found["jobs"]["value"]),
                "jobs_approx": None if found["jobs"] is None else bool(found["jobs"]["approx"]),
                "task_count": None
                if found["task_count"] is None
                else int(found["task_count"]["value"]),
                "project_count": None
                if found["project_count"] is None
                else int(found["project_count"]["value"]),
                "named_project_count": len(top),
                "brand_project_count": int(top["is_brand"].sum()),
                "contest_selected_count": int(top["is_contest_selected"].sum()),
                "source_paragraphs": ";".join(
                    str(p)
                    for p in sorted(
                        {int(row["source_paragraph"])}
                        | {int(f["source_paragraph"]) for f in found.values() if f is not None}
                    )
                ),
            }
        )
        del index
    out = pd.DataFrame(rows)
    out.insert(3, "sector_en", _english(raw, "sector", sec, "sector_id", file))
    out["non_city_budget_krw"] = out["total_budget_krw"] - out["city_budget_krw"]
    for col in ("total", "city", "non_city"):
        out[f"{col}_budget_eok"] = out[f"{col}_budget_krw"] / EOK
    out["city_share_of_sector"] = _share(out["city_budget_krw"], out["total_budget_krw"])
    out["non_city_share_of_sector"] = _share(out["non_city_budget_krw"], out["total_budget_krw"])
    plan_total = out["plan_id"].map(
        lambda p: figure_row(figures, "plan", "total_budget", p)["value"]
    )
    out["share_of_plan_budget"] = _share(out["total_budget_krw"], plan_total)
    by_plan = out.groupby("plan_id")
    out["share_of_plan_city_budget"] = _share(
        out["city_budget_krw"], by_plan["city_budget_krw"].transform("sum")
    )
    out["share_of_plan_non_city_budget"] = _share(
        out["non_city_budget_krw"], by_plan["non_city_budget_krw"].transform("sum")
    )
    for col in ("jobs", "task_count", "project_count"):
        out[col] = out[col].astype("Int64")
    out["jobs_approx"] = out["jobs_approx"].astype("boolean")
    order = [
        "plan_id",
        "sector_id",
        "sector_ko",
        "sector_en",
        "total_budget_krw",
        "city_budget_krw",
        "non_city_budget_krw",
        "total_budget_eok",
        "city_budget_eok",
        "non_city_budget_eok",
        "city_share_of_sector",
        "non_city_share_of_sector",
        "share_of_plan_budget",
        "share_of_plan_city_budget",
        "share_of_plan_non_city_budget",
        "jobs",
        "jobs_approx",
        "task_count",
        "project_count",
        "named_project_count",
        "brand_project_count",
        "contest_selected_count",
        "source_paragraphs",
    ]
    return out[order]


def clean_projects(raw: RawData, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per named project, with sector labels, flags, and its stated budget and end year."""
    proj = raw["projects"]
    file = str(raw.path("projects"))
    sectors = raw["sectors"].set_index(["plan_id", "sector_id"])
    sector_en = dict(
        zip(
            sectors.index,
            _english(raw, "sector", raw["sectors"], "sector_id", str(raw.path("sectors"))),
            strict=True,
        )
    )
    sector_ko, sector_en_col = [], []
    for index, row in proj.iterrows():
        key = (row["plan_id"], row["sector_id"])
        if key not in sectors.index:
            raise RawDataError(
                file,
                "unknown sector (not in sectors.csv for this plan)",
                row=csv_line(index),
                column="sector_id",
                value=row["sector_id"],
            )
        sector_ko.append(sectors.loc[key, "sector_name_ko"])
        sector_en_col.append(sector_en[key])
    budget, budget_approx, end_year = [], [], []
    for _, row in proj.iterrows():
        b = figure_row(figures, row["project_id"], "budget", row["plan_id"])
        y = figure_row(figures, row["project_id"], "period_end_year", row["plan_id"])
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
            "group_order": _int_column(proj, "group_order", file, nullable=True),
            "group_ko": proj["group_ko"],
            "name_ko": proj["name_ko"],
            "name_en": _english(raw, "project", proj, "project_id", file),
            "is_brand": _bool_column(proj, "is_brand", file),
            "brand_label_ko": proj["brand_label_ko"],
            "is_contest_selected": _bool_column(proj, "is_contest_selected", file),
            "contest_note_ko": proj["contest_note_ko"],
            "emphasis_ko": proj["emphasis_ko"],
            "budget_krw": pd.Series(budget, dtype="Int64"),
            "budget_approx": pd.Series(budget_approx, dtype="boolean"),
            "period_end_year": pd.Series(end_year, dtype="Int64"),
            "source_paragraph": _int_column(proj, "source_paragraph", file).astype("int64"),
            "other_paragraphs": proj["other_paragraphs"],
        }
    )
    out.insert(out.columns.get_loc("budget_krw") + 1, "budget_eok", out["budget_krw"] / EOK)
    return out


def clean_refresh_workers(raw: RawData) -> pd.DataFrame:
    """Refresh 의정부 workers by field, with English labels and each field's share of the
    sum (:func:`add_announced_share` adds the share of the announced total)."""
    table = raw["refresh_workers_by_field"]
    file = str(raw.path("refresh_workers_by_field"))
    workers, _, approx = parse_column(table, "workers_raw", file)
    out = pd.DataFrame(
        {
            "plan_id": table["plan_id"],
            "project_id": table["project_id"],
            "field_id": table["field_id"],
            "field_ko": table["field_ko"],
            "field_en": _english(raw, "field", table, "field_id", file),
            "workers": pd.Series(workers, dtype="int64"),
            "workers_approx": pd.Series(approx, dtype=bool),
            "workers_raw": table["workers_raw"],
            "source_paragraph": _int_column(table, "source_paragraph", file).astype("int64"),
        }
    )
    group_sum = out.groupby(["plan_id", "project_id"])["workers"].transform("sum")
    out["share_of_field_sum"] = _share(out["workers"], group_sum)
    return out


def add_announced_share(workers: pd.DataFrame, programme: pd.DataFrame) -> pd.DataFrame:
    """``workers`` with ``share_of_announced_workers``: each field's share of the programme's
    announced total (which the fields do not add up to: see the audit)."""
    out = workers.copy()
    announced = out.set_index(["plan_id", "project_id"]).index.map(
        programme.set_index(["plan_id", "project_id"])["workers_announced"].to_dict()
    )
    out["share_of_announced_workers"] = _share(
        out["workers"], pd.Series(announced, index=out.index)
    )
    return out


def clean_refresh_programme(
    raw: RawData, figures: pd.DataFrame, projects: pd.DataFrame, workers: pd.DataFrame
) -> pd.DataFrame:
    """One row per public-jobs programme (a project with stated workers).

    Columns give its period, national funding, announced workers and the sum by field.
    """
    field_sum = workers.groupby(["plan_id", "project_id"])["workers"].sum()
    with_workers = figures[figures["measure"] == "workers"]
    rows = []
    for _, fig in with_workers.iterrows():
        plan, pid = fig["plan_id"], fig["scope"]
        match = projects[(projects["plan_id"] == plan) & (projects["project_id"] == pid)]
        if match.empty:
            raise RawDataError(
                str(raw.path("figures")),
                "workers figure for a project not in projects.csv",
                column="scope",
                value=pid,
            )
        project = match.iloc[0]

        def value(measure: str, plan: str = plan, pid: str = pid) -> int | None:
            f = figure_row(figures, pid, measure, plan)
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
    out = pd.DataFrame(rows)
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


def clean_reference_figures(raw: RawData) -> pd.DataFrame:
    """National reference figures (Korean New Deal), parsed: one row per figure."""
    ref = raw["reference_figures"]
    file = str(raw.path("reference_figures"))
    values, _, approx = parse_column(ref, "value_raw", file)
    units = ["KRW" if m != "jobs" else "jobs" for m in ref["measure"]]
    out = pd.DataFrame(
        {
            "plan_id": ref["plan_id"],
            "scope": ref["scope"],
            "measure": ref["measure"],
            "horizon_year": _int_column(ref, "horizon_year", file).astype("int64"),
            "value": pd.Series(values, dtype="int64"),
            "unit": units,
            "approx": pd.Series(approx, dtype=bool),
            "value_raw": ref["value_raw"],
            "source_title": ref["source_title"],
            "source_publisher": ref["source_publisher"],
            "source_date": ref["source_date"],
            "source_url": ref["source_url"],
            "note": ref["note"],
            "is_derived": _bool_column(ref, "is_derived", file),
        }
    )
    return out


def _decimal_column(frame: pd.DataFrame, column: str, file: str) -> list[Decimal]:
    out = []
    for index, text in frame[column].items():
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation as exc:
            raise RawDataError(
                file, "expected a decimal number", row=csv_line(index), column=column, value=text
            ) from exc
        if not value.is_finite() or value <= 0:
            raise RawDataError(
                file, "expected a positive number", row=csv_line(index), column=column, value=text
            )
        out.append(value)
    return out


def clean_exchange_rates(raw: RawData) -> pd.DataFrame:
    """Exchange rates as KRW per unit of foreign currency (float), with their source."""
    table = raw["reference_exchange_rates"]
    file = str(raw.path("reference_exchange_rates"))
    rates = _decimal_column(table, "krw_per_unit_raw", file)
    return pd.DataFrame(
        {
            "currency": table["currency"],
            "year": _int_column(table, "year", file).astype("int64"),
            "basis": table["basis"],
            "krw_per_unit": [float(r) for r in rates],
            "source_publisher": table["source_publisher"],
            "source_date": table["source_date"],
            "source_url": table["source_url"],
        }
    )


def clean_cpi(raw: RawData) -> pd.DataFrame:
    """Consumer price index by year (2020 = 100), with its source."""
    table = raw["reference_cpi"]
    file = str(raw.path("reference_cpi"))
    index = _decimal_column(table, "index_raw", file)
    return pd.DataFrame(
        {
            "year": _int_column(table, "year", file).astype("int64"),
            "cpi": [float(i) for i in index],
            "base": table["base"],
            "source_publisher": table["source_publisher"],
            "source_url": table["source_url"],
        }
    )


def build_processed(raw: RawData) -> dict[str, pd.DataFrame]:
    """All processed tables from the raw tables (no audit, no files written).

    Returns a dict of table name -> DataFrame, in the order they are written.
    """
    figures = clean_figures(raw)
    projects = clean_projects(raw, figures)
    sectors = clean_sectors(raw, figures, projects)
    workers = clean_refresh_workers(raw)
    programme = clean_refresh_programme(raw, figures, projects, workers)
    workers = add_announced_share(workers, programme)
    plans = raw["plans"].copy()
    plans["announced_year"] = _int_column(plans, "announced_year", str(raw.path("plans"))).astype(
        "int64"
    )
    return {
        "plans": plans,
        "figures": figures,
        "sectors": sectors,
        "projects": projects,
        "refresh_programme": programme,
        "refresh_workers_by_field": workers,
        "reference_figures": clean_reference_figures(raw),
        "reference_pillars": raw["reference_pillars"].copy(),
        "exchange_rates": clean_exchange_rates(raw),
        "cpi": clean_cpi(raw),
    }
