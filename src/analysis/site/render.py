"""HTML export: executed notebook -> self-contained briefing page, and the index page.

The notebook's outputs are rendered with nbconvert's ``basic`` template (cell outputs only:
no code, no prompts, no CDN scripts), then placed in our own page
(``templates/briefing.html.j2``) with an embedded stylesheet: title, build date and data
version, a summary box, a table of contents, the outputs, and a sources-and-method section.
Nothing on the page is fetched from the network; charts are embedded as PNG data.

:func:`normalise_notebook` removes what differs between two runs of the same inputs
(timestamps, durations, random cell ids), so pages and notebooks repeat byte for byte.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from analysis.briefing.labels import text
from analysis.paths import processed_dir

if TYPE_CHECKING:
    import nbformat

__all__ = ["export_briefing", "normalise_notebook", "render_body", "write_index"]

TEMPLATES = Path(__file__).resolve().parent / "templates"

WORDS: dict[str, dict[str, str]] = {
    "ko": {
        "index": "브리핑 목록",
        "built": "작성일",
        "data_version": "데이터 버전",
        "headline": "핵심 수치",
        "contents": "목차",
        "sources": "자료와 방법",
        "assumptions": "이 브리핑의 가정과 설정",
        "announcement": "의정부시, 「의정부형 스마트 뉴딜」 발표문 (2020). 본문의 '문단 n'은 발표문의 "
        "n번째 문단(원문 파일의 n번째 줄)을 가리킨다. 원문은 저장소의 data/raw/source/에 있다.",
        "method": "수치는 발표문을 그대로 옮긴 원자료(data/raw/)에서 코드로 변환·검증했다. 단위 변환과 "
        "파생 수치(예: 시비 외 재원 = 총사업비 − 시비)는 data/processed/data_dictionary.csv에 설명되어 있다.",
        "footer": "의정부형 스마트 뉴딜 분석 · 코드와 데이터로 재현 가능한 브리핑 ·",
        "sectors": "분야",
        "projects": "사업",
        "budget": "총사업비",
        "jobs": "일자리",
        "title_index": "의정부형 스마트 뉴딜 브리핑",
        "index_intro": "2020년 의정부시가 발표한 스마트 뉴딜 계획을 분석한 브리핑 모음이다. "
        "각 브리핑은 한국어와 영어로 제공된다.",
        "unit_lang": "한국어",
    },
    "en": {
        "index": "All briefings",
        "built": "Built",
        "data_version": "data version",
        "headline": "Headline figures",
        "contents": "Contents",
        "sources": "Sources and method",
        "assumptions": "Assumptions and settings of this briefing",
        "announcement": "City of Uijeongbu, announcement of the Uijeongbu Smart New Deal (Korean, "
        "2020). 'Paragraph n' refers to the n-th paragraph of the announcement (line n of the "
        "source file, kept in the repository under data/raw/source/).",
        "method": "Figures are transcribed as published into data/raw/, then parsed, validated and "
        "audited by code. Unit conversions and derived figures (e.g. non-city funding = total − "
        "city funds) are described in data/processed/data_dictionary.csv.",
        "footer": "Uijeongbu Smart New Deal analysis · reproducible from code and data ·",
        "sectors": "Sectors",
        "projects": "Projects",
        "budget": "Total budget",
        "jobs": "Jobs",
        "title_index": "Uijeongbu Smart New Deal briefings",
        "index_intro": "Briefings analysing the Smart New Deal plan the city of Uijeongbu "
        "announced in 2020. Each briefing comes in Korean and in English.",
        "unit_lang": "English",
    },
}


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        keep_trailing_newline=True,
    )


@cache
def _css() -> str:
    return (TEMPLATES / "page.css").read_text(encoding="utf-8")


@cache
def _exporter() -> Any:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.anchor_link_text = ""
    return exporter


#: What an executed notebook keeps of its metadata: every key not listed here (papermill's
#: timestamps, durations, paths and environment, nbclient's timing) differs between runs.
KEPT_NOTEBOOK_METADATA = {"kernelspec", "language_info", ("papermill", "parameters")}
KEPT_CELL_METADATA = {"tags"}
#: Parameters the build injects for its own use (where to write, where to read).
BUILD_ONLY_PARAMETERS = ("output_dir", "data_dir")


def normalise_notebook(path: Path) -> nbformat.NotebookNode:
    """Strip run-specific metadata from an executed notebook, rewrite it, and return it.

    Metadata is cleared by nbconvert's ``ClearMetadataPreprocessor`` (keeping
    :data:`KEPT_NOTEBOOK_METADATA` and :data:`KEPT_CELL_METADATA`); cell ids are numbered
    (papermill's injected cell has a random one) and the build-only parameters are removed
    from the injected cell and the recorded parameters.
    """
    import nbformat
    from nbconvert.preprocessors import ClearMetadataPreprocessor

    nb = nbformat.read(path, as_version=4)
    clear = ClearMetadataPreprocessor(
        preserve_nb_metadata_mask=KEPT_NOTEBOOK_METADATA,
        preserve_cell_metadata_mask=KEPT_CELL_METADATA,
    )
    nb = nbformat.from_dict(clear.preprocess(nb, {})[0])
    for name in BUILD_ONLY_PARAMETERS:
        nb.metadata.get("papermill", {}).get("parameters", {}).pop(name, None)
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:02d}"
        if cell.cell_type == "markdown":
            cell.metadata.pop("papermill", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["source"] = "\n".join(
                line
                for line in cell["source"].splitlines()
                if not line.startswith(tuple(f"{name} = " for name in BUILD_ONLY_PARAMETERS))
            )
    nbformat.write(nb, path)
    return nb


def render_body(nb: nbformat.NotebookNode) -> str:
    """The notebook's visible outputs as HTML (no code, no stderr, no removed cells)."""
    import nbformat

    visible = nbformat.from_dict(json.loads(json.dumps(nb)))
    kept = []
    for cell in visible.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "remove-cell" in tags or "parameters" in tags or "injected-parameters" in tags:
            continue
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.outputs
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
            if not cell.outputs:
                continue
        kept.append(cell)
    visible.cells = kept
    body, _ = _exporter().from_notebook_node(visible)
    return body


def _headline(lang: str, plan_id: str | None) -> list[dict[str, str]]:
    """The plan's stated headline figures (as published: nominal 억원)."""
    import pandas as pd

    figures = pd.read_csv(processed_dir() / "figures.csv")
    plan_id = plan_id or figures["plan_id"].iloc[0]
    plan = figures[(figures["scope"] == "plan") & (figures["plan_id"] == plan_id)]
    value = dict(zip(plan["measure"], plan["value"], strict=True))
    w = WORDS[lang]
    eok = value["total_budget"] / 1e8
    return [
        {"label": w["sectors"], "value": f"{value['sector_count']:,}"},
        {"label": w["projects"], "value": f"{value['project_count']:,}"},
        {
            "label": w["budget"],
            "value": f"{eok:,.0f}억원"
            if lang == "ko"
            else f"{eok / 10:,.1f} bn KRW ({eok:,.0f}억원)",
        },
        {"label": w["jobs"], "value": f"{value['jobs']:,}"},
    ]


def _reference_sources() -> list[str]:
    import pandas as pd

    ref = pd.read_csv(processed_dir() / "reference_figures.csv", keep_default_na=False)
    rates = pd.read_csv(processed_dir() / "exchange_rates.csv", keep_default_na=False)
    cpi = pd.read_csv(processed_dir() / "cpi.csv", keep_default_na=False)
    out = []
    seen = set()
    for _, row in ref.iterrows():
        key = (row["source_publisher"], row["source_date"], row["source_url"])
        if key in seen:
            continue
        seen.add(key)
        out.append(
            f"{row['source_publisher']}, {row['source_date']}: {row['source_title']} — {row['source_url']}"
        )
    for _, row in rates.iterrows():
        out.append(
            f"{row['currency']} {row['year']} ({row['basis']}): {row['krw_per_unit']:,.2f} KRW — "
            f"{row['source_publisher']}, {row['source_date']}, {row['source_url']}"
        )
    publishers = sorted({f"{r['source_publisher']} — {r['source_url']}" for _, r in cpi.iterrows()})
    out.append("CPI (2020 = 100): " + "; ".join(publishers))
    return out


def _settings(values: dict[str, Any], lang: str) -> list[str]:
    params = values.get("parameters", {})
    items = list(values.get("assumptions", []))
    labels = {
        "ko": {
            "unit": "단위",
            "price_year": "가격 기준 연도",
            "exchange_rate": "환율(원/달러)",
            "jobs_split": "안심 외 일자리 배분",
        },
        "en": {
            "unit": "unit",
            "price_year": "price basis year",
            "exchange_rate": "exchange rate (KRW/USD)",
            "jobs_split": "split of non-안심 jobs",
        },
    }[lang]
    for key, label in labels.items():
        value = params.get(key)
        if value is None and key == "exchange_rate":
            value = "2020 average" if lang == "en" else "2020년 평균"
        items.append(f"{label}: {value}")
    return items


def _variant_label(job: dict[str, Any]) -> str:
    """``English`` or ``English (usd)``: the language, and the variant where there are several."""
    label = WORDS[job["lang"]]["unit_lang"]
    return f"{label} ({job['variant']})" if job.get("variant") else label


def _toc(body: str) -> list[dict[str, str]]:
    return [
        {"id": m.group(1), "title": html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))}
        for m in re.finditer(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', body, flags=re.S)
    ]


