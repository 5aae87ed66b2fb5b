"""Where a briefing's time goes: nbclient hooks that time its start and each of its cells.

A :class:`CellClock` gives papermill (which passes them on to nbclient) hooks that note
when the kernel is ready, when each code cell is sent to the kernel and when its reply
came back. :meth:`CellClock.timings` turns those into the figures the manifest records:
from the briefing's start to its kernel being ready and to its first cell running, and the
execution time of the cells that draw a chart (they call ``brief.figure(``) and of the
other cells (the analysis).
"""

from __future__ import annotations

import time
from typing import Any

#: A cell that calls this draws and saves a chart (analysis.briefing.session.Briefing.figure).
CHART_CALL = ".figure("


class CellClock:
    """Times one notebook execution through nbclient's hooks.

    Examples
    --------
    >>> clock = CellClock()
    >>> sorted(clock.hooks())
    ['on_cell_execute', 'on_cell_executed', 'on_notebook_start']
    >>> clock.cell_execute(cell={"source": "x = 1"}, cell_index=1)
    >>> clock.cell_executed(cell={"source": "x = 1"}, cell_index=1)
    >>> clock.timings()["charts"]
    0.0
    """

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.kernel_ready: float | None = None
        self.first_cell: float | None = None
        self.charts = 0.0
        self.analysis = 0.0
        self._cell_started: float | None = None

    def hooks(self) -> dict[str, Any]:
        """Keyword arguments for ``papermill.execute_notebook`` (nbclient hook traits)."""
        return {
            "on_notebook_start": self.notebook_start,
            "on_cell_execute": self.cell_execute,
            "on_cell_executed": self.cell_executed,
        }

    def restart(self) -> None:
        """Start again (a retried execution)."""
        self.__init__()  # type: ignore[misc]

    def notebook_start(self, **_: object) -> None:
        """The kernel is ready (nbclient's ``on_notebook_start``)."""
        self.kernel_ready = time.perf_counter()

    def cell_execute(self, **_: object) -> None:
        """A code cell is being sent to the kernel (``on_cell_execute``)."""
        self._cell_started = time.perf_counter()
        if self.first_cell is None:
            self.first_cell = self._cell_started

    def cell_executed(self, cell: Any, **_: object) -> None:
        """A code cell's reply came back (``on_cell_executed``)."""
        if self._cell_started is None:
            return
        took = time.perf_counter() - self._cell_started
        if CHART_CALL in str(cell.get("source", "")):
            self.charts += took
        else:
            self.analysis += took
        self._cell_started = None

    def timings(self) -> dict[str, float]:
        """Seconds from the start to the kernel being ready and to the first cell running,
        and the execution time of chart cells and of the other (analysis) cells."""
        ready = self.kernel_ready if self.kernel_ready is not None else self.started
        first = self.first_cell if self.first_cell is not None else ready
        return {
            "kernel_start": round(ready - self.started, 3),
            "first_cell": round(first - self.started, 3),
            "analysis": round(self.analysis, 3),
            "charts": round(self.charts, 3),
        }
