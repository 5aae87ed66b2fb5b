"""Warm kernels (analysis.site.warm_kernels): isolation between briefings forked from one
template, equivalence with plain papermill on the real notebooks, and no process left
behind when the build is killed (template included). Slow: listed in KERNEL_MODULES."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import papermill as pm
import psutil
import pytest
import traitlets
import yaml
from conftest import run
from hostile_notebooks import HOSTILE_NOTEBOOKS, write
from plain_papermill import failure, run_papermill_cli

from analysis.site import warm_kernels
from analysis.site.build import build
from analysis.site.config import load_config
from analysis.site.render import briefing_body, normalise_notebook
from analysis.site.sources import sources_of
from analysis.site.warm_kernels import (
    DATA_PRELOAD,
    DEFAULT_PRELOAD,
    ENTRY_PRELOAD,
    SKIP_TAG,
    WarmKernelError,
    WarmKernelPool,
    preload_for,
)
from analysis.site.workers import started_kernel

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
STATE_FILE = "state.json"

# Notebook A leaves behind every kind of process state a notebook can change.
CHANGE_EVERYTHING = """
import os, random, sys, warnings
import numpy as np, pandas as pd, matplotlib, matplotlib.pyplot as plt
import analysis.briefing.charts
leaked_global = 1
analysis.LEAKED = 1
sys.modules["leaked_module"] = sys
matplotlib.rcParams["lines.linewidth"] = 9
plt.figure()
pd.set_option("display.max_rows", 3)
np.random.seed(1)
random.seed(1)
os.chdir("/")
os.environ["LEAKED_ENV"] = "1"
open_file = open(os.path.join(STATE_DIR, "left-open.txt"), "w")
warnings.simplefilter("error")
"""

# Notebook B (and A, after its changes) records the state it finds, and which modules of the
# packages a build's template preloads are loaded (it imports the briefings' entry point,
# which a build's template then preloads too: preload_for), and reads three processed
# tables (a build's template has read them all: warm_data), counting those it parsed.
RECORD_STATE = """
import json, os, random, sys, warnings
import numpy as np, pandas as pd, matplotlib, matplotlib.pyplot as plt
import analysis.briefing.charts
from analysis.briefing.session import start_briefing
from analysis.data.load import _read_table, load_processed
parsed_before = _read_table.cache_info().misses
tables = {}
for table in ("sectors", "figures", "plans"):
    frame = load_processed(table)
    tables[table] = [frame.to_csv(), {column: str(dtype) for column, dtype in frame.dtypes.items()}]
tables_parsed = _read_table.cache_info().misses - parsed_before
fds = {os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
       if os.path.exists(f"/proc/self/fd/{fd}")}
state = {
    "leaked_global": "leaked_global" in globals(),
    "analysis_attribute": hasattr(analysis, "LEAKED"),
    "leaked_module": "leaked_module" in sys.modules,
    "linewidth": matplotlib.rcParams["lines.linewidth"],
    "font_family": list(matplotlib.rcParams["font.family"]),
    "backend": matplotlib.get_backend(),
    "figures": plt.get_fignums(),
    "max_rows": pd.get_option("display.max_rows"),
    "numpy_draw_is_seed_1": np.random.random_sample() == np.random.RandomState(1).random_sample(),
    "random_draw_is_seed_1": random.random() == random.Random(1).random(),
    "cwd": os.getcwd(),
    "leaked_env": os.environ.get("LEAKED_ENV"),
    "open_file": any(path.endswith("left-open.txt") for path in fds),
    "warning_filters": len(warnings.filters),
    "tables": tables,
    "tables_parsed": tables_parsed,
    "modules": sorted(  # analysis.site: the warm template's own code, no briefing's
        name for name in sys.modules
        if name.split(".")[0] in {"analysis", "mistune", "numpy", "pandas", "matplotlib", "seaborn"}
        and not name.startswith("analysis.site")
    ),
}
with open(os.path.join(STATE_DIR, NAME + ".json"), "w") as out:
    json.dump(state, out)
