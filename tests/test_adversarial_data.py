"""Adversarial raw data: every bad input stops ``python -m analysis data`` with exit code 2,
a message naming file, CSV row, column and value, and the processed folder byte-identical.

Expected figures are computed here from the source text, never copied from the code's output.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import raw_path

from analysis.__main__ import main
from analysis.data.provenance import amounts_in
from analysis.data.refresh import refresh_processed
from analysis.data.switch import JOURNAL, PAUSE_ENV
from analysis.data.version import data_version

ROOT = Path(__file__).resolve().parents[1]
PROCESSED = ROOT / "data" / "processed"
PLAN = "uijeongbu_snd_2020"
#: The Uijeongbu announcement, relative to data/raw (its plan folder's sources/).
SOURCE = f"plans/{PLAN}/sources/uijeongbu_announcement.txt"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (hidden ones included) and its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A processed folder holding the project's good processed data."""
    target = tmp_path / "processed"
    shutil.copytree(PROCESSED, target)
    return target


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def add_row(path: Path, **cells: str) -> int:
    """Append a row (missing columns empty, new columns added); return its CSV line."""
    rows = rows_of(path)
    header = rows[0]
    for column in cells:
        if column not in header:
            header.append(column)
            for row in rows[1:]:
                row.append("")
    rows.append([cells.get(column, "") for column in header])
    write_rows(path, rows)
    return len(rows)


def copy_row(path: Path, key: str, value: str, **changes: str) -> int:
    """Append a copy of the row whose ``key`` is ``value``, with ``changes``."""
    rows = rows_of(path)
    header = rows[0]
    (row,) = [r for r in rows[1:] if r[header.index(key)] == value]
    return add_row(path, **(dict(zip(header, row, strict=True)) | changes))


def refused(
    capsys: pytest.CaptureFixture[str], raw: Path, out: Path, file: str | Path, *parts: str
) -> str:
    """Run the CLI; assert exit 2, a message naming ``file`` and ``parts``, ``out`` unchanged.

    ``file`` is the raw file's path, or a table name ("figures.csv") meaning that table of
    the edited plan's folder (:func:`conftest.raw_path`).
    """
    before = snapshot(out)
    code = main(["data", "--raw", str(raw), "--out", str(out)])
    message = capsys.readouterr().err
    assert code == 2, message
    path = file if isinstance(file, Path) else raw_path(raw, file.removesuffix(".csv"))
    assert str(path) in message, message
    for part in parts:
        assert part in message, message
    assert "Traceback" not in message
    assert snapshot(out) == before
    return message


# -- 1. provenance to the token --------------------------------------------------------------


