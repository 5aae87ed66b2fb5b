"""When and how a build worker's papermill saves the executed notebook: once per code cell,
not twice per cell, and compact.

Papermill saves the notebook it executes when each cell starts and when it ends, markdown
cells included, so that the file on disk always names the cell running. Each save
serialises and validates the whole notebook, charts and all: about a tenth of a briefing's
time. The build reads the file only after a worker has stopped (a timeout, a death) to name
that cell (:func:`analysis.site.workers.running_cell_index`), and the last save after a
completed code cell names it as well: the next code cell was running.

:class:`CodeCellSaves` is papermill's execution manager saving when the notebook starts, when
its first code cell starts, after each code cell and when the notebook ends; every cell's
metadata changes as with papermill's own, and reaches the disk with the next save. Its saves
are compact JSON (:func:`compact_notebook`), not nbformat's layout (indented, keys sorted,
text split into lines, validated): about a third of the CPU. Papermill itself still writes the
finished notebook, and the one a cell's error stopped, in nbformat's layout; a notebook kept
after a timeout or a death is given that layout when it is kept
(:func:`analysis.site.notebook_writes.papermill_layout`).
:class:`CodeCellSavesEngine` is papermill's nbclient engine running with it, registered as
:data:`ENGINE` (``papermill.execute_notebook(..., engine_name=ENGINE)``) by
:func:`register_engine`. The notebooks themselves run as under papermill's own engine.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

from nbformat.v4.nbjson import BytesEncoder
from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines
from papermill.iorw import papermill_io

__all__ = [
    "ENGINE",
    "CodeCellSaves",
    "CodeCellSavesEngine",
    "compact_notebook",
    "register_engine",
]

#: The name of :class:`CodeCellSavesEngine` among papermill's engines.
ENGINE = "analysis-code-cell-saves"


class CodeCellSaves(NotebookExecutionManager):
    """Papermill's execution manager, saving after each code cell (and when the notebook and
    its first code cell start, and when the notebook ends), not before and after every cell.
    """

    _first_code_cell_started = False

    def save(self, **kwargs: Any) -> None:
        """Write the notebook as it stands to the output path, compact
        (:func:`compact_notebook`), through papermill's I/O as papermill's own save does."""
        if kwargs.get("nb"):  # as papermill's save: a notebook passed in replaces ours
            self.nb = kwargs["nb"]
        if self.output_path:
            papermill_io.write(compact_notebook(self.nb), self.output_path)
        self.last_save_time = self.now()

    def cell_start(self, cell: Any, cell_index: int | None = None, **kwargs: Any) -> None:
        """Mark ``cell`` running; saved only for the notebook's first code cell, so that the
        file tells a notebook whose cells have started from one whose kernel never ran."""
        first = cell.get("cell_type") == "code" and not self._first_code_cell_started
        self._first_code_cell_started = self._first_code_cell_started or first
        with contextlib.nullcontext() if first else self._not_saving():
            super().cell_start(cell, cell_index, **kwargs)

    def cell_complete(self, cell: Any, cell_index: int | None = None, **kwargs: Any) -> None:
        """Mark ``cell`` completed (or failed); saved if it is a code cell."""
        with contextlib.nullcontext() if cell.get("cell_type") == "code" else self._not_saving():
            super().cell_complete(cell, cell_index, **kwargs)

    @contextlib.contextmanager
    def _not_saving(self) -> Iterator[None]:
        """Within the block, :meth:`save` does nothing."""
        self.save = lambda **_: None  # type: ignore[method-assign]
        try:
            yield
        finally:
            del self.save


class CodeCellSavesEngine(NBClientEngine):
    """Papermill's nbclient engine, run with :class:`CodeCellSaves` (as papermill's
    ``Engine.execute_notebook`` runs it with its own manager)."""

    @classmethod
    def execute_notebook(
        cls,
        nb: Any,
        kernel_name: str,
        output_path: str | None = None,
        progress_bar: bool = True,
        log_output: bool = False,
        autosave_cell_every: int = 30,
        **kwargs: Any,
    ) -> Any:
        """Execute ``nb`` as papermill's engines do, saving as :class:`CodeCellSaves` does."""
        nb_man = CodeCellSaves(
            nb,
            output_path=output_path,
            progress_bar=progress_bar,
            log_output=log_output,
            autosave_cell_every=autosave_cell_every,
        )
        nb_man.notebook_start()
        try:
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
        finally:
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        return nb_man.nb


def compact_notebook(nb: Any) -> str:
    """``nb`` as JSON without indentation, key order or validation: the notebook nbformat
    reads back from nbformat's own layout (``nbformat.writes``), in about a third of the CPU.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("a = 1\\nb = 2")])
    >>> nbformat.reads(compact_notebook(nb), as_version=4) == nbformat.reads(
    ...     nbformat.writes(nb), as_version=4)
    True
    """
    return json.dumps(nb, cls=BytesEncoder, ensure_ascii=False, separators=(",", ":"))


def register_engine() -> None:
    """Make :data:`ENGINE` one of papermill's engines in this process (again: no change)."""
    papermill_engines.register(ENGINE, CodeCellSavesEngine)
