"""Unit tests of :mod:`analysis.briefing.comparison` (the plan comparison briefing).

Expected figures are worked out here from each plan's quotes (``data/raw/plans/*/figures.csv``,
e.g. Incheon "14조원(시비 2조7천억)") and the population quotes
(``data/raw/reference/population.csv``, e.g. Chungnam "212만3천709명"), never from the code.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.briefing import comparison
from analysis.data.load import load_processed

EOK = 10**8
JO = 10**12


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    names = ("plans", "sectors", "figures", "population", "reference_figures", "reference_pillars")
    return {name: load_processed(name) for name in names}


@pytest.fixture(scope="module")
def overview(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    frame = comparison.plan_overview(
        tables["plans"], tables["sectors"], tables["figures"], tables["population"]
    )
    return frame.set_index("plan_id")


def test_own_funds_stated_or_summed_from_sectors(overview: pd.DataFrame) -> None:
    # Uijeongbu: 시비 80억 + 580억 + 70억 + 64억 (paragraphs 3, 9, 12, 15), no plan-level 시비
    uijeongbu = overview.loc["uijeongbu_snd_2020"]
    assert uijeongbu["own_funds_krw"] == (80 + 580 + 70 + 64) * EOK
    assert uijeongbu["own_funds_basis"] == "sum_of_sectors"
    assert uijeongbu["own_share"] == pytest.approx(794 / 1475)
    # Incheon: "14조원(시비 2조7천억)"; Gyeonggi: "5조3800억원(도비 1조3000억원 포함)"
    assert overview.loc["incheon_nd_2020", "own_share"] == pytest.approx(2.7 / 14)
    assert overview.loc["gyeonggi_nd_2020", "own_funds_basis"] == "stated"
    assert overview.loc["gyeonggi_nd_2020", "own_share"] == pytest.approx(13_000 / 53_800)
    # Chungnam states no funding split: nothing is filled in
    assert pd.isna(overview.loc["chungnam_nd_2020", "own_funds_krw"])
    assert pd.isna(overview.loc["chungnam_nd_2020", "own_funds_basis"])


def test_rates_per_job_and_per_resident(overview: pd.DataFrame) -> None:
    chungnam = overview.loc["chungnam_nd_2020"]
    budget = (4 * 10_000 + 7_822) * EOK  # "4조7,822억원"
    assert chungnam["total_budget_krw"] == budget
    assert chungnam["population"] == 212 * 10_000 + 3_709  # "212만3천709명"
    assert chungnam["population_date"] == "2019-12-31"
    assert chungnam["budget_per_resident_krw"] == pytest.approx(budget / 2_123_709)
    jobs = 4 * 10_000 + 1_881  # "4만1,881개"
    assert chungnam["budget_per_job_krw"] == pytest.approx(budget / jobs)
    uijeongbu = overview.loc["uijeongbu_snd_2020"]
    assert uijeongbu["jobs_per_100m_krw"] == pytest.approx(9_897 / 1_475)  # 9천897개 / 1천475억원
    # "46만6,455명", foreigners included: the basis travels with the number
    assert uijeongbu["jobs_per_1000_residents"] == pytest.approx(1000 * 9_897 / 466_455)
    assert "외국인 포함" in uijeongbu["population_basis"]


def test_headline_uses_the_preferred_statement(overview: pd.DataFrame) -> None:
    # Gyeonggi's total is stated as 5조3800억 (preferred), 5조3880억 and 5조4000억
    assert overview.loc["gyeonggi_nd_2020", "total_budget_krw"] == 5 * JO + 3_800 * EOK
    assert overview.loc["gyeonggi_nd_2020", "total_budget_raw"] == "5조3800억원"


def test_two_preferred_statements_are_an_error(tables: dict[str, pd.DataFrame]) -> None:
    figures = tables["figures"].copy()
    figures.loc[figures["figure_id"] == "plan_total_budget_ket", "preferred"] = True
    with pytest.raises(ValueError, match="gyeonggi_nd_2020:total_budget"):
        comparison.plan_overview(tables["plans"], tables["sectors"], figures, tables["population"])


def test_pillar_budgets_keep_the_unstated_part_apart(
    tables: dict[str, pd.DataFrame], overview: pd.DataFrame
) -> None:
    pillars = comparison.pillar_budgets(
        tables["sectors"],
        overview.reset_index(),
        tables["reference_figures"],
        tables["reference_pillars"],
    ).set_index(["plan_id", "pillar_id"])
    # Incheon: 14조 total; 디지털 1조8000억, 그린 5조6000억, 바이오 2조9000억; 휴먼 not stated
    unstated = 14 * JO - (18_000 + 56_000 + 29_000) * EOK
    assert pillars.loc[("incheon_nd_2020", "not_stated_by_sector"), "budget_krw"] == unstated
    assert pillars.loc[("incheon_nd_2020", "none"), "share"] == pytest.approx(2.9 / 14)
    assert ("incheon_nd_2020", "safety_net") not in pillars.index
    # Gyeonggi: shares of its sectors' sum 2,180 + 27,900 + 23,750 억 (not of 5조3800억)
    assert pillars.loc[("gyeonggi_nd_2020", "green"), "share"] == pytest.approx(
        27_900 / (2_180 + 27_900 + 23_750)
    )
    # national pillars to 2025: 58.2 + 73.4 + 28.4 조
    assert pillars.loc[("kr_new_deal_2020", "green"), "share"] == pytest.approx(73.4 / 160)
    for plan_id, shares in pillars["share"].groupby(level="plan_id"):
        assert shares.sum() == pytest.approx(1.0), plan_id


def test_national_overview_at_both_horizons(tables: dict[str, pd.DataFrame]) -> None:
    full = comparison.national_overview(tables["reference_figures"], tables["population"])
    first = comparison.national_overview(tables["reference_figures"], tables["population"], 2022)
    assert full.at[0, "total_budget_krw"] == 160 * JO  # "160조원"
    assert full.at[0, "own_share"] == pytest.approx(114.1 / 160)  # 국비 "114.1조원"
    assert first.at[0, "own_funds_krw"] == 49 * JO  # 1단계 국비 "49조원"
    assert first.at[0, "jobs_per_1000_residents"] == pytest.approx(
        1000 * 887_000 / 51_829_023  # "88.7만" jobs, "5182만9023명"
    )


def test_rough_figures_and_unstated_items(
    tables: dict[str, pd.DataFrame], overview: pd.DataFrame
) -> None:
    rough = comparison.coarse_or_approximate(overview.reset_index())
    flagged = set(zip(rough["plan_id"], rough["measure"], strict=True))
    assert ("incheon_nd_2020", "total_budget") in flagged  # "14조원": to the 조, 1/14 of it
    assert ("gyeonggi_nd_2020", "jobs") in flagged  # "32만개": to the 만, 1/32 of it
    assert ("chungnam_nd_2020", "total_budget") not in flagged  # "4조7,822억원": to the 억
    missing = comparison.unstated_items(tables["sectors"], overview.reset_index())
    items = set(zip(missing["plan_id"], missing["item"], missing["sector_ids"], strict=True))
    assert ("chungnam_nd_2020", "own_funds", "") in items
    assert ("incheon_nd_2020", "sector_budget", "human") in items
    assert ("uijeongbu_snd_2020", "horizon", "") in items
    assert not any(p == "gyeonggi_nd_2020" and i == "sector_jobs" for p, i, _ in items)


def test_order_puts_the_chosen_plan_first_and_the_nation_last(overview: pd.DataFrame) -> None:
    frame = pd.DataFrame(
        {
            "plan_id": ["a", "b", comparison.NATIONAL_PLAN_ID, "c"],
            "total_budget_krw": pd.array([1, 3, 9, 2], dtype="Int64"),
        }
    )
    assert list(comparison.order_plans(frame, "c")["plan_id"]) == [
        "c",
        "b",
        "a",
        "kr_new_deal_2020",
    ]
