"""Findings and caveats of Uijeongbu's briefings 02 (city vs national) and 03 (jobs per
budget) that the plans rewrite had lost, written again from the data: each notebook's
outputs for Uijeongbu (ko, en) and Incheon (ko, en) are read from the executed notebooks of
the shared build (``briefings_build``: the same notebooks run with the same parameters; that
the build's warm kernels give what plain papermill gives is tested in test_warm_kernels), and
every restored sentence is checked against figures worked out here by hand from the quotes
(paragraph or reference in the comments). English pages may carry Hangul only inside
lang="ko" elements (names and terms given as data values)."""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
UIJEONGBU, INCHEON = "uijeongbu_snd_2020", "incheon_nd_2020"
EOK, JO = 10**8, 10**12
HANGUL = re.compile(r"[가-힣]")

# Uijeongbu, from the announcement by hand [paragraph]
TOTAL = 1475 * EOK  # [2] 1천475억원
BUDGET = {"digital": 98 * EOK, "green": 840 * EOK, "culture": 86 * EOK, "safety": 451 * EOK}
PLAN_JOBS, SAFETY_JOBS = 9897, 9348  # [2] 9천897개, [15] 9천348개
WORKERS, MONTHS = 9300, 4  # [16] 9천300여명, 8월부터 11월까지
# The national plan to 2025 (reference README): total cost by pillar, 국비, jobs
NATIONAL_COST = {"digital": 582_000, "green": 734_000, "safety_net": 284_000}  # 억원: 58.2조원...
NATIONAL_TOTAL_COST, NATIONAL_JOBS = 160 * JO, 1_901_000  # 160조원, 190.1만
NATIONAL_TREASURY, DIGITAL_TREASURY, GREEN_TREASURY = 1141, 448, 427  # 조원 × 10
# Incheon (press reports): 14조원, 17만3천개; digital 1조8000억 / 1만8000개, green 5조6000억 /
# 5만8000개, bio 3만8000개; the human sector states neither
INCHEON_TOTAL, INCHEON_JOBS = 14 * JO, 173_000
INCHEON_DIGITAL, INCHEON_GREEN = 18_000 * EOK, 56_000 * EOK
INCHEON_SECTOR_JOBS = [18_000, 58_000, 38_000]


def _per_eok(jobs: float, krw: float) -> str:
    """Jobs per 1억원 at 3 significant digits, as every page prints a derived rate."""
    return f"{jobs / (krw / EOK):.3g}"


def executed_notebook(build: dict, notebook: str, plan: str, lang: str) -> Path:
    """The shared build's executed notebook of ``notebook`` (a stem such as
    ``02_city_vs_national``) for ``plan`` in ``lang``, default parameters otherwise."""
    [job] = [
        job
        for job in build["jobs"]
        if job.notebook.stem == notebook
        and job.plan == plan
        and job.lang == lang
        and not job.variant
    ]
    assert job.name in build["report"].built, build["report"].failed
    return build["reports"] / "notebooks" / f"{job.name}.ipynb"


@pytest.fixture(scope="module")
def pages(briefings_build):
    """Reads the outputs of a notebook once per (notebook, plan, language) the tests ask for
    (from the shared build) and keeps their text and HTML."""
    done: dict[tuple[str, str, str], tuple[str, list[str]]] = {}

    def read(notebook: str, plan: str, lang: str) -> tuple[str, list[str]]:
        key = (notebook, plan, lang)
        if key not in done:
            executed = executed_notebook(briefings_build, notebook, plan, lang)
            notebook_json = json.loads(executed.read_text(encoding="utf-8"))
            parameters = notebook_json["metadata"]["papermill"]["parameters"]
            assert (parameters["plan"], parameters["lang"]) == (plan, lang), parameters
            shown = [
                "".join(o["data"]["text/html"])
                for c in notebook_json["cells"]
                for o in c.get("outputs", [])
                if "text/html" in o.get("data", {})
            ]
            text = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", h)) for h in shown)
            done[key] = (text, shown)
        return done[key]

    return read


# --- 02 city vs national ----------------------------------------------------------------


