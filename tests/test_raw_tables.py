"""Raw tables (``data/raw/plans/<plan_id>/*.csv``, ``data/raw/reference/*.csv``): they load,
they carry their plan or their source, and every figure is traceable to its own source text;
every figure of the Uijeongbu announcement is transcribed.

Plan-generic: the tests walk every plan folder. Source texts are read directly from their
files, and expectations about them are worked out here from the Korean text, not taken
from the package.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from conftest import RAW_DIR, UIJEONGBU, raw_path

from analysis.data.provenance import check_provenance
from analysis.data.raw import RAW_TABLES, RawDataError, load_raw, read_raw_table
from analysis.data.raw_schemas import PLAN_FILES, REFERENCE_FILES, file_columns
from analysis.data.schemas import validate_raw

PLANS = sorted(p.name for p in (RAW_DIR / "plans").iterdir() if p.is_dir())
README = RAW_DIR / "reference" / "national_figures_README.md"

#: Every file a plan folder may hold, written out by hand; the optional ones may be absent.
PLAN_TABLE_FILES = {
    "plan.csv",
    "sources.csv",
    "sectors.csv",
    "sector_pillars.csv",
    "figures.csv",
    "translations_en.csv",
    "tasks.csv",
    "projects.csv",
    "programme_workers.csv",
}
OPTIONAL_PLAN_FILES = {"tasks.csv", "projects.csv", "programme_workers.csv"}
#: Every reference table, written out by hand.
REFERENCE_TABLE_FILES = {
    "national_figures.csv",
    "national_pillars.csv",
    "cpi.csv",
    "exchange_rates.csv",
    "population.csv",
}
#: Plan tables whose rows quote a source, and the column holding the amount they state.
QUOTED = {
    "sectors.csv": None,
    "figures.csv": "value_raw",
    "tasks.csv": None,
    "projects.csv": None,
    "programme_workers.csv": "workers_raw",
}
#: The Uijeongbu announcement, the one source its folder transcribes in full.
ANNOUNCEMENT = "uijeongbu_announcement"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


def _plan_files(plan: str) -> list[Path]:
    return sorted((RAW_DIR / "plans" / plan).glob("*.csv"))


def _texts(plan: str) -> dict[str, list[str]]:
    """source_id -> its paragraphs, read straight from the plan's source files."""
    folder = RAW_DIR / "plans" / plan
    out = {}
    for source in _rows(folder / "sources.csv"):
        text = (folder / source["file"]).read_bytes().decode("utf-8")
        # an empty text (a source no quote is taken from) has no paragraphs
        out[source["source_id"]] = text.removesuffix("\n").split("\n") if text else []
    return out


# ---------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------


def test_the_package_knows_every_raw_file() -> None:
    assert set(PLAN_FILES.values()) == PLAN_TABLE_FILES
    assert set(REFERENCE_FILES.values()) == REFERENCE_TABLE_FILES
    assert set(RAW_TABLES) == set(PLAN_FILES) | set(REFERENCE_FILES)
    on_disk = {p.name for p in (RAW_DIR / "reference").glob("*.csv")}
    assert on_disk == REFERENCE_TABLE_FILES


def test_there_are_several_plans() -> None:
    assert UIJEONGBU in PLANS
    assert len(PLANS) >= 2


@pytest.mark.parametrize("plan", PLANS)
def test_every_plan_folder_holds_known_tables(plan: str) -> None:
    on_disk = {p.name for p in _plan_files(plan)}
    assert on_disk <= PLAN_TABLE_FILES, on_disk - PLAN_TABLE_FILES
    assert on_disk >= PLAN_TABLE_FILES - OPTIONAL_PLAN_FILES
    # the sources folder holds exactly the texts sources.csv lists
    folder = RAW_DIR / "plans" / plan
    listed = {s["file"] for s in _rows(folder / "sources.csv")}
    texts = {p.relative_to(folder).as_posix() for p in (folder / "sources").iterdir()}
    assert texts == listed
    for file in listed:
        assert re.fullmatch(r"sources/[a-z0-9_]+\.txt", file), file


