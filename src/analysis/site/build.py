"""The build: refresh the data, execute every briefing with papermill, publish HTML.

``python -m analysis build`` (``make report``):

1. refreshes ``data/processed/`` (:func:`analysis.data.refresh.refresh_processed`);
2. expands ``notebooks/briefings.yml`` into jobs (each notebook x each of its plans x each
   parameter set);
3. skips jobs whose inputs (notebook, parameters, processed data, package code, lock file)
   are unchanged since the last good build (``--force`` rebuilds);
4. executes the rest in parallel worker processes, one kernel each (``--jobs``), each with
   a timeout, the longest first (:mod:`analysis.site.schedule`); a worker writes into its
   own staging folder; each kernel is a fresh process forked from one warm template per
   build (:mod:`analysis.site.warm_kernels`), or a cold kernel where the template cannot
   reproduce the launch (``kernel_mode`` in the manifest);
5. publishes each good briefing (page, executed notebook, assets); a failed one never
   replaces the last good one, its executed notebook is kept in ``reports/failed/`` for
   debugging;
6. writes ``reports/manifest.json`` and, unless the last build wrote them from the same
   inputs and they are intact, ``reports/index.html``, the data package and the sources.

Publishing is all-or-nothing per briefing and recoverable (see
:mod:`analysis.site.publish`); a full build (no ``--only``) also removes briefings that are
no longer in the config.

Exit status: 0 every briefing built or skipped; 1 one or more failed; 2 bad data, bad
configuration or another build holds the lock (with ``--no-wait``); 3 the file system
refused a write (disk full, read-only folder, permissions): one line names the path and the
OS error, and published pages are unchanged.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.data.version import processed_is_current
from analysis.errors import BuildError, OutputError
from analysis.files import describe_os_error
from analysis.locks import build_lock, data_lock
from analysis.paths import PROJECT_ROOT, data_dir, processed_dir, raw_dir, reports_dir
from analysis.site.config import DEFAULT_CONFIG, BriefingJob, check_parameters, load_config
from analysis.site.manifest import (
    MANIFEST_ABOUT,
    build_date,
    current_data_version,
    job_inputs,
    read_manifest,
    recorded_versions,
    shared_inputs,
    site_files,
    site_inputs,
    site_is_current,
    write_manifest,
)
from analysis.site.progress import log_progress
from analysis.site.publish import (
    STAGING,
    intact_record,
    keep_failed,
    publish,
    published_record,
    remove_leftovers,
    remove_unlisted,
)
from analysis.site.schedule import start_order
from analysis.site.temp_folders import check_socket_room, owned_temp_folder
from analysis.site.warm_kernels import TEMPLATE_PREFIX, preload_for
from analysis.site.warm_protocol import KERNEL_FILE_PREFIX, KERNEL_ID_CHARS, SOCKET_NAME

#: The build's folder for its kernels' sockets (:mod:`analysis.site.temp_folders`).
KERNELS_PREFIX = "analysis-kernels-"

# workers import psutil and multiprocessing: a build with nothing to do needs neither
if TYPE_CHECKING:
    from analysis.site.workers import JobResult


def kernel_sockets() -> tuple[str, ...]:
    """The Unix sockets of a build's kernels, as paths below the temporary folder (``X``: a
    random character, ``N``: a channel's number): a cold kernel's, in its worker's folder in
    the build's kernels folder (:func:`~analysis.site.workers.kernel_folder`), and a warm
    kernel's and its template's, in the template's folder. jupyter_client names a kernel's
    IPC sockets after its connection file: ``<file's stem>-ipc-<channel>``."""
    from analysis.site.workers import KERNEL_CONNECTION_FILE, KERNEL_FOLDER_PREFIX

    random = "X" * 8  # tempfile's folder names
    cold_stem = Path(KERNEL_CONNECTION_FILE).stem
    warm_stem = KERNEL_FILE_PREFIX + "X" * KERNEL_ID_CHARS
    return (
        f"{KERNELS_PREFIX}{random}/{KERNEL_FOLDER_PREFIX}{random}/{cold_stem}-ipc-N",
        f"{TEMPLATE_PREFIX}{random}/{warm_stem}-ipc-N",
        f"{TEMPLATE_PREFIX}{random}/{SOCKET_NAME}",
    )


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


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
    """Build the briefings; see the module docstring. Returns what was built, skipped, failed.

    Raises :class:`BuildError` (exit 2) for bad configuration and :class:`OutputError`
    (exit 3) when the file system refuses a write.
    """
    if not (isinstance(timeout, int | float) and math.isfinite(timeout) and timeout > 0):
        raise BuildError(f"--timeout: a positive number of seconds, not {timeout!r}")
    reports = reports_dir()
    reports.mkdir(parents=True, exist_ok=True)
    select_jobs(load_config(config, overrides), only)  # a bad config stops before the refresh
    report = BuildReport()
    try:
        with build_lock(reports, wait), contextlib.ExitStack() as held:
            _build_locked(
                (config, overrides, only),
                reports,
                held,
                report,
                force,
                jobs,
                timeout,
                refresh_data,
                quiet,
                full=not only,
            )
    except OSError as exc:  # disk full, read-only folder, permissions: nothing half-published
        raise OutputError(describe_os_error(exc, reports)) from None
    return report