def _pillar_notes(plan: str) -> list[dict[str, str]]:
    path = ROOT / "data" / "raw" / "plans" / plan / "sector_pillars.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("plan", [UIJEONGBU, INCHEON])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_mapping_table_gives_the_reason_in_the_page_language(pages, plan, lang):
    """Each sector's editorial reason is shown in the page's language, never the other."""
    text, _ = pages("02_city_vs_national", plan, lang)
    for row in _pillar_notes(plan):
        shown, other = (
            (row["note_ko"], row["note"]) if lang == "ko" else (row["note"], row["note_ko"])
        )
        assert shown in text and other not in text, (row["sector_id"], lang)
    if plan == UIJEONGBU and lang == "ko":  # the old Korean reasons
        for reason in (
            "의정부시가 정부의 디지털뉴딜을 이어받았다고 밝힘 (문단 2)",
            "의정부시가 새로 더한 분야 (문단 2)",
            "'사회 안전망'이라 부름 (문단 14)",
        ):
            assert reason in text
    if plan == UIJEONGBU and lang == "en":
        for deal in ("digital", "green"):
            assert f"the city says it adopts the government's {deal} new deal (paragraph 2)" in text


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_period_caveat_names_the_projects(pages, lang):
    """[9] The G&B City to 2021, [13] the cultural resources project to 2022."""
    text, _ = pages("02_city_vs_national", UIJEONGBU, lang)
    if lang == "ko":
        assert re.search(r"2021년\([^()]*G&B City[^()]*, 문단 9\)", text), text
        assert re.search(r"2022년\([^()]*문화자원 발굴[^()]*, 문단 13\)", text)
    else:
        assert re.search(r"2021 \([^()]*G&B City[^()]*, paragraph 9\)", text)
        assert re.search(r"2022 \([^()]*cultural resources[^()]*, paragraph 13\)", text)
    assert "Paragraphs 9" not in text and "(문단 9)" not in text


@pytest.mark.parametrize(("plan", "total"), [(UIJEONGBU, TOTAL), (INCHEON, INCHEON_TOTAL)])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_national_multiple_is_written_at_three_significant_digits(pages, plan, total, lang):
    """160조원 ÷ 1천475억원 = 1,084.7 (written 1,080); ÷ 14조원 = 11.43 (written 11.4)."""
    multiple = float(f"{NATIONAL_TOTAL_COST / total:.3g}")
    written = f"{multiple:,.0f}" if multiple >= 100 else f"{multiple:.3g}"
    text, _ = pages("02_city_vs_national", plan, lang)
    said = f"이 계획의 약 {written}배다" if lang == "ko" else f"about {written} times this plan"
    assert said in text, said


@pytest.mark.parametrize("plan", [UIJEONGBU, INCHEON])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_scale_caveat_shows_the_derived_safety_net_funding(pages, plan, lang):
    """The safety-net 국비 (26.6조원) is the total minus digital and green: 114.1 − 44.8 − 42.7."""
    assert NATIONAL_TREASURY - DIGITAL_TREASURY - GREEN_TREASURY == 266
    text, _ = pages("02_city_vs_national", plan, lang)
    if lang == "ko":
        assert re.search(
            r"안전망 강화의 국비 26\.6조원은 [^.]*\(114\.1조원 − 44\.8조원 − 42\.7조원\)과 같다",
            text,
        )
    else:
        note = re.search(
            r"pillar's national funding of KRW 26\.6 trillion equals KRW 114\.1 trillion − "
            r"KRW 44\.8 trillion − KRW 42\.7 trillion[^\n]*",
            text,
        )
        assert note and "safety net" in text[note.start() - 60 : note.start()]
        assert "국비" not in note[0]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_sector_mix_is_set_against_the_national_mix(pages, lang):
    """National: green 73.4 of 160조원 is a quarter larger than digital 58.2 (not of similar
    size: within a tenth would be); Uijeongbu: green
    840 of 1,475억원 dominates, digital 98 takes little; safety 451 outweighs the safety net."""
    national = {k: v / sum(NATIONAL_COST.values()) for k, v in NATIONAL_COST.items()}
    plan = {k: v / TOTAL for k, v in BUDGET.items()}
    assert national["digital"] < 0.9 * national["green"] and plan["green"] > 0.5
    text, _ = pages("02_city_vs_national", UIJEONGBU, lang)
    g, d, s = plan["green"], plan["digital"], plan["safety"]
    ng, nd, ns = national["green"], national["digital"], national["safety_net"]
    if lang == "ko":
        expected = (
            f"그린 뉴딜({ng:.1%})이 디지털 뉴딜({nd:.1%})보다 크지만, 의정부시의 계획은 "
            f"그린뉴딜이 {g:.1%}로 압도적이고 디지털뉴딜은 {d:.1%}에 그친다. 안심뉴딜({s:.1%})은 "
            f"국가의 안전망 강화({ns:.1%})보다 비중이 크다."
        )
    else:
        expected = (
            f"({ng:.1%}) is larger than Digital New Deal ({nd:.1%}); in Uijeongbu's plan "
            f"Green dominates with {g:.1%} and Digital takes only {d:.1%}. Safety (안심), at "
            f"{s:.1%}, weighs more than its national counterpart"
        )
    assert expected in text, text


