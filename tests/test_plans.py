"""Plans as data (issue 11): every plan folder, quote-checked in its own sources; a new plan
added as a folder only; a province plan and a plan without a funding split refresh.

Plan-generic: the tests walk ``data/raw/plans/*`` and check each plan with code written
here, independently of the package (csv module, plain string search). Expected figures are
computed by hand from the quotes.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import RAW_DIR, UIJEONGBU

from analysis.__main__ import main
from analysis.data.korean_amounts import AmountParseError, parse_korean_amount
from analysis.data.load import load_processed
from analysis.data.refresh import refresh_processed

PLANS = sorted(p.name for p in (RAW_DIR / "plans").iterdir() if p.is_dir())
#: Plan tables whose rows quote a source, and the column naming what the quote must state.
QUOTED = {
    "sectors.csv": "sector_name_ko",
    "figures.csv": "value_raw",
    "tasks.csv": "task_name_ko",
    "projects.csv": None,
    "programme_workers.csv": "workers_raw",
}
EOK, JO, MAN = 10**8, 10**12, 10**4


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(path: Path, header: list[str], body: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(body)


def test_every_plan_folder_is_found() -> None:
    assert {"uijeongbu_snd_2020", "incheon_nd_2020", "gyeonggi_nd_2020"} <= set(PLANS)
    assert "chungnam_nd_2020" in PLANS


@pytest.mark.parametrize("plan", PLANS)
def test_every_statement_is_quoted_in_its_own_source(plan: str) -> None:
    folder = RAW_DIR / "plans" / plan
    texts = {
        s["source_id"]: (folder / s["file"]).read_text(encoding="utf-8").splitlines()
        for s in rows(folder / "sources.csv")
    }
    checked = 0
    for table, stated in QUOTED.items():
        if not (folder / table).exists():
            continue
        for line, row in enumerate(rows(folder / table), start=2):
            if table == "sectors.csv" and not row["source_quote"]:
                assert row["note"].strip(), f"{plan}/{table} line {line}: no quote, no note"
                continue
            paragraphs = texts[row["source_id"]]
            number = int(row["source_paragraph"])
            assert 1 <= number <= len(paragraphs), f"{plan}/{table} line {line}"
            assert row["source_quote"] in paragraphs[number - 1], f"{plan}/{table} line {line}"
            if stated == "value_raw" or stated == "workers_raw":
                compact = re.sub(r"\s", "", row[stated])
                assert compact in re.sub(r"\s", "", row["source_quote"]), (plan, table, line)
            checked += 1
    assert checked > 0


# -- the Korean amounts the new plans write (values computed by hand) --------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("1조 3000억원", 1 * JO + 3000 * EOK, "원", ""),
        ("9662억 원", 9662 * EOK, "원", ""),
        ("14조 원", 14 * JO, "원", ""),
        ("2조9696억 원", 2 * JO + 9696 * EOK, "원", ""),
        ("28만 4000개", 28 * MAN + 4000, "개", ""),
        ("4대", 4, "대", ""),
        ("8대", 8, "대", ""),
        ("4만개 이상", 4 * MAN, "개", "이상"),
        ("2조7천억", 2 * JO + 7 * 1000 * EOK, "", ""),
        ("4조 7800억여원", 4 * JO + 7800 * EOK, "원", "여"),
        ("2만5,200여개", 2 * MAN + 5200, "개", "여"),
        ("4조7,822억원", 4 * JO + 7822 * EOK, "원", ""),
    ],
)
def test_parser_reads_the_new_plans(text: str, value: int, unit: str, qualifier: str) -> None:
    amount = parse_korean_amount(text)
    assert (amount.value, amount.unit, amount.qualifier) == (value, unit, qualifier)
    assert amount.approx is bool(qualifier)


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("5조3800억원", 100 * EOK),
        ("3조780억원", 10 * EOK),
        ("14만여명", MAN),
        ("4조7,822억원", EOK),
        ("9천300여명", 100),
        ("14조원", JO),
    ],
)
def test_stated_precision(text: str, precision: int) -> None:
    assert parse_korean_amount(text).precision == precision


@pytest.mark.parametrize("text", ["4만개 이상 이상", "4만여개 이상", "이상", "4 대대"])
def test_parser_rejects_doubled_qualifiers(text: str) -> None:
    with pytest.raises(AmountParseError):
        parse_korean_amount(text)


# -- the real plans, refreshed ------------------------------------------------------------------


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("processed")
    refresh_processed(RAW_DIR, out)
    return out


def _sectors(processed: Path, plan: str) -> pd.DataFrame:
    sectors = load_processed("sectors", processed)
    return sectors[sectors["plan_id"] == plan].set_index("sector_id")


def test_province_plan_refreshes_with_its_own_funds_term(processed: Path) -> None:
    plans = load_processed("plans", processed).set_index("plan_id")
    assert plans.at["gyeonggi_nd_2020", "government_level"] == "province"
    assert plans.at["gyeonggi_nd_2020", "own_funds_term_ko"] == "도비"
    assert plans.at["gyeonggi_nd_2020", "own_funds_term_en"] == "provincial funds"
    figures = load_processed("figures", processed)
    own = figures[
        (figures["plan_id"] == "gyeonggi_nd_2020")
        & (figures["measure"] == "own_funds")
        & figures["preferred"]
    ]
    assert own["value"].tolist() == [1 * JO + 3000 * EOK]  # 도비 1조3000억원
    sectors = _sectors(processed, "gyeonggi_nd_2020")
    # sector budgets stated: 2,180억 + 2조7,900억 + 2조 3750억 = 5조3830억 (the audit's business)
    assert int(sectors["total_budget_krw"].sum()) == (2180 + 27900 + 23750) * EOK
    assert sectors["own_funds_krw"].isna().all()  # 도비 is stated for the plan only
    assert sectors["not_own_funds_krw"].isna().all()
    total = figures[
        (figures["plan_id"] == "gyeonggi_nd_2020")
        & (figures["measure"] == "total_budget")
        & (figures["scope"] == "plan")
        & figures["preferred"]
    ].iloc[0]
    assert (total["value"], total["precision"]) == (5 * JO + 3800 * EOK, 100 * EOK)


def test_plan_without_funding_split_refreshes(processed: Path) -> None:
    plans = load_processed("plans", processed).set_index("plan_id")
    assert plans.at["chungnam_nd_2020", "own_funds_term_ko"] == ""
    sectors = _sectors(processed, "chungnam_nd_2020")
    assert sectors["own_funds_krw"].isna().all()
    assert sectors["own_share_of_sector"].isna().all()
    # 8,464억 + 2조9696억 + 9662억 = 4조7,822억, the stated total: shares add to 1
    assert int(sectors["total_budget_krw"].sum()) == (8464 + 29696 + 9662) * EOK
    assert sectors["share_of_plan_budget"].sum() == pytest.approx(1.0, abs=1e-5)
    figures = load_processed("figures", processed)
    lead = figures[
        (figures["plan_id"] == "chungnam_nd_2020") & (figures["value_raw"] == "4만개 이상")
    ]
    assert lead[["value", "qualifier", "approx", "preferred"]].values.tolist() == [
        [4 * MAN, "이상", True, False]
    ]


def test_sources_and_population_tables(processed: Path) -> None:
    sources = load_processed("sources", processed)
    for plan in PLANS:
        listed = rows(RAW_DIR / "plans" / plan / "sources.csv")
        mine = sources[sources["plan_id"] == plan].set_index("source_id")
        assert sorted(mine.index) == sorted(s["source_id"] for s in listed)
        for source in listed:
            text = (RAW_DIR / "plans" / plan / source["file"]).read_text(encoding="utf-8")
            assert mine.at[source["source_id"], "paragraph_count"] == len(text.splitlines())
    population = load_processed("population", processed).set_index("government_ko")
    assert population.at["의정부시", "population"] == 46 * MAN + 6455  # 46만6,455명
    assert population.at["인천광역시", "population"] == 294 * MAN + 2828  # 294만2천828명


def test_uijeongbu_values_as_before(processed: Path) -> None:
    """Hand-typed from the announcement: 총사업비 98억원(시비 80억원), 840억원(시비 580억원),
    86억원(시비 70억원), 451억원(시비 64억원); plan total 1천475억원."""
    stated = {"digital": (98, 80), "green": (840, 580), "culture": (86, 70), "safety": (451, 64)}
    sectors = _sectors(processed, UIJEONGBU)
    assert list(sectors.index) == list(stated)
    own_sum = sum(own for _, own in stated.values())
    not_own_sum = sum(total - own for total, own in stated.values())
    for sector, (total, own) in stated.items():
        row = sectors.loc[sector]
        assert row["total_budget_krw"] == total * EOK
        assert row["own_funds_krw"] == own * EOK
        assert row["not_own_funds_krw"] == (total - own) * EOK
        assert row["own_share_of_sector"] == round(own / total, 6)
        assert row["share_of_plan_budget"] == round(total / 1475, 6)
        assert row["share_of_plan_own_funds"] == round(own / own_sum, 6)
        assert row["share_of_plan_not_own_funds"] == round((total - own) / not_own_sum, 6)
    assert sectors.loc["safety", "jobs"] == 9348  # 일자리 9천348개
    assert dict(sectors["pillar_id"]) == {
        "digital": "digital",
        "green": "green",
        "culture": "none",
        "safety": "safety_net",
    }


# -- a plan added as data only, following README "Adding a plan" --------------------------------

SYNTHETIC = "testcity_nd_2020"


def add_synthetic_plan(raw: Path, *, sector_budget: str = "6천억원") -> Path:
    """Steps 1 and 2 of README "Adding a plan": a new folder and its government's population."""
    folder = raw / "plans" / SYNTHETIC
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "press.txt").write_text(
        "테스트시는 2025년까지 총사업비 1조 2000억원(군비 3000억원)을 투입해 일자리 2만여개를 만든다.\n"
        f"디지털 분야에 {sector_budget}(군비 1천억원), 그린 분야에 4000억 원을 투입한다.\n"
        "2대 분야로 나뉜다.\n",
        encoding="utf-8",
    )
    write_rows(
        folder / "plan.csv",
        [
            "plan_id",
            "plan_name_ko",
            "plan_name_en",
            "government_ko",
            "government_en",
            "government_level",
            "own_funds_term_ko",
            "announced_date",
            "horizon_year",
            "horizon_source_id",
            "projects_list_complete",
            "note",
        ],
        [
            {
                "plan_id": SYNTHETIC,
                "plan_name_ko": "테스트형 뉴딜",
                "plan_name_en": "Test New Deal",
                "government_ko": "테스트군",
                "government_en": "Test County",
                "government_level": "county",
                "own_funds_term_ko": "군비",
                "announced_date": "2020-12",
                "horizon_year": "2025",
                "horizon_source_id": "press",
                "projects_list_complete": "false",
                "note": "synthetic",
            }
        ],
    )
    write_rows(
        folder / "sources.csv",
        ["source_id", "file", "kind", "publisher", "title", "date", "url", "note"],
        [
            {
                "source_id": "press",
                "file": "sources/press.txt",
                "kind": "press_release",
                "publisher": "테스트군",
                "title": "",
                "date": "2020-12-02",
                "url": "https://example.org/press",
                "note": "",
            }
        ],
    )
    write_rows(
        folder / "sectors.csv",
        [
            "sector_id",
            "sector_name_ko",
            "sector_order",
            "source_id",
            "source_paragraph",
            "source_quote",
            "note",
        ],
        [
            {
                "sector_id": "digital",
                "sector_name_ko": "디지털",
                "sector_order": "1",
                "source_id": "press",
                "source_paragraph": "2",
                "source_quote": "디지털 분야에",
                "note": "",
            },
            {
                "sector_id": "green",
                "sector_name_ko": "그린",
                "sector_order": "2",
                "source_id": "press",
                "source_paragraph": "2",
                "source_quote": "그린 분야에",
                "note": "",
            },
        ],
    )
    write_rows(
        folder / "sector_pillars.csv",
        ["sector_id", "pillar_id", "note", "note_ko"],
        [
            {
                "sector_id": "digital",
                "pillar_id": "digital",
                "note": "same name",
                "note_ko": "같은 이름",
            },
            {
                "sector_id": "green",
                "pillar_id": "green",
                "note": "same name",
                "note_ko": "같은 이름",
            },
        ],
    )
    figure_header = ["figure_id", "scope", "measure", "value_raw", "source_id"]
    figure_header += ["source_paragraph", "source_quote", "preferred", "preferred_reason"]

    def fig(fid: str, scope: str, measure: str, value: str, para: str, quote: str) -> dict:
        return dict(
            zip(
                figure_header,
                [fid, scope, measure, value, "press", para, quote, "", ""],
                strict=True,
            )
        )

    write_rows(
        folder / "figures.csv",
        figure_header,
        [
            fig("total", "plan", "total_budget", "1조 2000억원", "1", "총사업비 1조 2000억원"),
            fig("own", "plan", "own_funds", "3000억원", "1", "군비 3000억원"),
            fig("jobs", "plan", "jobs", "2만여개", "1", "일자리 2만여개"),
            fig("end", "plan", "period_end_year", "2025년", "1", "2025년까지"),
            fig("count", "plan", "sector_count", "2대", "3", "2대 분야"),
            fig("d_total", "digital", "total_budget", sector_budget, "2", f"{sector_budget}(군비"),
            fig("d_own", "digital", "own_funds", "1천억원", "2", "군비 1천억원"),
            fig("g_total", "green", "total_budget", "4000억 원", "2", "그린 분야에 4000억 원"),
        ],
    )
    write_rows(
        folder / "translations_en.csv",
        ["kind", "id", "name_en"],
        [
            {"kind": "sector", "id": "digital", "name_en": "Digital"},
            {"kind": "sector", "id": "green", "name_en": "Green"},
        ],
    )
    with (raw / "reference" / "population.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            [
                "테스트군",
                "Test County",
                SYNTHETIC,
                "5만1,234명",
                "2020-12-31",
                "주민등록인구, 2020-12-31",
                "https://example.org/population",
                "테스트군 인구는 5만1,234명이다.",
                "synthetic",
            ]
        )
    return folder


