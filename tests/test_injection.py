"""Nothing from data becomes markup: hostile text in every displayed column of every raw table
(and in the briefing titles and summaries) is built into real pages and opened in headless
Chromium, which must run no script, hold no script element, no ``on*`` attribute and no
``javascript:`` link, and show the hostile text literally.

The three payload kinds (an HTML tag with an event handler, a script element, a Markdown
``javascript:`` link with emphasis) are appended together to every displayed text cell, so
one build covers every column and kind (a build takes a minute or two on the shared 2-core
machine); only the overview and the sector comparison (whose prose quotes a sector name) are
built, in Korean and English. Where a table's rows carry a ``source_quote``, the
quote and the source text are edited with the names, so the provenance check still holds.
"""

from __future__ import annotations

import csv
import shutil
import stat
from pathlib import Path

import pytest
import yaml
from test_browser import LAPTOP, browser, open_page  # noqa: F401 (browser is a fixture)

from analysis.data.raw import RAW_TABLES

ROOT = Path(__file__).resolve().parents[1]
SOURCE_TEXT = Path("source") / "uijeongbu_smart_new_deal_2020_ko.txt"
BRIEFINGS = ("overview", "sector-comparison")

PAYLOADS = {
    "event-handler": "<img src=x onerror=alert(1)>",
    "script": "<script>alert(1)</script>",
    "markdown-link": "[x](javascript:alert(1)) **b**",
}

#: Columns whose text a reader may see (names, translations, notes, sources).
DISPLAYED: dict[str, tuple[str, ...]] = {
    "plans": ("plan_name_ko", "plan_name_en", "city_ko", "city_en", "source_description"),
    "figures": ("source_quote",),
    "projects": (
        "group_ko",
        "name_ko",
        "brand_label_ko",
        "contest_note_ko",
        "emphasis_ko",
        "source_quote",
    ),
    "refresh_workers_by_field": ("field_ko", "source_quote"),
    "sectors": ("sector_name_ko", "source_quote"),
    "translations_en": ("name_en",),
    "reference_figures": ("source_title", "source_publisher", "source_url", "note"),
    "reference_pillars": ("pillar_name_ko", "pillar_name_en", "mapping_note"),
    "reference_exchange_rates": ("basis", "source_title", "source_publisher", "source_url", "note"),
    "reference_cpi": ("source_publisher", "source_url"),
}

#: Columns that are not free text: ids, enumerations, flags, numbers, dates, paragraph
#: numbers, file paths (each has its own contract in analysis.data.schemas).
NOT_TEXT: dict[str, tuple[str, ...]] = {
    "plans": ("plan_id", "announced_year", "source_file"),
    "figures": ("plan_id", "figure_id", "scope", "measure", "value_raw", "source_paragraph"),
    "projects": (
        "plan_id",
        "project_id",
        "sector_id",
        "parent_project_id",
        "group_order",
        "is_brand",
        "is_contest_selected",
        "source_paragraph",
        "other_paragraphs",
    ),
    "refresh_workers_by_field": (
        "plan_id",
        "project_id",
        "field_id",
        "workers_raw",
        "source_paragraph",
    ),
    "sectors": ("plan_id", "sector_id", "source_paragraph"),
    "translations_en": ("plan_id", "kind", "id"),
    "reference_figures": (
        "plan_id",
        "scope",
        "measure",
        "horizon_year",
        "value_raw",
        "source_date",
        "is_derived",
    ),
    "reference_pillars": ("plan_id", "pillar_id", "city_sector_id"),
    "reference_exchange_rates": ("currency", "year", "krw_per_unit_raw", "source_date"),
    "reference_cpi": ("year", "index_raw", "base", "change_raw"),
}


def test_every_raw_column_is_either_poisoned_or_not_text():
    """A new raw column must be classified here, so it cannot escape the injection test."""
    for table, columns in RAW_TABLES.items():
        classified = set(DISPLAYED.get(table, ())) | set(NOT_TEXT.get(table, ()))
        assert set(columns) == classified, f"{table}: {set(columns) ^ classified}"


#: Names the source states, checked against their row's quote.
QUOTED_NAMES = {
    "sectors": ("sector_name_ko",),
    "projects": ("name_ko",),
    "refresh_workers_by_field": ("field_ko",),
}


def poison_raw(raw: Path, payload: str) -> None:
    """Append ``payload`` to every non-empty displayed cell of every raw table in ``raw``.

    A row's ``source_quote`` gets the same treatment, and each changed quote is appended to
    its paragraph of the source text, so every quote still occurs where it says.
    """
    source = raw / SOURCE_TEXT
    paragraphs = source.read_text(encoding="utf-8").rstrip("\n").split("\n")
    for table, columns in DISPLAYED.items():
        path = raw / f"{table}.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        header = list(rows[0])
        for row in rows:
            for column in columns:
                if row[column]:
                    row[column] += payload
            if "source_quote" in columns:
                # a stated name must occur in its quote (provenance to the token)
                for name in QUOTED_NAMES.get(table, ()):
                    if row[name] and row.get("name_is_editorial") != "true":
                        row["source_quote"] += " " + row[name]
                paragraphs[int(row["source_paragraph"]) - 1] += " " + row["source_quote"]
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    source.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")


