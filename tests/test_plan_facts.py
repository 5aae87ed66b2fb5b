"""plan_facts: each plan's facts for prose, expected values computed by hand from the quotes
of the plan's raw files (data/raw/plans/<plan_id>/figures.csv, sectors.csv, plan.csv)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.briefing import plan_facts
from analysis.data.load import load_processed
from analysis.paths import processed_dir

EOK, JO = 10**8, 10**12


@pytest.fixture(scope="module")
def processed() -> dict[str, pd.DataFrame]:
    folder = processed_dir()
    return {n: load_processed(n, folder) for n in ("plans", "sectors", "figures", "projects")}


def facts(processed: dict[str, pd.DataFrame], plan_id: str, lang: str = "ko"):
    t = processed
    return plan_facts.plan_facts(
        t["plans"], t["sectors"], t["figures"], plan_id, lang, t["projects"]
    )


def test_uijeongbu_facts(processed):
    f = facts(processed, "uijeongbu_snd_2020")
    assert f.total_budget == (1 * 1000 + 475) * EOK  # 1천475억원
    assert f.jobs == 9 * 1000 + 897  # 9천897개
    assert (f.project_count, f.sector_count) == (42, 4)  # 42개 사업, 4대 분야
    assert f.sectors == ("디지털뉴딜", "그린뉴딜", "문화뉴딜", "안심뉴딜")
    assert f.own_funds_term == "시비" and f.sector_own_funds_stated
    assert f.plan_own_funds == (80 + 580 + 70 + 64) * EOK  # the four sectors' 시비
    assert f.sectors_with_jobs == ("안심뉴딜",)  # 9천348개 for 안심 only


def test_chungnam_prefers_the_exact_statement(processed):
    f = facts(processed, "chungnam_nd_2020")
    assert f.total_budget == 4 * JO + 7822 * EOK  # "4조7,822억원", not the lead's 4조 7800억여원
    assert f.jobs == 4 * 10**4 + 1881  # "4만1,881개", not 4만개 이상
    assert f.own_funds_term is None and f.plan_own_funds is None
    assert not f.sector_jobs_stated and f.named_projects == 0


def test_gyeonggi_and_incheon_state_own_funds_only_for_the_whole(processed):
    g = facts(processed, "gyeonggi_nd_2020")
    assert (g.own_funds_term, g.plan_own_funds) == ("도비", 1 * JO + 3000 * EOK)  # 도비 1조3천억
    assert g.total_budget == 5 * JO + 3800 * EOK and not g.sector_own_funds_stated
    assert g.horizon_year == 2022
    i = facts(processed, "incheon_nd_2020", "en")
    assert (i.own_funds_term, i.plan_own_funds) == ("city funds", 2 * JO + 7000 * EOK)
    assert i.total_budget == 14 * JO and len(i.sectors) == 4
    assert i.sectors_with_budget == i.sectors[:3]  # 휴먼 뉴딜 has no stated budget


def test_unknown_plan_is_named(processed):
    with pytest.raises(KeyError, match="no_such_plan"):
        facts(processed, "no_such_plan")


@pytest.mark.parametrize("what", ["sector_own_funds", "own_funds", "sector_jobs", "projects"])
def test_not_stated_lines_exist_in_both_languages(what):
    ko, en = plan_facts.not_stated(what)
    assert ko.startswith(("이 계획은", "자료에는")) and en.startswith("The ")


def test_not_stated_unknown_lists_the_known():
    with pytest.raises(KeyError, match="sector_jobs"):
        plan_facts.not_stated("nonsense")


def test_colours_follow_the_pillar_not_the_sector_id():
    assert plan_facts.sector_colors(["safety_net", "none", "bogus"]) == [
        plan_facts.PILLAR_COLORS["safety_net"],
        plan_facts.PILLAR_COLORS["none"],
        plan_facts.PILLAR_COLORS["none"],
    ]


def test_part_colours_are_the_sectors_or_the_together_grey(processed):
    # Uijeongbu's parts: 안심뉴딜 (safety net pillar) and the sectors without jobs together
    sectors = processed["sectors"][processed["sectors"]["plan_id"] == "uijeongbu_snd_2020"]
    colours = plan_facts.part_colors(["safety", "other_sectors"], sectors)
    assert colours == [plan_facts.PILLAR_COLORS["safety_net"], plan_facts.SECTORS_TOGETHER_COLOR]
    assert colours[0] != colours[1]