"""


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "py"}
    params = nbformat.v4.new_code_cell('STATE_DIR = "."\nNAME = "state"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *(nbformat.v4.new_code_cell(s) for s in sources)]
    nbformat.write(nb, path)
    return path


def _run(notebook: Path, out: Path, name: str, pool: WarmKernelPool | None) -> list[dict]:
    """Execute with papermill; through the pool (warm) or as plain papermill (cold)."""
    extra = {}
    if pool is not None:
        extra["kernel_manager_class"] = manager = pool.kernel_manager_class()
    pm.execute_notebook(
        str(notebook),
        str(out / f"{name}.ipynb"),
        parameters={"STATE_DIR": str(out), "NAME": name},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(out),
        **extra,
    )
    launches = manager.launches if pool is not None else []
    assert all(isinstance(launch["requested_at"], float) for launch in launches)
    return [{"mode": launch["mode"], "reason": launch["reason"]} for launch in launches]


def test_next_briefing_in_the_same_worker_sees_a_fresh_process(tmp_path, monkeypatch):
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # as the build's kernels have
    dirty = _notebook(tmp_path / "a.ipynb", CHANGE_EVERYTHING, RECORD_STATE)
    clean = _notebook(tmp_path / "b.ipynb", RECORD_STATE)
    preload = preload_for([dirty, clean])  # as a build of the two preloads
    assert preload == (*DEFAULT_PRELOAD, *ENTRY_PRELOAD, *DATA_PRELOAD)
    with WarmKernelPool(preload) as pool:
        assert set(preload) <= set(pool.info(timeout=120)["preloaded"])
        assert _run(dirty, tmp_path, "a", pool) == [{"mode": "warm", "reason": None}]
        assert _run(clean, tmp_path, "b", pool) == [{"mode": "warm", "reason": None}]
    _run(clean, tmp_path, "cold", None)  # a freshly started kernel, for reference
    changed, warm, cold = (
        json.loads((tmp_path / f"{n}.json").read_text()) for n in ("a", "b", "cold")
    )
    # A really changed each kind of state (otherwise this test could not fail) ...
    assert changed == changed | {
        "leaked_global": True,
        "analysis_attribute": True,
        "leaked_module": True,
        "linewidth": 9,
        "figures": [1],
        "max_rows": 3,
        "numpy_draw_is_seed_1": True,
        "random_draw_is_seed_1": True,
        "cwd": "/",
        "leaked_env": "1",
        "open_file": True,
    }
    assert changed["warning_filters"] > cold["warning_filters"]
    # The tables: the cold kernel parsed all three files, the warm ones copied the
    # template's (parsed none), and all read the same tables with the same dtypes.
    parsed = {
        n: state.pop("tables_parsed") for n, state in (("a", changed), ("b", warm), ("cold", cold))
    }
    assert parsed == {"a": 0, "b": 0, "cold": 3}
    assert changed["tables"] == warm["tables"] == cold["tables"] and len(cold["tables"]) == 3
    # ... and B, forked from the same template next, found none of it: exactly what a
    # fresh kernel finds.
    assert warm == cold
    assert warm["cwd"] == str(tmp_path) and warm["figures"] == [] and not warm["open_file"]
    assert warm["max_rows"] == pd_default_max_rows()


def _build_notebook(path: Path, *sources: str) -> Path:
    """:func:`_notebook` with the parameters a build passes (``lang``, ``output_dir``,
    ``data_dir``), and a last cell recording the kernel's pid and its parent's."""
    nb = nbformat.read(_notebook(path, *sources), as_version=4)
    nb.cells[0].source += '\nlang = "ko"\noutput_dir = None\ndata_dir = None'
    nb.cells.append(nbformat.v4.new_code_cell(PIDS))
    nbformat.write(nb, path)
    return path


PIDS = """
import json, os
if output_dir:  # the build publishes the briefing's assets folder
    os.makedirs(output_dir, exist_ok=True)
with open(os.path.join(STATE_DIR, NAME + ".pids.json"), "w") as out:
    json.dump({"pid": os.getpid(), "parent": os.getppid()}, out)
