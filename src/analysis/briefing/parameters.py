"""The one parameter schema of the briefing notebooks: names, types, defaults, allowed values
and help text.

Everything else is derived from the fields below: the check in a notebook's first cell
(:func:`analysis.briefing.session.start_briefing`), the build's ``-p NAME VALUE`` and
``briefings.yml`` checks, ``python -m analysis build --help``, the notebooks' ``parameters``
cell (:func:`parameters_cell_source`) and the README's table (:func:`markdown_table`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import math
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from analysis.briefing.labels import LANGS
from analysis.data.money_year import MONEY_YEAR

MONEY_UNITS: dict[str, int] = {"억원": 10**8, "백만원": 10**6, "KRW": 1, "USD": 1}
JOBS_SPLITS = ("none", "budget", "own_funds")
#: The year of the won of every amount (nominal), the base of price and dollar conversions.
PLAN_YEAR = MONEY_YEAR
#: The plan a briefing is about unless its config or parameters say otherwise.
DEFAULT_PLAN = "uijeongbu_snd_2020"
#: ASCII names of the units for page names of command-line variants (``overview-en-usd``).
_UNIT_SLUGS = {"억원": "eok", "백만원": "million-won", "KRW": "krw", "USD": "usd"}
_SET_BY_BUILD = "the build sets it"
#: The KRW per USD a briefing accepts: wide around every rate since 1997 (about 800 to 2,000),
#: narrow enough that amounts stay finite and a variant's page name short (``rate1300``).
EXCHANGE_RATE_BOUNDS = (100.0, 10_000.0)


class ParameterError(ValueError):
    """An invalid notebook parameter; the message names it and its allowed values."""


def _spec(
    default: Any,
    help: str,
    *,
    choices: Iterable[Any] = (),
    allowed: str = "",
    bounds: tuple[float, float] | None = None,
    not_with_p: str = "",
    set_by_build: bool = False,
    variant_prefix: str = "",
) -> Any:
    """A dataclass field carrying the parameter's contract in its metadata.

    ``bounds`` are the least and greatest value of a number (both allowed); ``not_with_p``
    says why ``-p`` may not set the parameter (empty: it may).
    """
    meta = {
        "help": help,
        "choices": tuple(choices),
        "allowed": allowed,
        "bounds": bounds,
        "command_line": not not_with_p,
        "not_with_p": not_with_p,
        "set_by_build": set_by_build,
        "variant_prefix": variant_prefix,
    }
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class BriefingParameters:
    """The parameters of every briefing's analysis, validated (see :meth:`validated`)."""

    plan: str = _spec(
        DEFAULT_PLAN,
        "the plan the briefing is about (a folder of data/raw/plans/)",
        allowed="a plan_id of data/processed/plans.csv",
        not_with_p="a briefing's plans are its `plans` in the config (--only PLAN_ID selects one)",
    )
    lang: str = _spec(
        "ko",
        "language of the briefing",
        choices=LANGS,
        not_with_p="a briefing's languages are its parameter sets in the config",
    )
    unit: str = _spec("억원", "unit of money amounts", choices=MONEY_UNITS)
    exchange_rate: float | None = _spec(
        None,
        "KRW per USD; None means the 2020 average (1,180.02, Bank of Korea)",
        bounds=EXCHANGE_RATE_BOUNDS,
        variant_prefix="rate",
    )
    price_year: int = _spec(
        PLAN_YEAR,
        "2020 means nominal 2020 won, a later year constant won by the CPI",
        allowed="a year of data/raw/reference/cpi.csv; only 2020 with unit USD",
        variant_prefix="prices",
    )
    jobs_split: str = _spec(
        "none",
        "how jobs the plan states only in total are split across sectors for display (an assumption, always marked)",
        choices=JOBS_SPLITS,
        variant_prefix="split-",
    )

    @classmethod
    def validated(
        cls, available: Mapping[str, list[Any]] | None = None, **values: object
    ) -> BriefingParameters:
        """Check every parameter; raise :class:`ParameterError` naming the first bad one.

        Examples
        --------
        >>> BriefingParameters.validated(unit="USD", exchange_rate=1300).exchange_rate
        1300.0
        >>> BriefingParameters.validated(exchange_rate=float("inf"))
        Traceback (most recent call last):
        ...
        analysis.briefing.parameters.ParameterError: parameter exchange_rate=inf is invalid; allowed: None or a number from 100 to 10,000
        """
        check_names(values, [p.name for p in ANALYSIS_PARAMETERS])
        checked = {
            p.name: p.check(values.get(p.name, p.default), available) for p in ANALYSIS_PARAMETERS
        }
        params = cls(**checked)
        if params.unit == "USD" and params.price_year != PLAN_YEAR:
            raise ParameterError(
                f"parameter price_year={params.price_year!r} is invalid with unit='USD'; "
                f"allowed: {PLAN_YEAR} (there is no US price index in the reference data)"
            )
        return params