def export_briefing(
    nb: nbformat.NotebookNode,
    job: Any,
    target: Path,
    assets: Path,
    context: dict[str, Any],
) -> Path:
    """Write the briefing page for an executed, normalised notebook."""
    body = render_body(nb)
    values_file = assets / "values.json"
    values = json.loads(values_file.read_text(encoding="utf-8")) if values_file.is_file() else {}
    lang = job.lang
    siblings = [
        j for j in context.get("all_jobs", []) if j["slug"] == job.slug and j["name"] != job.name
    ]
    page = (
        _environment()
        .get_template("briefing.html.j2")
        .render(
            lang=lang,
            title=job.title,
            summary=job.summary,
            plan=text("plan", lang),
            t=WORDS[lang],
            css=_css(),
            build_date=context["build_date"],
            data_version=context["data_version"],
            basis_label=values.get("values", {}).get("unit_label", ""),
            headline=_headline(lang, values.get("plan_id")),
            toc=_toc(body),
            body=jinja2.utils.markupsafe.Markup(body),
            reference_sources=_reference_sources(),
            assumptions=_settings(values, lang),
            other_langs=[
                {
                    "href": f"{j['name']}.html",
                    "lang": j["lang"],
                    "label": _variant_label(j),
                }
                for j in siblings
            ],
        )
    )
    target.write_text(page, encoding="utf-8")
    return target


def write_index(jobs: list[Any], reports: Path, context: dict[str, Any]) -> Path:
    """Write ``reports/index.html``: every briefing per language with its one-line summary."""
    from analysis.files import atomic_write

    groups: dict[str, list[Any]] = {}
    for job in jobs:
        groups.setdefault(job.slug, []).append(job)
    page = (
        _environment()
        .get_template("index.html.j2")
        .render(
            css=_css(),
            words=WORDS,
            build_date=context["build_date"],
            data_version=context["data_version"],
            groups=[
                {
                    "slug": slug,
                    "items": [
                        {
                            "name": j.name,
                            "lang": j.lang,
                            "title": j.title,
                            "summary": j.summary,
                            "exists": (reports / f"{j.name}.html").is_file(),
                            "label": _variant_label(asdict(j)),
                        }
                        for j in items
                    ],
                }
                for slug, items in groups.items()
            ],
        )
    )
    target = reports / "index.html"
    atomic_write(target, page.encode("utf-8"))
    return target
