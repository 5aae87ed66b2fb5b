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

import json
import re
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from analysis.briefing.labels import LANGS, page_words, text, written_years
from analysis.briefing.page_data import korean_spans, read_page_data
from analysis.data.load import processed_rows
from analysis.paths import processed_dir, raw_dir
from analysis.site.downloads import DATA_PACKAGE, link_assets, write_data_package, write_workbook
from analysis.site.pdf import css_string
from analysis.site.sources import (
    link_paragraphs,
    plan_for,
    safe_url,
    source_href,
    sources_of,
    write_source_pages,
)

if TYPE_CHECKING:
    import nbformat

__all__ = ["export_briefing", "normalise_notebook", "page_template", "render_body", "write_index"]

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        keep_trailing_newline=True,
    )
    env.filters["ko"] = lambda value: jinja2.utils.markupsafe.Markup(korean_spans(str(value)))
    env.filters["css_string"] = css_string  # the print footer's words, in the page's <style>
    return env


def page_template() -> jinja2.Template:
    """The briefing page's template, compiled once per process and kept in the Jinja
    environment's cache, which checks the file's modification time on each call (the build's
    fork server compiles it for every worker: :mod:`analysis.site.warm_worker`)."""
    return _environment().get_template("briefing.html.j2")


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


def _reference_sources(lang: str) -> list[dict[str, str]]:
    """The reference figures' sources in ``lang``: ``{"text": ..., "url": ...}`` (url
    empty unless it is an http(s) address, so the page links it). The words around the
    data's values (what a figure is, its unit) are the catalogue's
    (``reference_source_*``); the CPI's base year is the data's own."""
    ref, rates, cpi = (
        processed_rows(name, processed_dir())
        for name in ("reference_figures", "exchange_rates", "cpi")
    )
    out = []
    seen = set()
    for row in ref:
        key = (row["source_publisher"], row["source_date"], row["source_url"])
        if key in seen:
            continue
        seen.add(key)
        out.append(
            {
                "text": f"{row['source_publisher']}, {row['source_date']}: {row['source_title']}",
                "url": safe_url(row["source_url"]),
            }
        )
    for row in rates:
        rate = text(
            "reference_source_exchange_rate",
            lang,
            currency=row["currency"],
            year=row["year"],
            basis=row["basis"],
            rate=float(row["krw_per_unit"]),
        )
        out.append(
            {
                "text": f"{rate} — {row['source_publisher']}, {row['source_date']}",
                "url": safe_url(row["source_url"]),
            }
        )
    for base, publisher, url in sorted(
        {(r["base"], r["source_publisher"], r["source_url"]) for r in cpi}
    ):
        out.append(
            {
                "text": f"{text('reference_source_cpi', lang, base=base)}: {publisher}",
                "url": safe_url(url),
            }
        )
    return out


def _variant_label(job: dict[str, Any]) -> str:
    """``English`` or ``English (usd)``: the language, and the variant where there are several."""
    label = text("page_unit_lang", job["lang"])
    return f"{label} ({job['variant']})" if job.get("variant") else label


def briefing_body(nb: nbformat.NotebookNode, job: Any, plan_sources: list[dict[str, Any]]) -> str:
    """The notebook's outputs as the page shows them: rendered (no code), download links
    pointed at the briefing's assets, and each "(문단 n)" linked to the plan's source text —
    only for a plan with one source, where the paragraph number is unambiguous."""
    source_page = source_href(plan_sources[0]) if len(plan_sources) == 1 else ""
    return link_paragraphs(link_assets(render_body(nb), job.name), source_page)