@dataclass(frozen=True)
class RunFolders:
    """Where a briefing reads and writes; set by the build, a person may set them in lab."""

    output_dir: str | None = _spec(
        None,
        "folder for figures and values.json; None means build/interactive/NAME-LANG",
        allowed="None or a folder",
        not_with_p=_SET_BY_BUILD,
        set_by_build=True,
    )
    data_dir: str | None = _spec(
        None,
        "folder holding processed/; None means $ANALYSIS_DATA_DIR or data/ of this project",
        allowed="None or a folder",
        not_with_p=_SET_BY_BUILD,
        set_by_build=True,
    )


@dataclass(frozen=True)
class Parameter:
    """One entry of the schema, read from the fields of the two dataclasses above."""

    name: str
    kind: type
    optional: bool
    default: Any
    help: str
    choices: tuple[Any, ...]
    allowed: str
    #: least and greatest value of a number, both allowed (None: any finite number > 0)
    bounds: tuple[float, float] | None
    command_line: bool
    not_with_p: str
    set_by_build: bool
    variant_prefix: str

    def allowed_text(self, available: Mapping[str, list[Any]] | None = None) -> str:
        """The allowed values, for messages and the README."""
        offered = (available or {}).get(self.name)
        if offered and self.name == "price_year":
            return f"{', '.join(map(str, offered))} (years with a consumer price index)"
        if offered:
            return ", ".join(repr(c) for c in offered)
        if self.choices:
            return ", ".join(repr(c) for c in self.choices)
        if self.bounds:
            number = f"a number from {self.bounds[0]:,g} to {self.bounds[1]:,g}"
            return f"None or {number}" if self.optional else number
        return self.allowed

    def check(self, value: Any, available: Mapping[str, list[Any]] | None = None) -> Any:
        """The value, typed (an int rate becomes a float); :class:`ParameterError` if invalid.

        ``available`` gives the values the data offer for some parameters (``price_year``: the
        CPI years; ``plan``: the plan_ids); they are checked against it when given.
        """
        if value is None and self.optional:
            return None
        ok = isinstance(value, self.kind) and not isinstance(value, bool)
        if self.kind is float:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            ok = ok and _within(value, self.bounds)
            value = float(value) if ok else value
        if ok and self.choices:
            ok = value in self.choices
        offered = (available or {}).get(self.name)
        if ok and offered is not None:
            ok = value in offered
        if not ok:
            raise ParameterError(
                f"parameter {self.name}={value!r} is invalid; allowed: {self.allowed_text(available)}"
            )
        return value

    def parse(self, text: str) -> Any:
        """A command-line string typed by the schema and checked.

        Examples
        --------
        >>> SCHEMA["exchange_rate"].parse("1300")
        1300.0
        >>> SCHEMA["price_year"].parse("2023")
        2023
        """
        value: Any = text
        if self.optional and text == "None":
            value = None
        elif self.kind in (int, float):
            with contextlib.suppress(ValueError):  # a string stays one: check() names it
                value = self.kind(text)
        return self.check(value)

    def variant_token(self, value: Any) -> str:
        """A short ASCII word for a page name: ``usd``, ``rate1300``, ``prices2023``."""
        if value is None:
            word = "default"
        elif self.name == "unit":
            word = _UNIT_SLUGS[value]
        elif isinstance(value, float) and value.is_integer():
            word = str(int(value))
        else:
            word = str(value).replace("_", "-").replace(".", "-")
        return f"{self.variant_prefix}{word}".lower()


def _within(number: float, bounds: tuple[float, float] | None) -> bool:
    """Whether ``number`` is finite and within ``bounds`` (both allowed), or, without
    bounds, finite and > 0. An int too large for a float is not.

    Examples
    --------
    >>> _within(1e-320, (100.0, 10_000.0)), _within(10**400, None), _within(5, None)
    (False, False, True)
    """
    try:
        number = float(number)
    except OverflowError:
        return False
    if not math.isfinite(number):
        return False
    return bounds[0] <= number <= bounds[1] if bounds else number > 0


