"""Provenance one click away: the plans' source texts shipped with the reports, and links
from every "(문단 n)" / "(paragraph n)" of a page to the paragraph it cites.

:func:`write_source_pages` writes ``reports/sources/<plan_id>/<source_id>.html`` for each
plan of ``plans.csv``: one ``<p id="p-n">`` per paragraph (line n of the source file), and
each quote a figure cites (``figures.csv``: ``source_paragraph``, ``source_quote``)
highlighted as ``<mark id="q-<figure_id>">``. Plan names, the announcement's date and
address come from the processed tables (``announced_date`` / ``source_url`` where a table
has them; otherwise the year and the description), never from this code.

:func:`link_paragraphs` turns the paragraph numbers in a page's text into links to those
anchors. It edits text between tags only, so no attribute or markup is touched.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.files import atomic_write

__all__ = ["link_paragraphs", "safe_url", "source_href", "write_source_pages"]

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


def source_href(plan: dict[str, Any]) -> str:
    """Relative address of a plan's source page, from the reports folder.

    Examples
    --------
    >>> source_href({"plan_id": "p1", "source_file": "source/p1_ko.txt"})
    'sources/p1/p1_ko.html'
    """
    return f"sources/{plan['plan_id']}/{Path(str(plan['source_file'])).stem}.html"


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


def _plans(processed: Path) -> list[dict[str, Any]]:
    path = processed / "plans.csv"
    if not path.is_file():
        return []
    return pd.read_csv(path, keep_default_na=False, dtype=str).to_dict("records")


def plan_for(processed: Path, plan_id: str) -> dict[str, Any] | None:
    """The row of ``plans.csv`` for ``plan_id`` (None where there is none)."""
    return next((p for p in _plans(processed) if p["plan_id"] == plan_id), None)


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
    """Write one anchored copy of each plan's source text under ``reports/sources/``."""
    figures_path = processed / "figures.csv"
    figures = (
        pd.read_csv(figures_path, keep_default_na=False, dtype=str)
        if figures_path.is_file()
        else pd.DataFrame(columns=["plan_id", "figure_id", "source_paragraph", "source_quote"])
    )
    written = []
    for plan in _plans(processed):
        source = raw / str(plan["source_file"])
        if not source.is_file():
            continue
        lines = source.read_text(encoding="utf-8").splitlines()
        rows = figures[figures["plan_id"] == plan["plan_id"]]
        paragraphs = []
        for number, line in enumerate(lines, 1):
            quotes = [
                (r["figure_id"], r["source_quote"])
                for _, r in rows.iterrows()
                if str(r["source_paragraph"]).strip() == str(number)
            ]
            paragraphs.append(
                f'<p id="p-{number}"><a class="pnum" href="#p-{number}">{number}</a> '
                f"{_marked(line, quotes)}</p>"
            )
        url = safe_url(plan.get("source_url"))
        when = plan.get("announced_date") or plan.get("announced_year", "")
        address = f'<a href="{html.escape(url)}">{html.escape(url)}</a>' if url else ""
        page = _SOURCE_PAGE.format(
            title=html.escape(f"{plan.get('plan_name_ko', '')} — {plan.get('city_ko', '')}"),
            css=css,
            description=html.escape(str(plan.get("source_description", ""))),
            when=html.escape(str(when)),
            address=address,
            paragraphs="\n".join(paragraphs),
        )
        target = reports / source_href(plan)
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
