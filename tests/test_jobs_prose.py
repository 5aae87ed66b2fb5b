"""What a plan's jobs count (briefings 02 and 03): the sentences checked against figures
worked out by hand from the plans' quotes (paragraph in comments) and the national plan's."""

from __future__ import annotations

import pandas as pd
import pytest
from plan_tables import load_tables, of

from analysis.briefing import jobs_prose, national_comparison, tables
from analysis.briefing.money import MoneyBasis
from analysis.briefing.prose import fill

EOK, JO = 10**8, 10**12
UIJEONGBU, INCHEON, GYEONGGI = "uijeongbu_snd_2020", "incheon_nd_2020", "gyeonggi_nd_2020"
# Uijeongbu [paragraph]: 1천475억원 [2], 9천897개 [2]; 안심뉴딜 451억원 [15], 9천348개 [15];
# Refresh 의정부 뉴딜사업: 9천300여명, 8월부터 11월까지 (4 months) [16]
TOTAL, PLAN_JOBS, SAFETY, SAFETY_JOBS, WORKERS = 1475 * EOK, 9897, 451 * EOK, 9348, 9300
# The national plan to 2025: 160조원, 190.1만 jobs
NATIONAL_COST, NATIONAL_JOBS = 160 * JO, 1_901_000


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return load_tables()


def sectors_of(data, plan: str) -> pd.DataFrame:
    return of(data["sectors"], plan).sort_values("sector_order").reset_index(drop=True)


def jobs_for(data, plan: str, *, programmes: bool = True, national: bool = False):
    figures = of(data["figures"], plan)
    head = tables.plan_headline(figures, plan)
    basis = MoneyBasis(unit="억원", price_year=2020, cpi_factor=1.0, krw_per_usd=1180.02, lang="en")
    pillars = national_comparison.national_pillars(data["reference_figures"], data["pillars"])
    programme = of(data["refresh_programme"], plan)
    return tables.jobs_per_budget(
        sectors_of(data, plan),
        programme if programmes else programme.iloc[0:0],
        head.get("jobs"),
        head.get("total_budget"),
        basis,
        pillars if national else None,
        national_comparison.national_plan_totals(data["reference_figures"]) if national else None,
        who="W",
        national_announced="2020-07-14" if national else None,
    )


def shown(sentence, lang: str) -> str:
    return fill(sentence.ko if lang == "ko" else sentence.en, sentence.values, escape=str)


def test_jobs_and_workers_quote_the_plan_as_written(data) -> None:
    # jobs: '9천897개' [2]; the programme's workers: '9천300여명' [16]
    said = jobs_prose.jobs_and_workers_note(
        of(data["figures"], UIJEONGBU),
        UIJEONGBU,
        of(data["refresh_programme"], UIJEONGBU),
        sectors_of(data, UIJEONGBU),
        "의정부시",
        "ko",
    )
    assert shown(said, "ko") == (
        "같은 '일자리'가 아니다. 의정부시는 일자리 개수(9천897개, 문단 2)를, Refresh 의정부 "
        "뉴딜사업은 참여 인원(9천300여명, 문단 16)을 밝힌다. 계획이 밝힌 일자리에는 짧은 "
        "공공일자리나 시간제 일자리가 들어 있을 수 있고, 국가 계획의 일자리는 2025년까지 만들어질 "
        "일자리 수다."
    )


def test_jobs_stated_with_yeo_are_lower_bounds(data) -> None:
    # Gyeonggi: 저탄소 '2만5천200여개' is a lower bound; no public-jobs programme
    said = jobs_prose.jobs_and_workers_note(
        of(data["figures"], GYEONGGI),
        GYEONGGI,
        of(data["refresh_programme"], GYEONGGI),
        sectors_of(data, GYEONGGI),
        "Gyeonggi Province",
        "en",
    )
    assert said.values == {"approx": "Low carbon, together with residents"}
    assert said.en.startswith("These are not the same 'jobs'. A plan's stated jobs")
    assert said.en.endswith(
        " Jobs of {approx} are stated as 'a little over' a number: a lower bound."
    )


