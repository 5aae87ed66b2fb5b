"""Headline findings written from the tables, checked against figures worked out by hand from
the plans' quotes; particles chosen by the name's last syllable, names quoted."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from plan_tables import of

from analysis.briefing import headlines
from analysis.data.load import load_processed
from analysis.paths import processed_dir

EOK, JO = 10**8, 10**12
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def sectors() -> pd.DataFrame:
    return load_processed("sectors", processed_dir())


def test_sector_findings_uijeongbu(sectors: pd.DataFrame) -> None:
    # 그린뉴딜 840억 of 1천475억 (56.9%); 문화뉴딜 86억 (5.8%); 시비 shares 64/451 .. 80/98
    found = headlines.sector_headline(of(sectors, "uijeongbu_snd_2020"), 1475 * EOK, "ko")
    ko = [f[0] for f in found.findings]
    assert f"{840 / 1475:.1%}" in ko[0] and f"{86 / 1475:.1%}" in ko[1]
    assert found.values["largest"] == "‘그린뉴딜’로" and found.values["smallest"] == "‘문화뉴딜’로"
    low, high = 64 / 451, max(80 / 98, 580 / 840, 70 / 86)
    assert f"{low:.0%}에서 {high:.0%}까지" in ko[2]


def test_sector_findings_name_missing_budgets(sectors: pd.DataFrame) -> None:
    # Incheon: 휴먼 뉴딜 has no stated budget; green 5조6000억 of 14조원 = 40.0%
    found = headlines.sector_headline(of(sectors, "incheon_nd_2020"), 14 * JO, "en")
    en = [f[1] for f in found.findings]
    assert "40.0%" in en[0]
    assert en[2] == "1 of the 4 sectors has no stated budget."


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_overview_jobs_finding_never_names_the_remainder(sectors: pd.DataFrame, lang) -> None:
    from analysis.briefing.tables import budget_vs_jobs_shares

    # Incheon: 17만3천개 jobs; 5만8000 green, 3만8000 bio, 1만8000 digital; the other 59,000
    # (34.1%) no sector states: green's 33.5% is the largest of the sectors stating jobs
    incheon = of(sectors, "incheon_nd_2020")
    parts = budget_vs_jobs_shares(incheon, 173_000, 14 * JO, lang)
    found = headlines.overview_headline(incheon, 14 * JO, parts, [], lang)
    jobs = found.findings[1][0 if lang == "ko" else 1]
    assert f"{58_000 / 173_000:.1%}" in jobs and f"{59_000 / 173_000:.1%}" not in jobs
    assert found.values["jobs_part"] == ("‘그린 뉴딜’" if lang == "ko" else "‘Green New Deal’")
    assert "Most" not in jobs and "대부분" not in jobs
    # Gyeonggi: 도민 삶의 안전망 28만 4000개 of 32만개, a majority: "most"
    gyeonggi = of(sectors, "gyeonggi_nd_2020")
    parts = budget_vs_jobs_shares(gyeonggi, 320_000, 5 * JO + 3800 * EOK, "en")
    parts = parts[parts["part_id"] != "other_sectors"]  # every sector states jobs
    found = headlines.overview_headline(gyeonggi, 5 * JO + 3800 * EOK, parts, [], "en")
    assert (
        found.findings[1][1] == f"Most of the jobs ({284_000 / 320_000:.1%}) are in {{jobs_part}}."
    )


def test_particle_follows_the_last_syllable() -> None:
    # 품으로 ends in a vowel: 로, not 으로로; 투자 ends in a vowel too
    assert headlines._with("데이터를 도민 품으로", "으로/로", "ko") == "‘데이터를 도민 품으로’로"
    assert headlines._with("녹색 산업", "으로/로", "ko") == "‘녹색 산업’으로"


def test_funding_findings_gyeonggi(sectors: pd.DataFrame) -> None:
    from analysis.briefing.national_comparison import national_pillars, plan_vs_national

    folder = processed_dir()
    national = national_pillars(
        load_processed("reference_figures", folder), load_processed("reference_pillars", folder)
    )
    mix = plan_vs_national(of(sectors, "gyeonggi_nd_2020"), national, "en")
    total, own = 5 * JO + 3800 * EOK, 1 * JO + 3000 * EOK  # 5조3800억원, 도비 1조3000억원
    found = headlines.funding_headline(own, total, "provincial funds", mix, str, "en")
    first = found.findings[0][1]
    assert f"{own / total:.1%}" in first and str(total - own) in first
    assert found.values["term"] == "provincial funds"
    assert all(not HANGUL.search(en) for _, en in found.findings)


def test_every_box_holds_two_or_three(sectors: pd.DataFrame) -> None:
    one = sectors.iloc[:1].assign(total_budget_krw=[None], own_share_of_sector=[None])
    found = headlines.sector_headline(one, None, "en")
    assert 2 <= len(found.findings) <= 3
    box = headlines.Headline()
    for n in range(5):
        box.add(f"{n}", f"{n}")
    assert len(box.findings) == 3
