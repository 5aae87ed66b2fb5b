"""Generic sum checks of a plan: sectors vs plan total, tasks vs sector, own funds within
the total, jobs by sector vs plan jobs. Driven by what the plan states; a check the reader
would expect but the plan gives no figures for is one ``not_stated`` row."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from analysis.data.audit.rows import AuditRow, bound_verdict, paragraphs
from analysis.data.audit.statements import Statement, preferred_statements, stated
from analysis.data.audit.sums import compare_parts

__all__ = ["OWN_FUNDS_MEASURES", "PlanData", "budget_checks", "jobs_checks", "task_checks"]

#: The plan's own government's money: the new measure name first, then the old one.
OWN_FUNDS_MEASURES = ("own_funds", "city_budget")
#: Own-funds term -> (the government in words, the other funders of its plans).
_OWN_WORDS = {
    "시비": ("city", "national, provincial and other"),
    "군비": ("county", "national, provincial and other"),
    "도비": ("province", "national, city/county and other"),
}


class PlanData:
    """One plan's processed tables, with the column names of old and new layouts."""

    def __init__(self, plan: str, tables: dict[str, pd.DataFrame], plan_row: pd.Series):
        self.plan = plan
        self.row = plan_row

        def of_plan(name: str) -> pd.DataFrame:
            frame = tables.get(name)
            if frame is None or "plan_id" not in frame:
                return pd.DataFrame(columns=["plan_id"])
            return frame[frame["plan_id"] == plan]

        self.figures = of_plan("figures")
        self.sectors = of_plan("sectors")
        self.projects = of_plan("projects")
        self.tasks = of_plan("tasks")
        self.programme = of_plan("refresh_programme")
        self.workers = of_plan("refresh_workers_by_field")
        self.statements = {} if self.figures.empty else preferred_statements(self.figures)
        term = str(plan_row.get("own_funds_term_ko", "") or "").strip()
        self.own_term = term or "시비"
        self.own_word, self.other_funders = _OWN_WORDS.get(
            self.own_term, ("own", "other governments and other")
        )

    def sector_name(self, sector: pd.Series) -> str:
        """The sector's name as the plan writes it."""
        for column in ("sector_ko", "sector_name_ko"):
            if column in sector and isinstance(sector[column], str) and sector[column]:
                return sector[column]
        return str(sector["sector_id"])

    def sector_paragraphs(self, sector: pd.Series) -> str:
        """The paragraphs describing a sector (``3;4``), empty if the table has none."""
        value = sector.get("source_paragraphs", "")
        return value if isinstance(value, str) else ""

    def stated(self, scope: str, *measures: str) -> Statement | None:
        """The preferred statement of a figure of this plan, or None."""
        return stated(self.statements, scope, *measures)

    def sector_statements(self, *measures: str) -> dict[str, Statement | None]:
        """Each sector's statement of ``measures`` (None where not stated), by sector name."""
        return {
            self.sector_name(sec): self.stated(sec["sector_id"], *measures)
            for _, sec in self.sectors.iterrows()
        }


def _refs(whole: Statement, parts: dict[str, Statement | None]) -> str:
    return paragraphs(whole.paragraph, *(p.paragraph for p in parts.values() if p))


def _not_stated(
    data: PlanData, check_id: str, subject: str, unit: str, note: str, topic: str
) -> AuditRow:
    return AuditRow(
        f"{data.plan}:{check_id}", data.plan, "not stated", subject,
        "nothing to compare", None, "", None, unit, "not_stated", "", note, topic,
    )  # fmt: skip


def budget_checks(data: PlanData) -> Iterator[AuditRow]:
    """Sectors vs plan total; own funds (plan level, by sector, or derived)."""
    plan = data.plan
    total = data.stated("plan", "total_budget")
    sector_budgets = data.sector_statements("total_budget")
    if total is not None and any(sector_budgets.values()):
        verdict, derived, note = compare_parts(total, sector_budgets, "KRW")
        yield AuditRow(
            f"{plan}:total_budget_vs_sectors", plan, "stated total vs sum of parts",
            "plan total budget (총사업비)", "plan total vs sum of the sector totals",
            total.value, total.raw, derived, "KRW", verdict,
            _refs(total, sector_budgets), note, "plan_total_budget",
        )  # fmt: skip
    elif not data.sectors.empty:
        yield _not_stated(
            data, "total_budget_vs_sectors", "plan total budget (총사업비)", "KRW",
            "the plan states no total budget" if total is None
            else "the plan states no budget for any sector", "plan_total_budget",
        )  # fmt: skip
    yield from _own_funds_checks(data, total)


