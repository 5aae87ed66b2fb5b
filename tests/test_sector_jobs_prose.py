"""A plan's jobs by sector in words (briefings 03 and 04): where most jobs are and the jobs
of the sectors that state none, checked against figures worked out by hand from the quotes."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.briefing import sector_jobs_prose, tables
from analysis.briefing.labels import text
from analysis.briefing.prose import fill
from analysis.data.load import load_processed

UIJEONGBU, INCHEON, GYEONGGI = "uijeongbu_snd_2020", "incheon_nd_2020", "gyeonggi_nd_2020"
# Uijeongbu: 9천897개 in all [2], 안심뉴딜 9천348개 [15]; no other sector states jobs
PLAN_JOBS, SAFETY_JOBS = 9897, 9348
PLAN_TOTAL_KRW = 1475 * 10**8  # "총사업비 1천475억원"
# Incheon: 17만3천개; digital 1만8000, green 5만8000, bio 3만8000; 휴먼 뉴딜 states none
INCHEON_JOBS, INCHEON_SECTOR_JOBS = 173_000, (18_000, 58_000, 38_000)


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return {n: load_processed(n) for n in ("sectors", "figures")}


def of(frame: pd.DataFrame, plan: str) -> pd.DataFrame:
    rows = frame[frame["plan_id"] == plan]
    if "sector_order" in rows.columns:
        rows = rows.sort_values("sector_order")
    return rows.reset_index(drop=True)


def shown(sentence, lang: str) -> str:
    return fill(sentence.ko if lang == "ko" else sentence.en, sentence.values, escape=str)


def test_jobs_stated_only_in_total_are_named_with_their_sum(data) -> None:
    said = sector_jobs_prose.jobs_only_in_total_note(
        of(data["sectors"], UIJEONGBU), of(data["figures"], UIJEONGBU), UIJEONGBU, [], "en"
    )
    assert shown(said, "en") == (
        "The plan states no jobs for Digital, Green and Culture. Its total jobs less those of "
        f"the sectors that state them leave {PLAN_JOBS - SAFETY_JOBS:,} ({PLAN_JOBS:,} − "
        f"{SAFETY_JOBS:,}). This page does not assign them to Digital, Green and Culture: it "
        "shows what the plan states. They could be divided in proportion to each sector's "
        "budget or own funds, but such a split is an assumption, not the plan's figures."
    )


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("missing", [[], ["휴먼 뉴딜"]])
def test_the_note_asks_a_reader_to_run_nothing(data, lang, missing) -> None:
    """A reader never runs the briefing: the note names no parameter and no value of one."""
    said = shown(
        sector_jobs_prose.jobs_only_in_total_note(
            of(data["sectors"], INCHEON), of(data["figures"], INCHEON), INCHEON, missing, lang
        ),
        lang,
    )
    for word in ("jobs_split", "own_funds", "Run ", "매개변수", "실행"):
        assert word not in said, (word, said)


def test_a_split_without_its_basis_is_said_to_be_impossible(data) -> None:
    # Uijeongbu: 디지털뉴딜, 그린뉴딜 and 문화뉴딜 state no jobs; were one of them to lack the
    # amount to split by, the note says the split cannot be made
    said = sector_jobs_prose.jobs_only_in_total_note(
        of(data["sectors"], UIJEONGBU),
        of(data["figures"], UIJEONGBU),
        UIJEONGBU,
        ["문화뉴딜"],
        "ko",
    )
    assert shown(said, "ko").endswith(
        " 이 계획은 문화뉴딜의 기준 금액을 밝히지 않아 그렇게 나눌 수도 없다."
    )


def test_one_sector_without_jobs_is_not_split_but_its_rest_is_named(data) -> None:
    # Incheon: 173,000 − 18,000 − 58,000 − 38,000 = 59,000 left besides the sectors with
    # jobs; 휴먼 뉴딜 alone states none (and no budget): nothing to divide, only to assign
    rest = INCHEON_JOBS - sum(INCHEON_SECTOR_JOBS)
    said = sector_jobs_prose.jobs_only_in_total_note(
        of(data["sectors"], INCHEON), of(data["figures"], INCHEON), INCHEON, ["휴먼 뉴딜"], "ko"
    )
    parts = " − ".join(f"{v:,}" for v in (INCHEON_JOBS, *INCHEON_SECTOR_JOBS))
    assert shown(said, "ko") == (
        "휴먼 뉴딜의 일자리는 계획에 없다. 계획 전체 일자리에서 일자리를 밝힌 분야의 것을 빼면 "
        f"{rest:,}개({parts})가 남는다. 이 페이지는 이를 휴먼 뉴딜에 배정하지 않고 계획이 밝힌 "
        "수치만 보인다. 이를 모두 휴먼 뉴딜의 일자리로 볼 수도 있지만, 그것은 가정일 뿐 계획의 "
        "수치가 아니다."
    )


def test_split_assumption_names_its_basis_and_effect() -> None:
    said = sector_jobs_prose.jobs_split_assumption("own_funds", "provincial funds")
    assert said.en == (
        "Splitting the remaining jobs across the sectors without stated jobs in proportion to "
        "the plan's own funds is this briefing's assumption, not a figure in the plan. "
        + text("jobs_split_own_funds_effect", "en")
    )
    assert "(배분 기준: 자체 재원 비례)은 이 브리핑의 가정" in said.ko
    assert said.values == {"term": "provincial funds"}
    assert "{term}" in said.en and "{term}" in said.ko  # the plan's own term, not "city"
    with pytest.raises(KeyError):
        sector_jobs_prose.jobs_split_assumption("population", "시비")


@pytest.mark.parametrize("split", ["budget", "own_funds"])
def test_split_effects_hold_for_any_plan(split: str) -> None:
    """Neither effect names a count of sectors or one kind of government's funds: a plan
    may have any number of sectors without stated jobs, and a province's own funds are
    도비, not 시비."""
    said = sector_jobs_prose.jobs_split_assumption(split, "X")
    for words in (said.ko, said.en):
        assert not re.search(r"세 분야|three|시비|city", words), words


def test_most_jobs_are_in_the_safety_sector(data) -> None:
    shares = tables.budget_vs_jobs_shares(
        of(data["sectors"], UIJEONGBU), PLAN_JOBS, PLAN_TOTAL_KRW, "ko"
    )
    said = sector_jobs_prose.most_jobs(shares, "ko")
    assert SAFETY_JOBS / PLAN_JOBS > 0.5  # a majority: "most" may be said
    assert shown(said, "ko") == (
        f"**일자리의 대부분은 안심뉴딜에 있다.** 일자리의 **{SAFETY_JOBS / PLAN_JOBS:.1%}**"
        f"({SAFETY_JOBS:,}개)다."
    )


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_remainder_is_never_the_largest_sector(data, lang: str) -> None:
    # Incheon: 173,000 − (18,000 + 58,000 + 38,000) = 59,000 jobs no sector states (34.1%),
    # more than green's 58,000 (33.5%): green is the largest only of the sectors that state
    # jobs, and 33.5% is no majority, so not "most"
    rest = INCHEON_JOBS - sum(INCHEON_SECTOR_JOBS)
    shares = tables.budget_vs_jobs_shares(
        of(data["sectors"], INCHEON), INCHEON_JOBS, 14 * 10**12, lang
    )
    said = shown(sector_jobs_prose.most_jobs(shares, lang), lang)
    green = 58_000 / INCHEON_JOBS
    assert rest / INCHEON_JOBS > green and f"{green:.1%}" in said
    if lang == "en":
        assert said == (
            "**Of the sectors that state their jobs, Green New Deal has the largest share:** "
            f"**{green:.1%}** of the jobs (58,000)."
        )
        assert "Most" not in said and "Other sectors" not in said
    else:
        assert said.startswith("**일자리를 밝힌 분야 가운데 그린 뉴딜의 비중이 가장 크다.**")
    # 휴먼 뉴딜 states neither budget nor jobs: named once, as the remainder's member
    human = "휴먼 뉴딜" if lang == "ko" else "Human New Deal"
    assert list(shares["part_id"]) == ["other_sectors", "digital", "green", "bio"]
    assert shares.loc[0, "members"] == human and shares.loc[0, "jobs"] == rest


def test_jobs_not_by_sector_are_one_total(data) -> None:
    said = sector_jobs_prose.jobs_not_by_sector(of(data["sectors"], UIJEONGBU), PLAN_JOBS, "en")
    assert shown(said, "en").startswith(
        f"The other sectors (Digital, Green, Culture) hold {PLAN_JOBS - SAFETY_JOBS:,} jobs together"
    )
    # Gyeonggi states jobs for each of its three sectors
    assert (
        sector_jobs_prose.jobs_not_by_sector(of(data["sectors"], GYEONGGI), 320_000, "en") is None
    )
