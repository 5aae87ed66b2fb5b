"""Provenance one click away: the plans' source texts shipped with the reports, and links
from every "(문단 n)" / "(paragraph n)" of a page to the paragraph it cites.

:func:`write_source_pages` writes ``reports/sources/<plan_id>/<source_id>.html`` for each
source of ``sources.csv`` (a plan may have several: its announcement, press reports): one
``<p id="p-n">`` per paragraph (line n of the source file), and each quote a figure of that
source cites (``figures.csv``: ``source_id``, ``source_paragraph``, ``source_quote``)
highlighted as ``<mark id="q-<figure_id>">``. Plan names, the publisher, title, date and
address come from the processed tables, never from this code.

:func:`link_paragraphs` turns the paragraph numbers in a page's text into links to those
anchors. It edits text between tags only, so no attribute or markup is touched.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from analysis.data.load import processed_rows
from analysis.files import atomic_write
from analysis.page_names import source_page

__all__ = [
    "link_paragraphs",
    "plan_for",
    "safe_url",
    "source_href",
    "sources_of",
    "write_source_pages",
]

_TAG = re.compile(r"(<[^>]+>)")
_CITATION = re.compile(
    r"(문단|paragraphs?)(\s+)(\d+(?:\s*(?:[–,-]|and|및|·)\s*\d+)*)", flags=re.IGNORECASE
)
_NUMBER = re.compile(r"\d+")
_TAG_NAME = re.compile(r"<(/?)\s*([A-Za-z][A-Za-z0-9]*)")


def safe_url(url: object) -> str:
    """``url`` if it is an absolute http(s) address, else ``""`` (never a script link).

    Examples
    --------
    >>> safe_url("https://www.korea.kr/x?a=1"), safe_url("javascript:alert(1)"), safe_url(None)
    ('https://www.korea.kr/x?a=1', '', '')
    """
    text = str(url or "").strip()
    return text if re.match(r"^https?://[^\s\"'<>]+$", text) else ""


def source_href(source: dict[str, Any]) -> str:
    """Relative address of a source's page, from the reports folder.

    Examples
    --------
    >>> source_href({"plan_id": "p1", "source_id": "press_2020"})
    'sources/p1/press_2020.html'
    """
    return source_page(source["plan_id"], source["source_id"])


def link_paragraphs(body: str, href: str) -> str:
    """Link every paragraph number cited in the text of ``body`` to ``href#p-<n>``.

    Examples
    --------
    >>> link_paragraphs("<p>발표문(문단 1–2)</p>", "s.html")
    '<p>발표문(문단 <a class="para" href="s.html#p-1">1</a>–<a class="para" href="s.html#p-2">2</a>)</p>'
    >>> link_paragraphs('<img alt="paragraph 3">', "s.html")
    '<img alt="paragraph 3">'
    >>> link_paragraphs('<a href="x">paragraph 3</a> (paragraph 4)', "s.html")
    '<a href="x">paragraph 3</a> (paragraph <a class="para" href="s.html#p-4">4</a>)'
    """
    if not href:
        return body

    def numbers(match: re.Match[str]) -> str:
        linked = _NUMBER.sub(
            lambda n: f'<a class="para" href="{href}#p-{n.group(0)}">{n.group(0)}</a>',
            match.group(3),
        )
        return match.group(1) + match.group(2) + linked

    parts = _TAG.split(body)
    inside_link = False
    for i, part in enumerate(parts):
        if i % 2:  # a tag: <a ...> opens a link, </a> closes it
            tag = _TAG_NAME.match(part)
            if tag and tag.group(2).lower() == "a":
                inside_link = not tag.group(1)
            continue
        if not inside_link:
            parts[i] = _CITATION.sub(numbers, part)
    return "".join(parts)


def plan_for(processed: Path, plan_id: str) -> dict[str, Any] | None:
    """The row of ``plans.csv`` for ``plan_id`` (None where there is none)."""
    return next(
        (p for p in processed_rows("plans", processed, missing_ok=True) if p["plan_id"] == plan_id),
        None,
    )


def sources_of(processed: Path, plan_id: str) -> list[dict[str, Any]]:
    """The rows of ``sources.csv`` for ``plan_id``, the plan's own announcement first (the
    source a page's "(문단 n)" cites), then the others in table order."""
    rows = [
        s for s in processed_rows("sources", processed, missing_ok=True) if s["plan_id"] == plan_id
    ]
    return sorted(rows, key=lambda s: s.get("kind") != "announcement")


def _marked(paragraph: str, quotes: list[tuple[str, str]]) -> str:
    """The paragraph escaped, each quote found in it wrapped in ``<mark id=...>``."""
    spans: list[tuple[int, int, str]] = []
    for figure_id, quote in quotes:
        start = paragraph.find(quote) if quote else -1
        if start < 0 or any(a < start + len(quote) and start < b for a, b, _ in spans):
            continue
        spans.append((start, start + len(quote), figure_id))
    out, last = [], 0
    for start, end, figure_id in sorted(spans):
        out.append(html.escape(paragraph[last:start]))
        ident = re.sub(r"[^A-Za-z0-9_-]", "-", figure_id)
        out.append(f'<mark id="q-{ident}">{html.escape(paragraph[start:end])}</mark>')
        last = end
    out.append(html.escape(paragraph[last:]))
    return "".join(out)


def write_source_pages(reports: Path, processed: Path, raw: Path, css: str) -> list[Path]:
    """Write one anchored copy of each source text of each plan under ``reports/sources/``."""
    figures = processed_rows("figures", processed, missing_ok=True)
    written = []
    for plan in processed_rows("plans", processed, missing_ok=True):
        for source in sources_of(processed, plan["plan_id"]):
            path = raw / "plans" / plan["plan_id"] / str(source["file"])
            if not path.is_file():
                continue
            quotes = [
                r
                for r in figures
                if r["plan_id"] == plan["plan_id"] and r.get("source_id", "") == source["source_id"]
            ]
            by_paragraph: dict[str, list[tuple[str, str]]] = {}
            for r in quotes:
                key = str(r["source_paragraph"]).strip()
                by_paragraph.setdefault(key, []).append((r["figure_id"], r["source_quote"]))
            paragraphs = [
                f'<p id="p-{number}"><a class="pnum" href="#p-{number}">{number}</a> '
                + _marked(line, by_paragraph.get(str(number), []))
                + "</p>"
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            ]
            url = safe_url(source.get("url"))
            address = f'<a href="{html.escape(url)}">{html.escape(url)}</a>' if url else ""
            described = " · ".join(
                part for part in (source.get("publisher"), source.get("title")) if part
            )
            page = _SOURCE_PAGE.format(
                title=html.escape(
                    f"{plan.get('plan_name_ko', '')} — {plan.get('government_ko', '')}"
                ),
                css=css,
                description=html.escape(described),
                when=html.escape(str(source.get("date") or "")),
                address=address,
                paragraphs="\n".join(paragraphs),
            )
            target = reports / source_href(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, page.encode("utf-8"))
            written.append(target)
    return written


_SOURCE_PAGE = """<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'none'; \
style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; object-src 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{css}
.source p {{ margin: .9rem 0; }}
.source p:target {{ background: #fff8e6; outline: 2px solid #e0a100; }}
.source mark {{ background: #ffe58a; }}
.source .pnum {{ color: var(--muted); font-size: .8rem; margin-right: .35rem; }}
</style>
</head>
<body>
<header class="page">
<h1>{title}</h1>
<p class="subtitle">{description} · {when} {address}</p>
</header>
<main class="source">
{paragraphs}
</main>
</body>
</html>
"""
