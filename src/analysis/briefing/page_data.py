"""The page data a briefing writes as it runs, and the site build reads (``page.json``).

Beside ``values.json`` (figures for tests and readers), a briefing records what the page
around its outputs shows: its headings (the contents list), the headline box, the unit
label, its assumptions and settings. The renderer reads this one file; it never parses
the notebook's HTML or re-reads processed tables for them.

Every string in it is plain text (never markup): the page template escapes it.
"""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from analysis.briefing.labels import SETTINGS, text
from analysis.briefing.numbers import english_money, korean_money, source_digits
from analysis.briefing.parameters import PLAN_YEAR
from analysis.briefing.prose import HANGUL_RUN
from analysis.files import atomic_write

__all__ = [
    "PAGE_FILE",
    "PageData",
    "headline_items",
    "korean_spans",
    "read_page_data",
    "settings_items",
]

PAGE_FILE = "page.json"


@dataclass
class PageData:
    """What the page around a briefing shows (all plain text).

    Attributes
    ----------
    headings : list of dict
        ``{"id": anchor, "title": heading}`` in order, for the contents list.
    headline : list of dict
        ``{"label": ..., "value": ...}`` for the headline box.
    unit_label : str
        The display unit and price basis (``억원, 2020년 명목``).
    settings : list of str
        The briefing's assumptions followed by one ``label: value`` line per parameter.
    tables : list of dict
        ``{"file": path under the assets folder, "title": ...}`` of every table the page
        shows (figure data and tables), saved as CSV: the sheets of the briefing's workbook.
    plan_id : str
        The plan the briefing is about (its source text is linked from the page).
    findings : list of str
        The briefing's own 2–3 headline findings (``Briefing.headline``); where empty, the
        page shows ``headline`` (the plan's stated figures) instead.
    """

    headings: list[dict[str, str]] = field(default_factory=list)
    headline: list[dict[str, str]] = field(default_factory=list)
    unit_label: str = ""
    settings: list[str] = field(default_factory=list)
    tables: list[dict[str, str]] = field(default_factory=list)
    plan_id: str = ""
    findings: list[str] = field(default_factory=list)

    def write(self, folder: Path) -> Path:
        """Write ``folder/page.json`` atomically and return its path."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / PAGE_FILE
        payload = json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True)
        atomic_write(target, (payload + "\n").encode("utf-8"))
        return target


def read_page_data(folder: Path) -> PageData:
    """The page data in ``folder`` (an empty one where the notebook wrote none)."""
    path = folder / PAGE_FILE
    if not path.is_file():
        return PageData()
    return PageData(**json.loads(path.read_text(encoding="utf-8")))


def headline_items(headline: dict[str, int], lang: str) -> list[dict[str, str]]:
    """The plan's stated headline figures as published (nominal 억원) for the summary box;
    a figure the plan does not state is left out.

    Parameters
    ----------
    headline : dict
        ``sector_count``, ``project_count``, ``total_budget`` (KRW) and ``jobs``, as
        :func:`analysis.briefing.tables.plan_headline` returns them.
    lang : {"ko", "en"}

    Examples
    --------
    >>> plan = {"sector_count": 4, "project_count": 42, "total_budget": 147_500_000_000,
    ...         "jobs": 9897}
    >>> headline_items(plan, "en")[2]
    {'label': 'Total budget', 'value': 'KRW 147.5 billion'}
    >>> headline_items(plan, "ko")[2]
    {'label': '총사업비', 'value': '1,475억원'}
    """
    items = []
    if "sector_count" in headline:
        items.append(
            {"label": text("page_sectors", lang), "value": f"{headline['sector_count']:,}"}
        )
    if "project_count" in headline:
        items.append(
            {"label": text("page_projects", lang), "value": f"{headline['project_count']:,}"}
        )
    if "total_budget" in headline:
        total = headline["total_budget"]
        digits = source_digits(total)
        budget = (
            korean_money(total, digits) if lang == "ko" else english_money(total, "KRW", digits)
        )
        items.append({"label": text("page_budget", lang), "value": budget})
    if "jobs" in headline:
        items.append({"label": text("page_jobs", lang), "value": f"{headline['jobs']:,}"})
    return items


def setting_sentence(name: str, value: object, lang: str) -> str:
    """One setting of a page (:data:`SETTINGS`) as a sentence in ``lang``.

    Examples
    --------
    >>> setting_sentence("price_year", 2023, "en")
    'Amounts are converted to constant 2023 won with the consumer price index.'
    >>> setting_sentence("exchange_rate", None, "ko")
    '달러 환산에는 2020년 평균 환율(한국은행)을 쓴다.'
    """
    if name == "price_year":
        key = "setting_price_year_nominal" if value == PLAN_YEAR else "setting_price_year_constant"
    elif name == "exchange_rate":
        key = "setting_exchange_rate_default" if value is None else "setting_exchange_rate_given"
        value = value if value is None else f"{float(value):,.2f}"  # type: ignore[arg-type]
    else:
        key = f"setting_{name}_{value}"
    return text(key, lang, value=value)


def settings_items(parameters: dict[str, Any], assumptions: list[str], lang: str) -> list[str]:
    """The assumptions, then one sentence per setting (:data:`SETTINGS`), in ``lang``.

    Examples
    --------
    >>> settings_items({"unit": "USD", "price_year": 2020, "exchange_rate": 1200,
    ...                 "jobs_split": "none"}, [], "en")[2]
    'Conversions to dollars use KRW 1,200.00 per US dollar.'
    """
    items = list(assumptions)
    items += [setting_sentence(name, parameters.get(name), lang) for name in SETTINGS]
    return items


def korean_spans(value: str) -> str:
    """``value`` escaped, each run of Hangul marked ``<span lang="ko">`` (data labels such as
    ``Safety (안심)`` keep the Korean term beside its translation).

    Examples
    --------
    >>> korean_spans("Safety (안심) <b>")
    'Safety (<span lang="ko">안심</span>) &lt;b&gt;'
    """
    return HANGUL_RUN.sub(lambda m: f'<span lang="ko">{m.group(0)}</span>', html.escape(value))
