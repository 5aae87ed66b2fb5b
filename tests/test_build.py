"""The build's mechanics, with a tiny notebook (tests/fixtures/quick.ipynb) so that kernels
start fast: incremental skips, reproducibility, parallel = serial, failures, timeouts,
locking and recovery from a killed build."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
import pytest
import yaml
from conftest import (
    FIXTURES,
    TWO,
    copy_prebuilt,
    run,
    snapshot,
    wait_until_blocked,
    write_config,
)
from hostile_notebooks import HOSTILE_NOTEBOOKS, write

from analysis.errors import BuildError
from analysis.locks import build_lock
from analysis.site.build import KERNELS_PREFIX, kernel_sockets, select_jobs
from analysis.site.config import load_config
from analysis.site.warm_kernels import TEMPLATE_PREFIX
from analysis.site.workers import _failed_cell_of


def test_config_expands_parameter_sets(env):
    config = write_config(env["root"], [*TWO, {"lang": "en", "suffix": "x", "label": "x"}])
    names = [j.name for j in load_config(config)]
    assert names == ["quick-ko", "quick-en", "quick-en-x"]


def test_config_errors_name_the_problem(env):
    config = write_config(env["root"], [{"lang": "ko"}, {"lang": "ko"}])
    with pytest.raises(BuildError, match="quick-ko"):
        load_config(config)
    missing = env["root"] / "missing.yml"
    with pytest.raises(BuildError, match="not found"):
        load_config(missing)


def _briefing(data: dict) -> dict:
    return data["briefings"][0]


#: A config that is not of the declared shape -> what the error names (after the config).
BAD_SHAPES = {
    "top level a list": (lambda d: [d], r": the top level is a list, not a mapping"),
    "briefing a string": (
        lambda d: d | {"briefings": ["slug notebook title"]},
        r": briefing 1: value 'slug notebook title' is a string, not a mapping",
    ),
    "defaults a list": (
        lambda d: d | {"defaults": [1, 2]},
        r": key 'defaults': value \[1, 2\] is not a mapping",
    ),
    "parameter_sets a string": (
        lambda d: _briefing(d).update(parameter_sets="lang"),
        r": briefing 1 \('quick'\): key 'parameter_sets': value 'lang' is not a non-empty list",
    ),
    "parameter set a string": (
        lambda d: _briefing(d).update(parameter_sets=["lang"]),
        r"briefing 1 \('quick'\), parameter set 1: value 'lang' is a string, not a mapping",
    ),
    "misspelt key": (
        lambda d: _briefing(d).update(plan="none"),
        r"briefing 1 \('quick'\): unknown key 'plan' \(did you mean 'plans'\?\)",
    ),
    "title not text": (
        lambda d: _briefing(d).update(title={"ko": ["x"], "en": "x"}),
        r"key 'title': value \{'en': 'x', 'ko': \['x'\]\} is not a mapping of language",
    ),
    "slug leaving reports": (
        lambda d: _briefing(d).update(slug="../../escaped"),
        r": briefing 1: key 'slug': value '../../escaped' is not the briefing's slug",
    ),
    "slug with markup": (
        lambda d: _briefing(d).update(slug='x" onmouseover="alert(1)'),
        r"""key 'slug': value 'x" onmouseover="alert\(1\)' is not the briefing's slug""",
    ),
    "slug in capitals": (lambda d: _briefing(d).update(slug="Quick"), r"value 'Quick' is not"),
    "slug too long": (lambda d: _briefing(d).update(slug="q" * 61), r"value 'q{61}' is not"),
    "suffix leaving reports": (
        lambda d: _briefing(d)["parameter_sets"][1].update(suffix="../../../x"),
        r"briefing 1 \('quick'\), parameter set 2: key 'suffix': value '../../../x' is not",
    ),
    "suffix a number": (
        lambda d: _briefing(d)["parameter_sets"][1].update(suffix=2),
        r"parameter set 2: key 'suffix': value 2 is not what tells apart parameter sets",
    ),
}


@pytest.mark.parametrize(("edit", "message"), BAD_SHAPES.values(), ids=BAD_SHAPES.keys())
def test_a_config_not_of_the_declared_shape_is_named_with_its_entry_key_and_value(
    env, edit, message
):
    config = write_config(env["root"], TWO)
    data = yaml.safe_load(config.read_text())
    data = edit(data) or data
    config.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(BuildError) as caught:
        load_config(config)
    assert re.search(re.escape(str(config)) + ".*" + message, str(caught.value)), caught.value


