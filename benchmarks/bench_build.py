"""Benchmark the build against the plain papermill + nbconvert loop (``make bench``).

Prints, for one machine in one run, the median wall time and CPU time, and the peak memory
of the whole process tree as summed RSS and as summed PSS (``/proc/<pid>/smaps_rollup``: a
page shared by n processes counts 1/n in each, the honest total where kernels share the
warm template's pages) of:

1. our full build from cold (no manifest, no reports);
2. our rebuild with nothing changed;
3. our rebuild after one notebook changed;
4. the baseline a user would write: ``papermill`` then ``jupyter nbconvert --to html
   --no-input`` for each briefing, one after another;

the ratios of 1-3 to 4, the per-briefing split from the manifest (kernel start, briefing
start to first cell running, execution of the analysis cells and of the chart cells, HTML
export, warm or cold kernel), where the time goes across all briefings (the stages of a
briefing's start, its execution and export), the load average before and after, and a
scale run: the jobs notebook over a sweep of parameter sets at ``--jobs 1`` and ``--jobs``
= cores (interleaved runs, medians), as briefings per minute and CPU time per briefing.

Memory is measured in runs of its own: one more run of each command, its process tree
sampled every 50 ms (:func:`measure` with ``memory=True``). The timed runs are not sampled:
reading ``smaps_rollup`` costs about 5 ms per kernel-sized process, so the sampler takes a
fifth to a quarter of a core, which a build keeping both cores busy would lose and a
one-core loop would not. The report gives the memory runs' wall time and the sampler's own
CPU beside the medians, and the sweep's timed pairs one by one.
Writes the figures to ``docs/benchmarks.md``. Everything runs in a temporary folder; the project's ``reports/`` is not touched. Python
bytecode is compiled first (``compileall``), as it is after any first run: a shell with
``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile every module from source in every
process. This is a script that prints figures, never a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import yaml
from bench_report import COLD_BUILD, Machine, report, uptime

from analysis.briefing.parameters import SCHEMA
from analysis.paths import PROJECT_ROOT
from analysis.site.config import DEFAULT_CONFIG, check_parameters, load_config

__all__ = ["Measurement", "main", "measure"]

PY = sys.executable
BIN = Path(sys.executable).parent
#: The plan of the sweep's briefings.
SWEEP_PLAN = "uijeongbu_snd_2020"
#: How the progress lines mark the run that measures memory.
MEMORY_RUN = " (memory, sampled)"


@dataclass(frozen=True)
class Measurement:
    """Wall time (s) and CPU time of the processes (user + system, s) of one command; with
    its memory sampled, the peak memory (MiB, summed RSS and summed PSS of the process tree)
    and the CPU the sampler itself used (s, in this process); ``None`` where not sampled."""

    seconds: float
    cpu_seconds: float
    peak_mib: float | None = None
    peak_pss_mib: float | None = None
    sampler_cpu_seconds: float | None = None


def pss_bytes(pid: int) -> int:
    """Proportional set size of a process (``Pss`` of ``/proc/<pid>/smaps_rollup``): its
    private pages plus each shared page divided by the number of processes sharing it.
    0 if the process is gone or the kernel has no smaps_rollup."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


#: prctl option: orphaned descendants are re-parented to this process, not to init.
PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> None:
    """Adopt the measured commands' orphans (Linux): the build's worker fork server outlives
    the build by a moment, and only a process that reaps it gets its CPU time, and through
    it that of every worker it reaped, in ``RUSAGE_CHILDREN``."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _children() -> set[int]:
    """The pids of this process's children (running or not yet reaped)."""
    return {child.pid for child in psutil.Process().children()}


