"""Processed tables (:func:`analysis.data.clean.build_processed`): exact integer amounts,
budgets as the sources state them, shares, labels, the approximate flag, and the data
dictionary.

Plan-generic where the rule is generic (every plan's sectors, shares, labels, flags);
the Uijeongbu figures are worked out here from its announcement's Korean text (e.g.
``98억원`` is ``98 * 10**8`` won, ``9천348개`` is ``9 * 1000 + 348`` jobs), never copied
from the code.
"""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest
from conftest import RAW_DIR, UIJEONGBU, raw_path
from pandas.api import types as ptypes

from analysis.data.dictionary import data_dictionary
from analysis.data.processed_schemas import PROCESSED_SCHEMAS
from analysis.data.raw_schemas import RAW_SCHEMAS

EOK = 10**8  # 억
JO = 10**12  # 조
MAN = 10**4  # 만
PLAN = UIJEONGBU
PLANS = sorted(p.name for p in (RAW_DIR / "plans").iterdir() if p.is_dir())

#: Uijeongbu sector -> (paragraph, 총사업비, 시비 = its own funds) as written, and worked out by hand.
SECTOR_TEXT = {
    "digital": (3, "총사업비 98억원(시비 80억원)", 98 * EOK, 80 * EOK),
    "green": (9, "총사업비 840억원(시비 580억원)", 840 * EOK, 580 * EOK),
    "culture": (12, "총사업비 86억원(시비 70억원)", 86 * EOK, 70 * EOK),
    "safety": (15, "총사업비 451억원(시비 64억원)", 451 * EOK, 64 * EOK),
}
SECTOR_KO = {
    "digital": "디지털뉴딜",
    "green": "그린뉴딜",
    "culture": "문화뉴딜",
    "safety": "안심뉴딜",
}
#: 총사업비 1천475억원 (paragraph 2)
PLAN_TOTAL = (1 * 1000 + 475) * EOK

#: figure_id -> (value, unit) worked out from the text.
FIGURE_VALUES = {
    "plan_sector_count": (4, "items"),  # 4개 분야
    "plan_project_count": (42, "items"),  # 42개 사업
    "plan_total_budget": ((1 * 1000 + 475) * EOK, "KRW"),  # 1천475억원
    "plan_jobs": (9 * 1000 + 897, "items"),  # 9천897개
    "plan_brand_sector_count": (4, "items"),  # 4개 분야별 브랜드사업
    "digital_total_budget": (98 * EOK, "KRW"),
    "digital_city_budget": (80 * EOK, "KRW"),
    "digital_task_count": (8, "items"),
    "digital_project_count": (16, "items"),
    "digital_additional_contest_count": (4, "cases"),  # 총 4건
    "green_total_budget": (840 * EOK, "KRW"),
    "green_city_budget": (580 * EOK, "KRW"),
    "gnb_city_budget": (390 * EOK, "KRW"),
    "gnb_city_period_end": (2021, "year"),
    "culture_total_budget": (86 * EOK, "KRW"),
    "culture_city_budget": (70 * EOK, "KRW"),
    "culture_brand_budget": (4 * EOK, "KRW"),
    "culture_brand_period_end": (2022, "year"),
    "safety_total_budget": (451 * EOK, "KRW"),
    "safety_city_budget": (64 * EOK, "KRW"),
    "safety_jobs": (9 * 1000 + 348, "items"),  # 9천348개
    "refresh_period_start": (8, "month"),
    "refresh_period_end": (11, "month"),
    "refresh_duration": (4, "months"),  # 4개월
    "refresh_national_funding": (376 * EOK, "KRW"),
    "refresh_workers": (9 * 1000 + 300, "persons"),  # 9천300여명
}


def _read(name: str, plan: str = PLAN) -> list[dict[str, str]]:
    """Rows of a raw table of one plan's folder, read with the csv module."""
    with raw_path(RAW_DIR, name, plan).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _by(frame: pd.DataFrame, column: str, plan: str = PLAN) -> pd.DataFrame:
    """The rows of one plan, indexed by ``column`` (unique within the plan)."""
    mine = frame[frame["plan_id"] == plan]
    assert not mine.empty, plan
    assert mine[column].is_unique
    return mine.set_index(column)


def _is_int(series: pd.Series) -> bool:
    return str(series.dtype) in {"int64", "Int64"}


# ---------------------------------------------------------------------------
# Exact integers
# ---------------------------------------------------------------------------


