"""Unit tests of the analysis tables (:mod:`analysis.briefing.tables`, ``national_comparison``,
``audit_view``, ``money``) for every parameter value: each unit, each price year, each jobs
split, each language.

Expected figures are worked out here from the announcement's words (the quotes in
``data/raw/plans/uijeongbu_snd_2020/figures.csv``, e.g. "총사업비 840억원(시비 580억원)"), the
consumer price index read from ``data/raw/reference/cpi.csv`` with the csv module, and the
exchange rate "1,180.02" from ``data/raw/reference/exchange_rates.csv``, never from the
code's output.
The tables under test are read through ``load_processed`` (no kernel).
"""

from __future__ import annotations

import calendar
import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.briefing.audit_view import audit_overview
from analysis.briefing.money import MoneyBasis
from analysis.briefing.national_comparison import (
    national_pillars,
    national_plan_date,
    national_plan_totals,
    national_scale,
    plan_vs_national,
)
from analysis.briefing.parameters import BriefingParameters, ParameterError
from analysis.briefing.tables import (
    budget_vs_jobs_shares,
    jobs_per_budget,
    plan_headline,
    sector_jobs,
    sector_summary,
    split_other_jobs,
    workers_by_field,
)
from analysis.data.load import load_processed

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
PLAN = "uijeongbu_snd_2020"
EOK, JO, MAN = 10**8, 10**12, 10**4
SECTORS = ["digital", "green", "culture", "safety"]
UNITS = ["억원", "백만원", "KRW", "USD"]
YEARS = [2020, 2021, 2022, 2023, 2024, 2025]
SPLITS = ["none", "budget", "own_funds"]
#: (unit, price_year) pairs the parameters allow (no US price index: USD only in 2020)
BASES = [(u, y) for u in UNITS for y in YEARS if u != "USD" or y == 2020]


def _raw_rows(name: str) -> list[dict[str, str]]:
    """Rows of a raw table: a file of the Uijeongbu folder, or ``reference_<file>``."""
    if name.startswith("reference_"):
        path = RAW / "reference" / name.removeprefix("reference_")
    else:
        path = RAW / "plans" / PLAN / name
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _quote(figure_id: str) -> str:
    return next(r["source_quote"] for r in _raw_rows("figures.csv") if r["figure_id"] == figure_id)


def _cheon(text: str) -> int:
    """'9천897' -> 9 * 1000 + 897 (the announcement's way of writing thousands)."""
    thousands, rest = re.fullmatch(r"(\d+)천(\d+)", text).groups()  # type: ignore[union-attr]
    return int(thousands) * 1000 + int(rest)


def _sector_budgets() -> dict[str, tuple[int, int]]:
    """(total, city) KRW per sector from quotes like "총사업비 840억원(시비 580억원)"."""
    out = {}
    for sector in SECTORS:
        total, city = re.search(
            r"총사업비 (\d+)억원\(시비 (\d+)억원\)", _quote(f"{sector}_total_budget")
        ).groups()  # type: ignore[union-attr]
        out[sector] = (int(total) * EOK, int(city) * EOK)
    return out