"""


def _one_briefing_config(folder: Path, notebook: Path, name: str) -> Path:
    """A config of ``notebook`` as the one page ``<name>-ko``, recording into ``folder``."""
    sets = [{"lang": "ko", "STATE_DIR": str(folder), "NAME": name}]
    entry = {"slug": name, "notebook": str(notebook), "plans": "none", "parameter_sets": sets}
    entry |= {"title": {"ko": name}, "summary": {"ko": name}}
    config = folder / f"{name}.yml"
    config.write_text(yaml.safe_dump({"briefings": [entry]}))
    return config


def test_builds_that_keep_templates_share_one_and_each_briefing_is_a_fresh_fork(env):
    """Two builds in one ``keep_templates`` block: the second build's kernel is forked from
    the template the first build's kernel came from (none is started for it), and finds
    none of what the first briefing changed (as in the test above, across builds this
    time); at the end of the block the template is gone."""
    from analysis.site.kept_templates import keep_templates, warm_template
    from analysis.site.workers import _kernel_env

    folder = env["root"]
    dirty = _build_notebook(folder / "a.ipynb", CHANGE_EVERYTHING, RECORD_STATE)
    clean = _build_notebook(folder / "b.ipynb", RECORD_STATE)
    template_env = dict(os.environ)
    _kernel_env(template_env)  # as the build gives its template and kernels
    with keep_templates():
        with warm_template(preload_for([dirty, clean]), template_env) as pool:
            template = psutil.Process(int(pool.info(timeout=120)["pid"]))  # preloaded
        for name, notebook in (("a", dirty), ("b", clean)):
            report = run(_one_briefing_config(folder, notebook, name), jobs=1)
            assert report.built == [f"{name}-ko"] and not report.failed, report
        assert template.is_running()
    manifest = json.loads((env["reports"] / "manifest.json").read_text())
    assert manifest["briefings"]["b-ko"]["timings_seconds"]["kernel_mode"] == "warm"
    pids = {n: json.loads((folder / f"{n}.pids.json").read_text()) for n in ("a", "b")}
    assert pids["a"]["parent"] == pids["b"]["parent"] == template.pid
    assert pids["a"]["pid"] != pids["b"]["pid"]
    assert not template.is_running() or template.status() == psutil.STATUS_ZOMBIE
    _run(_notebook(folder / "c.ipynb", RECORD_STATE), folder, "cold", None)  # for reference
    changed, warm, cold = (
        json.loads((folder / f"{n}.json").read_text()) for n in ["a", "b", "cold"]
    )
    assert changed["leaked_global"] and changed["linewidth"] == 9 and changed["cwd"] == "/"
    assert warm["tables_parsed"] == 0 and cold["tables_parsed"] == 3  # warm: the template's
    same = {"cwd": None, "tables_parsed": None}  # the build runs kernels elsewhere
    assert warm | same == cold | same
    assert warm["figures"] == [] and not warm["open_file"] and warm["leaked_env"] is None


def test_a_kept_template_is_replaced_once_a_source_file_it_imported_changes(tmp_path, monkeypatch):
    """Its kernels would start cold (they would run the old code); so would a dead one's, and
    one whose kernelspec asks for other interpreter options. A template replaced while a
    build still uses it stops when that build ends."""
    from analysis.site import kept_templates
    from analysis.site.kept_templates import keep_templates, warm_template

    probe = tmp_path / "kept_probe.py"
    probe.write_text("VALUE = 1\n")
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    with keep_templates():
        with warm_template(["kept_probe"], env) as first:
            assert "kept_probe" in first.info(timeout=120)["preloaded"]
            with warm_template(["kept_probe"], env) as again:
                assert again is first
            later = probe.stat().st_mtime + 10
            os.utime(probe, (later, later))
            with warm_template(["kept_probe"], env) as second:  # the first build still runs
                assert second is not first and first.is_running()
                second.info(timeout=120)
            assert first.is_running()
        assert not first.is_running()  # its last build ended
        os.kill(int(second.info(timeout=10)["pid"]), signal.SIGKILL)
        second._process.wait(10)
        with warm_template(["kept_probe"], env) as third:
            assert third is not second and third.info(timeout=120)["pid"] != second._process.pid
        with warm_template(["kept_probe"], dict(env, HOME=str(tmp_path))) as other:
            assert other is not third  # another import-time environment: its own template
        monkeypatch.setattr(kept_templates, "kernel_python_options", lambda _name: ["-Xdev"])
        with warm_template(["kept_probe"], env) as fourth:
            assert fourth is not third and not third.is_running()
    assert not fourth.is_running() and not other.is_running()


def test_outside_keep_templates_a_build_stops_its_own_template(env, monkeypatch):
    """The build's own path (a command-line build's, and any build outside the block the
    test session keeps): its template is started for it and stopped when it ends."""
    from analysis.site import kept_templates

    monkeypatch.setattr(kept_templates, "_kept", None)  # as outside any block

    def templates() -> set[int]:
        """This process's template children that are running (not zombies left by others)."""
        found = set()
        for child in psutil.Process().children():
            try:
                if "warm_template" in " ".join(child.cmdline()):
                    found.add(child.pid)
            except psutil.Error:  # gone, or a zombie: not running
                continue
        return found

    before = templates()
    report = run(_quick_config(env["root"]))
    assert sorted(report.built) == ["quick-en", "quick-ko"] and not report.failed
    assert templates() == before


def pd_default_max_rows() -> int:
    import pandas as pd

    return int(pd.get_option("display.max_rows"))


def _one_briefing_per_notebook() -> list:
    seen: dict[Path, object] = {}
    for job in load_config(PROJECT / "notebooks" / "briefings.yml"):
        seen.setdefault(job.notebook, job)
    return list(seen.values())


#: One briefing of each notebook (the first the project's config lists).
ONE_PER_NOTEBOOK = _one_briefing_per_notebook()


def test_one_briefing_per_notebook_is_compared_and_the_shared_build_ran_them_warm(
    briefings_build,
):
    """The shared build (``briefings_build``) is a warm build of the project's briefings:
    one briefing of every notebook is among its pages, and its kernels were forked warm."""
    assert len(ONE_PER_NOTEBOOK) == len(list((PROJECT / "notebooks").glob("*.ipynb")))
    assert set(briefings_build["report"].built) >= {j.name for j in ONE_PER_NOTEBOOK}
    reports = briefings_build["reports"]
    manifest = json.loads((reports / "manifest.json").read_text())
    modes = {
        j.name: manifest["briefings"][j.name]["timings_seconds"]["kernel_mode"]
        for j in ONE_PER_NOTEBOOK
    }
    assert "warm" in modes.values(), modes