def _reap_orphans(earlier: set[int], timeout: float = 30.0) -> None:
    """Wait for every descendant of the measured command that this process adopted (they
    end with the build); children it had before the command (``earlier``: in a test, say,
    a browser or a warm-kernel template) are not waited for."""
    deadline = time.monotonic() + timeout
    adopted = _children() - earlier
    while adopted and time.monotonic() < deadline:
        for pid in list(adopted):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid  # reaped elsewhere
            if done:
                adopted.discard(pid)
        if adopted:
            time.sleep(0.05)
        adopted |= _children() - earlier  # adopted meanwhile


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(
    command: list[str],
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    *,
    memory: bool = False,
) -> Measurement:
    """Run a command; return its wall time and CPU time, and with ``memory`` the peak summed
    RSS and PSS of its process tree, sampled every 50 ms by a thread of this process (and
    that thread's own CPU time)."""
    peak = peak_pss = 0
    earlier = _children()
    cpu_before = _cpu_of_children()
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    done = threading.Event()
    sampler_cpu = 0.0

    def sample() -> None:
        nonlocal peak, peak_pss, sampler_cpu
        own_cpu = time.thread_time()
        try:
            root = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not done.is_set():
            total = total_pss = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.NoSuchProcess):
                        total += p.memory_info().rss
                        total_pss += pss_bytes(p.pid)
            except psutil.NoSuchProcess:
                break
            peak = max(peak, total)
            peak_pss = max(peak_pss, total_pss)
            sampler_cpu = time.thread_time() - own_cpu
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    if memory:
        sampler.start()
    _, stderr = proc.communicate()
    done.set()
    if memory:
        sampler.join()
    seconds = time.perf_counter() - started
    _reap_orphans(earlier)
    cpu = _cpu_of_children() - cpu_before
    if proc.returncode not in (0,):
        raise RuntimeError(
            f"{' '.join(command)} exited {proc.returncode}: {stderr.decode()[-2000:]}"
        )
    if not memory:
        return Measurement(seconds, cpu)
    return Measurement(seconds, cpu, peak / 2**20, peak_pss / 2**20, sampler_cpu)


def _summary(timed: list[Measurement], sampled: Measurement) -> Measurement:
    """The medians of the timed runs' wall and CPU times, with the sampled run's memory."""
    return Measurement(
        statistics.median(r.seconds for r in timed),
        statistics.median(r.cpu_seconds for r in timed),
        sampled.peak_mib,
        sampled.peak_pss_mib,
        sampled.sampler_cpu_seconds,
    )


def _env(reports: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["ANALYSIS_REPORTS_DIR"] = str(reports)
    env.setdefault("SOURCE_DATE_EPOCH", "1577836800")
    return env


def _build_cmd(config: Path, *extra: str) -> list[str]:
    return [PY, "-m", "analysis", "build", "--config", str(config), "--quiet", *extra]


def _baseline(config: Path, work: Path) -> list[list[str]]:
    """The shell loop a user would write: papermill CLI then nbconvert CLI per briefing."""
    commands = []
    for job in load_config(config):
        out = work / f"{job.name}.ipynb"
        params: list[str] = []
        for key, value in job.parameters.items():
            params += ["-p", key, str(value)]
        params += ["-p", "output_dir", str(work / "assets" / job.name)]
        commands.append(
            [str(BIN / "papermill"), str(job.notebook), str(out), *params, "--no-progress-bar"]
        )
        commands.append([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)])
    return commands


def _script(commands: list[list[str]], path: Path) -> list[str]:
    lines = ["set -e"] + [" ".join(f"'{c}'" for c in cmd) for cmd in commands]
    path.write_text("\n".join(lines) + "\n")
    return ["bash", str(path)]


