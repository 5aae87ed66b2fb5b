"""The audit (:func:`analysis.data.audit.audit_tables`): does the announcement add up?

Each expectation is computed here, by hand, from the Korean text of the announcement
(the arithmetic is written out), then compared with the audit row.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import raw_path

from analysis.data.audit import AUDIT_COLUMNS, VERDICTS, audit_tables
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
    source = raw_copy / "plans" / PLAN / "sources" / "uijeongbu_announcement.txt"
    text = source.read_text(encoding="utf-8")
    assert text.count("총사업비 98억원") == 1
    source.write_text(text.replace("총사업비 98억원", "총사업비 99억원"), encoding="utf-8")
    edit_csv_row(
        raw_path(raw_copy, "figures", PLAN),
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


# ---------------------------------------------------------------------------
# Any plan: small processed tables built here from the quotes of the news reports
# (/work/plans-draft), every value computed by hand from its quote
# ---------------------------------------------------------------------------


def _fig(scope, measure, value, raw, *, source="s1", paragraph=1, preferred=True, **extra):
    unit = "KRW" if raw.rstrip().endswith("원") or "억" in raw else "items"
    return {
        "figure_id": f"{scope}_{measure}_{source}_{paragraph}",
        "scope": scope,
        "measure": measure,
        "value": value,
        "unit": unit,
        "approx": "여" in raw or "이상" in raw,
        "value_raw": raw,
        "source_paragraph": paragraph,
        "source_quote": raw,
        "preferred": preferred,
        "preferred_reason": "chosen in the test" if preferred else "",
        "source_id": source,
        **extra,
    }


def _tables(plan: str, figures: list[dict], sectors: list[str], **plan_columns) -> dict:
    """Processed tables of one plan: its figures and sector ids, nothing else."""
    return {
        "plans": pd.DataFrame([{"plan_id": plan, **plan_columns}]),
        "figures": pd.DataFrame([{"plan_id": plan, **f} for f in figures]),
        "sectors": pd.DataFrame({"plan_id": plan, "sector_id": sectors, "sector_name_ko": sectors}),
    }


def _only(audit: pd.DataFrame, check_id: str) -> pd.Series:
    return _row(audit, check_id)


def test_chungnam_sectors_add_exactly() -> None:
    # 디지털 "8,464억원" + 그린 "2조9696억 원" + 안전망 "9662억 원" vs "4조7,822억원"
    digital, green, safety = 8464 * EOK, (2 * 10000 + 9696) * EOK, 9662 * EOK
    total = (4 * 10000 + 7822) * EOK
    assert digital + green + safety == total
    figures = [
        _fig("plan", "total_budget", total, "4조7,822억원", source="sedaily"),
        _fig("plan", "jobs", 4 * MAN + 1881, "4만1,881개", source="sedaily"),
        _fig("digital", "total_budget", digital, "8,464억원", source="sedaily", paragraph=2),
        _fig("green", "total_budget", green, "2조9696억 원", source="dtnews"),
        _fig("safety_net", "total_budget", safety, "9662억 원", source="dtnews", paragraph=2),
        _fig("digital", "project_count", 37, "37개", source="sedaily", paragraph=2),
    ]
    audit = audit_tables(
        _tables("cn", figures, ["digital", "green", "safety_net"], projects_list_complete=False)
    )
    row = _only(audit, "cn:total_budget_vs_sectors")
    _assert(row, stated=total, derived=total, verdict="match")
    # two sources: paragraphs name them
    assert set(row["paragraphs"].split(";")) == {"sedaily:1", "sedaily:2", "dtnews:1", "dtnews:2"}
    # jobs stated only for the plan; no own funds anywhere; project list not complete
    assert _only(audit, "cn:jobs_vs_sectors")["verdict"] == "not_stated"
    assert _only(audit, "cn:own_funds_within_total")["verdict"] == "not_stated"
    assert _only(audit, "cn:project_counts")["verdict"] == "not_checked"
    assert not audit["check_id"].str.endswith(":project_count").any()


def test_gyeonggi_total_matches_at_stated_precision() -> None:
    # 데이터 "2,180억원" + 저탄소 "2조7,900억원" + 안전망 "2조 3750억원" = 5조3830억원
    # against "5조3800억원", written to the nearest 100억원: rounded, 5조3830억 is 5조3800억
    parts = {"data": 2180 * EOK, "low_carbon": (2 * 10000 + 7900) * EOK}
    parts["safety"] = (2 * 10000 + 3750) * EOK
    stated = (5 * 10000 + 3800) * EOK
    derived = sum(parts.values())
    assert derived == (5 * 10000 + 3830) * EOK
    assert round(derived / (100 * EOK)) * 100 * EOK == stated
    raws = {"data": "2,180억원", "low_carbon": "2조7,900억원", "safety": "2조 3750억원"}
    figures = [_fig("plan", "total_budget", stated, "5조3800억원")]
    figures += [_fig(s, "total_budget", v, raws[s]) for s, v in parts.items()]
    audit = audit_tables(_tables("gg", figures, list(parts)))
    row = _only(audit, "gg:total_budget_vs_sectors")
    _assert(row, stated=stated, derived=derived, verdict="match_at_stated_precision")
    assert row["difference"] == 30 * EOK
    assert "100억원" in row["note"] and "+30억원" in row["note"]


def test_precision_column_is_used_when_present() -> None:
    # the same sum against a total declared exact to the 억원: 30억 apart is a mismatch
    stated = (5 * 10000 + 3800) * EOK
    figures = [
        _fig("plan", "total_budget", stated, "5조3800억원", precision=EOK),
        _fig("a", "total_budget", 53000 * EOK, "5조3000억원", precision=EOK),
        _fig("b", "total_budget", 830 * EOK, "830억원", precision=EOK),
    ]
    row = _only(audit_tables(_tables("p", figures, ["a", "b"])), "p:total_budget_vs_sectors")
    _assert(row, stated=stated, derived=(53000 + 830) * EOK, verdict="mismatch")


@pytest.mark.parametrize(
    ("sector", "task_amounts", "sector_raw", "sector_total", "difference"),
    [
        # 214억 + 1504억 + 467억 = 2185억 vs "2,180억원" (to the 10억: 5억 = half a step)
        ("data", [214, 1504, 467], "2,180억원", 2180, 5),
        # 1조740억 + 1조107억 + 7058억 = 2조7905억 vs "2조7,900억원" (to the 100억)
        ("low_carbon", [10740, 10107, 7058], "2조7,900억원", 2 * 10000 + 7900, 5),
        # 1조 2361억 + 9070억 + 2321억 = 2조3752억 vs "2조 3750억원" (to the 10억)
        ("safety", [12361, 9070, 2321], "2조 3750억원", 2 * 10000 + 3750, 2),
    ],
)
def test_gyeonggi_tasks_vs_sector(sector, task_amounts, sector_raw, sector_total, difference):
    assert sum(task_amounts) - sector_total == difference
    tasks = [f"{sector}_{i}" for i in range(len(task_amounts))]
    figures = [_fig(sector, "total_budget", sector_total * EOK, sector_raw)]
    figures += [
        _fig(t, "total_budget", a * EOK, f"{a}억원")
        for t, a in zip(tasks, task_amounts, strict=True)
    ]
    tables = _tables("gg", figures, [sector])
    tables["tasks"] = pd.DataFrame({"plan_id": "gg", "task_id": tasks, "sector_id": sector})
    row = _only(audit_tables(tables), f"gg:{sector}:tasks_vs_sector")
    _assert(
        row,
        stated=sector_total * EOK,
        derived=sum(task_amounts) * EOK,
        verdict="match_at_stated_precision",
    )


def test_gyeonggi_jobs_own_funds_and_disagreeing_sources() -> None:
    total = (5 * 10000 + 3800) * EOK
    own = (1 * 10000 + 3000) * EOK  # 도비 1조3000억원
    # 6,990명 + 2만5,200여개 + 28만 4000개 vs 32만개 (to the 만): 316,190 rounds to 32만
    sector_jobs = {"data": 6990, "low_carbon": 2 * MAN + 5200, "safety": 28 * MAN + 4000}
    raws = {"data": "6,990명", "low_carbon": "2만5,200여개", "safety": "28만 4000개"}
    figures = [
        _fig("plan", "total_budget", total, "5조3800억원", source="mediapen"),
        _fig("plan", "total_budget", total, "5조3800억원", source="seoul", preferred=False),
        _fig(
            "plan",
            "total_budget",
            53880 * EOK,
            "5조3880억원",
            source="hankyung",
            paragraph=2,
            preferred=False,
        ),
        _fig("plan", "total_budget", 54000 * EOK, "5조4000억원", source="ket", preferred=False),
        _fig("plan", "own_funds", own, "1조3000억원", source="mediapen"),
        _fig("plan", "jobs", 32 * MAN, "32만개", source="hankookilbo"),
    ]
    figures += [_fig(s, "jobs", v, raws[s], source="hankookilbo") for s, v in sector_jobs.items()]
    audit = audit_tables(_tables("gg", figures, list(sector_jobs), own_funds_term_ko="도비"))

    jobs = _only(audit, "gg:jobs_vs_sectors")
    _assert(jobs, stated=320_000, derived=316_190, verdict="match_at_stated_precision")
    assert "lower bound" in jobs["note"]  # 2만5,200여개 is "a little over"
    own_row = _only(audit, "gg:own_funds_within_total")
    _assert(own_row, stated=total, derived=own, verdict="consistent")
    assert "도비" in own_row["subject"]

    sources = _only(audit, "gg:plan:total_budget:sources")
    assert sources["verdict"] == "sources_disagree"
    assert sources["stated"] == total
    note = sources["note"]
    # preferred first, then each other value with its source
    assert note.startswith("5조3800억원 (mediapen ¶1, seoul ¶1): preferred")
    # 5조4000억원 is written to the 1000억: 5조3800억 is within half a step of it
    assert "5조4000억원 (ket ¶1): agrees" in note and "nearest 1천억원" in note
    # 5조3880억원 is written to the 10억: 80억 apart
    assert "5조3880억원 (hankyung ¶2): differs by +80억원" in note
    # 도비 stated once: no row
    assert not audit["check_id"].str.contains("own_funds:sources").any()
    assert (sources["topic"], sources["entity"]) == ("figure_sources", "plan:total_budget")
    assert (own_row["topic"], jobs["topic"]) == ("plan_own_funds", "plan_jobs")

    # without 5조3880억원 every other statement allows the preferred 5조3800억원 at its own
    # precision (5조4000억원 to the nearest 1000억원): they agree, nothing disagrees
    agreeing = [f for f in figures if f["value_raw"] != "5조3880억원"]
    audit = audit_tables(_tables("gg", agreeing, list(sector_jobs), own_funds_term_ko="도비"))
    assert _only(audit, "gg:plan:total_budget:sources")["verdict"] == "sources_agree_at_precision"


@pytest.mark.parametrize(
    ("raw", "stated", "parts", "verdict"),
    [
        ("14만여", 14 * MAN, [100_000, 45_000], "consistent_lower_bound"),  # 145,000: a little over
        ("14만여", 14 * MAN, [100_000, 39_000], "below_lower_bound"),  # 139,000 < 14만
        ("14만여", 14 * MAN, [100_000, 60_000], "mismatch"),  # 160,000 is past 15만
        ("4만개 이상", 4 * MAN, [41_881], "consistent_lower_bound"),  # 이상 has no upper end
    ],
)
def test_lower_bound_wholes(raw, stated, parts, verdict) -> None:
    sectors = [f"s{i}" for i in range(len(parts))]
    figures = [_fig("plan", "jobs", stated, raw)]
    figures += [_fig(s, "jobs", v, f"{v:,}개") for s, v in zip(sectors, parts, strict=True)]
    row = _only(audit_tables(_tables("p", figures, sectors)), "p:jobs_vs_sectors")
    _assert(row, stated=stated, derived=sum(parts), verdict=verdict)


def test_total_smaller_than_a_sector_is_a_finding() -> None:
    # a total of "98억원" (to the 억) with sectors of "840억원" and "86억원": a finding, not a
    # crash; the sector alone is past 98억 + half an 억
    figures = [
        _fig("plan", "total_budget", 98 * EOK, "98억원"),
        _fig("a", "total_budget", 840 * EOK, "840억원"),
        _fig("b", "total_budget", 86 * EOK, "86억원"),
    ]
    row = _only(audit_tables(_tables("p", figures, ["a", "b"])), "p:total_budget_vs_sectors")
    _assert(row, stated=98 * EOK, derived=(840 + 86) * EOK, verdict="parts_exceed_whole")
    assert "a alone exceeds" in row["note"]


def test_incheon_parts_incomplete() -> None:
    # 디지털 1조8000억 + 그린 5조6000억 + 바이오 2조9000억 of 14조원; 휴먼 뉴딜 not stated
    stated_parts = (1 * 10000 + 8000) * EOK + (5 * 10000 + 6000) * EOK + (2 * 10000 + 9000) * EOK
    figures = [
        _fig("plan", "total_budget", 14 * JO, "14조원"),
        _fig("digital", "total_budget", (1 * 10000 + 8000) * EOK, "1조8000억원"),
        _fig("green", "total_budget", (5 * 10000 + 6000) * EOK, "5조6000억원"),
        _fig("bio", "total_budget", (2 * 10000 + 9000) * EOK, "2조9000억원"),
    ]
    audit = audit_tables(_tables("ic", figures, ["digital", "green", "bio", "human"]))
    row = _only(audit, "ic:total_budget_vs_sectors")
    _assert(row, stated=14 * JO, derived=stated_parts, verdict="parts_incomplete")
    assert f"{stated_parts / (14 * JO):.1%}" == "73.6%"
    assert "73.6%" in row["note"] and "human" in row["note"] and "3조7천억원" in row["note"]


def test_plan_stating_nothing_does_not_crash() -> None:
    # a plan with sectors but no figure at all, and no optional tables
    tables = _tables("p", [_fig("a", "project_count", 3, "3개")], ["a", "b"])
    tables["figures"] = tables["figures"].iloc[0:0]
    audit = audit_tables(tables)
    assert _only(audit, "p:total_budget_vs_sectors")["verdict"] == "not_stated"
    assert list(audit.columns) == AUDIT_COLUMNS


def test_uijeongbu_has_no_new_kind_of_row(built: dict[str, pd.DataFrame]) -> None:
    # one source, every list complete, every sum exact: none of the new verdicts apply
    new = {"sources_disagree", "not_stated", "not_checked", "parts_incomplete"}
    audit = built["audit"]
    mine = audit[audit["plan_id"] == PLAN]
    assert len(mine) > 0
    assert not mine["verdict"].isin(new).any()
    # the other plans, transcribed from several outlets, do reach them
    assert audit.loc[audit["plan_id"] != PLAN, "verdict"].isin(new).any()


# ---------------------------------------------------------------------------
# The reader's view of the audit
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_verdict_has_a_label(lang: str) -> None:
    from analysis.briefing.labels import text

    for verdict in VERDICTS:
        assert text(f"verdict_{verdict}", lang).strip(), verdict


def test_audit_view_keeps_the_plans_apart(built: dict[str, pd.DataFrame]) -> None:
    """With a second plan in the audit, the same key is ambiguous until plan_ids is given."""
    from analysis.briefing.audit_view import audit_overview
    from analysis.briefing.money import MoneyBasis
    from analysis.briefing.parameters import BriefingParameters

    other = built["audit"][built["audit"]["plan_id"] == PLAN].copy()
    other["plan_id"] = "other_plan"
    other["check_id"] = other["check_id"].str.replace(PLAN, "other_plan", regex=False)
    other.loc[other["check_id"] == "other_plan:project_count", "stated"] = 7
    audit = pd.concat([built["audit"], other], ignore_index=True)
    params = BriefingParameters.validated(
        {"price_year": built["cpi"]["year"].tolist()}, lang="en", unit="KRW", price_year=2020
    )
    basis = MoneyBasis.from_parameters(params, built["cpi"], built["exchange_rates"])
    with pytest.raises(ValueError, match="2 plans"):
        audit_overview(audit, basis, keys=["project_count"])
    mine = audit_overview(audit, basis, keys=["project_count"], plan_ids=[PLAN, NATIONAL])
    assert mine["stated_value"].tolist() == [42]  # 42개 사업, not the other plan's 7


def test_a_usd_page_writes_counts_whole_and_amounts_in_dollars(built) -> None:
    """The audit table of a USD briefing: the count of sectors (4개 분야, p2) reads 4, not
    4.00 as it did beside dollar amounts; the plan total (1,475억원, p2) reads in dollars at
    the 2020 average rate (1,180.02 KRW per USD), whole dollars as in every table."""
    from analysis.briefing.audit_view import audit_overview, figures_as_written
    from analysis.briefing.money import MoneyBasis
    from analysis.briefing.parameters import BriefingParameters

    params = BriefingParameters.validated(
        {"price_year": built["cpi"]["year"].tolist()}, lang="en", unit="USD", price_year=2020
    )
    basis = MoneyBasis.from_parameters(params, built["cpi"], built["exchange_rates"])
    checks = audit_overview(built["audit"], basis, plan_ids=[PLAN])
    shown = figures_as_written(checks).set_index("key")
    assert shown.loc["sector_count", ["stated", "found", "difference"]].tolist() == ["4", "4", "0"]
    total = shown[
        (shown["unit_id"] == "KRW") & (checks.set_index("key")["stated_value"] == 1475 * EOK)
    ]
    assert not total.empty
    usd = 1475 * EOK / 1180.02  # 124,997,881.4 USD
    assert set(total["stated"]) == {f"{usd:,.0f}"}
