"""Funding as stated, the plan vs the national plan, and jobs per budget, for every plan:
expectations computed here by hand from each plan's quotes (source and quote in comments)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from plan_tables import DRAWN_NATIONAL, drawn_raw_national_rows, load_tables, of

from analysis.briefing import funding, national_comparison, sources_view, tables
from analysis.briefing.money import MoneyBasis
from analysis.data.load import load_processed

EOK = 10**8
JO = 10**12
RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
PLANS = ("uijeongbu_snd_2020", "incheon_nd_2020", "gyeonggi_nd_2020", "chungnam_nd_2020")


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return load_tables()


def stated(data, plan):
    plan_row = of(data["plans"], plan).iloc[0]
    return funding.plan_funding(plan_row, of(data["sectors"], plan), of(data["figures"], plan))


@pytest.mark.parametrize("plan", PLANS)
def test_not_own_funds_never_name_the_plans_own_kind(plan) -> None:
    # plan.csv by hand: Uijeongbu a city (시비), Incheon a metropolitan city (시비, no 도비
    # above it), Gyeonggi and Chungnam provinces (their own money is 도비)
    import csv

    from analysis.briefing.labels import text
    from analysis.paths import raw_dir

    with (raw_dir() / "plans" / plan / "plan.csv").open(encoding="utf-8", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    level = row["government_level"]
    term = {"ko": row["own_funds_term_ko"] or "자체 재원", "en": "own funds"}
    labels = {
        lang: text(
            "not_own_funds", lang, term=term[lang], kinds=funding.other_funds_kinds(level, lang)
        )
        for lang in ("ko", "en")
    }
    inside = {lang: labels[lang].split("(", 1)[1] for lang in labels}  # the listed kinds
    answers_to_a_province = level in ("city", "county")
    assert ("도비" in inside["ko"]) is answers_to_a_province
    assert ("provincial" in inside["en"]) is answers_to_a_province
    assert "국비" in inside["ko"] and "national" in inside["en"]
    if row["own_funds_term_ko"]:
        assert row["own_funds_term_ko"] not in inside["ko"]


def test_uijeongbu_own_funds_are_the_sum_of_the_sectors_city_funds(data) -> None:
    # 시비 by sector: 80억, 580억, 70억, 64억 (paragraphs 3, 9, 12, 15); total 1천475억원 (2)
    got = stated(data, "uijeongbu_snd_2020")
    assert got.own_krw == (80 + 580 + 70 + 64) * EOK
    assert got.own_is_derived is True
    assert got.total_krw == (1 * 1000 + 475) * EOK
    assert got.not_own_krw == (1475 - 794) * EOK
    assert got.own_share == pytest.approx(794 / 1475)
    assert got.term_ko == "시비"


@pytest.mark.parametrize(
    ("plan", "total", "own", "term"),
    [
        ("incheon_nd_2020", 14 * JO, 2 * JO + 7000 * EOK, "시비"),  # "14조원(시비 2조7천억)"
        (
            "gyeonggi_nd_2020",
            5 * JO + 3800 * EOK,
            1 * JO + 3000 * EOK,
            "도비",
        ),  # "(도비 1조3000억원"
    ],
)
def test_own_funds_stated_for_the_whole_plan(data, plan, total, own, term) -> None:
    got = stated(data, plan)
    assert (got.total_krw, got.own_krw, got.own_is_derived, got.term_ko) == (
        total,
        own,
        False,
        term,
    )
    assert got.not_own_krw == total - own
    assert got.states_split


def test_a_plan_without_a_funding_split_states_none(data) -> None:
    got = stated(data, "chungnam_nd_2020")
    assert got.total_krw == 4 * JO + 7822 * EOK  # "4조7,822억원" (preferred over 4조 7800억여원)
    assert (got.own_krw, got.not_own_krw, got.own_share, got.states_split) == (
        None,
        None,
        None,
        False,
    )


def test_preferred_statement_wins_over_the_others() -> None:
    # Gyeonggi: 5조3800억원 preferred; 5조4000억원 (KET) and 5조3880억원 (caption) are not
    figures = pd.DataFrame(
        {
            "plan_id": ["g"] * 3,
            "scope": ["plan"] * 3,
            "measure": ["total_budget"] * 3,
            "value": [5 * JO + 3800 * EOK, 5 * JO + 4000 * EOK, 5 * JO + 3880 * EOK],
            "preferred": [True, False, False],
        }
    )
    assert tables.plan_headline(figures, "g") == {"total_budget": 53_800 * EOK}


@pytest.mark.parametrize("plan", PLANS)
def test_every_sector_keeps_a_row_and_none_has_no_counterpart(data, plan) -> None:
    sectors = of(data["sectors"], plan)
    national = national_comparison.national_pillars(data["reference_figures"], data["pillars"])
    mix = national_comparison.plan_vs_national(sectors, national, "en")
    assert list(mix["sector_id"]) == list(sectors["sector_id"])
    unmatched = set(sectors.loc[sectors["pillar_id"] == "none", "sector_id"])
    assert set(mix.loc[~mix["has_counterpart"], "sector_id"]) == unmatched
    assert (mix.loc[~mix["has_counterpart"], "counterpart"] == "no national counterpart").all()


def test_incheon_shares_are_of_the_stated_total_and_bio_has_no_counterpart(data) -> None:
    sectors = of(data["sectors"], "incheon_nd_2020")
    national = national_comparison.national_pillars(data["reference_figures"], data["pillars"])
    mix = national_comparison.plan_vs_national(sectors, national, "en").set_index("sector_id")
    # 디지털 1조8000억원, 그린 5조6000억원, 바이오 2조9000억원 of 14조원; 휴먼: no amount quoted
    assert mix.loc["digital", "plan_share"] == pytest.approx(1.8 / 14, abs=1e-6)
    assert mix.loc["green", "plan_share"] == pytest.approx(5.6 / 14, abs=1e-6)
    assert mix.loc["bio", "plan_share"] == pytest.approx(2.9 / 14, abs=1e-6)
    assert pd.isna(mix.loc["human", "plan_share"])
    assert pd.isna(mix.loc["bio", "national_share"])
    # national pillars to 2025: 58.2, 73.4, 28.4조원
    assert mix.loc["green", "national_share"] == pytest.approx(73.4 / (58.2 + 73.4 + 28.4))


@pytest.mark.parametrize(
    ("plan", "year", "national_total"),
    [
        ("gyeonggi_nd_2020", 2022, 67.7e12),  # horizon 2022: the national first phase, 67.7조원
        ("incheon_nd_2020", 2025, 160e12),
        ("uijeongbu_snd_2020", 2025, 160e12),  # no plan-wide horizon stated
    ],
)
def test_whole_plan_compared_at_the_plans_horizon(data, plan, year, national_total) -> None:
    row = of(data["plans"], plan).iloc[0]
    horizon = None if pd.isna(row["horizon_year"]) else int(row["horizon_year"])
    got = national_comparison.national_horizon(data["reference_figures"], horizon)
    assert got == year
    totals = national_comparison.national_plan_totals(data["reference_figures"], got)
    assert totals["total_cost"] == national_total


def basis(lang: str = "en") -> MoneyBasis:
    return MoneyBasis(unit="억원", price_year=2020, cpi_factor=1.0, krw_per_usd=1180.02, lang=lang)


def jobs_for(data, plan) -> pd.DataFrame:
    figures = of(data["figures"], plan)
    head = tables.plan_headline(figures, plan)
    return tables.jobs_per_budget(
        of(data["sectors"], plan),
        of(data["refresh_programme"], plan),
        head.get("jobs"),
        head.get("total_budget"),
        basis(),
        who="W",
    ).set_index("entity_id")


def test_incheon_rest_of_plan_is_the_total_minus_the_sectors_with_jobs(data) -> None:
    jobs = jobs_for(data, "incheon_nd_2020")
    # 17만3천개 jobs, 14조원; 1만8000개 + 5만8000개 + 3만8000개 in 디지털, 그린, 바이오
    assert jobs.loc["plan", "jobs"] == 173_000
    assert jobs.loc["other_sectors", "jobs"] == 173_000 - (18_000 + 58_000 + 38_000)
    assert jobs.loc["other_sectors", "budget_krw"] == (140_000 - 18_000 - 56_000 - 29_000) * EOK
    assert jobs.loc["bio", "jobs_per_100m_krw"] == pytest.approx(38_000 / 29_000)
    assert jobs.loc["plan", "entity"] == "W: whole plan"
    # the rest is derived: its label says so, and never passes for 휴먼 뉴딜's own figures
    # (the plan states neither jobs nor a budget for it)
    assert jobs.loc["other_sectors", "entity"] == "W: the rest (Human New Deal; derived)"


def test_the_rest_names_every_sector_without_jobs_and_says_derived_in_korean(data) -> None:
    figures = of(data["figures"], "uijeongbu_snd_2020")
    head = tables.plan_headline(figures, "uijeongbu_snd_2020")
    jobs = tables.jobs_per_budget(
        of(data["sectors"], "uijeongbu_snd_2020"),
        of(data["refresh_programme"], "uijeongbu_snd_2020"),
        head.get("jobs"),
        head.get("total_budget"),
        basis("ko"),
        who="의정부시",
    ).set_index("entity_id")
    # sectors.csv: 디지털뉴딜, 그린뉴딜 and 문화뉴딜 state no jobs; 안심뉴딜 9천348개
    assert (
        jobs.loc["other_sectors", "entity"]
        == "의정부시: 나머지(디지털뉴딜 + 그린뉴딜 + 문화뉴딜, 차감값)"
    )


def test_gyeonggi_every_sector_states_jobs_so_no_rest_row(data) -> None:
    jobs = jobs_for(data, "gyeonggi_nd_2020")
    assert "other_sectors" not in jobs.index
    # "28만 4000개" for "2조 3750억원"
    assert jobs.loc["safety", "jobs_per_100m_krw"] == pytest.approx(284_000 / 23_750)
    assert jobs.loc["plan", "budget_per_job_krw"] == pytest.approx(53_800 * EOK / 320_000)


def test_chungnam_has_only_the_whole_plan(data) -> None:
    jobs = jobs_for(data, "chungnam_nd_2020")
    assert list(jobs.index) == ["plan"]
    assert jobs.loc["plan", "jobs_per_100m_krw"] == pytest.approx(41_881 / 47_822)


def test_uijeongbu_programme_is_per_worker_of_its_national_funding(data) -> None:
    jobs = jobs_for(data, "uijeongbu_snd_2020")
    # Refresh: 국비 376억원, 9천300여명, 8월부터 11월까지
    row = jobs.loc["safety_refresh"]
    assert row["budget_per_job_krw"] == pytest.approx(376 * EOK / 9_300)
    assert row["worker_months"] == 9_300 * (11 - 8 + 1)
    assert jobs.loc["other_sectors", "jobs"] == 9_897 - 9_348


def test_split_needs_the_amount_to_split_by(data) -> None:
    incheon = of(data["sectors"], "incheon_nd_2020")
    # 휴먼 뉴딜 states neither jobs nor an amount: no split by budget, none by own funds
    assert tables.split_basis_missing(incheon, "budget") == ["human"]
    split = tables.split_other_jobs(incheon, "budget", 173_000)
    assert split["jobs"].isna().sum() == 1 and not split["jobs_is_assumption"].any()
    uijeongbu = of(data["sectors"], "uijeongbu_snd_2020")
    assert tables.split_basis_missing(uijeongbu, "own_funds") == []
    split = tables.split_other_jobs(uijeongbu, "budget", 9_897).set_index("sector_id")
    assert split.loc["green", "jobs"] == pytest.approx(549 * 840 / (98 + 840 + 86))


def test_pillar_colours_come_from_the_mapping_not_the_ids() -> None:
    jobs = pd.DataFrame({"entity_id": ["safety", "culture"], "group": ["plan", "plan"]})
    sectors = pd.DataFrame({"sector_id": ["safety", "culture"], "pillar_id": ["green", "none"]})
    assert national_comparison.entity_colors(jobs, sectors) == [
        national_comparison.PILLAR_COLORS["green"],
        national_comparison.PILLAR_COLORS["none"],
    ]


def test_chart_source_line_names_an_undated_source_without_empty_brackets(data):
    # Incheon's sources.csv: 대한전문건설신문 (koscaj) has no date in the extract; the other
    # press reports are dated 2020-11-09
    sources = load_processed("sources")
    figures = of(data["figures"], "incheon_nd_2020")
    cited = sources_view.cited_paragraphs(figures, of(sources, "incheon_nd_2020"), ("jobs",), "ko")
    line = sources_view.source_line(cited, "ko")
    assert "()" not in line
    assert "대한전문건설신문 문단" in line
    assert "(2020-11-09) 문단" in line


@pytest.mark.parametrize("plan_id", PLANS)
def test_chart_source_lines_cite_each_source_with_its_paragraphs_in_english(data, plan_id):
    """Each source of the preferred statements, once, with the paragraphs of its rows (read
    from the raw figures table), "paragraph 1" for one and "paragraphs 1, 2" for more; the
    lead is "Source:" for one source and "Sources:" for more."""
    with (RAW / "plans" / plan_id / "figures.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["measure"] in ("total_budget", "jobs")]
    statements: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        statements.setdefault((r["scope"], r["measure"]), []).append(r)
    expected: dict[str, set[int]] = {}
    for group in statements.values():  # the one marked preferred, or the only statement
        for r in [r for r in group if r["preferred"] == "true"] or group[:1] * (len(group) == 1):
            expected.setdefault(r["source_id"], set()).add(int(r["source_paragraph"]))
    sources = of(load_processed("sources"), plan_id)
    figures = of(data["figures"], plan_id)
    cited = sources_view.cited_paragraphs(figures, sources, ("total_budget", "jobs"), "en")
    publishers = dict(zip(sources["source_id"], sources["publisher"], strict=True))
    assert len(cited) == len(expected)
    for part, (source_id, paragraphs) in zip(cited, sorted(expected.items()), strict=True):
        numbers = ", ".join(str(n) for n in sorted(paragraphs))
        word = "paragraphs" if len(paragraphs) > 1 else "paragraph"
        assert part.startswith(publishers[source_id]) and part.endswith(f" {word} {numbers}")
    lead = sources_view.source_line(cited, "en").split(":")[0]
    assert lead == ("Sources" if len(cited) > 1 else "Source")


@pytest.mark.parametrize("kind", DRAWN_NATIONAL)
def test_national_figures_are_cited_by_the_publishers_of_the_rows_drawn(kind):
    """The national reference rows a chart draws, read from the raw table: each publisher
    named once, in the order of the rows, with the dates of its reports (the scale chart
    set beside a plan that runs to 2022)."""
    rows = drawn_raw_national_rows(kind, "2022")
    dates: dict[str, set[str]] = {}
    for r in rows:
        dates.setdefault(r["source_publisher"], set()).add(r["source_date"])
    named = ", ".join(f"{p} ({', '.join(sorted(d))})" for p, d in dates.items())
    drawn = national_comparison.drawn_national_rows(
        load_processed("reference_figures"), kind, 2022 if kind == "scale" else 2025
    )
    assert len(drawn) == len(rows)
    assert sources_view.cited_reference(drawn, "en") == f"Korean New Deal as reported by {named}"
    assert sources_view.cited_reference(drawn, "ko") == f"한국판 뉴딜 보도: {named}"


def test_a_chart_of_no_national_figure_cites_none():
    with pytest.raises(ValueError, match="no national reference figure"):
        sources_view.cited_reference(load_processed("reference_figures").iloc[0:0], "en")
    with pytest.raises(ValueError, match="unknown chart"):
        national_comparison.drawn_national_rows(load_processed("reference_figures"), "sectors")
