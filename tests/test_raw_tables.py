"""Raw tables (``data/raw/*.csv``): they load, they carry their plan or their source, and
every figure is traceable to the announcement - and every figure of the announcement is
transcribed.

The announcement is read directly from its file (fixture ``source_lines``); expectations
about it are worked out here from the Korean text, not taken from the package.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from conftest import raw_path

from analysis.data.provenance import check_provenance
from analysis.data.raw import OPTIONAL_COLUMNS, RAW_TABLES, RawDataError, load_raw, read_raw_table
from analysis.data.schemas import validate_raw

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
README = RAW / "source" / "reference_figures_README.md"

#: Every raw table of the project, written out by hand (the package must know them all).
ALL_TABLES = {
    "plans",
    "sectors",
    "figures",
    "projects",
    "refresh_workers_by_field",
    "translations_en",
    "reference_figures",
    "reference_pillars",
    "reference_exchange_rates",
    "reference_cpi",
}
#: Tables that are not about a plan: they carry their source instead of a plan_id.
SOURCE_ONLY_TABLES = {"reference_exchange_rates", "reference_cpi"}
#: Tables whose rows quote the announcement.
QUOTED = {
    "sectors": None,
    "figures": "value_raw",
    "projects": None,
    "refresh_workers_by_field": "workers_raw",
}
CITY_PLAN = "uijeongbu_snd_2020"


def _read(name: str, folder: Path = RAW) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _header(name: str) -> list[str]:
    with (RAW / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def test_source_text_has_19_paragraphs(source_lines: list[str]) -> None:
    # plans.csv describes the source as 19 paragraphs, one per line
    assert len(source_lines) == 19
    assert all(line.strip() for line in source_lines)
    assert "19 paragraphs" in _read("plans")[0]["source_description"]


def test_every_raw_file_is_a_known_table() -> None:
    on_disk = {p.stem for p in RAW.glob("*.csv")}
    assert on_disk == ALL_TABLES
    assert set(RAW_TABLES) == ALL_TABLES


@pytest.mark.parametrize("name", sorted(ALL_TABLES))
def test_every_raw_table_loads(name: str) -> None:
    frame = read_raw_table(RAW / f"{name}.csv", RAW_TABLES[name], OPTIONAL_COLUMNS.get(name, ()))
    rows = _read(name)
    assert len(frame) == len(rows) > 0
    absent = [c for c in OPTIONAL_COLUMNS.get(name, ()) if c not in _header(name)]
    assert list(frame.columns) == _header(name) + absent
    assert all((frame[c] == "").all() for c in absent)
    # every cell is text, exactly as written (no type guessing, empty stays "")
    for i, row in enumerate(rows):
        for column, value in row.items():
            cell = frame.at[i, column]
            assert isinstance(cell, str)
            assert cell == value


def test_load_raw_reads_all_tables_and_the_source(source_lines: list[str]) -> None:
    raw = load_raw(RAW)
    assert set(raw.tables) == ALL_TABLES
    assert raw.sources[CITY_PLAN][:19] == source_lines
    validate_raw(raw)


@pytest.mark.parametrize("name", sorted(ALL_TABLES - SOURCE_ONLY_TABLES))
def test_table_carries_plan_id(name: str) -> None:
    assert "plan_id" in _header(name)
    plans = {row["plan_id"] for row in _read("plans")}
    for line, row in enumerate(_read(name), start=2):
        assert row["plan_id"], f"{name}.csv line {line}: empty plan_id"
        if name.startswith("reference_"):
            # the national Korean New Deal, the comparison for the city plan
            assert row["plan_id"] == "kr_new_deal_2020", f"{name}.csv line {line}"
        else:
            assert row["plan_id"] in plans, f"{name}.csv line {line}: {row['plan_id']}"


@pytest.mark.parametrize("name", sorted(SOURCE_ONLY_TABLES))
def test_reference_table_carries_its_source(name: str) -> None:
    header = _header(name)
    assert "plan_id" not in header
    assert {"source_publisher", "source_url"} <= set(header)
    for line, row in enumerate(_read(name), start=2):
        assert row["source_publisher"].strip(), f"{name}.csv line {line}"
        assert re.match(r"https?://\S+$", row["source_url"]), f"{name}.csv line {line}"


def test_reference_figures_carry_their_source() -> None:
    for line, row in enumerate(_read("reference_figures"), start=2):
        for column in ("source_title", "source_publisher", "source_date", "source_url"):
            assert row[column].strip(), f"line {line}: empty {column}"
        assert re.fullmatch(r"2020-\d\d-\d\d", row["source_date"]), f"line {line}"


def test_reference_values_are_those_of_the_readme() -> None:
    """Each reference value is printed in the README (jobs may be given as a count)."""
    readme = README.read_text(encoding="utf-8")
    for line, row in enumerate(_read("reference_figures"), start=2):
        if row["value_raw"] in readme:
            continue
        # e.g. "39만" is printed as "390,000": check the note's count is that number
        assert row["measure"] == "jobs", f"line {line}: {row['value_raw']} not in README"
        count = re.match(r"([\d,]+) jobs", row["note"])
        assert count, f"line {line}"
        assert count.group(1) in readme, f"line {line}"
        man = Decimal(row["value_raw"].removesuffix("만"))
        assert man * 10**4 == int(count.group(1).replace(",", "")), f"line {line}"
    for row in _read("reference_exchange_rates"):
        assert f"**{row['krw_per_unit_raw']}**" in readme
    for row in _read("reference_cpi"):
        assert f"| {row['year']} | {row['index_raw']} | {row['change_raw']} |" in readme


# ---------------------------------------------------------------------------
# Provenance: every quote, every figure is in the announcement
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(QUOTED))
def test_quotes_occur_in_their_paragraph(name: str, source_lines: list[str]) -> None:
    figure_column = QUOTED[name]
    for line, row in enumerate(_read(name), start=2):
        number = int(row["source_paragraph"])
        assert 1 <= number <= len(source_lines), f"{name}.csv line {line}"
        paragraph = source_lines[number - 1]
        assert row["source_quote"] in paragraph, f"{name}.csv line {line}"
        if figure_column:
            value = row[figure_column]
            assert value in row["source_quote"], f"{name}.csv line {line}"
            assert value in paragraph, f"{name}.csv line {line}: {value} not in paragraph"


def test_other_paragraphs_mention_the_project(source_lines: list[str]) -> None:
    """``other_paragraphs`` of a project point at paragraphs that really mention it."""
    # a distinctive word of each project mentioned elsewhere, chosen by reading the text
    keyword = {
        "digital_happy_hub": "HAPPY-HUB",
        "digital_smart_logistics": "물류단지",
        "green_gnb_city": "G&B City",
        "culture_citizen_resources": "문화자원",
        "safety_refresh": None,  # paragraph 15 names it, paragraph 17 describes its jobs
    }
    rows = {row["project_id"]: row for row in _read("projects")}
    with_others = {pid for pid, row in rows.items() if row["other_paragraphs"]}
    assert with_others == set(keyword)
    for pid, word in keyword.items():
        for number in rows[pid]["other_paragraphs"].split(";"):
            paragraph = source_lines[int(number) - 1]
            if word is not None:
                assert word in paragraph, (pid, number)
    assert "Refresh 의정부 뉴딜사업" in source_lines[15 - 1]
    assert "일자리 사업" in source_lines[17 - 1]


def test_provenance_passes_on_real_data() -> None:
    check_provenance(load_raw(RAW))


def _line_of(name: str, column: str, value: str, folder: Path = RAW) -> int:
    lines = [i for i, row in enumerate(_read(name, folder), start=2) if row[column] == value]
    assert len(lines) == 1
    return lines[0]


def test_provenance_fails_on_altered_quote(raw_copy: Path, edit_csv_row) -> None:
    # the announcement says 총사업비 98억원; claim it says 총 사업비 98억원
    line = edit_csv_row(
        raw_path(raw_copy, "figures"),
        {"figure_id": "digital_total_budget"},
        source_quote="총 사업비 98억원(시비 80억원)",
    )
    assert line == _line_of("figures", "figure_id", "digital_total_budget")
    with pytest.raises(RawDataError) as info:
        check_provenance(load_raw(raw_copy))
    err = info.value
    assert Path(err.file) == raw_path(raw_copy, "figures")
    assert err.row == line
    assert err.column == "source_quote"
    assert err.value == "총 사업비 98억원(시비 80억원)"
    assert f"row {line}" in str(err) and "figures.csv" in str(err)


def test_provenance_fails_on_altered_project_quote(raw_copy: Path, edit_csv_row) -> None:
    line = edit_csv_row(
        raw_path(raw_copy, "projects"),
        {"project_id": "safety_respiratory_clinic"},
        source_quote="호흡기 전담 클리닉 설치",
    )
    with pytest.raises(RawDataError) as info:
        validate_raw(load_raw(raw_copy))
    err = info.value
    assert Path(err.file) == raw_path(raw_copy, "projects")
    assert (err.row, err.column) == (line, "source_quote")


@pytest.mark.parametrize("paragraph", ["4", "19"])
def test_provenance_fails_on_wrong_paragraph(
    raw_copy: Path, edit_csv_row, paragraph: str, source_lines: list[str]
) -> None:
    # 총사업비 98억원 is in paragraph 3, not in paragraph 4 or 19
    assert "총사업비 98억원(시비 80억원)" in source_lines[3 - 1]
    assert "총사업비 98억원(시비 80억원)" not in source_lines[int(paragraph) - 1]
    line = edit_csv_row(
        raw_path(raw_copy, "figures"),
        {"figure_id": "digital_total_budget"},
        source_paragraph=paragraph,
    )
    with pytest.raises(RawDataError) as info:
        check_provenance(load_raw(raw_copy))
    err = info.value
    assert Path(err.file) == raw_path(raw_copy, "figures")
    assert err.row == line
    assert err.column in {"source_paragraph", "source_quote"}
    assert f"paragraph {paragraph}" in str(err)


def test_provenance_fails_on_paragraph_out_of_range(raw_copy: Path, edit_csv_row) -> None:
    line = edit_csv_row(
        raw_path(raw_copy, "refresh_workers_by_field"),
        {"field_id": "youth_support"},
        source_paragraph="20",
    )
    with pytest.raises(RawDataError) as info:
        check_provenance(load_raw(raw_copy))
    err = info.value
    assert Path(err.file) == raw_path(raw_copy, "refresh_workers_by_field")
    assert (err.row, err.column, err.value) == (line, "source_paragraph", "20")


def test_provenance_fails_on_value_not_in_quote(raw_copy: Path, edit_csv_row) -> None:
    line = edit_csv_row(
        raw_path(raw_copy, "refresh_workers_by_field"),
        {"field_id": "youth_support"},
        workers_raw="190명",
    )
    with pytest.raises(RawDataError) as info:
        check_provenance(load_raw(raw_copy))
    err = info.value
    assert (err.row, err.column, err.value) == (line, "workers_raw", "190명")


# ---------------------------------------------------------------------------
# Completeness: every figure of the announcement is transcribed
# ---------------------------------------------------------------------------

#: A Korean amount: digits (with thousands commas), optional 천-group, optional 억/만,
#: optional 여 ("some"), then a counting unit (개월 before 개).
AMOUNT = re.compile(r"\d[\d,]*(?:천\d+)?(?:억|만)?여?(?:개월|원|명|개|건|년|월)")

#: Amount-like tokens of the text that are deliberately not transcribed as figures.
EXCLUDED_AMOUNTS = {
    (1, "7월"): "a date: the national plan was announced 'last July' (지난 7월)",
    (6, "7월"): "a date: the contest selection happened 'last July' (지난 7월)",
    (9, "7월"): "a date: G&B City was declared 'July last year' (작년 7월)",
}

#: Digits of the text that are not amounts at all (removed before looking for digits left).
NOT_AMOUNTS = {
    (2, "4차 산업혁명"): "the name 'Fourth Industrial Revolution'",
    (6, "112·119"): "emergency telephone numbers (police, fire)",
    (9, "민선7기"): "the 7th elected local administration (a term number)",
    (17, "코로나19"): "the name COVID-19",
    (19, "코로나19"): "the name COVID-19",
}


def _transcribed_by_paragraph() -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for row in _read("figures"):
        out[int(row["source_paragraph"])].add(row["value_raw"])
    for row in _read("refresh_workers_by_field"):
        out[int(row["source_paragraph"])].add(row["workers_raw"])
    return out


def test_amount_regex_finds_the_known_forms() -> None:
    text = "총사업비 1천475억원, 9천300여명의 시민, 공공업무 지원 1,700명, 4개월간, 총 4건이"
    assert AMOUNT.findall(text) == ["1천475억원", "9천300여명", "1,700명", "4개월", "4건"]


def test_every_amount_in_the_announcement_is_transcribed(source_lines: list[str]) -> None:
    transcribed = _transcribed_by_paragraph()
    missing = []
    found = 0
    for number, paragraph in enumerate(source_lines, start=1):
        for token in AMOUNT.findall(paragraph):
            found += 1
            if (number, token) in EXCLUDED_AMOUNTS:
                continue
            if token not in transcribed.get(number, set()):
                missing.append((number, token))
    assert missing == [], f"amounts of the text not in any raw table: {missing}"
    # the scan itself works: amount tokens counted by reading, per paragraph:
    # p1 7월; p2 4개 42개 1천475억원 9천897개 4개; p3 98억원 80억원; p4 8개 16개; p6 7월;
    # p7 4건; p9 840억원 580억원 7월 2021년 390억원; p12 86억원 70억원; p13 2022년 4억원;
    # p15 451억원 64억원 9천348개; p16 8월 11월 4개월 376억원 9천300여명;
    # p17 700명 900명 300명 1,700명 180명 5,300명; p18 4개
    assert found == 1 + 5 + 2 + 2 + 1 + 1 + 5 + 2 + 2 + 3 + 5 + 6 + 1 == 36


def test_exclusions_are_really_in_the_text(source_lines: list[str]) -> None:
    for number, token in EXCLUDED_AMOUNTS:
        assert token in AMOUNT.findall(source_lines[number - 1]), (number, token)
    for number, words in NOT_AMOUNTS:
        assert words in source_lines[number - 1], (number, words)


def test_no_other_digits_in_the_announcement(source_lines: list[str]) -> None:
    """Every digit of the text is in an amount token or an explicit exclusion."""
    leftovers = []
    for number, paragraph in enumerate(source_lines, start=1):
        rest = AMOUNT.sub("", paragraph)
        for (p, words), _reason in NOT_AMOUNTS.items():
            if p == number:
                rest = rest.replace(words, "")
        if re.search(r"\d", rest):
            leftovers.append((number, re.findall(r"\S*\d\S*", rest)))
    assert leftovers == []


def test_every_transcribed_figure_is_an_amount_token(source_lines: list[str]) -> None:
    """The converse: each transcribed value is a whole amount token of its paragraph
    (not a fragment such as '00억원' of '1천475억원')."""
    for number, values in _transcribed_by_paragraph().items():
        tokens = set(AMOUNT.findall(source_lines[number - 1]))
        assert values <= tokens, (number, values - tokens)


def test_figures_table_has_one_row_per_named_figure() -> None:
    # the distinct (paragraph, figure) pairs of the text, minus exclusions, counted by
    # reading: p2: 4개, 42개, 1천475억원, 9천897개; p3: 98억원, 80억원; p4: 8개, 16개;
    # p7: 4건; p9: 840억원, 580억원, 2021년, 390억원; p12: 86억원, 70억원;
    # p13: 2022년, 4억원; p15: 451억원, 64억원, 9천348개; p16: 8월, 11월, 4개월,
    # 376억원, 9천300여명; p18: 4개  -> 26 figures; p17: six worker counts.
    figures = _read("figures")
    workers = _read("refresh_workers_by_field")
    assert len(figures) == 4 + 2 + 2 + 1 + 4 + 2 + 2 + 3 + 5 + 1 == 26
    assert len(workers) == 6
    assert len({row["figure_id"] for row in figures}) == len(figures)


def test_raw_frames_keep_text_values() -> None:
    """Reading a table never turns a figure into a number."""
    frame = read_raw_table(raw_path(RAW, "refresh_workers_by_field"))
    assert list(frame["workers_raw"]) == ["700명", "900명", "300명", "1,700명", "180명", "5,300명"]
    assert pd.api.types.is_string_dtype(frame["workers_raw"])
