"""The Markdown report of ``bench_build.py`` (``docs/benchmarks.md``)."""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["COLD_BUILD", "Machine", "own_work_floor", "report", "uptime"]

#: The measurement of a full build from nothing (the first row of the main table).
COLD_BUILD = "1. full build, cold"

#: Per-briefing columns (manifest ``timings_seconds``), as in every report so far.
PER_BRIEFING = ("kernel_start", "first_cell", "execution", "analysis", "charts", "html_export")

#: Where a briefing's time goes: (label, how it is computed from its manifest timings).
STAGES: tuple[tuple[str, Any], ...] = (
    ("worker start: the build launches the worker, the worker starts", "worker_start"),
    ("kernel request: the worker sets up a kernel manager, asks for a kernel", "kernel_request"),
    (
        "kernel boot: fork of the template, ipykernel set-up, kernel_info answered "
        "(papermill reads, parameterises and saves the notebook meanwhile)",
        "kernel_boot",
    ),
    ("kernel ready to first cell sent", "ready_to_cell"),
    ("analysis cells (no chart)", "analysis"),
    ("chart cells (`brief.figure(`: draw, save PNG, SVG, CSV)", "charts"),
    (
        "rest of execution: papermill saving the notebook, the kernel's messages",
        lambda t: t["execution"] - t["analysis"] - t["charts"] - t.get("kernel_shutdown", 0.0),
    ),
    (
        "kernel shut-down: the worker asks the kernel to exit (it exits while the page is "
        "exported)",
        "kernel_shutdown",
    ),
    ("HTML export: normalise the notebook, nbconvert, page, workbook", "html_export"),
    ("kernel exit: what is left of it after the export, waited for", "kernel_exit"),
)


@dataclass(frozen=True)
class Machine:
    """The machine and its load during the run."""

    cores: int
    load: tuple[tuple[float, ...], tuple[float, ...]]
    uptime: tuple[str, str]


def uptime() -> str:
    """What ``uptime`` says (empty where there is no such command)."""
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _stage(timings: dict[str, Any], how: Any) -> float:
    return float(how(timings) if callable(how) else timings.get(how, 0.0))


