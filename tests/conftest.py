"""Shared fixtures for the data tests.

* ``raw_copy``     - a private copy of ``data/raw`` (tables and source text) to mutate;
* ``source_lines`` - the Uijeongbu announcement's paragraphs, read straight from its plan
  folder's source text (``data/raw/plans/uijeongbu_snd_2020/sources/
  uijeongbu_announcement.txt``; paragraph ``n`` is ``source_lines[n - 1]``), without going
  through the package (tests of other plans read ``plans/<plan_id>/sources/<id>.txt``);
* ``built``        - the processed tables of the real raw data, plus the audit
  (session-scoped: treat as read-only);
* ``edit_csv_row`` - rewrite cells of one row of a raw CSV table (used with ``raw_copy``).
"""

from __future__ import annotations

import csv
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "data" / "raw"
#: The plan the fixtures of the older, single-plan tests edit (any plan folder would do).
UIJEONGBU = "uijeongbu_snd_2020"
SOURCE_FILE = RAW_DIR / "plans" / UIJEONGBU / "sources" / "uijeongbu_announcement.txt"
#: Old flat table names -> file of the plans/reference layout (for tests that edit a table).
_PLAN_TABLE_FILES = {
    "plans": "plan.csv",
    "refresh_workers_by_field": "programme_workers.csv",
}
_REFERENCE_TABLE_FILES = {
    "reference_figures": "national_figures.csv",
    "reference_pillars": "national_pillars.csv",
    "reference_cpi": "cpi.csv",
    "reference_exchange_rates": "exchange_rates.csv",
    "reference_population": "population.csv",
}


def raw_path(root: Path, table: str, plan_id: str = UIJEONGBU) -> Path:
    """The CSV file of ``table`` under a raw folder ``root`` (a plan's, or a reference's)."""
    if table in _REFERENCE_TABLE_FILES:
        return root / "reference" / _REFERENCE_TABLE_FILES[table]
    return root / "plans" / plan_id / _PLAN_TABLE_FILES.get(table, f"{table}.csv")


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A copy of ``data/raw`` (every plan folder and the reference tables) to mutate."""
    target = tmp_path / "raw"
    shutil.copytree(RAW_DIR, target)
    for path in target.rglob("*"):  # the source texts are read-only in the repository
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return target


@pytest.fixture(scope="session")
def source_lines() -> list[str]:
    """The paragraphs of the announcement, one per line of the source file."""
    text = SOURCE_FILE.read_bytes().decode("utf-8")
    lines = text.rstrip("\n").split("\n")
    return [line.rstrip("\r") for line in lines]


@pytest.fixture(scope="session")
def built() -> dict[str, pd.DataFrame]:
    """Processed tables of the real ``data/raw`` (build_processed + audit), validated."""
    from analysis.data.audit import audit_tables
    from analysis.data.clean import build_processed
    from analysis.data.raw import load_raw
    from analysis.data.schemas import validate_raw

    raw = load_raw(RAW_DIR)
    validate_raw(raw)
    tables = build_processed(raw)
    tables["audit"] = audit_tables(tables)
    return tables


@pytest.fixture(scope="session")
def edit_csv_row() -> Callable[..., int]:
    """Return ``edit(path, where, **changes)``.

    Rewrites the one row of the CSV file ``path`` whose cells equal ``where`` (a dict),
    setting the cells named in ``changes``; returns the CSV line of that row (header = 1).
    Fails the test if not exactly one row matches.
    """

    def edit(path: Path, where: dict[str, str], **changes: str) -> int:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:]
        hits = [
            i
            for i, cells in enumerate(body)
            if all(cells[header.index(k)] == v for k, v in where.items())
        ]
        assert len(hits) == 1, f"{path.name}: {len(hits)} rows match {where}"
        for column, value in changes.items():
            body[hits[0]][header.index(column)] = value
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows([header, *body])
        return hits[0] + 2

    return edit


# --------------------------------------------------------------------------------------
# Briefings: one real build of every notebook, shared by the notebook, HTML and browser tests
# --------------------------------------------------------------------------------------
BRIEFINGS_CONFIG = ROOT / "notebooks" / "briefings.yml"
#: The plan whose briefings the shared build also makes in USD.
USD_PLAN = "uijeongbu_snd_2020"


@pytest.fixture(scope="session")
def briefings_build(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> dict:
    """Build every configured briefing for every plan in ko and en (its defaults), and in en
    with unit=USD for Uijeongbu (and the comparison), into a temporary reports folder, from a
    copy of ``data/``.

    Built once per test run: under pytest-xdist the first worker builds (holding a file lock)
    and the others wait and read the same folder. Treat it as read-only.

    Returns ``{"reports": Path, "report": BuildReport, "jobs": [BriefingJob], "config": Path}``.
    """
    import json
    from dataclasses import asdict

    import yaml
    from filelock import FileLock

    from analysis.site.build import BuildReport, build
    from analysis.site.config import load_config

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if worker_id != "master" else base
    root = shared / "briefings-build"
    path = root / "briefings.yml"
    record = root / "build-report.json"
    with FileLock(str(shared / "briefings-build.lock")):
        if not record.is_file():
            shutil.rmtree(root, ignore_errors=True)
            data = root / "data"
            shutil.copytree(ROOT / "data", data)
            config = yaml.safe_load(BRIEFINGS_CONFIG.read_text(encoding="utf-8"))
            usd_sets = []
            for entry in config["briefings"]:
                entry["notebook"] = str((BRIEFINGS_CONFIG.parent / entry["notebook"]).resolve())
                entry["parameter_sets"] = [{"lang": "ko"}, {"lang": "en"}]
                # the USD variant for Uijeongbu only (and the comparison), to keep the build small
                usd = {"lang": "en", "unit": "USD", "suffix": "usd"}
                plans = "none" if entry.get("plans") == "none" else [USD_PLAN]
                usd_sets.append(entry | {"plans": plans, "parameter_sets": [usd]})
            config["briefings"] += usd_sets
            path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("ANALYSIS_DATA_DIR", str(data))
                mp.setenv("ANALYSIS_REPORTS_DIR", str(root / "reports"))
                mp.setenv("SOURCE_DATE_EPOCH", "1600000000")
                result = build(path, jobs=2, quiet=True, timeout=600)
            record.write_text(json.dumps(asdict(result)), encoding="utf-8")
    saved = json.loads(record.read_text(encoding="utf-8"))
    report = BuildReport(
        built=saved["built"],
        skipped=saved["skipped"],
        failed=[tuple(item) for item in saved["failed"]],
    )
    return {
        "reports": root / "reports",
        "report": report,
        "jobs": load_config(path),
        "config": path,
    }


#: Test modules that start kernels (notebook execution, builds): marked ``slow``, so that
#: ``make test-fast`` leaves them out.
KERNEL_MODULES = {
    "test_notebooks",
    "test_build",
    "test_browser",
    "test_injection",
    "test_parameters",
    "test_plans_build",
    "test_adversarial_build",
    "test_warm_kernels",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests of kernel-starting modules, and every test using ``briefings_build``, slow."""
    for item in items:
        if item.path.stem in KERNEL_MODULES or "briefings_build" in getattr(
            item, "fixturenames", ()
        ):
            item.add_marker(pytest.mark.slow)


def pytest_terminal_summary(terminalreporter) -> None:  # pragma: no cover - reporting only
    """Say where the browser tests left their screenshots, so a person can look at them."""
    try:
        from test_browser import SCREENSHOTS
    except ImportError:
        return
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.glob("*.png")):
        terminalreporter.write_line(f"browser screenshots (laptop and phone widths): {SCREENSHOTS}")
