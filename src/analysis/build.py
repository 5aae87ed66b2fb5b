"""The build: refresh the data, execute every briefing with papermill, publish HTML.

``python -m analysis build`` (``make report``):

1. refreshes ``data/processed/`` (:func:`analysis.pipeline.refresh_processed`);
2. expands ``notebooks/briefings.yml`` into jobs (each notebook x each parameter set);
3. skips jobs whose inputs (notebook, parameters, processed data, package code, lock file)
   are unchanged since the last good build (``--force`` rebuilds);
4. executes the rest in parallel worker processes, one kernel each (``--jobs``), each with
   a timeout; a worker writes into its own staging folder;
5. publishes each good briefing by rename; a failed one never replaces the last good one,
   its executed notebook is kept in ``reports/failed/`` for debugging;
6. writes ``reports/index.html`` and ``reports/manifest.json``.

Exit status: 0 every briefing built or skipped; 1 one or more failed; 2 bad data, bad
configuration or another build holds the lock (with ``--no-wait``).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import multiprocessing as mp
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import yaml

from analysis.paths import PROJECT_ROOT, data_dir, processed_dir, raw_dir, reports_dir
from analysis.versioning import data_lock, processed_is_current

__all__ = [
    "BriefingJob",
    "BuildError",
    "add_build_arguments",
    "build",
    "load_config",
    "run_build_cli",
    "run_one",
]

DEFAULT_CONFIG = PROJECT_ROOT / "notebooks" / "briefings.yml"
PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST = "manifest.json"
#: Modules the worker processes' fork server imports once, before any briefing.
WORKER_PRELOAD = [
    "analysis.build",
    "analysis.export",
    "papermill",
    "nbformat",
    "nbconvert",
    "jinja2",
    "pandas",
]
LOCK = ".build.lock"
#: The pinned dependencies; a change rebuilds every briefing.
LOCK_FILE = PROJECT_ROOT / "requirements.lock"


class BuildError(RuntimeError):
    """A configuration or environment problem that stops the whole build."""


# --------------------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BriefingJob:
    """One briefing to build: a notebook with one parameter set."""

    name: str
    slug: str
    notebook: Path
    parameters: dict[str, Any]
    title: str
    summary: str
    lang: str
    variant: str = ""


def _coerce(value: str) -> Any:
    """Type a ``-p name value`` string the way papermill's CLI does."""
    for kind in (int, float):
        with contextlib.suppress(ValueError):
            return kind(value)
    return {"True": True, "False": False, "None": None}.get(value, value)


def load_config(
    path: str | Path = DEFAULT_CONFIG, overrides: dict[str, Any] | None = None
) -> list[BriefingJob]:
    """Read the briefings config and expand it into jobs.

    Parameters
    ----------
    path : str or Path
        YAML with ``defaults`` (parameters for every briefing) and ``briefings``: each has
        ``slug``, ``notebook`` (relative to the config), ``title`` and ``summary`` (per
        language) and ``parameter_sets`` (each a mapping that must include ``lang``, and may
        include ``suffix`` to tell apart several sets in one language).
    overrides : dict, optional
        Parameters that replace those of every set (``-p name value`` on the CLI).
    """
    path = Path(path)
    if not path.is_file():
        raise BuildError(f"{path}: config file not found")
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise BuildError(f"{path}: not valid YAML: {exc}") from exc
    defaults = dict(config.get("defaults") or {})
    jobs: list[BriefingJob] = []
    for number, entry in enumerate(config.get("briefings") or [], start=1):
        for required in ("slug", "notebook", "title", "summary", "parameter_sets"):
            if required not in entry:
                raise BuildError(f"{path}: briefing {number} has no {required!r}")
        notebook = (path.parent / entry["notebook"]).resolve()
        if not notebook.is_file():
            raise BuildError(f"{path}: briefing {entry['slug']!r}: notebook {notebook} not found")
        for pset in entry["parameter_sets"]:
            params = defaults | {k: v for k, v in pset.items() if k != "suffix"} | (overrides or {})
            lang = params.get("lang", "ko")
            suffix = pset.get("suffix")
            name = f"{entry['slug']}-{lang}" + (f"-{suffix}" if suffix else "")
            if any(j.name == name for j in jobs):
                raise BuildError(f"{path}: two parameter sets give the briefing name {name!r}")
            jobs.append(
                BriefingJob(
                    name=name,
                    slug=entry["slug"],
                    notebook=notebook,
                    parameters=params,
                    title=_in_language(entry, "title", lang, path),
                    summary=_in_language(entry, "summary", lang, path),
                    lang=lang,
                    variant=str(suffix or ""),
                )
            )
    if not jobs:
        raise BuildError(f"{path}: no briefings configured")
    return jobs