@pytest.fixture
def raw_with_synthetic(raw_copy: Path) -> Path:
    add_synthetic_plan(raw_copy)
    return raw_copy


def test_a_plan_added_as_a_folder_refreshes(raw_with_synthetic: Path, tmp_path: Path) -> None:
    out = tmp_path / "processed"
    assert main(["data", "--raw", str(raw_with_synthetic), "--out", str(out)]) == 0
    sectors = _sectors(out, SYNTHETIC)
    assert sectors.loc["digital", "total_budget_krw"] == 6 * 1000 * EOK
    assert sectors.loc["digital", "own_funds_krw"] == 1000 * EOK
    assert sectors.loc["digital", "not_own_funds_krw"] == 5000 * EOK
    assert sectors.loc["green", "total_budget_krw"] == 4000 * EOK
    assert pd.isna(sectors.loc["green", "own_funds_krw"])
    assert sectors.loc["digital", "share_of_plan_budget"] == round(6000 / 12000, 6)
    plans = load_processed("plans", out).set_index("plan_id")
    assert plans.at[SYNTHETIC, "own_funds_term_en"] == "county funds"
    assert plans.at[SYNTHETIC, "horizon_year"] == 2025
    figures = load_processed("figures", out)
    count = figures[(figures["plan_id"] == SYNTHETIC) & (figures["measure"] == "sector_count")]
    assert count[["value", "unit"]].values.tolist() == [[2, "count"]]
    # the other plans are still there, Uijeongbu's values unchanged
    before = _sectors(RAW_DIR.parent / "processed", UIJEONGBU)
    pd.testing.assert_frame_equal(_sectors(out, UIJEONGBU), before)