def test_a_truncated_budget_is_not_a_whole_amount_of_its_quote(
    raw_copy: Path, out: Path, edit_csv_row: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    line = edit_csv_row(
        raw_path(raw_copy, "figures"), {"figure_id": "gnb_city_budget"}, value_raw="90억원"
    )
    refused(
        capsys, raw_copy, out, "figures.csv", f"row {line}", "'value_raw'", "'90억원'", "390억원"
    )


@pytest.mark.parametrize(
    ("plan", "figure_id", "cut", "whole"),
    [
        # paragraph 2: "총사업비 1천475억원을 투입해"
        (PLAN, "plan_total_budget", "475억원", "1천475억원"),
        # paragraph 9: "2021년까지 390억원을 투입"
        (PLAN, "gnb_city_budget", "90억원을 투입", "390억원"),
        # Chungnam, sedaily paragraph 3: "4만개 이상" (a lower bound)
        ("chungnam_nd_2020", "plan_jobs_lead", "4만개", "4만개 이상"),
    ],
)
def test_a_quote_cut_from_inside_a_longer_amount_is_refused(
    raw_copy: Path,
    out: Path,
    edit_csv_row: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
    plan: str,
    figure_id: str,
    cut: str,
    whole: str,
) -> None:
    """Value and quote agree with each other, but the quote's words stand in the paragraph
    only as part of a longer amount (or without its qualifier): the paragraph's amount is
    named."""
    path = raw_path(raw_copy, "figures", plan)
    rows = rows_of(path)
    row = rows[[r[0] for r in rows].index(figure_id)]
    source, number = row[rows[0].index("source_id")], int(row[rows[0].index("source_paragraph")])
    paragraph = (
        (raw_copy / "plans" / plan / "sources" / f"{source}.txt")
        .read_text(encoding="utf-8")
        .split("\n")[number - 1]
    )
    assert cut in paragraph and whole in paragraph
    (value,) = amounts_in(cut)
    line = edit_csv_row(path, {"figure_id": figure_id}, value_raw=value, source_quote=cut)
    refused(capsys, raw_copy, out, path, f"row {line}", "'source_quote'", repr(cut), repr(whole))


@pytest.mark.parametrize(
    ("changes", "column", "value"),
    [
        # paragraph 4 calls digital "핵심중의 핵심사업"; paragraph 8 (green) does not
        ({"emphasis_paragraph": "8"}, "'emphasis_ko'", "'핵심중의 핵심사업'"),
        ({"emphasis_ko": "가장 중요한 사업"}, "'emphasis_ko'", "'가장 중요한 사업'"),
        ({"emphasis_paragraph": "99"}, "'emphasis_paragraph'", "'99'"),
        ({"emphasis_paragraph": ""}, "'emphasis_paragraph'", "''"),
    ],
)
def test_a_sectors_emphasis_must_stand_in_its_paragraph(
    raw_copy: Path,
    out: Path,
    edit_csv_row: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
    changes: dict[str, str],
    column: str,
    value: str,
) -> None:
    line = edit_csv_row(raw_path(raw_copy, "sectors"), {"sector_id": "digital"}, **changes)
    refused(capsys, raw_copy, out, "sectors.csv", f"row {line}", column, value)


@pytest.mark.parametrize(
    ("emphasis", "column", "value"),
    [
        (("가장 중요한 핵심 사업", "1"), "'emphasis_ko'", "'가장 중요한 핵심 사업'"),
        (("", "999"), "'emphasis_paragraph'", "'999'"),
    ],
)
def test_an_unquoted_sector_carries_no_emphasis(
    raw_copy: Path,
    out: Path,
    capsys: pytest.CaptureFixture[str],
    emphasis: tuple[str, str],
    column: str,
    value: str,
) -> None:
    """Gyeonggi's sectors have no quote (no outlet names them): no source to check an
    emphasis against."""
    path = raw_path(raw_copy, "sectors", "gyeonggi_nd_2020")
    rows = rows_of(path)
    (line,) = [n for n, r in enumerate(rows, 1) if r[0] == "data"]
    assert rows[line - 1][rows[0].index("source_quote")] == ""
    write_rows(
        path,
        [[*rows[0], "emphasis_ko", "emphasis_paragraph"]]
        + [[*r, *(emphasis if n == line else ("", ""))] for n, r in enumerate(rows[1:], 2)],
    )
    refused(capsys, raw_copy, out, path, f"row {line}", column, value, "without a quote")


def test_a_truncated_job_count_is_not_a_whole_amount_of_its_quote(
    raw_copy: Path, out: Path, edit_csv_row: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    line = edit_csv_row(
        raw_path(raw_copy, "figures"), {"figure_id": "plan_jobs"}, value_raw="897개"
    )
    refused(capsys, raw_copy, out, "figures.csv", f"row {line}", "'value_raw'", "'897개'")


def test_a_truncated_worker_count_is_not_a_whole_amount_of_its_quote(
    raw_copy: Path, out: Path, edit_csv_row: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    path = raw_path(raw_copy, "refresh_workers_by_field")
    line = edit_csv_row(path, {"field_id": "quarantine_support"}, workers_raw="00명")
    refused(capsys, raw_copy, out, path, f"row {line}", "'workers_raw'", "'00명'")


def test_a_whole_amount_still_passes(built: dict, source_lines: list[str]) -> None:
    assert "총사업비 1천475억원" in source_lines[1]
    assert amounts_in("총사업비 1천475억원") == ["1천475억원"]
    figures = built["figures"]
    figures = figures[figures["plan_id"] == PLAN].set_index("figure_id")
    assert figures.at["plan_total_budget", "value"] == (1 * 1000 + 475) * 10**8
    assert figures.at["plan_jobs", "value"] == 9 * 1000 + 897


def test_a_project_name_the_quote_does_not_state_is_refused(
    raw_copy: Path, out: Path, edit_csv_row: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    path = raw_path(raw_copy, "projects")
    line = edit_csv_row(path, {"project_id": "digital_open_data"}, name_ko="공공데이터 전면 폐쇄")
    refused(capsys, raw_copy, out, path, f"row {line}", "'name_ko'", "공공데이터 전면 폐쇄")


def test_a_sector_name_the_quote_does_not_state_is_refused(
    raw_copy: Path, out: Path, edit_csv_row: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    path = raw_path(raw_copy, "sectors")
    line = edit_csv_row(path, {"sector_id": "green"}, sector_name_ko="그린뉴딜<script>")
    refused(capsys, raw_copy, out, path, f"row {line}", "'sector_name_ko'", "그린뉴딜<script>")


def test_an_editorial_field_name_must_be_marked_as_such(
    raw_copy: Path, out: Path, edit_csv_row: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    path = raw_path(raw_copy, "refresh_workers_by_field")
    line = edit_csv_row(path, {"field_id": "parks_forests"}, name_is_editorial="")
    refused(capsys, raw_copy, out, path, f"row {line}", "'field_ko'", "녹지대·산림환경개선")


def test_translations_are_editorial_and_not_quote_checked(
    raw_copy: Path, tmp_path: Path, edit_csv_row: Callable[..., int]
) -> None:
    edit_csv_row(
        raw_path(raw_copy, "translations_en"),
        {"kind": "sector", "id": "digital"},
        name_en="Digital!",
    )
    refresh_processed(raw_copy, tmp_path / "p")
    dictionary = (tmp_path / "p" / "data_dictionary.csv").read_text(encoding="utf-8")
    for line in dictionary.splitlines():
        if line.startswith(
            ("sectors,sector_en,", "projects,name_en,", "refresh_workers_by_field,field_en,")
        ):
            assert "editorial" in line, line


# -- 2. paragraph references in range --------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "where", "column"),
    [
        ("projects", {"project_id": "safety_refresh"}, "other_paragraphs"),
        ("projects", {"project_id": "digital_open_data"}, "source_paragraph"),
        ("figures", {"figure_id": "plan_jobs"}, "source_paragraph"),
    ],
)
def test_a_paragraph_beyond_the_source_is_refused(
    raw_copy: Path,
    out: Path,
    edit_csv_row: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
    source_lines: list[str],
    table: str,
    where: dict[str, str],
    column: str,
) -> None:
    value = "15;12345" if column == "other_paragraphs" else "12345"
    line = edit_csv_row(raw_path(raw_copy, table), where, **{column: value})
    refused(
        capsys,
        raw_copy,
        out,
        f"{table}.csv",
        f"row {line}",
        f"'{column}'",
        "'12345'",
        f"has {len(source_lines)} paragraphs",
    )


# -- 3. source files under data/raw and part of the data version -----------------------------


@pytest.mark.parametrize("kind", ["dotdot", "absolute", "symlink"])
def test_a_source_file_outside_raw_is_refused(
    raw_copy: Path,
    out: Path,
    edit_csv_row: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
    kind: str,
) -> None:
    # the source text must be a file inside its plan's folder (sources.csv, column file)
    outside = raw_copy / "plans" / "outside.txt"
    shutil.copy(raw_copy / SOURCE, outside)
    value = {
        "dotdot": "../outside.txt",
        "absolute": str(outside),
        "symlink": "sources/link.txt",
    }[kind]
    if kind == "symlink":
        (raw_copy / "plans" / PLAN / "sources" / "link.txt").symlink_to(outside)
    path = raw_path(raw_copy, "sources")
    line = edit_csv_row(path, {"source_id": "uijeongbu_announcement"}, file=value)
    refused(capsys, raw_copy, out, path, f"row {line}", "'file'", repr(value))


def test_editing_the_source_text_changes_the_data_version(raw_copy: Path) -> None:
    before, _ = data_version(raw_copy)
    with (raw_copy / SOURCE).open("a", encoding="utf-8") as fh:
        fh.write(" ")
    after, hashes = data_version(raw_copy)
    assert SOURCE in hashes
    assert after != before


# -- 4. units fit measures -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "where", "column", "value"),
    [
        (
            "reference_figures",
            {"scope": "digital", "measure": "total_cost", "horizon_year": "2025"},
            "value_raw",
            "58.2조명",
        ),
        (
            "reference_figures",
            {"scope": "digital", "measure": "jobs", "horizon_year": "2025"},
            "value_raw",
            "90.3만원",
        ),
        ("figures", {"figure_id": "digital_total_budget"}, "value_raw", "98억명"),
        ("figures", {"figure_id": "plan_jobs"}, "value_raw", "9천897원"),
        ("figures", {"figure_id": "refresh_duration"}, "value_raw", "4개"),
        ("refresh_workers_by_field", {"field_id": "quarantine_support"}, "workers_raw", "700원"),
    ],
)
def test_a_unit_that_does_not_fit_its_measure_is_refused(
    raw_copy: Path,
    out: Path,
    edit_csv_row: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
    table: str,
    where: dict[str, str],
    column: str,
    value: str,
) -> None:
    line = edit_csv_row(raw_path(raw_copy, table), where, **{column: value})
    refused(
        capsys,
        raw_copy,
        out,
        f"{table}.csv",
        f"row {line}",
        f"'{column}'",
        repr(value),
        "does not fit",
    )


# -- 5. one statement per figure ------------------------------------------------------------


def test_two_statements_of_one_figure_name_both_rows(
    raw_copy: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = raw_path(raw_copy, "figures")
    first = 1 + [r[0] for r in rows_of(path)].index("digital_city_budget")
    second = copy_row(path, "figure_id", "digital_city_budget", figure_id="digital_city_budget_2")
    refused(capsys, raw_copy, out, "figures.csv", f"rows {first} and {second}", "'measure'")


@pytest.mark.parametrize("flags", [("true", "true"), ("true", "")])
def test_preferred_needs_exactly_one_row_with_a_reason(
    raw_copy: Path, out: Path, capsys: pytest.CaptureFixture[str], flags: tuple[str, str]
) -> None:
    path = raw_path(raw_copy, "figures")
    copy_row(path, "figure_id", "digital_city_budget", figure_id="dup", preferred=flags[0])
    rows = rows_of(path)
    ids = [r[rows[0].index("figure_id")] for r in rows]
    rows[ids.index("digital_city_budget")][rows[0].index("preferred")] = flags[1]
    write_rows(path, rows)
    refused(capsys, raw_copy, out, "figures.csv", "preferred")


def test_the_preferred_statement_is_used_not_the_first_row(raw_copy: Path, tmp_path: Path) -> None:
    path = raw_path(raw_copy, "figures")
    # a second statement of the digital city budget, citing the sector total 98억원
    copy_row(
        path,
        "figure_id",
        "digital_city_budget",
        figure_id="digital_city_budget_alt",
        value_raw="98억원",
        source_quote="총사업비 98억원",
        preferred="true",
        preferred_reason="test: the later row wins",
    )
    refresh_processed(raw_copy, tmp_path / "p")
    sectors = list(csv.DictReader((tmp_path / "p" / "sectors.csv").open(encoding="utf-8")))
    (digital,) = [s for s in sectors if (s["plan_id"], s["sector_id"]) == (PLAN, "digital")]
    assert int(digital["own_funds_krw"]) == 98 * 10**8
    # the audit reads the same statement: the sector's city budget is the later row's 98억원
    audit = list(csv.DictReader((tmp_path / "p" / "audit.csv").open(encoding="utf-8")))
    (check,) = [a for a in audit if a["check_id"] == f"{PLAN}:digital:city_within_total"]
    assert int(check["derived"]) == 98 * 10**8


# -- 4b. the plan's horizon is a quoted figure; digits are ASCII --------------------------------


@pytest.mark.parametrize(
    ("plan", "changes", "column", "value", "words"),
    [
        # Uijeongbu states no plan-wide horizon (plan.csv note; projects run to 2021 and 2022)
        (PLAN, {"horizon_year": "2099"}, "'horizon_source_id'", "''", "go together"),
        (
            PLAN,
            {"horizon_year": "2099", "horizon_source_id": "uijeongbu_announcement"},
            "'horizon_year'",
            "'2099'",
            "states this horizon",
        ),
        # Chungnam: sedaily paragraph 1 "2025년까지 4조7,822억원", not 2030
        ("chungnam_nd_2020", {"horizon_year": "2030"}, "'horizon_year'", "'2030'", "2030년"),
        # full-width digits are not a year
        ("chungnam_nd_2020", {"horizon_year": "20２５"}, "'horizon_year'", "'20２５'", "[0-9]"),
        (PLAN, {"announced_date": "２０２０"}, "'announced_date'", "'２０２０'", "calendar date"),
    ],
)
def test_a_horizon_must_be_stated_by_its_source_in_ascii_digits(
    raw_copy: Path,
    out: Path,
    edit_csv_row: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
    plan: str,
    changes: dict[str, str],
    column: str,
    value: str,
    words: str,
) -> None:
    path = raw_path(raw_copy, "plans", plan)
    line = edit_csv_row(path, {"plan_id": plan}, **changes)
    refused(capsys, raw_copy, out, path, f"row {line}", column, value, words)


@pytest.mark.parametrize(
    ("table", "where", "column", "value"),
    [
        ("plans", {"plan_id": PLAN}, "announced_date", "2020-99-99"),
        ("plans", {"plan_id": PLAN}, "announced_date", "2020-13"),
        ("sources", {"source_id": "uijeongbu_announcement"}, "date", "2021-02-29"),
        ("reference_population", {"government_ko": "의정부시"}, "reference_date", "2020-02-31"),
        (
            "reference_exchange_rates",
            {"currency": "USD", "year": "2020"},
            "source_date",
            "2021-04-31",
        ),
    ],
)
def test_an_impossible_date_is_refused(
    raw_copy: Path,
    out: Path,
    edit_csv_row: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
    table: str,
    where: dict[str, str],
    column: str,
    value: str,
) -> None:
    line = edit_csv_row(raw_path(raw_copy, table), where, **{column: value})
    path = raw_path(raw_copy, table)
    refused(capsys, raw_copy, out, path, f"row {line}", f"'{column}'", repr(value), "calendar")


@pytest.mark.parametrize(
    ("sector", "order"),
    [("digital", "7"), ("safety", "5"), ("green", "1")],  # beyond n (twice), a repeat
)
def test_sector_order_numbers_the_sectors_one_to_n(
    raw_copy: Path,
    out: Path,
    edit_csv_row: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
    sector: str,
    order: str,
) -> None:
    """Uijeongbu states 4 sectors: their orders must be 1..4, each once (data/raw/README)."""
    path = raw_path(raw_copy, "sectors")
    line = edit_csv_row(path, {"sector_id": sector}, sector_order=order)
    refused(capsys, raw_copy, out, path, f"row {line}", "'sector_order'", repr(order), "1..4")


def test_a_project_is_a_component_of_a_whole_project_only(
    raw_copy: Path, out: Path, edit_csv_row: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    """A component's parent has no parent of its own: a project that is its own parent (or a
    chain, which could loop) would be listed under no whole project."""
    path = raw_path(raw_copy, "projects")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    component = next(r for r in rows if r["parent_project_id"])
    line = edit_csv_row(
        path,
        {"project_id": component["project_id"]},
        parent_project_id=component["project_id"],
    )
    refused(capsys, raw_copy, out, path, f"row {line}", "'parent_project_id'", "whole project")


# -- 5a. amounts: more than 0 (they divide), below 1경 (they fit int64) -----------------------


@pytest.mark.parametrize(
    ("figure_id", "stated", "value"),
    [
        # paragraph 2: "총사업비 1천475억원", the denominator of every sector's share
        ("plan_total_budget", "1천475억원", "0원"),
        # paragraph 2: "9천897개의 일자리", the denominator of the jobs checks of the audit
        ("plan_jobs", "9천897개", "0개"),
        # 10^23 won: more than int64 holds
        ("plan_total_budget", "1천475억원", "99,999,999,999,999,999,999원"),
    ],
)
def test_a_zero_or_huge_amount_is_refused_where_it_is_stated(
    raw_copy: Path,
    out: Path,
    edit_csv_row: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
    figure_id: str,
    stated: str,
    value: str,
) -> None:
    """The source text is edited too, so the quote still holds: the amount itself is refused."""
    source = raw_copy / SOURCE
    text = source.read_text(encoding="utf-8")
    assert text.split("\n")[1].count(stated) == 1
    source.write_text(text.replace(stated, value, 1), encoding="utf-8")
    path = raw_path(raw_copy, "figures")
    (quote,) = [r[6] for r in rows_of(path) if r[0] == figure_id]
    line = edit_csv_row(
        path, {"figure_id": figure_id}, value_raw=value, source_quote=quote.replace(stated, value)
    )
    message = refused(capsys, raw_copy, out, path, f"row {line}", "'value_raw'", repr(value))
    assert ("more than 0" if value.startswith("0") else "too large") in message


# -- 5b. the population: its figure stated by its quote, one row per plan ----------------------


def test_a_population_its_quote_does_not_state_is_refused(
    raw_copy: Path, out: Path, edit_csv_row: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    path = raw_path(raw_copy, "reference_population")
    rows = rows_of(path)
    (quote,) = [r[rows[0].index("source_quote")] for r in rows if r[0] == "의정부시"]
    assert quote == "의정부(46만6,455명)"  # population_README.md: "의정부(46만6,455명)"
    line = edit_csv_row(path, {"government_ko": "의정부시"}, population_raw="96만6,455명")
    refused(capsys, raw_copy, out, path, f"row {line}", "'population_raw'", "'96만6,455명'")


@pytest.mark.parametrize(
    ("changes", "column", "words"),
    [
        # a plan named by no row: its per-resident figures would have no population
        (None, "'plan_ids'", f"no population row names plan '{PLAN}'"),
        ({"plan_ids": f"{PLAN};nosuch_plan"}, "'plan_ids'", "'nosuch_plan', which has no folder"),
        # Incheon is named by its own row (row 4) already
        ({"plan_ids": f"{PLAN};incheon_nd_2020"}, "'plan_ids'", "already named by row 4"),
        ({"plan_ids": ""}, "'plan_ids'", "a second row without plan_ids"),
        ({"government_ko": "양주시"}, "'government_ko'", "'의정부시'"),
    ],
)
def test_population_rows_map_to_plans_one_to_one(
    raw_copy: Path,
    out: Path,
    edit_csv_row: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
    changes: dict[str, str] | None,
    column: str,
    words: str,
) -> None:
    path = raw_path(raw_copy, "reference_population")
    if changes is None:
        write_rows(path, [r for r in rows_of(path) if r[0] != "의정부시"])
        refused(capsys, raw_copy, out, path, column, words)
        return
    line = edit_csv_row(path, {"government_ko": "의정부시"}, **changes)
    refused(capsys, raw_copy, out, path, f"row {line}", column, words)


# -- 5c. a plan of another year: its amounts would be read as 2020 won -----------------------


def test_a_plan_announced_in_another_year_is_refused_naming_its_row(
    raw_copy: Path, out: Path, edit_csv_row: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    """Every amount is shown as 2020 won (the pages: "nominal 2020 won, as announced"); a
    plan of 2021 would be mislabelled, so the refresh refuses it (README, "Adding a plan")."""
    path = raw_path(raw_copy, "plans")
    line = edit_csv_row(path, {"plan_id": PLAN}, announced_date="2021-03-15")
    message = refused(capsys, raw_copy, out, path, f"row {line}", "'announced_date'")
    assert "'2021-03-15'" in message and "2020" in message


# -- 6. reference tables cover what the parameters offer -------------------------------------


@pytest.mark.parametrize(
    "table",
    ["reference_cpi", "reference_exchange_rates", "reference_pillars", "reference_figures"],
)
def test_a_header_only_reference_table_names_the_raw_file(
    raw_copy: Path, out: Path, capsys: pytest.CaptureFixture[str], table: str
) -> None:
    path = raw_path(raw_copy, table)
    write_rows(path, rows_of(path)[:1])
    message = refused(capsys, raw_copy, out, path, "no rows")
    assert "float64" not in message and str(out) not in message


def test_a_header_only_plan_csv_names_the_raw_file(
    raw_copy: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = raw_path(raw_copy, "plans")
    write_rows(path, rows_of(path)[:1])
    message = refused(capsys, raw_copy, out, path, "exactly one row", "has 0")
    assert "float64" not in message and str(out) not in message


@pytest.mark.parametrize("how", ["absent", "header_only"])
def test_an_optional_table_may_be_absent_or_header_only(
    raw_copy: Path, tmp_path: Path, how: str
) -> None:
    """A plan that states no workers by field leaves programme_workers.csv out (or empty):
    the refresh succeeds, with no field rows and no sum by field (here for every plan)."""
    from analysis.data.load import load_processed

    path = raw_path(raw_copy, "programme_workers")
    if how == "absent":
        path.unlink()
    else:
        write_rows(path, rows_of(path)[:1])
    folder = tmp_path / "p"
    assert main(["data", "--raw", str(raw_copy), "--out", str(folder)]) == 0
    assert load_processed("refresh_workers_by_field", folder).empty
    programme = load_processed("refresh_programme", folder).set_index("project_id")
    # still announced: 9천300여명 (paragraph 16), but no sum by field to compare with
    assert programme.at["safety_refresh", "workers_announced"] == 9 * 1000 + 300
    assert pd.isna(programme.at["safety_refresh", "workers_by_field_sum"])
    audit = load_processed("audit", folder)
    assert not audit["check_id"].str.contains("workers_by_field").any()


def test_fields_of_a_programme_without_its_announced_workers_name_the_raw_rows(
    raw_copy: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """programme_workers.csv rows compare with the programme's announced workers (paragraph
    16: 9천300여명): without that figure, the error names the raw rows, not an output."""
    figures = raw_path(raw_copy, "figures")
    write_rows(figures, [r for r in rows_of(figures) if r[0] != "refresh_workers"])
    path = raw_path(raw_copy, "programme_workers")
    message = refused(
        capsys, raw_copy, out, path, "row 2", "'project_id'", "'safety_refresh'", "workers figure"
    )
    assert str(out) not in message


def test_plans_that_state_no_programme_refresh(raw_copy: Path, tmp_path: Path) -> None:
    """Neither workers figure nor fields: no programme rows, and the refresh succeeds."""
    from analysis.data.load import load_processed

    figures = raw_path(raw_copy, "figures")
    write_rows(figures, [r for r in rows_of(figures) if r[0] != "refresh_workers"])
    raw_path(raw_copy, "programme_workers").unlink()
    folder = tmp_path / "p"
    assert main(["data", "--raw", str(raw_copy), "--out", str(folder)]) == 0
    assert load_processed("refresh_programme", folder).empty


def test_a_missing_cpi_year_is_refused(
    raw_copy: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = raw_path(raw_copy, "reference_cpi")
    write_rows(path, [r for r in rows_of(path) if r[0] != "2025"])
    refused(capsys, raw_copy, out, path, "'year'", "'2025'")


def test_a_missing_default_exchange_rate_is_refused(
    raw_copy: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = raw_path(raw_copy, "reference_exchange_rates")
    rows = rows_of(path)
    rows[1][1] = "2021"
    write_rows(path, rows)
    refused(capsys, raw_copy, out, path, "'year'", "'2020'", "USD")


# -- 7. robust reading ------------------------------------------------------------------------


def _rewrite_texts(raw: Path, change: Callable[[str], str]) -> None:
    for path in [*raw.rglob("*.csv"), *raw.rglob("*.txt")]:
        path.write_bytes(change(path.read_bytes().decode("utf-8")).encode("utf-8"))


def _same_processed(a: Path, b: Path) -> None:
    files_a, files_b = snapshot(a), snapshot(b)
    files_a.pop("metadata.json"), files_b.pop("metadata.json")  # it names the raw hashes
    assert files_a == files_b


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_cr_only_and_crlf_line_ends_give_the_same_processed_data(
    raw_copy: Path, tmp_path: Path, newline: str
) -> None:
    refresh_processed(raw_copy, tmp_path / "lf")
    _rewrite_texts(raw_copy, lambda text: text.replace("\n", newline))
    refresh_processed(raw_copy, tmp_path / "other")
    _same_processed(tmp_path / "lf", tmp_path / "other")


def test_nfd_hangul_gives_byte_identical_processed_data(raw_copy: Path, tmp_path: Path) -> None:
    refresh_processed(raw_copy, tmp_path / "nfc")
    _rewrite_texts(raw_copy, lambda text: unicodedata.normalize("NFD", text))
    assert unicodedata.normalize("NFD", "뉴딜") in (raw_path(raw_copy, "sectors")).read_text(
        encoding="utf-8"
    )
    refresh_processed(raw_copy, tmp_path / "nfd")
    _same_processed(tmp_path / "nfc", tmp_path / "nfd")


def test_a_field_beyond_the_csv_limit_names_file_and_row(
    raw_copy: Path, out: Path, edit_csv_row: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    line = edit_csv_row(
        raw_path(raw_copy, "figures"),
        {"figure_id": "plan_jobs"},
        source_quote="가" * (csv.field_size_limit() + 1),
    )
    refused(capsys, raw_copy, out, "figures.csv", f"row {line}", "field larger than field limit")


@pytest.mark.parametrize(
    ("table", "column"),
    [("plans", "note"), ("figures", "measure"), ("reference_cpi", "year")],
)
def test_a_column_named_twice_in_a_header_names_file_and_column(
    raw_copy: Path, out: Path, capsys: pytest.CaptureFixture[str], table: str, column: str
) -> None:
    """A second column of the same name (its cells a copy of the first's) is refused as such,
    not read as one of the two."""
    path = raw_path(raw_copy, table)
    rows = rows_of(path)
    at = rows[0].index(column)
    write_rows(path, [[*row, row[at]] for row in rows])
    message = refused(capsys, raw_copy, out, path, "row 1", repr(column), "named twice")
    assert str(out) not in message


def test_an_output_folder_that_is_a_file_is_a_file_system_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 3 (the build's code for a refused write), one line naming the path; the file is
    left as it was."""
    target = tmp_path / "processed"
    target.write_bytes(b"not a folder\n")
    code = main(["data", "--out", str(target)])
    message = capsys.readouterr().err
    assert code == 3, message
    assert message.startswith(f"error: {target}") and message.count("\n") == 1, message
    assert "Traceback" not in message
    assert target.read_bytes() == b"not a folder\n"


@pytest.fixture
def unwritable(tmp_path: Path) -> Iterator[Path]:
    """A folder this process may not write in: read-only by its mode, or, for root (whom
    modes do not stop), immutable (``chattr +i``, undone afterwards)."""
    folder = tmp_path / "unwritable"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"root, and chattr +i is refused here: {made.stderr!r}")
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_an_output_folder_without_permission_is_a_file_system_error(
    unwritable: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """README: no permission is one line naming the path and the OS error, exit code 3."""
    target = unwritable / "processed"
    code = main(["data", "--out", str(target)])
    message = capsys.readouterr().err
    assert code == 3, message
    assert message.startswith(f"error: {target}") and message.count("\n") == 1, message
    assert re.search(r"(Permission denied \(EACCES\)|Operation not permitted \(EPERM\))$", message)
    assert not target.exists()


# -- 8. the refresh switches as one step -------------------------------------------------------


def _start_refresh(raw: Path, folder: Path, pause: float) -> subprocess.Popen[bytes]:
    env = os.environ | {PAUSE_ENV: str(pause)}
    command = [sys.executable, "-m", "analysis", "data", "--raw", str(raw), "--out", str(folder)]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.mark.parametrize("moment", ["staging", "journal", "one_rename", "two_renames"])
def test_a_kill_during_the_refresh_leaves_old_or_new_complete(
    raw_copy: Path, out: Path, tmp_path: Path, edit_csv_row: Callable[..., int], moment: str
) -> None:
    from analysis.data.load import load_processed

    old = snapshot(out)
    # a new English sector name changes several processed files at once
    edit_csv_row(
        raw_path(raw_copy, "translations_en"),
        {"kind": "sector", "id": "digital"},
        name_en="Digital economy",
    )
    refresh_processed(raw_copy, tmp_path / "new")
    new = {n: b for n, b in snapshot(tmp_path / "new").items() if not n.startswith(".")}
    assert sum(old.get(n) != b for n, b in new.items()) >= 3
    process = _start_refresh(raw_copy, out, pause=0.4)
    try:
        if moment == "staging":
            _wait_for(lambda: any(out.glob(".staging-*")))
        else:
            _wait_for(lambda: (out / JOURNAL).is_file())
            time.sleep({"journal": 0.1, "one_rename": 0.5, "two_renames": 0.9}[moment])
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    load_processed("sectors", out)  # a reader finishes an interrupted switch
    seen = {n: b for n, b in snapshot(out).items() if not n.startswith(".")}
    visible_old = {n: b for n, b in old.items() if not n.startswith(".")}
    assert seen in (visible_old, new)
    assert not (out / JOURNAL).exists()
    refresh_processed(raw_copy, out)
    assert {n: b for n, b in snapshot(out).items() if not n.startswith(".")} == new
    assert not [p for p in out.iterdir() if p.name.startswith((".staging-", JOURNAL))]


def test_every_measure_has_declared_units() -> None:
    from analysis.data.contracts import MEASURE_UNITS
    from analysis.data.raw_schemas import FIGURE_MEASURES, REFERENCE_MEASURES

    assert set(FIGURE_MEASURES) | set(REFERENCE_MEASURES) == set(MEASURE_UNITS)