def _in_language(entry: dict[str, Any], key: str, lang: str, path: Path) -> str:
    value = entry[key]
    if not isinstance(value, dict) or not value.get(lang):
        raise BuildError(f"{path}: briefing {entry['slug']!r} has no {key} in {lang!r}")
    return str(value[lang])


def check_parameters(jobs: list[BriefingJob]) -> None:
    """Validate the briefing parameters of every job before any kernel starts.

    Raises
    ------
    BuildError
        Naming the briefing, the parameter and its allowed values.
    """
    from analysis.metrics import BriefingParameters, ParameterError
    from analysis.processed import load_processed

    years = [int(y) for y in load_processed("cpi")["year"]]
    known = {"lang", "unit", "exchange_rate", "price_year", "jobs_split"}
    for job in jobs:
        values = {k: v for k, v in job.parameters.items() if k in known}
        try:
            BriefingParameters.validated(cpi_years=years, **values)
        except ParameterError as exc:
            raise BuildError(f"briefing {job.name}: {exc}") from None


# --------------------------------------------------------------------------------------
# Inputs and the manifest
# --------------------------------------------------------------------------------------
def _hash_files(paths: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for p in sorted(paths):
        digest.update(p.relative_to(root).as_posix().encode())
        digest.update(hashlib.sha256(p.read_bytes()).digest())
    return digest.hexdigest()


def shared_inputs() -> dict[str, str]:
    """Hashes of what every briefing depends on: processed data, package code, the lock file."""
    processed = processed_dir()
    code = [p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    lock = LOCK_FILE
    return {
        "processed_data": _hash_files([p for p in processed.glob("*") if p.is_file()], processed),
        "package_code": _hash_files(code, PACKAGE_DIR),
        "locked_dependencies": hashlib.sha256(lock.read_bytes()).hexdigest()
        if lock.is_file()
        else "",
    }


def job_inputs(
    job: BriefingJob, shared: dict[str, str], siblings: list[str] | None = None
) -> dict[str, str]:
    """Every input hash of one briefing (``siblings``: the other language versions its page
    links to)."""
    return {
        "sibling_pages": hashlib.sha256("\n".join(sorted(siblings or [])).encode()).hexdigest(),
        "notebook": hashlib.sha256(job.notebook.read_bytes()).hexdigest(),
        "parameters": hashlib.sha256(
            json.dumps(job.parameters, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest(),
        "title_and_summary": hashlib.sha256(f"{job.title}\n{job.summary}".encode()).hexdigest(),
        **shared,
    }


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        return {"briefings": {}}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return {"briefings": {}}


def atomic_write(path: Path, data: bytes) -> None:
    """Write a file through a temporary sibling and a rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


# --------------------------------------------------------------------------------------
# Build date and data version (reproducible)
# --------------------------------------------------------------------------------------
def build_date() -> str:
    """``SOURCE_DATE_EPOCH`` if set, else the date of the last commit, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            epoch = subprocess.run(
                ["git", "-C", str(PROJECT_ROOT), "log", "-1", "--format=%ct"],
                capture_output=True,
                text=True,
                check=True,
                timeout=10,
            ).stdout.strip()
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%d")
    return datetime.now(tz=UTC).strftime("%Y-%m-%d")


def current_data_version() -> str:
    meta = processed_dir() / "metadata.json"
    return (
        json.loads(meta.read_text(encoding="utf-8"))["data_version"]
        if meta.is_file()
        else "unknown"
    )


# --------------------------------------------------------------------------------------
# One briefing, in a worker process
# --------------------------------------------------------------------------------------
@dataclass
class JobResult:
    """What a worker reports back."""

    name: str
    ok: bool
    error: str = ""
    failed_cell: int | None = None
    timings: dict[str, float] = field(default_factory=dict)
    stderr_lines: int = 0


def _kernel_env() -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1577836800")
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")


def _failed_cell(path: Path) -> int | None:
    """The failing (or still running) cell of an executed notebook, numbered 1, 2, ... as
    in the source notebook (cells papermill adds, for parameters or an error banner, are not
    counted)."""
    import nbformat

    if not path.is_file():
        return None
    nb = nbformat.read(path, as_version=4)
    number = 0
    for cell in nb.cells:
        meta = cell.get("metadata", {})
        if {"injected-parameters", "papermill-error-cell-tag"} & set(meta.get("tags", [])):
            continue
        number += 1
        status = meta.get("papermill", {}).get("status")
        if status in ("failed", "running"):
            return number
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return number
    return None


def run_one(
    job: BriefingJob, staging: Path, context: dict[str, Any], timeout: float | None = None
) -> JobResult:
    """Execute one briefing into ``staging`` and export its HTML.

    Writes ``staging/<name>.ipynb``, ``staging/<name>.html`` and ``staging/assets/`` (figures,
    ``values.json``). Returns a :class:`JobResult`; never raises for notebook errors.
    """
    import papermill as pm

    _kernel_env()
    staging.mkdir(parents=True, exist_ok=True)
    executed = staging / f"{job.name}.ipynb"
    assets = staging / "assets"
    params = dict(job.parameters) | {"output_dir": str(assets), "data_dir": str(data_dir())}
    result = JobResult(job.name, ok=False)
    marks: dict[str, float] = {}

    def kernel_ready(**_: object) -> None:
        marks["kernel_ready"] = time.perf_counter()

    for attempt in range(3):
        marks["start"] = time.perf_counter()
        try:
            pm.execute_notebook(
                str(job.notebook),
                str(executed),
                parameters=params,
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
                execution_timeout=timeout,
                start_timeout=60,
                on_notebook_start=kernel_ready,
            )
            break
        except pm.PapermillExecutionError as exc:
            result.error = f"{exc.ename}: {exc.evalue}".strip()
            result.failed_cell = _failed_cell(executed)
            return result
        except Exception as exc:  # kernel start races (ports) are retried
            if attempt == 2 or (
                "Address already in use" not in str(exc) and "Kernel died" not in str(exc)
            ):
                result.error = f"{type(exc).__name__}: {exc}"
                result.failed_cell = _failed_cell(executed)
                return result
    executed_at = time.perf_counter()
    from analysis.export import export_briefing, normalise_notebook

    nb = normalise_notebook(executed)
    result.stderr_lines = sum(
        1
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stderr"
    )
    export_briefing(nb, job, staging / f"{job.name}.html", assets, context)
    result.ok = True
    ready = marks.get("kernel_ready", marks["start"])
    result.timings = {
        "kernel_start": round(ready - marks["start"], 3),
        "execution": round(executed_at - ready, 3),
        "html_export": round(time.perf_counter() - executed_at, 3),
    }
    return result


def _worker(
    job: BriefingJob, staging: Path, context: dict[str, Any], timeout: float | None
) -> None:
    """Entry point of a worker process: own process group, result in result.json.

    The worker's and its kernel's stderr (e.g. ipykernel's start-up warnings) go to
    ``kernel.log`` in the staging folder, kept with a failed briefing.
    """
    os.setpgrp()
    # The fork server was started with the environment of its time: take the build's.
    os.environ.update(context.get("env", {}))
    threading.Thread(target=_die_with, args=(context["build_pid"],), daemon=True).start()
    staging.mkdir(parents=True, exist_ok=True)
    log = (staging / "kernel.log").open("w")
    os.dup2(log.fileno(), 2)
    try:
        result = run_one(job, staging, context, timeout)
    except Exception as exc:  # pragma: no cover - reported, never swallowed silently
        result = JobResult(job.name, ok=False, error=f"{type(exc).__name__}: {exc}")
    atomic_write(staging / "result.json", json.dumps(asdict(result)).encode())


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


# --------------------------------------------------------------------------------------
# Locking
# --------------------------------------------------------------------------------------
@contextlib.contextmanager
def build_lock(folder: Path, wait: bool) -> Iterator[None]:
    """An exclusive lock on ``folder/.build.lock`` (released by the OS if the build dies).

    With ``wait=False`` a held lock raises :class:`BuildError` naming the holder's PID.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            if not wait:
                raise BuildError(
                    f"another build (pid {holder}) is running on {folder}; "
                    "use --wait to wait for it"
                ) from None
            print(f"waiting for another build (pid {holder}) to finish ...", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


# --------------------------------------------------------------------------------------
# Publishing
# --------------------------------------------------------------------------------------
def publish(job: BriefingJob, staging: Path, reports: Path) -> list[str]:
    """Move a good briefing from staging into ``reports`` by rename."""
    assets_target = reports / "assets" / job.name
    assets_target.parent.mkdir(parents=True, exist_ok=True)
    (reports / "notebooks").mkdir(exist_ok=True)
    old = None
    if assets_target.exists():
        old = assets_target.with_name(f".{job.name}.old-{os.getpid()}")
        os.replace(assets_target, old)
    os.replace(staging / "assets", assets_target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    os.replace(staging / f"{job.name}.ipynb", reports / "notebooks" / f"{job.name}.ipynb")
    os.replace(staging / f"{job.name}.html", reports / f"{job.name}.html")
    for leftover in (f"{job.name}.ipynb", f"{job.name}.log"):
        (reports / "failed" / leftover).unlink(missing_ok=True)
    return [f"{job.name}.html", f"notebooks/{job.name}.ipynb", f"assets/{job.name}/"]


def keep_failed(job: BriefingJob, staging: Path, reports: Path) -> Path | None:
    """Keep a failed briefing's executed notebook and kernel log in ``reports/failed/``."""
    executed = staging / f"{job.name}.ipynb"
    log = staging / "kernel.log"
    (reports / "failed").mkdir(parents=True, exist_ok=True)
    if log.is_file():
        os.replace(log, reports / "failed" / f"{job.name}.log")
    if not executed.is_file():
        return None
    target = reports / "failed" / f"{job.name}.ipynb"
    os.replace(executed, target)
    return target


# --------------------------------------------------------------------------------------
# The build
# --------------------------------------------------------------------------------------
@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def _log(message: str, quiet: bool) -> None:
    if not quiet:
        print(message, flush=True)


def _run_parallel(
    todo: list[BriefingJob],
    stage_root: Path,
    context: dict[str, Any],
    jobs: int,
    timeout: float,
    quiet: bool,
) -> dict[str, JobResult]:
    """Run jobs in at most ``jobs`` worker processes; kill any that exceeds ``timeout``."""
    ctx = mp.get_context("forkserver")
    # Workers fork from a server that has already imported the heavy modules once.
    ctx.set_forkserver_preload(WORKER_PRELOAD)
    pending = list(todo)
    running: dict[str, tuple[Any, float, BriefingJob]] = {}
    results: dict[str, JobResult] = {}
    done = 0
    try:
        while pending or running:
            while pending and len(running) < jobs:
                job = pending.pop(0)
                staging = stage_root / job.name
                proc = ctx.Process(
                    target=_worker, args=(job, staging, context, timeout), daemon=False
                )
                proc.start()
                running[job.name] = (proc, time.monotonic(), job)
            time.sleep(0.05)
            for name, (proc, started, _job) in list(running.items()):
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
                elif not proc.is_alive():
                    proc.join()
                    result_file = stage_root / name / "result.json"
                    if result_file.is_file():
                        results[name] = JobResult(**json.loads(result_file.read_text()))
                    else:
                        results[name] = JobResult(
                            name,
                            ok=False,
                            error=f"worker died (exit code {proc.exitcode})",
                            failed_cell=_failed_cell(stage_root / name / f"{name}.ipynb"),
                        )
                else:
                    continue
                del running[name]
                done += 1
                res = results[name]
                status = "ok" if res.ok else "FAILED"
                _log(f"[{done}/{len(todo)}] {name}: {status} ({elapsed:.1f} s)", quiet)
    except BaseException:  # interrupted (Ctrl-C, SIGTERM) or failed: leave nothing running
        for proc, _, _ in running.values():
            kill_tree(proc.pid)
            proc.join()
        raise
    return results


def build(
    config: str | Path = DEFAULT_CONFIG,
    *,
    only: list[str] | None = None,
    overrides: dict[str, Any] | None = None,
    jobs: int | None = None,
    force: bool = False,
    timeout: float = 600.0,
    wait: bool = True,
    refresh_data: bool = True,
    quiet: bool = False,
) -> BuildReport:
    """Build the briefings; see the module docstring. Returns what was built, skipped, failed."""
    from analysis.export import write_index

    reports = reports_dir()
    reports.mkdir(parents=True, exist_ok=True)
    all_jobs = load_config(config, overrides)
    selected = [j for j in all_jobs if not only or j.name in only or j.slug in only]
    if only and not selected:
        names = ", ".join(sorted({j.slug for j in all_jobs} | {j.name for j in all_jobs}))
        raise BuildError(f"--only {' '.join(only)} matches no briefing; known: {names}")
    report = BuildReport()
    with build_lock(reports, wait), contextlib.ExitStack() as held:
        if refresh_data and processed_is_current(raw_dir(), processed_dir()):
            _log(f"data: version {current_data_version()}, current", quiet)
        elif refresh_data:
            from analysis.pipeline import refresh_processed

            result = refresh_processed()
            _log(
                f"data: version {result.data_version}, {len(result.written)} file(s) updated", quiet
            )
        # kernels read the processed data: no refresh may replace it while they run
        held.enter_context(data_lock(processed_dir(), exclusive=False))
        shared = shared_inputs()
        manifest = read_manifest(reports)
        entries: dict[str, Any] = manifest.get("briefings", {})
        todo: list[BriefingJob] = []
        inputs: dict[str, dict[str, str]] = {}
        for job in selected:
            siblings = [j.name for j in all_jobs if j.slug == job.slug and j.name != job.name]
            inputs[job.name] = job_inputs(job, shared, siblings)
            previous = entries.get(job.name, {})
            up_to_date = (
                previous.get("status") == "built"
                and previous.get("inputs") == inputs[job.name]
                and (reports / f"{job.name}.html").is_file()
            )
            if up_to_date and not force:
                report.skipped.append(job.name)
            else:
                todo.append(job)
        if todo:
            check_parameters(todo)  # a bad -p value stops the build before any kernel starts
        if report.skipped:
            _log(f"skipped (unchanged): {', '.join(report.skipped)}", quiet)
        context = {
            "build_pid": os.getpid(),
            "env": {
                "ANALYSIS_DATA_DIR": str(data_dir()),
                "ANALYSIS_REPORTS_DIR": str(reports),
                "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1577836800"),
            },
            "build_date": build_date(),
            "data_version": current_data_version(),
            "all_jobs": [asdict(j) | {"notebook": str(j.notebook)} for j in all_jobs],
        }
        n_jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
        if todo:
            _log(f"building {len(todo)} briefing(s) with {n_jobs} worker(s) ...", quiet)
        stage_root = reports / ".staging"
        shutil.rmtree(stage_root, ignore_errors=True)
        stage_root.mkdir()
        try:
            results = _run_parallel(todo, stage_root, context, n_jobs, timeout, quiet)
            for job in todo:  # publish in config order, whatever order they finished in
                res = results[job.name]
                staging = stage_root / job.name
                if res.ok:
                    publish(job, staging, reports)
                    report.built.append(job.name)
                    status = "built"
                else:
                    kept = keep_failed(job, staging, reports)
                    where = f"cell {res.failed_cell}" if res.failed_cell is not None else "no cell"
                    report.failed.append((job.name, f"{job.notebook.name}, {where}: {res.error}"))
                    status = "failed"
                    if kept:
                        res.error += f" (executed copy: {kept.relative_to(reports)})"
                entry = entries.get(job.name, {}) if status == "failed" else {}
                entries[job.name] = entry | {
                    "notebook": job.notebook.relative_to(PROJECT_ROOT).as_posix()
                    if job.notebook.is_relative_to(PROJECT_ROOT)
                    else str(job.notebook),
                    "parameters": job.parameters,
                    "status": status if status == "built" else entry.get("status", "failed"),
                    "last_attempt": status,
                    "error": res.error,
                    "timings_seconds": res.timings,
                }
                if status == "built":
                    entries[job.name]["inputs"] = inputs[job.name]
        finally:
            shutil.rmtree(stage_root, ignore_errors=True)
        manifest = {
            "about": "What each briefing was built from (input hashes), with its parameters and "
            "timings. A briefing is rebuilt only when one of its inputs changes.",
            "data_version": context["data_version"],
            "build_date": context["build_date"],
            "versions": _versions(),
            "briefings": {k: entries[k] for k in sorted(entries)},
        }
        atomic_write(
            reports / MANIFEST,
            (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode(),
        )
        write_index(all_jobs, reports, context)
    return report


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    names = ["pandas", "matplotlib", "seaborn", "papermill", "nbconvert", "ipykernel"]
    out = {"python": sys.version.split()[0]}
    for name in names:
        with contextlib.suppress(Exception):
            out[name] = version(name)
    return out


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------
def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``python -m analysis build``."""
    parser.add_argument("--config", default=str(DEFAULT_CONFIG), help="briefings config (YAML)")
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", help="build only these briefings (slug or name)"
    )
    parser.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        default=[],
        help="override a notebook parameter for every briefing",
    )
    parser.add_argument(
        "-j", "--jobs", type=int, default=None, help="parallel kernels (default: CPU cores)"
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    parser.add_argument(
        "--timeout", type=float, default=600.0, help="seconds per briefing (default 600)"
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--wait",
        dest="wait",
        action="store_true",
        default=True,
        help="wait for a running build (default)",
    )
    group.add_argument(
        "--no-wait", dest="wait", action="store_false", help="exit 2 if another build is running"
    )
    parser.add_argument(
        "--quiet", action="store_true", help="print only failures and the closing summary line"
    )


def run_build_cli(args: argparse.Namespace) -> int:
    """Run the build from parsed arguments; print one line per failure; return the exit code."""
    overrides = {name: _coerce(value) for name, value in args.parameter}
    started = time.perf_counter()
    # A scheduler stops a build with SIGTERM: unwind like Ctrl-C (workers and kernels killed,
    # staging removed, locks released; published reports untouched).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        report = build(
            args.config,
            only=args.only,
            overrides=overrides or None,
            jobs=args.jobs,
            force=args.force,
            timeout=args.timeout,
            wait=args.wait,
            quiet=args.quiet,
        )
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for name, message in report.failed:
        print(f"FAILED {name}: {message}", file=sys.stderr)
    print(
        f"{len(report.built)} built, {len(report.skipped)} skipped, {len(report.failed)} failed "
        f"in {time.perf_counter() - started:.1f} s -> {reports_dir() / 'index.html'}"
    )
    return report.exit_code
