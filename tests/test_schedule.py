"""The order a build starts its briefings in (``analysis.site.schedule``): the longest first,
never-built ones before all others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile_notebooks import HOSTILE_NOTEBOOKS, write

from analysis.site.cell_timings import CHART_CALL
from analysis.site.config import BriefingJob, load_config
from analysis.site.schedule import chart_cells, last_seconds, start_order

ROOT = Path(__file__).resolve().parents[1]


def notebook(path: Path, sources: list[tuple[str, str]]) -> Path:
    """Write a notebook of ``(cell_type, source)`` cells to ``path``."""
    cells = [
        {"cell_type": kind, "metadata": {}, "source": [source]}
        | ({"outputs": [], "execution_count": None} if kind == "code" else {})
        for kind, source in sources
    ]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}), "utf-8")
    return path


def job(name: str, nb: Path) -> BriefingJob:
    return BriefingJob(name, name, nb, {}, name, name, "en")


def timed(execution: float, export: float) -> dict:
    return {"status": "built", "timings_seconds": {"execution": execution, "html_export": export}}


def test_briefings_built_before_start_longest_first_ties_in_config_order(tmp_path):
    nb = notebook(tmp_path / "a.ipynb", [("code", "x = 1")])
    jobs = [job(n, nb) for n in ("short", "long", "tie-1", "middle", "tie-2")]
    previous = {
        "short": timed(0.5, 0.25),  # 0.75 s
        "long": timed(5.0, 0.5),  # 5.5 s
        "tie-1": timed(1.5, 0.5),  # 2 s
        "middle": timed(3.0, 0.0),  # 3 s
        "tie-2": timed(1.0, 1.0),  # 2 s
    }
    names = [j.name for j in start_order(jobs, previous)]
    assert names == ["long", "middle", "tie-1", "tie-2", "short"]


def test_never_built_briefings_start_first_most_chart_cells_first(tmp_path):
    two = notebook(
        tmp_path / "two.ipynb",
        [("code", "brief.figure(fig, 'a')"), ("code", "x = 1"), ("code", "brief.figure(g, 'b')")],
    )
    one = notebook(tmp_path / "one.ipynb", [("code", "brief.figure(fig, 'a')")])
    none = notebook(tmp_path / "none.ipynb", [("markdown", "brief.figure( in prose")])
    jobs = [
        job("known-long", two),
        job("new-none", none),
        job("new-one", one),
        job("new-two", two),
        job("failed-one", one),
    ]
    previous = {"known-long": timed(9.0, 1.0), "failed-one": {"status": "failed"}}
    names = [j.name for j in start_order(jobs, previous)]
    assert names == ["new-two", "new-one", "failed-one", "new-none", "known-long"]


def test_chart_cells_counts_code_cells_that_call_figure(tmp_path):
    nb = notebook(
        tmp_path / "n.ipynb",
        [
            ("code", "brief.figure(a, 'x')\nbrief.figure(b, 'y')"),  # one cell, two calls
            ("markdown", "see brief.figure("),
            ("code", "fig = plt.figure()"),  # a .figure( call: counted, as cell_timings does
            ("code", "print('figure')"),
        ],
    )
    assert chart_cells(nb) == 2
    assert chart_cells(tmp_path / "missing.ipynb") == 0


@pytest.mark.parametrize(("text", "sources"), HOSTILE_NOTEBOOKS)
def test_a_hostile_notebook_counts_as_no_chart_cells_or_one_it_shows(tmp_path, text, sources):
    """The build reports a broken notebook when it runs it; ordering must not fail first.
    Only a code cell whose source holds ``.figure(`` as text counts."""
    expected = sum(CHART_CALL in source for source in sources)
    assert chart_cells(write(tmp_path, text)) == expected


@pytest.mark.parametrize(
    "entry",
    [
        None,
        {},
        {"timings_seconds": {"execution": 2.0}},
        {"timings_seconds": {"execution": "2", "html_export": 0.1}},
        {"timings_seconds": {"execution": True, "html_export": 0.1}},
        {"timings_seconds": {"execution": float("nan"), "html_export": 0.1}},
        {"timings_seconds": {"execution": float("inf"), "html_export": float("-inf")}},
        {"timings_seconds": {"execution": -3.0, "html_export": 0.1}},
        {"timings_seconds": {"execution": 10**400, "html_export": 0.1}},
        {"timings_seconds": [2.0, 0.1]},
        {"timings_seconds": "2.1"},
        "built",
    ],
)
def test_an_entry_without_both_timings_has_no_last_time(entry):
    assert last_seconds(entry) is None


def test_hostile_timings_never_upset_the_order(tmp_path):
    """A manifest is read as found: NaN or infinite times count as unknown, so the order of
    the finite ones still holds (NaN would make the sort's comparisons inconsistent)."""
    nb = notebook(tmp_path / "a.ipynb", [("code", "x = 1")])
    jobs = [job(n, nb) for n in ("one", "nan", "nine", "inf", "seven")]
    previous = {
        "one": timed(1.0, 0.0),
        "nan": timed(float("nan"), 0.0),
        "nine": timed(9.0, 0.0),
        "inf": timed(float("inf"), float("-inf")),
        "seven": timed(7.0, 0.0),
    }
    names = [j.name for j in start_order(jobs, previous)]
    assert names == ["nan", "inf", "nine", "seven", "one"]


def test_a_cold_build_of_the_project_starts_the_notebooks_with_most_charts_first():
    jobs = load_config(ROOT / "notebooks" / "briefings.yml")
    order = start_order(jobs, {})
    counts = {}
    for nb in {j.notebook for j in jobs}:
        cells = json.loads(nb.read_text("utf-8"))["cells"]
        counts[nb] = sum(
            c["cell_type"] == "code" and CHART_CALL in "".join(c["source"]) for c in cells
        )
    started = [counts[j.notebook] for j in order]
    assert started == sorted(started, reverse=True)
    assert started[0] > started[-1]  # the notebooks differ: the order does something
    assert sorted(j.name for j in order) == sorted(j.name for j in jobs)