def test_hand_figures_match_the_text(source_lines: list[str]) -> None:
    for sector, (number, words, total, own) in SECTOR_TEXT.items():
        assert words in source_lines[number - 1], sector
        # the hand values and the words agree: "총사업비 N억원(시비 M억원)"
        assert words == f"총사업비 {total // EOK}억원(시비 {own // EOK}억원)"
    assert "총사업비 1천475억원" in source_lines[2 - 1]


def test_figure_values_are_exact(built: dict[str, pd.DataFrame]) -> None:
    figures = _by(built["figures"], "figure_id")  # Uijeongbu's figures
    assert set(figures.index) == set(FIGURE_VALUES)
    assert str(figures["value"].dtype) == "int64"
    for figure_id, (value, unit) in FIGURE_VALUES.items():
        got = figures.loc[figure_id, "value"]
        assert got == value, figure_id
        assert figures.loc[figure_id, "unit"] == unit, figure_id
    # exact integers: 1천475억원 is 147,500,000,000 won, not 1.475e11
    assert figures.loc["plan_total_budget", "value"] == 147_500_000_000


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("figures", "value"),
        ("figures", "precision"),
        ("sectors", "total_budget_krw"),
        ("sectors", "own_funds_krw"),
        ("sectors", "not_own_funds_krw"),
        ("sectors", "jobs"),
        ("tasks", "total_budget_krw"),
        ("projects", "budget_krw"),
        ("refresh_programme", "national_funding_krw"),
        ("refresh_programme", "workers_announced"),
        ("refresh_programme", "workers_by_field_sum"),
        ("refresh_workers_by_field", "workers"),
        ("population", "population"),
        ("reference_figures", "value"),
        ("audit", "stated"),
        ("audit", "derived"),
        ("audit", "difference"),
    ],
)
def test_amount_columns_are_int64(built: dict[str, pd.DataFrame], table: str, column: str) -> None:
    series = built[table][column]
    assert _is_int(series), f"{table}.{column} is {series.dtype}"
    for value in series.dropna():
        assert int(value) == value


def test_no_krw_column_is_a_float(built: dict[str, pd.DataFrame]) -> None:
    """Every column in KRW (name ending _krw) is an integer, in every table."""
    for name, frame in built.items():
        for column in frame.columns:
            if column.endswith("_krw"):
                assert _is_int(frame[column]), f"{name}.{column} is {frame[column].dtype}"


def test_large_amounts_are_exact(built: dict[str, pd.DataFrame]) -> None:
    # 160조원 and 114.1조원 need 15 digits: exact, not rounded through a float
    ref = built["reference_figures"]
    plan_2025 = ref[(ref["scope"] == "plan") & (ref["horizon_year"] == 2025)]
    values = dict(zip(plan_2025["measure"], plan_2025["value"], strict=True))
    assert values["total_cost"] == 160 * JO
    assert values["national_treasury"] == 1141 * JO // 10
    assert values["local_government"] == 252 * JO // 10
    assert values["private"] == 207 * JO // 10
    assert values["jobs"] == 1901 * MAN // 10
    assert str(ref["value"].dtype) == "int64"
    # a plan total in 조: Incheon's 14조원 and Chungnam's 4조7,822억원, to the won
    figures = built["figures"]
    raw = dict(zip(figures["value_raw"], figures["value"], strict=False))
    assert raw["14조원"] == 14 * JO
    assert raw["4조7,822억원"] == 4 * JO + 7822 * EOK


# ---------------------------------------------------------------------------
# Sectors
# ---------------------------------------------------------------------------


def test_every_plans_sectors_are_in_the_processed_table(built: dict[str, pd.DataFrame]) -> None:
    sectors = built["sectors"]
    assert sorted(set(sectors["plan_id"])) == PLANS
    for plan in PLANS:
        raw = _read("sectors", plan)
        mine = sectors[sectors["plan_id"] == plan]
        assert list(mine["sector_id"]) == [r["sector_id"] for r in raw], plan
        assert list(mine["sector_ko"]) == [r["sector_name_ko"] for r in raw], plan
        assert list(mine["sector_order"]) == [int(r["sector_order"]) for r in raw], plan
        # a sector without a quote carries an editorial name, and says so
        editorial = [not r["source_quote"] for r in raw]
        assert list(mine["sector_name_is_editorial"]) == editorial, plan


