"""The shared build of every briefing (conftest's ``briefings_build`` fixture), made once per
test run and started in the background as the run starts.

:func:`build_briefings` builds every configured briefing for every plan in ko and en (its
defaults), and in en with unit=USD for Uijeongbu (and the comparison), into
``<shared>/briefings-build/reports``, from a copy of ``data/``, and records the build's
report; whoever builds holds :func:`build_lock`, so every pytest-xdist worker reads the
one folder.

The build keeps both cores busy for a minute or more, so conftest does not wait for the
first test that needs it: the first worker starts this file as a script
(``python tests/shared_build.py SHARED``, :func:`start_in_background`) as soon as the run
starts, and the workers run other tests meanwhile. The script takes the lock before it says
``locked`` on stdout, so a test that needs the build waits for it rather than building
again; if the script fails, the fixture finds no record and builds in its own process.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from unittest import mock

import yaml
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
BRIEFINGS_CONFIG = ROOT / "notebooks" / "briefings.yml"
#: The plan whose briefings the shared build also makes in USD.
USD_PLAN = "uijeongbu_snd_2020"
#: What the script prints once it holds the lock.
LOCKED = "locked"


def build_lock(shared: Path) -> FileLock:
    """The lock of the shared build in folder ``shared`` (held while building)."""
    return FileLock(str(shared / "briefings-build.lock"))


def build_root(shared: Path) -> Path:
    """Where the shared build keeps its data copy, config, reports and report record."""
    return shared / "briefings-build"


def write_config(path: Path) -> None:
    """The project's briefings config with absolute notebook paths, every entry in ko and en,
    plus an en USD variant for Uijeongbu (and the comparison), to keep the build small."""
    config = yaml.safe_load(BRIEFINGS_CONFIG.read_text(encoding="utf-8"))
    usd_sets = []
    for entry in config["briefings"]:
        entry["notebook"] = str((BRIEFINGS_CONFIG.parent / entry["notebook"]).resolve())
        entry["parameter_sets"] = [{"lang": "ko"}, {"lang": "en"}]
        usd = {"lang": "en", "unit": "USD", "suffix": "usd"}
        plans = "none" if entry.get("plans") == "none" else [USD_PLAN]
        usd_sets.append(entry | {"plans": plans, "parameter_sets": [usd]})
    config["briefings"] += usd_sets
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


@functools.cache
def planned_pages() -> tuple[tuple[str, bool], ...]:
    """``(page name, is a variant)`` of every page the shared build makes, known before it is
    built (from its config and the project's plans), for tests parametrised per page."""
    from analysis.site.config import load_config

    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "briefings.yml"
        write_config(config)
        return tuple((job.name, bool(job.variant)) for job in load_config(config))


def build_briefings(shared: Path) -> None:
    """Make the shared build in ``shared`` unless its record is there (hold the lock)."""
    from analysis.site.build import build

    root = build_root(shared)
    record = root / "build-report.json"
    if record.is_file():
        return
    shutil.rmtree(root, ignore_errors=True)
    data = root / "data"
    shutil.copytree(ROOT / "data", data)
    config = root / "briefings.yml"
    write_config(config)
    environment = {
        "ANALYSIS_DATA_DIR": str(data),
        "ANALYSIS_REPORTS_DIR": str(root / "reports"),
        "SOURCE_DATE_EPOCH": "1600000000",
    }
    with mock.patch.dict(os.environ, environment):
        result = build(config, jobs=2, quiet=True, timeout=600)
    record.write_text(json.dumps(asdict(result)), encoding="utf-8")


def load_briefings(shared: Path) -> dict:
    """The shared build (made now if nobody has): ``{"reports": Path, "report": BuildReport,
    "jobs": [BriefingJob], "config": Path}``."""
    from analysis.site.build import BuildReport
    from analysis.site.config import load_config

    with build_lock(shared):  # waits for a build under way (in the background or a worker)
        build_briefings(shared)
    root = build_root(shared)
    saved = json.loads((root / "build-report.json").read_text(encoding="utf-8"))
    report = BuildReport(
        built=saved["built"],
        skipped=saved["skipped"],
        failed=[tuple(item) for item in saved["failed"]],
    )
    config = root / "briefings.yml"
    return {
        "reports": root / "reports",
        "report": report,
        "jobs": load_config(config),
        "config": config,
    }


def start_in_background(shared: Path) -> subprocess.Popen | None:
    """Start this file as a script building into ``shared``; return it once it holds the
    lock (``None`` if it ended before: the fixture then builds in its own process). Its
    output goes to ``shared/briefings-build.log``."""
    shared.mkdir(parents=True, exist_ok=True)
    with (shared / "briefings-build.log").open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, __file__, str(shared)], stdout=subprocess.PIPE, stderr=log, text=True
        )
    if proc.stdout.readline().strip() != LOCKED:
        proc.wait()
        return None
    return proc


def main(shared: str) -> None:
    """Take the lock, say so, and build (everything after ``locked`` goes to the log)."""
    with build_lock(Path(shared)):
        print(LOCKED, flush=True)
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
        build_briefings(Path(shared))


if __name__ == "__main__":
    main(sys.argv[1])
