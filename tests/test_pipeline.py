"""The pipeline (:func:`analysis.data.refresh.refresh_processed` and ``python -m analysis data``):
writes every file, rewrites nothing that is unchanged, is deterministic, and on bad input
exits 2 with an error naming file, row, column and value - leaving the output untouched.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from conftest import raw_path, wait_until_blocked
from pandas.api import types as ptypes

from analysis.data.load import (
    _read_table,
    column_dtypes,
    preload_processed,
    processed_column,
)
from analysis.data.raw import RawDataError
from analysis.data.refresh import data_version, load_processed, refresh_processed
from analysis.data.version import processed_is_current
from analysis.locks import data_lock

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"

#: Every file a refresh writes, listed by hand.
EXPECTED_FILES = {
    "plans.csv",
    "sources.csv",
    "tasks.csv",
    "population.csv",
    "figures.csv",
    "sectors.csv",
    "projects.csv",
    "refresh_programme.csv",
    "refresh_workers_by_field.csv",
    "reference_figures.csv",
    "reference_pillars.csv",
    "exchange_rates.csv",
    "cpi.csv",
    "audit.csv",
    "data_dictionary.csv",
    "metadata.json",
}


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too, but not the empty ``.lock`` file that
    :func:`analysis.locks.data_lock` keeps), by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not (p.name == ".lock" and p.parent == folder and p.stat().st_size == 0)
    }


def _start_cli(raw: Path, out: Path) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-m", "analysis", "data", "--raw", str(raw), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
    )


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A processed folder built once from the real raw data."""
    out = tmp_path_factory.mktemp("prebuilt") / "processed"
    refresh_processed(RAW, out)
    return out


@pytest.fixture
def out_copy(prebuilt: Path, tmp_path: Path) -> Path:
    """A private copy of the prebuilt processed folder."""
    target = tmp_path / "processed"
    shutil.copytree(prebuilt, target)
    return target


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def test_refresh_writes_all_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = refresh_processed(RAW, out)
    assert set(result.written) == EXPECTED_FILES
    assert result.unchanged == ()
    assert set(_snapshot(out)) == EXPECTED_FILES  # no staging folder left behind
    for name in EXPECTED_FILES:
        data = (out / name).read_bytes()
        assert data.endswith(b"\n") and b"\r\n" not in data, name
        data.decode("utf-8")
    # one row per raw row, for the tables that map one to one
    for raw_files, out_name in [
        ("plans/*/figures.csv", "figures"),
        ("plans/*/sectors.csv", "sectors"),
        ("plans/*/sources.csv", "sources"),
        ("plans/*/projects.csv", "projects"),
        ("plans/*/programme_workers.csv", "refresh_workers_by_field"),
        ("reference/national_figures.csv", "reference_figures"),
        ("reference/cpi.csv", "cpi"),
    ]:
        raw_rows = 0
        for path in RAW.glob(raw_files):
            with path.open(encoding="utf-8", newline="") as fh:
                raw_rows += len(list(csv.DictReader(fh)))
        assert raw_rows > 0, raw_files
        assert len(pd.read_csv(out / f"{out_name}.csv")) == raw_rows, out_name
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["data_version"] == result.data_version == data_version(RAW)[0]
    # every raw table and both source texts are hashed, each with its true SHA-256
    inputs = {str(p.relative_to(RAW)) for p in RAW.rglob("*.csv")} | {
        "plans/uijeongbu_snd_2020/sources/uijeongbu_announcement.txt",
        "reference/national_figures_README.md",
    }
    hashes = metadata["raw_files_sha256"]
    assert inputs <= set(hashes)
    for name in inputs:
        assert hashes[name] == hashlib.sha256((RAW / name).read_bytes()).hexdigest(), name


def test_second_run_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    refresh_processed(RAW, out)
    before = _snapshot(out)
    mtimes = {name: (out / name).stat().st_mtime_ns for name in before}
    result = refresh_processed(RAW, out)
    assert result.written == ()
    assert set(result.unchanged) == EXPECTED_FILES
    assert _snapshot(out) == before
    assert {name: (out / name).stat().st_mtime_ns for name in before} == mtimes