@pytest.mark.parametrize("plan", PLANS)
def test_plan_csv_has_one_row_naming_its_folder(plan: str) -> None:
    (row,) = _rows(RAW_DIR / "plans" / plan / "plan.csv")
    assert row["plan_id"] == plan
    assert re.fullmatch(r"[a-z0-9_]+", plan)


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def _table_of(file: Path) -> str:
    (name,) = [n for n, f in {**PLAN_FILES, **REFERENCE_FILES}.items() if f == file.name]
    return name


@pytest.mark.parametrize(
    "path",
    [p for plan in PLANS for p in _plan_files(plan)]
    + sorted((RAW_DIR / "reference").glob("*.csv")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_every_raw_table_loads_as_text(path: Path) -> None:
    required, optional = file_columns(_table_of(path))
    frame = read_raw_table(path, required, optional)
    rows = _rows(path)
    assert len(frame) == len(rows)
    absent = [c for c in optional if c not in _header(path)]
    assert list(frame.columns) == _header(path) + absent
    assert all((frame[c] == "").all() for c in absent)
    # every cell is text, exactly as written (no type guessing, empty stays "")
    for i, row in enumerate(rows):
        for column, value in row.items():
            cell = frame.at[i, column]
            assert isinstance(cell, str)
            assert cell == value


def test_load_raw_stacks_every_plan_and_reads_its_sources() -> None:
    raw = load_raw(RAW_DIR)
    assert sorted(raw.plan_ids) == PLANS
    for name, file in PLAN_FILES.items():
        for plan in PLANS:
            path = RAW_DIR / "plans" / plan / file
            expected = len(_rows(path)) if path.exists() else 0
            mine = raw[name][raw[name]["plan_id"] == plan]
            assert len(mine) == expected, (plan, file)
            # each row remembers its file and CSV line
            lines = [raw.origin(name, i) for i in mine.index]
            assert lines == [(path, n) for n in range(2, expected + 2)]
    expected_sources = {(plan, s) for plan in PLANS for s in _texts(plan)}
    assert set(raw.sources) == expected_sources
    for plan in PLANS:
        for source_id, paragraphs in _texts(plan).items():
            assert raw.sources[(plan, source_id)] == paragraphs
    validate_raw(raw)


def test_the_announcement_has_19_paragraphs(source_lines: list[str]) -> None:
    # sources.csv describes the announcement as 19 paragraphs, one per line
    assert len(source_lines) == 19
    assert all(line.strip() for line in source_lines)
    (source,) = _rows(RAW_DIR / "plans" / UIJEONGBU / "sources.csv")
    assert "19 paragraphs" in source["note"]
    assert _texts(UIJEONGBU)[ANNOUNCEMENT] == source_lines


@pytest.mark.parametrize("plan", PLANS)
def test_every_statement_names_a_source_of_its_plan(plan: str) -> None:
    folder = RAW_DIR / "plans" / plan
    sources = {s["source_id"] for s in _rows(folder / "sources.csv")}
    (plan_row,) = _rows(folder / "plan.csv")
    assert plan_row["horizon_source_id"] in sources | {""}
    for table in QUOTED:
        if not (folder / table).exists():
            continue
        for line, row in enumerate(_rows(folder / table), start=2):
            if table == "sectors.csv" and not row["source_id"]:
                assert row["note"].strip(), f"{plan}/{table} line {line}"
                continue
            assert row["source_id"] in sources, f"{plan}/{table} line {line}"
            assert "plan_id" not in row, f"{plan}/{table}: the folder names the plan"


@pytest.mark.parametrize("name", ["cpi.csv", "exchange_rates.csv", "population.csv"])
def test_reference_table_carries_its_source(name: str) -> None:
    path = RAW_DIR / "reference" / name
    header = _header(path)
    assert "plan_id" not in header
    assert "source_url" in header
    for line, row in enumerate(_rows(path), start=2):
        assert re.match(r"https?://\S+$", row["source_url"]), f"{name} line {line}"
        publisher = row.get("source_publisher", row.get("source_quote", ""))
        assert publisher.strip(), f"{name} line {line}"


def test_national_figures_carry_their_source() -> None:
    for line, row in enumerate(_rows(RAW_DIR / "reference" / "national_figures.csv"), start=2):
        assert row["plan_id"] == "kr_new_deal_2020", f"line {line}"
        for column in ("source_title", "source_publisher", "source_date", "source_url"):
            assert row[column].strip(), f"line {line}: empty {column}"
        assert re.fullmatch(r"2020-\d\d-\d\d", row["source_date"]), f"line {line}"


def test_population_names_the_plans_of_each_government() -> None:
    covered: set[str] = set()
    for line, row in enumerate(_rows(RAW_DIR / "reference" / "population.csv"), start=2):
        ids = [p for p in row["plan_ids"].split(";") if p]
        assert set(ids) <= set(PLANS), f"line {line}"
        covered |= set(ids)
        # the population as written is in the source's own words
        assert row["population_raw"] in row["source_quote"], f"line {line}"
    assert covered == set(PLANS)


def test_reference_values_are_those_of_the_readme() -> None:
    """Each reference value is printed in the README (jobs may be given as a count)."""
    readme = README.read_text(encoding="utf-8")
    for line, row in enumerate(_rows(RAW_DIR / "reference" / "national_figures.csv"), start=2):
        if row["value_raw"] in readme:
            continue
        # e.g. "39만" is printed as "390,000": check the note's count is that number
        assert row["measure"] == "jobs", f"line {line}: {row['value_raw']} not in README"
        count = re.match(r"([\d,]+) jobs", row["note"])
        assert count, f"line {line}"
        assert count.group(1) in readme, f"line {line}"
        man = Decimal(row["value_raw"].removesuffix("만"))
        assert man * 10**4 == int(count.group(1).replace(",", "")), f"line {line}"
    for row in _rows(RAW_DIR / "reference" / "exchange_rates.csv"):
        assert f"**{row['krw_per_unit_raw']}**" in readme
    for row in _rows(RAW_DIR / "reference" / "cpi.csv"):
        assert f"| {row['year']} | {row['index_raw']} | {row['change_raw']} |" in readme


# ---------------------------------------------------------------------------
# Provenance: every quote is in its own source, every figure a whole amount of it
# ---------------------------------------------------------------------------


def _is_whole_token(value: str, paragraph: str) -> bool:
    """True when ``value`` (spaces removed) occurs in ``paragraph`` (spaces removed) with no
    numeral running on before or after it: ``90억원`` is not whole in ``390억원``."""
    compact_value = re.sub(r"\s", "", value)
    compact = re.sub(r"\s", "", paragraph)
    for match in re.finditer(re.escape(compact_value), compact):
        before = compact[match.start() - 1] if match.start() else ""
        after = compact[match.end()] if match.end() < len(compact) else ""
        # a comma or point runs a number on only after a digit (1,700명; not "... 4만개")
        before_that = compact[match.start() - 2] if match.start() > 1 else ""
        runs_on_before = bool(before) and (
            before.isdigit()
            or before in "천백십만억조"
            or (before in ",." and before_that.isdigit())
        )
        runs_on_after = bool(after) and (
            after.isdigit()
            or after in "천백십만억조"
            or (compact_value[-1] == "개" and after == "월")
        )
        if not runs_on_before and not runs_on_after:
            return True
    return False


@pytest.mark.parametrize("plan", PLANS)
def test_quotes_occur_in_their_own_sources_paragraph(plan: str) -> None:
    folder = RAW_DIR / "plans" / plan
    texts = _texts(plan)
    checked = 0
    for table, amount_column in QUOTED.items():
        if not (folder / table).exists():
            continue
        for line, row in enumerate(_rows(folder / table), start=2):
            if not row["source_id"]:
                continue  # an unquoted sector (checked above: it has a note)
            paragraphs = texts[row["source_id"]]
            number = int(row["source_paragraph"])
            assert 1 <= number <= len(paragraphs), f"{plan}/{table} line {line}"
            paragraph = paragraphs[number - 1]
            assert row["source_quote"] in paragraph, f"{plan}/{table} line {line}"
            for other in filter(None, row.get("other_paragraphs", "").split(";")):
                assert 1 <= int(other) <= len(paragraphs), f"{plan}/{table} line {line}"
            if amount_column:
                value = row[amount_column]
                assert _is_whole_token(value, row["source_quote"]), (plan, table, line, value)
                assert _is_whole_token(value, paragraph), (plan, table, line, value)
            checked += 1
    assert checked > 0


def test_whole_token_check_rejects_fragments() -> None:
    assert _is_whole_token("390억원", "2021년까지 390억원을 투입")
    assert not _is_whole_token("90억원", "2021년까지 390억원을 투입")
    assert not _is_whole_token("897개", "9천897개의 일자리")
    assert not _is_whole_token("1조", "1조 3000억원")
    assert _is_whole_token("1조 3000억원", "도비 1조3000억원 등")
    assert not _is_whole_token("4개", "4개월간")
    assert not _is_whole_token("700명", "1,700명")
    assert _is_whole_token("2021년", "선언하고, 2021년까지")
    assert _is_whole_token("4만개 이상", "4조 7800억여원 ... 4만개 이상")


def test_other_paragraphs_mention_the_project(source_lines: list[str]) -> None:
    """Uijeongbu's ``other_paragraphs`` point at paragraphs that really mention the project."""
    # a distinctive word of each project mentioned elsewhere, chosen by reading the text
    keyword = {
        "digital_happy_hub": "HAPPY-HUB",
        "digital_smart_logistics": "물류단지",
        "green_gnb_city": "G&B City",
        "culture_citizen_resources": "문화자원",
        "safety_refresh": None,  # paragraph 15 names it, paragraph 17 describes its jobs
    }
    rows = {row["project_id"]: row for row in _rows(raw_path(RAW_DIR, "projects"))}
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
    check_provenance(load_raw(RAW_DIR))


def _first_figure(plan: str) -> tuple[dict[str, str], list[str]]:
    """The plan's first figure row and the paragraphs of its source."""
    row = _rows(raw_path(RAW_DIR, "figures", plan))[0]
    return row, _texts(plan)[row["source_id"]]


@pytest.mark.parametrize("plan", PLANS)
def test_provenance_fails_on_altered_quote(plan: str, raw_copy: Path, edit_csv_row) -> None:
    row, paragraphs = _first_figure(plan)
    altered = row["source_quote"].replace(" ", "  ", 1) + "§"
    assert altered not in paragraphs[int(row["source_paragraph"]) - 1]
    path = raw_path(raw_copy, "figures", plan)
    line = edit_csv_row(path, {"figure_id": row["figure_id"]}, source_quote=altered)
    assert line == 2
    with pytest.raises(RawDataError) as info:
        check_provenance(load_raw(raw_copy))
    err = info.value
    assert Path(err.file) == path
    assert (err.row, err.column, err.value) == (line, "source_quote", altered)
    assert f"row {line}" in str(err) and str(path) in str(err)


def test_provenance_fails_on_altered_project_quote(raw_copy: Path, edit_csv_row) -> None:
    path = raw_path(raw_copy, "projects")
    line = edit_csv_row(
        path, {"project_id": "safety_respiratory_clinic"}, source_quote="호흡기 전담 클리닉 설치"
    )
    with pytest.raises(RawDataError) as info:
        validate_raw(load_raw(raw_copy))
    err = info.value
    assert Path(err.file) == path
    assert (err.row, err.column) == (line, "source_quote")


@pytest.mark.parametrize("plan", PLANS)
def test_provenance_fails_on_wrong_paragraph(plan: str, raw_copy: Path, edit_csv_row) -> None:
    row, paragraphs = _first_figure(plan)
    # a paragraph of the same source that does not hold the quote, found by reading
    others = [n for n, text in enumerate(paragraphs, 1) if row["source_quote"] not in text]
    paragraph = str(others[0] if others else len(paragraphs) + 1)
    path = raw_path(raw_copy, "figures", plan)
    line = edit_csv_row(path, {"figure_id": row["figure_id"]}, source_paragraph=paragraph)
    with pytest.raises(RawDataError) as info:
        check_provenance(load_raw(raw_copy))
    err = info.value
    assert Path(err.file) == path
    assert err.row == line
    assert err.column in {"source_paragraph", "source_quote"}
    assert f"paragraph {paragraph}" in str(err) or repr(paragraph) in str(err)


def test_provenance_fails_on_paragraph_out_of_range(raw_copy: Path, edit_csv_row) -> None:
    path = raw_path(raw_copy, "programme_workers")
    line = edit_csv_row(path, {"field_id": "youth_support"}, source_paragraph="20")
    with pytest.raises(RawDataError) as info:
        check_provenance(load_raw(raw_copy))
    err = info.value
    assert Path(err.file) == path
    assert (err.row, err.column, err.value) == (line, "source_paragraph", "20")


def test_provenance_fails_on_value_not_in_quote(raw_copy: Path, edit_csv_row) -> None:
    path = raw_path(raw_copy, "programme_workers")
    line = edit_csv_row(path, {"field_id": "youth_support"}, workers_raw="190명")
    with pytest.raises(RawDataError) as info:
        check_provenance(load_raw(raw_copy))
    err = info.value
    assert Path(err.file) == path
    assert (err.row, err.column, err.value) == (line, "workers_raw", "190명")


def test_a_statement_is_checked_in_its_own_source_only(raw_copy: Path, edit_csv_row) -> None:
    """A quote that is in another source of the same plan does not pass."""
    for plan in PLANS:
        texts = _texts(plan)
        for row in _rows(raw_path(RAW_DIR, "figures", plan)):
            paragraph = texts[row["source_id"]][int(row["source_paragraph"]) - 1]
            elsewhere = [
                s
                for s, lines in texts.items()
                if s != row["source_id"]
                and len(lines) >= int(row["source_paragraph"])
                and row["source_quote"] not in lines[int(row["source_paragraph"]) - 1]
            ]
            if elsewhere and row["source_quote"] in paragraph:
                path = raw_path(raw_copy, "figures", plan)
                line = edit_csv_row(path, {"figure_id": row["figure_id"]}, source_id=elsewhere[0])
                with pytest.raises(RawDataError) as info:
                    check_provenance(load_raw(raw_copy))
                assert (Path(info.value.file), info.value.row) == (path, line)
                assert info.value.column == "source_quote"
                return
    pytest.fail("no plan has two sources long enough to test with")


# ---------------------------------------------------------------------------
# Completeness: every figure of the Uijeongbu announcement is transcribed
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
    for row in _rows(raw_path(RAW_DIR, "figures")):
        assert row["source_id"] == ANNOUNCEMENT
        out[int(row["source_paragraph"])].add(row["value_raw"])
    for row in _rows(raw_path(RAW_DIR, "programme_workers")):
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
    figures = _rows(raw_path(RAW_DIR, "figures"))
    workers = _rows(raw_path(RAW_DIR, "programme_workers"))
    assert len(figures) == 4 + 2 + 2 + 1 + 4 + 2 + 2 + 3 + 5 + 1 == 26
    assert len(workers) == 6
    assert len({row["figure_id"] for row in figures}) == len(figures)


def test_raw_frames_keep_text_values() -> None:
    """Reading a table never turns a figure into a number."""
    frame = read_raw_table(raw_path(RAW_DIR, "programme_workers"))
    assert list(frame["workers_raw"]) == ["700명", "900명", "300명", "1,700명", "180명", "5,300명"]
    assert pd.api.types.is_string_dtype(frame["workers_raw"])


def test_the_raw_readme_describes_every_file_and_column() -> None:
    """data/raw/README.md has one table line per file naming each column of its header."""
    lines = (RAW_DIR / "README.md").read_text(encoding="utf-8").splitlines()
    files = [p for plan in PLANS for p in _plan_files(plan)]
    files += sorted((RAW_DIR / "reference").glob("*.csv"))
    for path in files:
        (line,) = [x for x in lines if x.startswith(f"| `{path.name}`")]
        missing = [c for c in _header(path) if f"`{c}`" not in line]
        assert missing == [], (path.parent.name, path.name, missing)