def _build_locked(
    request: tuple[str | Path, dict[str, Any] | None, list[str] | None],
    reports: Path,
    held: contextlib.ExitStack,
    report: BuildReport,
    force: bool,
    jobs: int | None,
    timeout: float,
    refresh_data: bool,
    quiet: bool,
    *,
    full: bool,
) -> None:
    """The build under the build lock (``request``: config, overrides and ``--only``;
    ``full``: every configured briefing was selected, so briefings no longer in the config are
    removed)."""
    remove_leftovers(reports)  # of a build that was killed
    if refresh_data and processed_is_current(raw_dir(), processed_dir()):
        log_progress(f"data: version {current_data_version()}, current", quiet)
    elif refresh_data:
        from analysis.data.refresh import refresh_processed

        result = refresh_processed()
        log_progress(
            f"data: version {result.data_version}, {len(result.written)} file(s) updated", quiet
        )
    # kernels read the processed data: no refresh may replace it while they run
    held.enter_context(data_lock(processed_dir(), exclusive=False))
    config, overrides, only = request
    all_jobs = load_config(config, overrides)  # again: the refresh may have added a plan
    selected = select_jobs(all_jobs, only)
    shared = shared_inputs()
    last_manifest = read_manifest(reports)
    entries: dict[str, Any] = last_manifest.get("briefings", {})
    todo: list[BriefingJob] = []
    inputs: dict[str, dict[str, str]] = {}
    for job in selected:
        siblings = [j.name for j in all_jobs if j.slug == job.slug and j.name != job.name]
        inputs[job.name] = job_inputs(job, shared, siblings)
        previous = entries.get(job.name, {})
        record = (
            intact_record(job.name, reports, previous)
            if previous.get("status") == "built" and previous.get("inputs") == inputs[job.name]
            else None
        )
        if record is not None and not force:
            report.skipped.append(job.name)
            entries[job.name] = previous | record  # with the stats of files settled since
        else:
            todo.append(job)
    if report.skipped:
        log_progress(f"skipped (unchanged): {', '.join(report.skipped)}", quiet)
    context = {
        "build_pid": os.getpid(),
        "env": {
            "ANALYSIS_DATA_DIR": str(data_dir()),
            "ANALYSIS_REPORTS_DIR": str(reports),
            "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1577836800"),
        },
        "build_date": build_date(),
        "data_version": current_data_version(),
        "all_jobs": [j.record() for j in all_jobs],
    }
    if todo:  # one warm-kernel template per build: every kernel is a fresh fork of it
        from analysis.site.workers import run_parallel, start_worker_server, warm_kernel_pool

        check_socket_room(kernel_sockets(), "the build's kernels")  # a long TMPDIR: exit 2
        context["socket_dir"] = str(held.enter_context(owned_temp_folder(KERNELS_PREFIX)))
        preload = preload_for({job.notebook for job in todo})  # what the notebooks import
        # the workers' server first: its preload takes longest, and the template's start
        # waits for the kernelspec's options (an import of jupyter_client) and its socket
        start_worker_server(preload)  # both preload while the parameters are checked
        context["warm_pool"] = held.enter_context(warm_kernel_pool(context, preload, quiet))
        check_parameters(todo)  # a bad -p value stops the build before any kernel starts
    n_jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    if todo:
        log_progress(f"building {len(todo)} briefing(s) with {n_jobs} worker(s) ...", quiet)
    stage_root = reports / STAGING
    shutil.rmtree(stage_root, ignore_errors=True)
    stage_root.mkdir()
    try:
        order = start_order(todo, entries)  # the longest first (analysis.site.schedule)
        results = run_parallel(order, stage_root, context, n_jobs, timeout, quiet) if todo else {}
        faults = [r.os_error for r in results.values() if r.os_error]
        if faults:  # a file-system fault is no briefing's failure: publish nothing
            raise OutputError(faults[0])
        for job in todo:  # publish in config order, whatever order they finished in
            entries[job.name] = _publish_or_keep(
                job, results[job.name], stage_root / job.name, reports, entries, report
            )
            if job.name in report.built:
                entries[job.name]["inputs"] = inputs[job.name]
    finally:
        shutil.rmtree(stage_root, ignore_errors=True)
    for name in report.built:  # hashed once all are published: more of them have settled
        entries[name] |= published_record(name, reports)
    if full:
        remove_unlisted(reports, {j.name for j in all_jobs})
        entries = {k: v for k, v in entries.items() if k in {j.name for j in all_jobs}}
    manifest = {
        "about": MANIFEST_ABOUT,
        "data_version": context["data_version"],
        "build_date": context["build_date"],
        "versions": recorded_versions(last_manifest, built_any=bool(todo)),
        "briefings": {k: entries[k] for k in sorted(entries)},
    }
    _write_site(manifest, last_manifest, all_jobs, reports, context, shared)