def test_sector_mix_sentence_for_another_plan(pages):
    """Incheon: green 5조6000억 and digital 1조8000억 of 14조원; green under half."""
    text, _ = pages("02_city_vs_national", INCHEON, "en")
    green, digital = INCHEON_GREEN / INCHEON_TOTAL, INCHEON_DIGITAL / INCHEON_TOTAL
    assert (
        f"in Incheon's plan Green New Deal is the larger with {green:.1%} and Digital New Deal "
        f"takes only {digital:.1%}." in text
    )


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_high_jobs_per_budget_is_put_down_to_short_public_jobs(pages, lang):
    """9,897 jobs / 1,475억원 against 190.1만 / 160조원; the rest: 549 jobs / 1,024억원."""
    text, _ = pages("02_city_vs_national", UIJEONGBU, lang)
    plan_rate = _per_eok(PLAN_JOBS, TOTAL)
    national = _per_eok(NATIONAL_JOBS, NATIONAL_TOTAL_COST)
    rest = _per_eok(PLAN_JOBS - SAFETY_JOBS, TOTAL - BUDGET["safety"])
    if lang == "ko":
        assert (
            f"의정부시의 높은 예산 대비 일자리(1억원당 {plan_rate}개, 국가 {national}개)는 짧은 "
            f"공공일자리를 세기 때문으로 보인다: 안심뉴딜의 일자리는 대부분 {MONTHS}개월짜리"
            in text
        )
        assert f"1억원당 {rest}개로 국가 계획보다 낮다." in text
    else:
        assert (
            f"Uijeongbu's high jobs per budget ({plan_rate} per 100 million KRW, against "
            f"{national} nationally) appears to come from counting short public jobs: the jobs of "
            f"Safety (안심) may be mostly the workers of Refresh" in text
        )
        assert f"score {rest} per 100 million KRW, below the national plan." in text


def test_no_short_jobs_caveat_without_a_programme(pages):
    """Incheon names no public-jobs programme: nothing is put down to short public jobs."""
    text, _ = pages("02_city_vs_national", INCHEON, "en")
    assert "counting short public jobs" not in text


# --- 03 jobs per budget -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_jobs_are_told_apart_from_workers(pages, lang):
    """[2] 9천897개 (jobs, 개) against [16] 9천300여명 (workers, 명)."""
    text, _ = pages("03_jobs_per_budget", UIJEONGBU, lang)
    if lang == "ko":
        assert (
            "의정부시는 일자리 개수(9천897개, 문단 2)를, Refresh 의정부 뉴딜사업은 참여 인원"
            "(9천300여명, 문단 16)을 밝힌다." in text
        )
    else:
        assert re.search(
            r"Uijeongbu states a number of jobs \(9천897개, paragraph 2\), Refresh [^()]*"
            r"(\([^()]*\))? a number of workers \(9천300여명, paragraph 16\)",
            text,
        )
    other, _ = pages("03_jobs_per_budget", INCHEON, lang)
    assert "a number of workers" not in other and "참여 인원(" not in other


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_budget_per_job_gap_is_explained(pages, lang):
    """Digital, green, culture: 1,024억원 / 549 jobs; safety: 451억원 / 9,348 jobs; about 39x.
    9,300 workers are 99% of the safety sector's 9,348 jobs."""
    ratio = ((TOTAL - BUDGET["safety"]) / (PLAN_JOBS - SAFETY_JOBS)) / (
        BUDGET["safety"] / SAFETY_JOBS
    )
    share = f"{WORKERS / SAFETY_JOBS:.0%}"
    text, _ = pages("03_jobs_per_budget", UIJEONGBU, lang)
    if lang == "ko":
        assert f"약 {ratio:,.1f}배다." in text
        assert (
            "차이는 무엇을 세는지에서 온다: 안심뉴딜의 일자리는 대부분 짧은 공공일자리로 보인다."
            in text
        )
        assert (
            f"참여자 {WORKERS:,}여명이 일자리 {SAFETY_JOBS:,}개에 들어 있다면 그 {share}다." in text
        )
    else:
        assert f"about {ratio:,.1f} times" in text
        assert "the jobs of Safety (안심) are mostly short public jobs" in text
        assert f"a {MONTHS}-month programme, had some {WORKERS:,} workers, {share} of" in text
    other, _ = pages("03_jobs_per_budget", INCHEON, lang)
    assert "short public jobs." not in other and "차이는 무엇을 세는지" not in other


