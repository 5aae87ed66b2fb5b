"""Contracts of the processed plan tables: plans, sources, figures, sectors, tasks,
projects (see :mod:`analysis.data.processed_schemas`)."""

from __future__ import annotations

import pandera.pandas as pa

from analysis.data.processed_columns import (
    _NOT_OWN,
    _PARA,
    _PLAN,
    _SECTOR_EN,
    _SECTOR_KO,
    _SHARE,
    _SOURCE,
    _d,
    _eok,
    _id,
    _int,
    _nonempty,
    _optional_id,
    _share,
    _text,
)
from analysis.data.raw_schemas import FIGURE_MEASURES, GOVERNMENT_LEVELS, PILLAR_IDS, SOURCE_KINDS

__all__ = ["PLAN_SCHEMAS"]

PLAN_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "plans": pa.DataFrameSchema(
        {
            "plan_id": _d(_id(), *_PLAN),
            "plan_name_ko": _d(_nonempty(), "", "plan name in Korean", "raw"),
            "plan_name_en": _d(_nonempty(), "", "plan name in English (editorial)", "raw"),
            "government_ko": _d(
                _nonempty(), "", "the government whose plan it is, in Korean", "raw"
            ),
            "government_en": _d(_nonempty(), "", "that government in English", "raw"),
            "government_level": _d(
                _text(pa.Check.isin(GOVERNMENT_LEVELS)),
                "",
                "city, county, metropolitan_city or province",
                "raw",
            ),
            "own_funds_term_ko": _d(
                _text(),
                "",
                "the plan's own government's money as the text calls it (시비, 군비, 도비); "
                "empty when the plan states none",
                "raw",
            ),
            "own_funds_term_en": _d(
                _text(),
                "",
                "the same in English (city, county or provincial funds)",
                "OWN_FUNDS_TERMS[own_funds_term_ko]",
            ),
            "announced_date": _d(
                _nonempty(), "date", "announcement date, as precise as known", "raw"
            ),
            "horizon_year": _d(
                _int(2000, nullable=True),
                "year",
                "the year the plan's totals run to; empty if not stated",
                "raw",
            ),
            "horizon_source_id": _d(_optional_id(), "", "the source stating the horizon", "raw"),
            "projects_list_complete": _d(
                pa.Column(bool),
                "",
                "True when projects holds every project the source names, so stated counts "
                "may be compared with the names (editorial)",
                "raw",
            ),
            "note": _d(_text(), "", "transcription note (editorial)", "raw"),
            "announcement_ko": _d(_text(), "", "how the plan was announced, in Korean", "raw"),
            "vision_ko": _d(_text(), "", "the plan's stated vision, in Korean", "raw"),
        },
        unique=["plan_id"],
        strict=True,
        description="one row per plan: its government, own-funds term, date and horizon",
    ),
    "sources": pa.DataFrameSchema(
        {
            "plan_id": _d(_id(), *_PLAN),
            "source_id": _d(_id(), "", "identifier of the source within its plan", "raw"),
            "kind": _d(
                _text(pa.Check.isin(SOURCE_KINDS)),
                "",
                "announcement, press_release or news_report",
                "raw",
            ),
            "publisher": _d(_nonempty(), "", "who published it", "raw"),
            "title": _d(_text(), "", "its title; empty if not known", "raw"),
            "date": _d(
                _text(), "date", "publication date as precise as known; empty if not known", "raw"
            ),
            "url": _d(_text(), "", "its address; empty if none", "raw"),
            "paragraph_count": _d(
                _int(), "paragraphs", "paragraphs (lines) of its text", "count of lines of file"
            ),
            "file": _d(_nonempty(), "", "its text, relative to data/raw/plans/<plan_id>/", "raw"),
        },
        unique=["plan_id", "source_id"],
        strict=True,
        description="one row per source of a plan (announcement, press release, news report)",
    ),
    "figures": pa.DataFrameSchema(
        {
            "plan_id": _d(_id(), *_PLAN),
            "figure_id": _d(_id(), "", "identifier of the figure within its plan", "raw"),
            "scope": _d(
                _id(), "", "what the figure is about: 'plan', a sector_id or a project_id", "raw"
            ),
            "measure": _d(
                _text(pa.Check.isin(FIGURE_MEASURES)),
                "",
                "what is measured (total_budget, own_funds, national_funding, jobs, ...)",
                "raw",
            ),
            "value": _d(
                _int(),
                "see unit",
                "the figure as an exact integer",
                "parse_korean_amount(value_raw)",
            ),
            "unit": _d(
                _text(
                    pa.Check.isin(
                        [
                            "KRW",
                            "persons",
                            "items",
                            "cases",
                            "year",
                            "month",
                            "months",
                            "count",
                            "jobs",
                        ]
                    )
                ),
                "",
                "unit of value: KRW (any money measure, with or without 원), persons (명), items (개), cases (건), count (대 or none), year, month, months",
                "from the unit suffix of value_raw",
            ),
            "approx": _d(
                pa.Column(bool),
                "",
                "True when the text marks the figure as not exact (여: a little over; 이상: or more)",
                "parsed",
            ),
            "qualifier": _d(
                _text(pa.Check.isin(["", "여", "이상"])),
                "",
                "the word that makes the figure a lower bound: 여 (a little over) or 이상 (or more); empty when exact",
                "parsed from value_raw",
            ),
            "precision": _d(
                _int(1),
                "see unit",
                "stated precision: the place of the last non-zero digit written (5조3800억원: 10^10, 3조780억원: 10^9, 14만여: 10^4); a sum is compared with the figure at this precision",
                "parsed from value_raw",
            ),
            "value_raw": _d(_nonempty(), "", "the figure exactly as written in the source", "raw"),
            "source_id": _d(_id(), *_SOURCE),
            "source_paragraph": _d(_int(1), *_PARA),
            "source_quote": _d(
                _nonempty(), "", "words of the source that contain the figure", "raw"
            ),
            "preferred": _d(
                pa.Column(bool),
                "true/false",
                "the statement of this figure that the cleaning and the audit use (a figure stated twice has exactly one preferred statement; a figure stated once is used)",
                "raw preferred",
            ),
            "preferred_reason": _d(
                _text(),
                "",
                "why this statement is preferred over another of the same figure (editorial)",
                "raw",
            ),
        },
        unique=["plan_id", "figure_id"],
        strict=True,
        description="one row per statement of a figure (several sources may state one figure), parsed to an exact integer",
    ),
    "sectors": pa.DataFrameSchema(
        {
            "plan_id": _d(_id(), *_PLAN),
            "sector_id": _d(_id(), "", "sector identifier within its plan", "raw"),
            "sector_order": _d(_int(1), "", "position in the plan's own list of sectors", "raw"),
            "sector_ko": _d(_nonempty(), *_SECTOR_KO),
            "sector_en": _d(_nonempty(), *_SECTOR_EN),
            "sector_name_is_editorial": _d(
                pa.Column(bool),
                "",
                "True when no source quote names the sector (the name is editorial; see note)",
                "raw sectors.csv: no source_quote",
            ),
            "pillar_id": _d(
                _text(pa.Check.isin(PILLAR_IDS)),
                "",
                "national pillar the sector is compared with, or none (editorial mapping); "
                "chart colours come from it",
                "raw sector_pillars.csv",
            ),
            "pillar_note_ko": _d(
                _nonempty(),
                "",
                "why that pillar (editorial), in Korean",
                "raw sector_pillars.csv note_ko",
            ),
            "pillar_note_en": _d(
                _nonempty(),
                "",
                "why that pillar (editorial), in English",
                "raw sector_pillars.csv note",
            ),
            "total_budget_krw": _d(
                _int(1, nullable=True),
                "KRW",
                "sector total budget (총사업비) as stated; empty where not stated",
                "preferred figure total_budget",
            ),
            "own_funds_krw": _d(
                _int(nullable=True),
                "KRW",
                "the plan's own government's funds in the sector (시비, 군비 or 도비: plans "
                "own_funds_term_ko); empty where not stated",
                "preferred figure own_funds",
            ),
            "not_own_funds_krw": _d(
                _int(None, nullable=True),
                "KRW",
                _NOT_OWN + "; negative if the stated own funds exceed the stated total",
                "total_budget_krw - own_funds_krw (empty unless both are stated)",
            ),
            "total_budget_eok": _d(
                _eok(nullable=True),
                "억원",
                "total budget in 억원 (10^8 KRW)",
                "total_budget_krw / 1e8",
            ),
            "own_funds_eok": _d(
                _eok(nullable=True), "억원", "own funds in 억원", "own_funds_krw / 1e8"
            ),
            "not_own_funds_eok": _d(
                pa.Column("Float64", nullable=True),
                "억원",
                "funds not the plan's own government's, in 억원",
                "not_own_funds_krw / 1e8",
            ),
            "own_share_of_sector": _d(
                _share(nullable=True),
                _SHARE,
                "own funds' share of the sector's budget",
                "own_funds_krw / total_budget_krw",
            ),
            "not_own_share_of_sector": _d(
                pa.Column("Float64", nullable=True),
                _SHARE,
                "share of the sector's budget that is not the plan's own government's funds",
                "not_own_funds_krw / total_budget_krw",
            ),
            "share_of_plan_budget": _d(
                _share(nullable=True),
                _SHARE,
                "sector's share of the plan total as stated (may exceed 1 if the text's "
                "figures disagree: see the audit)",
                "total_budget_krw / preferred plan total_budget",
            ),
            "share_of_plan_own_funds": _d(
                _share(nullable=True),
                _SHARE,
                "sector's share of the plan's own funds summed over its sectors",
                "own_funds_krw / sum over the plan's sectors (empty unless every sector states it)",
            ),
            "share_of_plan_not_own_funds": _d(
                pa.Column("Float64", nullable=True),
                _SHARE,
                "sector's share of the plan's funds that are not its own government's",
                "not_own_funds_krw / sum over the plan's sectors (empty unless every sector "
                "states it)",
            ),
            "jobs": _d(
                _int(nullable=True),
                "jobs",
                "jobs stated for the sector; empty where the text gives none",
                "preferred figure jobs",
            ),
            "jobs_approx": _d(
                pa.Column("boolean", nullable=True),
                "",
                "jobs figure marked approximate (여, 이상)",
                "parsed",
            ),
            "task_count": _d(
                _int(nullable=True), "items", "tasks (과제) stated for the sector", "figure"
            ),
            "project_count": _d(
                _int(nullable=True), "items", "projects (사업) stated for the sector", "figure"
            ),
            "named_project_count": _d(
                _int(),
                "items",
                "projects the text names in the sector (components of a named project not counted)",
                "count of projects rows",
            ),
            "brand_project_count": _d(
                _int(), "items", "named projects labelled brand (브랜드)", "count"
            ),
            "contest_selected_count": _d(
                _int(),
                "items",
                "named projects selected in a central-government contest (공모)",
                "count",
            ),
            "source_paragraphs": _d(
                _text(pa.Check.str_matches(r"^([0-9]+(;[0-9]+)*)?$")),
                "paragraphs",
                "paragraphs of the sector's own source (sectors.csv source_id) that name the "
                "sector or state its figures, ';'-separated; empty for an unquoted sector",
                "raw",
            ),
            "source_refs": _d(
                _text(),
                "",
                "every statement used for the row as source_id:paragraph, ';'-separated",
                "raw",
            ),
            "emphasis_ko": _d(
                _text(nullable=True),
                "",
                "words the text uses to single the sector out, verbatim (empty if none)",
                "raw sectors.csv (checked against its paragraph)",
            ),
            "emphasis_en": _d(
                _text(nullable=True),
                "",
                "emphasis_ko in English",
                "raw translations_en.csv (kind sector_emphasis)",
            ),
            "emphasis_paragraph": _d(
                _int(1, nullable=True),
                "paragraph",
                "paragraph of the sector's source holding emphasis_ko",
                "raw sectors.csv",
            ),
        },
        unique=["plan_id", "sector_id"],
        strict=True,
        description="one row per sector (분야) of a plan, with budgets, funding, shares, jobs "
        "and counts",
    ),
    "tasks": pa.DataFrameSchema(
        {
            "plan_id": _d(_id(), *_PLAN),
            "task_id": _d(_id(), "", "sub-task identifier within its plan", "raw"),
            "sector_id": _d(_id(), "", "its sector", "raw"),
            "task_order": _d(_int(1), "", "position within its sector", "raw"),
            "task_ko": _d(_nonempty(), "", "sub-task name in Korean as written", "raw tasks.csv"),
            "task_en": _d(
                _nonempty(), "", "sub-task name in English (editorial)", "raw translations_en.csv"
            ),
            "total_budget_krw": _d(
                _int(nullable=True), "KRW", "its stated budget", "preferred figure total_budget"
            ),
            "total_budget_eok": _d(
                _eok(nullable=True), "억원", "its budget in 억원", "total_budget_krw / 1e8"
            ),
            "source_id": _d(_id(), *_SOURCE),
            "source_paragraph": _d(_int(1), *_PARA),
        },
        unique=["plan_id", "task_id"],
        strict=True,
        description="one row per sub-task a plan states (with its amount where stated)",
    ),
    "projects": pa.DataFrameSchema(
        {
            "plan_id": _d(_id(), *_PLAN),
            "project_id": _d(_id(), "", "project identifier within its plan", "raw"),
            "sector_id": _d(_id(), "", "sector of the project", "raw"),
            "sector_ko": _d(
                _nonempty(),
                "",
                "sector name in Korean as written in the announcement",
                "raw sectors.csv",
            ),
            "sector_en": _d(
                _nonempty(),
                "",
                "sector name in English (editorial translation)",
                "raw translations_en.csv",
            ),
            "parent_project_id": _d(
                _optional_id(),
                "",
                "for components of a named project (e.g. G&B City's four parts), the parent",
                "raw",
            ),
            "is_component": _d(
                pa.Column(bool), "", "True for a component of another named project", "parent set"
            ),
            "group_order": _d(
                _int(1, nullable=True),
                "",
                "1 for 첫째, 2 for 둘째 where the text groups projects",
                "raw",
            ),
            "group_ko": _d(_text(), "", "the aim of the group as written", "raw"),
            "name_ko": _d(
                _nonempty(),
                "",
                "project name in Korean as its source_quote states it, or an editorial short name where raw projects.csv marks name_is_editorial=true",
                "raw",
            ),
            "name_en": _d(
                _nonempty(), "", "project name in English (editorial translation)", "raw"
            ),
            "is_brand": _d(
                pa.Column(bool), "", "labelled a brand project (대표 브랜드사업) in the text", "raw"
            ),
            "brand_label_ko": _d(_text(), "", "the words that label it a brand project", "raw"),
            "is_contest_selected": _d(
                pa.Column(bool), "", "selected in a central-government contest (공모사업)", "raw"
            ),
            "contest_note_ko": _d(_text(), "", "which contest, as the text says", "raw"),
            "emphasis_ko": _d(
                _text(),
                "",
                "emphasis the text gives without calling it a brand project (특히, 역점 사업)",
                "raw",
            ),
            "budget_krw": _d(
                _int(nullable=True), "KRW", "budget stated for the project, if any", "figure budget"
            ),
            "budget_eok": _d(_eok(nullable=True), "억원", "budget in 억원", "budget_krw / 1e8"),
            "budget_approx": _d(
                pa.Column("boolean", nullable=True), "", "budget marked approximate (여)", "parsed"
            ),
            "period_end_year": _d(
                _int(2000, nullable=True),
                "year",
                "year the stated budget runs to (…년까지)",
                "figure",
            ),
            "source_paragraph": _d(
                _int(1),
                "paragraph",
                "line of the plan's source text that states the value (1-based)",
                "raw",
            ),
            "other_paragraphs": _d(
                _text(), "paragraphs", "other paragraphs that mention it", "raw"
            ),
        },
        unique=["plan_id", "project_id"],
        strict=True,
        description="one row per project or programme the announcement names",
    ),
}