def _write_site(
    manifest: dict[str, Any],
    last_manifest: dict[str, Any],
    all_jobs: list[BriefingJob],
    reports: Path,
    context: dict[str, Any],
    shared: dict[str, str],
) -> None:
    """Write the manifest, then the site files (index, data package, sources) unless the
    last build wrote them from the same inputs and they are intact (a rebuild with nothing
    to do then imports neither pandas nor jinja2); then record them."""
    inputs = site_inputs(context, shared, reports)
    if site_is_current(last_manifest, inputs, reports):
        write_manifest(reports, manifest | {"site": last_manifest["site"]})
        return
    write_manifest(reports, manifest)  # the briefings' entries first, as they are published
    from analysis.site.render import write_index

    write_index(all_jobs, reports, context)
    site = {"inputs": inputs, "published": site_files(reports)}
    write_manifest(reports, manifest | {"site": site})


def _publish_or_keep(
    job: BriefingJob,
    res: JobResult,
    staging: Path,
    reports: Path,
    entries: dict[str, Any],
    report: BuildReport,
) -> dict[str, Any]:
    """Publish a good briefing or keep a failed one; return its new manifest entry."""
    previous = entries.get(job.name, {}) if isinstance(entries.get(job.name), dict) else {}
    if res.ok:
        publish(job, staging, reports)
        entry: dict[str, Any] = {"status": "built"}
        report.built.append(job.name)
        status = "built"
    else:
        kept = keep_failed(job, staging, reports)
        where = f"cell {res.failed_cell}" if res.failed_cell is not None else "no cell"
        report.failed.append((job.name, f"{job.notebook.name}, {where}: {res.error}"))
        if kept:
            res.error += f" (executed copy: {kept.relative_to(reports)})"
        entry = previous | {"status": previous.get("status", "failed")}
        status = "failed"
    return entry | {
        "notebook": job.notebook.relative_to(PROJECT_ROOT).as_posix()
        if job.notebook.is_relative_to(PROJECT_ROOT)
        else str(job.notebook),
        "parameters": job.parameters,
        "last_attempt": status,
        "error": res.error,
        "timings_seconds": res.timings,
    }


def select_jobs(jobs: list[BriefingJob], only: list[str] | None) -> list[BriefingJob]:
    """The jobs ``--only`` names: by page name, briefing slug, page group or plan_id.

    Raises
    ------
    BuildError
        If ``only`` matches no job (the message lists the names it could have used).
    """
    if not only:
        return jobs
    selected = [j for j in jobs if _matches(j, only)]
    if not selected:
        names = {j.name for j in jobs} | {j.briefing for j in jobs} | {j.plan for j in jobs}
        known = ", ".join(sorted(names - {""}))
        raise BuildError(f"--only {' '.join(only)} matches no briefing; known: {known}")
    return selected


def _matches(job: BriefingJob, only: list[str]) -> bool:
    """Whether ``--only`` names the job (its page name, briefing, page group or plan)."""
    return bool({job.name, job.slug, job.briefing, job.plan} - {""} & set(only))


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``python -m analysis build``; ``--help`` lists the parameters of the schema."""
    from analysis.briefing.parameters import command_line_help

    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = command_line_help() + (
        "\n\n-p never changes the configured pages: each briefing whose values it changes is "
        "published\nas a variant named after them (-p unit USD: overview-en -> overview-en-usd)."
    )
    parser.add_argument("--config", default=str(DEFAULT_CONFIG), help="briefings config (YAML)")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        help="build only these briefings (briefing slug, plan_id or page name)",
    )
    parser.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        default=[],
        help="build a variant of each briefing with this parameter (see below)",
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
    from analysis.briefing.parameters import ParameterError, parse_command_line

    try:
        overrides = parse_command_line(args.parameter)
        only = _variant_names(args.config, overrides, args.only) if overrides else args.only
    except (ParameterError, BuildError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    # A scheduler stops a build with SIGTERM, a user with Ctrl-C (SIGINT to the whole
    # foreground process group): both unwind the same way, by SystemExit (workers and
    # kernels killed, staging removed, locks released; published reports untouched), and
    # end with the shell's codes for them, 143 and 130. A KeyboardInterrupt would take
    # another path, which code catching it may stop short.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    try:
        report = build(
            args.config,
            only=only,
            overrides=overrides or None,
            jobs=args.jobs,
            force=args.force,
            timeout=args.timeout,
            wait=args.wait,
            quiet=args.quiet,
        )
    except BuildError as exc:  # OutputError (exit 3) included
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    for name, message in report.failed:
        print(f"FAILED {name}: {message}", file=sys.stderr)
    print(
        f"{len(report.built)} built, {len(report.skipped)} skipped, {len(report.failed)} failed "
        f"in {time.perf_counter() - started:.1f} s -> {reports_dir() / 'index.html'}"
    )
    return report.exit_code


def _variant_names(
    config: str, overrides: dict[str, Any], only: list[str] | None
) -> list[str] | None:
    """The variants ``-p`` makes of the briefings ``--only`` selects (all without it); the
    configured briefings themselves are left as they are."""
    variants = [
        job.name
        for job in load_config(config, overrides)
        if job.override_of and (not only or job.override_of in only or _matches(job, only))
    ]
    return variants or only