def test_a_part_larger_than_its_stated_total_is_kept(raw_copy: Path, tmp_path: Path) -> None:
    # digital 1조3000억 > the plan's stated 1조 2000억: a finding for the audit, not a crash
    add_synthetic_plan(raw_copy, sector_budget="1조3000억원")
    out = tmp_path / "processed"
    assert main(["data", "--raw", str(raw_copy), "--out", str(out)]) == 0
    share = _sectors(out, SYNTHETIC).loc["digital", "share_of_plan_budget"]
    assert share == round(13000 / 12000, 6)


def _refused(capsys: pytest.CaptureFixture[str], raw: Path, out: Path, *parts: str) -> str:
    code = main(["data", "--raw", str(raw), "--out", str(out)])
    message = capsys.readouterr().err
    assert code == 2, message
    assert "Traceback" not in message
    for part in parts:
        assert part in message, message
    assert not out.exists() or not any(out.iterdir())
    return message


def test_a_quote_is_checked_in_its_own_source_only(
    raw_with_synthetic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = raw_with_synthetic / "plans" / SYNTHETIC
    (folder / "sources" / "other.txt").write_text("아무 관련 없는 기사\n", encoding="utf-8")
    with (folder / "sources.csv").open("a", encoding="utf-8") as fh:
        fh.write("other,sources/other.txt,news_report,어느 신문,,,,\n")
    figures = rows(folder / "figures.csv")
    figures[1]["source_id"] = "other"  # 군비 3000억원 is in press.txt, not in other.txt
    write_rows(folder / "figures.csv", list(figures[0]), figures)
    _refused(
        capsys,
        raw_with_synthetic,
        tmp_path / "p",
        str(folder / "figures.csv"),
        "row 3",
        "'source_quote'",
        "quote not found in paragraph 1",
    )


def test_an_unquoted_sector_needs_a_note(
    raw_with_synthetic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = raw_with_synthetic / "plans" / SYNTHETIC
    sectors = rows(folder / "sectors.csv")
    sectors[1].update(source_id="", source_paragraph="", source_quote="", note="")
    write_rows(folder / "sectors.csv", list(sectors[0]), sectors)
    _refused(
        capsys, raw_with_synthetic, tmp_path / "p", str(folder / "sectors.csv"), "row 3", "note"
    )


def test_money_without_won_needs_eok_or_jo(
    raw_with_synthetic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = raw_with_synthetic / "plans" / SYNTHETIC
    (folder / "sources" / "press.txt").write_text(
        (folder / "sources" / "press.txt").read_text(encoding="utf-8") + "군비 3000을 더한다.\n",
        encoding="utf-8",
    )
    figures = rows(folder / "figures.csv")
    figures[1].update(value_raw="3000", source_paragraph="4", source_quote="군비 3000")
    write_rows(folder / "figures.csv", list(figures[0]), figures)
    _refused(capsys, raw_with_synthetic, tmp_path / "p", "row 3", "'value_raw'", "unit")


def test_a_plan_folder_must_match_its_plan_id(
    raw_with_synthetic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = raw_with_synthetic / "plans" / SYNTHETIC
    shutil.move(folder, folder.with_name("othercity_nd_2020"))
    _refused(capsys, raw_with_synthetic, tmp_path / "p", "plan.csv", "'plan_id'", SYNTHETIC)