def test_sector_budgets(built: dict[str, pd.DataFrame]) -> None:
    sectors = _by(built["sectors"], "sector_id")
    assert set(sectors.index) == set(SECTOR_TEXT)
    for sector, (_, _, total, own) in SECTOR_TEXT.items():
        row = sectors.loc[sector]
        assert row["total_budget_krw"] == total, sector
        assert row["own_funds_krw"] == own, sector
        assert row["not_own_funds_krw"] == total - own, sector
        assert row["total_budget_eok"] == total / EOK
        assert row["own_funds_eok"] == own / EOK
        assert row["not_own_funds_eok"] == (total - own) / EOK
    # by hand: 98-80, 840-580, 86-70, 451-64 (억원)
    assert list(sectors.loc[list(SECTOR_TEXT), "not_own_funds_krw"]) == [
        18 * EOK,
        260 * EOK,
        16 * EOK,
        387 * EOK,
    ]


def test_not_own_funds_is_total_minus_own_funds(built: dict[str, pd.DataFrame]) -> None:
    s = built["sectors"]
    both = s["total_budget_krw"].notna() & s["own_funds_krw"].notna()
    assert both.any()
    assert (
        s.loc[both, "not_own_funds_krw"] == (s["total_budget_krw"] - s["own_funds_krw"])[both]
    ).all()
    # where a plan does not state a sector's own funds, nothing is derived from it
    assert s.loc[~both, "not_own_funds_krw"].isna().all()
    assert s.loc[~both, "own_share_of_sector"].isna().all()


def test_sector_budgets_add_up_to_the_plan_total(built: dict[str, pd.DataFrame]) -> None:
    assert (98 + 840 + 86 + 451) * EOK == PLAN_TOTAL
    sectors = built["sectors"]
    assert int(sectors.loc[sectors["plan_id"] == PLAN, "total_budget_krw"].sum()) == PLAN_TOTAL


def test_sector_jobs_and_counts(built: dict[str, pd.DataFrame]) -> None:
    sectors = _by(built["sectors"], "sector_id")
    # only 안심뉴딜 states jobs (일자리 9천348개); only digital states 8개 과제와 16개 사업
    assert sectors.loc["safety", "jobs"] == 9 * 1000 + 348
    assert not bool(sectors.loc["safety", "jobs_approx"])
    for sector in ("digital", "green", "culture"):
        assert pd.isna(sectors.loc[sector, "jobs"]), sector
    assert sectors.loc["digital", "task_count"] == 8
    assert sectors.loc["digital", "project_count"] == 16
    for sector in ("green", "culture", "safety"):
        assert pd.isna(sectors.loc[sector, "task_count"])
        assert pd.isna(sectors.loc[sector, "project_count"])
    # brand projects named: 문화뉴딜 (paragraph 13) and 안심뉴딜 (paragraph 16)
    assert dict(sectors["brand_project_count"]) == {
        "digital": 0,
        "green": 0,
        "culture": 1,
        "safety": 1,
    }
    for column in ("jobs", "task_count", "project_count"):
        assert str(sectors[column].dtype) == "Int64"


def test_sector_shares(built: dict[str, pd.DataFrame]) -> None:
    sectors = _by(built["sectors"], "sector_id")
    own_total = (80 + 580 + 70 + 64) * EOK  # 794억원, not stated in the text
    not_own_total = (18 + 260 + 16 + 387) * EOK  # 681억원
    for sector, (_, _, total, own) in SECTOR_TEXT.items():
        row = sectors.loc[sector]
        assert row["own_share_of_sector"] == pytest.approx(own / total, abs=1e-6)
        assert row["not_own_share_of_sector"] == pytest.approx((total - own) / total, abs=1e-6)
        assert row["share_of_plan_budget"] == pytest.approx(total / PLAN_TOTAL, abs=1e-6)
        assert row["share_of_plan_own_funds"] == pytest.approx(own / own_total, abs=1e-6)
        assert row["share_of_plan_not_own_funds"] == pytest.approx(
            (total - own) / not_own_total, abs=1e-6
        )
    # e.g. digital: 98 / 1475 of the plan
    assert sectors.loc["digital", "share_of_plan_budget"] == pytest.approx(98 / 1475, abs=1e-6)


def _plan_total(plan: str) -> int | None:
    """The plan's preferred total budget, parsed here from its figures.csv by hand rules."""
    rows = [
        r for r in _read("figures", plan) if r["scope"] == "plan" and r["measure"] == "total_budget"
    ]
    if len(rows) > 1:
        rows = [r for r in rows if r.get("preferred") == "true"]
    if not rows:
        return None
    return _won(rows[0]["value_raw"])


