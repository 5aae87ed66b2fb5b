"""Where a briefing's time goes: nbclient hooks that time its start and each of its cells.

A :class:`CellClock` gives papermill (which passes them on to nbclient) hooks that note
when the kernel is ready, when each code cell is sent to the kernel and when its reply
came back; the worker tells it when the build launched the worker and when the kernel
launch was requested. :meth:`CellClock.timings` turns those into the figures the manifest
records: the start of a briefing split into its stages (worker process, notebook
preparation, kernel boot, first cell), and the execution time of the cells that draw a
chart (they call ``brief.figure(``) and of the other cells (the analysis).

All times are ``time.monotonic()`` (one clock for every process of the machine), so that
the build's launch of a worker and the worker's own events can be subtracted.
"""

from __future__ import annotations

import time
from typing import Any

#: A cell that calls this draws and saves a chart (analysis.briefing.session.Briefing.figure).
CHART_CALL = ".figure("


class CellClock:
    """Times one notebook execution through nbclient's hooks.

    Parameters
    ----------
    launched : float, optional
        ``time.monotonic()`` when the build launched the worker process; default now.

    Examples
    --------
    >>> clock = CellClock(launched=time.monotonic() - 0.5)
    >>> sorted(clock.hooks())
    ['on_cell_execute', 'on_cell_executed', 'on_notebook_start']
    >>> clock.cell_execute(cell={"source": "x = 1"}, cell_index=1)
    >>> clock.cell_executed(cell={"source": "x = 1"}, cell_index=1)
    >>> clock.timings()["charts"]
    0.0
    >>> clock.timings()["worker_start"] >= 0.5
    True
    """

    def __init__(self, launched: float | None = None) -> None:
        self.started = time.monotonic()
        self.launched = launched if launched is not None else self.started
        self.kernel_requested: float | None = None
        self.kernel_ready: float | None = None
        self.first_cell: float | None = None
        self.charts = 0.0
        self.analysis = 0.0
        self.done: float | None = None
        self._cell_started: float | None = None

    def hooks(self) -> dict[str, Any]:
        """Keyword arguments for ``papermill.execute_notebook`` (nbclient hook traits)."""
        return {
            "on_notebook_start": self.notebook_start,
            "on_cell_execute": self.cell_execute,
            "on_cell_executed": self.cell_executed,
        }

    def restart(self) -> None:
        """Start again (a retried execution); the worker's launch time stays."""
        self.__init__(self.launched)  # type: ignore[misc]

    def kernel_launch(self, at: float) -> None:
        """The kernel's launch was requested at ``at`` (``time.monotonic()``)."""
        self.kernel_requested = at

    def notebook_start(self, **_: object) -> None:
        """The kernel is ready (nbclient's ``on_notebook_start``)."""
        self.kernel_ready = time.monotonic()

    def notebook_done(self) -> None:
        """papermill has run every cell and saved the notebook; the kernel is shut down next."""
        self.done = time.monotonic()

    def cell_execute(self, **_: object) -> None:
        """A code cell is being sent to the kernel (``on_cell_execute``)."""
        self._cell_started = time.monotonic()
        if self.first_cell is None:
            self.first_cell = self._cell_started

    def cell_executed(self, cell: Any, **_: object) -> None:
        """A code cell's reply came back (``on_cell_executed``)."""
        if self._cell_started is None:
            return
        took = time.monotonic() - self._cell_started
        if CHART_CALL in str(cell.get("source", "")):
            self.charts += took
        else:
            self.analysis += took
        self._cell_started = None

    def timings(self) -> dict[str, float]:
        """Seconds: ``first_cell`` from the build launching the worker to the first cell
        being sent, in stages: ``worker_start`` (launch to the worker starting the briefing),
        ``kernel_request`` (the worker sets up a kernel manager and asks for a kernel),
        ``kernel_boot`` (request to the kernel answering ``kernel_info``; papermill reads,
        parameterises and saves the notebook meanwhile), ``ready_to_cell``;
        ``kernel_start`` from the worker's start to the kernel being ready; and the
        execution time of chart cells and of the other (analysis) cells."""
        ready = self.kernel_ready if self.kernel_ready is not None else self.started
        first = self.first_cell if self.first_cell is not None else ready
        requested = self.kernel_requested if self.kernel_requested is not None else self.started
        return {
            "worker_start": round(self.started - self.launched, 3),
            "kernel_request": round(requested - self.started, 3),
            "kernel_boot": round(ready - requested, 3),
            "ready_to_cell": round(first - ready, 3),
            "kernel_start": round(ready - self.started, 3),
            "first_cell": round(first - self.launched, 3),
            "analysis": round(self.analysis, 3),
            "charts": round(self.charts, 3),
        }
