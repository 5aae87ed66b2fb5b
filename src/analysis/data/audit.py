"""The audit: does the announcement's own arithmetic add up?

Each check compares a figure the text states with what can be derived from other
figures or from what the text actually names, and yields one row:
what was compared, the stated value, the derived value, the difference (derived - stated),
a verdict, and the source paragraphs. Checks are driven by the data (scopes and measures),
so a second plan's tables are audited without new code.

Verdicts
--------
``match``            stated total equals the sum of its stated parts
``mismatch``         stated total differs from the sum of its stated parts
``consistent``       a part stays within its whole (e.g. a project budget <= its sector)
``inconsistent``     a part exceeds its whole
``fewer_named``      the text states a count and names fewer items
``more_named``       the text states a count and names more items
``derived``          not a check: a figure the text implies but never states (e.g. the jobs
                     of the sectors other than 안심), reported so readers see how it is derived
``by_construction``  not a check: a sum that holds because one of its parts was itself derived
                     from the total (the national safety-net 국비)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass

import pandas as pd

from analysis.data.clean import figure_row

__all__ = ["AUDIT_COLUMNS", "VERDICTS", "AuditRow", "audit_tables"]

VERDICTS = (
    "match",
    "mismatch",
    "consistent",
    "inconsistent",
    "fewer_named",
    "more_named",
    "derived",
    "by_construction",
)


@dataclass(frozen=True)
class AuditRow:
    """One finding of the audit."""

    check_id: str
    plan_id: str
    check: str
    subject: str
    compared: str
    stated: int | None
    stated_raw: str
    derived: int
    unit: str
    verdict: str
    paragraphs: str
    note: str = ""

    @property
    def difference(self) -> int | None:
        return None if self.stated is None else self.derived - self.stated


AUDIT_COLUMNS = [
    "check_id",
    "plan_id",
    "check",
    "subject",
    "compared",
    "stated",
    "stated_raw",
    "derived",
    "difference",
    "unit",
    "verdict",
    "paragraphs",
    "note",
]


def _paragraphs(*values: object) -> str:
    found: set[int] = set()
    for value in values:
        if value is None or value == "":
            continue
        if isinstance(value, str):
            found |= {int(v) for v in value.split(";") if v}
        elif isinstance(value, (list, tuple, set, pd.Series)):
            found |= {int(v) for v in value if v != ""}
        else:
            found.add(int(value))
    return ";".join(str(p) for p in sorted(found))


def _sum_verdict(stated: int, derived: int) -> str:
    return "match" if stated == derived else "mismatch"


def _bound_verdict(part: int, whole: int) -> str:
    return "consistent" if part <= whole else "inconsistent"


def _count_verdict(stated: int, named: int) -> str:
    if named == stated:
        return "match"
    return "fewer_named" if named < stated else "more_named"


def _plan_checks(
    plan: str,
    figures: pd.DataFrame,
    sectors: pd.DataFrame,
    projects: pd.DataFrame,
) -> Iterator[AuditRow]:
    top = projects[~projects["is_component"]]

    count = figure_row(figures, "plan", "sector_count")
    if count is not None:
        yield AuditRow(
            f"{plan}:sector_count",
            plan,
            "stated count vs named",
            "sectors (분야)",
            "sectors stated vs sectors described in the text",
            int(count["value"]),
            count["value_raw"],
            len(sectors),
            "items",
            _count_verdict(int(count["value"]), len(sectors)),
            _paragraphs(
                count["source_paragraph"], sectors["source_paragraphs"].str.split(";").sum()
            ),
        )

    total = figure_row(figures, "plan", "total_budget")
    if total is not None:
        derived = int(sectors["total_budget_krw"].sum())
        yield AuditRow(
            f"{plan}:total_budget_vs_sectors",
            plan,
            "stated total vs sum of parts",
            "plan total budget (총사업비)",
            "plan total vs sum of the sector totals",
            int(total["value"]),
            total["value_raw"],
            derived,
            "KRW",
            _sum_verdict(int(total["value"]), derived),
            _paragraphs(
                total["source_paragraph"], list(_figure_paragraphs(figures, "total_budget"))
            ),
        )

    city_rows = figures[
        (figures["measure"] == "own_funds") & (figures["scope"] != "plan") & figures["preferred"]
    ]
    if not city_rows.empty:
        city = int(sectors["own_funds_krw"].sum())
        yield AuditRow(
            f"{plan}:city_budget_total",
            plan,
            "derived figure",
            "plan city-funded budget (시비)",
            "sum of the sector city budgets (the text states no plan-level 시비)",
            None,
            "",
            city,
            "KRW",
            "derived",
            _paragraphs(list(city_rows["source_paragraph"])),
            "non-city funding (national, provincial and other) = plan total - this",
        )

    for _, sec in sectors[sectors["own_funds_krw"].notna()].iterrows():
        yield AuditRow(
            f"{plan}:{sec['sector_id']}:city_within_total",
            plan,
            "part within whole",
            f"{sec['sector_ko']} city budget (시비)",
            "sector city budget <= sector total budget",
            int(sec["total_budget_krw"]),
            "",
            int(sec["own_funds_krw"]),
            "KRW",
            _bound_verdict(int(sec["own_funds_krw"]), int(sec["total_budget_krw"])),
            sec["source_paragraphs"],
        )

    jobs = figure_row(figures, "plan", "jobs")
    with_jobs = sectors[sectors["jobs"].notna()]
    if jobs is not None and not with_jobs.empty:
        stated_jobs = int(jobs["value"])
        sector_jobs = int(with_jobs["jobs"].sum())
        names = ", ".join(with_jobs["sector_ko"])
        yield AuditRow(
            f"{plan}:jobs_sectors_within_plan",
            plan,
            "part within whole",
            f"jobs of {names}",
            "jobs stated for sectors <= plan jobs",
            stated_jobs,
            jobs["value_raw"],
            sector_jobs,
            "jobs",
            _bound_verdict(sector_jobs, stated_jobs),
            _paragraphs(jobs["source_paragraph"], list(_figure_paragraphs(figures, "jobs"))),
        )
        others = sectors[sectors["jobs"].isna()]
        if not others.empty:
            yield AuditRow(
                f"{plan}:jobs_other_sectors",
                plan,
                "derived figure",
                "jobs of " + ", ".join(others["sector_ko"]),
                f"plan jobs - jobs of {names} (the text gives no breakdown for these sectors)",
                None,
                "",
                stated_jobs - sector_jobs,
                "jobs",
                "derived",
                _paragraphs(jobs["source_paragraph"], list(_figure_paragraphs(figures, "jobs"))),
                f"{stated_jobs - sector_jobs} of {stated_jobs} jobs "
                f"({(stated_jobs - sector_jobs) / stated_jobs:.1%}) are outside {names}",
            )

    projects_stated = figure_row(figures, "plan", "project_count")
    if projects_stated is not None:
        yield AuditRow(
            f"{plan}:project_count",
            plan,
            "stated count vs named",
            "projects (사업) of the plan",
            "projects stated vs distinct projects the text names (components of a named "
            "project not counted)",
            int(projects_stated["value"]),
            projects_stated["value_raw"],
            len(top),
            "items",
            _count_verdict(int(projects_stated["value"]), len(top)),
            _paragraphs(projects_stated["source_paragraph"], list(top["source_paragraph"])),
        )

    brand = figure_row(figures, "plan", "sectors_with_brand_project")
    if brand is not None:
        named = top[top["is_brand"]]
        yield AuditRow(
            f"{plan}:brand_projects",
            plan,
            "stated count vs named",
            "brand projects (브랜드사업), one per sector",
            "sectors said to have a brand project vs brand projects the text names",
            int(brand["value"]),
            brand["value_raw"],
            int(named["sector_id"].nunique()),
            "items",
            _count_verdict(int(brand["value"]), int(named["sector_id"].nunique())),
            _paragraphs(brand["source_paragraph"], list(named["source_paragraph"])),
            "named: " + ", ".join(named["name_ko"]) if len(named) else "none named",
        )

    for _, sec in sectors.iterrows():
        sid = sec["sector_id"]
        in_sector = top[top["sector_id"] == sid]
        stated = figure_row(figures, sid, "project_count")
        if stated is not None:
            yield AuditRow(
                f"{plan}:{sid}:project_count",
                plan,
                "stated count vs named",
                f"{sec['sector_ko']} projects (사업)",
                "projects stated for the sector vs projects the text names in the sector",
                int(stated["value"]),
                stated["value_raw"],
                len(in_sector),
                "items",
                _count_verdict(int(stated["value"]), len(in_sector)),
                _paragraphs(stated["source_paragraph"], list(in_sector["source_paragraph"])),
            )
        tasks = figure_row(figures, sid, "task_count")
        if tasks is not None:
            listed = in_sector[in_sector["source_paragraph"] == int(tasks["source_paragraph"])]
            yield AuditRow(
                f"{plan}:{sid}:task_count",
                plan,
                "stated count vs named",
                f"{sec['sector_ko']} tasks (과제)",
                "tasks stated vs items listed in the same sentence",
                int(tasks["value"]),
                tasks["value_raw"],
                len(listed),
                "items",
                _count_verdict(int(tasks["value"]), len(listed)),
                _paragraphs(tasks["source_paragraph"]),
                "the list ends in 등 (etc.), so items and tasks need not correspond one to one",
            )
        contests = figure_row(figures, sid, "additional_contest_selection_count")
        if contests is not None:
            named = in_sector[
                in_sector["is_contest_selected"]
                & (in_sector["source_paragraph"] == int(contests["source_paragraph"]))
            ]
            yield AuditRow(
                f"{plan}:{sid}:additional_contest_selections",
                plan,
                "stated count vs named",
                f"{sec['sector_ko']} additional central-government contest selections (공모사업)",
                "selections stated vs selections the text names in the same sentence",
                int(contests["value"]),
                contests["value_raw"],
                len(named),
                "items",
                _count_verdict(int(contests["value"]), len(named)),
                _paragraphs(contests["source_paragraph"]),
                "named: " + ", ".join(named["name_ko"]),
            )

    for _, proj in projects.iterrows():
        yield from _project_checks(plan, proj, figures, sectors)


def _figure_paragraphs(figures: pd.DataFrame, measure: str) -> Iterator[int]:
    for p in figures.loc[figures["measure"] == measure, "source_paragraph"]:
        yield int(p)


def _project_checks(
    plan: str, proj: pd.Series, figures: pd.DataFrame, sectors: pd.DataFrame
) -> Iterator[AuditRow]:
    pid = proj["project_id"]
    sec = sectors[sectors["sector_id"] == proj["sector_id"]].iloc[0]
    budget = figure_row(figures, pid, "budget")
    if budget is not None:
        yield AuditRow(
            f"{plan}:{pid}:budget_within_sector",
            plan,
            "part within whole",
            f"{proj['name_ko']} budget",
            "project budget <= its sector's total budget",
            int(sec["total_budget_krw"]),
            "",
            int(budget["value"]),
            "KRW",
            _bound_verdict(int(budget["value"]), int(sec["total_budget_krw"])),
            _paragraphs(budget["source_paragraph"], sec["source_paragraphs"]),
            "the project's horizon may differ from the sector's",
        )
    funding = figure_row(figures, pid, "national_funding")
    if funding is not None:
        non_city = int(sec["not_own_funds_krw"])
        yield AuditRow(
            f"{plan}:{pid}:national_funding_within_non_city",
            plan,
            "part within whole",
            f"{proj['name_ko']} national funding (국비)",
            "project 국비 <= its sector's non-city funding (total - 시비)",
            non_city,
            "",
            int(funding["value"]),
            "KRW",
            _bound_verdict(int(funding["value"]), non_city),
            _paragraphs(funding["source_paragraph"], sec["source_paragraphs"]),
            f"leaves {(non_city - int(funding['value'])) / 1e8:,.0f}억원 of non-city funding "
            "for the sector's other projects",
        )
    workers = figure_row(figures, pid, "workers")
    if workers is not None and pd.notna(sec["jobs"]):
        yield AuditRow(
            f"{plan}:{pid}:workers_within_sector_jobs",
            plan,
            "part within whole",
            f"{proj['name_ko']} workers",
            "programme workers <= its sector's jobs",
            int(sec["jobs"]),
            "",
            int(workers["value"]),
            "jobs",
            _bound_verdict(int(workers["value"]), int(sec["jobs"])),
            _paragraphs(workers["source_paragraph"], sec["source_paragraphs"]),
            "treats one worker as one job; the text counts jobs (개) and workers (명) separately",
        )
    start = figure_row(figures, pid, "period_start_month")
    end = figure_row(figures, pid, "period_end_month")
    duration = figure_row(figures, pid, "duration_months")
    if start is not None and end is not None and duration is not None:
        months = (int(end["value"]) - int(start["value"])) % 12 + 1
        yield AuditRow(
            f"{plan}:{pid}:duration",
            plan,
            "stated total vs sum of parts",
            f"{proj['name_ko']} duration",
            "months stated vs months from start month to end month, inclusive",
            int(duration["value"]),
            duration["value_raw"],
            months,
            "months",
            _sum_verdict(int(duration["value"]), months),
            _paragraphs(duration["source_paragraph"]),
        )


def _field_checks(programme: pd.DataFrame, workers: pd.DataFrame) -> Iterator[AuditRow]:
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
            _paragraphs(prog["source_paragraph"], list(rows["source_paragraph"])),
            note,
        )


def _reference_checks(reference: pd.DataFrame) -> Iterator[AuditRow]:
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
        )


def audit_tables(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Run every check over the processed tables.

    Parameters
    ----------
    tables : dict of DataFrame
        The output of :func:`analysis.data.clean.build_processed`.

    Returns
    -------
    pandas.DataFrame
        One row per check, columns :data:`AUDIT_COLUMNS`; ``difference`` is
        ``derived - stated`` (empty for derived figures).
    """
    rows: list[AuditRow] = []
    for plan in tables["plans"]["plan_id"]:

        def of_plan(name: str, plan: str = plan) -> pd.DataFrame:
            frame = tables[name]
            return frame[frame["plan_id"] == plan]

        rows += _plan_checks(plan, of_plan("figures"), of_plan("sectors"), of_plan("projects"))
        rows += _field_checks(of_plan("refresh_programme"), of_plan("refresh_workers_by_field"))
    rows += _reference_checks(tables["reference_figures"])
    records = [asdict(r) | {"difference": r.difference} for r in rows]
    out = pd.DataFrame.from_records(records, columns=AUDIT_COLUMNS)
    for col in ("stated", "derived", "difference"):
        out[col] = out[col].astype("Int64")
    duplicated = out.loc[out["check_id"].duplicated(), "check_id"].tolist()
    if duplicated:
        raise ValueError(f"duplicate audit check ids: {duplicated}")
    return out
