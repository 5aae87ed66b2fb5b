"""Validation of the raw and the processed tables against their contracts.

The contracts themselves are in :mod:`analysis.data.raw_schemas` and
:mod:`analysis.data.processed_schemas`. :func:`validate_raw` and :func:`validate_processed`
check every table and raise :class:`analysis.data.raw.RawDataError` whose message lists each
failure with its file, row (the line of the CSV file), column and value.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from analysis.data.contracts import check_contracts
from analysis.data.processed_schemas import PROCESSED_SCHEMAS
from analysis.data.provenance import check_provenance
from analysis.data.raw import Origin, RawData, RawDataError, csv_line
from analysis.data.raw_schemas import FIGURE_MEASURES, RAW_SCHEMAS

__all__ = [
    "FIGURE_MEASURES",
    "PROCESSED_SCHEMAS",
    "RAW_SCHEMAS",
    "validate_frame",
    "validate_processed",
    "validate_raw",
]


def validate_frame(
    frame: pd.DataFrame,
    schema: pa.DataFrameSchema,
    file: str | Path,
    origins: list[Origin] | None = None,
) -> pd.DataFrame:
    """Validate one table; on failure raise :class:`RawDataError` listing every failure.

    Each failure is reported as ``row N, column C, value V: check`` where N is the line of
    the CSV file (header = line 1); with ``origins`` (the file and line of each row of a
    table stacked from several files) each failure also names its file.
    """
    try:
        return schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases

        def where(index: object) -> tuple[str | Path, int | None]:
            if pd.isna(index):  # type: ignore[call-overload]
                return file, None
            if origins is not None:
                return origins[int(index)]  # type: ignore[call-overload]
            return file, csv_line(int(index))  # type: ignore[call-overload]

        lines = []
        for _, case in cases.head(20).iterrows():
            case_file, row = where(case["index"])
            at = f"{case_file if origins else ''} row {row}, " if row is not None else ""
            column = case["column"] if pd.notna(case["column"]) else "(table)"
            lines.append(
                f"  {at.lstrip()}column {column!r}, value {case['failure_case']!r}: {case['check']}"
            )
        more = f"\n  ... and {len(cases) - 20} more" if len(cases) > 20 else ""
        first = cases.iloc[0]
        first_file, first_row = where(first["index"])
        raise RawDataError(
            first_file,
            f"{len(cases)} validation failure(s):\n" + "\n".join(lines) + more,
            row=first_row,
            column=first["column"] if pd.notna(first["column"]) else None,
            value=first["failure_case"],
        ) from None


def _keys(frame: pd.DataFrame, *columns: str) -> set[tuple[str, ...]]:
    return set(zip(*(frame[c] for c in columns), strict=True))


def _check_references(raw: RawData) -> None:
    """Cross-table checks within each plan: sectors, pillars, names, scopes, sources, and a
    programme's announced workers for its fields."""
    sectors = _keys(raw["sectors"], "plan_id", "sector_id")
    tasks = _keys(raw["tasks"], "plan_id", "task_id")
    projects = _keys(raw["projects"], "plan_id", "project_id")
    sources = _keys(raw["sources"], "plan_id", "source_id")
    translated = _keys(raw["translations_en"], "plan_id", "kind", "id")
    pillars = _keys(raw["sector_pillars"], "plan_id", "sector_id")

    def require(
        table: str, column: str, known: set, key_of: Callable[[pd.Series], tuple], message: str
    ) -> None:
        for index, row in raw[table].iterrows():
            value = row[column]
            key = key_of(row)
            if value and key not in known:
                raise raw.error(table, index, message, column=column, value=value)

    require(
        "sectors",
        "sector_id",
        pillars,
        lambda r: (r["plan_id"], r["sector_id"]),
        "no national pillar for this sector: add a row to sector_pillars.csv",
    )
    require(
        "sector_pillars",
        "sector_id",
        sectors,
        lambda r: (r["plan_id"], r["sector_id"]),
        "unknown sector (not in sectors.csv)",
    )
    for table, kind, column in (
        ("sectors", "sector", "sector_id"),
        ("tasks", "task", "task_id"),
        ("projects", "project", "project_id"),
        ("programme_workers", "field", "field_id"),
    ):
        require(
            table,
            column,
            translated,
            lambda r, k=kind, c=column: (r["plan_id"], k, r[c]),
            f"no English name: add it to translations_en.csv (kind={kind})",
        )
    for table in ("tasks", "projects"):
        require(
            table,
            "sector_id",
            sectors,
            lambda r: (r["plan_id"], r["sector_id"]),
            "unknown sector (not in sectors.csv)",
        )
    require(
        "projects",
        "parent_project_id",
        projects,
        lambda r: (r["plan_id"], r["parent_project_id"]),
        "unknown parent project",
    )
    projects_raw = raw["projects"]
    whole = _keys(projects_raw[projects_raw["parent_project_id"] == ""], "plan_id", "project_id")
    require(
        "projects",
        "parent_project_id",
        whole,
        lambda r: (r["plan_id"], r["parent_project_id"]),
        "the parent must be a whole project (blank parent_project_id): not the project "
        "itself, nor a component of another",
    )
    require(
        "programme_workers",
        "project_id",
        projects,
        lambda r: (r["plan_id"], r["project_id"]),
        "unknown project (not in projects.csv)",
    )
    announced = _keys(raw["figures"][raw["figures"]["measure"] == "workers"], "plan_id", "scope")
    require(
        "programme_workers",
        "project_id",
        announced,
        lambda r: (r["plan_id"], r["project_id"]),
        "no workers figure for this programme in figures.csv (scope = this project_id, measure "
        "workers): the announced total its fields are compared with",
    )
    require(
        "plans",
        "horizon_source_id",
        sources,
        lambda r: (r["plan_id"], r["horizon_source_id"]),
        "unknown source (not in sources.csv)",
    )
    scopes = sectors | tasks | projects
    for index, row in raw["figures"].iterrows():
        if row["scope"] != "plan" and (row["plan_id"], row["scope"]) not in scopes:
            raise raw.error(
                "figures",
                index,
                "scope is neither 'plan', a sector, a task nor a project",
                column="scope",
                value=row["scope"],
            )


def validate_raw(raw: RawData) -> None:
    """Validate every raw table (schemas, cross-references, contracts, provenance)."""
    for name, schema in RAW_SCHEMAS.items():
        validate_frame(raw[name], schema, raw.path(name), raw.origins[name])
    _check_references(raw)
    check_contracts(raw)
    check_provenance(raw)


def validate_processed(tables: dict[str, pd.DataFrame], folder: str | Path) -> None:
    """Validate every processed table that has a schema."""
    for name, schema in PROCESSED_SCHEMAS.items():
        if name in tables:
            validate_frame(tables[name], schema, Path(folder) / f"{name}.csv")
