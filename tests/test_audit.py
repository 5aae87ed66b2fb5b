"""The audit (:func:`analysis.data.audit.audit_tables`): does the announcement add up?

Each expectation is computed here, by hand, from the Korean text of the announcement
(the arithmetic is written out), then compared with the audit row.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.data.audit import AUDIT_COLUMNS, audit_tables
from analysis.data.clean import build_processed
from analysis.data.raw import load_raw
from analysis.data.schemas import validate_raw

EOK = 10**8
JO = 10**12
MAN = 10**4
PLAN = "uijeongbu_snd_2020"
NATIONAL = "kr_new_deal_2020"


def _row(audit: pd.DataFrame, check_id: str) -> pd.Series:
    rows = audit[audit["check_id"] == check_id]
    assert len(rows) == 1, f"{check_id}: {len(rows)} rows"
    return rows.iloc[0]


def _assert(row: pd.Series, *, stated, derived, verdict: str) -> None:
    assert (row["stated"], row["derived"], row["verdict"]) == (stated, derived, verdict)
    assert row["difference"] == derived - stated


def test_audit_columns_and_ids(built: dict[str, pd.DataFrame]) -> None:
    audit = built["audit"]
    assert list(audit.columns) == AUDIT_COLUMNS
    assert audit["check_id"].is_unique
    for col in ("stated", "derived", "difference"):
        assert str(audit[col].dtype) == "Int64"
    with_stated = audit[audit["stated"].notna()]
    assert (with_stated["difference"] == with_stated["derived"] - with_stated["stated"]).all()
    assert audit.loc[audit["stated"].isna(), "difference"].isna().all()


# ---------------------------------------------------------------------------
# Refresh 의정부: workers by field vs the announced 9천300여명
# ---------------------------------------------------------------------------


def test_refresh_workers_by_field(built: dict[str, pd.DataFrame], source_lines) -> None:
    # paragraph 17: 700명 생활방역, 900명 공원·녹지·산림, 300명 문화체육시설,
    # 1,700명 공공업무, 180명 청년지원, 5,300명 지역 특성화
    by_field = 700 + 900 + 300 + 1700 + 180 + 5300
    assert by_field == 9080
    # the same sum read off the text itself
    counts = re.findall(r"(\d[\d,]*)명", source_lines[17 - 1])
    assert sum(int(c.replace(",", "")) for c in counts) == by_field
    # paragraph 16: 9천300여명
    announced = 9 * 1000 + 300
    assert "9천300여명" in source_lines[16 - 1]

    row = _row(built["audit"], f"{PLAN}:safety_refresh:workers_by_field")
    _assert(row, stated=announced, derived=by_field, verdict="mismatch")
    assert row["difference"] == -220
    assert row["unit"] == "persons"
    assert row["stated_raw"] in {"9천300여명", "9,300여명"}
    assert set(row["paragraphs"].split(";")) == {"16", "17"}
    assert "220" in row["note"]


def test_refresh_duration(built: dict[str, pd.DataFrame]) -> None:
    # 8월부터 11월까지 4개월간: August, September, October, November
    months = 11 - 8 + 1
    row = _row(built["audit"], f"{PLAN}:safety_refresh:duration")
    _assert(row, stated=4, derived=months, verdict="match")


def test_refresh_national_funding_within_non_city(built: dict[str, pd.DataFrame]) -> None:
    # 국비 376억원 vs the safety sector's non-city funding 451억원 - 64억원 = 387억원
    row = _row(built["audit"], f"{PLAN}:safety_refresh:national_funding_within_non_city")
    _assert(row, stated=(451 - 64) * EOK, derived=376 * EOK, verdict="consistent")
    assert row["difference"] == -11 * EOK


def test_refresh_workers_within_sector_jobs(built: dict[str, pd.DataFrame]) -> None:
    row = _row(built["audit"], f"{PLAN}:safety_refresh:workers_within_sector_jobs")
    _assert(row, stated=9 * 1000 + 348, derived=9 * 1000 + 300, verdict="consistent")


# ---------------------------------------------------------------------------
# Budgets
# ---------------------------------------------------------------------------


def test_sector_budgets_add_up(built: dict[str, pd.DataFrame]) -> None:
    # 디지털 98억원 + 그린 840억원 + 문화 86억원 + 안심 451억원 vs 총사업비 1천475억원
    sectors = (98 + 840 + 86 + 451) * EOK
    stated = (1 * 1000 + 475) * EOK
    assert sectors == stated
    row = _row(built["audit"], f"{PLAN}:total_budget_vs_sectors")
    _assert(row, stated=stated, derived=sectors, verdict="match")
    assert row["difference"] == 0
    assert row["stated_raw"] == "1천475억원"
    assert row["unit"] == "KRW"
    assert set(row["paragraphs"].split(";")) == {"2", "3", "9", "12", "15"}


def test_city_budget_total_is_derived(built: dict[str, pd.DataFrame]) -> None:
    # 시비 80억원 + 580억원 + 70억원 + 64억원; the text states no plan-level 시비
    row = _row(built["audit"], f"{PLAN}:city_budget_total")
    assert row["derived"] == (80 + 580 + 70 + 64) * EOK
    assert pd.isna(row["stated"]) and pd.isna(row["difference"])
    assert row["verdict"] == "derived"


@pytest.mark.parametrize(
    ("sector", "total", "city"),
    [("digital", 98, 80), ("green", 840, 580), ("culture", 86, 70), ("safety", 451, 64)],
)
def test_city_within_total(built: dict[str, pd.DataFrame], sector: str, total: int, city: int):
    row = _row(built["audit"], f"{PLAN}:{sector}:city_within_total")
    _assert(row, stated=total * EOK, derived=city * EOK, verdict="consistent")


def test_project_budgets_within_sector(built: dict[str, pd.DataFrame]) -> None:
    # The G&B City: 390억원 within 그린뉴딜 840억원; culture brand: 4억원 within 86억원
    audit = built["audit"]
    _assert(
        _row(audit, f"{PLAN}:green_gnb_city:budget_within_sector"),
        stated=840 * EOK,
        derived=390 * EOK,
        verdict="consistent",
    )
    _assert(
        _row(audit, f"{PLAN}:culture_citizen_resources:budget_within_sector"),
        stated=86 * EOK,
        derived=4 * EOK,
        verdict="consistent",
    )


# ---------------------------------------------------------------------------
# Jobs
# ---------------------------------------------------------------------------


def test_jobs_split(built: dict[str, pd.DataFrame], source_lines) -> None:
    # paragraph 2: 9천897개의 일자리; paragraph 15: 안심뉴딜 일자리 9천348개
    plan_jobs = 9 * 1000 + 897
    safety_jobs = 9 * 1000 + 348
    assert "9천897개의 일자리" in source_lines[2 - 1]
    assert "일자리 9천348개" in source_lines[15 - 1]
    audit = built["audit"]
    row = _row(audit, f"{PLAN}:jobs_sectors_within_plan")
    _assert(row, stated=plan_jobs, derived=safety_jobs, verdict="consistent")
    other = _row(audit, f"{PLAN}:jobs_other_sectors")
    assert other["derived"] == plan_jobs - safety_jobs == 549
    assert other["verdict"] == "derived"
    assert pd.isna(other["stated"])
    # the three other sectors are named
    for name in ("디지털뉴딜", "그린뉴딜", "문화뉴딜"):
        assert name in other["subject"]
    assert "안심뉴딜" not in other["subject"]


# ---------------------------------------------------------------------------
# Stated counts vs what the text names
# ---------------------------------------------------------------------------

#: The projects the announcement names, by sector, read off the text (independently of
#: projects.csv). A project named twice counts once; the four parts of The G&B City
#: (시민참여형 녹화사업, 푸른도시 조성사업, 도시미관 개선사업, 권역별 맞춤형 그린사업,
#: paragraph 9) are components of a named project and are not counted.
NAMED_PROJECTS = {
    "digital": [
        # paragraph 4 (the list ends in 등 8개 과제와 16개 사업)
        (4, "공공데이터 전면 개방"),
        (4, "빅데이터 플랫폼 구축"),
        (4, "비대면 교육환경 구축"),
        (4, "지능형 교통체계 수립"),
        (4, "드론을 활용한 가상현실 기반의 지도서비스"),
        (4, "HAPPY-HUB 스마트시티 구축"),  # singled out again in paragraph 5
        (4, "공영주차장 비대면 스마트 서비스"),
        (4, "사물인터넷 스마트 통행로"),
        (4, "공공와이파이 사업"),
        (4, "스마트 물류단지 조성"),  # described again in paragraph 7
        # paragraph 6: the ministry contest it won
        (6, "스마트시티 통합플랫폼 공모사업"),
        # paragraph 7: additional contests won (총 4건, three named)
        (7, "스마트 안전 존 확산 사업"),
        (7, "어린이 교통안전 취약지역 빅데이터 분석"),
        (7, "스마트 사물인터넷 보행로 확산사업"),
    ],
    "green": [
        # paragraph 10 (첫째 / 둘째); The G&B City is also paragraph 9
        (10, "가로수 DB구축 및 쾌적한 보행환경 조성"),
        (10, "도심 속 걷고 싶은 가로숲길 조성"),
        (10, "The G&B City 프로젝트 추진"),
        (10, "건강하고 아름다운 소풍길 가꾸기 사업"),
        (10, "공공체육시설 에너지 제로화 추진"),
        (10, "신재생에너지 민간보조금 지원사업"),
        (10, "그린모빌리티 보급 확대"),
    ],
    "culture": [
        # paragraph 12; the first is the brand project of paragraph 13
        (12, "시민참여형 문화자원을 발굴"),
        (12, "아카이빙 사업"),
        (12, "무인 스마트 공공도서관 확충"),
        (12, "스마트러닝 프로그램 개발"),
        (12, "미술전문 문화자원 콘텐츠 구축"),
        (12, "차세대 스마트 운영시스템을 구축"),  # smart sports venues
    ],
    "safety": [
        # paragraph 15 (첫째 / 둘째 / 시민 디지털 역량센터)
        (15, "Refresh 의정부 뉴딜사업"),
        (15, "생애맞춤형 취업지원 사업"),
        (15, "응급안전알림 서비스 운영"),
        (15, "어린이집 특별활동 온라인 강사 양성"),
        (15, "여성 안심 무인택배보관함 운영 사업"),
        (15, "스마트 클린 안전 존 구축"),
        (15, "호흡기전담클리닉 설치"),
        (15, "무선원격 검침 확대 설치사업"),
        (15, "시민 디지털 역량센터"),
    ],
}
#: 14 + 7 + 6 + 9
NAMED_COUNT = 36


def test_named_project_list_is_from_the_text(source_lines: list[str]) -> None:
    for sector, names in NAMED_PROJECTS.items():
        for number, words in names:
            assert words in source_lines[number - 1], (sector, number, words)
    assert sum(len(v) for v in NAMED_PROJECTS.values()) == 14 + 7 + 6 + 9 == NAMED_COUNT
    assert "42개 사업" in source_lines[2 - 1]


def test_plan_project_count(built: dict[str, pd.DataFrame]) -> None:
    stated = 42  # 4개 분야 42개 사업 (paragraph 2)
    row = _row(built["audit"], f"{PLAN}:project_count")
    _assert(row, stated=stated, derived=NAMED_COUNT, verdict="fewer_named")
    assert row["difference"] == 36 - 42


def test_digital_project_and_task_counts(built: dict[str, pd.DataFrame]) -> None:
    audit = built["audit"]
    # 16개 사업 stated; 14 named in the digital paragraphs 4, 6, 7
    row = _row(audit, f"{PLAN}:digital:project_count")
    _assert(row, stated=16, derived=len(NAMED_PROJECTS["digital"]), verdict="fewer_named")
    # 8개 과제 stated; the sentence of paragraph 4 lists 10 items
    listed = sum(1 for number, _ in NAMED_PROJECTS["digital"] if number == 4)
    assert listed == 10
    _assert(_row(audit, f"{PLAN}:digital:task_count"), stated=8, derived=10, verdict="more_named")


def test_additional_contest_selections(built: dict[str, pd.DataFrame], source_lines) -> None:
    # paragraph 7: "... 스마트 안전 존 확산 사업, ... 빅데이터 분석, ... 보행로 확산사업 등
    # 총 4건이 선정" - three named before 등
    paragraph = source_lines[7 - 1]
    assert "총 4건이 선정" in paragraph
    named = [words for number, words in NAMED_PROJECTS["digital"] if number == 7]
    assert len(named) == 3
    before = paragraph.split("총 4건")[0]
    assert all(words in before for words in named)
    row = _row(built["audit"], f"{PLAN}:digital:additional_contest_selections")
    _assert(row, stated=4, derived=3, verdict="fewer_named")
    assert row["difference"] == -1
    assert row["stated_raw"] == "4건"


def test_brand_projects(built: dict[str, pd.DataFrame], source_lines) -> None:
    # paragraph 18: "4개 분야별 브랜드사업"; the text names a 대표 브랜드 사업 only for
    # 문화뉴딜 (paragraph 13) and 안심뉴딜 (paragraph 16)
    assert "4개 분야별 브랜드사업" in source_lines[18 - 1]
    brand_sentences = [
        (number, line)
        for number, line in enumerate(source_lines, start=1)
        if re.search(r"대표 브랜드\s?사업은", line)
    ]
    assert [n for n, _ in brand_sentences] == [13, 16]
    assert "문화뉴딜 대표 브랜드사업은 시민 참여형 문화자원 발굴사업" in source_lines[13 - 1]
    assert "안심뉴딜의 대표 브랜드 사업은 Refresh 의정부 뉴딜사업" in source_lines[16 - 1]
    row = _row(built["audit"], f"{PLAN}:brand_projects")
    _assert(row, stated=4, derived=len(brand_sentences), verdict="fewer_named")
    assert row["difference"] == -2


def test_sector_count(built: dict[str, pd.DataFrame]) -> None:
    # 4개 분야: 디지털뉴딜 (p3), 그린뉴딜 (p8), 문화뉴딜 (p11), 안심뉴딜 (p14)
    row = _row(built["audit"], f"{PLAN}:sector_count")
    _assert(row, stated=4, derived=4, verdict="match")


# ---------------------------------------------------------------------------
# National reference figures (한국판 뉴딜, to 2025)
# ---------------------------------------------------------------------------


def test_national_total_cost_is_sum_of_pillars(built: dict[str, pd.DataFrame]) -> None:
    # 디지털 58.2조원 + 그린 73.4조원 + 안전망 28.4조원 = 160조원 (in 0.1조 = 10**11 won)
    pillars = (582 + 734 + 284) * JO // 10
    assert pillars == 160 * JO
    row = _row(built["audit"], f"{NATIONAL}:2025:total_cost_vs_pillars")
    _assert(row, stated=160 * JO, derived=pillars, verdict="match")


def test_national_treasury_sum_holds_only_by_construction(built: dict[str, pd.DataFrame]) -> None:
    # 국비 44.8 + 42.7 + 26.6 = 114.1조원, but 26.6 is itself 114.1 - 44.8 - 42.7 (no source
    # prints it as 국비: reference README), so the sum proves nothing and must not say "match"
    pillars = (448 + 427 + 266) * JO // 10
    assert pillars == 1141 * JO // 10
    assert (1141 - 448 - 427) == 266
    row = _row(built["audit"], f"{NATIONAL}:2025:national_treasury_vs_pillars")
    _assert(row, stated=1141 * JO // 10, derived=pillars, verdict="by_construction")
    assert "safety_net" in row["note"]


def test_national_jobs_is_sum_of_pillars(built: dict[str, pd.DataFrame]) -> None:
    # 90.3만 + 65.9만 + 33.9만 = 190.1만 jobs
    pillars = (903 + 659 + 339) * MAN // 10
    assert pillars == 1_901_000
    row = _row(built["audit"], f"{NATIONAL}:2025:jobs_vs_pillars")
    _assert(row, stated=1_901_000, derived=pillars, verdict="match")


def test_national_funding_sources(built: dict[str, pd.DataFrame]) -> None:
    # 국비 114.1 + 지방비 25.2 + 민간 20.7 = 160조원
    sources = (1141 + 252 + 207) * JO // 10
    assert sources == 160 * JO
    row = _row(built["audit"], f"{NATIONAL}:2025:funding_sources")
    _assert(row, stated=160 * JO, derived=sources, verdict="match")


def test_no_pillar_check_without_three_pillars(built: dict[str, pd.DataFrame]) -> None:
    # by 2022 only the digital pillar is given: there is nothing to add up
    ids = built["audit"]["check_id"]
    assert not ids.str.startswith(f"{NATIONAL}:2022:").any()


def test_verdict_counts(built: dict[str, pd.DataFrame]) -> None:
    """Only the Refresh field sum is a mismatch; no part exceeds its whole."""
    audit = built["audit"]
    assert audit.loc[audit["verdict"] == "mismatch", "check_id"].tolist() == [
        f"{PLAN}:safety_refresh:workers_by_field"
    ]
    assert not (audit["verdict"] == "inconsistent").any()


# ---------------------------------------------------------------------------
# A mutated raw table changes the audit
# ---------------------------------------------------------------------------


def test_changed_digital_budget_gives_mismatch(raw_copy: Path, edit_csv_row) -> None:
    """디지털뉴딜 총사업비 98억원 -> 99억원 (quote, value and source copy all edited,
    so provenance stays valid): the plan total no longer adds up, by +1억원."""
    source = raw_copy / "source" / "uijeongbu_smart_new_deal_2020_ko.txt"
    text = source.read_text(encoding="utf-8")
    assert text.count("총사업비 98억원") == 1
    source.write_text(text.replace("총사업비 98억원", "총사업비 99억원"), encoding="utf-8")
    edit_csv_row(
        raw_copy / "figures.csv",
        {"figure_id": "digital_total_budget"},
        value_raw="99억원",
        source_quote="총사업비 99억원(시비 80억원)",
    )
    raw = load_raw(raw_copy)
    validate_raw(raw)
    tables = build_processed(raw)
    audit = audit_tables(tables)
    row = _row(audit, f"{PLAN}:total_budget_vs_sectors")
    sectors = (99 + 840 + 86 + 451) * EOK
    stated = (1 * 1000 + 475) * EOK
    _assert(row, stated=stated, derived=sectors, verdict="mismatch")
    assert row["difference"] == 10**8
    # the digital sector's own checks follow the new total
    _assert(
        _row(audit, f"{PLAN}:digital:city_within_total"),
        stated=99 * EOK,
        derived=80 * EOK,
        verdict="consistent",
    )
