"""Words of the comparison briefing (notebook 05), keys prefixed ``cmp_``.

Part of the one label catalogue: :mod:`analysis.briefing.labels` merges :data:`COMPARISON_TEXT` into
its ``TEXT``; nothing else reads it directly.
"""

from __future__ import annotations

__all__ = ["COMPARISON_TEXT"]

COMPARISON_TEXT: dict[str, dict[str, str]] = {
    "cmp_plan": {"ko": "계획", "en": "Plan"},
    "cmp_level": {"ko": "지자체 유형", "en": "Government"},
    "cmp_level_city": {"ko": "시", "en": "city"},
    "cmp_level_metropolitan_city": {"ko": "광역시", "en": "metropolitan city"},
    "cmp_level_province": {"ko": "도", "en": "province"},
    "cmp_level_national": {"ko": "국가", "en": "national"},
    "cmp_announced": {"ko": "발표", "en": "Announced"},
    "cmp_horizon": {"ko": "목표 연도", "en": "Horizon"},
    "cmp_total_stated": {"ko": "총사업비 (발표 표기)", "en": "Total budget (as written)"},
    "cmp_total": {"ko": "총사업비", "en": "Total budget"},
    "cmp_jobs_stated": {"ko": "일자리 (발표 표기)", "en": "Jobs (as written)"},
    "cmp_own_funds": {"ko": "자체 재원", "en": "Own funds"},
    "cmp_own_term": {"ko": "자체 재원 명칭", "en": "Own funds called"},
    "cmp_own_share": {"ko": "자체 재원 비중", "en": "Own-funds share"},
    "cmp_own_basis": {"ko": "근거", "en": "Basis"},
    "cmp_own_basis_stated": {"ko": "계획 전체 수치로 발표", "en": "stated for the whole plan"},
    "cmp_own_basis_sum_of_sectors": {
        "ko": "분야별 발표 수치의 합 (계산값)",
        "en": "sum of the sectors' stated figures (derived)",
    },
    "cmp_population": {"ko": "인구 (명)", "en": "Population"},
    "cmp_population_date": {"ko": "인구 기준일", "en": "Population as of"},
    "cmp_population_basis": {"ko": "인구 기준", "en": "Population basis"},
    "cmp_budget_per_resident": {"ko": "주민 1인당 예산", "en": "Budget per resident"},
    "cmp_jobs_per_1000": {"ko": "주민 1,000명당 일자리", "en": "Jobs per 1,000 residents"},
    "cmp_pillar": {"ko": "국가 뉴딜 분야", "en": "National pillar"},
    "cmp_pillar_share": {"ko": "분야 비중", "en": "Share of the plan"},
    "cmp_not_stated_by_sector": {
        "ko": "분야별로 밝히지 않은 금액",
        "en": "Not stated by sector",
    },
    "cmp_approx_measure_total_budget": {"ko": "총사업비", "en": "total budget"},
    "cmp_approx_measure_jobs": {"ko": "일자리", "en": "jobs"},
    # cited in a chart's source line, with the national figures it draws (sources_view)
    "cmp_plans_sources": {
        "ko": "각 계획의 발표·보도 (data/raw/plans/)",
        "en": "each plan's announcement and press reports (data/raw/plans/)",
    },
}
