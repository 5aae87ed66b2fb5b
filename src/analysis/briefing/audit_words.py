"""The audit's words for readers, in Korean and English: part of the one label catalogue.

:mod:`analysis.briefing.labels` merges :data:`AUDIT_TEXT` into its ``TEXT``; nothing else
reads it directly. Keys:

- ``audit_topic_<topic>``: the subject of a check (see :data:`analysis.data.audit.TOPICS`);
  ``{name}`` is the sector, project or sectors it is about in the page's language, ``{term}``
  the plan's own funds (시비, 도비 ...), ``{measure}`` a measure's name, ``{horizon}`` a year.
- ``audit_not_stated_<key>``: the subject of a ``not_stated`` check whose topic is stated
  (a plan's jobs, when only their split by sector is missing).
- ``measure_<measure>``: a figure's measure (every measure of the figures contract).
- ``audit_finding_<kind>``: one sentence about a check that does not add up.
"""

from __future__ import annotations

__all__ = ["AUDIT_TEXT"]

_TOPICS = {
    "plan_sectors": ("분야 수", "number of sectors"),
    "plan_total_budget": ("계획 총사업비", "plan total budget"),
    "plan_own_funds": ("계획 전체 {term}", "plan {term}"),
    "sector_own_funds": ("{name} {term}", "{term} of {name}"),
    "plan_jobs": ("계획 전체 일자리", "plan jobs"),
    "sector_jobs": ("{name} 일자리", "jobs of {name}"),
    "plan_projects": ("계획 전체 사업 수", "number of projects in the plan"),
    "brand_projects": ("분야별 브랜드사업", "brand projects, one per sector"),
    "sector_projects": ("{name} 사업 수", "number of projects of {name}"),
    "sector_tasks": ("{name} 과제 수", "number of tasks of {name}"),
    "sector_contest_selections": (
        "{name} 추가 중앙정부 공모 선정",
        "further central-government contest selections of {name}",
    ),
    "sector_total_budget": ("{name} 총사업비 (과제의 합)", "total budget of {name} (its tasks)"),
    "project_budget": ("{name} 사업비", "budget of {name}"),
    "project_national_funding": ("{name} 국비", "national funding of {name}"),
    "project_workers": ("{name} 참여 인원", "workers of {name}"),
    "project_duration": ("{name} 사업 기간", "duration of {name}"),
    "programme_workers_by_field": ("{name} 분야별 참여 인원", "workers of {name} by field"),
    "figure_sources": ("{name} {measure}", "{measure} of {name}"),
    "national_measure": (
        "한국판 뉴딜 {measure} ({horizon}년까지)",
        "Korean New Deal {measure} (to {horizon})",
    ),
    "national_funding_sources": (
        "한국판 뉴딜 재원 구성 ({horizon}년까지)",
        "Korean New Deal funding sources (to {horizon})",
    ),
}

_MEASURES = {
    "total_budget": ("총사업비", "total budget"),
    "jobs": ("일자리", "jobs"),
    "own_funds": ("자체 재원", "own funds"),
    "budget": ("사업비", "budget"),
    "annual_budget": ("연간 사업비", "annual budget"),
    "national_funding": ("국비", "national funding"),
    "provincial_funding": ("도비", "provincial funding"),
    "local_funding": ("지방비", "local-government funds"),
    "private_funding": ("민간 재원", "private funds"),
    "national_treasury": ("국비", "national funding"),
    "total_cost": ("총사업비", "total cost"),
    "local_government": ("지방비", "local-government funds"),
    "private": ("민간 재원", "private funds"),
    "project_count": ("사업 수", "number of projects"),
    "sector_count": ("분야 수", "number of sectors"),
    "task_count": ("과제 수", "number of tasks"),
    "additional_contest_selection_count": ("추가 공모 선정 수", "further contest selections"),
    "sectors_with_brand_project": ("브랜드사업이 있는 분야 수", "sectors with a brand project"),
    "workers": ("참여 인원", "workers"),
    "duration_months": ("사업 기간(개월)", "duration (months)"),
    "period_start_month": ("시작 월", "first month"),
    "period_end_month": ("끝 월", "last month"),
    "period_end_year": ("끝 해", "last year"),
}

_OTHER = {
    "audit_whole_plan": ("계획 전체", "the whole plan"),
    "audit_own_funds_generic": ("자체 재원", "own funds"),
    # one sentence per check that does not add up; {subject} is the topic's words
    "audit_finding_fewer_named": (
        "{subject}: 발표는 {stated}, 이름이 나온 것은 {found}{refs}",
        "{subject}: {stated} stated, {found} named{refs}",
    ),
    "audit_finding_more_named": (
        "{subject}: 발표는 {stated}, 나열된 항목은 {found}{refs}",
        "{subject}: {stated} stated, {found} items listed{refs}",
    ),
    "audit_finding_sum": (
        "{subject}: 발표는 {stated}, 부분을 더하면 {found_to} {gap}{refs}",
        "{subject}: {stated} stated, the parts add up to {found_to}, {gap}{refs}",
    ),
    "audit_finding_other": (
        "{subject}: 발표 {stated} → 확인 {found} ({verdict}){refs}",
        "{subject}: {stated} stated → {found} found ({verdict}){refs}",
    ),
    "audit_gap_short": ("{gap} 모자란다", "{gap} short"),
    "audit_gap_over": ("{gap} 많다", "{gap} over"),
    "audit_refs": (" (문단 {paragraphs})", " (paragraph {paragraphs})"),
    "audit_refs_many": (" (문단 {paragraphs})", " (paragraphs {paragraphs})"),
    "audit_named": ("이름이 나온 것: {names}", "named: {names}"),
    # a count's counter word after the number (English writes the number alone)
    "audit_counter_items": ("개", ""),
    "audit_counter_cases": ("건", ""),
    "audit_counter_persons": ("명", ""),
    "audit_counter_jobs": ("개", ""),
    "audit_counter_months": ("개월", " months"),
    "audit_kind_not_stated": ("발표되지 않음", "Not stated"),
    # what a not-stated check finds missing, where that is not the topic itself: the plan
    # states its jobs, but none by sector
    "audit_not_stated_jobs_vs_sectors": ("분야별 일자리", "jobs by sector"),
}

#: Every audit word, keyed as in the label catalogue.
AUDIT_TEXT: dict[str, dict[str, str]] = {
    **{f"audit_topic_{k}": {"ko": ko, "en": en} for k, (ko, en) in _TOPICS.items()},
    **{f"measure_{k}": {"ko": ko, "en": en} for k, (ko, en) in _MEASURES.items()},
    **{k: {"ko": ko, "en": en} for k, (ko, en) in _OTHER.items()},
}