def test_builds_are_deterministic(tmp_path: Path, raw_copy: Path) -> None:
    """Two builds into two folders (one from a copy of the raw folder) give the same bytes."""
    first, second = tmp_path / "a" / "processed", tmp_path / "b" / "elsewhere"
    refresh_processed(RAW, first)
    refresh_processed(raw_copy, second)
    a, b = _snapshot(first), _snapshot(second)
    assert set(a) == EXPECTED_FILES
    assert a == b


def test_changed_raw_changes_only_what_depends_on_it(
    tmp_path: Path, raw_copy: Path, edit_csv_row
) -> None:
    out = tmp_path / "out"
    refresh_processed(raw_copy, out)
    before = _snapshot(out)
    # an English label only: the projects table, the metadata (raw hashes) change
    edit_csv_row(
        raw_path(raw_copy, "translations_en"),
        {"kind": "project", "id": "digital_public_wifi"},
        name_en="Free public Wi-Fi",
    )
    result = refresh_processed(raw_copy, out)
    assert set(result.written) == {"projects.csv", "metadata.json"}
    after = _snapshot(out)
    assert {k for k in before if before[k] != after[k]} == {"projects.csv", "metadata.json"}
    assert result.data_version != json.loads(before["metadata.json"])["data_version"]


# ---------------------------------------------------------------------------
# Freshness: what a build checks before it skips the refresh
# ---------------------------------------------------------------------------
PACKAGE = ROOT / "src" / "analysis"


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the package's source files (no ``__pycache__``), which the freshness check
    reads as the refresh's code instead of the package, and a copy of the lock file."""
    from analysis.data import version

    target = tmp_path / "analysis"
    shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__"))
    lock = tmp_path / "requirements.lock"
    shutil.copyfile(ROOT / "requirements.lock", lock)
    monkeypatch.setattr(version, "PACKAGE_DIR", target)
    monkeypatch.setattr(version, "LOCK_FILE", lock)
    return target


def _append(path: Path, text: str) -> None:
    """Add ``text`` at the end of the file ``path`` (made if missing)."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(old + text, encoding="utf-8")


@pytest.mark.parametrize(
    ("edited", "current"),
    [
        ("data/clean.py", False),  # the data wing
        ("data/audit/__init__.py", False),  # in a folder of it
        ("files.py", False),  # a shared module the data wing imports
        ("requirements.lock", False),  # the libraries it runs on
        ("briefing/charts.py", True),  # another wing: what a kernel runs
        ("site/build.py", True),
        ("file_records.py", True),  # a shared module the data wing never imports
        ("data/clean.py.orig", True),  # a stray file in the data wing: not code
    ],
)
def test_processed_data_are_current_only_for_the_code_that_made_them(
    prebuilt: Path, package_copy: Path, edited: str, current: bool
) -> None:
    """A build skips the refresh when ``processed_is_current``: the raw files, the processed
    files, and the refresh's own code and lock file must all be those the refresh recorded.
    A fix in the cleaning code must reach the processed data, not only the briefings."""
    assert processed_is_current(RAW, prebuilt)  # the copy is the package, byte for byte
    target = package_copy.parent / edited if edited.endswith(".lock") else package_copy / edited
    _append(target, "\n# edited\n")
    assert processed_is_current(RAW, prebuilt) is current


def test_a_refresh_records_its_code_and_is_then_current(package_copy: Path, out_copy: Path) -> None:
    """After the refresh's code changed, the next refresh records it: the processed data are
    current again, and only ``metadata.json`` changed (the code made the same tables)."""
    before = _snapshot(out_copy)
    _append(package_copy / "data" / "clean.py", "\n# edited\n")
    assert not processed_is_current(RAW, out_copy)
    result = refresh_processed(RAW, out_copy)
    assert result.written == ("metadata.json",)
    assert processed_is_current(RAW, out_copy)
    after = json.loads((out_copy / "metadata.json").read_text(encoding="utf-8"))
    assert (
        after["refresh_code_sha256"] != json.loads(before["metadata.json"])["refresh_code_sha256"]
    )
    assert {name for name in before if before[name] != _snapshot(out_copy)[name]} == {
        "metadata.json"
    }


def test_processed_data_are_not_current_once_a_raw_or_processed_file_changed(
    raw_copy: Path, out_copy: Path, edit_csv_row
) -> None:
    """The other inputs of the check: a raw file edited, a processed file altered."""
    assert processed_is_current(raw_copy, out_copy)
    _append(out_copy / "sectors.csv", "\n")
    assert not processed_is_current(raw_copy, out_copy)
    refresh_processed(raw_copy, out_copy)
    assert processed_is_current(raw_copy, out_copy)
    edit_csv_row(
        raw_path(raw_copy, "translations_en"),
        {"kind": "project", "id": "digital_public_wifi"},
        name_en="Free public Wi-Fi",
    )
    assert not processed_is_current(raw_copy, out_copy)


def _analysis_imports(source: str, package: tuple[str, ...]) -> set[str]:
    """The package's top-level modules (``files``, ``paths``...) and wings that a module of
    ``package`` (``("analysis", "data")``) imports, anywhere in ``source`` (inside functions
    too), relative imports resolved."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level:  # from ..files import x
            base = package[: len(package) - node.level + 1]
            node = ast.ImportFrom(".".join([*base, node.module or ""]).rstrip("."), node.names, 0)
        if isinstance(node, ast.ImportFrom) and node.module == "analysis":
            found |= {alias.name for alias in node.names}
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        found |= {n.split(".")[1] for n in names if n.startswith("analysis.")}
    return found


