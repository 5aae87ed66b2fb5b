"""Shared fixtures for the data tests.

* ``raw_copy``     - a private copy of ``data/raw`` (tables and source text) to mutate;
* ``source_lines`` - the Uijeongbu announcement's paragraphs, read straight from its plan
  folder's source text (``data/raw/plans/uijeongbu_snd_2020/sources/
  uijeongbu_announcement.txt``; paragraph ``n`` is ``source_lines[n - 1]``), without going
  through the package (tests of other plans read ``plans/<plan_id>/sources/<id>.txt``);
* ``built``        - the processed tables of the real raw data, plus the audit
  (session-scoped: treat as read-only);
* ``edit_csv_row`` - rewrite cells of one row of a raw CSV table (used with ``raw_copy``).

Shared fixtures for the build tests:

* ``env``              - a temporary project for the build (reports, data, code, lock file);
* ``published``        - ``env`` with the quick notebook already built in ko and en (a copy
  of one build per worker, ``prebuilt_reports``);
* ``briefings_build``  - one real build of every briefing per run (``tests/shared_build.py``),
  started in the background as the run starts;
* ``kept_templates``   - (automatic) in-process builds share warm-kernel templates.

Shared fixtures for the browser tests (``tests/browser_pages.py``):

* ``browser``       - one headless Chromium per test process;
* ``loaded_page``   - a page of the shared build loaded once for the tests of that page at
  one width (the tests of one page share an xdist group, :func:`browser_pages.page_group`);
* ``briefing_page`` - the shared build's page named by the test's ``page_name`` parameter.

The run's order (:func:`run_order`) and xdist groups (:func:`module_fixture_group`) keep
both workers busy and make each expensive module fixture once.
"""

from __future__ import annotations

import csv
import shutil
import stat
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
import shared_build
import yaml
from browser_pages import RUNNING, briefing_page, browser, loaded_page, page_group  # noqa: F401

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


def wait_until_blocked(lock: Path, proc: subprocess.Popen, seconds: float = 300) -> None:
    """Wait until ``proc`` waits for a ``flock`` on the file ``lock`` that another process
    holds (its ``->`` line in ``/proc/locks``); fail if it ends first or never waits."""
    deadline = time.monotonic() + seconds
    while True:
        assert proc.poll() is None, f"process {proc.pid} ended without waiting for {lock}"
        inode = f":{lock.stat().st_ino} " if lock.exists() else None
        waiting = Path("/proc/locks").read_text().splitlines() if inode else []
        if any(
            "-> FLOCK" in line and f" {proc.pid} " in line and inode in line for line in waiting
        ):
            return
        assert time.monotonic() < deadline, f"process {proc.pid} never waited for {lock}"
        time.sleep(0.05)


# --------------------------------------------------------------------------------------
# The build's mechanics: the tiny notebook (fixtures/quick.ipynb) in a temporary project
# --------------------------------------------------------------------------------------
FIXTURES = Path(__file__).parent / "fixtures"
#: The quick notebook's two default parameter sets: pages ``quick-ko`` and ``quick-en``.
TWO = [{"lang": "ko"}, {"lang": "en"}]


