"""Labels in Korean and English: every title, axis, legend, table header and prose label.

Data labels (sector, field and project names) come from the processed tables
(``*_ko`` / ``*_en`` columns); this module holds the words of the charts and briefings.
:func:`text` looks a key up in :data:`TEXT` for a language and fails loudly on a missing
key or language, so a briefing never shows a half-translated label.
"""

from __future__ import annotations

__all__ = ["LANGS", "TEXT", "label_column", "text"]

LANGS = ("ko", "en")

#: key -> {lang: text}. Text may hold ``{placeholders}`` filled by :func:`text`.
TEXT: dict[str, dict[str, str]] = {
    # shared
    "plan": {"ko": "의정부형 스마트 뉴딜 (2020)", "en": "Uijeongbu Smart New Deal (2020)"},
    "source_line": {
        "ko": "자료: 의정부시 스마트 뉴딜 발표 (2020), 문단 {paragraphs}",
        "en": "Source: City of Uijeongbu, Smart New Deal announcement (2020), paragraph {paragraphs}",
    },
    "source_line_national": {
        "ko": "자료: 의정부시 발표 (2020) 문단 {paragraphs}; 한국판 뉴딜 종합계획 (2020.7.14) 보도",
        "en": "Sources: Uijeongbu announcement (2020) paragraph {paragraphs}; "
        "Korean New Deal plan of 14 July 2020 (press reports)",
    },
    "sector": {"ko": "분야", "en": "Sector"},
    "total_budget": {"ko": "총사업비", "en": "Total budget"},
    "city_budget": {"ko": "시비", "en": "City funds"},
    "non_city_budget": {
        "ko": "시비 외 (국비·도비 등)",
        "en": "Non-city (national, provincial and other)",
    },
    "share_of_plan": {"ko": "계획 대비 비중", "en": "Share of the plan"},
    "share": {"ko": "비중", "en": "Share"},
    "plan_average": {"ko": "계획 평균", "en": "Plan average"},
    "jobs": {"ko": "일자리", "en": "Jobs"},
    "workers": {"ko": "참여 인원", "en": "Workers"},
    "field": {"ko": "분야", "en": "Field"},
    "project": {"ko": "사업", "en": "Project"},
    "projects_named": {"ko": "발표문에 이름이 나온 사업 수", "en": "Projects named in the text"},
    "brand": {"ko": "브랜드사업", "en": "Brand project"},
    "contest": {"ko": "공모 선정", "en": "Contest selection"},
    "yes": {"ko": "예", "en": "yes"},
    "no": {"ko": "", "en": ""},
    "not_stated": {"ko": "발표문에 없음", "en": "not stated"},
    "no_counterpart": {"ko": "대응 국가 분야 없음", "en": "no national counterpart"},
    "assumption": {"ko": "가정", "en": "Assumption"},
    # units
    "unit_eok": {"ko": "억원", "en": "100 million KRW"},
    "unit_million": {"ko": "백만원", "en": "million KRW"},
    "unit_krw": {"ko": "원", "en": "KRW"},
    "unit_usd": {"ko": "미국 달러", "en": "USD"},
    "nominal": {"ko": "{year}년 명목", "en": "nominal {year}"},
    "constant": {
        "ko": "{year}년 불변가격, 소비자물가지수 기준",
        "en": "constant {year} prices, CPI",
    },
    "usd_rate": {
        "ko": "2020년 평균 환율 {rate:,.2f}원/달러",
        "en": "at the 2020 average of {rate:,.2f} KRW/USD",
    },
    "jobs_per_budget": {"ko": "{base}당 일자리", "en": "Jobs per {base}"},
    "budget_per_job": {"ko": "일자리 1개당 예산", "en": "Budget per job"},
    "eok_base": {"ko": "1억원", "en": "100 million KRW"},
    "musd_base": {"ko": "100만 달러", "en": "1 million USD"},
}


def text(key: str, lang: str, **values: object) -> str:
    """The label ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    Raises
    ------
    KeyError
        If the key is unknown or has no text in ``lang``.

    Examples
    --------
    >>> text("city_budget", "en")
    'City funds'
    """
    if lang not in LANGS:
        raise KeyError(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")
    entry = TEXT[key]
    return entry[lang].format(**values) if values else entry[lang]


def label_column(base: str, lang: str) -> str:
    """The column holding a data label in ``lang``: ``label_column("sector", "en")`` ->
    ``"sector_en"``."""
    if lang not in LANGS:
        raise KeyError(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")
    return f"{base}_{lang}"