def _touch_notebook(path: Path, run: int) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"]["benchmark_touch"] = run
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _sweep_config(config: Path, work: Path, size: int) -> Path:
    """A config of the jobs notebook over ``size`` parameter sets."""
    notebooks = work / "notebooks"
    sets = [
        {"lang": lang, "unit": unit, "jobs_split": split}  # every choice the schema allows
        for lang in SCHEMA["lang"].choices
        for unit in SCHEMA["unit"].choices
        for split in SCHEMA["jobs_split"].choices
    ]
    sets = (sets * (size // len(sets) + 1))[:size]  # repeats past the 24 distinct sets
    sets = [dict(s, suffix=f"s{i:02d}") for i, s in enumerate(sets)]
    sweep = {
        "defaults": {"price_year": 2020},
        "briefings": [
            {
                "slug": "sweep",
                "plans": [SWEEP_PLAN],  # one plan: 48 sets are 48 briefings
                "notebook": str(notebooks / "03_jobs_per_budget.ipynb"),
                "title": {"ko": "sweep", "en": "sweep"},
                "summary": {"ko": "sweep", "en": "sweep"},
                "parameter_sets": sets,
            }
        ],
    }
    path = work / "sweep.yml"
    path.write_text(yaml.safe_dump(sweep, allow_unicode=True), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="timed runs per measurement (median), after one run that measures memory",
    )
    parser.add_argument("--sweep", type=int, default=48, help="parameter sets in the scale run")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error(f"--runs: at least 1 timed run, not {args.runs}")
    cores = os.cpu_count() or 1
    become_subreaper()
    work = Path(tempfile.mkdtemp(prefix="analysis-bench-"))
    try:
        shutil.copytree(PROJECT_ROOT / "notebooks", work / "notebooks")
        config = work / "notebooks" / DEFAULT_CONFIG.name
        n = len(load_config(config))
        print(
            f"benchmark: {n} briefings, one memory run and {args.runs} timed runs each, "
            f"{cores} cores; work in {work}"
        )
        subprocess.run([PY, "-m", "analysis", "data"], check=True, stdout=subprocess.DEVNULL)
        compiled = [sysconfig.get_paths()["purelib"], str(PROJECT_ROOT / "src")]
        subprocess.run([PY, "-m", "compileall", "-q", "-j", "0", *compiled], check=False)
        sweep_config = _sweep_config(config, work, args.sweep)
        check_parameters(load_config(sweep_config))  # a bad sweep fails now, not in an hour

        names = [
            COLD_BUILD,
            "2. rebuild, nothing changed",
            "3. rebuild, one notebook changed",
            "4. baseline: papermill + nbconvert CLI loop",
        ]
        runs: dict[str, list[Measurement]] = {name: [] for name in names}
        cold, nochange, touched, base = runs.values()
        timings: dict[str, list[dict[str, float | str]]] = {}
        load_before = os.getloadavg()
        uptime_before = uptime()
        for run in range(args.runs + 1):  # run 0 measures memory (sampled), the rest time
            sampled = run == 0
            reports = work / f"reports-{run}"
            env = _env(reports)
            cold.append(measure(_build_cmd(config), env, memory=sampled))
            if not sampled:
                manifest = json.loads((reports / "manifest.json").read_text())
                for name, entry in manifest["briefings"].items():
                    timings.setdefault(name, []).append(entry["timings_seconds"])
            nochange.append(measure(_build_cmd(config), env, memory=sampled))
            _touch_notebook(work / "notebooks" / "01_sector_comparison.ipynb", run)
            touched.append(measure(_build_cmd(config), env, memory=sampled))
            base_dir = work / f"baseline-{run}"
            base_dir.mkdir()
            script = _script(_baseline(config, base_dir), base_dir / "run.sh")
            base.append(measure(script, _env(base_dir), memory=sampled))
            print(
                f"  run {run}{MEMORY_RUN if sampled else ''}: "
                f"cold {cold[-1].seconds:.1f} s, no change {nochange[-1].seconds:.2f} s, "
                f"one notebook {touched[-1].seconds:.1f} s, baseline {base[-1].seconds:.1f} s"
            )
        results = {name: _summary(done[1:], done[0]) for name, done in runs.items()}
        memory_runs = {name: done[0] for name, done in runs.items()}
        baseline = results[names[-1]].seconds

        sweeps: dict[int, list[Measurement]] = {}
        for run in range(args.runs + 1):  # interleaved: each job count meets the same load
            sampled = run == 0
            for jobs in sorted({1, cores}):
                reports = work / f"sweep-{jobs}-{run}"
                command = _build_cmd(sweep_config, "--jobs", str(jobs))
                m = measure(command, _env(reports), memory=sampled)
                sweeps.setdefault(jobs, []).append(m)
                print(
                    f"  sweep of {args.sweep} at --jobs {jobs}{MEMORY_RUN if sampled else ''}: "
                    f"{m.seconds:.1f} s, CPU {m.cpu_seconds:.1f} s"
                )
        sweep = {jobs: _summary(done[1:], done[0]) for jobs, done in sweeps.items()}
        memory_runs |= {f"sweep at --jobs {jobs}": done[0] for jobs, done in sweeps.items()}
        sweep_runs = {jobs: done[1:] for jobs, done in sweeps.items()}

        machine = Machine(cores, (load_before, os.getloadavg()), (uptime_before, uptime()))
        lines = report(
            results, baseline, timings, (sweep, sweep_runs), memory_runs, args, machine, n
        )
        print("\n".join(lines))
        if not args.no_write:
            target = PROJECT_ROOT / "docs" / "benchmarks.md"
            target.parent.mkdir(exist_ok=True)
            target.write_text("\n".join(lines) + "\n", encoding="utf-8")
            print(f"written to {target}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