def write_config(
    folder: Path, sets: list[dict], notebook: Path | None = None, plans: str | list = "none"
) -> Path:
    """A config with one briefing (the quick notebook) over the given parameter sets, by
    default about no single plan (built once: pages ``quick-<lang>``)."""
    notebook = notebook or folder / "quick.ipynb"
    if not notebook.exists():
        shutil.copy(FIXTURES / "quick.ipynb", notebook)
    config = {
        "briefings": [
            {
                "slug": "quick",
                "notebook": str(notebook),
                "title": {"ko": "빠른 브리핑", "en": "Quick briefing"},
                "summary": {"ko": "시험용", "en": "for tests"},
                "plans": plans,
                "parameter_sets": sets,
            }
        ]
    }
    path = folder / "briefings.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def make_env(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Point the build at a project in ``root``: reports in ``root/reports``; data, package
    code and lock file copied there so each kind of input can be changed without touching
    the project. Returns the paths (``root``, ``reports``, ``data``, ``code``, ``lock``)."""
    from analysis.site import manifest as manifest_module

    reports = root / "reports"
    data = root / "data"
    shutil.copytree(ROOT / "data", data)
    code = root / "code"
    code.mkdir()
    (code / "module.py").write_text("x = 1\n")
    lock = root / "requirements.lock"
    lock.write_text("pandas==1\n")
    monkeypatch.setenv("ANALYSIS_REPORTS_DIR", str(reports))
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(data))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    monkeypatch.setattr(manifest_module, "PACKAGE_DIR", code)
    monkeypatch.setattr(manifest_module, "LOCK_FILE", lock)
    return {"root": root, "reports": reports, "data": data, "code": code, "lock": lock}


@pytest.fixture
def short_temp() -> Iterator[Path]:
    """An empty folder with a short path, for ``TMPDIR``: Unix sockets made below it (a
    fork server's, the kernels', a browser's) must fit the system's limit on their paths."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="t-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A temporary project for the build (:func:`make_env` in ``tmp_path``)."""
    return make_env(tmp_path, monkeypatch)


@pytest.fixture(autouse=True)
def running_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """Which test runs now, for checks that depend on its marks
    (:func:`browser_pages.chromium_or_skip`)."""
    RUNNING["item"] = request.node
    yield
    RUNNING.pop("item", None)


@pytest.fixture(scope="session", autouse=True)
def kept_templates():
    """The in-process builds of a test process share warm-kernel templates
    (:func:`analysis.site.kept_templates.keep_templates`), as a long-lived process that
    runs many builds may: every briefing still runs in a fresh fork, but a build no longer
    pays for a template of its own (about 1 s of CPU), nor starts its first kernels cold
    while that template preloads. Builds on the command line start their own, as always."""
    from analysis.site.kept_templates import keep_templates

    with keep_templates():
        yield


def run(config: Path, **kwargs):
    """Build ``config`` in-process: no data refresh, quiet, two jobs unless told otherwise."""
    from analysis.site.build import build

    kwargs.setdefault("refresh_data", False)
    kwargs.setdefault("quiet", True)
    kwargs.setdefault("jobs", 2)
    return build(config, **kwargs)


def snapshot(
    folder: Path,
    patterns=(
        "*.html",
        "assets/**/*.png",
        "assets/**/*.svg",
        "assets/**/*.json",
        "assets/**/*.csv",
        "assets/**/*.xlsx",
        "*.zip",
        "notebooks/*.ipynb",
    ),
) -> dict[str, bytes]:
    """The bytes of the published pages, assets (charts, page data, CSV files, workbooks),
    data package and executed notebooks under ``folder``."""
    out = {}
    for pattern in patterns:
        for p in folder.glob(pattern):
            if p.is_file():
                out[p.relative_to(folder).as_posix()] = p.read_bytes()
    return out


@pytest.fixture(scope="session")
def prebuilt_reports(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., tuple]:
    """Return ``get(key, make_config)``: ``(reports, report)`` of one build of the config
    ``make_config(root)`` writes in a fresh :func:`make_env` project, built once per worker
    and key (read-only: tests take a copy with :func:`copy_prebuilt`)."""
    cache: dict[str, tuple] = {}

    def get(key: str, make_config: Callable[[Path], Path]) -> tuple:
        if key not in cache:
            root = tmp_path_factory.mktemp(f"prebuilt-{key}")
            with pytest.MonkeyPatch.context() as mp:
                paths = make_env(root, mp)
                cache[key] = (paths["reports"], run(make_config(root)))
        return cache[key]

    return get


def copy_prebuilt(
    env: dict[str, Path], prebuilt_reports: Callable[..., tuple], key: str, make_config
) -> tuple[Path, object]:
    """Write ``make_config(env["root"])`` and publish its prebuilt reports into ``env``.

    The same inputs (data, code and lock as :func:`make_env` writes them, the same notebook
    and parameters) give the same bytes wherever they are built, so the next build in
    ``env`` finds every page current, as if it had built them itself (the build's own
    tests check that: ``test_build_then_nothing_changed_skips_every_briefing``,
    ``test_parallel_equals_serial``). Returns the config and the prebuild's report.
    """
    reports, report = prebuilt_reports(key, make_config)
    config = make_config(env["root"])
    shutil.copytree(reports, env["reports"], symlinks=True, dirs_exist_ok=True)
    return config, report


@pytest.fixture
def published(env: dict[str, Path], prebuilt_reports: Callable[..., tuple]) -> Path:
    """``env`` with its reports holding a build of ``write_config(env["root"], TWO)``
    (copied, see :func:`copy_prebuilt`); returns that config."""
    config, report = copy_prebuilt(env, prebuilt_reports, "two", two_config)
    assert sorted(report.built) == ["quick-en", "quick-ko"] and not report.failed
    return config


def two_config(root: Path) -> Path:
    """The quick notebook in ko and en (:data:`TWO`)."""
    return write_config(root, TWO)


# --------------------------------------------------------------------------------------
# Briefings: one real build of every notebook, shared by the notebook, HTML and browser tests
# --------------------------------------------------------------------------------------
def shared_folder(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The folder every xdist worker of this run sees (the run's base temporary folder)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if worker_id != "master" else base


def uses_briefings_build(item: pytest.Item) -> bool:
    """Whether the test needs the shared build."""
    return "briefings_build" in getattr(item, "fixturenames", ())


@pytest.fixture(scope="session", autouse=True)
def briefings_build_in_background(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, worker_id: str
):
    """Start the shared build as the run starts, in one process (the first xdist worker, or
    the only process), if any selected test needs it (see ``tests/shared_build.py``); at the
    end, wait for it (a worker may still need it) or stop it if the run was cut short."""
    if worker_id not in ("master", "gw0") or not any(
        uses_briefings_build(item) for item in request.session.items
    ):
        yield
        return
    proc = shared_build.start_in_background(shared_folder(tmp_path_factory, worker_id))
    yield
    if proc is not None and proc.poll() is None:
        if request.session.shouldstop or request.session.shouldfail:
            proc.terminate()
        proc.wait(timeout=900)


@pytest.fixture(scope="session")
def briefings_build(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> dict:
    """Every configured briefing for every plan in ko and en, and in en with unit=USD for
    Uijeongbu (and the comparison), built into a temporary reports folder from a copy of
    ``data/`` (``tests/shared_build.py``).

    Built once per test run, in the background from the start of the run (or by the first
    test that needs it, holding a file lock); every xdist worker reads the same folder.
    Treat it as read-only.

    Returns ``{"reports": Path, "report": BuildReport, "jobs": [BriefingJob], "config": Path}``.
    """
    return shared_build.load_briefings(shared_folder(tmp_path_factory, worker_id))


#: Test modules that start kernels (notebook execution, builds): marked ``slow``, so that
#: ``make test-fast`` leaves them out.
KERNEL_MODULES = {
    "test_cell_saves",
    "test_notebooks",
    "test_build",
    "test_browser",
    "test_injection",
    "test_parameters",
    "test_plans_build",
    "test_adversarial_build",
    "test_warm_kernels",
}


def module_fixture_group(item: pytest.Item) -> str | None:
    """The module of ``item`` if it uses a module- or class-scoped fixture defined (or
    imported) there, so that pytest-xdist runs that module's users of it in one worker and
    the fixture (a build, a data refresh) is made once; else ``None``. Users of the shared
    build are grouped by the page they test, if any (:func:`browser_pages.page_group`), else
    not: the workers share them once it is made."""
    if uses_briefings_build(item):
        return page_group(item)
    info = getattr(item, "_fixtureinfo", None)
    for defs in getattr(info, "name2fixturedefs", {}).values():
        fixture = defs[-1]
        if fixture.scope in ("module", "class") and fixture.baseid.endswith(".py"):
            return Path(fixture.baseid).stem
    return None


def run_order(item: pytest.Item) -> int:
    """Kernel tests first, then the users of the shared build (started in the background
    meanwhile), then the quick tests, which keep both workers busy to the end."""
    if uses_briefings_build(item):
        return 1
    return 0 if item.get_closest_marker("slow") else 2


@pytest.hookimpl(tryfirst=True)  # before the -m deselection and xdist's loadgroup naming
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests of kernel-starting modules, and every test using ``briefings_build``, slow;
    group the users of a module's expensive fixture, and the tests of one briefing page
    (``--dist loadgroup``); order the tests by :func:`run_order`, the tests of one page
    together (a worker runs its tests in this order, so they follow each other and share
    one page load), else as collected (a stable sort: the same order in every worker)."""
    first_of_page: dict[str, int] = {}
    keys: dict[pytest.Item, tuple[int, int]] = {}
    for index, item in enumerate(items):
        if item.path.stem in KERNEL_MODULES or uses_briefings_build(item):
            item.add_marker(pytest.mark.slow)
        group = module_fixture_group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
        page = page_group(item) if uses_briefings_build(item) else None
        keys[item] = (run_order(item), first_of_page.setdefault(page, index) if page else index)
    items.sort(key=keys.__getitem__)


class XdistGroupNames:
    """Give each test of an ``xdist_group`` the node id ``<nodeid>@<group>`` that
    ``--dist loadgroup`` schedules by.

    pytest-xdist 3.8 renames the test by setting ``item._nodeid``, which pytest 9.2 no
    longer reads (it keeps a structured ``item._id``): every group was silently ignored
    (pytest-xdist issue #1386). This plugin runs after xdist's hook and sets the name the
    way pytest 9.2 reads it, where xdist's renaming did not take.
    """

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list) -> None:
        """Rename the grouped tests of a loadgroup worker whose names lack the group."""
        try:
            from _pytest.nodeid import NodeId
        except ImportError:  # pytest before 9.2: xdist's own renaming works
            return
        if not getattr(config.option, "loadgroup", False):
            return
        for item in items:
            names = {
                str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                for mark in item.iter_markers("xdist_group")
            }
            if names and "@" not in item.nodeid.rsplit("]", 1)[-1]:
                item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(sorted(names))}")


def pytest_configure(config: pytest.Config) -> None:
    """Register :class:`XdistGroupNames`."""
    config.pluginmanager.register(XdistGroupNames(), "xdist-group-names")


def pytest_terminal_summary(terminalreporter) -> None:  # pragma: no cover - reporting only
    """Say where the browser tests left their screenshots (``SCREENSHOTS=1``), so a person can
    look at them."""
    from browser_pages import SCREENSHOTS, screenshots_wanted

    if screenshots_wanted() and SCREENSHOTS.is_dir() and any(SCREENSHOTS.glob("*.png")):
        terminalreporter.write_line(f"browser screenshots (laptop and phone widths): {SCREENSHOTS}")
