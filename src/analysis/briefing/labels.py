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

from analysis.briefing.audit_words import AUDIT_TEXT

__all__ = ["LANGS", "SETTINGS", "TEXT", "page_words", "text", "wrap"]

LANGS = ("ko", "en")

#: key -> {lang: text}. Text may hold ``{placeholders}`` filled by :func:`text`.
TEXT: dict[str, dict[str, str]] = {
    # shared
    "page_plans_compared": {"ko": "지방 뉴딜 계획 비교", "en": "Local New Deal plans compared"},
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
    "jobs_split_own_funds": {"ko": "자체 재원 비례", "en": "in proportion to the plan's own funds"},
    "jobs_split_budget_effect": {
        "ko": "이 가정에서는 세 분야의 예산 대비 일자리가 똑같이 나올 수밖에 없다.",
        "en": "Under it, the three sectors' jobs per budget come out equal by construction.",
    },
    "jobs_split_own_funds_effect": {
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
    "verdict_match_at_stated_precision": {
        "ko": "발표 단위로 반올림하면 일치",
        "en": "matches when rounded to the stated precision",
    },
    "verdict_parts_exceed_whole": {"ko": "부분이 전체보다 큼", "en": "parts exceed the total"},
    "verdict_parts_incomplete": {"ko": "일부 부분만 발표됨", "en": "only some parts stated"},
    "verdict_consistent_lower_bound": {
        "ko": "하한(여·이상)과 모순 없음",
        "en": "consistent with the lower bound (여, 이상)",
    },
    "verdict_below_lower_bound": {"ko": "하한(여·이상)에 못 미침", "en": "below the lower bound"},
    "verdict_sources_disagree": {"ko": "출처마다 수치가 다름", "en": "sources disagree"},
    "verdict_sources_agree_at_precision": {
        "ko": "출처마다 적은 방식만 다름(반올림 범위 안)",
        "en": "sources agree within their stated precision",
    },
    "verdict_not_stated": {"ko": "발표되지 않음", "en": "not stated"},
    "verdict_not_checked": {
        "ko": "점검하지 않음(목록 불완전)",
        "en": "not checked (list incomplete)",
    },
    # notebooks 02 and 03
    "plan_whole": {"ko": "{who}: 계획 전체", "en": "{who}: whole plan"},
    "own_funds": {"ko": "{term}", "en": "{term}"},
    "not_own_funds": {
        "ko": "{term} 외 (국비·도비·기타 등, 차감값)",
        "en": "Not {term} (national, provincial, other; derived)",
    },
    "own_share": {"ko": "{term} 비중", "en": "Share of {term}"},
    "not_own_share": {"ko": "{term} 외 비중", "en": "Share not {term}"},
    "plan_sector": {"ko": "계획의 분야", "en": "Plan's sector"},
    "share_of_this_plan": {"ko": "계획 총사업비 대비 비중", "en": "Share of the plan's total"},
    "plan_budget": {"ko": "계획 총사업비", "en": "Plan budget"},
    "national_cost": {"ko": "국가 총사업비", "en": "National total cost"},
    "of_which_treasury": {"ko": "그중 국비", "en": "of which 국비"},
    "plan_percent": {"ko": "계획 ÷ 국가 (%)", "en": "Plan ÷ national (%)"},
    "national_multiple": {"ko": "국가 ÷ 계획 (배)", "en": "National ÷ plan (times)"},
    "mapping_note": {"ko": "비교 근거 (편집 메모, 영문)", "en": "Why compared (editorial note)"},
    "this_plan": {"ko": "이 계획", "en": "This plan"},
    "funding_not_stated": {
        "ko": "이 계획은 재원 구성(자체 재원, 국비 등)을 밝히지 않았다.",
        "en": "The plan does not state how its budget is funded (own funds, national or other).",
    },
    "sector_funding_not_stated": {
        "ko": "이 계획은 분야별 재원 구성을 밝히지 않았다.",
        "en": "The plan does not state its funding by sector.",
    },
    "sector_jobs_not_stated": {
        "ko": "이 계획은 분야별 일자리를 밝히지 않았다.",
        "en": "The plan does not state jobs by sector.",
    },
    "all_sector_jobs_stated": {
        "ko": "이 계획은 모든 분야의 일자리를 밝혀 나눌 일자리가 없다.",
        "en": "The plan states jobs for every sector: there are no jobs left to split.",
    },
    "plan_jobs_not_stated": {
        "ko": "이 계획은 일자리 수나 총사업비를 밝히지 않았다.",
        "en": "The plan does not state its jobs or its total budget.",
    },
    "programmes_not_stated": {
        "ko": "이 계획은 참여 인원과 예산을 밝힌 공공일자리 사업이 없다.",
        "en": "The plan names no public-jobs programme with workers and a budget.",
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
            "ko": "이 계획의 출처: 본문의 '문단 n'은 그 출처의 n번째 문단(원문 파일의 n번째 줄)이다.",
            "en": "The plan's source ('paragraph n' in the text is its n-th paragraph, line n of "
            "its text file):",
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
        # the index page (build: one section per plan, the comparison first)
        "page_title_index": {"ko": "지역 뉴딜 계획 브리핑", "en": "Local New Deal plan briefings"},
        "page_index_intro": {
            "ko": "2020년 지방정부가 발표한 뉴딜 계획을 분석한 브리핑 모음이다. 계획을 비교하는 "
            "브리핑이 먼저 오고, 이어서 계획마다(발표일 순) 브리핑이 있다. 각 브리핑은 한국어와 "
            "영어로 제공된다.",
            "en": "Briefings analysing the New Deal plans local governments announced in 2020: "
            "first the briefings that compare the plans, then the briefings of each plan (in "
            "order of announcement). Each briefing comes in Korean and in English.",
        },
        "page_index_kicker": {
            "ko": "한국판 뉴딜의 지역 계획",
            "en": "Local plans of the Korean New Deal",
        },
        "page_index_compared": {"ko": "계획 비교", "en": "The plans compared"},
        "page_announced": {"ko": "발표", "en": "announced"},
        "page_not_built": {"ko": "아직 만들어지지 않음", "en": "not built yet"},
        "page_index_footer_manifest": {
            "ko": "각 브리핑의 입력과 설정",
            "en": "what each briefing was built from",
        },
        "page_index_footer_notebooks": {"ko": "실행된 노트북", "en": "executed notebooks"},
        "page_index_footer_assets": {"ko": "그림 PNG·SVG", "en": "figures"},
        "page_unit_lang": {"ko": "한국어", "en": "English"},
        # the settings list of a briefing page, and its prose boxes
        # the settings of a page, one sentence per parameter value (page_data.settings_items)
        "setting_unit_억원": {
            "ko": "표와 그림의 금액은 억원 단위이고, 본문은 금액마다 크기에 맞는 단위(만원·억원·조원)로 적었다.",
            "en": "Amounts in tables and charts are in units of 100 million won; the text "
            "writes each in millions, billions or trillions of won.",
        },
        "setting_unit_백만원": {
            "ko": "금액은 백만원 단위로 적었다.",
            "en": "Amounts are in millions of won.",
        },
        "setting_unit_KRW": {"ko": "금액은 원 단위로 적었다.", "en": "Amounts are in won."},
        "setting_unit_USD": {
            "ko": "금액은 미국 달러로 환산해 적었다.",
            "en": "Amounts are converted to US dollars.",
        },
        "setting_price_year_nominal": {
            "ko": "금액은 발표된 2020년 명목 금액 그대로다.",
            "en": "Amounts are nominal 2020 won, as announced.",
        },
        "setting_price_year_constant": {
            "ko": "금액은 소비자물가지수로 {value}년 불변가격으로 환산했다.",
            "en": "Amounts are converted to constant {value} won with the consumer price index.",
        },
        "setting_exchange_rate_default": {
            "ko": "달러 환산에는 2020년 평균 환율(한국은행)을 쓴다.",
            "en": "Conversions to dollars use the 2020 average exchange rate (Bank of Korea).",
        },
        "setting_exchange_rate_given": {
            "ko": "달러 환산에는 1달러 = {value}원을 쓴다.",
            "en": "Conversions to dollars use KRW {value} per US dollar.",
        },
        "setting_jobs_split_none": {
            "ko": "계획이 합계로만 밝힌 일자리는 분야별로 나누지 않았다.",
            "en": "Jobs the plan states only in total are not split across sectors.",
        },
        "setting_jobs_split_budget": {
            "ko": "계획이 합계로만 밝힌 일자리는 분야별 예산 비중대로 나누어 보였다(가정).",
            "en": "Jobs the plan states only in total are split across sectors by their "
            "budgets (an assumption).",
        },
        "setting_jobs_split_own_funds": {
            "ko": "계획이 합계로만 밝힌 일자리는 분야별 자체 재원 비중대로 나누어 보였다(가정).",
            "en": "Jobs the plan states only in total are split across sectors by their own "
            "funds (an assumption).",
        },
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

# notebook 05 (plan comparison): words of the comparison briefing, keys prefixed ``cmp_``
TEXT.update(
    {
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
        "cmp_source_line": {
            "ko": "자료: 각 계획의 발표·보도 (data/raw/plans/), 주민등록인구 보도, "
            "한국판 뉴딜 종합계획 (2020.7.14) 보도",
            "en": "Sources: each plan's announcement and press reports (data/raw/plans/), "
            "resident registration reports, Korean New Deal plan of 14 July 2020 (press reports)",
        },
    }
)


# notebooks 01 and 04: lines for what a plan does not state, funding headers by the plan's
# own-funds term, kinds of audit checks, the source line from the plan's own sources
TEXT.update(
    {
        "not_stated_sector_own_funds": {
            "ko": "이 계획은 분야별 자체 재원({term})을 밝히지 않았다.",
            "en": "The plan does not state its own funds ({term}) by sector.",
        },
        "not_stated_own_funds": {
            "ko": "이 계획은 재원 구성(자체 재원, 국비 등)을 밝히지 않았다.",
            "en": "The plan does not state how it is funded (its own funds, national or other).",
        },
        "not_stated_sector_jobs": {
            "ko": "이 계획은 분야별 일자리를 밝히지 않았다.",
            "en": "The plan does not state jobs by sector.",
        },
        "not_stated_jobs": {
            "ko": "이 계획은 일자리 수를 밝히지 않았다.",
            "en": "The plan does not state a number of jobs.",
        },
        "not_stated_projects": {
            "ko": "자료에는 이 계획의 사업 이름이 없다.",
            "en": "The data names none of the plan's projects.",
        },
        "not_stated_sector_budget": {
            "ko": "총사업비가 밝혀지지 않은 분야: {sectors}.",
            "en": "Sectors whose budget the plan does not state: {sectors}.",
        },
        "own_funds_of": {"ko": "{term}", "en": "Own funds ({term})"},
        "not_own_funds_of": {
            "ko": "{term} 외 재원 (국비 등, 구성 미상)",
            "en": "Not own funds (other than {term}; mix not stated)",
        },
        "own_share_of": {"ko": "{term} 비중", "en": "Share in {term}"},
        "source_line_plan": {
            "ko": "자료: {plan} 발표 ({publishers})",
            "en": "Source: {plan}, as announced ({publishers})",
        },
        "projects_stated": {"ko": "발표된 사업 수", "en": "Projects stated"},
        "audit_kind_stated_total_vs_sum_of_parts": {"ko": "합계 점검", "en": "Total vs parts"},
        "audit_kind_stated_count_vs_named": {
            "ko": "개수 점검(발표 대 이름이 나온 것)",
            "en": "Count stated vs named",
        },
        "audit_kind_part_within_whole": {"ko": "부분 ≤ 전체", "en": "Part within whole"},
        "audit_kind_derived_figure": {"ko": "계산값", "en": "Derived figure"},
        "audit_kind_sources_disagree": {"ko": "출처 간 비교", "en": "Sources compared"},
        # chart colours as captions name them (charts.color_word)
        "color_coloured": {"ko": "색", "en": "coloured"},
        "color_dark_grey": {"ko": "진회색", "en": "dark grey"},
        "color_grey": {"ko": "회색", "en": "grey"},
        "color_light_grey": {"ko": "연회색", "en": "light grey"},
        "color_key_item": {"ko": "{color} 막대는 {meaning}", "en": "{color} bars: {meaning}"},
        "color_key_separator": {"ko": ", ", "en": "; "},
        "key_plan": {"ko": "계획 전체", "en": "the whole plan"},
        "key_other_sectors": {
            "ko": "일자리를 밝히지 않은 분야들의 합계",
            "en": "the sectors without stated jobs, together",
        },
        "key_sector": {"ko": "일자리를 밝힌 분야", "en": "sectors with stated jobs"},
        "key_programme": {"ko": "공공일자리 사업", "en": "public-jobs programmes"},
        "key_sector_programme": {
            "ko": "일자리를 밝힌 분야와 공공일자리 사업",
            "en": "sectors with stated jobs and public-jobs programmes",
        },
        "key_national": {"ko": "국가 한국판 뉴딜", "en": "the national Korean New Deal"},
        # caveats drawn inside a chart (chart_caveats)
        "caveat_short_programme": {
            "ko": "주의: {sector}의 일자리 {jobs}개에 {months}개월짜리 공공일자리 사업"
            "({programme}) 참여자 {workers}명이 들어 있다면 그 {share}가 참여자다. 계획은 "
            "들어 있는지 밝히지 않는다. {sector}의 막대를 오래가는 일자리 수로 읽으면 안 된다.",
            "en": "Caution: {programme}, a {months}-month public-jobs programme, had {workers} "
            "workers. If they are counted among the {jobs} jobs of {sector}, they are {share} of "
            "them; the plan does not say. Do not read {sector}'s bar as lasting jobs.",
        },
        "workers_approx": {"ko": "{count}여", "en": "some {count}"},
        # the national comparison (02) and jobs per budget (03)
        "mapping_note_page": {"ko": "비교 근거 (편집 메모)", "en": "Why compared (editorial note)"},
        "paragraph_n": {"ko": "문단 {n}", "en": "paragraph {n}"},
        "reference_measure_national_treasury": {"ko": "국비", "en": "national funding"},
        "reference_measure_total_cost": {"ko": "총사업비", "en": "total cost"},
        "reference_measure_jobs": {"ko": "일자리", "en": "jobs"},
    }
)

TEXT.update(AUDIT_TEXT)

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