@pytest.mark.parametrize("job", ONE_PER_NOTEBOOK, ids=lambda job: job.notebook.stem)
def test_warm_build_equals_plain_papermill_for_every_notebook(briefings_build, job, tmp_path):
    """The page the warm build made (the shared build) holds what plain papermill (its
    command line, a cold kernel) makes of the same notebook with the same parameters."""
    reports = briefings_build["reports"]
    [built] = [j for j in briefings_build["jobs"] if j.name == job.name]
    assert built.parameters == job.parameters and built.notebook == job.notebook
    cold = tmp_path / "cold" / job.name
    cold.mkdir(parents=True)
    params = dict(job.parameters) | {
        "output_dir": str(cold / "assets"),
        "data_dir": str(PROJECT / "data"),
    }
    arguments = [str(job.notebook), str(cold / "executed.ipynb"), "-y", json.dumps(params)]
    done = run_papermill_cli([*arguments, "--no-progress-bar"], timeout=600)
    assert done.returncode == 0, failure(done)
    warm_values = json.loads((reports / "assets" / job.name / "values.json").read_text())
    cold_values = json.loads((cold / "assets" / "values.json").read_text())
    assert warm_values == cold_values, job.name
    cold_nb = normalise_notebook(cold / "executed.ipynb")
    cold_body = briefing_body(cold_nb, job, sources_of(PROJECT / "data" / "processed", job.plan))
    page = (reports / f"{job.name}.html").read_text(encoding="utf-8")
    assert len(cold_body) > 1000 and cold_body in page, job.name


def _quick_config(folder: Path, sleep: int = 0) -> Path:
    """A config of the quick notebook (no heavy imports) in ko and en, about no plan."""
    notebook = folder / "quick.ipynb"
    notebook.write_bytes((FIXTURES / "quick.ipynb").read_bytes())
    config = folder / "briefings.yml"
    sets = [{"lang": "ko", "sleep": sleep}, {"lang": "en", "sleep": sleep}]
    entry = {"slug": "quick", "notebook": str(notebook), "plans": "none", "parameter_sets": sets}
    entry |= {"title": {"ko": "q", "en": "q"}, "summary": {"ko": "q", "en": "q"}}
    config.write_text(yaml.safe_dump({"briefings": [entry]}))
    return config


