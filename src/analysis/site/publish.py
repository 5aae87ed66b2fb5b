"""Publishing a built briefing into ``reports/``, and keeping a failed one for debugging."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from analysis.site.config import BriefingJob


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
