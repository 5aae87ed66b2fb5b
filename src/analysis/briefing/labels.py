"""Labels in Korean and English: every word a reader sees outside the data and the prose.

Titles, axes, legends, table headers, prose labels, and the words of the page around a
briefing and of the index page (``page_*`` keys, see :func:`page_words`): one catalogue.

Data labels (sector, field and project names) come from the processed tables
(``*_ko`` / ``*_en`` columns); this module holds the words of the charts and briefings.
:func:`text` looks a key up in :data:`TEXT` for a language and fails loudly on a missing
key or language, so a briefing never shows a half-translated label.
"""

from __future__ import annotations

import textwrap

__all__ = ["LANGS", "SETTINGS", "TEXT", "page_words", "text", "wrap"]

LANGS = ("ko", "en")

#: key -> {lang: text}. Text may hold ``{placeholders}`` filled by :func:`text`.
TEXT: dict[str, dict[str, str]] = {
    # shared
    "plan": {"ko": "의정부형 스마트 뉴딜 (2020)", "en": "Uijeongbu Smart New Deal (2020)"},
    "source_line": {
        "ko": "자료: 의정부시 스마트 뉴딜 발표 (2020), 문단 {paragraphs}",
        "en": "Source: City of Uijeongbu, Smart New Deal announcement (2020), "
        "paragraph {paragraphs}",
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
    "usd_rate_custom": {
        "ko": "환율 {rate:,.2f}원/달러(사용자 지정)",
        "en": "at {rate:,.2f} KRW/USD (set by the user)",
    },
    "jobs_per_budget": {"ko": "{base}당 일자리", "en": "Jobs per {base}"},
    "budget_per_job": {"ko": "일자리 1개당 예산", "en": "Budget per job"},
    "eok_base": {"ko": "1억원", "en": "100 million KRW"},
    "musd_base": {"ko": "100만 달러", "en": "1 million USD"},
    # city vs national, jobs per budget
    "city": {"ko": "의정부", "en": "Uijeongbu"},
    "national": {"ko": "국가", "en": "National"},
    "city_plan": {"ko": "의정부 계획", "en": "Uijeongbu plan"},
    "national_plan": {
        "ko": "한국판 뉴딜 (2020.7, 2025년까지)",
        "en": "Korean New Deal (July 2020, to 2025)",
    },
    "national_treasury": {"ko": "국비", "en": "National treasury (국비)"},
    "city_share": {"ko": "시비 비중", "en": "City share"},
    "non_city_share": {"ko": "시비 외 비중", "en": "Non-city share"},
    "plan_average_city_share": {
        "ko": "계획 평균 시비 비중 ({share:.1%})",
        "en": "Plan average city share ({share:.1%})",
    },
    "share_city_plan": {"ko": "의정부 계획 내 비중", "en": "Share of the Uijeongbu plan"},
    "share_national_plan": {"ko": "국가 계획 내 비중", "en": "Share of the national plan"},
    "national_counterpart": {"ko": "대응 국가 분야", "en": "National counterpart"},
    "times_larger": {"ko": "국가 ÷ 의정부 (배)", "en": "National ÷ Uijeongbu (times)"},
    "city_fraction": {"ko": "의정부 ÷ 국가", "en": "Uijeongbu ÷ national"},
    "whole_plan": {"ko": "계획 전체", "en": "Whole plan"},
    "jobs_per_budget_basis": {"ko": "{base}당 일자리 ({basis})", "en": "Jobs per {base} ({basis})"},
    "per_job_basis": {
        "ko": "일자리 1개(1인)당 예산 ({label})",
        "en": "Budget per job or worker ({label})",
    },
    "months": {"ko": "기간 (개월)", "en": "Duration (months)"},
    "programme_basis": {"ko": "참여자, 국비 기준", "en": "workers, national funding only"},
    "worker_months": {"ko": "연인원·월 (명×개월)", "en": "Worker-months"},
    "entity": {"ko": "대상", "en": "Entity"},
    "budget_basis": {"ko": "예산 ({label})", "en": "Budget ({label})"},
    "assumed": {"ko": "{label} (가정)", "en": "{label} (assumed)"},
    "budget_share": {"ko": "예산 비중", "en": "Share of budget"},
    "other_sectors_together": {"ko": "나머지 분야 합계", "en": "Other sectors together"},
    "jobs_share": {"ko": "일자리 비중", "en": "Share of jobs"},
    "workers_fields": {"ko": "분야별 참여 인원 (명)", "en": "Workers by field (persons)"},
    "jobs_split_budget": {"ko": "총사업비 비례", "en": "in proportion to total budget"},
    "jobs_split_city_funds": {"ko": "시비 비례", "en": "in proportion to city funds"},
    "jobs_split_budget_effect": {
        "ko": "이 가정에서는 세 분야의 예산 대비 일자리가 똑같이 나올 수밖에 없다.",
        "en": "Under it, the three sectors' jobs per budget come out equal by construction.",
    },
    "jobs_split_city_funds_effect": {
        "ko": "이 가정에서는 시비 비중이 높은 분야일수록 예산 대비 일자리가 높게 나온다.",
        "en": "Under it, a sector's jobs per budget rises with its city share by construction.",
    },
    "why_compared": {"ko": "비교 근거", "en": "Why compared"},
    "mapping_digital": {
        "ko": "이름과 목표가 같다: 의정부시가 정부의 디지털뉴딜을 이어받았다고 밝힘 (문단 2)",
        "en": "Same name and aim: the city says it adopts the government's digital new deal "
        "(paragraph 2)",
    },
    "mapping_green": {
        "ko": "이름과 목표가 같다: 의정부시가 정부의 그린뉴딜을 이어받았다고 밝힘 (문단 2)",
        "en": "Same name and aim: the city says it adopts the government's green new deal "
        "(paragraph 2)",
    },
    "mapping_culture": {
        "ko": "의정부시가 새로 더한 분야 (문단 2). 국가 계획에 대응 분야가 없다",
        "en": "Added by the city (paragraph 2); the national plan has no such pillar",
    },
    "mapping_safety": {
        "ko": "의정부시가 안심뉴딜을 '사회 안전망'이라 부름 (문단 14). 가장 가까운 국가 분야이지만 "
        "같은 사업은 아니다",
        "en": "The city calls 안심뉴딜 a social safety net (paragraph 14): the closest national "
        "pillar, not the same programme",
    },
    # audit (04_overview)
    "unit": {"ko": "단위", "en": "Unit"},
    "reference_data": {"ko": "국가 참고자료", "en": "national reference figures"},
    "unit_items": {"ko": "개", "en": "items"},
    "unit_persons": {"ko": "명", "en": "persons"},
    "unit_jobs": {"ko": "개 (일자리)", "en": "jobs"},
    "unit_months": {"ko": "개월", "en": "months"},
    "audit_item": {"ko": "점검 항목", "en": "Check"},
    "audit_stated": {"ko": "발표문 수치", "en": "Stated"},
    "audit_found": {"ko": "확인된 수치", "en": "Found"},
    "audit_difference": {"ko": "차이", "en": "Difference"},
    "audit_verdict": {"ko": "판정", "en": "Verdict"},
    "paragraphs": {"ko": "문단", "en": "Paragraphs"},
    "verdict_match": {"ko": "일치", "en": "matches"},
    "verdict_mismatch": {"ko": "불일치", "en": "does not match"},
    "verdict_fewer_named": {"ko": "이름이 나온 것이 더 적음", "en": "fewer named"},
    "verdict_more_named": {"ko": "나열된 것이 더 많음", "en": "more listed"},
    "verdict_consistent": {"ko": "모순 없음", "en": "consistent"},
    "verdict_inconsistent": {"ko": "모순", "en": "inconsistent"},
    "verdict_derived": {"ko": "계산값", "en": "derived"},
    "verdict_by_construction": {"ko": "당연히 일치(차감값 포함)", "en": "matches by construction"},
    "audit_total_budget_vs_sectors": {
        "ko": "총사업비 1천475억원 = 4개 분야 합계",
        "en": "Plan total (1,475억원) = sum of the 4 sectors",
    },
    "audit_project_count": {
        "ko": "사업 수: 발표 vs 이름이 나온 사업",
        "en": "Projects: stated vs named",
    },
    "audit_brand_projects": {
        "ko": "분야별 브랜드사업: 발표 vs 이름이 나온 것",
        "en": "Brand projects: one per sector stated vs named",
    },
    "audit_digital_additional_contest_selections": {
        "ko": "디지털뉴딜 추가 공모 선정: 발표 vs 이름이 나온 것",
        "en": "Digital: further contest selections stated vs named",
    },
    "audit_digital_task_count": {
        "ko": "디지털뉴딜 과제 수: 발표 vs 같은 문장에 나열된 항목",
        "en": "Digital tasks: stated vs items listed in the sentence",
    },
    "audit_safety_refresh_workers_by_field": {
        "ko": "Refresh 의정부 참여 인원: 발표(9천300여명) vs 분야별 합계",
        "en": "Refresh workers: announced (some 9,300) vs sum of the fields",
    },
    "audit_jobs_vs_pillars": {
        "ko": "국가 일자리 190.1만 = 3개 분야 합계",
        "en": "National jobs (1,901,000) = sum of the 3 pillars",
    },
    "audit_total_cost_vs_pillars": {
        "ko": "국가 총사업비 160조원 = 3개 분야 합계",
        "en": "National total (160조원) = sum of the 3 pillars",
    },
    "audit_national_treasury_vs_pillars": {
        "ko": "국가 국비 114.1조원 = 3개 분야 합계 (안전망 강화 국비는 차감값)",
        "en": "National 국비 (114.1조원) = sum of the 3 pillars (safety-net 국비 derived)",
    },
}


#: Words of the page around a briefing (header, summary box, contents, sources, index),
#: looked up by :func:`page_words` without their ``page_`` prefix.
TEXT.update(
    {
        "page_index": {"ko": "브리핑 목록", "en": "All briefings"},
        "page_built": {"ko": "작성일", "en": "Built"},
        "page_data_version": {"ko": "데이터 버전", "en": "data version"},
        "page_headline": {"ko": "핵심 수치", "en": "Headline figures"},
        "page_contents": {"ko": "목차", "en": "Contents"},
        "page_sources": {"ko": "자료와 방법", "en": "Sources and method"},
        "page_assumptions": {
            "ko": "이 브리핑의 가정과 설정",
            "en": "Assumptions and settings of this briefing",
        },
        "page_announcement": {
            "ko": "의정부시, 「의정부형 스마트 뉴딜」 발표문 (2020). 본문의 '문단 n'은 발표문의 "
            "n번째 문단(원문 파일의 n번째 줄)을 가리킨다. 원문은 저장소의 data/raw/source/에 있다.",
            "en": "City of Uijeongbu, announcement of the Uijeongbu Smart New Deal (Korean, "
            "2020). 'Paragraph n' refers to the n-th paragraph of the announcement (line n of the "
            "source file, kept in the repository under data/raw/source/).",
        },
        "page_method": {
            "ko": "수치는 발표문을 그대로 옮긴 원자료(data/raw/)에서 코드로 변환·검증했다. 단위 변환과 "
            "파생 수치(예: 시비 외 재원 = 총사업비 − 시비)는 data/processed/data_dictionary.csv에 "
            "설명되어 있다.",
            "en": "Figures are transcribed as published into data/raw/, then parsed, validated "
            "and audited by code. Unit conversions and derived figures (e.g. non-city funding = "
            "total − city funds) are described in data/processed/data_dictionary.csv.",
        },
        "page_footer": {
            "ko": "의정부형 스마트 뉴딜 분석 · 코드와 데이터로 재현 가능한 브리핑 ·",
            "en": "Uijeongbu Smart New Deal analysis · reproducible from code and data ·",
        },
        "page_sectors": {"ko": "분야", "en": "Sectors"},
        "page_projects": {"ko": "사업", "en": "Projects"},
        "page_budget": {"ko": "총사업비", "en": "Total budget"},
        "page_jobs": {"ko": "일자리", "en": "Jobs"},
        "page_title_index": {
            "ko": "의정부형 스마트 뉴딜 브리핑",
            "en": "Uijeongbu Smart New Deal briefings",
        },
        "page_index_intro": {
            "ko": "2020년 의정부시가 발표한 스마트 뉴딜 계획을 분석한 브리핑 모음이다. "
            "각 브리핑은 한국어와 영어로 제공된다.",
            "en": "Briefings analysing the Smart New Deal plan the city of Uijeongbu "
            "announced in 2020. Each briefing comes in Korean and in English.",
        },
        "page_not_built": {"ko": "아직 만들어지지 않음", "en": "not built yet"},
        "page_index_footer_manifest": {
            "ko": "각 브리핑의 입력과 설정",
            "en": "what each briefing was built from",
        },
        "page_index_footer_notebooks": {"ko": "실행된 노트북", "en": "executed notebooks"},
        "page_index_footer_assets": {"ko": "그림 PNG·SVG", "en": "figures"},
        "page_unit_lang": {"ko": "한국어", "en": "English"},
        # the settings list of a briefing page, and its prose boxes
        "setting_unit": {"ko": "단위", "en": "unit"},
        "setting_price_year": {"ko": "가격 기준 연도", "en": "price basis year"},
        "setting_exchange_rate": {"ko": "환율(원/달러)", "en": "exchange rate (KRW/USD)"},
        "setting_jobs_split": {"ko": "안심 외 일자리 배분", "en": "split of non-안심 jobs"},
        "setting_default_rate": {"ko": "2020년 평균", "en": "2020 average"},
        "caveat": {"ko": "유의", "en": "Caveat"},
        "figure": {"ko": "그림", "en": "Figure"},
        "figure_numbers": {"ko": "그림에 쓰인 수치", "en": "Numbers in this figure"},
        "download": {"ko": "내려받기", "en": "Download"},
        "download_csv": {"ko": "수치 CSV", "en": "numbers (CSV)"},
        "download_svg": {"ko": "그림 SVG", "en": "chart (SVG)"},
        "download_png": {"ko": "그림 PNG", "en": "chart (PNG)"},
        "table": {"ko": "표", "en": "Table"},
        "page_download_xlsx": {
            "ko": "이 브리핑의 표 전체 (Excel, 표마다 시트 하나와 자료·정의 시트)",
            "en": "Every table of this briefing (Excel: a sheet per table, plus sources and "
            "definitions)",
        },
        "page_data_package": {
            "ko": "데이터 패키지 (zip: 가공 표, 데이터 사전, 검증 결과, 라이선스, 설명)",
            "en": "Data package (zip: processed tables, data dictionary, audit, licence, README)",
        },
        "page_readme_sheet": {"ko": "설명", "en": "README"},
        "page_announced": {"ko": "발표", "en": "announced"},
        "page_cite": {"ko": "인용하는 법", "en": "How to cite"},
        "page_cite_title": {"ko": "제목", "en": "Title"},
        "page_cite_publisher": {"ko": "펴낸 곳", "en": "Publisher"},
        "page_cite_address": {"ko": "주소", "en": "Address"},
        "page_publisher": {
            "ko": "스마트 뉴딜 정책 분석 (재현 가능한 브리핑)",
            "en": "Smart New Deal policy analysis (reproducible briefings)",
        },
        "page_source_text": {
            "ko": "발표문 원문 (문단 번호와 인용 표시)",
            "en": "the announcement's text (numbered paragraphs, cited passages highlighted)",
        },
    }
)

#: The parameters listed under a page's settings, in order (label key ``setting_<name>``).
SETTINGS = ("unit", "price_year", "exchange_rate", "jobs_split")


def page_words(lang: str) -> dict[str, str]:
    """Every ``page_*`` label in ``lang``, keyed without the prefix (for page templates).

    Examples
    --------
    >>> page_words("en")["contents"]
    'Contents'
    """
    return {key[5:]: text(key, lang) for key in TEXT if key.startswith("page_")}


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


def wrap(label: str, width: int = 26) -> str:
    r"""Break a long chart label into lines of at most ``width`` characters (at spaces).

    Examples
    --------
    >>> wrap("Stronger employment and social safety net", 21)
    'Stronger employment\nand social safety net'
    """
    lines = textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) or label