def test_killing_the_build_leaves_no_process_template_included(tmp_path):
    config = _quick_config(tmp_path, sleep=60)
    env = dict(os.environ, ANALYSIS_REPORTS_DIR=str(tmp_path / "reports"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis", "build", "--config", str(config), "--jobs", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    staging = tmp_path / "reports" / ".staging"
    pid_files = [staging / n / "assets" / "kernel.pid" for n in ("quick-ko", "quick-en")]
    deadline = time.monotonic() + 180
    while not all(p.is_file() and p.read_text() for p in pid_files):
        assert time.monotonic() < deadline and proc.poll() is None, "kernels did not start"
        time.sleep(0.2)
    family = psutil.Process(proc.pid).children(recursive=True)
    kernels = {int(p.read_text()) for p in pid_files}
    [template] = [
        p for p in family if p.ppid() == proc.pid and "warm_template" in " ".join(p.cmdline())
    ]
    assert kernels <= {p.pid for p in template.children()}  # both forked from the template
    os.kill(proc.pid, signal.SIGKILL)  # the build process only
    proc.wait()
    _, alive = psutil.wait_procs(family, timeout=15)
    alive = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not alive, [(p.pid, p.cmdline()) for p in alive]


def test_preload_follows_what_the_notebooks_import(tmp_path):
    assert preload_for([FIXTURES / "quick.ipynb"]) == ()
    notebooks = sorted((PROJECT / "notebooks").glob("*.ipynb"))
    entry = (*DEFAULT_PRELOAD, *ENTRY_PRELOAD, *DATA_PRELOAD)
    assert all(preload_for([nb]) == entry for nb in notebooks)
    assert preload_for(notebooks) == entry
    broken = _notebook(tmp_path / "broken.ipynb", "def (:", "import seaborn as sns")
    assert preload_for([broken]) == DEFAULT_PRELOAD
    assert preload_for([broken, *notebooks]) == DEFAULT_PRELOAD  # broken does not import it
    entry = "from analysis.briefing.session import start_briefing"
    assert preload_for([_notebook(tmp_path / "runs.ipynb", entry)]) == (
        *DEFAULT_PRELOAD,
        *ENTRY_PRELOAD,
        *DATA_PRELOAD,
    )
    skipped = nbformat.read(_notebook(tmp_path / "skipped.ipynb", entry), as_version=4)
    skipped.cells[1].metadata["tags"] = [SKIP_TAG]  # a cell papermill does not run
    nbformat.write(skipped, tmp_path / "skipped.ipynb")
    assert preload_for([tmp_path / "skipped.ipynb"]) == DEFAULT_PRELOAD


@pytest.mark.parametrize(
    "source",
    [
        "def f():\n    from analysis.briefing.session import start_briefing",
        "if False:\n    import analysis.briefing.session",
        "try:\n    from analysis.briefing import session\nexcept ImportError:\n    pass",
        "import analysis.briefing\nfrom . import session",
        "from analysis.briefing import charts",
    ],
)
def test_the_entry_point_is_preloaded_only_where_it_is_imported_whenever_the_notebook_runs(
    tmp_path, source
):
    """A statement that may not run (in a function, a condition, a ``try``) or names another
    module does not preload the entry point; one of its own does, however it names it."""
    maybe = _notebook(tmp_path / "maybe.ipynb", source)
    assert preload_for([maybe]) == DEFAULT_PRELOAD
    for index, named in enumerate(
        [
            "from analysis.briefing.session import start_briefing as go",
            "from analysis.briefing import charts, session",
            "import analysis.briefing.session",
        ]
    ):
        sure = _notebook(tmp_path / f"sure-{index}.ipynb", source, named)
        assert preload_for([sure]) == (*DEFAULT_PRELOAD, *ENTRY_PRELOAD, *DATA_PRELOAD), named


@pytest.mark.parametrize(("text", "_sources"), HOSTILE_NOTEBOOKS)
def test_a_file_that_is_no_notebook_asks_for_no_preload(tmp_path, text, _sources):
    """The build looks into notebooks before it runs them; a hostile one must not stop it
    there (running it reports the error), nor preload what no cell imports."""
    path = write(tmp_path, text)
    assert preload_for([path]) == ()
    notebook = _notebook(tmp_path / "good.ipynb", "import pandas")
    assert preload_for([path, notebook]) == DEFAULT_PRELOAD  # the others still count


def test_warm_kernels_exit_by_themselves_once_asked_to_shut_down(capfd):
    """No kernel's last flush waits for an IOPub thread that is gone: ipykernel's own exit
    raced its control thread's flush, and about a quarter of the kernels then waited out
    the flush's 10 s timeout, or the 2.5 s after which jupyter_client sends SIGTERM
    (:func:`analysis.site.warm_child._finish_control_thread`). Here the manager waits
    60 s before SIGTERM, so that a kernel slow to exit on a loaded machine is not taken for
    one caught in the race; a kernel caught in it says so on stderr (the test's own, which
    the kernels share) and the test fails."""

    kernels = 30
    with WarmKernelPool(()) as pool:
        manager_class = pool.kernel_manager_class()

        class Patient(manager_class):  # type: ignore[misc, valid-type]
            shutdown_wait_time = traitlets.Float(60.0)

        for index in range(kernels):
            # shut down as the workers do: asked at the block's end, waited for after the
            # page's export (the stack's end); every other kernel waited for at once
            with contextlib.ExitStack() as exits:
                with started_kernel(Patient, "python3", exits if index % 2 else None) as km:
                    pass
                asked_only = bool(exits._exit_callbacks)  # type: ignore[attr-defined]
            assert asked_only == bool(index % 2)
            assert not km.has_kernel and not Path(km.connection_file).exists()
    launches = manager_class.launches
    assert [launch["mode"] for launch in launches] == ["warm"] * kernels
    assert [launch.get("exit_code") for launch in launches] == [0] * kernels
    assert "IOStream.flush timed out" not in capfd.readouterr().err


def _gated_preload(folder: Path) -> tuple[str, Path]:
    """A module whose import waits until the returned gate file exists (a template that
    preloads it is still preloading until then), and that gate; ``folder`` must be on the
    template's ``PYTHONPATH``."""
    gate = folder / "gate"
    module = folder / "gated_preload.py"
    module.write_text(
        f"import os, time\nwhile not os.path.exists({str(gate)!r}):\n    time.sleep(0.01)\n"
    )
    return module.stem, gate


def test_a_launch_while_the_template_preloads_waits_for_it_and_is_warm(tmp_path, monkeypatch):
    """A build's first briefings launch while its template preloads: each waits for it
    (starting cold would import the same modules again), and its kernel is a fork. Here
    the preload cannot end before the launch has begun to wait: the launch opens the gate."""
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))  # the template's and the kernels'
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    name, gate = _gated_preload(tmp_path)
    notebook = _notebook(tmp_path / "b.ipynb", RECORD_STATE)
    ready_when_asked = []
    wait = WarmKernelPool.wait_for_preload

    def opening_the_gate(pool: WarmKernelPool, *args, **kwargs):
        ready_when_asked.append(pool.ready())
        gate.touch()
        return wait(pool, *args, **kwargs)

    monkeypatch.setattr(WarmKernelPool, "wait_for_preload", opening_the_gate)
    pool = WarmKernelPool([*DEFAULT_PRELOAD, name]).start(wait=False)
    try:
        launches = _run(notebook, tmp_path, "b", pool)
        assert name in pool.info()["preloaded"]
    finally:
        gate.touch()
        pool.close()
    assert ready_when_asked == [False]  # the launch came while the template preloaded
    assert launches == [{"mode": "warm", "reason": None}]
    assert json.loads((tmp_path / "b.json").read_text())["cwd"] == str(tmp_path)


