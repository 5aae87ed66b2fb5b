"""The order a build starts its briefings in: the longest first.

A build with a few workers ends when its last briefing ends. Started last, a long briefing
keeps one worker busy while the others have nothing left to do; started first, it runs
beside the short ones, which fill the gaps at the end (longest-processing-time-first
scheduling). A briefing's expected time:

* built before: its execution and HTML export in the last build (the manifest's
  ``timings_seconds``);
* never built (a cold build, a new plan or notebook): unknown. These start before every
  briefing with a known time, an unknown time being the worst one to meet at the end, the
  ones whose notebook has more chart cells first (charts are about half of a briefing's
  time, ``docs/benchmarks.md``).

Ties keep the configuration's order. The order changes nothing but when each briefing
starts: pages are published in the configuration's order, and each page's bytes do not
depend on when it was made.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from analysis.site.cell_timings import CHART_CALL
from analysis.site.code_cells import code_cells
from analysis.site.config import BriefingJob

__all__ = ["chart_cells", "last_seconds", "start_order"]

#: The stages of ``timings_seconds`` that make up a briefing's time in its worker.
TIMED_STAGES = ("execution", "html_export")


def last_seconds(entry: Mapping[str, Any] | None) -> float | None:
    """Seconds a briefing's execution and export took in the last build that recorded them
    (its manifest entry), or ``None`` if the entry has no such timings (or ones that are not
    finite numbers of seconds: a manifest is read as it was found).

    Examples
    --------
    >>> last_seconds({"timings_seconds": {"execution": 3.5, "html_export": 0.25}})
    3.75
    >>> last_seconds({"status": "failed"}) is None
    True
    """
    timings = entry.get("timings_seconds") if isinstance(entry, Mapping) else None
    if not isinstance(timings, Mapping):
        return None
    values = [timings.get(stage) for stage in TIMED_STAGES]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return None
    try:
        total = float(sum(values))
    except OverflowError:  # an integer too large for a float
        return None
    return total if math.isfinite(total) and total >= 0 else None


def chart_cells(notebook: Path) -> int:
    """How many code cells of ``notebook`` draw a chart (call ``.figure(``); 0 if it cannot
    be read as a notebook (the build reports that notebook's error when it runs it)."""
    return sum(CHART_CALL in source for source in code_cells(notebook))


def start_order(
    jobs: list[BriefingJob], previous: Mapping[str, Mapping[str, Any]]
) -> list[BriefingJob]:
    """``jobs`` in the order to start them: never-built ones first, most chart cells first,
    then the others by their last time, longest first; ties in the given order.

    ``previous`` is the last manifest's ``briefings`` (name -> entry).
    """
    charts = {notebook: chart_cells(notebook) for notebook in {job.notebook for job in jobs}}

    def key(indexed: tuple[int, BriefingJob]) -> tuple[int, float, int]:
        index, job = indexed
        seconds = last_seconds(previous.get(job.name))
        if seconds is None:
            return (0, -charts[job.notebook], index)
        return (1, -seconds, index)

    return [job for _, job in sorted(enumerate(jobs), key=key)]
