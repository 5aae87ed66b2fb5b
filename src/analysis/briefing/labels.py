"""Labels in Korean and English: every word a reader sees outside the data and the prose.

Titles, axes, legends, table headers, prose labels, and the words of the page around a
briefing and of the index page (``page_*`` keys, see :func:`page_words`): one catalogue.

Data labels (sector, field and project names) come from the processed tables
(``*_ko`` / ``*_en`` columns); this module holds the words of the charts and briefings.
:func:`text` looks a key up in :data:`TEXT` for a language and fails loudly on a missing
key or language, so a briefing never shows a half-translated label.
"""

from __future__ import annotations

import re
import string
import textwrap
from collections.abc import Iterable

from analysis.briefing.audit_words import AUDIT_TEXT
from analysis.briefing.comparison_words import COMPARISON_TEXT
from analysis.briefing.frame_words import FRAME_TEXT

__all__ = [
    "LANGS",
    "SETTINGS",
    "TEXT",
    "list_words",
    "page_words",
    "sentence_start",
    "text",
    "wrap",
    "written_date",
    "written_years",
]

LANGS = ("ko", "en")

#: key -> {lang: text}. Text may hold ``{placeholders}`` filled by :func:`text` (prose by
#: :func:`analysis.briefing.prose.fill`); in either, ``{name!c}`` writes the value as
#: :func:`sentence_start` does (a label or sentence that begins with it).
TEXT: dict[str, dict[str, str]] = {
    # shared
    "page_plans_compared": {"ko": "지방 뉴딜 계획 비교", "en": "Local New Deal plans compared"},
    "sector": {"ko": "분야", "en": "Sector"},
    "total_budget": {"ko": "총사업비", "en": "Total budget"},
    "share_of_plan": {"ko": "계획 대비 비중", "en": "Share of the plan"},
    "share": {"ko": "비중", "en": "Share"},
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
    "national": {"ko": "국가", "en": "National"},
    # {month}: when it was announced; {year}: the horizon of the figures the label stands
    # beside (national_comparison.national_plan_name)
    "national_plan": {
        "ko": "한국판 뉴딜 ({month}, {year}년까지)",
        "en": "Korean New Deal ({month}, to {year})",
    },
    "national_treasury": {"ko": "국비", "en": "National treasury (국비)"},
    "share_national_plan": {"ko": "국가 계획 내 비중", "en": "Share of the national plan"},
    "national_counterpart": {"ko": "대응 국가 분야", "en": "National counterpart"},
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
    # {term}: what the plan calls its own funds (시비, 도비 ...), in the page's language
    "jobs_split_budget_effect": {
        "ko": "이 가정에서는 일자리를 밝히지 않은 분야들의 예산 대비 일자리가 똑같이 나올 수밖에 "
        "없다.",
        "en": "Under it, the sectors without stated jobs come out with equal jobs per budget, by "
        "construction.",
    },
    "jobs_split_own_funds_effect": {
        "ko": "이 가정에서는 {term} 비중이 높은 분야일수록 예산 대비 일자리가 높게 나온다.",
        "en": "Under it, the larger the share of {term} in a sector's budget, the more jobs per "
        "budget it comes out with, by construction.",
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
    "list_and": {"ko": "및", "en": "and"},
    # the plan minus its sectors with stated jobs (jobs and budget): derived, never a
    # figure the plan states for {sectors}, the sectors that state no jobs
    "entity_rest": {
        "ko": "{who}: 나머지({sectors}, 차감값)",
        "en": "{who}: the rest ({sectors}; derived)",
    },
    "own_funds": {"ko": "{term}", "en": "{term!c}"},  # a header and legend entry
    # {kinds}: other_funds_kinds_<government_level>, never the plan's own kind of money
    "not_own_funds": {
        "ko": "{term} 외 ({kinds} 등, 차감값)",
        "en": "Not {term} ({kinds}; derived)",
    },
    # what money other than the plan's own may be, by the government that made the plan: a
    # city or county may get national and provincial money; a metropolitan city (광역시) or a
    # province answers to no province, so no 도비 (a province's own is 도비: its cities' and
    # counties' money is other)
    "other_funds_kinds_city": {"ko": "국비·도비·기타", "en": "national, provincial, other"},
    "other_funds_kinds_county": {"ko": "국비·도비·기타", "en": "national, provincial, other"},
    "other_funds_kinds_metropolitan_city": {"ko": "국비·기타", "en": "national, other"},
    "other_funds_kinds_province": {
        "ko": "국비·시군비·기타",
        "en": "national, city and county, other",
    },
    "own_share": {"ko": "{term} 비중", "en": "Share of {term}"},
    "not_own_share": {"ko": "{term} 외 비중", "en": "Share not {term}"},
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
        "sectors_sum_differs": {
            "ko": "사업비가 발표된 분야의 합({sum})은 발표된 총사업비({total})와 다르다(개요의 "
            "점검 결과 참조). 비중은 발표된 총사업비 대비다.",
            "en": "The sectors that state a budget add up to {sum}, not the stated {total} (see "
            "the overview's audit). Shares are of the stated total.",
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
        # where a figure comes from, in a table cell: publisher, then paragraph(s) n (sources_view)
        "source_paragraph": {"ko": "문단", "en": "paragraph"},
        "source_paragraphs": {"ko": "문단", "en": "paragraphs"},
        # a chart's source line: lead, and the national reference figures (sources_view)
        "chart_source": {"ko": "자료", "en": "Source"},
        "chart_sources": {"ko": "자료", "en": "Sources"},
        "national_sources": {
            "ko": "한국판 뉴딜 보도: {publishers}",
            "en": "Korean New Deal as reported by {publishers}",
        },
        # figures the plan's sources state differently (04_overview)
        "figures_differ_figure": {"ko": "수치", "en": "Figure"},
        "figures_differ_as_written": {"ko": "출처에 적힌 그대로", "en": "As the source writes it"},
        "figures_differ_source": {"ko": "출처", "en": "Source"},
        "figures_differ_used": {"ko": "이 브리핑에서", "en": "In these briefings"},
        "figure_used": {"ko": "사용", "en": "used"},
        "figure_not_used": {"ko": "사용하지 않음", "en": "not used"},
        "reference_measure_national_treasury": {"ko": "국비", "en": "national funding"},
        "reference_measure_total_cost": {"ko": "총사업비", "en": "total cost"},
        "reference_measure_jobs": {"ko": "일자리", "en": "jobs"},
        # a page's list of the sources of its reference figures (the values are the data's)
        "reference_source_exchange_rate": {
            "ko": "{currency} 환율 {year}년 ({basis}): {rate:,.2f}원",
            "en": "{currency} exchange rate {year} ({basis}): {rate:,.2f} KRW",
        },
        "reference_source_cpi": {
            "ko": "소비자물가지수 ({base})",
            "en": "Consumer price index ({base})",
        },
    }
)

TEXT.update(FRAME_TEXT)
TEXT.update(COMPARISON_TEXT)
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


def sentence_start(words: str) -> str:
    """``words`` beginning with a capital, as an English title, caption, label or sentence
    does, where its first word is one written lowercase mid-sentence (a plan's term for its
    own funds, "city funds"). Only a first word of lowercase Latin letters changes: Korean,
    a number, and a word with a capital of its own ("iPhone", "eGov") stay as they are.

    Examples
    --------
    >>> sentence_start("city funds and the rest, by sector")
    'City funds and the rest, by sector'
    >>> sentence_start("시비와 그 외 재원"), sentence_start("km당 일자리"), sentence_start("")
    ('시비와 그 외 재원', 'km당 일자리', '')
    >>> sentence_start("iPhone users"), sentence_start("3 sectors")
    ('iPhone users', '3 sectors')
    """
    if _LOWERCASE_FIRST_WORD.match(words):
        return words[0].upper() + words[1:]
    return words


#: A first word of lowercase Latin letters only (then a space, punctuation or the end).
_LOWERCASE_FIRST_WORD = re.compile(r"[a-z]+(?![^\W\d_])")


class _LabelFormatter(string.Formatter):
    """``str.format`` with one more conversion, ``!c``: the value as :func:`sentence_start`
    writes it."""

    def convert_field(self, value: object, conversion: str | None) -> object:
        if conversion == "c":
            return sentence_start(str(value))
        return super().convert_field(value, conversion)


_FORMATTER = _LabelFormatter()


def text(key: str, lang: str, **values: object) -> str:
    """The label ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``
    (``{name!c}``: the value beginning with a capital, :func:`sentence_start`).

    Raises
    ------
    KeyError
        If the key is unknown or has no text in ``lang``.

    Examples
    --------
    >>> text("total_budget", "ko")
    '총사업비'
    >>> text("own_funds", "en", term="city funds"), text("own_funds", "ko", term="시비")
    ('City funds', '시비')
    """
    if lang not in LANGS:
        raise KeyError(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")
    entry = TEXT[key]
    return _FORMATTER.format(entry[lang], **values) if values else entry[lang]


def list_words(words: list[str], lang: str) -> str:
    """Names in a sentence's list: ``a, b and c`` in English, ``a, b, c`` in Korean
    (whose lists of names take commas only).

    Examples
    --------
    >>> list_words(["Digital", "Green", "Culture"], "en")
    'Digital, Green and Culture'
    >>> list_words(["디지털", "그린"], "ko"), list_words(["Green"], "en")
    ('디지털, 그린', 'Green')
    """
    if lang == "ko" or len(words) < 2:
        return ", ".join(words)
    return f"{', '.join(words[:-1])} {text('list_and', lang)} {words[-1]}"


_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")  # fmt: skip


def written_date(iso: str, lang: str) -> str:
    """An ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) as readers of ``lang`` write it.

    Examples
    --------
    >>> written_date("2020-08-19", "ko"), written_date("2020-08-19", "en")
    ('2020년 8월 19일', '19 August 2020')
    >>> written_date("2020", "ko"), written_date("2020-07", "en")
    ('2020년', 'July 2020')
    """
    parts = [int(p) for p in iso.strip().split("-")]
    if lang == "ko":
        return " ".join(f"{v}{w}" for v, w in zip(parts, ("년", "월", "일"), strict=False))
    words = [str(parts[0])]
    if len(parts) > 1:
        words.insert(0, _MONTHS_EN[parts[1] - 1])
    if len(parts) > 2:
        words.insert(0, str(parts[2]))
    return " ".join(words)


def written_years(dates: Iterable[str], lang: str) -> str:
    """The years of ISO dates (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) as a span: one year,
    or the first and the last joined as readers of ``lang`` join them (``2020~2021`` in
    Korean, ``2020–2021`` in English); empty without dates.

    Examples
    --------
    >>> written_years(["2020-07-23", "2020"], "en"), written_years(["2021-03", "2020-08-19"], "ko")
    ('2020', '2020~2021')
    >>> written_years(["2021-03", "2020-08-19"], "en")
    '2020–2021'
    """
    years = sorted({iso.strip()[:4] for iso in dates})
    if len(years) < 2:
        return "".join(years)
    return f"{years[0]}{'~' if lang == 'ko' else '–'}{years[-1]}"


def wrap(label: str, width: int = 26) -> str:
    r"""Break a long chart label into lines of at most ``width`` characters (at spaces).

    Examples
    --------
    >>> wrap("Stronger employment and social safety net", 21)
    'Stronger employment\nand social safety net'
    """
    lines = textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) or label