def _won(text: str) -> int:
    """Korean money as written -> won, for the forms the plans use (조, 억, 천 groups)."""
    compact = re.sub(r"[\s,원여]", "", text)
    match = re.fullmatch(r"(?:(\d+)조)?(?:(\d+)?(?:천(\d+))?억)?", compact)
    assert match and compact, text
    jo, eok, eok_after_thousand = match.groups()
    # 1천475억: thousands of 억 written with 천, then the rest
    thousands = int(eok) * 1000 + int(eok_after_thousand) if "천" in compact else None
    eok_value = int(eok or 0) if thousands is None else thousands
    return int(jo or 0) * JO + eok_value * EOK


def test_won_reads_the_plans_money() -> None:
    assert _won("1천475억원") == 1475 * EOK
    assert _won("4조7,822억원") == 4 * JO + 7822 * EOK
    assert _won("5조3800억원") == 5 * JO + 3800 * EOK
    assert _won("14조원") == 14 * JO


@pytest.mark.parametrize("plan", PLANS)
def test_sector_share_of_plan_budget_is_of_the_stated_total(
    built: dict[str, pd.DataFrame], plan: str
) -> None:
    sectors = built["sectors"][built["sectors"]["plan_id"] == plan]
    total = _plan_total(plan)
    if total is None:
        assert sectors["share_of_plan_budget"].isna().all()
        return
    for _, row in sectors.iterrows():
        if pd.isna(row["total_budget_krw"]):
            assert pd.isna(row["share_of_plan_budget"])
        else:
            expected = round(int(row["total_budget_krw"]) / total, 6)
            assert row["share_of_plan_budget"] == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("column", ["share_of_plan_own_funds", "share_of_plan_not_own_funds"])
@pytest.mark.parametrize("plan", PLANS)
def test_shares_of_the_sector_sum_add_to_one_per_plan(
    built: dict[str, pd.DataFrame], plan: str, column: str
) -> None:
    sectors = built["sectors"][built["sectors"]["plan_id"] == plan]
    amounts = sectors[column.replace("share_of_plan_", "") + "_krw"]
    if amounts.notna().all():
        assert sectors[column].sum() == pytest.approx(1.0, abs=1e-5)
    else:  # a share of a sum the plan does not state in full is not given
        assert sectors[column].isna().all()


def test_own_and_not_own_shares_sum_to_one(built: dict[str, pd.DataFrame]) -> None:
    s = built["sectors"].dropna(subset=["own_share_of_sector"])
    assert set(s["plan_id"]) >= {PLAN}
    both = s["own_share_of_sector"] + s["not_own_share_of_sector"]
    assert both.tolist() == pytest.approx([1.0] * len(s), abs=1e-5)


def test_refresh_field_shares(built: dict[str, pd.DataFrame]) -> None:
    w = built["refresh_workers_by_field"]
    w = w[w["plan_id"] == PLAN]
    assert w["share_of_field_sum"].sum() == pytest.approx(1.0, abs=1e-5)
    field_sum = 700 + 900 + 300 + 1700 + 180 + 5300
    announced = 9 * 1000 + 300
    by_field = _by(w, "field_id")
    assert by_field.loc["public_admin_support", "workers"] == 1 * 1000 + 700
    assert by_field.loc["local_specialised", "share_of_field_sum"] == pytest.approx(
        5300 / field_sum, abs=1e-6
    )
    assert by_field.loc["local_specialised", "share_of_announced_workers"] == pytest.approx(
        5300 / announced, abs=1e-6
    )
    # the fields do not add up to the announced 9천300여명, so these shares sum below 1
    assert w["share_of_announced_workers"].sum() == pytest.approx(field_sum / announced, abs=1e-5)


def test_refresh_programme(built: dict[str, pd.DataFrame]) -> None:
    prog = built["refresh_programme"]
    prog = prog[prog["plan_id"] == PLAN]
    assert len(prog) == 1
    row = prog.iloc[0]
    assert row["project_id"] == "safety_refresh"
    assert row["sector_id"] == "safety"
    # 8월부터 11월까지 4개월간
    assert row["period_start_month"] == 8
    assert row["period_end_month"] == 11
    assert row["duration_months"] == 4
    assert row["national_funding_krw"] == 376 * EOK
    assert row["workers_announced"] == 9 * 1000 + 300
    assert bool(row["workers_announced_approx"])
    assert row["workers_by_field_sum"] == 700 + 900 + 300 + 1700 + 180 + 5300


