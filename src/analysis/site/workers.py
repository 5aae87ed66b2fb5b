"""Briefings executed in worker processes: one kernel each, a timeout each, results in
the staging folder.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

import psutil

from analysis.files import describe_os_error
from analysis.paths import data_dir
from analysis.site.cell_timings import CellClock
from analysis.site.config import BriefingJob
from analysis.site.kept_templates import warm_template
from analysis.site.notebook_writes import read_saved_notebook, write_notebooks_atomically
from analysis.site.progress import log_progress
from analysis.site.temp_folders import hold_multiprocessing_temp_dir
from analysis.site.warm_kernels import WarmKernelError, WarmKernelPool

#: Modules the worker processes' fork server imports once, before any briefing.
WORKER_PRELOAD = [
    "analysis.site.workers",
    "analysis.site.render",
    "papermill",
    "nbformat",
    "nbconvert",
    "jinja2",
    "openpyxl.writer.excel",  # a briefing's workbook (and openpyxl, PIL): 0.1 s per worker
    "openpyxl.styles",
    "analysis.site.cell_saves",
    "analysis.site.warm_worker",  # last: fills per-process caches, then gc.freeze()
]
#: The modules of :data:`WORKER_PRELOAD` that only a page's workbook needs.
WORKBOOK_MODULES = ("openpyxl.writer.excel", "openpyxl.styles")


def worker_preload(kernel_preload: Sequence[str]) -> list[str]:
    """What the workers' fork server imports for a build whose kernels' template preloads
    ``kernel_preload`` (:func:`~analysis.site.warm_kernels.preload_for` of its notebooks):
    :data:`WORKER_PRELOAD`, less :data:`WORKBOOK_MODULES` (about 0.15 s of CPU) when that is
    empty, no notebook importing the packages a template preloads. Such a notebook does not
    use ``analysis.briefing``, which writes the tables a page's workbook is made of; should
    one write them all the same, its worker imports openpyxl itself.

    Examples
    --------
    >>> "openpyxl.styles" in worker_preload(()), worker_preload(())[-1]
    (False, 'analysis.site.warm_worker')
    """
    if kernel_preload:
        return list(WORKER_PRELOAD)
    return [name for name in WORKER_PRELOAD if name not in WORKBOOK_MODULES]


#: Prefix of the owned folder that holds the build process's multiprocessing folder (the
#: workers' fork server's socket): :func:`~analysis.site.temp_folders.hold_multiprocessing_temp_dir`.
WORKERS_PREFIX = "analysis-workers-"

#: The kernel every briefing runs in, and how long its start may take (seconds).
KERNEL_NAME = "python3"
START_TIMEOUT = 60
#: Seconds between checks that a kernel asked to shut down has exited.
SHUTDOWN_POLL = 0.01
#: Longest the build waits on its workers before looking again (a poll(2) timeout must
#: stay far below its limit of about 25 days).
LONGEST_WAIT = 60.0


@dataclass
class JobResult:
    """What a worker reports back."""

    name: str
    ok: bool
    error: str = ""
    failed_cell: int | None = None
    timings: dict[str, float | str] = field(default_factory=dict)
    stderr_lines: int = 0
    #: A file-system error (disk full, read-only, permissions): path and OS error.
    os_error: str = ""


def _kernel_env(environ: MutableMapping[str, str] = os.environ) -> None:
    environ.setdefault("SOURCE_DATE_EPOCH", "1577836800")
    environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")


@contextlib.contextmanager
def warm_kernel_pool(
    context: dict[str, Any], preload: Sequence[str], quiet: bool
) -> Iterator[str | None]:
    """Start the warm-kernel template for a build's kernels; yield its address for the
    workers (``context["warm_pool"]``), or ``None`` (kernels start cold) if it cannot run.

    Its environment is the one the workers give their kernels, so that launches are warm;
    it preloads ``preload`` (:func:`~analysis.site.warm_kernels.preload_for` of the
    build's notebooks: what they import). The build does not wait for it: a
    kernel launched while it still preloads waits for it (at most
    :data:`~analysis.site.warm_kernels.PRELOAD_WAIT` seconds after its start). Within
    :func:`~analysis.site.kept_templates.keep_templates` it may be an earlier build's.
    """
    env = dict(os.environ) | context.get("env", {})
    _kernel_env(env)
    with contextlib.ExitStack() as stack:
        try:
            pool = stack.enter_context(warm_template(preload, env))
        except (WarmKernelError, OSError, AttributeError) as exc:  # AttributeError: not Linux
            log_progress(f"warm kernels unavailable ({exc}); kernels start cold", quiet)
            yield None
            return
        yield pool.address


def _worker_context(preload: list[str] = WORKER_PRELOAD) -> Any:
    """Where worker processes start: forked from a server that has already imported the
    heavy modules once (``preload``, when this call starts it). The server's socket is in a
    folder that the next build removes if this one is killed (:data:`WORKERS_PREFIX`)."""
    hold_multiprocessing_temp_dir(WORKERS_PREFIX)
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(preload)
    return ctx


def start_worker_server(kernel_preload: Sequence[str]) -> None:
    """Start the workers' fork server now rather than with the first briefing, so that it
    imports :func:`worker_preload` of the build's ``kernel_preload`` (about 0.8 s of CPU)
    while the build does its own set-up. A server already running (an earlier build in this
    process) is kept, with that build's preload."""
    _worker_context(worker_preload(kernel_preload))
    from multiprocessing import forkserver

    forkserver.ensure_running()


def _failed_cell(path: Path) -> int | None:
    """The failing (or still running) cell of an executed notebook, numbered 1, 2, ... as
    in the source notebook (cells papermill adds, for parameters or an error banner, are not
    counted); ``None`` if no cell failed or the file cannot be read as a notebook.

    The build reads this file after it has killed a briefing's worker (timeout) or seen it
    die. The workers have papermill save it by rename (:mod:`analysis.site.notebook_writes`),
    so it holds the last whole save; a file that is missing, cut short (written by other
    means) or no notebook names no cell, and must not stop the build.
    """
    notebook = read_saved_notebook(path)
    return None if notebook is None else _failed_cell_of(notebook.cells)


def running_cell_index(cells: Sequence[Any]) -> int | None:
    """Index in ``cells`` (an executed notebook's, as saved) of the cell that failed, or was
    running when the notebook was saved last; ``None`` if none did or was.

    A cell papermill marked running or failed, or with an error output, is that cell. A
    worker's papermill does not save a cell as it starts
    (:class:`~analysis.site.cell_saves.CodeCellSaves`): the first code cell still pending
    after a completed one was running.

    Examples
    --------
    >>> def cell(kind, status):
    ...     return {"cell_type": kind, "metadata": {"papermill": {"status": status}}}
    >>> running_cell_index([cell("code", "completed"), cell("code", "running")])
    1
    >>> running_cell_index([cell("code", "completed"), cell("markdown", "pending"),
    ...                     cell("code", "pending"), cell("code", "pending")])
    2
    >>> running_cell_index([cell("code", "pending"), cell("code", "pending")]) is None
    True
    """
    ran = False  # a code cell before this one has completed
    for index, cell in enumerate(cells):
        status = cell.get("metadata", {}).get("papermill", {}).get("status")
        code = cell.get("cell_type") == "code"
        errors = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        if status in ("failed", "running") or errors or (code and ran and status == "pending"):
            return index
        ran = ran or (code and status == "completed")
    return None


def _failed_cell_of(cells: list[Any]) -> int | None:
    """:func:`_failed_cell` of a notebook's cells (:func:`running_cell_index`, numbered
    without papermill's cells; ``None`` if one of those was running)."""
    index = running_cell_index(cells)
    if index is None or _added_by_papermill(cells[index]):
        return None
    return sum(1 for cell in cells[: index + 1] if not _added_by_papermill(cell))


def _added_by_papermill(cell: Any) -> bool:
    """Whether papermill added ``cell`` (its injected parameters, an error banner)."""
    tags = set(cell.get("metadata", {}).get("tags", []))
    return bool({"injected-parameters", "papermill-error-cell-tag"} & tags)


@contextlib.contextmanager
def started_kernel(
    manager_class: type, kernel_name: str, exits: contextlib.ExitStack | None = None
) -> Iterator[Any]:
    """A kernel started now, for papermill to use (``km=``), shut down at the end.

    Starting the kernel before papermill reads, parameterises and saves the notebook lets
    the kernel boot meanwhile (papermill would start it only afterwards). nbclient starts
    it, as it would its own (``NotebookClient.start_new_kernel``: same arguments, the
    IPython history in memory), and shuts it down as nbclient would its own (a shutdown
    request, then SIGTERM and SIGKILL if it does not exit within ``shutdown_wait_time``); a
    kernel it is given is not shut down by nbclient itself.

    With ``exits``, the block's end only sends the shutdown request; waiting for the kernel
    to exit (and ending it if it does not) is left to ``exits``, which the worker closes
    once it has exported the page: the kernel exits meanwhile (about 40 ms a briefing,
    during which its worker waited and a core of the machine had nothing to do).
    """
    import nbformat
    from jupyter_core.utils import ensure_async, run_sync
    from nbclient import NotebookClient

    km = manager_class(kernel_name=kernel_name)
    starter = NotebookClient(
        nbformat.v4.new_notebook(), km=km, kernel_name=kernel_name, startup_timeout=START_TIMEOUT
    )
    starter.start_new_kernel()

    # KernelManager.shutdown_kernel(now=False) in two steps, the second checking every 10 ms
    # (not 100 ms) whether the kernel has exited: it takes a few ms, and the worker waited
    async def ask() -> bool:
        alive = bool(await ensure_async(km.is_alive()))
        if alive:
            await ensure_async(km.request_shutdown())
        return alive

    async def finish(asked: bool) -> None:
        try:
            if asked:
                await ensure_async(km.finish_shutdown(pollinterval=SHUTDOWN_POLL))
        finally:
            await ensure_async(km.cleanup_resources())

    try:
        yield km
    finally:
        asked = False
        try:
            asked = run_sync(ask)()
        finally:
            if exits is None or not asked:  # a dead kernel's files go before a retry
                run_sync(finish)(asked)
            else:
                exits.callback(run_sync(finish), asked)


#: A worker's folder for its kernel's connection file and, for a cold kernel, its sockets
#: (:func:`kernel_folder`), and that connection file's name (:func:`ipc_kernel_manager`).
KERNEL_FOLDER_PREFIX = "kernel-"
KERNEL_CONNECTION_FILE = "kernel.json"


def kernel_folder(context: dict[str, Any]) -> Path:
    """A new folder for one briefing's kernel, ``<KERNEL_FOLDER_PREFIX>XXXXXXXX`` in the
    build's kernels folder (``context["socket_dir"]``; the temporary folder if none)."""
    return Path(tempfile.mkdtemp(prefix=KERNEL_FOLDER_PREFIX, dir=context.get("socket_dir")))


def ipc_kernel_manager(socket_dir: Path) -> type:
    """A ``KernelManager`` class whose kernels talk over Unix sockets in ``socket_dir``.

    IPC instead of TCP: no port can be taken by another process between choosing and
    binding it, and ipykernel does not warn about unencrypted TCP. nbclient creates the
    kernel manager from this class (papermill passes ``kernel_manager_class`` on).
    """
    from jupyter_client.manager import KernelManager
    from traitlets import default

    class IPCKernelManager(KernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

        @default("connection_file")
        def _default_connection_file(self) -> str:
            # the sockets are named after the connection file: <folder>/kernel-ipc-<n>
            return str(socket_dir / KERNEL_CONNECTION_FILE)

    return IPCKernelManager


def run_one(
    job: BriefingJob, staging: Path, context: dict[str, Any], timeout: float | None = None
) -> JobResult:
    """Execute one briefing into ``staging`` and export its HTML.

    Writes ``staging/<name>.ipynb``, ``staging/<name>.html`` and ``staging/assets/`` (figures,
    ``values.json``). Returns a :class:`JobResult`; never raises for notebook errors or
    file-system errors (reported in ``os_error``).
    """
    from analysis.site.cell_saves import register_engine

    _kernel_env()
    write_notebooks_atomically()  # a kill while papermill saves leaves the last whole save
    register_engine()  # papermill saves after code cells only (ENGINE below)
    staging.mkdir(parents=True, exist_ok=True)
    socket_dir = kernel_folder(context)
    try:
        with contextlib.ExitStack() as kernel_exits:  # after the export: the kernel's exit
            result = _execute_and_export(job, staging, context, timeout, socket_dir, kernel_exits)
            exported_at = time.monotonic()
        if result.ok:  # what was left of the kernel's exit once the page was exported
            result.timings["kernel_exit"] = round(time.monotonic() - exported_at, 3)
        return result
    except OSError as exc:
        reason = describe_os_error(exc, staging)
        return JobResult(job.name, ok=False, error=reason, os_error=reason)
    finally:
        shutil.rmtree(socket_dir, ignore_errors=True)


def _execute_and_export(
    job: BriefingJob,
    staging: Path,
    context: dict[str, Any],
    timeout: float | None,
    socket_dir: Path,
    kernel_exits: contextlib.ExitStack,
) -> JobResult:
    import papermill as pm

    from analysis.site.cell_saves import ENGINE

    executed = staging / f"{job.name}.ipynb"
    assets = staging / "assets"
    params = dict(job.parameters) | {"output_dir": str(assets), "data_dir": str(data_dir())}
    result = JobResult(job.name, ok=False)
    clock = CellClock(context.get("launched_at"))
    # IPC sockets, never TCP; a kernel forked from the build's warm template where there is one
    manager_class = ipc_kernel_manager(socket_dir)
    if context.get("warm_pool"):
        pool = WarmKernelPool.attach(context["warm_pool"])
        manager_class = pool.kernel_manager_class()
    for attempt in range(3):
        clock.restart()
        try:
            # the kernel boots while papermill reads and parameterises the notebook
            with started_kernel(manager_class, KERNEL_NAME, kernel_exits) as km:
                pm.execute_notebook(
                    str(job.notebook),
                    str(executed),
                    parameters=params,
                    kernel_name=KERNEL_NAME,
                    progress_bar=False,
                    log_output=False,
                    execution_timeout=timeout,
                    start_timeout=START_TIMEOUT,
                    record_timing=False,
                    engine_name=ENGINE,  # saves once per code cell (cell_saves)
                    km=km,
                    **clock.hooks(),
                )
                clock.notebook_done()
            break
        except pm.PapermillExecutionError as exc:
            # exc.cell_index counts papermill's injected-parameters cell, so the source
            # notebook's numbering (what users see) comes from _failed_cell, as for timeouts
            result.error = f"{exc.ename}: {exc.evalue}".strip()
            result.failed_cell = _failed_cell(executed)
            return result
        except OSError:
            raise
        except Exception as exc:  # a kernel that died while starting is retried
            if attempt == 2 or "Kernel died" not in str(exc):
                result.error = f"{type(exc).__name__}: {exc}"
                result.failed_cell = _failed_cell(executed)
                return result
    executed_at = time.monotonic()
    from analysis.site.render import export_briefing, normalise_notebook

    nb = normalise_notebook(executed)
    result.stderr_lines = sum(
        1
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stderr"
    )
    export_briefing(nb, job, staging / f"{job.name}.html", assets, context)
    result.ok = True
    launches = getattr(manager_class, "launches", [])
    if launches and launches[-1].get("requested_at"):
        clock.kernel_launch(launches[-1]["requested_at"])
    result.timings = clock.timings() | {
        "execution": round(executed_at - (clock.kernel_ready or clock.started), 3),
        "kernel_shutdown": round(executed_at - (clock.done or executed_at), 3),
        "html_export": round(time.monotonic() - executed_at, 3),
        "kernel_mode": launches[-1]["mode"] if launches else "cold",
    }
    return result


def _worker(
    job: BriefingJob,
    staging: Path,
    context: dict[str, Any],
    timeout: float | None,
    results: Connection,
) -> None:
    """Entry point of a worker process: own process group, result sent on ``results``
    (a pipe, so that a full disk cannot lose it).

    The worker's and its kernel's stderr (e.g. ipykernel's start-up warnings) go to
    ``kernel.log`` in the staging folder, kept with a failed briefing.
    """
    os.setpgrp()
    # The fork server was started with the environment of its time: take the build's.
    os.environ.update(context.get("env", {}))
    threading.Thread(target=_die_with, args=(context["build_pid"],), daemon=True).start()
    try:
        staging.mkdir(parents=True, exist_ok=True)
        with (staging / "kernel.log").open("w") as log:
            os.dup2(log.fileno(), 2)
        result = run_one(job, staging, context, timeout)
    except OSError as exc:
        reason = describe_os_error(exc, staging)
        result = JobResult(job.name, ok=False, error=reason, os_error=reason)
    except Exception as exc:  # pragma: no cover - reported, never swallowed silently
        result = JobResult(job.name, ok=False, error=f"{type(exc).__name__}: {exc}")
    results.send(asdict(result))
    results.close()


def kill_tree(pid: int) -> None:
    """Kill a process and all its descendants (kernels run in sessions of their own, so a
    process group is not enough)."""
    try:
        root = psutil.Process(pid)
        family = [*root.children(recursive=True), root]
    except psutil.NoSuchProcess:
        return
    for process in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    psutil.wait_procs(family, timeout=10)


def _die_with(build_pid: int) -> None:
    """In a worker: if the build process disappears (killed), kill this worker's kernel and
    the worker itself rather than leave them running."""
    while psutil.pid_exists(build_pid):
        time.sleep(0.5)
    kill_tree(os.getpid())


def _receive(name: str, proc: Any, reader: Connection, stage_root: Path) -> JobResult:
    """The result a finished worker sent, or a "worker died" result if it sent none."""
    try:
        sent = reader.recv() if reader.poll(5) else None
    except EOFError:
        sent = None
    proc.join()
    if sent is not None:
        return JobResult(**sent)
    return JobResult(
        name,
        ok=False,
        error=f"worker died (exit code {proc.exitcode})",
        failed_cell=_failed_cell(stage_root / name / f"{name}.ipynb"),
    )


def _wait_for_any(running: Iterable[tuple[Any, float, Connection]], timeout: float) -> None:
    """Return as soon as a running worker has sent its result or exited, or the first
    one's timeout has passed, or after :data:`LONGEST_WAIT` seconds (``running``: process,
    start time and result pipe of each worker)."""
    running = list(running)
    if not running:
        return
    deadline = min(started + timeout for _, started, _ in running)
    wait(
        [reader for _, _, reader in running] + [proc.sentinel for proc, _, _ in running],
        timeout=min(LONGEST_WAIT, max(0.0, deadline - time.monotonic()) + 0.01),
    )


def run_parallel(
    todo: list[BriefingJob],
    stage_root: Path,
    context: dict[str, Any],
    jobs: int,
    timeout: float,
    quiet: bool,
) -> dict[str, JobResult]:
    """Run jobs in at most ``jobs`` worker processes; kill any that exceeds ``timeout``."""
    ctx = _worker_context()
    pending = list(todo)
    running: dict[str, tuple[Any, float, Connection]] = {}
    results: dict[str, JobResult] = {}
    done = 0
    try:
        while pending or running:
            while pending and len(running) < jobs:
                job = pending.pop(0)
                staging = stage_root / job.name
                reader, writer = ctx.Pipe(duplex=False)
                launched = context | {"launched_at": time.monotonic()}  # the briefing's start
                proc = ctx.Process(
                    target=_worker, args=(job, staging, launched, timeout, writer), daemon=False
                )
                proc.start()
                writer.close()
                running[job.name] = (proc, time.monotonic(), reader)
            _wait_for_any(running.values(), timeout)
            for name, (proc, started, reader) in list(running.items()):
                elapsed = time.monotonic() - started
                if proc.is_alive() and elapsed > timeout:
                    kill_tree(proc.pid)
                    proc.join()
                    cell = _failed_cell(stage_root / name / f"{name}.ipynb")
                    results[name] = JobResult(
                        name,
                        ok=False,
                        error=f"timed out after {timeout:g} s (killed)",
                        failed_cell=cell,
                    )
                elif not proc.is_alive() or reader.poll():
                    results[name] = _receive(name, proc, reader, stage_root)
                else:
                    continue
                reader.close()
                del running[name]
                done += 1
                res = results[name]
                status = "ok" if res.ok else "FAILED"
                log_progress(f"[{done}/{len(todo)}] {name}: {status} ({elapsed:.1f} s)", quiet)
    except BaseException:  # interrupted (Ctrl-C, SIGTERM) or failed: leave nothing running
        for proc, _, _ in running.values():
            kill_tree(proc.pid)
            proc.join()
        raise
    return results
