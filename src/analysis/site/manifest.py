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

from analysis.errors import BuildError
from analysis.files import atomic_write, file_digest, file_digest_or_empty, file_hashes, hash_files
from analysis.paths import LOCK_FILE, PACKAGE_DIR, processed_dir
from analysis.site.config import BriefingJob

MANIFEST = "manifest.json"
#: The manifest's own description of itself (its ``about``).
MANIFEST_ABOUT = (
    "What each briefing was built from (input hashes), the SHA-256 of each published file "
    "(and, once it has settled, its size, modification and change times: a file with all "
    "three unchanged is not read again), its parameters and timings. A briefing is rebuilt "
    "when one of its inputs changes or a published file is missing or altered; the site "
    "files (index, data package, sources) too."
)
#: What every build writes besides the briefings' own files (``render.write_index``): the
#: index, the data package and, under ``sources/``, the anchored copies of the sources.
SITE_FILES = ("index.html", "data-package.zip")
SITE_FOLDERS = ("sources",)


def shared_inputs() -> dict[str, str]:
    """Hashes of what every briefing depends on: processed data, package code, the lock file."""
    processed = processed_dir()
    code = [p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return {
        "processed_data": hash_files([p for p in processed.glob("*") if p.is_file()], processed),
        "package_code": hash_files(code, PACKAGE_DIR),
        "locked_dependencies": file_digest_or_empty(LOCK_FILE),
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


def site_inputs(context: dict[str, Any], shared: dict[str, str], reports: Path) -> str:
    """One hash of everything the site files (:data:`SITE_FILES`, :data:`SITE_FOLDERS`) are
    made from: every configured job (``context["all_jobs"]``), which of their pages exist,
    the build date, the data version (a hash of the raw data, source texts included) and
    ``shared`` (processed data, package code with its templates, the lock file)."""
    described = {
        "jobs": context["all_jobs"],
        "pages": sorted(
            str(job["name"])
            for job in context["all_jobs"]
            if (reports / f"{job['name']}.html").is_file()
        ),
        "build_date": context["build_date"],
        "data_version": context["data_version"],
        **shared,
    }
    text = json.dumps(described, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def site_files(reports: Path) -> dict[str, str]:
    """SHA-256 of each site file now in ``reports`` (relative POSIX path -> hex digest)."""
    found = {name: file_digest(reports / name) for name in SITE_FILES if (reports / name).is_file()}
    for folder in SITE_FOLDERS:
        found |= {f"{folder}/{k}": v for k, v in file_hashes(reports / folder).items()}
    return found


def site_is_current(manifest: dict[str, Any], inputs: str, reports: Path) -> bool:
    """Whether the site files were written from ``inputs`` by the last build and are intact
    (none missing, altered or added since)."""
    recorded = manifest.get("site")
    return (
        isinstance(recorded, dict)
        and recorded.get("inputs") == inputs
        and bool(recorded.get("published"))
        and recorded.get("published") == site_files(reports)
    )


def _manifest_problem(data: object) -> str:
    """What is wrong with the shape of a parsed manifest ('' if nothing)."""
    if not isinstance(data, dict):
        return f"a JSON {type(data).__name__}, not an object"
    briefings = data.get("briefings", {})
    if not isinstance(briefings, dict):
        return f"'briefings' is a JSON {type(briefings).__name__}, not an object"
    bad = sorted(str(k) for k, v in briefings.items() if not isinstance(v, dict))
    return f"the entries of {', '.join(bad)} are not objects" if bad else ""


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def set_aside(path: Path) -> Path:
    """Rename ``path`` to the first free ``<name>.corrupt-<n>`` (n = 1, 2, ...)."""
    n = 1
    while path.with_name(f"{path.name}.corrupt-{n}").exists():
        n += 1
    target = path.with_name(f"{path.name}.corrupt-{n}")
    os.replace(path, target)
    return target


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of the last build, or an empty one.

    A manifest that is not UTF-8 JSON of the expected shape (an object whose
    ``briefings`` maps names to objects) is renamed to ``manifest.json.corrupt-<n>`` with a
    warning on stderr; every briefing is then rebuilt, since none can be proven current.
    """
    path = folder / MANIFEST
    if not path.is_file():
        return {"briefings": {}}
    try:
        data = json.loads(path.read_bytes().decode("utf-8"), parse_constant=_reject_constant)
        problem = _manifest_problem(data)
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        problem = str(exc)
    if not problem:
        return data
    moved = set_aside(path)
    print(
        f"warning: {path} is not a valid manifest ({problem}); set aside as {moved.name}, "
        "rebuilding every briefing",
        file=sys.stderr,
    )
    return {"briefings": {}}


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Write ``folder/manifest.json`` atomically; a non-finite number is an error, since
    ``NaN``/``Infinity`` are not JSON."""
    try:
        text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except ValueError as exc:
        raise BuildError(f"{folder / MANIFEST}: not written, {exc}") from None
    atomic_write(folder / MANIFEST, (text + "\n").encode())


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


def recorded_versions(last_manifest: dict[str, Any], built_any: bool) -> dict[str, str]:
    """The tool versions a build's manifest records: those installed now if the build made
    any page, else the last build's, which made every page (reading installed versions
    takes about 50 ms, a fifth of a build with nothing to do).

    Examples
    --------
    >>> recorded_versions({"versions": {"pandas": "0.1"}}, built_any=False)
    {'pandas': '0.1'}
    >>> recorded_versions({"versions": {"pandas": "0.1"}}, built_any=True)["python"] == (
    ...     sys.version.split()[0])
    True
    """
    if not built_any and last_manifest.get("versions"):
        return dict(last_manifest["versions"])
    return tool_versions()


def tool_versions() -> dict[str, str]:
    from importlib.metadata import version

    names = ["pandas", "matplotlib", "seaborn", "papermill", "nbconvert", "ipykernel"]
    out = {"python": sys.version.split()[0]}
    for name in names:
        with contextlib.suppress(Exception):
            out[name] = version(name)
    return out