def test_the_refresh_code_is_the_data_wing_and_the_shared_modules_it_imports() -> None:
    """``version.REFRESH_SHARED_MODULES`` lists every shared module the data wing imports,
    directly or through another, and no other (with the package's ``__init__``)."""
    from analysis.data.version import REFRESH_SHARED_MODULES

    def imports(path: Path) -> set[str]:
        package = path.relative_to(PACKAGE.parent).parent.parts
        return _analysis_imports(path.read_text(encoding="utf-8"), package)

    example = "import analysis.paths\nfrom analysis import errors\nfrom ...files import x\n"
    example += "def f():\n    from ..locks import y\n    from . import z\n"
    assert _analysis_imports(example, ("analysis", "data", "audit")) == {
        "paths",
        "errors",
        "files",
        "data",
    }
    todo = set().union(*(imports(p) for p in (PACKAGE / "data").rglob("*.py")))
    todo.discard("data")
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        seen.add(name)
        assert (PACKAGE / f"{name}.py").is_file(), f"the data wing imports analysis.{name}"
        todo |= imports(PACKAGE / f"{name}.py") - seen - {"data"}
    assert seen >= {"files", "paths"}  # the scan finds what the refresh is known to import
    assert sorted(REFRESH_SHARED_MODULES) == sorted({"__init__.py"} | {f"{n}.py" for n in seen})


def test_the_committed_processed_data_are_what_the_refresh_makes(prebuilt: Path) -> None:
    """``data/processed`` in the repository is what the current code makes from ``data/raw``
    (after a change to the refresh's code or the lock file, run ``make data`` and commit)."""
    committed = _snapshot(ROOT / "data" / "processed")
    fresh = _snapshot(prebuilt)
    stale = sorted(
        name for name in committed.keys() | fresh.keys() if committed.get(name) != fresh.get(name)
    )
    assert not stale, f"data/processed is not what the refresh makes now ({stale}): run `make data`"
    assert processed_is_current(RAW, ROOT / "data" / "processed")


# ---------------------------------------------------------------------------
# Reading back
# ---------------------------------------------------------------------------


def test_a_replaced_data_dictionary_is_read_anew(out_copy: Path) -> None:
    """The dtypes are read once per version of the data dictionary: a dictionary replaced
    (as a refresh replaces it, by rename) gives its own, in the same process."""
    assert column_dtypes("sectors", out_copy)["jobs"] == "Int64"
    dictionary = out_copy / "data_dictionary.csv"
    rows = list(csv.DictReader(dictionary.open(encoding="utf-8-sig", newline="")))
    for row in rows:
        if (row["layer"], row["table"], row["column"]) == ("processed", "sectors", "jobs"):
            row["dtype"] = "float64"
    replacement = out_copy / "dictionary.new"
    with replacement.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    os.replace(replacement, dictionary)
    assert column_dtypes("sectors", out_copy)["jobs"] == "float64"
    assert str(load_processed("sectors", out_copy)["jobs"].dtype) == "float64"