def test_project_budgets(built: dict[str, pd.DataFrame]) -> None:
    projects = _by(built["projects"], "project_id")
    # "2021년까지 390억원" for The G&B City (p9); "2022년까지 4억원" for the culture brand (p13)
    assert projects.loc["green_gnb_city", "budget_krw"] == 390 * EOK
    assert projects.loc["green_gnb_city", "period_end_year"] == 2021
    assert projects.loc["culture_citizen_resources", "budget_krw"] == 4 * EOK
    assert projects.loc["culture_citizen_resources", "period_end_year"] == 2022
    others = projects.drop(index=["green_gnb_city", "culture_citizen_resources"])
    assert others["budget_krw"].isna().all()
    assert others["period_end_year"].isna().all()
    assert str(projects["budget_krw"].dtype) == "Int64"


def test_task_budgets_as_their_quotes_state(built: dict[str, pd.DataFrame]) -> None:
    """Every stated sub-task of every plan, with the budget its quote gives (parsed here)."""
    tasks = built["tasks"]
    checked = 0
    for plan in PLANS:
        path = raw_path(RAW_DIR, "tasks", plan)
        if not path.exists():
            assert (tasks["plan_id"] != plan).all()
            continue
        budgets = {
            r["scope"]: _won(r["value_raw"])
            for r in _read("figures", plan)
            if r["measure"] == "total_budget" and r.get("preferred", "") in ("", "true")
        }
        mine = _by(tasks, "task_id", plan)
        raw = _read("tasks", plan)
        assert list(mine.index) == [r["task_id"] for r in raw]
        for r in raw:
            got = mine.loc[r["task_id"], "total_budget_krw"]
            if r["task_id"] in budgets:
                assert got == budgets[r["task_id"]], (plan, r["task_id"])
                checked += 1
            else:
                assert pd.isna(got), (plan, r["task_id"])
    assert checked > 0


# ---------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------


def _english(kind: str, plan: str = PLAN) -> dict[str, str]:
    return {r["id"]: r["name_en"] for r in _read("translations_en", plan) if r["kind"] == kind}


@pytest.mark.parametrize("plan", PLANS)
def test_every_sector_has_ko_and_en_labels(built: dict[str, pd.DataFrame], plan: str) -> None:
    sectors = _by(built["sectors"], "sector_id", plan)
    english = _english("sector", plan)
    names = {r["sector_id"]: r["sector_name_ko"] for r in _read("sectors", plan)}
    assert dict(sectors["sector_ko"]) == names
    for sector in names:
        assert sectors.loc[sector, "sector_en"] == english[sector]
        assert sectors.loc[sector, "sector_en"].strip()


def test_uijeongbu_sector_names_as_written(built: dict[str, pd.DataFrame]) -> None:
    assert dict(_by(built["sectors"], "sector_id")["sector_ko"]) == SECTOR_KO


def test_every_project_has_ko_and_en_labels(built: dict[str, pd.DataFrame]) -> None:
    projects = built["projects"]
    checked = 0
    for plan in PLANS:
        if not raw_path(RAW_DIR, "projects", plan).exists():
            assert (projects["plan_id"] != plan).all()
            continue
        mine = projects[projects["plan_id"] == plan]
        raw_ids = [row["project_id"] for row in _read("projects", plan)]
        assert list(mine["project_id"]) == raw_ids
        english = _english("project", plan)
        sector_ko = {r["sector_id"]: r["sector_name_ko"] for r in _read("sectors", plan)}
        for _, row in mine.iterrows():
            pid = row["project_id"]
            assert row["name_ko"].strip(), pid
            assert row["name_en"] == english[pid], pid
            assert row["name_en"].strip() and row["name_en"] != pid
            assert row["sector_ko"] == sector_ko[row["sector_id"]], pid
            assert row["sector_en"] == _english("sector", plan)[row["sector_id"]], pid
            checked += 1
    assert checked > 0


def test_every_field_has_ko_and_en_labels(built: dict[str, pd.DataFrame]) -> None:
    fields = built["refresh_workers_by_field"]
    fields = fields[fields["plan_id"] == PLAN]
    english = _english("field")
    assert set(fields["field_id"]) == set(english)
    for _, row in fields.iterrows():
        assert row["field_ko"].strip()
        assert row["field_en"] == english[row["field_id"]]
        assert row["field_en"].strip()


def test_programme_has_ko_and_en_labels(built: dict[str, pd.DataFrame]) -> None:
    prog = built["refresh_programme"]
    row = prog[prog["plan_id"] == PLAN].iloc[0]
    assert row["name_ko"] == "Refresh 의정부 뉴딜사업"
    assert row["name_en"] == _english("project")["safety_refresh"]