def _launch_from(pool: WarmKernelPool) -> None:
    """Ask ``pool`` for a process (a command the template runs cold)."""
    pool.launch([sys.executable, "-c", "pass"], dict(os.environ), "/", (0, 1, 2))


def test_a_template_still_preloading_past_the_wait_is_not_waited_for(tmp_path, monkeypatch):
    """A template stuck in its preload: past ``PRELOAD_WAIT`` seconds after its start, a
    launch stops waiting and says why (the kernel then starts cold, see
    :class:`analysis.site.warm_jupyter.WarmProvisioner`), and so does every later one; a
    kept template in that state is no longer offered to builds."""
    from analysis.site.kept_templates import is_current

    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setattr(warm_kernels, "PRELOAD_WAIT", 0.3)
    name, gate = _gated_preload(tmp_path)
    pool = WarmKernelPool([name]).start(wait=False)
    try:
        for _ in range(2):
            with pytest.raises(WarmKernelError, match=r"still preloads 0\.3 s after its start"):
                _launch_from(pool)
        assert not pool.ready() and pool.is_running() and not is_current(pool)
        gate.touch()
        pool.info()  # waits for the preload: the template was only slow
        assert pool.wait_for_preload() is None and is_current(pool)
    finally:
        gate.touch()
        pool.close()


def test_a_template_that_exits_while_preloading_is_not_waited_for(tmp_path, monkeypatch):
    """A template that exits during its preload (here a module ends the process as it is
    imported): a launch stops waiting as it exits, not when ``PRELOAD_WAIT`` (30 s here)
    is up, and says so."""
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setattr(warm_kernels, "PRELOAD_WAIT", 30.0)
    (tmp_path / "exiting_preload.py").write_text("import os\nos._exit(3)\n")
    pool = WarmKernelPool(["exiting_preload"]).start(wait=False)
    try:
        with pytest.raises(WarmKernelError, match="exited before it had preloaded"):
            _launch_from(pool)
        assert not pool.is_running()
    finally:
        pool.close()


@pytest.mark.parametrize("env_name", ["PYTHONHASHSEED", "MPLCONFIGDIR"])
def test_a_launch_the_template_cannot_reproduce_starts_cold(tmp_path, monkeypatch, env_name):
    notebook = _notebook(tmp_path / "b.ipynb", RECORD_STATE)
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    with WarmKernelPool(DEFAULT_PRELOAD[:1]) as pool:
        monkeypatch.setenv(env_name, "0" if env_name == "PYTHONHASHSEED" else str(tmp_path))
        [launch] = _run(notebook, tmp_path, "b", pool)
    assert launch["mode"] == "cold" and env_name in launch["reason"]
    assert json.loads((tmp_path / "b.json").read_text())["cwd"] == str(tmp_path)


#: Run in a fresh interpreter: a build with nothing to do, reporting what it imported and
#: whether it started a warm-kernel template.
NO_CHANGE_PROBE = """
import json, sys
from analysis.site import warm_kernels
from analysis.__main__ import main
started = []
warm_kernels.WarmKernelPool.start = lambda self, wait=True: started.append(1) or self
code = main(["build", "--config", sys.argv[1], "--quiet"])
print(json.dumps({"code": code, "started": len(started), "modules": sorted(sys.modules)}))
"""
HEAVY = {"pandas", "numpy", "matplotlib", "seaborn", "papermill", "nbformat", "nbconvert"}
HEAVY |= {"jinja2", "multiprocessing.forkserver"}


def test_a_rebuild_with_nothing_to_do_imports_nothing_heavy_and_starts_no_template(tmp_path):
    config = _quick_config(tmp_path)
    env = dict(os.environ, ANALYSIS_REPORTS_DIR=str(tmp_path / "reports"))
    command = [sys.executable, "-m", "analysis", "build", "--config", str(config), "--quiet"]
    assert subprocess.run(command, env=env, capture_output=True, timeout=300).returncode == 0
    manifest = json.loads((tmp_path / "reports" / "manifest.json").read_text())
    probe = [sys.executable, "-c", NO_CHANGE_PROBE, str(config)]
    done = subprocess.run(probe, env=env, capture_output=True, text=True, timeout=300)
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["code"] == 0 and report["started"] == 0, done.stderr[-2000:]
    assert HEAVY.isdisjoint(report["modules"]), HEAVY & set(report["modules"])
    again = json.loads((tmp_path / "reports" / "manifest.json").read_text())
    assert again["site"] == manifest["site"]
    # the same entries; only the sizes and times of files that have settled since are added
    for name, entry in manifest["briefings"].items():
        stats = entry.pop("published_stats")
        assert again["briefings"][name].pop("published_stats").items() >= stats.items()
    assert again["briefings"] == manifest["briefings"]


