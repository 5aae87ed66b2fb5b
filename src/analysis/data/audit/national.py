"""Checks outside a plan's figures table: a programme's workers by field, and the national
reference figures (한국판 뉴딜)."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from analysis.data.audit.rows import AuditRow, paragraphs

__all__ = ["field_checks", "reference_checks"]


def _sum_verdict(stated: int, derived: int) -> str:
    return "match" if stated == derived else "mismatch"


def field_checks(programme: pd.DataFrame, workers: pd.DataFrame) -> Iterator[AuditRow]:
    for _, prog in programme.iterrows():
        rows = workers[
            (workers["plan_id"] == prog["plan_id"]) & (workers["project_id"] == prog["project_id"])
        ]
        if rows.empty:
            continue
        derived = int(rows["workers"].sum())
        stated = int(prog["workers_announced"])
        approx = bool(prog["workers_announced_approx"])
        note = (
            f"the announced figure is approximate (여, 'some'); the fields add up to "
            f"{derived:,}, {abs(derived - stated):,} {'fewer' if derived < stated else 'more'} "
            "than announced"
            if approx
            else ""
        )
        yield AuditRow(
            f"{prog['plan_id']}:{prog['project_id']}:workers_by_field",
            prog["plan_id"],
            "stated total vs sum of parts",
            f"{prog['name_ko']} workers by field",
            "announced workers vs sum of the workers by field",
            stated,
            f"{stated:,}{'여' if approx else ''}명",
            derived,
            "persons",
            _sum_verdict(stated, derived),
            paragraphs(prog["source_paragraph"], list(rows["source_paragraph"])),
            note,
            topic="programme_workers_by_field",
            entity=prog["project_id"],
        )


def reference_checks(reference: pd.DataFrame) -> Iterator[AuditRow]:
    for (plan, horizon, measure), rows in reference.groupby(
        ["plan_id", "horizon_year", "measure"], sort=True
    ):
        whole = rows[rows["scope"] == "plan"]
        parts = rows[rows["scope"] != "plan"]
        if whole.empty or parts.empty or len(parts) < 3:
            continue
        stated = int(whole["value"].iloc[0])
        derived = int(parts["value"].sum())
        remainders = parts.loc[parts["is_derived"], "scope"].tolist()
        verdict = "by_construction" if remainders else _sum_verdict(stated, derived)
        part_notes = "; ".join(
            f"{s}: {n}"
            for s, n in zip(parts["scope"], parts["note"], strict=True)
            if n and not n.endswith("jobs")
        )
        yield AuditRow(
            f"{plan}:{horizon}:{measure}_vs_pillars",
            plan,
            "stated total vs sum of parts",
            f"national {measure} to {horizon}",
            "national plan total vs sum of the three pillars",
            stated,
            whole["value_raw"].iloc[0],
            derived,
            "KRW" if measure != "jobs" else "jobs",
            verdict,
            "",
            "; ".join(
                [
                    "reference figures (sources in reference_figures.csv)",
                    *(
                        [
                            f"holds by construction: {', '.join(remainders)} is derived from the total"
                        ]
                        if remainders
                        else []
                    ),
                    part_notes,
                ]
            )
            if part_notes
            else "reference figures (sources in reference_figures.csv)",
            topic="national_measure",
            entity=f"{horizon}:{measure}",
        )
    funding = reference[
        (reference["scope"] == "plan")
        & reference["measure"].isin(["national_treasury", "local_government", "private"])
    ]
    for (plan, horizon), rows in funding.groupby(["plan_id", "horizon_year"], sort=True):
        if len(rows) < 3:
            continue
        total = reference[
            (reference["plan_id"] == plan)
            & (reference["horizon_year"] == horizon)
            & (reference["scope"] == "plan")
            & (reference["measure"] == "total_cost")
        ]
        if total.empty:
            continue
        stated = int(total["value"].iloc[0])
        derived = int(rows["value"].sum())
        yield AuditRow(
            f"{plan}:{horizon}:funding_sources",
            plan,
            "stated total vs sum of parts",
            f"national plan funding sources to {horizon}",
            "total cost vs 국비 + 지방비 + 민간",
            stated,
            total["value_raw"].iloc[0],
            derived,
            "KRW",
            _sum_verdict(stated, derived),
            "",
            "reference figures (sources in reference_figures.csv)",
            topic="national_funding_sources",
            entity=str(horizon),
        )