def _schema(holder: type) -> tuple[Parameter, ...]:
    hints = typing.get_type_hints(holder)
    out = []
    for f in dataclasses.fields(holder):
        kinds = [k for k in typing.get_args(hints[f.name]) if k is not type(None)]
        out.append(
            Parameter(
                name=f.name,
                kind=kinds[0] if kinds else hints[f.name],
                optional=bool(kinds),
                default=f.default,
                **f.metadata,
            )
        )
    return tuple(out)


#: What the analysis depends on; recorded in values.json and the manifest.
ANALYSIS_PARAMETERS: tuple[Parameter, ...] = _schema(BriefingParameters)
#: Every parameter of a briefing notebook, in the order of its parameters cell.
PARAMETERS: tuple[Parameter, ...] = ANALYSIS_PARAMETERS + _schema(RunFolders)
SCHEMA: dict[str, Parameter] = {p.name: p for p in PARAMETERS}


def check_names(names: Iterable[str], known: Iterable[str], where: str = "") -> None:
    """Raise :class:`ParameterError` for the first name not in ``known``, with a did-you-mean.

    Examples
    --------
    >>> check_names(["price_yaer"], ["price_year", "unit"])
    Traceback (most recent call last):
    ...
    analysis.briefing.parameters.ParameterError: unknown parameter 'price_yaer' (did you mean 'price_year'?)
    """
    known = list(known)
    for name in names:
        if name in known:
            continue
        close = difflib.get_close_matches(str(name), known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}"
        raise ParameterError(f"{where}unknown parameter {name!r} ({hint})")


def parse_command_line(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """``-p NAME VALUE`` pairs checked against the schema and typed.

    Raises
    ------
    ParameterError
        An unknown name (with a did-you-mean), a name the command line may not set, a name
        given twice, or an invalid value (named with its allowed values).
    """
    values: dict[str, Any] = {}
    for name, text in pairs:
        check_names([name], SCHEMA)
        spec = SCHEMA[name]
        if not spec.command_line:
            raise ParameterError(f"parameter {name!r} cannot be set with -p: {spec.not_with_p}")
        if name in values:
            raise ParameterError(f"parameter {name!r} is given twice with -p")
        values[name] = spec.parse(text)
    return values


def _literal(value: Any) -> str:
    """A Python literal in the formatter's style (double quotes)."""
    return f'"{value}"' if isinstance(value, str) else repr(value)


def parameters_cell_source() -> str:
    """The ``parameters`` cell every briefing notebook carries: each name at its default."""
    lines = []
    for p in PARAMETERS:
        quoted = [_literal(c) for c in p.choices]
        choices = f"{', '.join(quoted[:-1])} or {quoted[-1]}" if quoted else ""
        lines.append(
            f"{p.name} = {_literal(p.default)}  # {p.help}" + (f": {choices}" if choices else "")
        )
    return "\n".join(lines)


def markdown_table() -> str:
    """The README's parameter table."""
    rows = ["| parameter | default | allowed | meaning |", "|---|---|---|---|"]
    for p in PARAMETERS:
        allowed = p.allowed_text().replace("'", "`")
        if not p.command_line:
            allowed += " (not with `-p`)"
        rows.append(f"| `{p.name}` | `{_literal(p.default)}` | {allowed} | {p.help} |")
    return "\n".join(rows)


def command_line_help() -> str:
    """The parameters ``-p NAME VALUE`` accepts, for ``--help``."""
    lines = ["parameters (-p NAME VALUE):"]
    for p in PARAMETERS:
        if p.command_line:
            lines.append(f"  {p.name:<14} {p.help}; allowed: {p.allowed_text()}")
    return "\n".join(lines)


def values_from(namespace: Mapping[str, Any]) -> dict[str, Any]:
    """The schema's parameters found in a namespace (a notebook's ``globals()``)."""
    return {p.name: namespace[p.name] for p in PARAMETERS if p.name in namespace}


def available_choices(processed: Any = None) -> dict[str, list[Any]]:
    """The values the processed data offer for data-bound parameters: ``price_year`` (years of
    the CPI table) and ``plan`` (plan_ids of the plans table).

    Parameters
    ----------
    processed : path-like, optional
        A processed-data folder; default the project's (``$ANALYSIS_DATA_DIR``).
    """
    from analysis.data.load import processed_column  # no pandas: the build calls this too

    return {
        "price_year": [int(y) for y in processed_column("cpi", "year", processed)],
        "plan": processed_column("plans", "plan_id", processed),
    }