# ---------------------------------------------------------------------------
# The approximate flag (여, 이상)
# ---------------------------------------------------------------------------


def test_approx_exactly_for_9300_workers(built: dict[str, pd.DataFrame], source_lines) -> None:
    # the only 여 ("some") figure of the Uijeongbu announcement
    assert "9천300여명" in source_lines[16 - 1]
    figures = built["figures"]
    assert figures["approx"].dtype == bool
    mine = figures[figures["plan_id"] == PLAN]
    assert mine.loc[mine["approx"], "value_raw"].tolist() == ["9천300여명"]
    assert not built["refresh_workers_by_field"]["workers_approx"].any()
    assert not built["reference_figures"]["approx"].any()
    assert built["refresh_programme"]["workers_announced_approx"].tolist() == [True]
    sectors = built["sectors"]
    assert not sectors.loc[sectors["plan_id"] == PLAN, "jobs_approx"].fillna(False).any()
    assert not built["projects"]["budget_approx"].fillna(False).any()


def test_approx_where_the_text_says_some_or_at_least(built: dict[str, pd.DataFrame]) -> None:
    """In every plan a figure is approximate exactly when written with 여 or 이상."""
    figures = built["figures"]
    written = figures["value_raw"].map(lambda text: bool(re.search(r"여|이상", text)))
    assert written.sum() >= 2
    assert figures["approx"].tolist() == written.tolist()
    qualifier = [
        "이상" if "이상" in text else "여" if "여" in text else "" for text in figures["value_raw"]
    ]
    assert figures["qualifier"].tolist() == qualifier


# ---------------------------------------------------------------------------
# Data dictionary (from the contracts)
# ---------------------------------------------------------------------------


def test_every_processed_table_has_its_contract(built: dict[str, pd.DataFrame]) -> None:
    assert set(built) == set(PROCESSED_SCHEMAS)
    for table, frame in built.items():
        schema = PROCESSED_SCHEMAS[table]
        assert list(frame.columns) == list(schema.columns), table
        assert (schema.description or "").strip(), f"no description of a row of {table}"


def test_contract_entries_are_filled_in() -> None:
    for table, schema in PROCESSED_SCHEMAS.items():
        for column, spec in schema.columns.items():
            key = (table, column)
            assert (spec.description or "").strip(), key
            assert isinstance(spec.metadata["unit"], str), key
            assert spec.metadata["derivation"].strip(), key
            # money columns say they are money
            if column.endswith("_krw"):
                assert spec.metadata["unit"] == "KRW", key
            if column.endswith("_eok"):
                assert spec.metadata["unit"] == "억원", key


def test_data_dictionary_table(built: dict[str, pd.DataFrame]) -> None:
    dictionary = data_dictionary(built)
    processed = dictionary[dictionary["layer"] == "processed"]
    raw = dictionary[dictionary["layer"] == "raw"]
    assert len(processed) == sum(len(frame.columns) for frame in built.values())
    assert len(raw) == sum(len(schema.columns) for schema in RAW_SCHEMAS.values())
    assert set(dictionary["layer"]) == {"processed", "raw"}
    assert not dictionary.duplicated(["layer", "table", "column"]).any()
    for table, frame in built.items():
        listed = processed.loc[processed["table"] == table]
        assert listed["column"].tolist() == list(frame.columns)
        assert listed["dtype"].tolist() == [str(frame[c].dtype) for c in frame.columns]
    # raw tables are named by their file under data/raw
    assert "plans/<plan_id>/figures.csv" in set(raw["table"])
    assert "reference/national_figures.csv" in set(raw["table"])


def test_data_dictionary_rejects_an_undescribed_column(built: dict[str, pd.DataFrame]) -> None:
    tables = {"sectors": built["sectors"].assign(mystery=1)}
    with pytest.raises(KeyError, match=r"sectors\.mystery"):
        data_dictionary(tables)


def test_integer_columns_are_integers(built: dict[str, pd.DataFrame]) -> None:
    """Counts, years, months and paragraphs are integers in every table, never floats."""
    int_like = (
        "count",
        "year",
        "month",
        "months",
        "paragraph",
        "jobs",
        "workers",
        "workers_announced",
        "workers_by_field_sum",
        "group_order",
    )
    for name, frame in built.items():
        for column in frame.columns:
            if column.endswith(int_like) and not column.startswith("share_"):
                assert ptypes.is_integer_dtype(frame[column]), f"{name}.{column}"
