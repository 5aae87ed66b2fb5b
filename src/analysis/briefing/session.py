"""What a briefing notebook calls: parameters, data, prose, numbered figures and tables.

A notebook starts with::

    brief = start_briefing("sector_comparison", globals())

which validates every parameter (a bad one fails here, in the first cell, with a message
naming it and its allowed values), applies the chart style and loads the processed tables.
Then :meth:`Briefing.say` shows prose in the chosen language, :meth:`Briefing.figure` saves a
chart as PNG and SVG and shows it with a numbered caption and the table of numbers it draws,
and :meth:`Briefing.record` writes key values to ``values.json`` so tests and readers can check
them.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display
from matplotlib.figure import Figure

from analysis.briefing import numbers
from analysis.briefing.chart_files import save_chart_files
from analysis.briefing.charts import apply_style
from analysis.briefing.html_tables import table_html
from analysis.briefing.labels import sentence_start, text
from analysis.briefing.money import MONEY_UNITS, MoneyBasis
from analysis.briefing.page_data import PageData, headline_items, korean_spans, settings_items
from analysis.briefing.parameters import (
    PLAN_YEAR,
    SCHEMA,
    BriefingParameters,
    available_choices,
    check_names,
    values_from,
)
from analysis.briefing.prose import fill, literal, placeholders, render_prose
from analysis.briefing.tables import plan_headline
from analysis.data.load import load_processed
from analysis.page_names import page_name
from analysis.paths import PROJECT_ROOT, processed_dir
from analysis.spreadsheet_cells import reader_csv

__all__ = ["Briefing", "start_briefing"]

VALUES_FILE = "values.json"


NOTE_KINDS = ("caveat", "assumption")


def english_money(amount: float, unit: str, significant: int = 3, *, derived: bool = False) -> str:
    """An amount in English by :func:`analysis.briefing.numbers.english_money`: in USD when
    ``unit`` is USD, otherwise in KRW (English has no 억).

    Examples
    --------
    >>> english_money(147_500_000_000, "억원", 4)
    'KRW 147.5 billion'
    >>> english_money(4_043_010.75, "KRW")
    'KRW 4.04 million'
    """
    currency = "USD" if unit == "USD" else "KRW"
    return numbers.english_money(amount, currency, significant, derived=derived)


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "section"


@dataclass
class Briefing:
    """State of one briefing run (see :func:`start_briefing`)."""

    name: str
    params: BriefingParameters
    output_dir: Path
    data_folder: Path
    figures_made: int = 0
    values: dict[str, Any] = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    headings: list[dict[str, str]] = field(default_factory=list)
    tables_shown: list[dict[str, str]] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    _tables: dict[tuple[str, bool], pd.DataFrame] = field(default_factory=dict)

    # --- data ---------------------------------------------------------------------------
    def table(self, name: str, *, all_plans: bool = False) -> pd.DataFrame:
        """A processed table, filtered to this briefing's plan where it has ``plan_id``
        (reference tables, or ``all_plans=True``, keep every plan's rows)."""
        key = (name, all_plans)
        if key not in self._tables:
            frame = load_processed(name, self.data_folder)
            keep_all = all_plans or name in ("reference_figures", "reference_pillars")
            if "plan_id" in frame.columns and not keep_all:
                frame = frame[frame["plan_id"] == self.plan_id].reset_index(drop=True)
            self._tables[key] = frame
        return self._tables[key].copy()

    @property
    def plan_id(self) -> str:
        """The plan this briefing is about (the ``plan`` parameter)."""
        return self.params.plan

    @property
    def lang(self) -> str:
        return self.params.lang

    @cached_property
    def basis(self) -> MoneyBasis:
        """The unit and price basis of the briefing's money amounts (from its parameters;
        worked out once)."""
        return MoneyBasis.from_parameters(
            self.params, self.table("cpi"), self.table("exchange_rates")
        )

    def sibling_page(self, briefing: str) -> str:
        """The file name of another briefing's page for this plan and language (for links
        between pages; :func:`analysis.page_names.page_name`)."""
        return f"{page_name(briefing, self.plan_id, self.lang)}.html"

    def t(self, key: str, **values: object) -> str:
        """A shared label in the briefing's language (see :mod:`analysis.briefing.labels`)."""
        return text(key, self.lang, **values)

    def pick(self, ko: str, en: str) -> str:
        """The Korean or English of a piece of prose."""
        return ko if self.lang == "ko" else en

    def money(self, krw: float, decimals: int | None = None, *, derived: bool = False) -> str:
        """An amount for prose, on the briefing's price basis, by the one number rule
        (:mod:`analysis.briefing.numbers`).

        Korean prose writes the amount in the unit that suits its size (``404만원``,
        ``1,475억원``, ``160조원``) unless the reader fixed a unit other than 억원
        (``4.04백만원``, ``4,040,000원``, ``1.25억달러``); English prose uses scale words
        (``KRW 147.5 billion``, ``USD 125 million``). Significant digits follow the source:
        as many as an exact amount carries, at least 3 (:func:`numbers.source_digits`).
        A ``derived`` amount (per job, per resident, a difference), and every amount
        converted to USD or to constant prices, is a derived figure: 3 significant digits
        with trailing zeros kept, so the amounts of one sentence read to one precision
        (``USD 96.7 billion − USD 38.0 billion``; see :mod:`analysis.briefing.numbers`).
        ``decimals`` is ignored (kept so notebooks written before the rule still run).
        """
        del decimals
        basis = self.basis
        derived = derived or basis.unit == "USD" or basis.price_year != PLAN_YEAR
        significant = numbers.source_digits(krw)
        value = float(basis.convert(krw))
        if self.lang == "en":
            return english_money(
                value * MONEY_UNITS[basis.unit], basis.unit, significant, derived=derived
            )
        if basis.unit == "USD":
            return numbers.korean_money(value, significant, currency="달러", derived=derived)
        if basis.unit == BriefingParameters.unit:  # the default: the unit that suits the size
            return numbers.korean_money(
                value * MONEY_UNITS[basis.unit], significant, derived=derived
            )
        return numbers.fixed_unit_money(value, basis.unit_name, significant, derived=derived)

    # --- output -------------------------------------------------------------------------
    def _words(self, value: str) -> str:
        """Plain text escaped for HTML; on an English page each Hangul run (a Korean name
        in a caption) is marked ``lang="ko"``."""
        return html.escape(value) if self.lang == "ko" else korean_spans(value)

    @staticmethod
    def literal(value: object) -> str:
        """``value`` escaped for prose: shown as its characters, never as Markdown or HTML
        (see :func:`analysis.briefing.prose.literal`)."""
        return literal(value)

    def heading(self, ko: str, en: str) -> None:
        """A section heading (``<h2>`` with an anchor, listed in the table of contents)."""
        title = self.pick(ko, en)
        anchor = _slug(en)
        self.headings.append({"id": anchor, "title": title})
        self.save_page_data()
        display(HTML(f'<h2 id="{anchor}">{html.escape(title)}</h2>'))

    def headline(self, findings: list[tuple[str, str]], **values: object) -> None:
        """The page's headline box: two or three findings, each a ``(ko, en)`` sentence
        written from the data (``values`` as in :meth:`say`, shown literally).

        Without it the page shows the plan's stated figures (sectors, projects, budget,
        jobs). Calling it again replaces the findings.

        Raises
        ------
        ValueError
            Unless there are 2 or 3 findings, each a pair of non-empty texts.
        """
        if not 2 <= len(findings) <= 3:
            raise ValueError(f"a headline box holds 2 or 3 findings, not {len(findings)}")
        chosen = []
        for number, pair in enumerate(findings, 1):
            if len(pair) != 2 or not all(isinstance(t, str) and t.strip() for t in pair):
                raise ValueError(f"finding {number}: give a (Korean, English) pair of sentences")
            sentence = self.pick(*pair)
            used = {k: v for k, v in values.items() if k in placeholders(sentence)}
            chosen.append(fill(sentence, used, escape=str))
        unused = [k for k in values if not any(k in placeholders(self.pick(*p)) for p in findings)]
        if unused:
            raise KeyError(f"no placeholder for {', '.join(unused)} in the findings")
        self.findings = chosen
        self.save_page_data()

    def say(self, ko: str, en: str, **values: object) -> None:
        """Prose in the briefing's language (Markdown, no raw HTML).

        Data values (names from the tables) go in ``values`` and are shown literally where
        the text has ``{name}``: ``brief.say("... {sector} ...", "... {sector} ...",
        sector=name)``.
        """
        body = render_prose(fill(self.pick(ko, en), values), mark_korean=self.lang != "ko")
        display(HTML(f'<div class="prose">{body}</div>'))

    def note(self, ko: str, en: str, *, kind: str = "caveat", **values: object) -> None:
        """A highlighted caveat or assumption box (``values`` as in :meth:`say`)."""
        if kind not in NOTE_KINDS:
            raise ValueError(f"note kind {kind!r}; allowed: {', '.join(NOTE_KINDS)}")
        if kind == "assumption":  # plain text for the page's settings list
            self.assumptions.append(fill(self.pick(ko, en), values, escape=str))
            self.save_page_data()
        body = render_prose(fill(self.pick(ko, en), values), mark_korean=self.lang != "ko")
        display(HTML(f'<aside class="note {kind}"><strong>{self.t(kind)}</strong>{body}</aside>'))

    def figure(
        self,
        fig: Figure,
        name: str,
        *,
        caption_ko: str,
        caption_en: str,
        data: pd.DataFrame | None = None,
        alt_ko: str = "",
        alt_en: str = "",
        formats: Mapping[str, Callable[[float], str]] | None = None,
    ) -> None:
        """Tidy ``fig``'s labels, save it as PNG and SVG under ``output_dir/figures``
        (:func:`analysis.briefing.chart_files.save_chart_files`), and show it with a
        numbered caption (beginning with a capital,
        :func:`analysis.briefing.labels.sentence_start`) and its data table (``formats``:
        how named number columns are written on the page,
        :func:`analysis.briefing.html_tables.table_html`; the CSV download keeps ``data``
        at full precision).

        A phone variant (narrower, larger text: :func:`analysis.briefing.charts.phone_layout`)
        is saved beside it and served to narrow screens by a ``<picture>`` element; both
        images are embedded, so the page stays one file. Each image says, in
        ``data-text-px``, its smallest text in its own pixels (tests check it on screen).
        """
        self.figures_made += 1
        self.record(figures=self.figures_made)  # values.json always holds the chart count
        number = self.figures_made
        stem = f"{number:02d}-{name}"
        files = save_chart_files(fig, self.output_dir / "figures", stem)
        plt.close(fig)
        caption = sentence_start(self.pick(caption_ko, caption_en))
        alt = sentence_start(self.pick(alt_ko, alt_en)) or caption
        word = self.t("figure")
        data_html = ""
        links = [("svg", files.svg), ("png", files.png)]
        if data is not None:
            data_html = (
                f'<details class="figure-data" open><summary>'
                f"{self.t('figure_numbers')}</summary>"
                f"{table_html(data, mark_korean=self.lang != 'ko', formats=formats)}</details>"
            )
            csv = self._save_csv(data, f"figures/{stem}.csv", f"{word} {number}. {caption}")
            links.insert(0, ("csv", csv))
        downloads = " · ".join(
            f'<a data-asset href="{path.relative_to(self.output_dir).as_posix()}" download>'
            f"{self.t(f'download_{kind}')}</a>"
            for kind, path in links
        )
        display(
            HTML(
                f'<figure class="chart" id="figure-{number}"><picture>'
                f'<source media="(max-width: 600px)" srcset="{_data_uri(files.phone_png)}" '
                f'data-text-px="{files.phone_text_px:.2f}">'
                f'<img src="{_data_uri(files.png)}" alt="{html.escape(alt)}" '
                f'data-text-px="{files.png_text_px:.2f}"></picture>'
                f"<figcaption><strong>{word} {number}.</strong> {self._words(caption)}</figcaption>"
                f'<p class="downloads">{self.t("download")}: {downloads}</p>'
                f"{data_html}</figure>"
            )
        )

    def show_table(
        self, data: pd.DataFrame, caption: str = "", shown: pd.DataFrame | None = None
    ) -> None:
        """Show a table of numbers (formatted, with its caption); its numbers are saved as
        CSV under ``output_dir/tables`` (a sheet of the briefing's workbook). ``shown``, if
        given, is what the page shows instead: ``data`` with figures already written (e.g.
        row by row, :func:`analysis.briefing.audit_view.figures_as_written`), while the CSV
        keeps ``data``'s numbers."""
        cap = f"<caption>{self._words(caption)}</caption>" if caption else ""
        number = len([t for t in self.tables_shown if t["file"].startswith("tables/")]) + 1
        title = caption or f"{self.t('table')} {number}"
        self._save_csv(data, f"tables/table-{number:02d}.csv", title)
        page = data if shown is None else shown
        display(HTML(table_html(page, cap, mark_korean=self.lang != "ko")))

    def _save_csv(self, data: pd.DataFrame, relative: str, title: str) -> Path:
        """Write ``data`` as a CSV file for readers (:func:`analysis.spreadsheet_cells.reader_csv`:
        UTF-8 with a byte-order mark, no text cell a formula), list it in the page data, and
        return its path."""
        target = self.output_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(reader_csv(data))
        self.tables_shown.append({"file": relative, "title": title})
        self.save_page_data()
        return target

    def page_data(self) -> PageData:
        """What the page around this briefing shows (see :mod:`analysis.briefing.page_data`)."""
        return PageData(
            headings=list(self.headings),
            headline=[dict(item) for item in self._headline],
            unit_label=self.basis.label,
            settings=settings_items(self.params.__dict__, self.assumptions, self.lang),
            tables=list(self.tables_shown),
            plan_id=self.plan_id,
            findings=list(self.findings),
        )

    @cached_property
    def _headline(self) -> list[dict[str, str]]:
        """The headline box of the page (from the plan's figures; worked out once)."""
        return headline_items(plan_headline(self.table("figures"), self.plan_id), self.lang)

    def save_page_data(self) -> None:
        """Write :meth:`page_data` to ``page.json`` beside ``values.json``."""
        self.page_data().write(self.output_dir)

    def record(self, **values: Any) -> None:
        """Record key values in ``values.json`` (read by tests and the index page)."""
        self.values.update(values)
        self.save_page_data()
        self.output_dir.mkdir(parents=True, exist_ok=True)
        payload = {
            "briefing": self.name,
            "plan_id": self.plan_id,
            "parameters": self.params.__dict__,
            "assumptions": self.assumptions,
            "values": self.values,
        }
        (self.output_dir / VALUES_FILE).write_text(
            json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True, default=_json_default)
            + "\n",
            encoding="utf-8",
        )


