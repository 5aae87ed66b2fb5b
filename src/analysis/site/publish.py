"""Publishing a built briefing into ``reports/``, checking what is published, keeping a
failed one for debugging, and removing briefings that left the config.

A briefing is three things: its page ``<name>.html`` (self-contained, the stable URL), its
executed notebook ``notebooks/<name>.ipynb`` and its assets folder ``assets/<name>/``.
They are published by three renames; the guarantees come from around them:

* an error between two renames puts the old files back (nothing new beside the old page);
* every published file's SHA-256 is recorded in the manifest (:func:`published_record`),
  and the next build rebuilds a briefing whose files do not match the record
  (:func:`intact_record`), so a kill -9 between two renames is repaired by the next build;
  a file whose size and times are those recorded with its hash is not read again
  (:mod:`analysis.file_records`);
* :func:`remove_leftovers` deletes the ``.old-*``, ``.tmp`` and staging files a killed
  build leaves behind.

For tests, ``ANALYSIS_PUBLISH_FAULT=<step>:kill`` (or ``<step>:enospc``) kills the process
(or raises "no space left") just before a step of :data:`PUBLISH_STEPS`.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
from pathlib import Path

from analysis.file_records import record_files, recorded_still
from analysis.files import files_below
from analysis.site.config import BriefingJob
from analysis.site.notebook_writes import papermill_layout

#: The steps of :func:`publish`, in order; each can be interrupted by the fault hook.
PUBLISH_STEPS = ("assets", "notebook", "page", "cleanup")
FAULT_ENV = "ANALYSIS_PUBLISH_FAULT"
STAGING = ".staging"


def published_paths(name: str) -> dict[str, str]:
    """Where each part of briefing ``name`` lives, relative to ``reports/``."""
    return {
        "assets": f"assets/{name}",
        "notebook": f"notebooks/{name}.ipynb",
        "page": f"{name}.html",
    }


def published_files(name: str, reports: Path) -> dict[str, Path]:
    """Every published file of briefing ``name`` (path relative to ``reports`` -> path)."""
    paths = published_paths(name)
    out = {
        f"{paths['assets']}/{relative}": path
        for relative, path in files_below(reports / paths["assets"]).items()
    }
    for key in ("notebook", "page"):
        path = reports / paths[key]
        if path.is_file():
            out[paths[key]] = path
    return out


def published_record(name: str, reports: Path) -> dict[str, dict]:
    """The manifest's record of briefing ``name``'s published files: ``published``, the
    SHA-256 of each, and ``published_stats``, the size and times of those that had
    settled (:func:`analysis.file_records.record_files`)."""
    digests, stats = record_files(published_files(name, reports))
    return {"published": digests, "published_stats": stats}


def intact_record(name: str, reports: Path, entry: dict) -> dict[str, dict] | None:
    """Briefing ``name``'s record (:func:`published_record`) if its files are exactly those
    its manifest ``entry`` recorded at its last build (every file present, none partial,
    none extra), with the stats of files that have settled since; ``None`` if not. A file
    whose size and times are those recorded is not read."""
    digests, stats = entry.get("published"), entry.get("published_stats")
    if not isinstance(digests, dict) or not digests:
        return None
    try:
        files = published_files(name, reports)
    except OSError:  # cannot be listed: rebuilt, as a file that cannot be read
        return None
    kept = recorded_still(files, digests, stats if isinstance(stats, dict) else {})
    return None if kept is None else {"published": digests, "published_stats": kept}


def _fault_point(step: str) -> None:
    """The test hook: kill the process, or fail as if the disk were full, before ``step``."""
    where, _, action = os.environ.get(FAULT_ENV, "").partition(":")
    if where != step:
        return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), f"<{FAULT_ENV} {step}>")


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def publish(job: BriefingJob, staging: Path, reports: Path) -> None:
    """Move a good briefing from ``staging`` into ``reports`` (the build records its
    published files once all are published: :func:`published_record`).

    The page is replaced last, by one atomic rename. If any step fails, the files already
    moved are taken out and the old ones put back, and the error is raised.
    """
    paths = published_paths(job.name)
    sources = {
        "assets": staging / "assets",
        "notebook": staging / f"{job.name}.ipynb",
        "page": staging / f"{job.name}.html",
    }
    done: list[tuple[Path, Path | None]] = []  # (published path, backup of the old one)
    try:
        for step in PUBLISH_STEPS[:3]:
            _fault_point(step)
            target = reports / paths[step]
            target.parent.mkdir(parents=True, exist_ok=True)
            backup = None
            if target.exists():
                backup = target.with_name(f".{target.name}.old-{os.getpid()}")
                _remove(backup)
                if target.is_dir():
                    os.replace(target, backup)
                else:  # a hard link keeps the old page readable until the atomic replace
                    os.link(target, backup)
            done.append((target, backup))
            os.replace(sources[step], target)
        _fault_point("cleanup")
    except BaseException:
        for target, backup in reversed(done):
            if backup is None or target.is_dir():
                _remove(target)
            if backup is not None:
                os.replace(backup, target)  # a file is put back by one atomic rename
        raise
    for _, backup in done:
        if backup is not None:
            _remove(backup)
    for leftover in (f"{job.name}.ipynb", f"{job.name}.log"):
        (reports / "failed" / leftover).unlink(missing_ok=True)


def keep_failed(job: BriefingJob, staging: Path, reports: Path) -> Path | None:
    """Keep a failed briefing's executed notebook (in papermill's layout) and kernel log in
    ``reports/failed/``."""
    executed = staging / f"{job.name}.ipynb"
    log = staging / "kernel.log"
    (reports / "failed").mkdir(parents=True, exist_ok=True)
    if log.is_file():
        os.replace(log, reports / "failed" / f"{job.name}.log")
    if not executed.is_file():
        return None
    target = reports / "failed" / f"{job.name}.ipynb"
    os.replace(executed, target)
    papermill_layout(target)  # a worker's last save is compact (analysis.site.cell_saves)
    return target


def remove_leftovers(reports: Path) -> list[Path]:
    """Delete what an interrupted build left: staging, ``.old-*`` backups, ``.tmp`` files.

    Call only while holding the build lock. Returns what was removed.
    """
    removed = []
    for folder in (reports, *(reports / sub for sub in ("assets", "notebooks", "failed"))):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            name = path.name
            if name == STAGING or (
                name.startswith(".") and (".old-" in name or name.endswith(".tmp"))
            ):
                _remove(path)
                removed.append(path)
    return removed


def remove_unlisted(reports: Path, keep: set[str]) -> list[str]:
    """Delete every briefing whose name is not in ``keep``: its page, executed notebook,
    assets, failed copies and PDF. Returns the names removed."""
    found = {p.stem for p in reports.glob("*.html") if p.name != "index.html"}
    found |= {p.stem for p in (reports / "notebooks").glob("*.ipynb")}
    found |= {p.name for p in (reports / "assets").glob("*") if p.is_dir()}
    found |= {p.stem for p in (reports / "failed").glob("*") if p.suffix in (".ipynb", ".log")}
    found |= {p.stem for p in (reports / "pdf").glob("*.pdf")}
    gone = sorted(found - keep)
    for name in gone:
        for relative in (*published_paths(name).values(), f"failed/{name}.ipynb"):
            _remove(reports / relative)
        _remove(reports / "failed" / f"{name}.log")
        _remove(reports / "pdf" / f"{name}.pdf")
    return gone