def _own_funds_checks(data: PlanData, total: Statement | None) -> Iterator[AuditRow]:
    plan, term, word = data.plan, data.own_term, data.own_word
    plan_own = data.stated("plan", *OWN_FUNDS_MEASURES)
    by_sector = data.sector_statements(*OWN_FUNDS_MEASURES)
    if plan_own is not None and total is not None:
        yield AuditRow(
            f"{plan}:own_funds_within_total", plan, "part within whole",
            f"plan {word}-funded budget ({term})", f"plan {term} <= plan total budget",
            total.value, total.raw, plan_own.value, "KRW",
            bound_verdict(plan_own.value, total.value, total.precision),
            paragraphs(total.paragraph, plan_own.paragraph), topic="plan_own_funds",
        )  # fmt: skip
    if plan_own is not None and any(by_sector.values()):
        verdict, derived, note = compare_parts(plan_own, by_sector, "KRW")
        yield AuditRow(
            f"{plan}:own_funds_vs_sectors", plan, "stated total vs sum of parts",
            f"plan {word}-funded budget ({term})", f"plan {term} vs sum of the sector {term}",
            plan_own.value, plan_own.raw, derived, "KRW", verdict,
            _refs(plan_own, by_sector), note, "plan_own_funds",
        )  # fmt: skip
    elif plan_own is None and any(by_sector.values()):
        yield AuditRow(
            f"{plan}:city_budget_total", plan, "derived figure",
            f"plan {word}-funded budget ({term})",
            f"sum of the sector {word} budgets (the text states no plan-level {term})",
            None, "", sum(p.value for p in by_sector.values() if p), "KRW", "derived",
            paragraphs(*(p.paragraph for p in by_sector.values() if p)),
            f"non-{word} funding ({data.other_funders}) = plan total - this", "plan_own_funds",
        )  # fmt: skip
    elif plan_own is None and total is not None:
        yield _not_stated(
            data, "own_funds_within_total", f"plan {word}-funded budget", "KRW",
            f"the plan states no {term if data.row.get('own_funds_term_ko') else 'own funds'} "
            "figure, for the plan or any sector", "plan_own_funds",
        )  # fmt: skip
    for _, sec in data.sectors.iterrows():
        own = data.stated(sec["sector_id"], *OWN_FUNDS_MEASURES)
        whole = data.stated(sec["sector_id"], "total_budget")
        if own is None or whole is None:
            continue
        yield AuditRow(
            f"{plan}:{sec['sector_id']}:city_within_total", plan, "part within whole",
            f"{data.sector_name(sec)} {word} budget ({term})",
            f"sector {word} budget <= sector total budget",
            whole.value, "", own.value, "KRW",
            bound_verdict(own.value, whole.value, whole.precision),
            data.sector_paragraphs(sec) or paragraphs(whole.paragraph, own.paragraph),
            topic="sector_own_funds", entity=sec["sector_id"],
        )  # fmt: skip


def jobs_checks(data: PlanData) -> Iterator[AuditRow]:
    """Jobs by sector vs plan jobs.

    All sectors stated: a sum check at the plan figure's precision (``jobs_vs_sectors``).
    Some: the stated sectors' jobs within the plan's, and the rest as a derived figure.
    None: one ``not_stated`` row.
    """
    plan = data.plan
    jobs = data.stated("plan", "jobs")
    by_sector = data.sector_statements("jobs")
    with_jobs = {name: p for name, p in by_sector.items() if p is not None}
    if jobs is None or data.sectors.empty:
        return
    if not with_jobs:
        yield _not_stated(
            data, "jobs_vs_sectors", "plan jobs (일자리)", "jobs",
            f"the plan states {jobs.raw} jobs in all and none by sector", "plan_jobs",
        )  # fmt: skip
        return
    refs = _refs(jobs, by_sector)
    if len(with_jobs) == len(by_sector):
        verdict, derived, note = compare_parts(jobs, by_sector, "jobs")
        yield AuditRow(
            f"{plan}:jobs_vs_sectors", plan, "stated total vs sum of parts",
            "plan jobs (일자리)", "plan jobs vs sum of the sector jobs",
            jobs.value, jobs.raw, derived, "jobs", verdict, refs, note, "plan_jobs",
        )  # fmt: skip
        return
    names = ", ".join(with_jobs)
    ids = dict(zip(by_sector, data.sectors["sector_id"], strict=True))
    stated_ids = ";".join(ids[n] for n in with_jobs)
    other_ids = ";".join(ids[n] for n, p in by_sector.items() if p is None)
    sector_jobs = sum(p.value for p in with_jobs.values())
    yield AuditRow(
        f"{plan}:jobs_sectors_within_plan", plan, "part within whole", f"jobs of {names}",
        "jobs stated for sectors <= plan jobs", jobs.value, jobs.raw, sector_jobs, "jobs",
        bound_verdict(sector_jobs, jobs.value, jobs.precision), refs,
        topic="sector_jobs", entity=stated_ids,
    )  # fmt: skip
    rest = jobs.value - sector_jobs
    others = ", ".join(name for name, p in by_sector.items() if p is None)
    yield AuditRow(
        f"{plan}:jobs_other_sectors", plan, "derived figure", f"jobs of {others}",
        f"plan jobs - jobs of {names} (the text gives no breakdown for these sectors)",
        None, "", rest, "jobs", "derived", refs,
        f"{rest} of {jobs.value} jobs ({rest / jobs.value:.1%}) are outside {names}",
        "sector_jobs", other_ids,
    )  # fmt: skip


def task_checks(data: PlanData) -> Iterator[AuditRow]:
    """For each sector with tasks that state amounts: the tasks vs the sector's total."""
    if data.tasks.empty or "sector_id" not in data.tasks:
        return
    for _, sec in data.sectors.iterrows():
        sid = sec["sector_id"]
        whole = data.stated(sid, "total_budget")
        tasks = data.tasks[data.tasks["sector_id"] == sid]
        parts = {str(t["task_id"]): data.stated(t["task_id"], "total_budget") for _, t in
                 tasks.iterrows()}  # fmt: skip
        if whole is None or not any(parts.values()):
            continue
        verdict, derived, note = compare_parts(whole, parts, "KRW")
        yield AuditRow(
            f"{data.plan}:{sid}:tasks_vs_sector", data.plan, "stated total vs sum of parts",
            f"{data.sector_name(sec)} total budget", "sector total vs sum of its tasks",
            whole.value, whole.raw, derived, "KRW", verdict, _refs(whole, parts),
            "; ".join(filter(None, [note, "treats the listed tasks as all of the sector's"])),
            "sector_total_budget", sid,
        )  # fmt: skip
