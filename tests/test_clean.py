"""Processed tables (:func:`analysis.data.clean.build_processed`): exact integer amounts,
budgets as the announcement states them, shares, labels, the approximate flag, and the
data dictionary.

Every expected number is worked out here from the Korean text (e.g. ``98억원`` is
``98 * 10**8`` won, ``9천348개`` is ``9 * 1000 + 348`` jobs), never copied from the code.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from pandas.api import types as ptypes

from analysis.data.dictionary import COLUMNS, TABLES, data_dictionary

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
EOK = 10**8  # 억
JO = 10**12  # 조
MAN = 10**4  # 만
PLAN = "uijeongbu_snd_2020"

#: sector -> (paragraph, 총사업비, 시비) as written, and worked out by hand.
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


def _read(name: str) -> list[dict[str, str]]:
    with (RAW / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _by(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    assert frame[column].is_unique
    return frame.set_index(column)


def _is_int(series: pd.Series) -> bool:
    return str(series.dtype) in {"int64", "Int64"}


# ---------------------------------------------------------------------------
# Exact integers
# ---------------------------------------------------------------------------


def test_hand_figures_match_the_text(source_lines: list[str]) -> None:
    for sector, (number, words, total, city) in SECTOR_TEXT.items():
        assert words in source_lines[number - 1], sector
        # the hand values and the words agree: "총사업비 N억원(시비 M억원)"
        assert words == f"총사업비 {total // EOK}억원(시비 {city // EOK}억원)"
    assert "총사업비 1천475억원" in source_lines[2 - 1]


def test_figure_values_are_exact(built: dict[str, pd.DataFrame]) -> None:
    figures = _by(built["figures"], "figure_id")
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
        ("sectors", "total_budget_krw"),
        ("sectors", "city_budget_krw"),
        ("sectors", "non_city_budget_krw"),
        ("sectors", "jobs"),
        ("projects", "budget_krw"),
        ("refresh_programme", "national_funding_krw"),
        ("refresh_programme", "workers_announced"),
        ("refresh_programme", "workers_by_field_sum"),
        ("refresh_workers_by_field", "workers"),
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
    """Every column in KRW (name ending _krw, or value/stated in KRW) is an integer."""
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


# ---------------------------------------------------------------------------
# Sectors
# ---------------------------------------------------------------------------


def test_sector_budgets(built: dict[str, pd.DataFrame]) -> None:
    sectors = _by(built["sectors"], "sector_id")
    assert set(sectors.index) == set(SECTOR_TEXT)
    for sector, (_, _, total, city) in SECTOR_TEXT.items():
        row = sectors.loc[sector]
        assert row["total_budget_krw"] == total, sector
        assert row["city_budget_krw"] == city, sector
        assert row["non_city_budget_krw"] == total - city, sector
        assert row["total_budget_eok"] == total / EOK
        assert row["city_budget_eok"] == city / EOK
        assert row["non_city_budget_eok"] == (total - city) / EOK
    # by hand: 98-80, 840-580, 86-70, 451-64 (억원)
    assert list(sectors.loc[list(SECTOR_TEXT), "non_city_budget_krw"]) == [
        18 * EOK,
        260 * EOK,
        16 * EOK,
        387 * EOK,
    ]


def test_non_city_is_total_minus_city(built: dict[str, pd.DataFrame]) -> None:
    s = built["sectors"]
    assert (s["non_city_budget_krw"] == s["total_budget_krw"] - s["city_budget_krw"]).all()
    assert (s["non_city_budget_krw"] >= 0).all()


def test_sector_budgets_add_up_to_the_plan_total(built: dict[str, pd.DataFrame]) -> None:
    assert (98 + 840 + 86 + 451) * EOK == PLAN_TOTAL
    assert int(built["sectors"]["total_budget_krw"].sum()) == PLAN_TOTAL


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
    city_total = (80 + 580 + 70 + 64) * EOK  # 794억원, not stated in the text
    non_city_total = (18 + 260 + 16 + 387) * EOK  # 681억원
    for sector, (_, _, total, city) in SECTOR_TEXT.items():
        row = sectors.loc[sector]
        assert row["city_share_of_sector"] == pytest.approx(city / total, abs=1e-6)
        assert row["non_city_share_of_sector"] == pytest.approx((total - city) / total, abs=1e-6)
        assert row["share_of_plan_budget"] == pytest.approx(total / PLAN_TOTAL, abs=1e-6)
        assert row["share_of_plan_city_budget"] == pytest.approx(city / city_total, abs=1e-6)
        assert row["share_of_plan_non_city_budget"] == pytest.approx(
            (total - city) / non_city_total, abs=1e-6
        )
    # e.g. digital: 98 / 1475 of the plan
    assert sectors.loc["digital", "share_of_plan_budget"] == pytest.approx(98 / 1475, abs=1e-6)


@pytest.mark.parametrize(
    "column", ["share_of_plan_budget", "share_of_plan_city_budget", "share_of_plan_non_city_budget"]
)
def test_shares_sum_to_one_per_plan(built: dict[str, pd.DataFrame], column: str) -> None:
    sums = built["sectors"].groupby("plan_id")[column].sum()
    assert list(sums.index) == [PLAN]
    for total in sums:
        assert total == pytest.approx(1.0, abs=1e-5)


def test_city_and_non_city_shares_sum_to_one(built: dict[str, pd.DataFrame]) -> None:
    s = built["sectors"]
    both = s["city_share_of_sector"] + s["non_city_share_of_sector"]
    assert both.tolist() == pytest.approx([1.0] * len(s), abs=1e-5)


def test_refresh_field_shares(built: dict[str, pd.DataFrame]) -> None:
    w = built["refresh_workers_by_field"]
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


# ---------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------


def _english(kind: str) -> dict[str, str]:
    return {row["id"]: row["name_en"] for row in _read("translations_en") if row["kind"] == kind}


def test_every_sector_has_ko_and_en_labels(built: dict[str, pd.DataFrame]) -> None:
    sectors = _by(built["sectors"], "sector_id")
    english = _english("sector")
    assert dict(sectors["sector_ko"]) == SECTOR_KO
    for sector in SECTOR_KO:
        assert sectors.loc[sector, "sector_en"] == english[sector]
        assert sectors.loc[sector, "sector_en"].strip()


def test_every_project_has_ko_and_en_labels(built: dict[str, pd.DataFrame]) -> None:
    projects = built["projects"]
    raw_ids = [row["project_id"] for row in _read("projects")]
    assert list(projects["project_id"]) == raw_ids
    english = _english("project")
    for _, row in projects.iterrows():
        pid = row["project_id"]
        assert row["name_ko"].strip(), pid
        assert row["name_en"] == english[pid], pid
        assert row["name_en"].strip() and row["name_en"] != pid
        assert row["sector_ko"] == SECTOR_KO[row["sector_id"]], pid
        assert row["sector_en"] == _english("sector")[row["sector_id"]], pid


def test_every_field_has_ko_and_en_labels(built: dict[str, pd.DataFrame]) -> None:
    fields = built["refresh_workers_by_field"]
    english = _english("field")
    assert set(fields["field_id"]) == set(english)
    for _, row in fields.iterrows():
        assert row["field_ko"].strip()
        assert row["field_en"] == english[row["field_id"]]
        assert row["field_en"].strip()


def test_programme_has_ko_and_en_labels(built: dict[str, pd.DataFrame]) -> None:
    row = built["refresh_programme"].iloc[0]
    assert row["name_ko"] == "Refresh 의정부 뉴딜사업"
    assert row["name_en"] == _english("project")["safety_refresh"]


# ---------------------------------------------------------------------------
# The approximate flag (여)
# ---------------------------------------------------------------------------


def test_approx_exactly_for_9300_workers(built: dict[str, pd.DataFrame], source_lines) -> None:
    # the only 여 ("some") figure of the text
    assert "9천300여명" in source_lines[16 - 1]
    figures = built["figures"]
    assert figures["approx"].dtype == bool
    approx = figures.loc[figures["approx"], "value_raw"].tolist()
    assert approx == ["9천300여명"]
    assert not built["refresh_workers_by_field"]["workers_approx"].any()
    assert not built["reference_figures"]["approx"].any()
    assert built["refresh_programme"]["workers_announced_approx"].tolist() == [True]
    assert not built["sectors"]["jobs_approx"].fillna(False).any()
    assert not built["projects"]["budget_approx"].fillna(False).any()


# ---------------------------------------------------------------------------
# Data dictionary
# ---------------------------------------------------------------------------


def test_dictionary_describes_every_processed_column(built: dict[str, pd.DataFrame]) -> None:
    undescribed = [
        (table, column)
        for table, frame in built.items()
        for column in frame.columns
        if (table, column) not in COLUMNS
    ]
    assert undescribed == []
    for table in built:
        assert TABLES.get(table, "").strip(), f"no description of a row of {table}"


def test_dictionary_describes_no_missing_column(built: dict[str, pd.DataFrame]) -> None:
    stale = [
        (table, column)
        for table, column in COLUMNS
        if table not in built or column not in built[table].columns
    ]
    assert stale == []
    assert set(TABLES) == set(built)


def test_dictionary_entries_are_filled_in() -> None:
    for key, (unit, description, derivation) in COLUMNS.items():
        assert isinstance(unit, str), key
        assert description.strip(), key
        assert derivation.strip(), key
    # money columns say they are money
    for (table, column), (unit, _, _) in COLUMNS.items():
        if column.endswith("_krw"):
            assert unit == "KRW", (table, column)
        if column.endswith("_eok"):
            assert unit == "억원", (table, column)


def test_data_dictionary_table(built: dict[str, pd.DataFrame]) -> None:
    dictionary = data_dictionary(built)
    expected_rows = sum(len(frame.columns) for frame in built.values())
    assert len(dictionary) == expected_rows
    assert not dictionary.duplicated(["table", "column"]).any()
    for table, frame in built.items():
        listed = dictionary.loc[dictionary["table"] == table]
        assert listed["column"].tolist() == list(frame.columns)
        assert listed["dtype"].tolist() == [str(frame[c].dtype) for c in frame.columns]


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
