"""The README's and ``docs/scaling.md``'s figures are those of the last ``make bench``
(``docs/benchmarks.md``, whose tables the bench writes): each figure is read from the
bench's tables here and looked for, formatted as the README writes it, in the README."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "docs" / "benchmarks.md"


def table_rows(text: str, header_start: str) -> list[list[str]]:
    """The cells of each body row of the Markdown table whose header row starts with
    ``header_start`` (first such table)."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith(header_start)]
    assert starts, f"no table whose header starts with {header_start!r}"
    start = starts[0]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def bench_figures(text: str) -> dict[str, float]:
    """The figures the README quotes, read from ``docs/benchmarks.md``'s tables."""
    main = {row[0]: row for row in table_rows(text, "| measurement | wall time (s)")}
    cold = main["1. full build, cold"]
    loop = main["4. baseline: papermill + nbconvert CLI loop"]
    stages = {row[0]: row for row in table_rows(text, "| stage | median (s)")}
    first = next(row for name, row in stages.items() if name.startswith("= first cell"))
    speed_up = re.search(r"Speed-up at --jobs 2: ([\d.]+)x", text)
    assert speed_up, "docs/benchmarks.md: no 'Speed-up at --jobs 2' line"
    floor = re.search(r"need at least [\d.]+ s of wall time, ([\d.]+)x the baseline", text)
    assert floor, "docs/benchmarks.md: no line on what the briefings' own work allows"
    return {
        "cold": float(cold[1]),
        "loop": float(loop[1]),
        "ratio": float(cold[5]),
        "no_change": float(main["2. rebuild, nothing changed"][1]),
        "first_cell": float(first[1]),
        "speed_up": float(speed_up[1]),
        "own_work": float(floor[1]),
    }


def test_bench_figures_are_read_from_a_report_of_the_bench():
    sample = """| measurement | wall time (s) | CPU time (s) | peak PSS (MiB) | peak RSS (MiB) | ratio to baseline |
|---|---:|---:|---:|---:|---:|
| 1. full build, cold | 40.00 | 80.00 | 450 | 790 | 0.25 |
| 2. rebuild, nothing changed | 0.20 | 0.20 | 16 | 22 | 0.00 |
| 4. baseline: papermill + nbconvert CLI loop | 160.00 | 150.00 | 219 | 240 | 1.00 |

| stage | median (s) | share of the time |
|---|---:|---:|
| kernel boot | 0.150 | 5% |
| = first cell (sum of the first four stages) | 0.190 | |

What the briefings' own work allows: ... Run 2 at a time they need at least 30.5 s of wall time, 0.19x the baseline: ...

Speed-up at --jobs 2: 1.90x (ideal 2x).
"""
    assert bench_figures(sample) == {
        "cold": 40.0,
        "loop": 160.0,
        "ratio": 0.25,
        "no_change": 0.2,
        "first_cell": 0.19,
        "speed_up": 1.9,
        "own_work": 0.19,
    }


def test_the_readme_quotes_the_last_bench():
    figures = bench_figures(BENCH.read_text(encoding="utf-8"))
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    expected = [
        f"first cell runs about {figures['first_cell']:.2f} s after",
        f"took {figures['ratio']:.2f} of the time of the plain",
        f"({figures['cold']:.1f} s against {figures['loop']:.1f} s)",
        f"nothing to do took {figures['no_change']:.2f} s",
        f"ran {figures['speed_up']:.2f} times faster at `--jobs 2`",
        f"two at a time, would take {figures['own_work']:.2f} of the loop's time",
    ]
    missing = [phrase for phrase in expected if phrase not in readme]
    assert not missing, f"README.md does not quote docs/benchmarks.md: {missing}"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_scaling_quotes_the_last_bench_sweep(jobs):
    header = "| --jobs | wall time (s)"
    bench = {row[0]: row for row in table_rows(BENCH.read_text(encoding="utf-8"), header)}
    scaling = (ROOT / "docs" / "scaling.md").read_text(encoding="utf-8")
    assert {row[0]: row for row in table_rows(scaling, header)}[jobs] == bench[jobs]


def test_scaling_quotes_the_last_bench_speed_up():
    speed_up = bench_figures(BENCH.read_text(encoding="utf-8"))["speed_up"]
    scaling = (ROOT / "docs" / "scaling.md").read_text(encoding="utf-8")
    assert f"{speed_up:.2f}× at 2 jobs" in " ".join(scaling.split())


def test_the_bench_samples_memory_only_in_the_runs_that_measure_it():
    """The README's "medians of 3 timed runs, memory from a run of its own": a timed run has
    no sampler (no peaks); a memory run has peaks and the sampler's own CPU time."""
    import subprocess
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_build import measure
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    command = [sys.executable, "-c", "import time; x = bytearray(50_000_000); time.sleep(0.5)"]
    # a child this process had before (in a test process: a browser, a template, ...) is
    # not the command's: measure neither waits for it nor reaps it (its exit code stays ours)
    other = subprocess.Popen([sys.executable, "-c", "import sys, time; time.sleep(1); sys.exit(3)"])
    timed = measure(command)
    assert timed.seconds >= 0.5 and timed.peak_mib is None and timed.sampler_cpu_seconds is None
    sampled = measure(command, memory=True)
    assert sampled.peak_mib >= 50 and sampled.peak_pss_mib > 0
    assert sampled.sampler_cpu_seconds is not None and sampled.sampler_cpu_seconds >= 0
    assert other.wait(timeout=60) == 3


