"""Words of the page around a briefing (header, summary box, contents, sources, settings)
and of the index page, keys prefixed ``page_`` and ``setting_``.

Part of the one label catalogue: :mod:`analysis.briefing.labels` merges :data:`FRAME_TEXT` into
its ``TEXT``; nothing else reads it directly.
"""

from __future__ import annotations

__all__ = ["FRAME_TEXT"]

FRAME_TEXT: dict[str, dict[str, str]] = {
    "page_index": {"ko": "브리핑 목록", "en": "All briefings"},
    "page_built": {"ko": "작성일", "en": "Built"},
    "page_data_version": {"ko": "데이터 버전", "en": "data version"},
    "page_headline": {"ko": "주요 내용", "en": "Key points"},
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
        "ko": "수치는 발표문과 보도를 발표된 그대로 옮긴 뒤 코드로 변환·검증·점검했다. 모든 열의 "
        "단위와 뜻, 파생 수치를 만드는 법(예: 자체 재원 외 재원 = 총사업비 − 자체 재원)은 이 "
        "사이트의 데이터 패키지(data-package.zip)에 든 data_dictionary.csv에 있다.",
        "en": "Figures are transcribed as published from the announcements and press reports, "
        "then parsed, validated and audited by code. Every column's unit and meaning, and how "
        "derived figures are made (e.g. funds other than the plan's own = total − own funds), "
        "are in data_dictionary.csv in this site's data package (data-package.zip).",
    },
    "page_footer": {
        "ko": "지역 뉴딜 계획 분석 · 코드와 데이터로 재현 가능한 브리핑 ·",
        "en": "Local New Deal plans analysed · reproducible from code and data ·",
    },
    "page_sectors": {"ko": "분야", "en": "Sectors"},
    "page_projects": {"ko": "사업", "en": "Projects"},
    "page_budget": {"ko": "총사업비", "en": "Total budget"},
    "page_jobs": {"ko": "일자리", "en": "Jobs"},
    # the index page (build: one section per plan, the comparison first)
    "page_title_index": {"ko": "지역 뉴딜 계획 브리핑", "en": "Local New Deal plan briefings"},
    # {years}: when the plans listed were announced (labels.written_years)
    "page_index_intro": {
        "ko": "{years}년 지방정부가 발표한 뉴딜 계획을 분석한 브리핑 모음이다. 계획을 비교하는 "
        "브리핑이 먼저 오고, 이어서 계획마다(발표일 순) 브리핑이 있다. 각 브리핑은 한국어와 "
        "영어로 제공된다.",
        "en": "Briefings analysing the New Deal plans local governments announced in {years}: "
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
    "page_source_text_report": {
        "ko": "기사 원문 (문단 번호와 인용 표시)",
        "en": "the report's text (numbered paragraphs, cited passages highlighted)",
    },
}
