"""Contracts of the raw tables: one pandera schema per table, written once.

Each column carries its meaning (``description``), its unit and where it comes from
(``metadata``: ``unit``, ``derivation``); columns a file may leave out are
``required=False``. The loader (:mod:`analysis.data.raw`) takes its column lists from here,
the data dictionary its descriptions. Every cell is text (the loader never guesses types).

Plan tables live in ``data/raw/plans/<plan_id>/`` (``plan_id`` is added by the loader from
the folder, except in ``plan.csv``, which states it); reference tables in
``data/raw/reference/``. Digits are ASCII ``[0-9]`` in every pattern (``\\d`` would let
full-width ``２０２５`` through).
"""

from __future__ import annotations

import datetime
import re

import pandas as pd
import pandera.pandas as pa

from analysis.data.money_year import MONEY_YEAR
from analysis.data.text_dtype import TEXT

__all__ = [
    "FIGURE_MEASURES",
    "GOVERNMENT_LEVELS",
    "MONEY_MEASURES",
    "OWN_FUNDS_TERMS",
    "PILLAR_IDS",
    "PLAN_FILES",
    "PLAN_TABLES_OPTIONAL",
    "RAW_SCHEMAS",
    "REFERENCE_FILES",
    "REFERENCE_MEASURES",
    "SOURCE_KINDS",
    "file_columns",
    "is_calendar_date",
]

#: Money measures: the plan's own government's funds and the other stated funding sources.
MONEY_MEASURES = (
    "total_budget",
    "own_funds",
    "national_funding",
    "provincial_funding",
    "local_funding",
    "private_funding",
    "annual_budget",
    "budget",
)
#: Measures a figure row may state (``figures.csv`` column ``measure``).
FIGURE_MEASURES = (
    *MONEY_MEASURES,
    "sector_count",
    "project_count",
    "task_count",
    "jobs",
    "workers",
    "sectors_with_brand_project",
    "additional_contest_selection_count",
    "period_start_month",
    "period_end_month",
    "period_end_year",
    "duration_months",
)
REFERENCE_MEASURES = ("total_cost", "national_treasury", "local_government", "private", "jobs")
GOVERNMENT_LEVELS = ("city", "county", "metropolitan_city", "province")
#: The plan's own government's money as the text calls it -> English.
OWN_FUNDS_TERMS: dict[str, str] = {
    "시비": "city funds",
    "군비": "county funds",
    "도비": "provincial funds",
}
SOURCE_KINDS = ("announcement", "press_release", "news_report")
PILLAR_IDS = ("digital", "green", "safety_net", "none")

#: Table -> file name inside a plan folder.
PLAN_FILES: dict[str, str] = {
    "plans": "plan.csv",
    "sources": "sources.csv",
    "sectors": "sectors.csv",
    "sector_pillars": "sector_pillars.csv",
    "figures": "figures.csv",
    "translations_en": "translations_en.csv",
    "tasks": "tasks.csv",
    "projects": "projects.csv",
    "programme_workers": "programme_workers.csv",
}
#: Plan tables a plan may leave out (it states no such thing).
PLAN_TABLES_OPTIONAL = ("tasks", "projects", "programme_workers")
#: Table -> file name inside ``data/raw/reference/``.
REFERENCE_FILES: dict[str, str] = {
    "reference_figures": "national_figures.csv",
    "reference_pillars": "national_pillars.csv",
    "reference_exchange_rates": "exchange_rates.csv",
    "reference_cpi": "cpi.csv",
    "reference_population": "population.csv",
}

_ID = r"^[a-z0-9_]+$"
#: A date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD (years 1900-2099).
_PARTIAL_DATE = re.compile(r"(19|20)[0-9]{2}(-[0-9]{2}(-[0-9]{2})?)?")
_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_OPTIONAL_ID = r"^([a-z0-9_]+)?$"
_PARAGRAPH = r"^[1-9][0-9]*$"
_BOOL = ["true", "false"]
_TRANSCRIBED = "as transcribed from the source"
_EDITORIAL = "editorial (not from the source)"