def test_the_own_work_floor_sums_each_run_then_takes_the_median():
    """The floor of the cold build: each timed run's execution and export summed over its
    briefings, the median of those sums (not the sum of per-briefing medians), over jobs."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_report import own_work_floor
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))

    def run(execution: float, export: float, charts: float) -> dict[str, float]:
        return {"execution": execution, "html_export": export, "charts": charts}

    timings = {
        "a": [run(3, 1, 2), run(5, 1, 4), run(4, 0, 3)],
        "b": [run(1, 1, 0), run(1, 1, 0), run(3, 1, 1)],
    }
    # own work per run: 6, 8, 8 -> median 8 (per-briefing medians would sum to 4 + 2 = 6);
    # charts per run: 2, 4, 4 -> 4; two at a time: 4.0 s, 0.10 of a 40 s baseline; the cold
    # build's 10 s leave 6.0 s (60 %) to the rest; the charts alone 4 / 2 / 40 = 0.05
    [text] = [line for line in own_work_floor(timings, 10.0, 40.0, 2) if line]
    assert "median of 3 runs: 8.0 s, of which the chart cells 4.0 s" in text
    assert "at least 4.0 s of wall time, 0.10x the baseline" in text
    assert "The cold build took 10.0 s, 6.0 s (60%) more" in text
    assert "The chart cells alone, 2 at a time: 0.05x the baseline" in text
    assert own_work_floor({}, 10.0, 40.0, 2) == []


def test_scaling_figures_are_the_last_bench_sweeps_and_their_arithmetic():
    """Every further figure of ``docs/scaling.md``: read from the sweep and its pairs in
    ``docs/benchmarks.md``, or worked out from them (the night of 6,000 briefings), and
    every product ``a × b × c = d`` it states."""
    bench = BENCH.read_text(encoding="utf-8")
    sweep = {row[0]: [float(cell) for cell in row] for row in table_rows(bench, "| --jobs |")}
    pairs = [[float(cell.rstrip("x")) for cell in row] for row in table_rows(bench, "| pair |")]
    speed_ups, cpu1, cpu2 = ([pair[i] for pair in pairs] for i in (3, 4, 5))
    busy1, busy2 = ([pair[i] for pair in pairs] for i in (6, 7))
    then = re.search(r"CPU per briefing at `--jobs 1` \(([\d.]+) s then\)", bench)
    assert then, "docs/benchmarks.md: no earlier CPU per briefing of the sweep"
    words = {1: "one", 2: "two", 3: "three"}
    pss, rss = (sweep["1"][5], sweep["2"][5]), (sweep["1"][6], sweep["2"][6])
    per_briefing = sweep["2"][4]
    n = 250 * 4 * 2 * 3
    hours = n * per_briefing / 3600
    minutes_16 = hours * 60 / 16
    first_change = (cpu2[0] / cpu1[0] - 1) * 100
    expected = [
        "The pairs gave "
        + ", ".join(f"{s:.2f}×" for s in speed_ups[:-1])
        + f" and {speed_ups[-1]:.2f}×",
        f"at least 1.8× in {words[sum(s >= 1.8 for s in speed_ups)]} pairs of {words[len(pairs)]}",
        f"kept {min(busy2):.2f} to {max(busy2):.2f} cores of 2 busy at `--jobs 2`",
        f"and {min(busy1):.2f} to {max(busy1):.2f} at `--jobs 1`",
        "took " + ", ".join(f"{c:.0f}" for c in cpu1[:-1]) + f" and {cpu1[-1]:.0f} s of CPU",
        ", ".join(f"{c:.0f}" for c in cpu2[:-1]) + f" and {cpu2[-1]:.0f} s at `--jobs 2`",
        f"in the first pair `--jobs 2` took {abs(first_change):.0f} % "
        f"{'more' if first_change >= 0 else 'less'} CPU than `--jobs 1`",
        f"{float(then[1]):.1f} s of CPU per briefing then and "
        f"{sweep['1'][4]:.1f}-{sweep['2'][4]:.1f} s now",
        f"costs about {per_briefing:.1f} s of one core",
        f"about {round(pss[1] - pss[0], -1):.0f} MiB ({pss[0]:.0f} → {pss[1]:.0f} MiB)",
        f"({rss[0]:.0f} → {rss[1]:.0f} MiB)",
        f"At about {per_briefing:.1f} s of one core per briefing",
        f"about {hours:.1f} core-hours",
        f"about {n / sweep['2'][2] / 60:.1f} hours on this 2-core machine "
        f"({sweep['2'][2]:.1f} briefings a minute",
        f"about {minutes_16:.0f} minutes if every core did as much",
        f"about {minutes_16 * 2 / sorted(busy2)[1]:.0f} if they were kept as busy as this "
        f"sweep kept 2 ({sorted(busy2)[1]:.2f} of 2, the median pair)",
        f"about {(pss[0] + 15 * (pss[1] - pss[0])) / 1024:.1f} GiB in PSS "
        f"({pss[0]:.0f} + 15 × {pss[1] - pss[0]:.0f} MiB)",
    ]
    scaling = " ".join((ROOT / "docs" / "scaling.md").read_text(encoding="utf-8").split())
    missing = [phrase for phrase in expected if phrase not in scaling]
    assert not missing, f"docs/scaling.md does not say what docs/benchmarks.md gives: {missing}"
    products = re.findall(
        r"((?:\d[\d,]*(?: [a-z]+)* × )+\d[\d,]*(?: [a-z]+)*) = (\d[\d,]*)", scaling
    )
    assert len(products) == 3, products
    for factors, result in products:
        numbers = [int(f.split()[0].replace(",", "")) for f in factors.split(" × ")]
        assert math.prod(numbers) == int(result.replace(",", "")), (factors, result)
