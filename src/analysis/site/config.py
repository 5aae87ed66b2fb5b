"""The briefings config (``notebooks/briefings.yml``) expanded into jobs, and their
parameters checked before any kernel starts.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from analysis.briefing.parameters import SCHEMA, ParameterError, check_names
from analysis.errors import BuildError
from analysis.paths import PROJECT_ROOT

#: The briefing notebooks: sources, committed without outputs and with default parameters.
SOURCE_NOTEBOOKS = PROJECT_ROOT / "notebooks"
DEFAULT_CONFIG = SOURCE_NOTEBOOKS / "briefings.yml"


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
    #: For a variant made by ``-p`` on the command line: the name of the configured briefing.
    override_of: str = ""


def load_config(
    path: str | Path = DEFAULT_CONFIG, overrides: dict[str, Any] | None = None
) -> list[BriefingJob]:
    """Read the briefings config, check its notebooks and parameters, expand it into jobs.

    Parameters
    ----------
    path : str or Path
        YAML with ``defaults`` (parameters for every briefing) and ``briefings``: each has
        ``slug``, ``notebook`` (relative to the config), ``title`` and ``summary`` (per
        language) and ``parameter_sets`` (each a mapping that must include ``lang``, and may
        include ``suffix`` to tell apart several sets in one language).
    overrides : dict, optional
        Parameters from ``-p name value`` on the command line. They never change a configured
        briefing: each briefing they change gets a variant beside it, named after the changed
        values (``overview-en`` with ``unit=USD`` -> ``overview-en-usd``).

    Raises
    ------
    BuildError
        Naming the config (or notebook), the briefing and what is wrong: a parameter name
        that is neither in the schema nor in the notebook's parameters cell (with a
        did-you-mean), an invalid value, a notebook with outputs, ...
    """
    path = Path(path)
    if not path.is_file():
        raise BuildError(f"{path}: config file not found")
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise BuildError(f"{path}: not valid YAML: {exc}") from exc
    defaults = dict(config.get("defaults") or {})
    overrides = _checked_overrides(overrides or {})
    jobs: list[BriefingJob] = []
    for number, entry in enumerate(config.get("briefings") or [], start=1):
        for required in ("slug", "notebook", "title", "summary", "parameter_sets"):
            if required not in entry:
                raise BuildError(f"{path}: briefing {number} has no {required!r}")
        notebook = (path.parent / entry["notebook"]).resolve()
        if not notebook.is_file():
            raise BuildError(f"{path}: briefing {entry['slug']!r}: notebook {notebook} not found")
        declared = check_notebook_source(notebook, strict=notebook.parent == SOURCE_NOTEBOOKS)
        for set_number, pset in enumerate(entry["parameter_sets"], start=1):
            where = f"{path}: briefing {entry['slug']!r}, parameter set {set_number}: "
            given = defaults | {k: v for k, v in pset.items() if k != "suffix"}
            params = _checked_set(given, declared, where)
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
    return jobs + _variants(jobs, overrides, path)


def _checked_overrides(overrides: dict[str, Any]) -> dict[str, Any]:
    """Command-line parameters: names in the schema and settable there, values valid."""
    try:
        check_names(overrides, [n for n, p in SCHEMA.items() if p.command_line], "-p: ")
        return {name: SCHEMA[name].check(value) for name, value in overrides.items()}
    except ParameterError as exc:
        raise BuildError(str(exc)) from None


def _checked_set(given: dict[str, Any], declared: dict[str, Any], where: str) -> dict[str, Any]:
    """One parameter set of the config: every name known, every value valid (typed)."""
    own = [n for n in declared if n not in SCHEMA]  # the notebook's own, e.g. a test's `sleep`
    settable = [n for n, p in SCHEMA.items() if not p.set_by_build]
    try:
        check_names(given, settable + own)
        checked = {}
        for name, value in given.items():
            if name in SCHEMA:
                checked[name] = SCHEMA[name].check(value)
            elif value is None or isinstance(value, (str, int, float, bool)):
                checked[name] = value
            else:
                raise ParameterError(f"parameter {name}={value!r} is not a single value")
    except ParameterError as exc:
        raise BuildError(f"{where}{exc}") from None
    return checked


def _variants(jobs: list[BriefingJob], overrides: dict[str, Any], path: Path) -> list[BriefingJob]:
    """A variant of each job whose parameters ``overrides`` change, named after the change."""
    names = {j.name: j for j in jobs}
    variants = []
    for job in jobs:
        changed = {
            name: value
            for name, value in overrides.items()
            if job.parameters.get(name, SCHEMA[name].default) != value
        }
        if not changed:
            continue  # the configured page already has these values
        token = "-".join(p.variant_token(changed[n]) for n, p in SCHEMA.items() if n in changed)
        variant = replace(
            job,
            name=f"{job.name}-{token}",
            parameters=job.parameters | overrides,
            variant="-".join(filter(None, [job.variant, token])),
            override_of=job.name,
        )
        existing = names.get(variant.name)
        if existing is not None and existing.parameters == variant.parameters:
            continue  # configured under this name already
        if existing is not None:
            raise BuildError(
                f"{path}: -p would publish {variant.name!r}, which the config already names "
                "with other parameters"
            )
        names[variant.name] = variant
        variants.append(variant)
    return variants


def _in_language(entry: dict[str, Any], key: str, lang: str, path: Path) -> str:
    value = entry[key]
    if not isinstance(value, dict) or not value.get(lang):
        raise BuildError(f"{path}: briefing {entry['slug']!r} has no {key} in {lang!r}")
    return str(value[lang])


def check_notebook_source(notebook: Path, *, strict: bool) -> dict[str, Any]:
    """Refuse a notebook that is not a clean source; return its declared parameters.

    A source has no outputs and no execution counts, one cell tagged ``parameters`` made
    only of ``name = literal`` lines (read with :mod:`ast`, never executed), and every
    parameter of the schema it declares at the schema's default. With ``strict`` (the
    project's ``notebooks/``) it declares exactly the schema's parameters.

    Raises
    ------
    BuildError
        Naming the notebook, the cell and what is wrong.
    """
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BuildError(f"{notebook}: not a readable notebook ({exc})") from None
    strip = "clear them with `make strip`"
    for number, cell in enumerate(cells, start=1):
        if cell.get("outputs"):
            raise BuildError(f"{notebook}: cell {number} has outputs; {strip}")
        if cell.get("execution_count") is not None:
            raise BuildError(
                f"{notebook}: cell {number} has execution count {cell['execution_count']}; {strip}"
            )
    tagged = [
        (n, c)
        for n, c in enumerate(cells, 1)
        if "parameters" in c.get("metadata", {}).get("tags", [])
    ]
    if len(tagged) != 1:
        raise BuildError(f"{notebook}: {len(tagged)} cells tagged 'parameters' (one expected)")
    number, cell = tagged[0]
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    declared = declared_parameters(source, f"{notebook}: parameters cell (cell {number})")
    for name, value in declared.items():
        default = SCHEMA[name].default if name in SCHEMA else value
        if type(value) is not type(default) or value != default:
            raise BuildError(
                f"{notebook}: parameters cell (cell {number}) sets {name} = {value!r}, not the "
                f"default {default!r}; set other values in briefings.yml or with -p"
            )
    if strict and list(declared) != list(SCHEMA):
        raise BuildError(
            f"{notebook}: parameters cell (cell {number}) declares {', '.join(declared)}; "
            f"expected {', '.join(SCHEMA)} (analysis.briefing.parameters.parameters_cell_source)"
        )
    return declared


def declared_parameters(source: str, where: str) -> dict[str, Any]:
    """``name = literal`` lines of a parameters cell, read with :mod:`ast` (never executed).

    Examples
    --------
    >>> declared_parameters('lang = "ko"  # comment\\nrate = None', "cell")
    {'lang': 'ko', 'rate': None}
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise BuildError(f"{where}: not valid Python (line {exc.lineno})") from None
    declared: dict[str, Any] = {}
    for statement in tree.body:
        target = statement.targets[0] if isinstance(statement, ast.Assign) else None
        try:
            if not (isinstance(target, ast.Name) and len(statement.targets) == 1):
                raise ValueError
            declared[target.id] = ast.literal_eval(statement.value)
        except ValueError:
            raise BuildError(
                f"{where}, line {statement.lineno}: only `name = literal` lines are allowed"
            ) from None
    return declared


def check_parameters(jobs: list[BriefingJob]) -> None:
    """Check the parameters that need the processed data (``price_year`` against the CPI
    years, and the unit/price-year combination) before any kernel starts.

    Raises
    ------
    BuildError
        Naming the briefing, the parameter and its allowed values.
    """
    from analysis.briefing.parameters import (
        ANALYSIS_PARAMETERS,
        BriefingParameters,
        available_choices,
    )

    available = available_choices()
    analysed = {p.name for p in ANALYSIS_PARAMETERS}
    for job in jobs:
        values = {k: v for k, v in job.parameters.items() if k in analysed}
        try:
            BriefingParameters.validated(available, **values)
        except ParameterError as exc:
            raise BuildError(f"briefing {job.name}: {exc}") from None
