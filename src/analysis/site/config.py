"""The briefings config (``notebooks/briefings.yml``) expanded into jobs, and their
parameters checked before any kernel starts.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from analysis.errors import BuildError
from analysis.paths import PROJECT_ROOT

DEFAULT_CONFIG = PROJECT_ROOT / "notebooks" / "briefings.yml"


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


def coerce_value(value: str) -> Any:
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
    from analysis.briefing.parameters import BriefingParameters, ParameterError
    from analysis.data.load import load_processed

    years = [int(y) for y in load_processed("cpi")["year"]]
    known = {"lang", "unit", "exchange_rate", "price_year", "jobs_split"}
    for job in jobs:
        values = {k: v for k, v in job.parameters.items() if k in known}
        try:
            BriefingParameters.validated(cpi_years=years, **values)
        except ParameterError as exc:
            raise BuildError(f"briefing {job.name}: {exc}") from None