def test_rest_spends_far_more_per_job_than_the_safety_sector(data) -> None:
    # the rest: (1,475 − 451)억원 / (9,897 − 9,348) jobs; safety: 451억원 / 9,348 jobs
    rest, top = (TOTAL - SAFETY) / (PLAN_JOBS - SAFETY_JOBS), SAFETY / SAFETY_JOBS
    said = jobs_prose.rest_per_job(
        jobs_for(data, UIJEONGBU), sectors_of(data, UIJEONGBU), lambda k: f"{k:,.0f}원", "en"
    )
    assert said.en == (
        f"The rest ({{rest}}; derived) costs **{rest:,.0f}원** per job, about "
        f"**{rest / top:,.1f} times** {{top}} ({top:,.0f}원)."
    )
    assert said.values == {"rest": "Digital + Green + Culture", "top": "W: Safety (안심)"}
    assert (
        jobs_prose.rest_per_job(jobs_for(data, GYEONGGI), sectors_of(data, GYEONGGI), str, "en")
        is None
    )  # every Gyeonggi sector states jobs: no remainder


def test_the_gap_is_put_down_to_the_short_programme(data) -> None:
    # 9,300 of the 9,348 safety jobs: 99%, a 4-month programme
    said = jobs_prose.per_job_gap_reason(
        jobs_for(data, UIJEONGBU),
        sectors_of(data, UIJEONGBU),
        of(data["refresh_programme"], UIJEONGBU),
        "en",
    )
    assert shown(said, "en") == (
        "The gap is in what is counted: the jobs of Safety (안심) are mostly short public jobs. "
        f"Refresh Uijeongbu New Deal (public jobs), a 4-month programme, had some {WORKERS:,} "
        f"workers, **{WORKERS / SAFETY_JOBS:.0%}** of the sector's {SAFETY_JOBS:,} jobs if they "
        "are counted among them; the other sectors name no public-jobs programme."
    )
    # Incheon has sectors without jobs but no programme
    assert (
        jobs_prose.per_job_gap_reason(
            jobs_for(data, INCHEON),
            sectors_of(data, INCHEON),
            of(data["refresh_programme"], INCHEON),
            "en",
        )
        is None
    )


def test_high_jobs_per_budget_is_put_down_to_short_public_jobs(data) -> None:
    # 9,897 / 1,475억원 against 190.1만 / 160조원 (per 1억원); the rest 549 / 1,024억원
    plan = PLAN_JOBS / (TOTAL / EOK)
    national = NATIONAL_JOBS / (NATIONAL_COST / EOK)
    rest = (PLAN_JOBS - SAFETY_JOBS) / ((TOTAL - SAFETY) / EOK)
    said = jobs_prose.short_public_jobs_note(
        jobs_for(data, UIJEONGBU, programmes=False, national=True),
        sectors_of(data, UIJEONGBU),
        of(data["refresh_programme"], UIJEONGBU),
        "Uijeongbu",
        "100 million KRW",
        "en",
    )
    # derived rates at 3 significant digits, as on every page: 6.71, 1.19 and 0.536 (not 0.54)
    assert f"{rest:.3g}" == "0.536"
    assert shown(said, "en") == (
        f"Uijeongbu's high jobs per budget ({plan:.3g} per 100 million KRW, against "
        f"{national:.3g} nationally) appears to come from counting short public jobs: the jobs "
        "of Safety (안심) may be mostly the workers of Refresh Uijeongbu New Deal (public jobs), a "
        "4-month public-jobs programme (see the caution in the chart). The other sectors "
        f"(Digital + Green + Culture) score {rest:.3g} per 100 million KRW, below the "
        "national plan."
    )
    # Gyeonggi's 320,000 jobs / 5조3800억원 beat the national rate, but it names no programme
    gyeonggi = jobs_prose.short_public_jobs_note(
        jobs_for(data, GYEONGGI, programmes=False, national=True),
        sectors_of(data, GYEONGGI),
        of(data["refresh_programme"], GYEONGGI),
        "Gyeonggi",
        "100 million KRW",
        "en",
    )
    assert gyeonggi is None


def test_jobs_differ_note_and_caption_name_the_national_horizon(data) -> None:
    assert "to be created by 2025." in jobs_prose.jobs_differ_note().en
    jobs = jobs_for(data, UIJEONGBU, programmes=False, national=True)
    caption = jobs_prose.jobs_per_budget_caption(jobs, sectors_of(data, UIJEONGBU))
    assert caption["caption_en"].startswith(
        "Jobs per budget: for this plan, stated jobs ÷ budget; national, jobs to 2025 ÷ total "
        "cost. "
    )
    assert caption["caption_ko"].endswith(".") and "2025년까지" in caption["caption_ko"]
