"""Validation schemas (pandera) for the raw and the processed tables.

:func:`validate_raw` and :func:`validate_processed` check every table and raise
:class:`analysis.data.raw.RawDataError` whose message lists each failure with its file, row
(the line of the CSV file), column and value.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from analysis.data.audit import AUDIT_COLUMNS, VERDICTS
from analysis.data.contracts import check_contracts
from analysis.data.provenance import check_provenance
from analysis.data.raw import RawData, RawDataError, csv_line

__all__ = [
    "FIGURE_MEASURES",
    "PROCESSED_SCHEMAS",
    "RAW_SCHEMAS",
    "validate_frame",
    "validate_processed",
    "validate_raw",
]

#: Measures a figure row may state (``figures.csv`` column ``measure``).
FIGURE_MEASURES = (
    "sector_count",
    "project_count",
    "task_count",
    "total_budget",
    "city_budget",
    "budget",
    "jobs",
    "workers",
    "national_funding",
    "sectors_with_brand_project",
    "additional_contest_selection_count",
    "period_start_month",
    "period_end_month",
    "period_end_year",
    "duration_months",
)
REFERENCE_MEASURES = ("total_cost", "national_treasury", "local_government", "private", "jobs")

_ID = r"^[a-z0-9_]+$"
_PARAGRAPH = r"^[1-9][0-9]*$"
_BOOL = ["true", "false"]


def _text(*checks: pa.Check, nullable: bool = False) -> pa.Column:
    return pa.Column(str, list(checks), nullable=nullable)


def _id() -> pa.Column:
    return _text(pa.Check.str_matches(_ID))


def _nonempty() -> pa.Column:
    return _text(pa.Check.str_length(min_value=1))


def _optional_id() -> pa.Column:
    return _text(pa.Check.str_matches(r"^([a-z0-9_]+)?$"))


# ``name_is_editorial``: blank or false = the name is quoted; true = an editorial short name.
def _editorial() -> pa.Column:
    return _text(pa.Check.isin(["", *_BOOL]))


RAW_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "plans": pa.DataFrameSchema(
        {
            "plan_id": _id(),
            "plan_name_ko": _nonempty(),
            "plan_name_en": _nonempty(),
            "city_ko": _nonempty(),
            "city_en": _nonempty(),
            "announced_year": _text(pa.Check.str_matches(r"^(19|20)[0-9]{2}$")),
            "source_file": _nonempty(),
            "source_description": _text(),
        },
        unique=["plan_id"],
    ),
    "sectors": pa.DataFrameSchema(
        {
            "plan_id": _id(),
            "sector_id": _id(),
            "sector_name_ko": _nonempty(),
            "source_paragraph": _text(pa.Check.str_matches(_PARAGRAPH)),
            "source_quote": _nonempty(),
        },
        unique=["plan_id", "sector_id"],
    ),
    "figures": pa.DataFrameSchema(
        {
            "plan_id": _id(),
            "figure_id": _id(),
            "scope": _id(),
            "measure": _text(pa.Check.isin(FIGURE_MEASURES)),
            "value_raw": _nonempty(),
            "source_paragraph": _text(pa.Check.str_matches(_PARAGRAPH)),
            "source_quote": _nonempty(),
            "preferred": _text(pa.Check.isin(["", "true"])),
            "preferred_reason": _text(),
        },
        unique=["plan_id", "figure_id"],
    ),
    "projects": pa.DataFrameSchema(
        {
            "plan_id": _id(),
            "project_id": _id(),
            "sector_id": _id(),
            "parent_project_id": _optional_id(),
            "group_order": _text(pa.Check.str_matches(r"^([1-9])?$")),
            "group_ko": _text(),
            "name_ko": _nonempty(),
            "is_brand": _text(pa.Check.isin(_BOOL)),
            "brand_label_ko": _text(),
            "is_contest_selected": _text(pa.Check.isin(_BOOL)),
            "contest_note_ko": _text(),
            "emphasis_ko": _text(),
            "source_paragraph": _text(pa.Check.str_matches(_PARAGRAPH)),
            "source_quote": _nonempty(),
            "other_paragraphs": _text(pa.Check.str_matches(r"^([1-9][0-9]*(;[1-9][0-9]*)*)?$")),
            "name_is_editorial": _editorial(),
        },
        unique=["plan_id", "project_id"],
    ),
    "refresh_workers_by_field": pa.DataFrameSchema(
        {
            "plan_id": _id(),
            "project_id": _id(),
            "field_id": _id(),
            "field_ko": _nonempty(),
            "workers_raw": _nonempty(),
            "source_paragraph": _text(pa.Check.str_matches(_PARAGRAPH)),
            "source_quote": _nonempty(),
            "name_is_editorial": _editorial(),
        },
        unique=["plan_id", "project_id", "field_id"],
    ),
    "translations_en": pa.DataFrameSchema(
        {
            "plan_id": _id(),
            "kind": _text(pa.Check.isin(["sector", "field", "project"])),
            "id": _id(),
            "name_en": _nonempty(),
        },
        unique=["plan_id", "kind", "id"],
    ),
    "reference_figures": pa.DataFrameSchema(
        {
            "plan_id": _id(),
            "scope": _id(),
            "measure": _text(pa.Check.isin(REFERENCE_MEASURES)),
            "horizon_year": _text(pa.Check.str_matches(r"^20[0-9]{2}$")),
            "value_raw": _nonempty(),
            "source_title": _nonempty(),
            "source_publisher": _nonempty(),
            "source_date": _text(pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
            "source_url": _text(pa.Check.str_matches(r"^https?://")),
            "note": _text(),
            "is_derived": _text(pa.Check.isin(_BOOL)),
        },
        unique=["plan_id", "scope", "measure", "horizon_year"],
    ),
    "reference_pillars": pa.DataFrameSchema(
        {
            "plan_id": _id(),
            "pillar_id": _id(),
            "pillar_name_ko": _nonempty(),
            "pillar_name_en": _nonempty(),
            "city_sector_id": _optional_id(),
            "mapping_note": _text(),
        },
        unique=["plan_id", "pillar_id"],
    ),
    "reference_exchange_rates": pa.DataFrameSchema(
        {
            "currency": _text(pa.Check.str_matches(r"^[A-Z]{3}$")),
            "year": _text(pa.Check.str_matches(r"^20[0-9]{2}$")),
            "basis": _nonempty(),
            "krw_per_unit_raw": _text(pa.Check.str_matches(r"^[0-9][0-9,]*(\.[0-9]+)?$")),
            "source_title": _nonempty(),
            "source_publisher": _nonempty(),
            "source_date": _text(pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
            "source_url": _text(pa.Check.str_matches(r"^https?://")),
            "note": _text(),
        },
        unique=["currency", "year"],
    ),
    "reference_cpi": pa.DataFrameSchema(
        {
            "year": _text(pa.Check.str_matches(r"^20[0-9]{2}$")),
            "index_raw": _text(pa.Check.str_matches(r"^[0-9]+(\.[0-9]+)?$")),
            "base": _nonempty(),
            "change_raw": _text(),
            "source_publisher": _nonempty(),
            "source_url": _text(pa.Check.str_matches(r"^https?://")),
        },
        unique=["year"],
    ),
}


def _int(min_value: int | None = 0, *, nullable: bool = False) -> pa.Column:
    checks = [] if min_value is None else [pa.Check.ge(min_value)]
    return pa.Column("Int64" if nullable else "int64", checks, nullable=nullable)


def _share() -> pa.Column:
    return pa.Column(float, pa.Check.in_range(0.0, 1.0), nullable=False)


def _eok(nullable: bool = False) -> pa.Column:
    return pa.Column("Float64" if nullable else float, pa.Check.ge(0), nullable=nullable)


PROCESSED_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "figures": pa.DataFrameSchema(
        {
            "plan_id": _id(),
            "figure_id": _id(),
            "scope": _id(),
            "measure": _text(pa.Check.isin(FIGURE_MEASURES)),
            "value": _int(),
            "unit": _text(
                pa.Check.isin(
                    ["KRW", "persons", "items", "cases", "year", "month", "months", "count"]
                )
            ),
            "approx": pa.Column(bool),
            "value_raw": _nonempty(),
            "source_paragraph": _int(1),
            "source_quote": _nonempty(),
            "preferred": pa.Column(bool),
            "preferred_reason": _text(),
        },
        unique=["plan_id", "figure_id"],
        strict=True,
    ),
    "sectors": pa.DataFrameSchema(
        {
            "plan_id": _id(),
            "sector_id": _id(),
            "sector_ko": _nonempty(),
            "sector_en": _nonempty(),
            "total_budget_krw": _int(1),
            "city_budget_krw": _int(),
            "non_city_budget_krw": _int(),
            "total_budget_eok": _eok(),
            "city_budget_eok": _eok(),
            "non_city_budget_eok": _eok(),
            "city_share_of_sector": _share(),
            "non_city_share_of_sector": _share(),
            "share_of_plan_budget": _share(),
            "share_of_plan_city_budget": _share(),
            "share_of_plan_non_city_budget": _share(),
            "jobs": _int(nullable=True),
            "jobs_approx": pa.Column("boolean", nullable=True),
            "task_count": _int(nullable=True),
            "project_count": _int(nullable=True),
            "named_project_count": _int(),
            "brand_project_count": _int(),
            "contest_selected_count": _int(),
            "source_paragraphs": _text(pa.Check.str_matches(r"^[0-9]+(;[0-9]+)*$")),
        },
        checks=[
            pa.Check(
                lambda d: d["city_budget_krw"] <= d["total_budget_krw"],
                error="city budget exceeds the sector total",
            ),
            pa.Check(
                lambda d: d["non_city_budget_krw"] + d["city_budget_krw"] == d["total_budget_krw"],
                error="non-city + city != total",
            ),
        ],
        unique=["plan_id", "sector_id"],
        strict=True,
    ),
    "projects": pa.DataFrameSchema(
        {
            "plan_id": _id(),
            "project_id": _id(),
            "sector_id": _id(),
            "sector_ko": _nonempty(),
            "sector_en": _nonempty(),
            "parent_project_id": _optional_id(),
            "is_component": pa.Column(bool),
            "group_order": _int(1, nullable=True),
            "group_ko": _text(),
            "name_ko": _nonempty(),
            "name_en": _nonempty(),
            "is_brand": pa.Column(bool),
            "brand_label_ko": _text(),
            "is_contest_selected": pa.Column(bool),
            "contest_note_ko": _text(),
            "emphasis_ko": _text(),
            "budget_krw": _int(nullable=True),
            "budget_eok": _eok(nullable=True),
            "budget_approx": pa.Column("boolean", nullable=True),
            "period_end_year": _int(2000, nullable=True),
            "source_paragraph": _int(1),
            "other_paragraphs": _text(),
        },
        unique=["plan_id", "project_id"],
        strict=True,
    ),
    "refresh_programme": pa.DataFrameSchema(
        {
            "plan_id": _id(),
            "project_id": _id(),
            "sector_id": _id(),
            "name_ko": _nonempty(),
            "name_en": _nonempty(),
            "period_start_month": pa.Column("Int64", pa.Check.in_range(1, 12), nullable=True),
            "period_end_month": pa.Column("Int64", pa.Check.in_range(1, 12), nullable=True),
            "duration_months": _int(1, nullable=True),
            "national_funding_krw": _int(nullable=True),
            "national_funding_eok": _eok(nullable=True),
            "workers_announced": _int(1),
            "workers_announced_approx": pa.Column(bool),
            "workers_by_field_sum": _int(nullable=True),
            "source_paragraph": _int(1),
        },
        unique=["plan_id", "project_id"],
        strict=True,
    ),
    "refresh_workers_by_field": pa.DataFrameSchema(
        {
            "plan_id": _id(),
            "project_id": _id(),
            "field_id": _id(),
            "field_ko": _nonempty(),
            "field_en": _nonempty(),
            "workers": _int(),
            "workers_approx": pa.Column(bool),
            "workers_raw": _nonempty(),
            "source_paragraph": _int(1),
            "share_of_field_sum": _share(),
            "share_of_announced_workers": _share(),
        },
        unique=["plan_id", "project_id", "field_id"],
        strict=True,
    ),
    "reference_figures": pa.DataFrameSchema(
        {
            "plan_id": _id(),
            "scope": _id(),
            "measure": _text(pa.Check.isin(REFERENCE_MEASURES)),
            "horizon_year": _int(2000),
            "value": _int(1),
            "unit": _text(pa.Check.isin(["KRW", "jobs"])),
            "approx": pa.Column(bool),
            "value_raw": _nonempty(),
            "source_title": _nonempty(),
            "source_publisher": _nonempty(),
            "source_date": _nonempty(),
            "source_url": _nonempty(),
            "note": _text(),
            "is_derived": pa.Column(bool),
        },
        unique=["plan_id", "scope", "measure", "horizon_year"],
        strict=True,
    ),
    "exchange_rates": pa.DataFrameSchema(
        {
            "currency": _text(pa.Check.str_matches(r"^[A-Z]{3}$")),
            "year": _int(2000),
            "basis": _nonempty(),
            "krw_per_unit": pa.Column(float, pa.Check.gt(0)),
            "source_publisher": _nonempty(),
            "source_date": _nonempty(),
            "source_url": _nonempty(),
        },
        unique=["currency", "year"],
        strict=True,
    ),
    "cpi": pa.DataFrameSchema(
        {
            "year": _int(2000),
            "cpi": pa.Column(float, pa.Check.gt(0)),
            "base": _nonempty(),
            "source_publisher": _nonempty(),
            "source_url": _nonempty(),
        },
        unique=["year"],
        strict=True,
    ),
    "audit": pa.DataFrameSchema(
        {
            "check_id": _nonempty(),
            "plan_id": _id(),
            "check": _nonempty(),
            "subject": _nonempty(),
            "compared": _nonempty(),
            "stated": _int(None, nullable=True),
            "stated_raw": _text(),
            "derived": _int(None, nullable=True),
            "difference": _int(None, nullable=True),
            "unit": _nonempty(),
            "verdict": _text(pa.Check.isin(VERDICTS)),
            "paragraphs": _text(),
            "note": _text(),
        },
        unique=["check_id"],
        strict=True,
    ),
}
assert list(PROCESSED_SCHEMAS["audit"].columns) == AUDIT_COLUMNS


def validate_frame(
    frame: pd.DataFrame, schema: pa.DataFrameSchema, file: str | Path
) -> pd.DataFrame:
    """Validate one table; on failure raise :class:`RawDataError` listing every failure.

    Each failure is reported as ``row N, column C, value V: check`` where N is the line of
    the CSV file (header = line 1).
    """
    try:
        return schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
        lines = []
        for _, case in cases.head(20).iterrows():
            row = csv_line(case["index"]) if pd.notna(case["index"]) else None
            where = f"row {row}, " if row is not None else ""
            column = case["column"] if pd.notna(case["column"]) else "(table)"
            lines.append(
                f"  {where}column {column!r}, value {case['failure_case']!r}: {case['check']}"
            )
        more = f"\n  ... and {len(cases) - 20} more" if len(cases) > 20 else ""
        first = cases.iloc[0]
        raise RawDataError(
            file,
            f"{len(cases)} validation failure(s):\n" + "\n".join(lines) + more,
            row=csv_line(first["index"]) if pd.notna(first["index"]) else None,
            column=first["column"] if pd.notna(first["column"]) else None,
            value=first["failure_case"],
        ) from None


def _check_references(raw: RawData) -> None:
    """Cross-table checks: known plans, sectors, projects and translated sector ids."""
    plans = set(raw["plans"]["plan_id"])
    translated = raw["translations_en"]
    sector_names = set(
        zip(
            translated.loc[translated["kind"] == "sector", "plan_id"],
            translated.loc[translated["kind"] == "sector", "id"],
            strict=True,
        )
    )
    sectors = set(zip(raw["sectors"]["plan_id"], raw["sectors"]["sector_id"], strict=True))
    projects = set(zip(raw["projects"]["plan_id"], raw["projects"]["project_id"], strict=True))

    def fail(table: str, index: int, column: str, value: str, message: str) -> None:
        raise RawDataError(
            raw.path(table), message, row=csv_line(index), column=column, value=value
        )

    for name in ("sectors", "figures", "projects", "refresh_workers_by_field", "translations_en"):
        for index, plan in raw[name]["plan_id"].items():
            if plan not in plans:
                fail(name, index, "plan_id", plan, "unknown plan (not in plans.csv)")
    for index, row in raw["sectors"].iterrows():
        if (row["plan_id"], row["sector_id"]) not in sector_names:
            fail(
                "sectors",
                index,
                "sector_id",
                row["sector_id"],
                "unknown sector: add its English name to translations_en.csv (kind=sector)",
            )
    for index, row in raw["projects"].iterrows():
        if (row["plan_id"], row["sector_id"]) not in sectors:
            fail(
                "projects",
                index,
                "sector_id",
                row["sector_id"],
                "unknown sector (not in sectors.csv)",
            )
        parent = row["parent_project_id"]
        if parent and (row["plan_id"], parent) not in projects:
            fail("projects", index, "parent_project_id", parent, "unknown parent project")
    for index, row in raw["figures"].iterrows():
        scope = row["scope"]
        key = (row["plan_id"], scope)
        if scope != "plan" and key not in sectors and key not in projects:
            fail(
                "figures", index, "scope", scope, "scope is neither 'plan', a sector nor a project"
            )
    for index, row in raw["refresh_workers_by_field"].iterrows():
        if (row["plan_id"], row["project_id"]) not in projects:
            fail(
                "refresh_workers_by_field",
                index,
                "project_id",
                row["project_id"],
                "unknown project (not in projects.csv)",
            )


def validate_raw(raw: RawData) -> None:
    """Validate every raw table (schemas, cross-references, contracts, provenance)."""
    for name, schema in RAW_SCHEMAS.items():
        validate_frame(raw[name], schema, raw.path(name))
    _check_references(raw)
    check_contracts(raw)
    check_provenance(raw)


def validate_processed(tables: dict[str, pd.DataFrame], folder: str | Path) -> None:
    """Validate every processed table that has a schema."""
    for name, schema in PROCESSED_SCHEMAS.items():
        if name in tables:
            validate_frame(tables[name], schema, Path(folder) / f"{name}.csv")
