"""The briefings config (``notebooks/briefings.yml``) expanded into jobs (each notebook x
each of its plans x each parameter set), and their parameters checked before any kernel
starts.
"""

from __future__ import annotations

import ast
import difflib
import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from analysis.briefing.labels import LANGS
from analysis.briefing.parameters import SCHEMA, ParameterError, check_names
from analysis.errors import BuildError
from analysis.page_names import SLUG_RULE, is_slug, page_name
from analysis.paths import PROJECT_ROOT

#: The briefing notebooks: sources, committed without outputs and with default parameters.
SOURCE_NOTEBOOKS = PROJECT_ROOT / "notebooks"
DEFAULT_CONFIG = SOURCE_NOTEBOOKS / "briefings.yml"
#: ``plans:`` of a briefing that runs for every plan of the processed data (the default).
EVERY_PLAN = "all"
#: ``plans:`` of a briefing about no single plan (the comparison): it runs once.
NO_PLAN = "none"

#: PyYAML's safe loader, in C (libyaml, in PyYAML's wheels) where there is one: the same
#: documents and errors, several times faster than the pure-Python ``SafeLoader``.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class PlanInfo:
    """A plan as the index and the briefing titles name it (``data/processed/plans.csv``)."""

    plan_id: str
    #: language -> the plan's name (``의정부형 스마트 뉴딜``)
    name: dict[str, str]
    #: language -> the government that announced it (``의정부시``)
    government: dict[str, str]
    #: as the data state it: ``YYYY-MM-DD``, or only the year
    announced_date: str


