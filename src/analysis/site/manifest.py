"""Inputs of each briefing (hashes), the manifest of the last build, build date and data
version.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analysis.files import hash_files
from analysis.paths import PROJECT_ROOT, processed_dir
from analysis.site.config import BriefingJob

PACKAGE_DIR = Path(__file__).resolve().parents[1]
MANIFEST = "manifest.json"
#: The pinned dependencies; a change rebuilds every briefing.
LOCK_FILE = PROJECT_ROOT / "requirements.lock"


def shared_inputs() -> dict[str, str]:
    """Hashes of what every briefing depends on: processed data, package code, the lock file."""
    processed = processed_dir()
    code = [p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    lock = LOCK_FILE
    return {
        "processed_data": hash_files([p for p in processed.glob("*") if p.is_file()], processed),
        "package_code": hash_files(code, PACKAGE_DIR),
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


def build_date() -> str:
    """The date of this build: ``SOURCE_DATE_EPOCH`` if set (reproducible builds), else today
    (UTC). Not the last commit's date: pages say when they were built."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
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


def tool_versions() -> dict[str, str]:
    from importlib.metadata import version

    names = ["pandas", "matplotlib", "seaborn", "papermill", "nbconvert", "ipykernel"]
    out = {"python": sys.version.split()[0]}
    for name in names:
        with contextlib.suppress(Exception):
            out[name] = version(name)
    return out