@pytest.mark.parametrize("plan", [UIJEONGBU, INCHEON])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_jobs_stated_only_in_total(pages, plan, lang):
    """Uijeongbu: 9,897 − 9,348 = 549; Incheon: 173,000 − 18,000 − 58,000 − 38,000 = 59,000."""
    parts = [PLAN_JOBS, SAFETY_JOBS] if plan == UIJEONGBU else [INCHEON_JOBS, *INCHEON_SECTOR_JOBS]
    left = parts[0] - sum(parts[1:])
    sum_of = " − ".join(f"{v:,}" for v in parts)
    text, _ = pages("03_jobs_per_budget", plan, lang)
    if lang == "ko":
        assert f"분야의 것을 빼면 {left:,}개({sum_of})가 남는다." in text
    else:
        assert f"the sectors that state them leave {left:,} ({sum_of})." in text
        assert "only their total" not in text  # Incheon's 59,000 are no sectors' total


def test_korean_particles(pages):
    """나머지(…)는 and 뉴딜사업(안심뉴딜)은: the particle follows the word before the brackets."""
    text, _ = pages("03_jobs_per_budget", UIJEONGBU, "ko")
    assert "나머지(디지털뉴딜 + 그린뉴딜 + 문화뉴딜, 차감값)는 일자리 하나에" in text
    assert "Refresh 의정부 뉴딜사업(안심뉴딜)은 4개월" in text
    assert "뉴딜는" not in text and "뉴딜사업(안심뉴딜)는" not in text


@pytest.mark.parametrize(
    ("plan", "kinds_en", "kinds_ko"),
    [
        ("gyeonggi_nd_2020", "national, city and county, other", "국비·시군비·기타"),  # 도, 도비
        (INCHEON, "national, other", "국비·기타"),  # 광역시: no 도비 above it
        (UIJEONGBU, "national, provincial, other", "국비·도비·기타"),  # 시 in 경기도
    ],
)
def test_not_own_funds_list_what_they_may_be(pages, plan, kinds_en, kinds_ko):
    """The money other than the plan's own is listed without the plan's own kind."""
    text, _ = pages("02_city_vs_national", plan, "en")
    term = "provincial funds" if plan == "gyeonggi_nd_2020" else "city funds"
    assert f"it is whatever is not {term} ({kinds_en}), and the plan does not split it" in text
    assert "provincial and other)" not in text
    text, _ = pages("02_city_vs_national", plan, "ko")
    assert f"{kinds_ko}가 섞인 잔여액" in text


# --- 04 overview -----------------------------------------------------------------------


def test_overview_says_most_only_of_a_majority(pages):
    """Incheon: green 5조6000억 of 14조원 (40.0%) and 5만8000 of 17만3천 jobs (33.5%), less
    than the 59,000 jobs no sector states: neither "mostly" nor "Most jobs", and never the
    remainder as the largest; Uijeongbu: green 840 of 1,475억 (56.9%), 안심 9,348 of 9,897
    jobs (94.5%), both majorities."""
    text, _ = pages("04_overview", INCHEON, "en")
    assert (
        f"The largest share of the budget goes to Green New Deal. It takes {INCHEON_GREEN / INCHEON_TOTAL:.1%}"
        in text
    )
    green = 58_000 / INCHEON_JOBS
    assert (
        f"Of the sectors that state their jobs, Green New Deal has the largest share: {green:.1%}"
        in text
    )
    assert "mostly" not in text and "Most jobs" not in text
    assert "Other sectors together:" not in text
    text, _ = pages("04_overview", UIJEONGBU, "en")
    assert f"The budget goes mostly to Green. It takes {BUDGET['green'] / TOTAL:.1%}" in text
    assert f"Most jobs are in Safety (안심): {SAFETY_JOBS / PLAN_JOBS:.1%} of the jobs" in text


# --- English pages ----------------------------------------------------------------------


@pytest.mark.parametrize("plan", [UIJEONGBU, INCHEON])
@pytest.mark.parametrize("notebook", ["02_city_vs_national", "03_jobs_per_budget"])
def test_english_pages_have_hangul_only_in_names(pages, notebook, plan):
    """Every Hangul character of an English page's prose, notes, captions and tables sits in
    an element marked lang="ko" (a data value: a name or a term as the source writes it)."""
    _, shown = pages(notebook, plan, "en")
    offending = []
    for fragment in shown:
        soup = BeautifulSoup(fragment, "html.parser")
        for string in soup.find_all(string=HANGUL):
            if not any(getattr(p, "get", lambda _: None)("lang") == "ko" for p in string.parents):
                offending.append(string.strip()[:80])
    assert not offending, offending