def test_a_table_is_parsed_once_per_version_of_its_file_and_handed_out_as_copies(
    out_copy: Path,
) -> None:
    """``load_processed`` keeps each table it parsed (by the version of its file) and gives
    every caller a copy: one caller's changes reach no other; a file replaced (as a
    refresh replaces it, by rename) is parsed anew."""
    parsed = _read_table.cache_info().misses
    first = load_processed("sectors", out_copy)
    as_read = first.copy()
    first.loc[0, "sector_id"] = "changed"
    first["added"] = 1
    again = load_processed("sectors", out_copy)
    assert _read_table.cache_info().misses == parsed + 1  # the second read parsed nothing
    assert again.equals(as_read) and list(again.dtypes) == list(as_read.dtypes)
    lines = (out_copy / "sectors.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    replacement = out_copy / "sectors.new"
    replacement.write_text("".join(lines[:-1]), encoding="utf-8")  # one row fewer
    os.replace(replacement, out_copy / "sectors.csv")
    assert len(load_processed("sectors", out_copy)) == len(again) - 1
    assert _read_table.cache_info().misses == parsed + 2


def test_preload_processed_reads_every_table_of_the_dictionary_ahead(out_copy: Path) -> None:
    names = preload_processed(out_copy)
    tables = {path.stem for path in out_copy.glob("*.csv")} - {"data_dictionary"}
    assert sorted(names) == sorted(tables)
    parsed = _read_table.cache_info().misses
    for name in names:
        load_processed(name, out_copy)
    assert _read_table.cache_info().misses == parsed  # every table was kept


def test_load_processed_sectors_dtypes(prebuilt: Path) -> None:
    sectors = load_processed("sectors", prebuilt)
    # stated amounts are exact ints, nullable: a plan may not state them
    for column in ("total_budget_krw", "own_funds_krw", "not_own_funds_krw"):
        assert str(sectors[column].dtype) == "Int64", column
    for column in (
        "named_project_count",
        "brand_project_count",
        "contest_selected_count",
    ):
        assert str(sectors[column].dtype) == "int64", column
    for column in ("jobs", "task_count", "project_count"):
        assert str(sectors[column].dtype) == "Int64", column
    by_id = sectors[sectors["plan_id"] == "uijeongbu_snd_2020"].set_index("sector_id")
    assert by_id.loc["digital", "total_budget_krw"] == 98 * 10**8
    assert by_id.loc["safety", "jobs"] == 9 * 1000 + 348
    assert pd.isna(by_id.loc["green", "jobs"])
    assert by_id.loc["digital", "source_paragraphs"] == "3;4"


def test_load_processed_keeps_every_column_type(
    prebuilt: Path, built: dict[str, pd.DataFrame]
) -> None:
    """Reading a processed table back gives the kind of column that was written:
    integers stay integers, floats stay floats, flags stay flags, text stays text."""

    def kind(series: pd.Series) -> str:
        if ptypes.is_bool_dtype(series):
            return "bool"
        if ptypes.is_integer_dtype(series):
            return "int"
        if ptypes.is_float_dtype(series):
            return "float"
        return "text"

    changed = []
    for name, frame in built.items():
        loaded = load_processed(name, prebuilt)
        assert list(loaded.columns) == list(frame.columns), name
        assert len(loaded) == len(frame), name
        for column in frame.columns:
            if kind(frame[column]) != kind(loaded[column]):
                changed.append((name, column, str(frame[column].dtype), str(loaded[column].dtype)))
    assert changed == []


def test_processed_column_gives_each_text_and_integer_column_as_written(
    prebuilt: Path, built: dict[str, pd.DataFrame]
) -> None:
    """One column read without pandas (for the build's own process): the cells as the
    refresh wrote them, in order; text and integer columns compared with what was built."""
    compared = 0
    for name, frame in built.items():
        for column in frame.columns:
            series = frame[column]
            if ptypes.is_bool_dtype(series) or ptypes.is_float_dtype(series):
                continue  # their text form is the writer's, not a value to compare
            expected = ["" if pd.isna(v) else str(v) for v in series]
            assert processed_column(name, column, prebuilt) == expected, (name, column)
            compared += 1
    assert compared > 20


def test_processed_column_names_the_file_and_the_missing_column(prebuilt: Path) -> None:
    with pytest.raises(KeyError, match=r"cpi\.csv.*'no_such_column'"):
        processed_column("cpi", "no_such_column", prebuilt)
    with pytest.raises(FileNotFoundError, match=r"no_such_table\.csv"):
        processed_column("no_such_table", "year", prebuilt)


# ---------------------------------------------------------------------------
# Bad input: exit 2, a precise error, nothing written
# ---------------------------------------------------------------------------


def _malformed_amount(raw: Path, edit: Callable[..., int]) -> dict:
    """'98억원' -> '98억워' in the figure, its quote and the source copy (provenance holds)."""
    source = raw_path(raw, "sources").parent / "sources" / "uijeongbu_announcement.txt"
    text = source.read_text(encoding="utf-8")
    assert text.count("98억원") == 1
    source.write_text(text.replace("98억원", "98억워"), encoding="utf-8")
    row = edit(
        raw_path(raw, "figures"),
        {"figure_id": "digital_total_budget"},
        value_raw="98억워",
        source_quote="총사업비 98억워(시비 80억원)",
    )
    return {
        "file": "plans/uijeongbu_snd_2020/figures.csv",
        "row": row,
        "column": "value_raw",
        "value": "98억워",
    }


def _bad_characters(raw: Path, edit: Callable[..., int]) -> dict:
    """A value that is not an amount at all, changed in the table only (so it is also
    not in its quote)."""
    row = edit(raw_path(raw, "figures"), {"figure_id": "green_city_budget"}, value_raw="5X0억원")
    return {
        "file": "plans/uijeongbu_snd_2020/figures.csv",
        "row": row,
        "column": "value_raw",
        "value": "5X0억원",
    }


def _missing_column(raw: Path, edit: Callable[..., int]) -> dict:
    path = raw_path(raw, "figures")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    columns = [c for c in rows[0] if c != "source_quote"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return {
        "file": "plans/uijeongbu_snd_2020/figures.csv",
        "row": None,
        "column": "source_quote",
        "value": None,
    }


def _unknown_sector(raw: Path, edit: Callable[..., int]) -> dict:
    row = edit(
        raw_path(raw, "projects"), {"project_id": "culture_smart_library"}, sector_id="library"
    )
    return {
        "file": "plans/uijeongbu_snd_2020/projects.csv",
        "row": row,
        "column": "sector_id",
        "value": "library",
    }


def _cp949(raw: Path, edit: Callable[..., int]) -> dict:
    path = raw_path(raw, "figures")
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp949"))
    # the first line with a non-ASCII character, counted here (header = line 1)
    first = next(i for i, line in enumerate(text.split("\n"), start=1) if not line.isascii())
    assert first == 2  # "...,plan_sector_count,plan,sector_count,4개,..."
    return {
        "file": "plans/uijeongbu_snd_2020/figures.csv",
        "row": first,
        "column": None,
        "value": None,
        "cp949": True,
    }


BAD_INPUTS = {
    "malformed_amount": _malformed_amount,
    "not_an_amount": _bad_characters,
    "missing_column": _missing_column,
    "unknown_sector": _unknown_sector,
    "cp949": _cp949,
}
#: The cases also run through the command line (each costs a Python start-up).
CLI_CASES = ["malformed_amount", "missing_column", "unknown_sector", "cp949"]


def _check_message(message: str, raw: Path, expected: dict) -> None:
    assert str(raw / expected["file"]) in message, message
    if expected["row"] is not None:
        assert f"row {expected['row']}" in message, message
    if expected["column"] is not None:
        assert repr(expected["column"]) in message, message
    if expected["value"] is not None:
        assert repr(expected["value"]) in message, message
    if expected.get("cp949"):
        # no column to name: the file is not text yet; the value is the offending bytes
        assert "UTF-8" in message and "CP949" in message, message
        assert "value '" in message, message


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_function(case: str, raw_copy: Path, out_copy: Path, edit_csv_row) -> None:
    expected = BAD_INPUTS[case](raw_copy, edit_csv_row)
    before = _snapshot(out_copy)
    with pytest.raises(RawDataError) as info:
        refresh_processed(raw_copy, out_copy)
    err = info.value
    assert Path(err.file) == raw_copy / expected["file"]
    if expected["row"] is not None:
        assert err.row == expected["row"]
    if expected["column"] is not None:
        assert err.column == expected["column"]
    if expected["value"] is not None:
        assert err.value == expected["value"]
    _check_message(str(err), raw_copy, expected)
    assert _snapshot(out_copy) == before


@pytest.fixture(scope="module")
def cli_runs(
    prebuilt: Path, tmp_path_factory: pytest.TempPathFactory, edit_csv_row
) -> dict[str, dict]:
    """``python -m analysis data`` on each bad input (and once on the good raw data),
    run concurrently to save time. Each run gets its own raw copy and its own copy of the
    prebuilt processed folder; the folder is snapshotted before and after."""
    runs: dict[str, dict] = {}
    for case in [*CLI_CASES, "good"]:
        base = tmp_path_factory.mktemp(f"cli-{case}")
        raw, out = base / "raw", base / "processed"
        shutil.copytree(RAW, raw)
        for path in raw.rglob("*"):  # the source texts are read-only in the repository
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
        shutil.copytree(prebuilt, out)
        expected = BAD_INPUTS[case](raw, edit_csv_row) if case != "good" else None
        runs[case] = {"raw": raw, "out": out, "expected": expected, "before": _snapshot(out)}
    procs = {case: _start_cli(run["raw"], run["out"]) for case, run in runs.items()}
    for case, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=120)
        runs[case] |= {
            "returncode": proc.returncode,
            "stdout": stdout,
            "stderr": stderr,
            "after": _snapshot(runs[case]["out"]),
        }
    return runs


def test_cli_second_run_reports_unchanged(cli_runs: dict[str, dict]) -> None:
    run = cli_runs["good"]
    assert run["returncode"] == 0, run["stderr"]
    assert f"0 written, {len(EXPECTED_FILES)} unchanged" in run["stdout"]
    assert run["after"] == run["before"]


@pytest.mark.parametrize("case", CLI_CASES)
def test_bad_input_cli(case: str, cli_runs: dict[str, dict]) -> None:
    run = cli_runs[case]
    assert run["returncode"] == 2, (run["stdout"], run["stderr"])
    assert "Traceback" not in run["stderr"]
    assert run["stderr"].startswith("error: "), run["stderr"]
    _check_message(run["stderr"], run["raw"], run["expected"])
    assert run["after"] == run["before"]


def test_bad_input_leaves_a_missing_out_folder_missing(
    raw_copy: Path, tmp_path: Path, edit_csv_row
) -> None:
    _unknown_sector(raw_copy, edit_csv_row)
    out = tmp_path / "never"
    with pytest.raises(RawDataError):
        refresh_processed(raw_copy, out)
    assert not out.exists()


def test_own_funds_larger_than_the_total_are_kept_for_the_audit(
    raw_copy: Path, out_copy: Path, edit_csv_row
) -> None:
    """시비 larger than 총사업비 (180억원 of 98억원, edited consistently in the figures, the
    quotes and the source copy) is what the text says: the refresh keeps it (no share above
    1 check on data that is a finding) and the audit reports the part exceeding its whole."""
    source = raw_path(raw_copy, "sources").parent / "sources" / "uijeongbu_announcement.txt"
    text = source.read_text(encoding="utf-8")
    assert text.count("(시비 80억원)") == 1
    source.write_text(text.replace("(시비 80억원)", "(시비 180억원)"), encoding="utf-8")
    edit_csv_row(
        raw_path(raw_copy, "figures"),
        {"figure_id": "digital_city_budget"},
        value_raw="180억원",
        source_quote="시비 180억원",
    )
    edit_csv_row(
        raw_path(raw_copy, "figures"),
        {"figure_id": "digital_total_budget"},
        source_quote="총사업비 98억원(시비 180억원)",
    )
    refresh_processed(raw_copy, out_copy)
    sectors = load_processed("sectors", out_copy)
    digital = sectors[
        (sectors["plan_id"] == "uijeongbu_snd_2020") & (sectors["sector_id"] == "digital")
    ].iloc[0]
    assert digital["own_funds_krw"] == 180 * 10**8
    assert digital["not_own_funds_krw"] == (98 - 180) * 10**8
    audit = load_processed("audit", out_copy).set_index("check_id")
    assert audit.loc["uijeongbu_snd_2020:digital:city_within_total", "verdict"] == "inconsistent"


def test_data_version_ignores_notes_in_the_raw_folder(raw_copy: Path, edit_csv_row) -> None:
    """The version changes when a raw table or a source text changes, and only then
    (docstring of data_version): a note beside the tables is neither."""
    version = data_version(raw_copy)[0]
    notes = raw_copy / "README.md"
    old = notes.read_text(encoding="utf-8") if notes.exists() else ""
    notes.write_text(old + "\nA note for readers.\n", encoding="utf-8")
    assert data_version(raw_copy)[0] == version
    # ...while a change to a table or to the source text does change it
    edit_csv_row(
        raw_path(raw_copy, "plans"),
        {"plan_id": "uijeongbu_snd_2020"},
        government_en="Uijeongbu City",
    )
    changed_table = data_version(raw_copy)[0]
    assert changed_table != version
    source = raw_path(raw_copy, "sources").parent / "sources" / "uijeongbu_announcement.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert data_version(raw_copy)[0] != changed_table


def test_a_refresh_waits_while_a_reader_holds_the_folder(
    raw_copy: Path, out_copy: Path, edit_csv_row
) -> None:
    """README: a refresh of ``data/processed`` takes an exclusive lock on the folder, which a
    build holds shared while its kernels read (``test_build``): started while a reader
    holds it, ``python -m analysis data`` waits, changing nothing, then refreshes."""
    before = _snapshot(out_copy)
    edit_csv_row(
        raw_path(raw_copy, "translations_en"),
        {"kind": "sector", "id": "digital"},
        name_en="Digital economy",
    )
    with data_lock(out_copy, exclusive=False):
        proc = _start_cli(raw_copy, out_copy)
        wait_until_blocked(out_copy / ".lock", proc)
        assert _snapshot(out_copy) == before
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "Digital economy" in (out_copy / "sectors.csv").read_text(encoding="utf-8")


def test_load_processed_keeps_text_as_written_and_reads_declared_types(tmp_path: Path) -> None:
    """Text cells come back as the strings written ("NA", "None" and "007" too; an empty one
    as ""), a declared integer column as its nullable dtype, a column the dictionary does not
    declare as text; a byte-order mark does not become part of the first column's name."""
    dictionary = "layer,table,column,dtype\nprocessed,t,code,str\nprocessed,t,count,Int64\n"
    (tmp_path / "data_dictionary.csv").write_text(dictionary, encoding="utf-8")
    table = '\ufeffcode,count,note\nNA,1,None\n007,,\n"",3,"a, b"\n'
    (tmp_path / "t.csv").write_text(table, encoding="utf-8")
    loaded = load_processed("t", tmp_path)
    assert list(loaded.columns) == ["code", "count", "note"]
    assert loaded["code"].tolist() == ["NA", "007", ""]
    assert loaded["note"].tolist() == ["None", "", "a, b"]
    assert all(type(value) is str for column in ("code", "note") for value in loaded[column])
    assert str(loaded["count"].dtype) == "Int64"
    assert loaded["count"].isna().tolist() == [False, True, False]
    assert loaded["count"].dropna().tolist() == [1, 3]


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("code,code,count\n007,008,1\n", ["code", "code.1", "count"]),
        (",code,count\nx,007,1\n", ["Unnamed: 0", "code", "count"]),
        ("\ncode,count\n007,1\n", ["code", "count"]),
    ],
    ids=["repeated name", "empty name", "blank first line"],
)
def test_load_processed_reads_a_header_that_is_not_plain_as_pandas_does(
    tmp_path: Path, table: str, columns: list[str]
) -> None:
    """A table edited by hand may repeat a column name, leave one empty or start with a
    blank line: pandas' names for its columns, and "007" in a text column stays text."""
    dictionary = "layer,table,column,dtype\nprocessed,t,code,str\nprocessed,t,count,Int64\n"
    (tmp_path / "data_dictionary.csv").write_text(dictionary, encoding="utf-8")
    (tmp_path / "t.csv").write_text(table, encoding="utf-8")
    loaded = load_processed("t", tmp_path)
    assert list(loaded.columns) == columns
    assert loaded["code"].tolist() == ["007"]
    assert str(loaded["count"].dtype) == "Int64"