def poison_config(path: Path, payload: str) -> None:
    """The briefings config with ``payload`` in every title and summary, only BRIEFINGS."""
    config = yaml.safe_load((ROOT / "notebooks" / "briefings.yml").read_text(encoding="utf-8"))
    config["briefings"] = [e for e in config["briefings"] if e["slug"] in BRIEFINGS]
    for entry in config["briefings"]:
        entry["notebook"] = str((ROOT / "notebooks" / entry["notebook"]).resolve())
        for field in ("title", "summary"):
            entry[field] = {lang: text + payload for lang, text in entry[field].items()}
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


PAYLOAD = "".join(PAYLOADS.values())


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory) -> dict:
    """Build the overview and sector comparison (ko, en) from data poisoned with PAYLOAD."""
    from analysis.site.build import build

    payload = PAYLOAD
    root = tmp_path_factory.mktemp("injection")
    data = root / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".*"))
    for path in data.rglob("*"):  # the source texts are read-only in the repository
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    poison_raw(data / "raw", payload)
    config = root / "briefings.yml"
    poison_config(config, payload)
    reports = root / "reports"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANALYSIS_DATA_DIR", str(data))
        mp.setenv("ANALYSIS_REPORTS_DIR", str(reports))
        report = build(config, jobs=2, quiet=True, timeout=600)
    assert report.exit_code == 0, report
    return {"payload": payload, "reports": reports, "data": data}


def test_poisoned_data_was_used(poisoned):
    """The payload reached the processed tables the briefings read (else the test proves
    nothing)."""
    processed = poisoned["data"] / "processed"
    for table in ("sectors", "projects"):
        text = (processed / f"{table}.csv").read_text(encoding="utf-8")
        assert poisoned["payload"] in text, table


DOM_PROBE = """() => ({
  scripts: document.querySelectorAll('script').length,
  handlers: Array.from(document.querySelectorAll('*')).flatMap(e =>
      Array.from(e.attributes).filter(a => a.name.toLowerCase().startsWith('on'))
          .map(a => e.tagName + ' ' + a.name)),
  urls: Array.from(document.querySelectorAll('[href],[src],[action],[formaction]')).flatMap(e =>
      ['href', 'src', 'action', 'formaction'].map(n => (e.getAttribute(n) || '').trim()
          .toLowerCase()).filter(u => u.startsWith('javascript:') ||
          (u.startsWith('data:') && !u.startsWith('data:image/png;base64,')))),
  prose: Array.from(document.querySelectorAll('.prose, .note')).map(e => e.innerText),
  csp: (document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {}).content,
})"""


def test_no_script_runs_and_the_payload_shows_literally(poisoned, browser):  # noqa: F811
    payload, reports = poisoned["payload"], poisoned["reports"]
    pages = sorted(reports.glob("*.html"))
    assert len(pages) == 1 + 2 * len(BRIEFINGS), [p.name for p in pages]
    for path in pages:
        context, page, requests, _ = open_page(browser, path, LAPTOP)
        dialogs: list[str] = []
        page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
        try:
            page.reload(wait_until="load")  # the dialog handler is now in place
            page.wait_for_timeout(200)
            probe = page.evaluate(DOM_PROBE)
            assert dialogs == [], f"{path.name}: a dialog fired: {dialogs}"
            assert probe["scripts"] == 0, f"{path.name}: {probe['scripts']} script elements"
            assert probe["handlers"] == [], f"{path.name}: {probe['handlers']}"
            assert probe["urls"] == [], f"{path.name}: {probe['urls']}"
            assert "default-src 'none'" in probe["csp"] and "script-src 'none'" in probe["csp"]
            assert all(url.startswith("file://") for url in requests), requests
            text = page.inner_text("body")
            for kind, part in PAYLOADS.items():
                assert part in text, f"{path.name}: the {kind} payload is not shown literally"
            assert payload in text, f"{path.name}: payload not shown literally"
            if path.name != "index.html":
                assert payload in page.title(), f"{path.name}: title {page.title()!r}"
            if path.stem.startswith("sector-comparison"):
                assert any(payload in prose for prose in probe["prose"]), (
                    f"{path.name}: the sector name in the prose is not shown literally"
                )
        finally:
            context.close()


# --------------------------------------------------------------------------------------
# The two walls without a build: prose rendering and data values in prose
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("part", list(PAYLOADS.values()))
def test_a_data_value_in_prose_shows_as_its_characters(part):
    import html

    from analysis.briefing.prose import fill, render_prose

    rendered = render_prose(fill("The largest sector is **{sector}**.", {"sector": part}))
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
    visible = html.unescape(rendered.replace("<p>", "").replace("</p>\n", ""))
    assert visible == f"The largest sector is <strong>{part}</strong>."


@pytest.mark.parametrize(
    "prose",
    [
        "a <script>alert(1)</script> b",
        "<img src=x onerror=alert(1)>",
        "<div onclick=alert(1)>x</div>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "![x](data:image/png;base64,AAAA)",
        "<javascript:alert(1)>",
    ],
)
def test_prose_markdown_carries_no_markup_and_no_unsafe_link(prose):
    from analysis.briefing.prose import render_prose

    rendered = render_prose(prose).lower()
    assert "<script" not in rendered and "<img" not in rendered and "<div" not in rendered
    assert 'href="javascript:' not in rendered and 'href="data:' not in rendered


def test_a_misspelt_placeholder_value_is_an_error():
    from analysis.briefing.prose import fill

    with pytest.raises(KeyError, match="sectr"):
        fill("The largest sector is {sector}.", {"sectr": "Green"})
