"""Stated counts against what the text names, and checks of single named projects.

Counts of named projects are compared only where the plan declares its list of projects
complete (``plans.projects_list_complete``); otherwise the stated counts get one
``not_checked`` row. The sector count is always compared: ``sectors`` lists every sector
a plan names.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from analysis.data.audit.rows import AuditRow, bound_verdict, count_verdict, paragraphs
from analysis.data.audit.sums_checks import PlanData

__all__ = ["list_is_complete", "named_count_checks", "project_checks", "sector_count_check"]

_PROJECT_COUNTS = ("project_count", "task_count", "additional_contest_selection_count")


def list_is_complete(plan_row: pd.Series) -> bool:
    """``plans.projects_list_complete`` (true when the column is absent: the old layout
    held only Uijeongbu, whose list is complete)."""
    value = plan_row.get("projects_list_complete", True)
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value) if pd.notna(value) else False


def sector_count_check(data: PlanData) -> Iterator[AuditRow]:
    """The stated number of sectors vs the sectors the plan names."""
    count = data.stated("plan", "sector_count")
    if count is None:
        return
    sectors = data.sectors
    named = sectors.get("source_paragraphs", pd.Series(dtype=object)).dropna()
    yield AuditRow(
        f"{data.plan}:sector_count", data.plan, "stated count vs named", "sectors (분야)",
        "sectors stated vs sectors described in the text", count.value, count.raw,
        len(sectors), "items", count_verdict(count.value, len(sectors)),
        paragraphs(count.paragraph, *named), topic="plan_sectors",
    )  # fmt: skip


def _named_counts(data: PlanData) -> Iterator[AuditRow]:
    plan, projects = data.plan, data.projects
    if projects.empty:
        return
    top = projects[~projects["is_component"].astype(bool)]
    stated = data.stated("plan", "project_count")
    if stated is not None:
        yield AuditRow(
            f"{plan}:project_count", plan, "stated count vs named", "projects (사업) of the plan",
            "projects stated vs distinct projects the text names (components of a named "
            "project not counted)", stated.value, stated.raw, len(top), "items",
            count_verdict(stated.value, len(top)),
            paragraphs(stated.paragraph, list(top["source_paragraph"])), topic="plan_projects",
        )  # fmt: skip
    brand = data.stated("plan", "sectors_with_brand_project")
    if brand is not None and "is_brand" in top:
        named = top[top["is_brand"].astype(bool)]
        found = int(named["sector_id"].nunique())
        yield AuditRow(
            f"{plan}:brand_projects", plan, "stated count vs named",
            "brand projects (브랜드사업), one per sector",
            "sectors said to have a brand project vs brand projects the text names",
            brand.value, brand.raw, found, "items", count_verdict(brand.value, found),
            paragraphs(brand.paragraph, list(named["source_paragraph"])),
            "named: " + ", ".join(named["name_ko"]) if len(named) else "none named",
            "brand_projects",
        )  # fmt: skip
    for _, sec in data.sectors.iterrows():
        yield from _sector_named_counts(data, sec, top[top["sector_id"] == sec["sector_id"]])


def _sector_named_counts(data: PlanData, sec: pd.Series, in_sector: pd.DataFrame):
    plan, sid, name = data.plan, sec["sector_id"], data.sector_name(sec)
    stated = data.stated(sid, "project_count")
    if stated is not None:
        yield AuditRow(
            f"{plan}:{sid}:project_count", plan, "stated count vs named", f"{name} projects (사업)",
            "projects stated for the sector vs projects the text names in the sector",
            stated.value, stated.raw, len(in_sector), "items",
            count_verdict(stated.value, len(in_sector)),
            paragraphs(stated.paragraph, list(in_sector["source_paragraph"])),
            topic="sector_projects", entity=sid,
        )  # fmt: skip
    tasks = data.stated(sid, "task_count")
    if tasks is not None:
        same = in_sector["source_paragraph"].astype(str) == tasks.paragraph.rpartition(":")[2]
        yield AuditRow(
            f"{plan}:{sid}:task_count", plan, "stated count vs named", f"{name} tasks (과제)",
            "tasks stated vs items listed in the same sentence", tasks.value, tasks.raw,
            int(same.sum()), "items", count_verdict(tasks.value, int(same.sum())),
            paragraphs(tasks.paragraph),
            "the list ends in 등 (etc.), so items and tasks need not correspond one to one",
            "sector_tasks", sid,
        )  # fmt: skip
    contests = data.stated(sid, "additional_contest_selection_count")
    if contests is not None and "is_contest_selected" in in_sector:
        same = in_sector["source_paragraph"].astype(str) == contests.paragraph.rpartition(":")[2]
        named = in_sector[in_sector["is_contest_selected"].astype(bool) & same]
        yield AuditRow(
            f"{plan}:{sid}:additional_contest_selections", plan, "stated count vs named",
            f"{name} additional central-government contest selections (공모사업)",
            "selections stated vs selections the text names in the same sentence",
            contests.value, contests.raw, len(named), "items",
            count_verdict(contests.value, len(named)), paragraphs(contests.paragraph),
            "named: " + ", ".join(named["name_ko"]), "sector_contest_selections", sid,
        )  # fmt: skip


def named_count_checks(data: PlanData) -> Iterator[AuditRow]:
    """Stated counts of projects vs named ones, only where the list is complete."""
    if list_is_complete(data.row):
        yield from _named_counts(data)
        return
    figures = data.figures
    counted = figures[figures["measure"].isin(_PROJECT_COUNTS)] if not figures.empty else figures
    if not counted.empty:
        yield AuditRow(
            f"{data.plan}:project_counts", data.plan, "stated count vs named",
            "projects (사업) of the plan", "stated counts vs named projects: not compared",
            None, "", None, "items", "not_checked", "",
            f"the plan's named projects are not declared a complete list "
            f"(plans.projects_list_complete = false), so its {len(counted)} stated count(s) "
            "are not compared with them", "plan_projects",
        )  # fmt: skip


def project_checks(data: PlanData) -> Iterator[AuditRow]:
    """Each named project within its sector: budget, 국비, workers, duration."""
    for _, proj in data.projects.iterrows():
        sec = data.sectors[data.sectors["sector_id"] == proj["sector_id"]]
        if not sec.empty:
            yield from _project_rows(data, proj, sec.iloc[0])


def _project_rows(data: PlanData, proj: pd.Series, sec: pd.Series) -> Iterator[AuditRow]:
    plan, pid, name = data.plan, proj["project_id"], proj["name_ko"]
    total = data.stated(sec["sector_id"], "total_budget")
    sec_refs = data.sector_paragraphs(sec)
    budget = data.stated(pid, "budget")
    if budget is not None and total is not None:
        yield AuditRow(
            f"{plan}:{pid}:budget_within_sector", plan, "part within whole", f"{name} budget",
            "project budget <= its sector's total budget", total.value, "", budget.value, "KRW",
            bound_verdict(budget.value, total.value, total.precision),
            paragraphs(budget.paragraph, sec_refs),
            "the project's horizon may differ from the sector's", "project_budget", pid,
        )  # fmt: skip
    funding = data.stated(pid, "national_funding")
    not_own = next((sec[c] for c in ("not_own_funds_krw", "non_city_budget_krw") if c in sec), None)
    if funding is not None and not_own is not None and pd.notna(not_own):
        word, term = data.own_word, data.own_term
        yield AuditRow(
            f"{plan}:{pid}:national_funding_within_non_city", plan, "part within whole",
            f"{name} national funding (국비)",
            f"project 국비 <= its sector's non-{word} funding (total - {term})",
            int(not_own), "", funding.value, "KRW", bound_verdict(funding.value, int(not_own)),
            paragraphs(funding.paragraph, sec_refs),
            f"leaves {(int(not_own) - funding.value) / 1e8:,.0f}억원 of non-{word} funding "
            "for the sector's other projects", "project_national_funding", pid,
        )  # fmt: skip
    workers = data.stated(pid, "workers")
    jobs = data.stated(sec["sector_id"], "jobs")
    if workers is not None and jobs is not None:
        yield AuditRow(
            f"{plan}:{pid}:workers_within_sector_jobs", plan, "part within whole",
            f"{name} workers", "programme workers <= its sector's jobs", jobs.value, "",
            workers.value, "jobs", bound_verdict(workers.value, jobs.value),
            paragraphs(workers.paragraph, sec_refs),
            "treats one worker as one job; the text counts jobs (개) and workers (명) separately",
            "project_workers", pid,
        )  # fmt: skip
    start, end = data.stated(pid, "period_start_month"), data.stated(pid, "period_end_month")
    duration = data.stated(pid, "duration_months")
    if start is not None and end is not None and duration is not None:
        months = (end.value - start.value) % 12 + 1
        yield AuditRow(
            f"{plan}:{pid}:duration", plan, "stated total vs sum of parts", f"{name} duration",
            "months stated vs months from start month to end month, inclusive",
            duration.value, duration.raw, months, "months",
            "match" if months == duration.value else "mismatch", paragraphs(duration.paragraph),
            topic="project_duration", entity=pid,
        )  # fmt: skip