def _data_uri(png: Path) -> str:
    """A PNG file as a ``data:`` URI (pages embed their images: no second file to lose)."""
    return "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode("ascii")


def _json_default(value: object) -> object:
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"cannot record {type(value).__name__} in values.json")


def start_briefing(
    name: str, namespace: Mapping[str, Any] | None = None, /, **values: Any
) -> Briefing:
    """Validate the parameters, style the charts and open the processed data.

    Parameters
    ----------
    name : str
        The briefing's name (used for default output folders).
    namespace : mapping, optional
        Where the notebook's parameters cell put them: pass ``globals()``; the names of the
        schema (:data:`analysis.briefing.parameters.PARAMETERS`) are read from it.
    **values
        Parameters by name (they win over ``namespace``); ``output_dir`` (figures and
        ``values.json``, default ``build/interactive/<name>-<lang>``) and ``data_dir`` (a
        folder holding ``processed/``, default ``$ANALYSIS_DATA_DIR`` or the project's).

    Raises
    ------
    analysis.briefing.parameters.ParameterError
        Naming an unknown parameter (with a did-you-mean) or the first invalid one and its
        allowed values.
    """
    values = values_from(namespace or {}) | values
    check_names(values, SCHEMA)
    output_dir, data_dir = values.pop("output_dir", None), values.pop("data_dir", None)
    folder = Path(data_dir) / "processed" if data_dir else processed_dir()
    params = BriefingParameters.validated(available_choices(folder), **values)
    lang = params.lang
    out = (
        Path(output_dir)
        if output_dir
        else PROJECT_ROOT / "build" / "interactive" / f"{name}-{lang}"
    )
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1577836800")
    apply_style()
    brief = Briefing(name=name, params=params, output_dir=out, data_folder=folder)
    if params.unit == "USD":
        brief.assumptions.append(brief.basis.rate_name)
    if params.price_year != 2020:
        brief.assumptions.append(brief.t("constant", year=params.price_year))
    brief.save_page_data()
    return brief