@pytest.mark.parametrize("case", ["top level a list", "slug leaving reports"])
def test_a_config_not_of_the_declared_shape_exits_2_and_writes_nothing(env, case):
    config = write_config(env["root"], TWO)
    data = yaml.safe_load(config.read_text())
    edit, message = BAD_SHAPES[case]
    config.write_text(yaml.safe_dump(edit(data) or data, allow_unicode=True))
    before = {p for p in env["root"].rglob("*") if p != env["reports"]}
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--config", str(config), "--no-wait"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2 and re.search(message, proc.stderr), proc.stderr
    assert "Traceback" not in proc.stderr
    assert {p for p in env["root"].rglob("*") if p != env["reports"]} == before
    assert not list(env["root"].parent.glob("escaped*"))


def processed_plans_csv(data: Path) -> list[dict[str, str]]:
    """The rows of the processed plans table, read with the csv module (not the package)."""
    with (data / "processed" / "plans.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_config_expands_every_plan_a_list_of_plans_or_once(env):
    plans = processed_plans_csv(env["data"])
    ids = [row["plan_id"] for row in plans]
    assert len(ids) >= 2
    every = load_config(write_config(env["root"], TWO, plans="all"))
    assert [j.name for j in every] == [f"quick-{p}-{lang}" for p in ids for lang in ("ko", "en")]
    assert all(j.parameters["plan"] == j.plan and j.briefing == "quick" for j in every)
    assert {j.slug for j in every} == {f"quick-{p}" for p in ids}  # a page group per plan
    chosen = load_config(write_config(env["root"], [{"lang": "en"}], plans=[ids[-1], ids[0]]))
    assert [j.name for j in chosen] == [f"quick-{ids[-1]}-en", f"quick-{ids[0]}-en"]
    once = load_config(write_config(env["root"], TWO, plans="none"))
    assert [(j.name, j.plan) for j in once] == [("quick-ko", ""), ("quick-en", "")]
    assert all("plan" not in j.parameters for j in once)


def test_plan_name_fills_titles_and_is_never_read_as_a_format_string(env):
    row = processed_plans_csv(env["data"])[0]
    config = write_config(env["root"], TWO, plans=[row["plan_id"]])
    data = yaml.safe_load(config.read_text())
    data["briefings"][0]["title"] = {"ko": "{plan} 개요 {0}", "en": "{plan}: overview {x}"}
    config.write_text(yaml.safe_dump(data, allow_unicode=True))
    titles = {j.lang: j.title for j in load_config(config)}
    assert titles == {
        "ko": f"{row['plan_name_ko']} 개요 {{0}}",
        "en": f"{row['plan_name_en']}: overview {{x}}",
    }
    data["briefings"][0]["plans"] = "none"
    config.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(BuildError, match=re.escape("names {plan} but it runs for no single plan")):
        load_config(config)


def test_unknown_plan_is_an_error_listing_the_plans(env):
    ids = [row["plan_id"] for row in processed_plans_csv(env["data"])]
    config = write_config(env["root"], TWO, plans=[ids[0], "incheon_nd_2002"])
    with pytest.raises(BuildError) as caught:
        load_config(config)
    message = str(caught.value)
    assert "unknown plan 'incheon_nd_2002'" in message and str(config) in message
    assert all(plan_id in message for plan_id in ids)
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--config", str(config), "--no-wait"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2 and "unknown plan 'incheon_nd_2002'" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (env["reports"] / "notebooks").exists()


@pytest.mark.parametrize("where", ["defaults", "set", "plans"])
def test_plan_comes_only_from_the_briefings_plans(env, where):
    config = write_config(env["root"], TWO)
    data = yaml.safe_load(config.read_text())
    if where == "defaults":
        data["defaults"] = {"plan": "incheon_nd_2020"}
    elif where == "set":
        data["briefings"][0]["parameter_sets"][1]["plan"] = "incheon_nd_2020"
    else:
        data["briefings"][0]["plans"] = "incheon_nd_2020"  # a plan_id, not a list
    config.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(BuildError, match="a list of plan_ids"):
        load_config(config)


def test_only_selects_by_briefing_plan_or_page_name(env):
    ids = [row["plan_id"] for row in processed_plans_csv(env["data"])]
    jobs = load_config(write_config(env["root"], TWO, plans="all"))
    assert [j.name for j in select_jobs(jobs, [ids[1]])] == [
        f"quick-{ids[1]}-{x}" for x in ["ko", "en"]
    ]
    assert select_jobs(jobs, ["quick"]) == jobs
    assert [j.name for j in select_jobs(jobs, [f"quick-{ids[0]}-en"])] == [f"quick-{ids[0]}-en"]
    with pytest.raises(BuildError, match="matches no briefing; known: .*" + ids[0]):
        select_jobs(jobs, ["nothing"])


def test_build_then_nothing_changed_skips_every_briefing(env):
    config = write_config(env["root"], TWO)
    first = run(config)
    assert sorted(first.built) == ["quick-en", "quick-ko"] and not first.failed
    page = env["reports"] / "quick-ko.html"
    before = page.stat().st_mtime_ns
    second = run(config)
    assert second.built == [] and sorted(second.skipped) == ["quick-en", "quick-ko"]
    assert page.stat().st_mtime_ns == before
    manifest = json.loads((env["reports"] / "manifest.json").read_text())
    assert set(manifest["briefings"]) == {"quick-ko", "quick-en"}
    assert manifest["briefings"]["quick-ko"]["status"] == "built"
    assert set(manifest["briefings"]["quick-ko"]["inputs"]) >= {
        "notebook",
        "parameters",
        "processed_data",
        "package_code",
        "locked_dependencies",
    }
    assert run(config, force=True).built == ["quick-ko", "quick-en"]


def test_a_rebuild_reads_no_settled_published_file_and_still_sees_a_change(env, monkeypatch):
    """A published file whose size and times are those recorded with its hash, once settled,
    is not read again by a build with nothing to do; a file written again is
    (analysis.file_records)."""
    from types import SimpleNamespace

    from analysis import file_records

    config = write_config(env["root"], TWO)
    assert sorted(run(config).built) == ["quick-en", "quick-ko"]
    published = [p for p in env["reports"].rglob("*") if p.is_file() and "quick-" in p.name]
    published += [p for p in (env["reports"] / "assets").rglob("*") if p.is_file()]
    an_hour_later = SimpleNamespace(time_ns=lambda: time.time_ns() + 3600 * 1_000_000_000)
    monkeypatch.setattr(file_records, "time", an_hour_later)  # every file has settled
    reads: list[Path] = []
    digest = file_records.file_digest
    monkeypatch.setattr(file_records, "file_digest", lambda p: reads.append(p) or digest(p))
    assert sorted(run(config).skipped) == ["quick-en", "quick-ko"]
    manifest = json.loads((env["reports"] / "manifest.json").read_text())
    recorded = [
        env["reports"] / name
        for entry in manifest["briefings"].values()
        for name in entry["published_stats"]
    ]
    assert sorted(recorded) == sorted(published)  # every file settled, its stats recorded
    reads.clear()
    assert sorted(run(config).skipped) == ["quick-en", "quick-ko"]
    assert [p for p in reads if p in published] == []
    values = env["reports"] / "assets" / "quick-en" / "values.json"
    values.write_text(values.read_text().replace("quick", "QUICK"))  # the same size
    assert run(config).built == ["quick-en"]
    assert values in reads


def quick_and_other_config(root: Path) -> Path:
    """The quick notebook in ko and en, and a copy of it as briefing ``other`` in ko."""
    other = root / "other.ipynb"
    shutil.copy(FIXTURES / "quick.ipynb", other)
    config = write_config(root, TWO)
    data = yaml.safe_load(config.read_text())
    data["briefings"].append(
        {
            "slug": "other",
            "notebook": str(other),
            "title": {"ko": "다른", "en": "Other"},
            "summary": {"ko": "시험", "en": "test"},
            "plans": "none",
            "parameter_sets": [{"lang": "ko"}],
        }
    )
    config.write_text(yaml.safe_dump(data, allow_unicode=True))
    return config


@pytest.mark.parametrize(
    "change", ["notebook", "parameters", "processed_data", "package_code", "locked_dependencies"]
)
def test_incremental_rebuilds_exactly_what_changed(env, prebuilt_reports, change):
    # the first build of this config is shared by the five changes (copied into env)
    config, first = copy_prebuilt(env, prebuilt_reports, "quick-and-other", quick_and_other_config)
    assert len(first.built) == 3
    other = env["root"] / "other.ipynb"
    data = yaml.safe_load(config.read_text())
    expected: set[str]
    if change == "notebook":
        nb = json.loads(other.read_text())
        nb["cells"][-1]["source"] += "\n# changed"
        other.write_text(json.dumps(nb))
        expected = {"other-ko"}
    elif change == "parameters":
        data["briefings"][0]["parameter_sets"][1]["label"] = "changed"
        config.write_text(yaml.safe_dump(data, allow_unicode=True))
        expected = {"quick-en"}
    elif change == "processed_data":
        path = env["data"] / "processed" / "cpi.csv"
        path.write_text(path.read_text() + "\n")
        expected = {"quick-ko", "quick-en", "other-ko"}
    elif change == "package_code":
        (env["code"] / "module.py").write_text("x = 2\n")
        expected = {"quick-ko", "quick-en", "other-ko"}
    else:
        env["lock"].write_text("pandas==2\n")
        expected = {"quick-ko", "quick-en", "other-ko"}
    again = run(config)
    assert set(again.built) == expected
    assert set(again.skipped) == {"quick-ko", "quick-en", "other-ko"} - expected


def test_rebuild_is_byte_identical(env, published):
    config = published  # the first build (shared, copied into env)
    first = snapshot(env["reports"])
    assert any(k.endswith(".html") for k in first) and any(k.endswith(".ipynb") for k in first)
    run(config, force=True)
    assert snapshot(env["reports"]) == first


def test_parallel_equals_serial(env, monkeypatch):
    config = write_config(env["root"], [*TWO, {"lang": "en", "suffix": "b", "label": "b"}])
    run(config, jobs=1)
    serial = snapshot(env["reports"])
    monkeypatch.setenv("ANALYSIS_REPORTS_DIR", str(env["root"] / "reports-parallel"))
    run(config, jobs=3)
    assert snapshot(env["root"] / "reports-parallel") == serial


def test_failed_briefing_keeps_last_good_page_and_others_build(env, published):
    config = published
    good = (env["reports"] / "quick-en.html").read_bytes()
    data = yaml.safe_load(config.read_text())
    data["briefings"][0]["parameter_sets"][1]["fail"] = True
    data["briefings"][0]["parameter_sets"][0]["label"] = "rebuilt"
    config.write_text(yaml.safe_dump(data, allow_unicode=True))
    report = run(config)
    assert report.exit_code == 1
    assert report.built == ["quick-ko"]
    [(name, message)] = report.failed
    assert name == "quick-en"
    assert "quick.ipynb" in message and "cell 3" in message and "deliberate failure" in message
    assert (env["reports"] / "quick-en.html").read_bytes() == good
    assert "rebuilt ok" in (env["reports"] / "quick-ko.html").read_text()
    kept = env["reports"] / "failed" / "quick-en.ipynb"
    assert kept.is_file() and "deliberate failure" in kept.read_text()
    assert kept.read_text() == nbformat.writes(nbformat.read(kept, as_version=4))
    manifest = json.loads((env["reports"] / "manifest.json").read_text())
    assert manifest["briefings"]["quick-en"]["last_attempt"] == "failed"
    # the next build retries the failed one (its inputs did not build) and skips the good one
    assert run(config).skipped == ["quick-ko"]


def test_timeout_kills_the_briefing_and_the_rest_build(env):
    config = write_config(env["root"], [{"lang": "ko", "sleep": 60}, {"lang": "en"}])
    started = time.monotonic()
    report = run(config, timeout=8)
    assert time.monotonic() - started < 45
    assert report.built == ["quick-en"]
    [(name, message)] = report.failed
    assert name == "quick-ko" and "timed out" in message and "cell 3" in message
    assert_kernels_gone(env["reports"])
    # the worker's last save (compact), kept in the layout papermill writes, naming the cell
    kept = (env["reports"] / "failed" / "quick-ko.ipynb").read_text(encoding="utf-8")
    notebook = nbformat.reads(kept, as_version=4)
    assert kept == nbformat.writes(notebook) and "\n" in kept
    assert _failed_cell_of(notebook.cells) == 3


def assert_kernels_gone(reports: Path, seconds: float = 15) -> None:
    """Every kernel a briefing started (its pid is in kernel.pid) has been ended."""
    assert_gone([int(p.read_text()) for p in reports.rglob("kernel.pid")], seconds)


def assert_gone(pids: list[int], seconds: float = 15) -> None:
    """These processes end (or are left only as zombies) within ``seconds``."""
    deadline = time.monotonic() + seconds
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [
            pid
            for pid in pids
            if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        ]
        time.sleep(0.2)
    assert not alive, f"kernels still running: {alive}"


def start_sleeping_build(env, config: Path, sleep: int, label: str):
    """Start a CLI build of ``config`` (already built, see the ``published`` fixture) whose
    two briefings sleep; return it once both kernels run, with the published reports as they
    were and the kernels' pids."""
    good = snapshot(env["reports"])
    data = yaml.safe_load(config.read_text())
    for pset in data["briefings"][0]["parameter_sets"]:
        pset["sleep"] = sleep
        pset["label"] = label
    config.write_text(yaml.safe_dump(data, allow_unicode=True))
    proc = _cli(config)
    staging = env["reports"] / ".staging"
    for name in ("quick-ko", "quick-en"):
        _wait_for(staging / name / "assets" / "kernel.pid")
    pids = [
        int((staging / n / "assets" / "kernel.pid").read_text()) for n in ("quick-ko", "quick-en")
    ]
    return proc, good, pids, data


def _cli(config: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "analysis", "build", "--config", str(config), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_for(path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} did not appear")
        time.sleep(0.1)


def test_second_build_waits_or_exits_and_never_interleaves(env):
    """A build started while another runs exits 2 with ``--no-wait``, else waits for the
    whole of the first one. The first build's briefing waits at a gate that the test opens
    only once the second build is seen waiting for the build lock."""
    gate = env["root"] / "gate"
    config = write_config(env["root"], [{"lang": "ko", "gate": str(gate), "label": "first"}])
    first = _cli(config, "--force")
    try:
        _wait_for(env["reports"] / ".staging" / "quick-ko")
        refused = _cli(config, "--no-wait")
        _, err = refused.communicate(timeout=60)
        assert refused.returncode == 2 and "another build" in err
        # the waiting build's briefing does not wait: it can only publish after the first
        # one if it waited for the whole of the first build
        (env["root"] / "second").mkdir()
        second = write_config(env["root"] / "second", [{"lang": "ko", "label": "second"}])
        waiting = _cli(second, "--force")
        wait_until_blocked(env["reports"] / ".build.lock", waiting)
        assert first.poll() is None  # it waits on the lock the first build still holds
    finally:
        gate.touch()
    assert first.wait(timeout=120) == 0
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "1 built" in out
    manifest = json.loads((env["reports"] / "manifest.json").read_text())
    assert manifest["briefings"]["quick-ko"]["status"] == "built"
    assert "second ok" in (env["reports"] / "quick-ko.html").read_text(encoding="utf-8")


def test_killed_build_leaves_good_reports_and_next_build_recovers(
    env, published, short_temp, monkeypatch
):
    config = published
    temp = short_temp  # the builds' system temporary directory
    monkeypatch.setenv("TMPDIR", str(temp))
    victim, good, pids, data = start_sleeping_build(env, config, sleep=30, label="new")
    # every socket of its running kernels and template has a path the build checks for room
    running = _sockets_below(temp, (KERNELS_PREFIX, TEMPLATE_PREFIX))
    assert any(name.endswith(".sock") for name in running)  # the template's
    assert any("/k-" in name for name in running)  # the two warm kernels'
    assert [name for name in running if not _checked_socket(name)] == []
    os.killpg(victim.pid, signal.SIGKILL)  # the build process only: its workers see it go
    victim.wait()
    time.sleep(0.5)
    assert snapshot(env["reports"]) == good
    assert_gone(pids)  # the kernels of the killed build
    # its sockets' folders (kernels, template, the workers' fork server): nobody to clean
    ours = ("analysis-", "pymp-")  # the build's, and multiprocessing's default folder
    left = sorted(p.name.rsplit("-", 1)[0] for p in temp.iterdir() if p.name.startswith(ours))
    assert left == ["analysis-kernels", "analysis-wk", "analysis-workers"]
    lock = env["reports"] / ".build.lock"
    assert lock.exists()  # left behind by the killed build, but not held
    for pset in data["briefings"][0]["parameter_sets"]:
        pset["sleep"] = 0
    config.write_text(yaml.safe_dump(data, allow_unicode=True))
    proc = _cli(config, "--no-wait")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "new ok" in (env["reports"] / "quick-ko.html").read_text()
    assert not (env["reports"] / ".staging").exists()
    assert [p for p in temp.iterdir() if p.name.startswith(ours)] == []  # both builds' gone


def _sockets_below(folder: Path, prefixes: tuple[str, ...]) -> list[str]:
    """The Unix sockets in ``folder``'s subfolders named with one of ``prefixes``, as paths
    relative to ``folder``."""
    return [
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_socket() and path.relative_to(folder).parts[0].startswith(prefixes)
    ]


def _checked_socket(name: str) -> bool:
    """Whether a socket's path below the temporary folder is one of ``kernel_sockets()``
    (``X``: any character but ``/``, ``N``: a number), so within the room checked for."""
    return any(
        re.fullmatch(re.escape(pattern).replace("X", "[^/]").replace("N", "[0-9]+"), name)
        for pattern in kernel_sockets()
    )


def test_a_cold_kernels_sockets_are_named_as_the_build_checks_for_room(tmp_path):
    """The kernels the template cannot fork start cold, with sockets named after their
    connection file in their worker's folder in the kernels' folder: the longest of
    ``kernel_sockets()``."""
    from analysis.site.temp_folders import owned_temp_folder
    from analysis.site.workers import ipc_kernel_manager, kernel_folder

    with owned_temp_folder(KERNELS_PREFIX, root=tmp_path) as kernels:
        folder = kernel_folder({"socket_dir": str(kernels)})  # as a worker makes it
        manager = ipc_kernel_manager(folder)(kernel_name="python3")
        manager.write_connection_file()
        channels = ("shell", "iopub", "stdin", "hb", "control")
        names = [f"{manager.ip}-{getattr(manager, f'{c}_port')}" for c in channels]
        assert all(_checked_socket(str(Path(n).relative_to(tmp_path))) for n in names), names
    longest = max(kernel_sockets(), key=len)  # the one whose room is checked
    assert max(len(str(Path(n).relative_to(tmp_path))) for n in names) == len(longest)


def test_a_temporary_folder_too_long_for_the_kernels_sockets_stops_the_build(env, monkeypatch):
    """Unix socket paths are short (107 bytes on Linux): with a ``TMPDIR`` too long for the
    kernels' sockets the build stops (exit 2) before any kernel starts, naming the folder
    and the way out, and publishes nothing."""
    config = write_config(env["root"], TWO)
    deep = env["root"] / ("t" * 120)
    deep.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(deep))  # what TMPDIR sets
    with pytest.raises(BuildError) as stopped:
        run(config)
    assert stopped.value.exit_code == 2
    message = str(stopped.value)
    assert f"the temporary folder {deep} is too long" in message
    assert "set TMPDIR to a folder of at most" in message
    assert not list(env["reports"].glob("quick-*.html"))
    assert list(deep.iterdir()) == []  # no kernel's, template's or fork server's folder


def test_cli_exit_codes_and_failure_lines(env):
    config = write_config(env["root"], [{"lang": "ko"}, {"lang": "en", "fail": True}])
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--config", str(config), "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 1
    failures = [line for line in proc.stderr.splitlines() if line.startswith("FAILED")]
    assert len(failures) == 1
    assert "quick-en" in failures[0] and "quick.ipynb" in failures[0] and "cell 3" in failures[0]
    assert "1 built" in proc.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--config", str(env["root"] / "nope.yml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "not found" in bad.stderr


@pytest.mark.parametrize(
    ("stop", "code"),
    [
        (lambda proc: proc.send_signal(signal.SIGTERM), 143),
        # Ctrl-C: the terminal sends SIGINT to the whole foreground process group
        (lambda proc: os.killpg(proc.pid, signal.SIGINT), 130),
    ],
    ids=["SIGTERM", "Ctrl-C"],
)
def test_sigterm_or_ctrl_c_stops_the_build_cleanly(env, published, stop, code):
    """SIGTERM: exit 143. Ctrl-C (SIGINT to the build's process group): exit 130. Either way
    nothing is left running, staged or changed."""
    config = published
    proc, good, pids, _ = start_sleeping_build(env, config, sleep=60, label="never")
    staging = env["reports"] / ".staging"
    stop(proc)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert not staging.exists()
    assert snapshot(env["reports"]) == good
    assert_gone(pids, seconds=1)  # the kernels of the stopped build
    # the lock is free again: it can be taken at once, without waiting
    with build_lock(env["reports"], wait=False):
        pass


def test_a_refresh_waits_for_a_build_whose_kernels_read_the_data(env, published):
    """README: a build holds ``data/processed``'s lock shared while its kernels read, and a
    refresh takes it exclusive (``test_pipeline``): a refresh started while the build's
    kernels run waits for the build to end, then runs."""
    proc, _, _, _ = start_sleeping_build(env, published, sleep=60, label="never")
    processed = env["data"] / "processed"
    command = ["data", "--raw", str(env["data"] / "raw"), "--out", str(processed)]
    refresh = subprocess.Popen(
        [sys.executable, "-m", "analysis", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_blocked(processed / ".lock", refresh)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
    _, err = refresh.communicate(timeout=300)
    assert refresh.returncode == 0, err


def test_bad_parameter_or_config_exits_2_before_any_kernel(env):
    config = write_config(env["root"], TWO)
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--config", str(config), "-p", "unit", "EUR"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "unit='EUR'" in proc.stderr and "'USD'" in proc.stderr
    assert not (env["reports"] / "notebooks").exists()
    data = yaml.safe_load(config.read_text())
    del data["briefings"][0]["title"]["en"]
    config.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(BuildError, match="no title in 'en'"):
        load_config(config)


def test_briefings_start_longest_first_by_the_last_builds_times(env, published, capsys):
    """With one worker a briefing ends before the next starts, so the progress lines give
    the start order: the longest in the last manifest first (``analysis.site.schedule``),
    whichever way round the times are (config order, ko then en, is not the cause)."""
    manifest_path = env["reports"] / "manifest.json"
    assert list(json.loads(manifest_path.read_text())["briefings"]) == ["quick-en", "quick-ko"]

    def started_after(seconds: dict[str, float]) -> list[str]:
        manifest = json.loads(manifest_path.read_text())
        for name, execution in seconds.items():
            timings = manifest["briefings"][name]["timings_seconds"]
            timings.update(execution=execution, html_export=0.5)
        manifest_path.write_text(json.dumps(manifest))
        capsys.readouterr()
        report = run(published, jobs=1, force=True, quiet=False)
        assert sorted(report.built) == ["quick-en", "quick-ko"]
        out = capsys.readouterr().out.splitlines()
        return [line.split()[1].rstrip(":") for line in out if line.startswith("[")]

    assert started_after({"quick-ko": 9.0, "quick-en": 1.0}) == ["quick-ko", "quick-en"]
    assert started_after({"quick-ko": 1.0, "quick-en": 9.0}) == ["quick-en", "quick-ko"]


@pytest.mark.parametrize("timeout", [float("nan"), float("inf"), 0.0, -5.0])
def test_a_timeout_that_is_not_a_positive_number_of_seconds_stops_the_build(env, timeout, capsys):
    from analysis.__main__ import main

    config = write_config(env["root"], TWO)
    code = main(["build", "--config", str(config), "--timeout", str(timeout), "--quiet"])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--timeout" in err[0] and str(timeout) in err[0], err
    assert not env["reports"].exists()  # stopped before anything was written


def test_the_build_waits_on_its_workers_with_any_timeout():
    """A timeout far past poll(2)'s limit (about 25 days) is no error, and with nothing
    running there is nothing to wait for."""
    import multiprocessing as mp

    from analysis.site.workers import _wait_for_any

    _wait_for_any([], 1.0)
    ctx = mp.get_context("spawn")
    reader, _writer = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=time.sleep, args=(0.3,))
    proc.start()
    started = time.monotonic()
    _wait_for_any([(proc, started, reader)], 1e9)
    proc.join(timeout=30)
    assert proc.exitcode == 0


def _running_notebook(path: Path) -> Path:
    """An executed notebook as papermill leaves it while its third cell runs: parameters,
    papermill's injected parameters, a cell done, the running one, one not started."""
    import nbformat

    def cell(source, status, tags=()):
        made = nbformat.v4.new_code_cell(source)
        made.metadata.update(tags=list(tags), papermill={"status": status})
        return made

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        cell("lang = 'ko'", "completed", ["parameters"]),
        cell("lang = 'en'", "completed", ["injected-parameters"]),
        cell("x = 1", "completed"),
        cell("time.sleep(60)", "running"),
        cell("y = 2", "pending"),
    ]
    nbformat.write(nb, path)
    return path


def test_the_failed_cell_is_read_from_the_executed_notebook(tmp_path):
    from analysis.site.workers import _failed_cell

    assert _failed_cell(_running_notebook(tmp_path / "n.ipynb")) == 3  # injected not counted


@pytest.mark.parametrize("cut", [0, 1, 100, -2])
def test_a_notebook_cut_short_by_a_killed_worker_names_no_cell(tmp_path, cut):
    """A worker killed (timeout) while papermill saved in place left the executed notebook
    empty or cut short (the workers now save by rename, see the next test), and the build
    reads it after the kill: no cell is named, and the build goes on (it used to stop with
    NotJSONError)."""
    from analysis.site.workers import _failed_cell

    whole = _running_notebook(tmp_path / "n.ipynb").read_text("utf-8")
    (tmp_path / "n.ipynb").write_text(whole[:cut], "utf-8")
    assert _failed_cell(tmp_path / "n.ipynb") is None


def test_a_worker_saves_the_executed_notebook_by_rename(env, monkeypatch):
    """Papermill saves the executed notebook as it runs (in a worker, after each code cell:
    :mod:`analysis.site.cell_saves`); a briefing's worker (``run_one``) has each save written
    whole to a temporary file and renamed over the notebook
    (:mod:`analysis.site.notebook_writes`), so that a worker killed while it saves leaves the
    last whole save, whose running cell the build names."""
    from papermill.iorw import papermill_io

    from analysis.site import notebook_writes
    from analysis.site.notebook_writes import AtomicLocalHandler
    from analysis.site.workers import run_one

    # run_one is a worker's: what it sets for its process is undone for this test process
    monkeypatch.setattr(papermill_io, "_handlers", list(papermill_io._handlers))
    monkeypatch.setattr(notebook_writes, "_installed", False)
    for name in ("MPLBACKEND", "PYDEVD_DISABLE_FILE_VALIDATION", "SOURCE_DATE_EPOCH"):
        if name in os.environ:  # recorded as it is now, to be put back afterwards
            monkeypatch.setenv(name, os.environ[name])
        else:  # recorded as absent: removed afterwards if run_one sets it
            monkeypatch.setenv(name, "")
            monkeypatch.delenv(name)
    saves: list[str] = []
    write = AtomicLocalHandler.write
    monkeypatch.setattr(
        AtomicLocalHandler,
        "write",
        lambda self, buf, path: saves.append(path) or write(self, buf, path),
    )
    [job] = load_config(write_config(env["root"], [{"lang": "ko"}]))
    staging = env["root"] / "staging"
    context = {"socket_dir": str(env["root"]), "build_date": "2020-09-13", "data_version": "x"}
    result = run_one(job, staging, context, timeout=120)
    assert result.ok, result.error
    executed = str(staging / f"{job.name}.ipynb")
    code_cells = sum(c.cell_type == "code" for c in nbformat.read(job.notebook, as_version=4).cells)
    # the start, the first code cell's start, each code cell (and papermill's injected
    # parameters) run, the end, and papermill's last write once the engine is done
    assert saves.count(executed) == 1 + 1 + (code_cells + 1) + 1 + 1, saves
    assert sorted(p.name for p in staging.iterdir() if p.suffix == ".tmp") == []


@pytest.mark.parametrize(("text", "_sources"), HOSTILE_NOTEBOOKS)
def test_a_file_that_is_no_notebook_names_no_failed_cell(tmp_path, text, _sources):
    from analysis.site.workers import _failed_cell

    assert _failed_cell(write(tmp_path, text)) is None


@pytest.mark.parametrize(("text", "_sources"), HOSTILE_NOTEBOOKS)
def test_a_failed_briefing_whose_file_is_no_notebook_is_kept_as_it_is(tmp_path, text, _sources):
    """A notebook can overwrite its own executed copy before its worker is killed; keeping
    it in reports/failed/ (in papermill's layout where it is a notebook) must not stop the
    build."""
    from analysis.site.publish import keep_failed

    [job] = load_config(write_config(tmp_path, [{"lang": "ko"}]))
    staging = tmp_path / "staging"
    staging.mkdir()
    (staging / f"{job.name}.ipynb").write_text(text, "utf-8")
    kept = keep_failed(job, staging, tmp_path / "reports")
    assert kept == tmp_path / "reports" / "failed" / f"{job.name}.ipynb"
    assert kept.read_text("utf-8") == text
