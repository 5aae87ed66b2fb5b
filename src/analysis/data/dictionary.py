"""The data dictionary: every processed column, its unit and how it is derived.

:func:`data_dictionary` turns :data:`COLUMNS` into the table written as
``data/processed/data_dictionary.csv``. A test checks that every column of every processed
table is described here, and nothing else.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["COLUMNS", "TABLES", "data_dictionary"]

#: One line per processed table: what one row is.
TABLES: dict[str, str] = {
    "plans": "one row per announced plan (its identifier, names and source text)",
    "figures": "one row per figure the announcement states, parsed to an exact integer",
    "sectors": "one row per sector (분야) of a plan, with budgets, shares, jobs and counts",
    "projects": "one row per project or programme the announcement names",
    "refresh_programme": "one row per public-jobs programme (a project with stated workers)",
    "refresh_workers_by_field": "one row per field of a public-jobs programme",
    "reference_figures": "one row per national Korean New Deal figure (outside the announcement)",
    "reference_pillars": "one row per pillar of the national plan, mapped to a city sector",
    "exchange_rates": "one row per currency and year",
    "cpi": "one row per year of the consumer price index",
    "audit": "one row per arithmetic check of the announcement (and of the reference figures)",
}

_PLAN = ("", "plan identifier (raw plans.csv); every table carries it", "copied from raw")
_PARA = ("paragraph", "line of the plan's source text that states the value (1-based)", "raw")
_SECTOR_KO = ("", "sector name in Korean as written in the announcement", "raw sectors.csv")
_SECTOR_EN = ("", "sector name in English (editorial translation)", "raw translations_en.csv")
_SHARE = "fraction 0-1"

#: (table, column) -> (unit, description, derivation)
COLUMNS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("plans", "plan_id"): _PLAN,
    ("plans", "plan_name_ko"): ("", "plan name in Korean", "raw"),
    ("plans", "plan_name_en"): ("", "plan name in English (editorial)", "raw"),
    ("plans", "city_ko"): ("", "city in Korean", "raw"),
    ("plans", "city_en"): ("", "city in English", "raw"),
    ("plans", "announced_year"): ("year", "year of the announcement", "raw"),
    ("plans", "source_file"): ("", "source text, relative to data/raw/", "raw"),
    ("plans", "source_description"): ("", "what the source text is", "raw"),
    ("figures", "plan_id"): _PLAN,
    ("figures", "figure_id"): ("", "identifier of the figure within its plan", "raw"),
    ("figures", "scope"): (
        "",
        "what the figure is about: 'plan', a sector_id or a project_id",
        "raw",
    ),
    ("figures", "measure"): ("", "what is measured (total_budget, city_budget, jobs, ...)", "raw"),
    ("figures", "value"): (
        "see unit",
        "the figure as an exact integer",
        "parse_korean_amount(value_raw)",
    ),
    ("figures", "unit"): (
        "",
        "unit of value: KRW, persons (명), items (개), cases (건), year, month, months",
        "from the unit suffix of value_raw",
    ),
    ("figures", "approx"): (
        "",
        "True when the text marks the figure as approximate (여)",
        "parsed",
    ),
    ("figures", "value_raw"): ("", "the figure exactly as written in the source", "raw"),
    ("figures", "source_paragraph"): _PARA,
    ("figures", "source_quote"): ("", "words of the source that contain the figure", "raw"),
    ("figures", "preferred"): (
        "true/false",
        "the statement of this figure that the cleaning and the audit use (a figure stated "
        "twice has exactly one preferred statement; a figure stated once is used)",
        "raw preferred",
    ),
    ("figures", "preferred_reason"): (
        "",
        "why this statement is preferred over another of the same figure (editorial)",
        "raw",
    ),
    ("sectors", "plan_id"): _PLAN,
    ("sectors", "sector_id"): ("", "sector identifier (digital, green, culture, safety)", "raw"),
    ("sectors", "sector_ko"): _SECTOR_KO,
    ("sectors", "sector_en"): _SECTOR_EN,
    ("sectors", "total_budget_krw"): (
        "KRW",
        "sector total budget (총사업비)",
        "figure total_budget",
    ),
    ("sectors", "city_budget_krw"): ("KRW", "city-funded budget (시비)", "figure city_budget"),
    ("sectors", "non_city_budget_krw"): (
        "KRW",
        "non-city funding (national, provincial and other); the source does not split it",
        "total_budget_krw - city_budget_krw",
    ),
    ("sectors", "total_budget_eok"): (
        "억원",
        "total budget in 억원 (10^8 KRW)",
        "total_budget_krw / 1e8",
    ),
    ("sectors", "city_budget_eok"): ("억원", "city budget in 억원", "city_budget_krw / 1e8"),
    ("sectors", "non_city_budget_eok"): (
        "억원",
        "non-city funding in 억원",
        "non_city_budget_krw / 1e8",
    ),
    ("sectors", "city_share_of_sector"): (
        _SHARE,
        "city share of the sector's budget",
        "city / total",
    ),
    ("sectors", "non_city_share_of_sector"): (
        _SHARE,
        "non-city share of the sector's budget",
        "non_city / total",
    ),
    ("sectors", "share_of_plan_budget"): (
        _SHARE,
        "sector's share of the plan total as stated (1천475억원)",
        "total_budget_krw / stated plan total_budget",
    ),
    ("sectors", "share_of_plan_city_budget"): (
        _SHARE,
        "sector's share of the plan's city funds (plan city total is not stated: sum of sectors)",
        "city_budget_krw / sum over sectors",
    ),
    ("sectors", "share_of_plan_non_city_budget"): (
        _SHARE,
        "sector's share of the plan's non-city funding",
        "non_city_budget_krw / sum over sectors",
    ),
    ("sectors", "jobs"): (
        "jobs",
        "jobs stated for the sector; empty where the text gives none",
        "figure",
    ),
    ("sectors", "jobs_approx"): ("", "jobs figure marked approximate (여)", "parsed"),
    ("sectors", "task_count"): ("items", "tasks (과제) stated for the sector", "figure"),
    ("sectors", "project_count"): ("items", "projects (사업) stated for the sector", "figure"),
    ("sectors", "named_project_count"): (
        "items",
        "projects the text names in the sector (components of a named project not counted)",
        "count of projects rows",
    ),
    ("sectors", "brand_project_count"): (
        "items",
        "named projects labelled brand (브랜드)",
        "count",
    ),
    ("sectors", "contest_selected_count"): (
        "items",
        "named projects selected in a central-government contest (공모)",
        "count",
    ),
    ("sectors", "source_paragraphs"): (
        "paragraphs",
        "paragraphs that define the sector and state its figures, ';'-separated",
        "raw",
    ),
    ("projects", "plan_id"): _PLAN,
    ("projects", "project_id"): ("", "project identifier within its plan", "raw"),
    ("projects", "sector_id"): ("", "sector of the project", "raw"),
    ("projects", "sector_ko"): _SECTOR_KO,
    ("projects", "sector_en"): _SECTOR_EN,
    ("projects", "parent_project_id"): (
        "",
        "for components of a named project (e.g. G&B City's four parts), the parent",
        "raw",
    ),
    ("projects", "is_component"): (
        "",
        "True for a component of another named project",
        "parent set",
    ),
    ("projects", "group_order"): (
        "",
        "1 for 첫째, 2 for 둘째 where the text groups projects",
        "raw",
    ),
    ("projects", "group_ko"): ("", "the aim of the group as written", "raw"),
    ("projects", "name_ko"): (
        "",
        "project name in Korean as its source_quote states it, or an editorial short name "
        "where raw projects.csv marks name_is_editorial=true",
        "raw",
    ),
    ("projects", "name_en"): ("", "project name in English (editorial translation)", "raw"),
    ("projects", "is_brand"): ("", "labelled a brand project (대표 브랜드사업) in the text", "raw"),
    ("projects", "brand_label_ko"): ("", "the words that label it a brand project", "raw"),
    ("projects", "is_contest_selected"): (
        "",
        "selected in a central-government contest (공모사업)",
        "raw",
    ),
    ("projects", "contest_note_ko"): ("", "which contest, as the text says", "raw"),
    ("projects", "emphasis_ko"): (
        "",
        "emphasis the text gives without calling it a brand project (특히, 역점 사업)",
        "raw",
    ),
    ("projects", "budget_krw"): ("KRW", "budget stated for the project, if any", "figure budget"),
    ("projects", "budget_eok"): ("억원", "budget in 억원", "budget_krw / 1e8"),
    ("projects", "budget_approx"): ("", "budget marked approximate (여)", "parsed"),
    ("projects", "period_end_year"): ("year", "year the stated budget runs to (…년까지)", "figure"),
    ("projects", "source_paragraph"): _PARA,
    ("projects", "other_paragraphs"): ("paragraphs", "other paragraphs that mention it", "raw"),
    ("refresh_programme", "plan_id"): _PLAN,
    ("refresh_programme", "project_id"): ("", "the programme's project", "raw"),
    ("refresh_programme", "sector_id"): ("", "sector of the programme", "projects"),
    ("refresh_programme", "name_ko"): ("", "programme name in Korean", "projects"),
    ("refresh_programme", "name_en"): ("", "programme name in English", "projects"),
    ("refresh_programme", "period_start_month"): ("month", "first month (8 = August)", "figure"),
    ("refresh_programme", "period_end_month"): ("month", "last month", "figure"),
    ("refresh_programme", "duration_months"): ("months", "stated duration", "figure"),
    ("refresh_programme", "national_funding_krw"): (
        "KRW",
        "national funding (국비) secured",
        "figure",
    ),
    ("refresh_programme", "national_funding_eok"): (
        "억원",
        "국비 in 억원",
        "national_funding_krw / 1e8",
    ),
    ("refresh_programme", "workers_announced"): ("persons", "workers the text announces", "figure"),
    ("refresh_programme", "workers_announced_approx"): (
        "",
        "announced as approximate (여)",
        "parsed",
    ),
    ("refresh_programme", "workers_by_field_sum"): (
        "persons",
        "sum of the workers by field (compare with workers_announced: see audit)",
        "sum of refresh_workers_by_field.workers",
    ),
    ("refresh_programme", "source_paragraph"): _PARA,
    ("refresh_workers_by_field", "plan_id"): _PLAN,
    ("refresh_workers_by_field", "project_id"): ("", "the programme's project", "raw"),
    ("refresh_workers_by_field", "field_id"): ("", "field identifier", "raw"),
    ("refresh_workers_by_field", "field_ko"): (
        "",
        "field in Korean as its source_quote states it, or shortened from the text (an "
        "editorial name) where raw refresh_workers_by_field.csv marks name_is_editorial=true",
        "raw",
    ),
    ("refresh_workers_by_field", "field_en"): ("", "field in English (editorial)", "raw"),
    ("refresh_workers_by_field", "workers"): ("persons", "workers placed in the field", "parsed"),
    ("refresh_workers_by_field", "workers_approx"): ("", "marked approximate (여)", "parsed"),
    ("refresh_workers_by_field", "workers_raw"): ("", "as written in the source", "raw"),
    ("refresh_workers_by_field", "source_paragraph"): _PARA,
    ("refresh_workers_by_field", "share_of_field_sum"): (
        _SHARE,
        "share of the sum over fields",
        "workers / sum of workers",
    ),
    ("refresh_workers_by_field", "share_of_announced_workers"): (
        _SHARE,
        "share of the announced total (the fields do not add up to it)",
        "workers / workers_announced",
    ),
    ("reference_figures", "plan_id"): ("", "national plan identifier", "raw"),
    ("reference_figures", "scope"): ("", "pillar (digital, green, safety_net) or 'plan'", "raw"),
    ("reference_figures", "measure"): (
        "",
        "total_cost, national_treasury (국비), local_government (지방비), private (민간), jobs",
        "raw",
    ),
    ("reference_figures", "horizon_year"): ("year", "year the figure runs to", "raw"),
    ("reference_figures", "value"): ("see unit", "the figure as an exact integer", "parsed"),
    ("reference_figures", "unit"): ("", "KRW or jobs", "from measure"),
    ("reference_figures", "approx"): ("", "marked approximate (여)", "parsed"),
    ("reference_figures", "value_raw"): ("", "as published", "raw"),
    ("reference_figures", "source_title"): ("", "article or document", "raw"),
    ("reference_figures", "source_publisher"): ("", "publisher", "raw"),
    ("reference_figures", "source_date"): ("date", "publication date", "raw"),
    ("reference_figures", "source_url"): ("", "address of the source", "raw"),
    ("reference_figures", "note"): ("", "caveats", "raw"),
    ("reference_figures", "is_derived"): (
        "",
        "True where no source prints the figure: it is derived from the others (see note)",
        "raw",
    ),
    ("reference_pillars", "plan_id"): ("", "national plan identifier", "raw"),
    ("reference_pillars", "pillar_id"): ("", "pillar identifier", "raw"),
    ("reference_pillars", "pillar_name_ko"): ("", "pillar name in Korean", "raw"),
    ("reference_pillars", "pillar_name_en"): ("", "pillar name in English", "raw"),
    ("reference_pillars", "city_sector_id"): (
        "",
        "city sector compared with this pillar (culture has none)",
        "raw (editorial mapping)",
    ),
    ("reference_pillars", "mapping_note"): (
        "",
        "why the pillar and the sector are compared",
        "raw",
    ),
    ("exchange_rates", "currency"): ("", "ISO currency code", "raw"),
    ("exchange_rates", "year"): ("year", "year of the average", "raw"),
    ("exchange_rates", "basis"): ("", "how the rate is averaged", "raw"),
    ("exchange_rates", "krw_per_unit"): ("KRW per unit", "won per one unit of the currency", "raw"),
    ("exchange_rates", "source_publisher"): ("", "publisher", "raw"),
    ("exchange_rates", "source_date"): ("date", "publication date", "raw"),
    ("exchange_rates", "source_url"): ("", "address of the source", "raw"),
    ("cpi", "year"): ("year", "calendar year", "raw"),
    ("cpi", "cpi"): ("index", "consumer price index, annual average, 2020 = 100", "raw"),
    ("cpi", "base"): ("", "base of the index", "raw"),
    ("cpi", "source_publisher"): ("", "publisher", "raw"),
    ("cpi", "source_url"): ("", "address of the source", "raw"),
    ("audit", "check_id"): ("", "identifier of the check", "audit"),
    ("audit", "plan_id"): _PLAN,
    ("audit", "check"): (
        "",
        "kind of check: stated total vs sum of parts, part within whole, stated count vs "
        "named, derived figure",
        "audit",
    ),
    ("audit", "subject"): ("", "what is checked", "audit"),
    ("audit", "compared"): ("", "what is compared with what", "audit"),
    ("audit", "stated"): (
        "see unit",
        "the stated figure (for 'part within whole': the whole)",
        "figures",
    ),
    ("audit", "stated_raw"): ("", "the stated figure as written", "raw"),
    ("audit", "derived"): (
        "see unit",
        "the value derived from parts or from what the text names (for 'part within whole': "
        "the part)",
        "audit",
    ),
    ("audit", "difference"): ("see unit", "derived - stated", "derived - stated"),
    ("audit", "unit"): ("", "unit of stated, derived and difference", "audit"),
    ("audit", "verdict"): (
        "",
        "match, mismatch, consistent, inconsistent, fewer_named, more_named, derived, "
        "by_construction",
        "audit",
    ),
    ("audit", "paragraphs"): ("paragraphs", "source paragraphs involved, ';'-separated", "audit"),
    ("audit", "note"): ("", "caveat in plain words", "audit"),
}


def data_dictionary(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The data dictionary for the given processed tables.

    Raises
    ------
    KeyError
        If a column of a table is not described in :data:`COLUMNS`.
    """
    rows = []
    for table, frame in tables.items():
        for column in frame.columns:
            key = (table, column)
            if key not in COLUMNS:
                raise KeyError(f"processed column {table}.{column} is not in the data dictionary")
            unit, description, derivation = COLUMNS[key]
            rows.append(
                {
                    "table": table,
                    "table_row": TABLES[table],
                    "column": column,
                    "dtype": str(frame[column].dtype),
                    "unit": unit,
                    "description": description,
                    "derivation": derivation,
                }
            )
    return pd.DataFrame(rows)