def is_calendar_date(text: str, *, partial: bool = False) -> bool:
    """True when ``text`` is a real calendar date written YYYY-MM-DD (or, with ``partial``,
    as precise as known: YYYY, YYYY-MM or YYYY-MM-DD, years 1900-2099).

    Examples
    --------
    >>> is_calendar_date("2020-02-29"), is_calendar_date("2021-02-29")
    (True, False)
    >>> is_calendar_date("2020-07", partial=True), is_calendar_date("2020-13", partial=True)
    (True, False)
    """
    if not (_PARTIAL_DATE if partial else _FULL_DATE).fullmatch(text):
        return False
    year, month, day = ([int(part) for part in text.split("-")] + [1, 1])[:3]
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _date_check(*, partial: bool = False, blank: bool = False) -> pa.Check:
    """A pandera check: every cell is a real calendar date (:func:`is_calendar_date`)."""
    shape = "YYYY, YYYY-MM or YYYY-MM-DD" if partial else "YYYY-MM-DD"
    return pa.Check(
        lambda cells: pd.Series(
            [(blank and c == "") or is_calendar_date(c, partial=partial) for c in cells],
            index=cells.index,
        ),
        name=f"a real calendar date ({shape}{', or blank' if blank else ''})",
    )


def col(
    description: str,
    *checks: pa.Check,
    unit: str = "",
    derivation: str = _TRANSCRIBED,
    required: bool = True,
) -> pa.Column:
    """A raw text column with its description, unit and derivation."""
    return pa.Column(
        TEXT,
        list(checks),
        required=required,
        description=description,
        metadata={"unit": unit, "derivation": derivation},
    )


def _id(description: str, **kw: object) -> pa.Column:
    return col(description, pa.Check.str_matches(_ID), **kw)  # type: ignore[arg-type]


def _nonempty(description: str, **kw: object) -> pa.Column:
    return col(description, pa.Check.str_length(min_value=1), **kw)  # type: ignore[arg-type]


_PLAN_ID = _id("plan identifier (the plan's folder name under data/raw/plans/)")


def _provenance(*, optional_quote: bool = False) -> dict[str, pa.Column]:
    """``source_id``, ``source_paragraph``, ``source_quote`` (blank allowed when optional)."""
    blank = "|^$" if optional_quote else ""
    return {
        "source_id": col(
            "the source (sources.csv) whose text states the row",
            pa.Check.str_matches(_OPTIONAL_ID if optional_quote else _ID),
        ),
        "source_paragraph": col(
            "paragraph (line, 1-based) of that source's text",
            pa.Check.str_matches(f"{_PARAGRAPH}{blank}"),
            unit="paragraph",
        ),
        "source_quote": col(
            "words of that paragraph, verbatim, that state the row",
            *([] if optional_quote else [pa.Check.str_length(min_value=1)]),
        ),
    }


_EDITORIAL_NAME = col(
    "blank or false: the name is quoted (checked); true: an editorial short name",
    pa.Check.isin(["", *_BOOL]),
    derivation=_EDITORIAL,
    required=False,
)