def export_briefing(
    nb: nbformat.NotebookNode,
    job: Any,
    target: Path,
    assets: Path,
    context: dict[str, Any],
) -> Path:
    """Write the briefing page for an executed, normalised notebook.

    The header, headline box, contents list and settings come from the page data the
    briefing wrote as it ran (``assets/page.json``, :mod:`analysis.briefing.page_data`).
    """
    page_data = read_page_data(assets)
    # the plan the page is about (none for a briefing across plans, such as the comparison)
    plan = plan_for(processed_dir(), job.plan) if job.plan else None
    plan_sources = sources_of(processed_dir(), job.plan) if plan else []
    body = briefing_body(nb, job, plan_sources)
    lang = job.lang
    sources = _reference_sources(lang)
    workbook = _briefing_workbook(job, plan, assets, page_data, sources, context)
    siblings = [
        j for j in context.get("all_jobs", []) if j["slug"] == job.slug and j["name"] != job.name
    ]
    page = page_template().render(
        lang=lang,
        title=job.title,
        summary=job.summary,
        plan=_kicker(plan, lang),
        document_title=_document_title(job.title, plan, lang),
        t=page_words(lang),
        css=_css(),
        build_date=context["build_date"],
        data_version=context["data_version"],
        basis_label=page_data.unit_label,
        headline=page_data.headline if plan else [],
        findings=page_data.findings,
        toc=page_data.headings,
        body=jinja2.utils.markupsafe.Markup(body),
        reference_sources=sources,
        plan_source=_plan_source(plan, plan_sources[0] if plan_sources else None),
        more_sources=[
            _source_item(source, str(source.get("date") or "")) for source in plan_sources[1:]
        ],
        cite=citation(job.title, lang, f"{job.name}.html", context),
        data_package=DATA_PACKAGE,
        workbook_href=f"assets/{job.name}/{workbook.name}" if workbook else "",
        assumptions=page_data.settings,
        other_langs=[
            {
                "href": f"{j['name']}.html",
                "lang": j["lang"],
                "label": _variant_label(j),
            }
            for j in siblings
        ],
    )
    target.write_text(page, encoding="utf-8")
    return target


_BIBTEX_SPECIAL = {c: "\\" + c for c in "{}%&$#_"} | {
    "\\": r"\textbackslash{}",
    "~": r"\~{}",
    "^": r"\^{}",
}


def bibtex_escape(value: str) -> str:
    """``value`` safe inside a BibTeX field (braces, backslash and TeX specials escaped).

    Examples
    --------
    >>> print(bibtex_escape("50% of {x}_1"))
    50\\% of \\{x\\}\\_1
    """
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in value)


