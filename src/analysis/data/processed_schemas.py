"""Contracts of the processed tables: one pandera schema per table, written once.

Every column carries its description (``description``) and, in ``metadata``, its ``unit``
and ``derivation`` (how the cleaning computes it); each schema's ``description`` says what
one row is. The data dictionary (:mod:`analysis.data.dictionary`), the column order of every
processed CSV and the dtypes :func:`analysis.data.load.load_processed` restores are all
derived from these schemas. The plan tables' contracts are in
:mod:`analysis.data.processed_plan_schemas`; programmes, reference tables and the audit here.
"""

from __future__ import annotations

import pandera.pandas as pa

from analysis.data.audit import AUDIT_COLUMNS, TOPICS, VERDICTS
from analysis.data.processed_columns import (
    _PLAN,
    _d,
    _eok,
    _id,
    _int,
    _nonempty,
    _share,
    _text,
)
from analysis.data.processed_plan_schemas import PLAN_SCHEMAS
from analysis.data.raw_schemas import PILLAR_IDS, REFERENCE_MEASURES

__all__ = ["PROCESSED_SCHEMAS", "column_order"]

PROCESSED_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    **PLAN_SCHEMAS,
    "refresh_programme": pa.DataFrameSchema(
        {
            "plan_id": _d(_id(), *_PLAN),
            "project_id": _d(_id(), "", "the programme's project", "raw"),
            "sector_id": _d(_id(), "", "sector of the programme", "projects"),
            "name_ko": _d(_nonempty(), "", "programme name in Korean", "projects"),
            "name_en": _d(_nonempty(), "", "programme name in English", "projects"),
            "period_start_month": _d(
                pa.Column("Int64", pa.Check.in_range(1, 12), nullable=True),
                "month",
                "first month (8 = August)",
                "figure",
            ),
            "period_end_month": _d(
                pa.Column("Int64", pa.Check.in_range(1, 12), nullable=True),
                "month",
                "last month",
                "figure",
            ),
            "duration_months": _d(_int(1, nullable=True), "months", "stated duration", "figure"),
            "national_funding_krw": _d(
                _int(nullable=True), "KRW", "national funding (국비) secured", "figure"
            ),
            "national_funding_eok": _d(
                _eok(nullable=True), "억원", "국비 in 억원", "national_funding_krw / 1e8"
            ),
            "workers_announced": _d(_int(1), "persons", "workers the text announces", "figure"),
            "workers_announced_approx": _d(
                pa.Column(bool), "", "announced as approximate (여)", "parsed"
            ),
            "workers_by_field_sum": _d(
                _int(nullable=True),
                "persons",
                "sum of the workers by field (compare with workers_announced: see audit)",
                "sum of refresh_workers_by_field.workers",
            ),
            "source_paragraph": _d(
                _int(1),
                "paragraph",
                "line of the plan's source text that states the value (1-based)",
                "raw",
            ),
        },
        unique=["plan_id", "project_id"],
        strict=True,
        description="one row per public-jobs programme (a project with stated workers)",
    ),
    "refresh_workers_by_field": pa.DataFrameSchema(
        {
            "plan_id": _d(_id(), *_PLAN),
            "project_id": _d(_id(), "", "the programme's project", "raw"),
            "field_id": _d(_id(), "", "field identifier", "raw"),
            "field_ko": _d(
                _nonempty(),
                "",
                "field in Korean as its source_quote states it, or shortened from the text (an editorial name) where raw refresh_workers_by_field.csv marks name_is_editorial=true",
                "raw",
            ),
            "field_en": _d(_nonempty(), "", "field in English (editorial)", "raw"),
            "workers": _d(_int(), "persons", "workers placed in the field", "parsed"),
            "workers_approx": _d(pa.Column(bool), "", "marked approximate (여)", "parsed"),
            "workers_raw": _d(_nonempty(), "", "as written in the source", "raw"),
            "source_paragraph": _d(
                _int(1),
                "paragraph",
                "line of the plan's source text that states the value (1-based)",
                "raw",
            ),
            "share_of_field_sum": _d(
                _share(), "fraction 0-1", "share of the sum over fields", "workers / sum of workers"
            ),
            "share_of_announced_workers": _d(
                _share(),
                "fraction 0-1",
                "share of the announced total (the fields do not add up to it)",
                "workers / workers_announced",
            ),
        },
        unique=["plan_id", "project_id", "field_id"],
        strict=True,
        description="one row per field of a public-jobs programme",
    ),
    "reference_figures": pa.DataFrameSchema(
        {
            "plan_id": _d(_id(), "", "national plan identifier", "raw"),
            "scope": _d(_id(), "", "pillar (digital, green, safety_net) or 'plan'", "raw"),
            "measure": _d(
                _text(pa.Check.isin(REFERENCE_MEASURES)),
                "",
                "total_cost, national_treasury (국비), local_government (지방비), private (민간), jobs",
                "raw",
            ),
            "horizon_year": _d(_int(2000), "year", "year the figure runs to", "raw"),
            "value": _d(_int(1), "see unit", "the figure as an exact integer", "parsed"),
            "unit": _d(_text(pa.Check.isin(["KRW", "jobs"])), "", "KRW or jobs", "from measure"),
            "approx": _d(pa.Column(bool), "", "marked approximate (여)", "parsed"),
            "value_raw": _d(_nonempty(), "", "as published", "raw"),
            "source_title": _d(_nonempty(), "", "article or document", "raw"),
            "source_publisher": _d(_nonempty(), "", "publisher", "raw"),
            "source_date": _d(_nonempty(), "date", "publication date", "raw"),
            "source_url": _d(_nonempty(), "", "address of the source", "raw"),
            "note": _d(_text(), "", "caveats", "raw"),
            "is_derived": _d(
                pa.Column(bool),
                "",
                "True where no source prints the figure: it is derived from the others (see note)",
                "raw",
            ),
        },
        unique=["plan_id", "scope", "measure", "horizon_year"],
        strict=True,
        description="one row per national Korean New Deal figure (outside the announcement)",
    ),
    "population": pa.DataFrameSchema(
        {
            "government_ko": _d(_nonempty(), "", "government (or 대한민국) in Korean", "raw"),
            "government_en": _d(_nonempty(), "", "in English", "raw"),
            "plan_ids": _d(_text(), "", "its plans, ';'-separated (empty for the nation)", "raw"),
            "population": _d(
                _int(1), "persons", "population", "parse_korean_amount(population_raw)"
            ),
            "population_raw": _d(_nonempty(), "", "population as written", "raw"),
            "reference_date": _d(_nonempty(), "date", "the date counted", "raw"),
            "basis": _d(
                _nonempty(),
                "",
                "what is counted (주민등록인구; foreigners included or not): per-resident "
                "figures must say it",
                "raw",
            ),
            "source_url": _d(_nonempty(), "", "source address", "raw"),
            "source_quote": _d(_nonempty(), "", "the source's words", "raw"),
            "note": _d(_text(), "", "note (editorial)", "raw"),
        },
        unique=["government_ko"],
        strict=True,
        description="one row per government: its population, with basis and source",
    ),
    "reference_pillars": pa.DataFrameSchema(
        {
            "plan_id": _d(_id(), "", "the national plan (kr_new_deal_2020)", "raw"),
            "pillar_id": _d(
                _text(pa.Check.isin(PILLAR_IDS[:-1])), "", "pillar of the national plan", "raw"
            ),
            "pillar_name_ko": _d(_nonempty(), "", "pillar name in Korean", "raw"),
            "pillar_name_en": _d(_nonempty(), "", "pillar name in English", "raw"),
        },
        unique=["plan_id", "pillar_id"],
        strict=True,
        description="one row per pillar of the national plan (plans map their sectors to "
        "them in sectors.pillar_id)",
    ),
    "exchange_rates": pa.DataFrameSchema(
        {
            "currency": _d(
                _text(pa.Check.str_matches(r"^[A-Z]{3}$")), "", "ISO currency code", "raw"
            ),
            "year": _d(_int(2000), "year", "year of the average", "raw"),
            "basis": _d(_nonempty(), "", "how the rate is averaged", "raw"),
            "krw_per_unit": _d(
                pa.Column(float, pa.Check.gt(0)),
                "KRW per unit",
                "won per one unit of the currency",
                "raw",
            ),
            "source_publisher": _d(_nonempty(), "", "publisher", "raw"),
            "source_date": _d(_nonempty(), "date", "publication date", "raw"),
            "source_url": _d(_nonempty(), "", "address of the source", "raw"),
        },
        unique=["currency", "year"],
        strict=True,
        description="one row per currency and year",
    ),
    "cpi": pa.DataFrameSchema(
        {
            "year": _d(_int(2000), "year", "calendar year", "raw"),
            "cpi": _d(
                pa.Column(float, pa.Check.gt(0)),
                "index",
                "consumer price index, annual average, 2020 = 100",
                "raw",
            ),
            "base": _d(_nonempty(), "", "base of the index", "raw"),
            "source_publisher": _d(_nonempty(), "", "publisher", "raw"),
            "source_url": _d(_nonempty(), "", "address of the source", "raw"),
        },
        unique=["year"],
        strict=True,
        description="one row per year of the consumer price index",
    ),
    "audit": pa.DataFrameSchema(
        {
            "check_id": _d(_nonempty(), "", "identifier of the check", "audit"),
            "plan_id": _d(_id(), *_PLAN),
            "check": _d(
                _nonempty(),
                "",
                "kind of check: stated total vs sum of parts, part within whole, stated count vs named, derived figure",
                "audit",
            ),
            "subject": _d(_nonempty(), "", "what is checked", "audit"),
            "topic": _d(
                _text(pa.Check.isin(TOPICS)),
                "",
                "what is checked, as a key: one of " + ", ".join(TOPICS),
                "audit",
            ),
            "entity": _d(
                _nonempty(),
                "",
                "what the topic is about: 'plan', a sector_id or project_id, sector ids "
                "';'-separated, 'scope:measure' (figure_sources) or 'horizon[:measure]' (national)",
                "audit",
            ),
            "compared": _d(_nonempty(), "", "what is compared with what", "audit"),
            "stated": _d(
                _int(None, nullable=True),
                "see unit",
                "the stated figure (for 'part within whole': the whole)",
                "figures",
            ),
            "stated_raw": _d(_text(), "", "the stated figure as written", "raw"),
            "derived": _d(
                _int(None, nullable=True),
                "see unit",
                "the value derived from parts or from what the text names (for 'part within whole': the part)",
                "audit",
            ),
            "difference": _d(
                _int(None, nullable=True), "see unit", "derived - stated", "derived - stated"
            ),
            "unit": _d(_nonempty(), "", "unit of stated, derived and difference", "audit"),
            "verdict": _d(
                _text(pa.Check.isin(VERDICTS)),
                "",
                "one of: " + ", ".join(VERDICTS),
                "audit",
            ),
            "paragraphs": _d(
                _text(), "paragraphs", "source paragraphs involved, ';'-separated", "audit"
            ),
            "note": _d(_text(), "", "caveat in plain words", "audit"),
        },
        unique=["check_id"],
        strict=True,
        description="one row per arithmetic check of the announcement (and of the reference figures)",
    ),
}
assert list(PROCESSED_SCHEMAS["audit"].columns) == AUDIT_COLUMNS


def column_order(table: str) -> list[str]:
    """The columns of a processed table, in the order its CSV is written."""
    return list(PROCESSED_SCHEMAS[table].columns)