#: Packages that build a parser as they are imported: rfc3987-syntax builds a Lark grammar
#: (1.3 s of CPU), and jsonschema (through nbformat, in every worker) imports it if present.
GRAMMAR_BUILDERS = {"rfc3987-syntax": "rfc3987_syntax", "lark": "lark"}
ROOT = Path(__file__).resolve().parents[1]


def test_the_lock_and_its_refresh_leave_out_the_grammar_builders():
    pinned = {
        line.split("==")[0]
        for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    }
    assert {"jsonschema", "nbformat"} <= pinned  # the lock was read
    assert pinned.isdisjoint(GRAMMAR_BUILDERS), pinned & set(GRAMMAR_BUILDERS)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nlock:", 1)[1].split("\n\n", 1)[0]
    for package in GRAMMAR_BUILDERS:  # `make lock` keeps them out
        assert f"--no-emit-package {package}" in recipe, package


@pytest.mark.skipif(
    not (Path(sys.prefix) / ".installed").exists(),
    reason="not the environment make installs from requirements.lock",
)
def test_the_worker_preload_builds_no_grammar_on_import():
    """... and imports no plotting library, nor pandas: a worker renders pages, it draws
    nothing (a word function imported from a kernel-side module once brought matplotlib in)
    and reads its few tables with the standard library (pandas took about 0.3 s of the fork
    server's CPU and 25 MiB of each worker's memory; numpy still comes in with openpyxl)."""
    probe = (
        "import importlib, json, sys\n"
        "from analysis.site.workers import WORKER_PRELOAD\n"
        "for name in WORKER_PRELOAD: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    modules = set(json.loads(done.stdout.splitlines()[-1]))
    assert {"nbformat", "jsonschema"} <= modules  # the probe imported what validates
    imported = set(GRAMMAR_BUILDERS.values()) & modules
    assert not imported, imported
    unneeded = {m for m in modules if m.split(".")[0] in ("matplotlib", "seaborn", "pandas")}
    assert not unneeded, sorted(unneeded)[:5]


def test_the_workers_preload_openpyxl_only_for_notebooks_whose_pages_have_workbooks():
    """A build of the project's notebooks preloads the workbook's modules in the workers'
    fork server; a build of notebooks that import no analysis package (the tests' quick
    notebook) leaves them out, and the server still ends with the module that freezes it."""
    from analysis.site.workers import WORKBOOK_MODULES, WORKER_PRELOAD, worker_preload

    real = worker_preload(preload_for([job.notebook for job in ONE_PER_NOTEBOOK]))
    quick = worker_preload(preload_for([FIXTURES / "quick.ipynb"]))
    assert real == WORKER_PRELOAD and set(WORKBOOK_MODULES) <= set(real)
    assert quick == [name for name in WORKER_PRELOAD if name not in WORKBOOK_MODULES]
    assert set(WORKBOOK_MODULES).isdisjoint(quick) and quick[-1] == real[-1]


#: Run as ``python -c``: exports the pages named in ``sys.argv[3:]`` of the config
#: ``sys.argv[1]`` as a build worker does, in the folders ``sys.argv[2]/<name>`` (the executed
#: notebook ``notebook.ipynb`` and ``assets/``), where pandas cannot be imported.
EXPORT_PROBE = """
import importlib, json, sys
from pathlib import Path
sys.modules["pandas"] = None  # an import of pandas raises ImportError
from bs4.dammit import EntitySubstitution
built = [EntitySubstitution._CLASS_VARIABLES_POPULATED]  # bs4's entity tables, built lazily
from analysis.site.workers import WORKER_PRELOAD
for name in WORKER_PRELOAD: importlib.import_module(name)
built.append(EntitySubstitution._CLASS_VARIABLES_POPULATED)
from analysis.site.config import load_config
from analysis.site.manifest import build_date, current_data_version
from analysis.site.render import export_briefing, normalise_notebook
jobs = load_config(sys.argv[1])
context = {"build_date": build_date(), "data_version": current_data_version(),
           "all_jobs": [j.record() for j in jobs]}
for job in jobs:
    if job.name in sys.argv[3:]:
        work = Path(sys.argv[2]) / job.name
        nb = normalise_notebook(work / "notebook.ipynb")
        export_briefing(nb, job, work / "page.html", work / "assets", context)
print(json.dumps({"entity_tables_built": built}))
"""


def test_a_worker_exports_every_notebooks_page_without_pandas(briefings_build, tmp_path):
    """The pages and workbooks of one briefing of each notebook, exported again from the
    shared build's executed notebooks where pandas cannot be imported, are the build's own;
    the preload of the workers' fork server has built what bs4 builds on first use (25 ms
    of CPU, which every worker spent anew when nbconvert parsed its page)."""
    import shutil

    reports = briefings_build["reports"]
    names = [j.name for j in ONE_PER_NOTEBOOK]
    for name in names:
        shutil.copytree(reports / "assets" / name, tmp_path / name / "assets")
        (tmp_path / name / "assets" / f"{name}.xlsx").unlink()
        shutil.copy(reports / "notebooks" / f"{name}.ipynb", tmp_path / name / "notebook.ipynb")
    config = briefings_build["config"]
    env = dict(os.environ, ANALYSIS_DATA_DIR=str(config.parent / "data"))
    env |= {"SOURCE_DATE_EPOCH": "1600000000"}  # the shared build's
    probe = [sys.executable, "-c", EXPORT_PROBE, str(config), str(tmp_path), *names]
    done = subprocess.run(probe, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.splitlines()[-1]) == {"entity_tables_built": [False, True]}
    for name in names:
        page = (tmp_path / name / "page.html").read_bytes()
        assert page == (reports / f"{name}.html").read_bytes(), name
        workbook = tmp_path / name / "assets" / f"{name}.xlsx"
        assert workbook.read_bytes() == (reports / "assets" / name / workbook.name).read_bytes()


#: Run as ``python -c``: builds ``sys.argv[1]`` (``--force``) and reports which heavy modules
#: the build's own process had imported when its briefings started.
COLD_PROBE = """
import json, sys
from analysis.site import workers
from analysis.__main__ import main
seen = {}
run_parallel = workers.run_parallel
def recording(*args, **kwargs):
    seen["modules"] = sorted(sys.modules)
    return run_parallel(*args, **kwargs)
workers.run_parallel = recording
code = main(["build", "--config", sys.argv[1], "--quiet", "--force"])
print(json.dumps({"code": code, "modules": seen.get("modules")}))
"""


def test_the_build_itself_imports_no_pandas_while_its_briefings_run(tmp_path):
    """The kernels import pandas (the workers do not); the build's own process does not
    until its briefings are done (about 50 MiB less at the build's peak, not shared with
    anyone)."""
    config = _quick_config(tmp_path)
    env = dict(os.environ, ANALYSIS_REPORTS_DIR=str(tmp_path / "reports"))
    done = subprocess.run(
        [sys.executable, "-c", COLD_PROBE, str(config)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["code"] == 0 and report["modules"], done.stderr[-2000:]
    heavy = HEAVY - {"multiprocessing.forkserver"}  # the workers' server is started by then
    assert heavy.isdisjoint(report["modules"]), heavy & set(report["modules"])


def test_site_files_are_rewritten_only_when_missing_altered_or_out_of_date(tmp_path, monkeypatch):
    reports = tmp_path / "reports"
    monkeypatch.setenv("ANALYSIS_REPORTS_DIR", str(reports))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    config = _quick_config(tmp_path)
    assert sorted(build(config, refresh_data=False, quiet=True).built) == ["quick-en", "quick-ko"]
    site = {p: p.read_bytes() for p in [reports / "index.html", reports / "data-package.zip"]}
    sources = sorted((reports / "sources").rglob("*.html"))
    assert sources, "the build wrote no source pages"
    written_at = {p: p.stat().st_mtime_ns for p in [*site, *sources]}

    assert build(config, refresh_data=False, quiet=True).built == []
    assert {p: p.stat().st_mtime_ns for p in written_at} == written_at  # not rewritten

    (reports / "data-package.zip").unlink()
    (reports / "index.html").write_text("altered")
    sources[0].write_text("altered")
    assert build(config, refresh_data=False, quiet=True).built == []
    assert {p: p.read_bytes() for p in site} == site  # rewritten, as they were
    assert sources[0].read_text(encoding="utf-8") != "altered"

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # a new build date is an input
    build(config, refresh_data=False, quiet=True)
    assert (reports / "index.html").read_bytes() != site[reports / "index.html"]
    assert "2023-11-14" in (reports / "index.html").read_text(encoding="utf-8")


def test_the_start_of_a_briefing_is_split_into_stages_that_add_up(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_REPORTS_DIR", str(tmp_path / "reports"))
    build(_quick_config(tmp_path), refresh_data=False, quiet=True, jobs=2)
    manifest = json.loads((tmp_path / "reports" / "manifest.json").read_text())
    stages = ("worker_start", "kernel_request", "kernel_boot", "ready_to_cell")
    for name in ("quick-ko", "quick-en"):
        timings = manifest["briefings"][name]["timings_seconds"]
        assert all(timings[stage] >= 0 for stage in stages), timings
        # each figure is rounded to 1 ms: four of them add up to first_cell within 2 ms
        # (compared in whole milliseconds: 0.001 + 0.001 is not 0.002 in floating point)
        ms = {key: round(timings[key] * 1000) for key in (*stages, "first_cell", "kernel_start")}
        assert abs(sum(ms[stage] for stage in stages) - ms["first_cell"]) <= 2, timings
        assert abs(ms["kernel_request"] + ms["kernel_boot"] - ms["kernel_start"]) <= 2, timings


def test_the_skipped_cells_tag_is_the_one_papermill_skips():
    from nbclient import NotebookClient

    assert NotebookClient.skip_cells_with_tag.default_value == SKIP_TAG