BUDGETS = _sector_budgets()
PLAN_TOTAL = _cheon(re.search(r"총사업비 (\S+)억원", _quote("plan_total_budget"))[1]) * EOK
PLAN_JOBS = _cheon(re.search(r"(\S+)개의 일자리", _quote("plan_jobs"))[1])
SAFETY_JOBS = _cheon(re.search(r"일자리 (\S+)개를", _quote("safety_jobs"))[1])
REFRESH_FUNDING = int(re.search(r"국비 (\d+)억원", _quote("refresh_national_funding"))[1]) * EOK
REFRESH_WORKERS = _cheon(re.search(r"(\S+)여명", _quote("refresh_workers"))[1])
REFRESH_MONTHS = int(re.search(r"(\d+)개월간", _quote("refresh_duration"))[1])
CPI = {int(r["year"]): float(r["index_raw"]) for r in _raw_rows("reference_cpi.csv")}
USD_RATE = float(
    next(r for r in _raw_rows("reference_exchange_rates.csv") if r["currency"] == "USD")[
        "krw_per_unit_raw"
    ].replace(",", "")
)
#: The national Korean New Deal to 2025 (reference_figures.csv, value_raw), by hand
NATIONAL_COST = {"digital": 582 * JO // 10, "green": 734 * JO // 10, "safety_net": 284 * JO // 10}
NATIONAL_JOBS = {
    "digital": 903 * MAN // 10,
    "green": 659 * MAN // 10,
    "safety_net": 339 * MAN // 10,
}
NATIONAL_TOTAL, NATIONAL_TOTAL_JOBS = 160 * JO, 1901 * MAN // 10


def on_basis(krw: float, unit: str, year: int) -> float:
    """Nominal 2020 KRW on a display basis, by hand: KRW x CPI[year] / CPI[2020] / unit."""
    real = krw * CPI[year] / CPI[2020]
    return (
        real / USD_RATE if unit == "USD" else real / {"억원": EOK, "백만원": 10**6, "KRW": 1}[unit]
    )


def jobs_base_krw(unit: str) -> float:
    """Jobs are counted per 1억원, or per 1 million USD at the rate."""
    return 10**6 * USD_RATE if unit == "USD" else EOK


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    names = ["sectors", "figures", "refresh_programme", "refresh_workers_by_field", "cpi"]
    names += ["exchange_rates", "reference_figures", "reference_pillars", "audit"]
    return {n: load_processed(n) for n in names}


def make_basis(data: dict[str, pd.DataFrame], unit: str, year: int, lang: str = "ko") -> MoneyBasis:
    params = BriefingParameters.validated(
        {"price_year": list(CPI)}, lang=lang, unit=unit, price_year=year
    )
    return MoneyBasis.from_parameters(params, data["cpi"], data["exchange_rates"])


def sectors(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    frame = data["sectors"]
    return frame[frame["plan_id"] == PLAN].reset_index(drop=True)


def test_hand_values_are_those_of_the_text() -> None:
    # the quotes parse to what the text says: 98 + 840 + 86 + 451 = 1,475억원
    assert sum(t for t, _ in BUDGETS.values()) == PLAN_TOTAL == 1475 * EOK
    assert (PLAN_JOBS, SAFETY_JOBS, REFRESH_WORKERS) == (9897, 9348, 9300)
    assert sorted(CPI) == YEARS and CPI[2020] == 100.0
    assert USD_RATE == 1180.02


# --- money ----------------------------------------------------------------------------
@pytest.mark.parametrize(("unit", "year"), BASES)
def test_money_basis_converts_by_cpi_and_unit(data, unit: str, year: int) -> None:
    basis = make_basis(data, unit, year)
    for total, _city in BUDGETS.values():
        assert basis.convert(total) == pytest.approx(on_basis(total, unit, year), rel=1e-12)
    # jobs per base: the safety sector's 9,348 jobs over its 451억원 on this basis
    safety = BUDGETS["safety"][0]
    expected = SAFETY_JOBS / (safety * CPI[year] / CPI[2020] / jobs_base_krw(unit))
    assert basis.jobs_per_base(SAFETY_JOBS, safety) == pytest.approx(expected, rel=1e-12)


def test_money_basis_takes_a_custom_exchange_rate(data) -> None:
    params = BriefingParameters.validated(
        {"price_year": list(CPI)}, unit="USD", exchange_rate=1000.0
    )
    basis = MoneyBasis.from_parameters(params, data["cpi"], data["exchange_rates"])
    assert basis.convert(PLAN_TOTAL) == pytest.approx(1475 * EOK / 1000)
    assert not basis.rate_is_default


# --- tables ---------------------------------------------------------------------------
def test_plan_headline(data) -> None:
    assert plan_headline(data["figures"], PLAN) == {
        "sector_count": 4,  # "4개 분야"
        "project_count": 42,  # "42개 사업"
        "total_budget": PLAN_TOTAL,
        "jobs": PLAN_JOBS,
        "sectors_with_brand_project": 4,  # "4개 분야별 브랜드사업" (paragraph 18)
    }


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(("unit", "year"), BASES)
def test_sector_summary(data, unit: str, year: int, lang: str) -> None:
    out = sector_summary(sectors(data), make_basis(data, unit, year, lang)).set_index("sector_id")
    assert list(out.index) == SECTORS
    for sector, (total, city) in BUDGETS.items():
        row = out.loc[sector]
        assert row["total"] == pytest.approx(on_basis(total, unit, year))
        assert row["own"] == pytest.approx(on_basis(city, unit, year))
        assert row["not_own"] == pytest.approx(on_basis(total - city, unit, year))
        assert row["share_of_plan"] == pytest.approx(total / PLAN_TOTAL, abs=1e-6)
        assert row["own_share"] == pytest.approx(city / total, abs=1e-6)
    assert out.loc["green", "sector"] == {"ko": "그린뉴딜", "en": "Green"}[lang]


def _expected_jobs(how: str) -> dict[str, float]:
    """Stated jobs (safety's 9,348) and, unless 'none', the other 549 split by weight."""
    others = [s for s in SECTORS if s != "safety"]
    remainder = PLAN_JOBS - SAFETY_JOBS  # 9,897 - 9,348 = 549
    out = {s: float("nan") for s in others} | {"safety": float(SAFETY_JOBS)}
    if how != "none":
        weight = {s: BUDGETS[s][0 if how == "budget" else 1] for s in others}
        out |= {s: remainder * weight[s] / sum(weight.values()) for s in others}
    return out


@pytest.mark.parametrize("how", SPLITS)
def test_split_other_jobs(data, how: str) -> None:
    out = split_other_jobs(sectors(data), how, PLAN_JOBS).set_index("sector_id")
    expected = _expected_jobs(how)
    for sector in SECTORS:
        got = out.loc[sector, "jobs"]
        if pd.isna(expected[sector]):
            assert pd.isna(got)
        else:
            assert float(got) == pytest.approx(expected[sector])
        assert bool(out.loc[sector, "jobs_is_assumption"]) == (how != "none" and sector != "safety")
    if how != "none":
        assert float(out["jobs"].sum()) == pytest.approx(PLAN_JOBS)


def test_split_other_jobs_rejects_an_unknown_split(data) -> None:
    with pytest.raises(ParameterError, match="jobs_split='sector'"):
        split_other_jobs(sectors(data), "sector", PLAN_JOBS)


@pytest.mark.parametrize("how", SPLITS)
@pytest.mark.parametrize(("unit", "year"), BASES)
def test_sector_jobs(data, how: str, unit: str, year: int) -> None:
    basis = make_basis(data, unit, year, "en")
    out = sector_jobs(sectors(data), how, PLAN_JOBS, basis).set_index("sector_id")
    for sector, jobs in _expected_jobs(how).items():
        total = BUDGETS[sector][0]
        assert out.loc[sector, "budget"] == pytest.approx(on_basis(total, unit, year))
        per_base = jobs / (total * CPI[year] / CPI[2020] / jobs_base_krw(unit))
        if pd.isna(jobs):
            assert pd.isna(out.loc[sector, "jobs_per_base"])
        else:
            assert out.loc[sector, "jobs_per_base"] == pytest.approx(per_base)
    assumed = out.loc["green", "label"] != out.loc["green", "sector"]
    assert assumed == (how != "none")
    assert out.loc["safety", "label"] == out.loc["safety", "sector"]  # stated, not assumed


@pytest.mark.parametrize(("unit", "year"), BASES)
def test_jobs_per_budget(data, unit: str, year: int) -> None:
    basis = make_basis(data, unit, year)
    reference = data["reference_figures"]
    pillars = national_pillars(reference, data["reference_pillars"])
    out = jobs_per_budget(
        sectors(data),
        data["refresh_programme"],
        PLAN_JOBS,
        PLAN_TOTAL,
        basis,
        pillars,
        national_plan_totals(reference),
        who="W",
        national_announced="2020-07-14",
    ).set_index("entity_id")
    other_budget = sum(BUDGETS[s][0] for s in ("digital", "green", "culture"))  # 1,024억원
    expected = {  # entity: (jobs, nominal budget KRW)
        "plan": (PLAN_JOBS, PLAN_TOTAL),
        "safety": (SAFETY_JOBS, BUDGETS["safety"][0]),
        "other_sectors": (PLAN_JOBS - SAFETY_JOBS, other_budget),
        "safety_refresh": (REFRESH_WORKERS, REFRESH_FUNDING),
        "national_plan": (NATIONAL_TOTAL_JOBS, NATIONAL_TOTAL),
    } | {f"national_{p}": (NATIONAL_JOBS[p], NATIONAL_COST[p]) for p in NATIONAL_COST}
    assert set(out.index) == set(expected)
    for entity, (jobs, krw) in expected.items():
        row = out.loc[entity]
        assert (row["jobs"], row["budget_krw"]) == (jobs, krw)
        assert row["budget"] == pytest.approx(on_basis(krw, unit, year))
        real = krw * CPI[year] / CPI[2020]
        assert row["jobs_per_base"] == pytest.approx(jobs / (real / jobs_base_krw(unit)))
        assert row["jobs_per_100m_krw"] == pytest.approx(jobs / (krw / EOK))  # always nominal
        assert row["budget_per_job"] == pytest.approx(on_basis(krw, unit, year) / jobs)
        assert row["group"] == ("national" if entity.startswith("national") else "plan")
        assert row["entity"].startswith("W") != entity.startswith("national")
    refresh = out.loc["safety_refresh"]
    worker_months = REFRESH_WORKERS * REFRESH_MONTHS  # 9,300 x 4
    assert refresh["worker_months"] == worker_months
    assert refresh["budget_per_worker_month_krw"] == pytest.approx(REFRESH_FUNDING / worker_months)
    assert refresh["budget_per_worker_month"] == pytest.approx(
        on_basis(REFRESH_FUNDING, unit, year) / worker_months
    )
    assert pd.isna(out.loc["plan", "worker_months"])


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_workers_by_field(data, lang: str) -> None:
    hand = [700, 900, 300, 1 * 1000 + 700, 180, 5 * 1000 + 300]  # "700명" ... "5,300명"
    fields = data["refresh_workers_by_field"]
    out = workers_by_field(fields[fields["plan_id"] == PLAN], lang)
    assert out["workers"].tolist() == hand
    assert out["share"].tolist() == pytest.approx([w / sum(hand) for w in hand], abs=1e-6)
    assert sum(hand) == 9080  # not the announced 9,300여명


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_budget_vs_jobs_shares(data, lang: str) -> None:
    out = budget_vs_jobs_shares(sectors(data), PLAN_JOBS, PLAN_TOTAL, lang).set_index("part_id")
    assert list(out.index) == ["digital", "green", "culture", "other_sectors", "safety"]
    for sector in ("digital", "green", "culture", "safety"):
        assert out.loc[sector, "budget_share"] == pytest.approx(BUDGETS[sector][0] / PLAN_TOTAL)
    assert out.loc["other_sectors", "jobs"] == PLAN_JOBS - SAFETY_JOBS
    assert out.loc["other_sectors", "jobs_share"] == pytest.approx(549 / 9897)
    assert out.loc["safety", "jobs_share"] == pytest.approx(9348 / 9897)
    assert pd.isna(out.loc["other_sectors", "budget_share"])
    assert pd.isna(out.loc["green", "jobs_share"])


def _preferred_krw(plan: str, figure_id: str) -> int:
    """A figure of ``plan`` read by hand from its ``value_raw`` ("5조6000억원", "2조 3750억원",
    "2조7,900억원"): 조 and 억 parts, in KRW."""
    with (RAW / "plans" / plan / "figures.csv").open(encoding="utf-8", newline="") as fh:
        raw = next(r["value_raw"] for r in csv.DictReader(fh) if r["figure_id"] == figure_id)
    jo, eok = re.fullmatch(r"(?:(\d+)조)?\s*(?:([\d,]+)억)?원?", raw).groups()  # type: ignore[union-attr]
    return int(jo or 0) * JO + int((eok or "0").replace(",", "")) * EOK


@pytest.mark.parametrize(
    ("plan", "ids", "total_id"),
    [
        # Incheon: 1조8000억 + 5조6000억 + 2조9000억 = 10조3000억, of a stated 14조원
        (
            "incheon_nd_2020",
            {
                "digital": "digital_total_budget",
                "green": "green_total_budget",
                "bio": "bio_total_budget",
            },
            "plan_total_budget_newscj",
        ),
        # Gyeonggi: 2,180억 + 2조7,900억 + 2조 3750억 = 5조3830억, of a stated 5조3800억원
        (
            "gyeonggi_nd_2020",
            {
                "data": "data_total_budget",
                "low_carbon": "low_carbon_total_budget",
                "safety": "safety_total_budget",
            },
            "plan_total_budget_mediapen",
        ),
    ],
)
def test_budget_shares_are_of_the_stated_total(data, plan, ids, total_id) -> None:
    # the overview's Figure 1 gives the same share of the budget as the key point, the
    # sector comparison and the funding page: of the stated total, not of the sectors' sum
    frame = data["sectors"][data["sectors"]["plan_id"] == plan].reset_index(drop=True)
    total = _preferred_krw(plan, total_id)
    out = budget_vs_jobs_shares(frame, 10**6, total, "en").set_index("part_id")
    budgets = {sector: _preferred_krw(plan, fid) for sector, fid in ids.items()}
    assert sum(budgets.values()) != total  # the audit's finding: the sectors do not add up
    for sector, krw in budgets.items():
        assert out.loc[sector, "budget_share"] == pytest.approx(krw / total)


# --- national comparison ------------------------------------------------------------------
def test_national_plan_totals(data) -> None:
    assert national_plan_totals(data["reference_figures"]) == {
        "total_cost": NATIONAL_TOTAL,  # 160조원
        "national_treasury": 1141 * JO // 10,  # 114.1조원
        "local_government": 252 * JO // 10,  # 25.2조원
        "private": 207 * JO // 10,  # 20.7조원
        "jobs": NATIONAL_TOTAL_JOBS,  # 190.1만
    }
    assert national_plan_totals(data["reference_figures"], 2022)["total_cost"] == 677 * JO // 10


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_plan_vs_national(data, lang: str) -> None:
    pillars = national_pillars(data["reference_figures"], data["reference_pillars"])
    assert dict(zip(pillars["pillar_id"], pillars["total_cost"], strict=True)) == NATIONAL_COST
    out = plan_vs_national(sectors(data), pillars, lang).set_index("sector_id")
    matched = sum(NATIONAL_COST.values())  # 58.2 + 73.4 + 28.4 = 160.0조원
    pillar_of = {"digital": "digital", "green": "green", "safety": "safety_net"}
    for sector, (total, _city) in BUDGETS.items():
        assert out.loc[sector, "plan_share"] == pytest.approx(total / PLAN_TOTAL, abs=1e-6)
        if sector in pillar_of:
            cost = NATIONAL_COST[pillar_of[sector]]
            assert out.loc[sector, "national_share"] == pytest.approx(cost / matched)
    assert not out.loc["culture", "has_counterpart"]
    assert pd.isna(out.loc["culture", "national_cost_krw"])


@pytest.mark.parametrize(("unit", "year"), BASES)
def test_national_scale(data, unit: str, year: int) -> None:
    basis = make_basis(data, unit, year)
    reference = data["reference_figures"]
    pillars = national_pillars(reference, data["reference_pillars"])
    comparison = plan_vs_national(sectors(data), pillars, basis.lang)
    totals = national_plan_totals(reference)
    out = national_scale(comparison, PLAN_TOTAL, totals, basis, announced="2020-07-14")
    out = out.set_index("row_id")
    plan = out.loc["plan"]
    assert plan["plan_budget"] == pytest.approx(on_basis(PLAN_TOTAL, unit, year))
    assert plan["national_cost"] == pytest.approx(on_basis(NATIONAL_TOTAL, unit, year))
    assert plan["national_treasury"] == pytest.approx(on_basis(1141 * JO // 10, unit, year))
    assert plan["plan_percent"] == pytest.approx(100 * 1475 * EOK / (160 * JO))  # 0.0922%
    assert plan["national_multiple"] == pytest.approx(160 * JO / (1475 * EOK))
    green = out.loc["green"]
    assert green["plan_fraction"] == pytest.approx(BUDGETS["green"][0] / NATIONAL_COST["green"])


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_whole_plan_row_is_labelled_with_its_own_horizon(data, lang: str) -> None:
    # Gyeonggi's plan runs to 2022, so its whole plan stands beside the national first phase
    # to 2022 ("67.7조원" in national_figures.csv), which must not be called the plan to 2025;
    # the plan is dated as the source of its total cost to 2025 is (2020-07-14: July 2020)
    with (RAW / "reference" / "national_figures.csv").open(encoding="utf-8") as fh:
        whole_plan = {
            r["horizon_year"]: r
            for r in csv.DictReader(fh)
            if (r["scope"], r["measure"]) == ("plan", "total_cost")
        }
    raw = whole_plan["2022"]["value_raw"]
    first_phase = int(float(raw.removesuffix("조원")) * 10) * JO // 10
    year, month = (int(part) for part in whole_plan["2025"]["source_date"].split("-")[:2])
    basis = make_basis(data, "억원", 2020, lang)
    reference = data["reference_figures"]
    gyeonggi = data["sectors"][data["sectors"]["plan_id"] == "gyeonggi_nd_2020"]
    mix = plan_vs_national(gyeonggi, national_pillars(reference, data["reference_pillars"]), lang)
    totals = national_plan_totals(reference, 2022)
    announced = national_plan_date(reference)
    whole = national_scale(mix, 53_800 * EOK, totals, basis, 2022, announced=announced)
    whole = whole.set_index("row_id").loc["plan"]
    assert whole["national_cost_krw"] == first_phase == 677 * JO // 10
    named = {
        "ko": f"한국판 뉴딜 ({year}년 {month}월, 2022년까지)",
        "en": f"Korean New Deal ({calendar.month_name[month]} {year}, to 2022)",
    }
    assert whole["counterpart"] == named[lang]
    assert "2025" not in whole["label"] and "2022" in whole["label"]


# --- audit view -----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(("unit", "year"), BASES)
def test_audit_overview(data, unit: str, year: int, lang: str) -> None:
    basis = make_basis(data, unit, year, lang)
    keys = ["total_budget_vs_sectors", "project_count", "safety_refresh_workers_by_field"]
    out = audit_overview(data["audit"], basis, keys=keys, plan_ids=[PLAN]).set_index("key")
    assert list(out.index) == keys
    money = out.loc["total_budget_vs_sectors"]
    assert money["stated"] == pytest.approx(on_basis(PLAN_TOTAL, unit, year))  # 1천475억원
    assert money["found"] == pytest.approx(on_basis(PLAN_TOTAL, unit, year))  # 98+840+86+451
    assert money["difference"] == 0
    assert money["stated_value"] == PLAN_TOTAL  # the audit's own KRW, whatever the basis
    assert money["unit"] == basis.label
    workers = out.loc["safety_refresh_workers_by_field"]  # counts stay counts
    assert (workers["stated"], workers["found"]) == (REFRESH_WORKERS, 9080)
    assert out.loc["project_count", "stated"] == 42  # "42개 사업"


def test_the_pillars_horizon_is_the_only_year_every_pillar_is_stated_to() -> None:
    """``PILLAR_HORIZON`` (the year the briefings name beside the national pillars and the
    national jobs) is, in the raw national figures, the one year to which every pillar's
    total cost and jobs are stated."""
    from analysis.briefing.national_comparison import PILLAR_HORIZON

    with (RAW / "reference" / "national_figures.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with (RAW / "reference" / "national_pillars.csv").open(encoding="utf-8") as fh:
        pillars = {r["pillar_id"] for r in csv.DictReader(fh)}
    stated = {(r["scope"], r["measure"], r["horizon_year"]) for r in rows}
    years = {
        int(year)
        for year in {r["horizon_year"] for r in rows}
        if all((p, m, year) in stated for p in pillars for m in ("total_cost", "jobs"))
    }
    assert years == {PILLAR_HORIZON}