RAW_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "plans": pa.DataFrameSchema(
        {
            "plan_id": _PLAN_ID,
            "plan_name_ko": _nonempty("plan name in Korean"),
            "plan_name_en": _nonempty("plan name in English", derivation=_EDITORIAL),
            "government_ko": _nonempty("the government whose plan it is, in Korean (의정부시)"),
            "government_en": _nonempty("that government in English", derivation=_EDITORIAL),
            "government_level": col(
                "city, county, metropolitan_city or province",
                pa.Check.isin(GOVERNMENT_LEVELS),
            ),
            "own_funds_term_ko": col(
                "the plan's own government's money as the text calls it (시비, 군비, 도비); "
                "blank when the plan states none",
                pa.Check.isin(["", *OWN_FUNDS_TERMS]),
            ),
            "announced_date": col(
                "date of the announcement, as precise as known (YYYY, YYYY-MM or YYYY-MM-DD); "
                f"in {MONEY_YEAR}, the year of the won of every amount (analysis.data.money_year)",
                _date_check(partial=True),
                unit="date",
            ),
            "horizon_year": col(
                "the year the plan's totals run to; blank if not stated",
                pa.Check.str_matches(r"^((19|20)[0-9]{2})?$"),
                unit="year",
            ),
            "horizon_source_id": col(
                "the source stating the horizon", pa.Check.str_matches(_OPTIONAL_ID)
            ),
            "projects_list_complete": col(
                "true when the source sets out its projects in full and projects.csv holds "
                "every project it names (stated counts may then be compared with the names)",
                pa.Check.isin(_BOOL),
                derivation=_EDITORIAL,
            ),
            "note": col("transcription note", derivation=_EDITORIAL),
            "announcement_ko": col(
                "how the plan was announced (event, document), in Korean", required=False
            ),
            "vision_ko": col("the plan's stated vision, in Korean", required=False),
        },
        unique=["plan_id"],
    ),
    "sources": pa.DataFrameSchema(
        {
            "plan_id": _PLAN_ID,
            "source_id": _id("identifier of the source within its plan"),
            "file": _nonempty("its text, relative to the plan folder (sources/<source_id>.txt)"),
            "kind": col("announcement, press_release or news_report", pa.Check.isin(SOURCE_KINDS)),
            "publisher": _nonempty("who published it"),
            "title": col("its title (blank if not known)"),
            "date": col(
                "publication date, as precise as known; blank if not known",
                _date_check(partial=True, blank=True),
                unit="date",
            ),
            "url": col("its address (blank if none)", pa.Check.str_matches(r"^(https?://.*)?$")),
            "note": col("transcription note", derivation=_EDITORIAL),
        },
        unique=["plan_id", "source_id"],
    ),
    "sectors": pa.DataFrameSchema(
        {
            "plan_id": _PLAN_ID,
            "sector_id": _id("identifier of the sector within its plan"),
            "sector_name_ko": _nonempty("sector name in Korean, as written"),
            "sector_order": col(
                "position in the plan's own list (1..n)", pa.Check.str_matches(_PARAGRAPH)
            ),
            **_provenance(optional_quote=True),
            "note": col(
                "why the row has no quote (then the name is editorial); blank when quoted",
                derivation=_EDITORIAL,
                required=False,
            ),
            "emphasis_ko": col(
                "words the text uses to single the sector out (핵심중의 핵심사업), verbatim from "
                "paragraph emphasis_paragraph of the row's source; blank if none",
                required=False,
            ),
            "emphasis_paragraph": col(
                "paragraph of the row's source holding emphasis_ko; blank if none",
                pa.Check.str_matches(f"{_PARAGRAPH}|^$"),
                unit="paragraph",
                required=False,
            ),
        },
        unique=["plan_id", "sector_id"],
    ),
    "sector_pillars": pa.DataFrameSchema(
        {
            "plan_id": _PLAN_ID,
            "sector_id": _id("a sector of the plan"),
            "pillar_id": col(
                "the national pillar the sector is compared with, or none",
                pa.Check.isin(PILLAR_IDS),
                derivation=_EDITORIAL,
            ),
            "note": _nonempty("why this pillar (or none), in English", derivation=_EDITORIAL),
            "note_ko": _nonempty(
                "why this pillar (or none), in Korean: note as Korean pages show it",
                derivation=_EDITORIAL,
            ),
        },
        unique=["plan_id", "sector_id"],
    ),
    "figures": pa.DataFrameSchema(
        {
            "plan_id": _PLAN_ID,
            "figure_id": _id("identifier of the statement within its plan"),
            "scope": _id("what the figure is about: plan, a sector, a task or a project"),
            "measure": col("what is measured", pa.Check.isin(FIGURE_MEASURES)),
            "value_raw": _nonempty("the figure exactly as written (5조3800억원, 4만개 이상)"),
            **_provenance(),
            "preferred": col(
                "true for the statement used when several sources state the figure",
                pa.Check.isin(["", "true"]),
                derivation=_EDITORIAL,
                required=False,
            ),
            "preferred_reason": col(
                "why that statement is preferred", derivation=_EDITORIAL, required=False
            ),
        },
        unique=["plan_id", "figure_id"],
    ),
    "translations_en": pa.DataFrameSchema(
        {
            "plan_id": _PLAN_ID,
            "kind": col(
                "what is named: sector, task, project or field; sector_emphasis: a sector's "
                "emphasis_ko in English",
                pa.Check.isin(["sector", "task", "field", "project", "sector_emphasis"]),
            ),
            "id": _id("its identifier"),
            "name_en": _nonempty("its English name", derivation=_EDITORIAL),
        },
        unique=["plan_id", "kind", "id"],
    ),
    "tasks": pa.DataFrameSchema(
        {
            "plan_id": _PLAN_ID,
            "task_id": _id("identifier of the sub-task within its plan"),
            "sector_id": _id("its sector"),
            "task_name_ko": _nonempty("sub-task name in Korean, as written"),
            "task_order": col("position within its sector", pa.Check.str_matches(_PARAGRAPH)),
            **_provenance(),
        },
        unique=["plan_id", "task_id"],
    ),
    "projects": pa.DataFrameSchema(
        {
            "plan_id": _PLAN_ID,
            "project_id": _id("identifier of the project within its plan"),
            "sector_id": _id("its sector"),
            "parent_project_id": col(
                "the named project it is a component of", pa.Check.str_matches(_OPTIONAL_ID)
            ),
            "group_order": col(
                "1 for 첫째, 2 for 둘째 where the text groups projects",
                pa.Check.str_matches(r"^([1-9])?$"),
            ),
            "group_ko": col("the group's words"),
            "name_ko": _nonempty("project name in Korean"),
            "is_brand": col("named a brand project (브랜드사업)", pa.Check.isin(_BOOL)),
            "brand_label_ko": col("the brand wording"),
            "is_contest_selected": col(
                "selected in a central-government contest (공모)", pa.Check.isin(_BOOL)
            ),
            "contest_note_ko": col("the contest wording"),
            "emphasis_ko": col("words emphasising the project (역점, 특히)"),
            **_provenance(),
            "other_paragraphs": col(
                "other paragraphs of the same source naming it, ';'-separated",
                pa.Check.str_matches(r"^([1-9][0-9]*(;[1-9][0-9]*)*)?$"),
            ),
            "name_is_editorial": _EDITORIAL_NAME,
        },
        unique=["plan_id", "project_id"],
    ),
    "programme_workers": pa.DataFrameSchema(
        {
            "plan_id": _PLAN_ID,
            "project_id": _id("the public-jobs programme (a project)"),
            "field_id": _id("identifier of the field"),
            "field_ko": _nonempty("field name in Korean"),
            "workers_raw": _nonempty("workers as written (1,700명)", unit="persons"),
            **_provenance(),
            "name_is_editorial": _EDITORIAL_NAME,
        },
        unique=["plan_id", "project_id", "field_id"],
    ),
    "reference_figures": pa.DataFrameSchema(
        {
            "plan_id": _id("the national plan (kr_new_deal_2020)"),
            "scope": _id("plan or a national pillar"),
            "measure": col("what is measured", pa.Check.isin(REFERENCE_MEASURES)),
            "horizon_year": col(
                "the year the figure runs to", pa.Check.str_matches(r"^20[0-9]{2}$")
            ),
            "value_raw": _nonempty("the figure as written (58.2조원, 90.3만)"),
            "source_title": _nonempty("source title"),
            "source_publisher": _nonempty("source publisher"),
            "source_date": col("source date", _date_check()),
            "source_url": col("source address", pa.Check.str_matches(r"^https?://")),
            "note": col("note", derivation=_EDITORIAL),
            "is_derived": col("true when the figure is derived, not printed", pa.Check.isin(_BOOL)),
        },
        unique=["plan_id", "scope", "measure", "horizon_year"],
    ),
    "reference_pillars": pa.DataFrameSchema(
        {
            "plan_id": _id("the national plan"),
            "pillar_id": col("the pillar", pa.Check.isin(PILLAR_IDS[:-1])),
            "pillar_name_ko": _nonempty("pillar name in Korean"),
            "pillar_name_en": _nonempty("pillar name in English"),
        },
        unique=["plan_id", "pillar_id"],
    ),
    "reference_exchange_rates": pa.DataFrameSchema(
        {
            "currency": col("ISO currency code", pa.Check.str_matches(r"^[A-Z]{3}$")),
            "year": col("year", pa.Check.str_matches(r"^20[0-9]{2}$")),
            "basis": _nonempty("how the rate is averaged"),
            "krw_per_unit_raw": col(
                "KRW per unit of the currency, as written",
                pa.Check.str_matches(r"^[0-9][0-9,]*(\.[0-9]+)?$"),
                unit="KRW",
            ),
            "source_title": _nonempty("source title"),
            "source_publisher": _nonempty("source publisher"),
            "source_date": col("source date", _date_check()),
            "source_url": col("source address", pa.Check.str_matches(r"^https?://")),
            "note": col("note", derivation=_EDITORIAL),
        },
        unique=["currency", "year"],
    ),
    "reference_cpi": pa.DataFrameSchema(
        {
            "year": col("year", pa.Check.str_matches(r"^20[0-9]{2}$")),
            "index_raw": col("index as written", pa.Check.str_matches(r"^[0-9]+(\.[0-9]+)?$")),
            "base": _nonempty("base year of the index"),
            "change_raw": col("change on the year before, as written"),
            "source_publisher": _nonempty("source publisher"),
            "source_url": col("source address", pa.Check.str_matches(r"^https?://")),
        },
        unique=["year"],
    ),
    "reference_population": pa.DataFrameSchema(
        {
            "government_ko": _nonempty("government (or 대한민국) in Korean"),
            "government_en": _nonempty("in English"),
            "plan_ids": col(
                "plans of that government, ';'-separated (blank for the nation)",
                pa.Check.str_matches(r"^([a-z0-9_]+(;[a-z0-9_]+)*)?$"),
            ),
            "population_raw": _nonempty("population as written (46만6,455명)", unit="persons"),
            "reference_date": col("the date counted", _date_check(), unit="date"),
            "basis": _nonempty("what is counted (주민등록인구, foreigners included or not)"),
            "source_url": col("source address", pa.Check.str_matches(r"^https?://")),
            "source_quote": _nonempty("the source's words stating it"),
            "note": col("note", derivation=_EDITORIAL),
        },
        unique=["government_ko"],
    ),
}


def file_columns(table: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(required, optional) columns of a table's CSV file.

    ``plan_id`` is not a column of a plan folder's files (the folder names the plan),
    except in ``plan.csv``.

    Examples
    --------
    >>> file_columns("sector_pillars")
    (('sector_id', 'pillar_id', 'note', 'note_ko'), ())
    """
    columns = RAW_SCHEMAS[table].columns
    in_file = {
        name: column
        for name, column in columns.items()
        if not (name == "plan_id" and table in PLAN_FILES and table != "plans")
    }
    required = tuple(n for n, c in in_file.items() if c.required)
    optional = tuple(n for n, c in in_file.items() if not c.required)
    return required, optional