def report(
    results: dict[str, Any],
    baseline: float,
    timings: dict[str, list[dict[str, Any]]],
    sweep: tuple[dict[int, Any], dict[int, list[Any]]],
    memory_runs: dict[str, Any],
    args: argparse.Namespace,
    machine: Machine,
    n: int,
) -> list[str]:
    """The report's lines: the build against the baseline, per briefing, where the time
    goes, the sweep (its medians per job count, and its timed runs per job count in the
    order run), the memory runs."""
    load = ", ".join(f"{x:.1f}" for x in machine.load[0])
    load_after = ", ".join(f"{x:.1f}" for x in machine.load[1])
    lines = [
        "# Build benchmark",
        "",
        f"Machine: {machine.cores} cores, {_cpu_name()}, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}.",
        f"Command: `make bench` (`python benchmarks/bench_build.py --runs {args.runs} "
        f"--sweep {args.sweep}`).",
        f"Wall and CPU times: medians of {args.runs} timed runs; {n} briefings (every notebook "
        "for every plan x ko, en, and the comparison of plans x ko, en). Peak memory: one more "
        "run of each command, before the timed ones, its whole process tree sampled every "
        "50 ms: summed PSS (`/proc/<pid>/smaps_rollup`; a page shared by n processes "
        "counts 1/n in each, so the warm template's copy-on-write pages count once) and, "
        "beside it, summed RSS (shared pages counted once per process). The timed runs are "
        "not sampled: the sampler's own CPU (last table) would be taken from a build that "
        "keeps every core busy, and not from the one-core loop. CPU time: user + "
        "system of every process of the command (the bench adopts and reaps the build's "
        "orphans, so the workers count too). Python bytecode compiled before the runs.",
        f"Load average (1, 5, 15 min) before: {load}; after: {load_after}. "
        f"`uptime` before: `{machine.uptime[0]}`; after: `{machine.uptime[1]}`. The machine "
        "is shared: on a loaded machine wall times grow, CPU times much less.",
        "",
        "| measurement | wall time (s) | CPU time (s) | peak PSS (MiB) | peak RSS (MiB) "
        "| ratio to baseline |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, m in results.items():
        lines.append(
            f"| {name} | {m.seconds:.2f} | {m.cpu_seconds:.2f} | {m.peak_pss_mib:,.0f} "
            f"| {m.peak_mib:,.0f} | {m.seconds / baseline:.2f} |"
        )
    lines += [
        "",
        "Per briefing, medians (seconds): kernel start (the worker starting the briefing to "
        "its kernel being ready), first cell (the build launching the briefing's worker to "
        "its first cell running), execution (kernel ready to kernel shut down), of which the "
        "cells that draw a chart (`brief.figure(`) and the other cells (analysis); HTML "
        "export; how the kernels started.",
        "",
        "| briefing | kernel start | first cell | execution | analysis cells | chart cells "
        "| HTML export | kernel |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name in sorted(timings):
        runs = timings[name]
        med = {k: statistics.median(float(r.get(k, 0.0)) for r in runs) for k in PER_BRIEFING}
        modes = sorted({str(r.get("kernel_mode", "cold")) for r in runs})
        figures = " | ".join(f"{med[k]:.2f}" for k in PER_BRIEFING)
        lines.append(f"| {name} | {figures} | {'/'.join(modes)} |")
    lines += _where_the_time_goes(timings)
    lines += own_work_floor(timings, results[COLD_BUILD].seconds, baseline, min(machine.cores, n))
    lines += _sweep(*sweep, args.sweep)
    lines += _memory_runs(memory_runs)
    lines += [
        "",
        "Reading the figures: every kernel is a fresh process forked from one warm template",
        "per build (pandas, matplotlib, seaborn and `analysis` already imported), and every",
        "worker a fresh process forked from a fork server that has imported papermill,",
        "nbconvert and openpyxl (not pandas) and compiled nbformat's validator and",
        "nbconvert's templates;",
        "so a briefing pays for its own analysis, charts and export, not for interpreter",
        "start-up, imports or compiling. The template's and fork server's own start (once",
        "per build) is in the build's wall time and in the first briefings' worker start; a",
        "kernel launched before the template has finished preloading waits for it (a cold",
        "start would import the same modules again); one that the template cannot reproduce",
        "starts cold ('kernel' column). A",
        "rebuild with nothing to do decides from the manifest and file hashes alone: no",
        "pandas, no template, no workers, and the index and data package are rewritten only",
        "when their inputs changed. The baseline pays process start-up and imports twice",
        "per briefing (papermill and nbconvert CLIs).",
    ]
    return lines


def _where_the_time_goes(timings: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Each stage of a briefing: its median over every briefing and run, and its share of
    the time of all of them."""
    samples = [t for runs in timings.values() for t in runs if "kernel_request" in t]
    if not samples:
        return []
    totals = sum(sum(_stage(t, how) for _, how in STAGES) for t in samples)
    lines = [
        "",
        f"Where the time goes: every briefing of every timed run ({len(samples)}); median seconds "
        "of each stage and its share of all the briefings' time. The first four stages add "
        "up to the first cell.",
        "",
        "| stage | median (s) | share of the time |",
        "|---|---:|---:|",
    ]
    for label, how in STAGES:
        values = [_stage(t, how) for t in samples]
        share = sum(values) / totals if totals else 0.0
        lines.append(f"| {label} | {statistics.median(values):.3f} | {share:.0%} |")
    first = statistics.median(float(t["first_cell"]) for t in samples)
    lines.append(f"| = first cell (sum of the first four stages) | {first:.3f} | |")
    return lines


def own_work_floor(
    timings: dict[str, list[dict[str, Any]]], cold: float, baseline: float, jobs: int
) -> list[str]:
    """What the briefings' own work allows the cold build: the lines saying so.

    Each timed run executes every briefing once (``timings[name][i]``: briefing ``name`` in
    run ``i``). Its own work is its execution (kernel ready to kernel shut down) and its
    HTML export; summed over the briefings of a run, median over the runs, it is ``own``.
    Run ``jobs`` at a time, that work needs at least ``own / jobs`` seconds of wall time:
    the ratio to the baseline a cold build would reach if it spent nothing else (no start-up,
    scheduling or publishing). The cold build's wall time ``cold`` beyond that went to
    everything else. The chart cells are reported the same way.

    Examples
    --------
    >>> runs = {"a": [{"execution": 3.0, "html_export": 1.0, "charts": 2.0}] * 3,
    ...         "b": [{"execution": 1.0, "html_export": 1.0, "charts": 0.0}] * 3}
    >>> "at least 3.0 s of wall time, 0.15x the baseline" in own_work_floor(runs, 4, 20, 2)[-1]
    True
    """
    runs = min((len(done) for done in timings.values()), default=0)
    if not runs or jobs < 1:
        return []

    def summed(how: Any) -> float:
        return statistics.median(
            sum(_stage(done[i], how) for done in timings.values()) for i in range(runs)
        )

    own = summed(lambda t: float(t["execution"]) + float(t["html_export"]))
    charts = summed("charts")
    floor = own / jobs
    rest = cold - floor
    return [
        "",
        "What the briefings' own work allows: their execution (kernel ready to kernel shut "
        f"down) and HTML export as the cold build measured them ({jobs} at a time), summed "
        f"over the {len(timings)} briefings of a timed run, median of {runs} runs: "
        f"{own:.1f} s, of which the chart cells {charts:.1f} s. Run {jobs} at a time they "
        f"need at least {floor:.1f} s of wall time, {floor / baseline:.2f}x the baseline: "
        "the ratio a cold build would reach if it spent nothing besides them (no start-up, "
        f"scheduling or publishing). The cold build took {cold:.1f} s, {rest:.1f} s "
        f"({rest / cold:.0%}) more. The chart cells alone, {jobs} at a time: "
        f"{charts / jobs / baseline:.2f}x the baseline.",
    ]


def _sweep(sweep: dict[int, Any], runs: dict[int, list[Any]], size: int) -> list[str]:
    lines = [
        "",
        f"Scale run: the jobs notebook over {size} parameter sets for one plan, the job "
        "counts interleaved (1, cores, 1, cores, ...) so that each meets the same load; "
        "medians.",
        "",
        "| --jobs | wall time (s) | briefings per minute | CPU time (s) | CPU s per briefing "
        "| peak PSS (MiB) | peak RSS (MiB) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for jobs, m in sorted(sweep.items()):
        lines.append(
            f"| {jobs} | {m.seconds:.1f} | {size / m.seconds * 60:.1f} | {m.cpu_seconds:.1f} "
            f"| {m.cpu_seconds / size:.2f} | {m.peak_pss_mib:,.0f} | {m.peak_mib:,.0f} |"
        )
    if len(sweep) > 1:
        one, many = sweep[1].seconds, sweep[max(sweep)].seconds
        lines += ["", f"Speed-up at --jobs {max(sweep)}: {one / many:.2f}x (ideal {max(sweep)}x)."]
        lines += _sweep_pairs(runs[1], runs[max(sweep)], max(sweep))
    return lines


def _sweep_pairs(ones: list[Any], manys: list[Any], jobs: int) -> list[str]:
    """Each timed pair of the sweep (``--jobs 1`` then ``--jobs jobs``, one after the other):
    its speed-up, and the cores each run kept busy (CPU time over wall time). The CPU time
    of the same briefings changes with the machine's load from pair to pair; the ratio of
    cores kept busy does not count that change."""
    lines = [
        "",
        f"The timed pairs, in the order run: wall times at --jobs 1 and --jobs {jobs}, the "
        f"speed-up, CPU time of each, and the cores each kept busy (CPU over wall).",
        "",
        f"| pair | wall 1 (s) | wall {jobs} (s) | speed-up | CPU 1 (s) | CPU {jobs} (s) "
        f"| cores busy 1 | cores busy {jobs} |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for number, (one, many) in enumerate(zip(ones, manys, strict=True), start=1):
        lines.append(
            f"| {number} | {one.seconds:.1f} | {many.seconds:.1f} "
            f"| {one.seconds / many.seconds:.2f}x | {one.cpu_seconds:.1f} "
            f"| {many.cpu_seconds:.1f} | {one.cpu_seconds / one.seconds:.2f} "
            f"| {many.cpu_seconds / many.seconds:.2f} |"
        )
    return lines


def _memory_runs(memory_runs: dict[str, Any]) -> list[str]:
    """The runs that measured memory: their wall and CPU times, and the sampler's CPU."""
    lines = [
        "",
        "The memory runs, sampled every 50 ms (their peaks are in the tables above): wall "
        "and CPU time of the command, and CPU time of the sampler (the bench's own thread).",
        "",
        "| command | wall time (s) | CPU time (s) | sampler CPU (s) | sampler, share of a core |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, m in memory_runs.items():
        share = m.sampler_cpu_seconds / m.seconds if m.seconds else 0.0
        lines.append(
            f"| {name} | {m.seconds:.2f} | {m.cpu_seconds:.2f} "
            f"| {m.sampler_cpu_seconds:.2f} | {share:.0%} |"
        )
    return lines