def processed_plans(processed: str | Path | None = None) -> list[PlanInfo]:
    """The plans of the processed data, in the order of ``plans.csv``.

    Parameters
    ----------
    processed : path-like, optional
        A processed-data folder; default the project's (``$ANALYSIS_DATA_DIR``).

    Raises
    ------
    BuildError
        If the processed data have no plans table (run ``make data``).
    """
    # not pandas: a rebuild with nothing to do must not import it (0.3 s budget)
    from analysis.data.load import processed_rows

    try:
        rows = processed_rows("plans", processed)
    except (FileNotFoundError, ValueError) as exc:  # missing, or not even a header row
        raise BuildError(str(exc)) from None
    return [
        PlanInfo(
            plan_id=row["plan_id"],
            name={"ko": row["plan_name_ko"], "en": row["plan_name_en"]},
            government={"ko": row["government_ko"], "en": row["government_en"]},
            announced_date=row["announced_date"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class BriefingJob:
    """One briefing page to build: a notebook for one plan with one parameter set."""

    name: str
    #: The page group: the briefing's slug, and its plan for a per-plan briefing
    #: (``overview-incheon_nd_2020``); pages of one group link to each other.
    slug: str
    notebook: Path
    parameters: dict[str, Any]
    title: str
    summary: str
    lang: str
    variant: str = ""
    #: For a variant made by ``-p`` on the command line: the name of the configured briefing.
    override_of: str = ""
    #: The briefing's slug in the config (``overview``).
    briefing: str = ""
    #: The plan_id the page is about; ``""`` for a briefing about no single plan.
    plan: str = ""

    def record(self) -> dict[str, Any]:
        """The job as plain data (the notebook's path as text), as the build hands every job
        to its workers (``context["all_jobs"]``: a page links its siblings)."""
        return asdict(self) | {"notebook": str(self.notebook)}


def load_config(
    path: str | Path = DEFAULT_CONFIG,
    overrides: dict[str, Any] | None = None,
    plans: list[PlanInfo] | None = None,
) -> list[BriefingJob]:
    """Read the briefings config, check its notebooks and parameters, expand it into jobs.

    Parameters
    ----------
    path : str or Path
        YAML with ``defaults`` (parameters for every briefing) and ``briefings``: each has
        ``slug``, ``notebook`` (relative to the config), ``title`` and ``summary`` (per
        language; ``{plan}`` stands for the plan's name), ``plans`` (``all``, the default:
        every plan of the processed data; a list of plan_ids; or ``none``: a briefing about no
        single plan, built once) and ``parameter_sets`` (each a mapping that must include
        ``lang``, and may include ``suffix`` to tell apart several sets in one language).
    overrides : dict, optional
        Parameters from ``-p name value`` on the command line. They never change a configured
        briefing: each briefing they change gets a variant beside it, named after the changed
        values (``overview-incheon_nd_2020-en`` with ``unit=USD`` -> ``...-en-usd``).
    plans : list of PlanInfo, optional
        The plans there are; default those of the processed data (:func:`processed_plans`).

    Raises
    ------
    BuildError
        Naming the config (or notebook), the briefing and what is wrong: a config not of the
        declared shape (:data:`CONFIG_KEYS`, :data:`BRIEFING_KEYS`: a key, its value), a slug
        or suffix that is no page-name word (:data:`analysis.page_names.SLUG_RULE`), a parameter name
        that is neither in the schema nor in the notebook's parameters cell (with a
        did-you-mean), an invalid value, an unknown plan (with the plans there are), a
        notebook with outputs, ...
    """
    path = Path(path)
    config = _checked_shape(_read_yaml(path), path)
    defaults = config.get("defaults") or {}
    if "plan" in defaults:
        raise BuildError(f"{path}: defaults: {_PLAN_IS_NOT_A_SET_PARAMETER}")
    overrides = _checked_overrides(overrides or {})
    known = {plan.plan_id: plan for plan in (processed_plans() if plans is None else plans)}
    jobs: list[BriefingJob] = []
    for entry in config.get("briefings") or []:
        notebook = (path.parent / entry["notebook"]).resolve()
        if not notebook.is_file():
            raise BuildError(f"{path}: briefing {entry['slug']!r}: notebook {notebook} not found")
        declared = check_notebook_source(notebook, strict=notebook.parent == SOURCE_NOTEBOOKS)
        for plan in briefing_plans(entry, list(known), path):
            for set_number, pset in enumerate(entry["parameter_sets"], start=1):
                where = f"{path}: briefing {entry['slug']!r}, parameter set {set_number}: "
                if "plan" in pset:
                    raise BuildError(where + _PLAN_IS_NOT_A_SET_PARAMETER)
                given = defaults | {k: v for k, v in pset.items() if k != "suffix"}
                params = _checked_set(given, declared, where) | ({"plan": plan} if plan else {})
                lang = params.get("lang", "ko")
                suffix = pset.get("suffix") or ""
                name = _page_name(entry["slug"], plan, lang, suffix, where)
                if any(j.name == name for j in jobs):
                    raise BuildError(f"{path}: two parameter sets give the briefing name {name!r}")
                plan_name = known[plan].name[lang] if plan else None
                jobs.append(
                    BriefingJob(
                        name=name,
                        slug=_page_name(entry["slug"], plan, "", "", where),
                        notebook=notebook,
                        parameters=params,
                        title=_in_language(entry, "title", lang, path, plan_name),
                        summary=_in_language(entry, "summary", lang, path, plan_name),
                        lang=lang,
                        variant=suffix,
                        briefing=entry["slug"],
                        plan=plan,
                    )
                )
    if not jobs:
        raise BuildError(f"{path}: no briefings configured")
    return jobs + _variants(jobs, overrides, path)


def _read_yaml(path: Path) -> object:
    """The config file's YAML document (``{}`` for an empty file).

    Raises
    ------
    BuildError
        If the file is missing, unreadable or not valid YAML.
    """
    if not path.is_file():
        raise BuildError(f"{path}: config file not found")
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    except (OSError, UnicodeDecodeError) as exc:
        raise BuildError(f"{path}: cannot be read: {exc}") from None
    except yaml.YAMLError as exc:
        raise BuildError(f"{path}: not valid YAML: {exc}") from exc


@dataclass(frozen=True)
class ConfigKey:
    """One key of the config's contract: the types its value may have, whether an entry must
    have it, and what it is (for messages)."""

    kinds: tuple[type, ...]
    what: str
    required: bool = False


#: The config's top level (a mapping).
CONFIG_KEYS: dict[str, ConfigKey] = {
    "defaults": ConfigKey((dict,), "a mapping of parameter names to values, for every set"),
    "briefings": ConfigKey((list,), "a list of briefings (each a mapping)"),
}
_TEXTS = f"a mapping of language ({', '.join(LANGS)}) to text"
#: Each entry of ``briefings`` (a mapping).
BRIEFING_KEYS: dict[str, ConfigKey] = {
    "slug": ConfigKey((str,), f"the briefing's slug: {SLUG_RULE}", required=True),
    "notebook": ConfigKey((str,), "a notebook file, relative to the config", required=True),
    "title": ConfigKey((dict,), _TEXTS, required=True),
    "summary": ConfigKey((dict,), _TEXTS, required=True),
    "plans": ConfigKey((str, list), f"{EVERY_PLAN!r}, {NO_PLAN!r} or a list of plan_ids"),
    "parameter_sets": ConfigKey(
        (list,), "a non-empty list of parameter sets (each a mapping)", required=True
    ),
}
#: The key of a parameter set that is no parameter: what tells apart sets of one language.
SUFFIX_RULE = f"what tells apart parameter sets of one language: {SLUG_RULE}"


def _checked_shape(config: object, path: Path) -> dict[str, Any]:
    """The config, its shape checked against :data:`CONFIG_KEYS` and each briefing's against
    :data:`BRIEFING_KEYS` (:func:`_check_briefing`).

    Raises
    ------
    BuildError
        Naming the config, the entry, the key and the value.
    """
    if not isinstance(config, dict):
        raise BuildError(
            f"{path}: the top level is {_kind(config)}, not a mapping with the keys "
            f"{', '.join(CONFIG_KEYS)}"
        )
    _check_keys(config, CONFIG_KEYS, f"{path}: ")
    for number, entry in enumerate(config.get("briefings") or [], start=1):
        _check_briefing(entry, f"{path}: briefing {number}")
    return config


def _check_briefing(entry: object, where: str) -> None:
    """One entry of ``briefings``: a mapping with no unknown key, every required key, a
    valid slug, a notebook path, titles and summaries as text per language, and parameter
    sets that are mappings with a valid ``suffix``; :class:`BuildError` naming ``where``
    (``<config>: briefing 2``, with the slug where it is valid), the key and the value."""
    if not isinstance(entry, dict):
        raise BuildError(
            f"{where}: value {entry!r} is {_kind(entry)}, not a mapping with the keys "
            f"{', '.join(BRIEFING_KEYS)}"
        )
    if is_slug(entry.get("slug")):
        where += f" ({entry['slug']!r})"
    _check_keys(entry, BRIEFING_KEYS, f"{where}: ")

    def refuse(key: str, value: object) -> BuildError:
        return BuildError(f"{where}: key {key!r}: value {value!r} is not {BRIEFING_KEYS[key].what}")

    if not is_slug(entry["slug"]):
        raise refuse("slug", entry["slug"])
    if not entry["notebook"].strip() or "\0" in entry["notebook"]:
        raise refuse("notebook", entry["notebook"])
    for key in ("title", "summary"):
        if not all(lang in LANGS and isinstance(words, str) for lang, words in entry[key].items()):
            raise refuse(key, entry[key])
    if not entry["parameter_sets"]:
        raise refuse("parameter_sets", entry["parameter_sets"])
    for number, pset in enumerate(entry["parameter_sets"], start=1):
        at = f"{where}, parameter set {number}"
        if not isinstance(pset, dict):
            raise BuildError(f"{at}: value {pset!r} is {_kind(pset)}, not a mapping")
        if "suffix" in pset and not is_slug(pset["suffix"]):
            raise BuildError(f"{at}: key 'suffix': value {pset['suffix']!r} is not {SUFFIX_RULE}")


def _check_keys(mapping: dict[Any, Any], keys: dict[str, ConfigKey], where: str) -> None:
    """Every key of ``mapping`` declared in ``keys`` with a value of its kinds (or empty, for
    a key that is not required), every required key present; :class:`BuildError` naming
    ``where``, the key and the value."""
    for key, value in mapping.items():
        if key not in keys:
            close = difflib.get_close_matches(str(key), list(keys), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"keys: {', '.join(keys)}"
            raise BuildError(f"{where}unknown key {key!r} ({hint})")
        if value is None and not keys[key].required:
            continue
        if not isinstance(value, keys[key].kinds):
            raise BuildError(f"{where}key {key!r}: value {value!r} is not {keys[key].what}")
    for key, spec in keys.items():
        if spec.required and key not in mapping:
            raise BuildError(f"{where}has no {key!r} ({spec.what})")


def _kind(value: object) -> str:
    """A value's kind in words, for messages.

    Examples
    --------
    >>> _kind([1]), _kind("x"), _kind(None)
    ('a list', 'a string', 'empty')
    """
    kinds = {list: "a list", str: "a string", dict: "a mapping", bool: "true or false"}
    if value is None:
        return "empty"
    return kinds.get(type(value), f"a {type(value).__name__}")


def _page_name(slug: str, plan: str, lang: str, suffix: str, where: str) -> str:
    """:func:`analysis.page_names.page_name`, its refusal of a part (a plan_id of the
    processed data with other characters) as a :class:`BuildError` naming ``where``."""
    try:
        return page_name(slug, plan, lang, suffix)
    except ValueError as exc:
        raise BuildError(f"{where}{exc}") from None


_PLAN_IS_NOT_A_SET_PARAMETER = (
    "the plan is not a parameter of a set: a briefing's `plans` says which plans it runs for "
    f"({EVERY_PLAN!r}, {NO_PLAN!r} or a list of plan_ids)"
)


def briefing_plans(entry: dict[str, Any], known: list[str], path: Path) -> list[str]:
    """The plans one briefing of the config runs for: ``[""]`` for a briefing about no plan.

    Parameters
    ----------
    entry : dict
        The briefing's entry in the config; its ``plans`` is ``all`` (default), ``none`` or
        a list of plan_ids.
    known : list of str
        The plan_ids there are, in order.
    path : Path
        The config, for messages.

    Raises
    ------
    BuildError
        For a plan that is not in ``known`` (the message lists them) or a malformed value.

    Examples
    --------
    >>> briefing_plans({"slug": "x", "plans": ["b"]}, ["a", "b"], Path("c.yml"))
    ['b']
    >>> briefing_plans({"slug": "x", "plans": "none"}, ["a", "b"], Path("c.yml"))
    ['']
    """
    chosen = EVERY_PLAN if entry.get("plans") is None else entry["plans"]
    where = f"{path}: briefing {entry['slug']!r}: plans"
    if chosen == EVERY_PLAN:
        if not known:
            raise BuildError(f"{where}: the processed data have no plans (run `make data`)")
        return list(known)
    if chosen == NO_PLAN:
        return [""]
    if not isinstance(chosen, list) or not chosen:
        raise BuildError(
            f"{where}: {chosen!r} is not {EVERY_PLAN!r}, {NO_PLAN!r} or a list of plan_ids"
        )
    for plan in chosen:
        if plan not in known:
            raise BuildError(f"{where}: unknown plan {plan!r}; plans: {', '.join(known)}")
    if len(set(chosen)) != len(chosen):
        raise BuildError(f"{where}: a plan is listed twice: {chosen}")
    return [str(plan) for plan in chosen]


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


def _in_language(
    entry: dict[str, Any], key: str, lang: str, path: Path, plan_name: str | None
) -> str:
    """The entry's title or summary in ``lang``, ``{plan}`` replaced by the plan's name (a
    plain replacement: no other braces are read, whatever the name holds)."""
    value = entry[key]
    if not isinstance(value, dict) or not value.get(lang):
        raise BuildError(f"{path}: briefing {entry['slug']!r} has no {key} in {lang!r}")
    words = str(value[lang])
    if plan_name is None and "{plan}" in words:
        raise BuildError(
            f"{path}: briefing {entry['slug']!r}: its {key} names {{plan}} but it runs for no "
            f"single plan (plans: {NO_PLAN})"
        )
    return words.replace("{plan}", plan_name or "")


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