def citation(title: str, lang: str, address: str, context: dict[str, Any]) -> dict[str, str]:
    """How to cite a page: title, publisher (this project), date (of the build), version (of
    the data), address (the page's path relative to the reports folder), and a BibTeX entry.

    Examples
    --------
    >>> c = citation("Overview", "en", "overview-en.html",
    ...              {"build_date": "2020-09-13", "data_version": "a0cf98aead78"})
    >>> print(c["bibtex"])
    @misc{overview_en_2020_09_13,
      title = {Overview},
      author = {{Smart New Deal policy analysis (reproducible briefings)}},
      year = {2020},
      date = {2020-09-13},
      version = {data a0cf98aead78},
      howpublished = {overview-en.html},
      language = {english}
    }
    """
    publisher = text("page_publisher", lang)
    date, version = context["build_date"], context["data_version"]
    key = re.sub(r"[^A-Za-z0-9]+", "_", f"{address.rsplit('.', 1)[0]}_{date}")
    fields = {
        "title": bibtex_escape(title),
        "author": "{" + bibtex_escape(publisher) + "}",
        "year": date[:4],
        "date": date,
        "version": f"data {bibtex_escape(version)}",
        "howpublished": bibtex_escape(address),
        "language": "korean" if lang == "ko" else "english",
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return {
        "title": title,
        "publisher": publisher,
        "date": date,
        "version": version,
        "address": address,
        "bibtex": f"@misc{{{key},\n{body}\n}}",
    }


def _kicker(plan: dict[str, Any] | None, lang: str) -> str:
    """The line above a page's title: the plan's name and year, or, for a briefing about no
    single plan, what it compares.

    Examples
    --------
    >>> _kicker({"plan_name_en": "Gyeonggi New Deal", "announced_date": "2020-07-23"}, "en")
    'Gyeonggi New Deal (2020)'
    >>> _kicker(None, "en")
    'Local New Deal plans compared'
    """
    if plan is None:
        return text("page_plans_compared", lang)
    year = str(plan.get("announced_date") or "")[:4]
    name = str(plan.get(f"plan_name_{lang}") or "")
    return f"{name} ({year})" if year else name


def _document_title(title: str, plan: dict[str, Any] | None, lang: str) -> str:
    """A page's ``<title>`` (browser tab, bookmark, search result): its title and the plan's
    year, the plan named once; where the title does not name the plan, the kicker's
    (:func:`_kicker`) name and year follow it.

    Examples
    --------
    >>> plan = {"plan_name_en": "Incheon New Deal", "announced_date": "2020-11-08"}
    >>> _document_title("Jobs per budget: the Incheon New Deal", plan, "en")
    'Jobs per budget: the Incheon New Deal (2020)'
    >>> _document_title("Plans compared", None, "en")
    'Plans compared — Local New Deal plans compared'
    """
    kicker = _kicker(plan, lang)
    name = str((plan or {}).get(f"plan_name_{lang}") or "")
    if name and name in title:
        return f"{title}{kicker[len(name) :]}"
    return f"{title} — {kicker}"


def _plan_source(plan: dict[str, Any] | None, source: dict[str, Any] | None) -> dict[str, str]:
    """What the page says of the plan's announcement: the source it cites first, as
    :func:`_source_item` lists it, dated by the plan's announcement."""
    if plan is None or source is None:
        return {}
    return _source_item(source, str(plan.get("announced_date") or source.get("date") or ""))


def _source_item(source: dict[str, Any], date: str) -> dict[str, str]:
    """A plan's source as the sources section lists it: publisher and title, ``date``, its
    address, and the link to the shipped copy of its text (:func:`source_href`)."""
    described = " · ".join(p for p in (source.get("publisher"), source.get("title")) if p)
    return {
        "description": described,
        "date": date,
        "url": safe_url(source.get("url")),
        "href": source_href(source),
    }


def _briefing_workbook(
    job: Any,
    plan: dict[str, Any] | None,
    assets: Path,
    page_data: Any,
    sources: list[str],
    context: dict[str, Any],
) -> Path | None:
    """``assets/<name>.xlsx``: a sheet per table the page shows, and a README sheet with the
    sources, the settings and the definitions (None where the page shows no table); ``plan``
    is the page's row of ``plans.csv`` (None for a page about no single plan)."""
    tables = [(t["title"], assets / t["file"]) for t in page_data.tables]
    tables = [(title, path) for title, path in tables if path.is_file()]
    if not tables:
        return None
    lang = job.lang
    readme = [
        (text("page_readme_sheet", lang), job.title),
        (_kicker(plan, lang), job.summary),
        (text("page_built", lang), context["build_date"]),
        (text("page_data_version", lang), context["data_version"]),
        (text("page_sources", lang), text("page_announcement", lang)),
        *(("", f"{source['text']} {source['url']}".strip()) for source in sources),
        (text("page_assumptions", lang), "; ".join(page_data.settings)),
        ("", text("page_method", lang)),
    ]
    return write_workbook(assets / f"{job.name}.xlsx", tables, readme, context["build_date"])


def write_index(
    jobs: list[Any], reports: Path, context: dict[str, Any], plans: list[Any] | None = None
) -> Path:
    """Write ``reports/index.html``: the briefings about no single plan (the comparison)
    first, then one section per plan (its name, government and announcement date, in order
    of announcement), each briefing in every language with its one-line summary. The
    introduction names the years in which the plans listed were announced.

    Parameters
    ----------
    jobs : list of BriefingJob
        Every configured job (pages not built yet are listed as such).
    reports : Path
        The reports folder.
    context : dict
        The build's context (``build_date``, ``data_version``).
    plans : list of PlanInfo, optional
        Default: the plans of the processed data.
    """
    from analysis.files import atomic_write
    from analysis.site.config import processed_plans

    write_data_package(reports, processed_dir(), context["data_version"], context["build_date"])
    write_source_pages(reports, processed_dir(), raw_dir(), _css())

    known = {plan.plan_id: plan for plan in (processed_plans() if plans is None else plans)}
    sections = [{"id": "compared", "plan": None, "groups": _index_groups(jobs, "", reports)}]
    about = sorted({j.plan for j in jobs if j.plan}, key=lambda p: (known[p].announced_date, p))
    sections += [
        {"id": f"plan-{p}", "plan": known[p], "groups": _index_groups(jobs, p, reports)}
        for p in about
    ]
    dates = [known[p].announced_date for p in (about or known)]
    page = (
        _environment()
        .get_template("index.html.j2")
        .render(
            css=_css(),
            words={lang: page_words(lang) for lang in LANGS},
            intro={
                lang: text("page_index_intro", lang, years=written_years(dates, lang))
                for lang in LANGS
            },
            build_date=context["build_date"],
            data_version=context["data_version"],
            sections=[section for section in sections if section["groups"]],
            data_package=DATA_PACKAGE,
        )
    )
    target = reports / "index.html"
    atomic_write(target, page.encode("utf-8"))
    return target


def _index_groups(jobs: list[Any], plan: str, reports: Path) -> list[dict[str, Any]]:
    """The index entries of one plan's pages (``plan=""``: pages about no single plan),
    grouped by page group in config order."""
    groups: dict[str, list[Any]] = {}
    for job in jobs:
        if job.plan == plan:
            groups.setdefault(job.slug, []).append(job)
    return [
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
    ]
