"""Nothing from data becomes markup: hostile text in every displayed column of every raw table
(of every plan's folder and of the reference tables, and in the briefing titles and
summaries) is built into real pages and opened in headless Chromium, which must run no
script, hold no script element, no ``on*`` attribute and no ``javascript:`` link, and show
the hostile text literally.

The three payload kinds (an HTML tag with an event handler, a script element, a Markdown
``javascript:`` link with emphasis) are appended together to every displayed text cell, so
one build covers every column and kind (a build takes a minute or two on the shared 2-core
machine); only the overview and the sector comparison (whose prose quotes a sector name) of
Uijeongbu are built, in Korean and English, with the index. Where a row carries a
``source_quote``, the names it states are appended to the quote and the quote to its
paragraph of the row's own source text, so the provenance check still holds.
"""

from __future__ import annotations

import csv
import shutil
import stat
from pathlib import Path

import pytest
import yaml
from browser_pages import LAPTOP, open_page

from analysis.data.provenance import QUOTED_NAMES, QUOTED_TABLES
from analysis.data.raw import RAW_TABLES
from analysis.data.raw_schemas import PLAN_FILES, RAW_SCHEMAS, REFERENCE_FILES

ROOT = Path(__file__).resolve().parents[1]
PLAN = "uijeongbu_snd_2020"
BRIEFINGS = ("overview", "sector-comparison")

PAYLOADS = {
    "event-handler": "<img src=x onerror=alert(1)>",
    "script": "<script>alert(1)</script>",
    "markdown-link": "[x](javascript:alert(1)) **b**",
}

_QUOTED = ("source_quote",)
#: Columns whose text a reader may see (names, translations, notes, sources): poisoned.
DISPLAYED: dict[str, tuple[str, ...]] = {
    "plans": (
        "plan_name_ko",
        "plan_name_en",
        "government_ko",
        "government_en",
        "note",
        "announcement_ko",
        "vision_ko",
    ),
    "sources": ("publisher", "title", "url", "note"),
    "sectors": ("sector_name_ko", *_QUOTED, "note", "emphasis_ko"),
    "sector_pillars": ("note", "note_ko"),
    "figures": (*_QUOTED, "preferred_reason"),
    "translations_en": ("name_en",),
    "tasks": ("task_name_ko", *_QUOTED),
    "projects": (
        "group_ko",
        "name_ko",
        "brand_label_ko",
        "contest_note_ko",
        "emphasis_ko",
        *_QUOTED,
    ),
    "programme_workers": ("field_ko", *_QUOTED),
    "reference_figures": ("source_title", "source_publisher", "source_url", "note"),
    "reference_pillars": ("pillar_name_ko", "pillar_name_en"),
    "reference_exchange_rates": ("basis", "source_title", "source_publisher", "source_url", "note"),
    "reference_cpi": ("source_publisher", "source_url"),
    "reference_population": (
        "government_ko",
        "government_en",
        "basis",
        "source_url",
        "source_quote",
        "note",
    ),
}

_PROVENANCE = ("source_id", "source_paragraph")
#: Columns that are not free text: ids, enumerations, flags, numbers, dates, paragraph
#: numbers, file paths (each has its own contract in analysis.data.raw_schemas).
NOT_TEXT: dict[str, tuple[str, ...]] = {
    "plans": (
        "plan_id",
        "government_level",
        "own_funds_term_ko",
        "announced_date",
        "horizon_year",
        "horizon_source_id",
        "projects_list_complete",
    ),
    "sources": ("plan_id", "source_id", "file", "kind", "date"),
    "sectors": ("plan_id", "sector_id", "sector_order", *_PROVENANCE, "emphasis_paragraph"),
    "sector_pillars": ("plan_id", "sector_id", "pillar_id"),
    "figures": (
        "plan_id",
        "figure_id",
        "scope",
        "measure",
        "value_raw",
        *_PROVENANCE,
        "preferred",
    ),
    "translations_en": ("plan_id", "kind", "id"),
    "tasks": ("plan_id", "task_id", "sector_id", "task_order", *_PROVENANCE),
    "projects": (
        "plan_id",
        "project_id",
        "sector_id",
        "parent_project_id",
        "group_order",
        "is_brand",
        "is_contest_selected",
        *_PROVENANCE,
        "other_paragraphs",
        "name_is_editorial",
    ),
    "programme_workers": (
        "plan_id",
        "project_id",
        "field_id",
        "workers_raw",
        *_PROVENANCE,
        "name_is_editorial",
    ),
    "reference_figures": (
        "plan_id",
        "scope",
        "measure",
        "horizon_year",
        "value_raw",
        "source_date",
        "is_derived",
    ),
    "reference_pillars": ("plan_id", "pillar_id"),
    "reference_exchange_rates": ("currency", "year", "krw_per_unit_raw", "source_date"),
    "reference_cpi": ("year", "index_raw", "base", "change_raw"),
    "reference_population": ("plan_ids", "population_raw", "reference_date"),
}


def test_every_raw_column_is_either_poisoned_or_not_text():
    """A new raw column must be classified here, so it cannot escape the injection test."""
    assert set(DISPLAYED) | set(NOT_TEXT) == set(RAW_TABLES)
    for table in RAW_TABLES:
        columns = set(RAW_SCHEMAS[table].columns)
        displayed, not_text = set(DISPLAYED.get(table, ())), set(NOT_TEXT.get(table, ()))
        assert not displayed & not_text, f"{table}: both {displayed & not_text}"
        assert columns == displayed | not_text, f"{table}: {columns ^ (displayed | not_text)}"


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a raw CSV file."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        return list(reader.fieldnames or ()), rows


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """Write a raw CSV file back (UTF-8, ``\\n`` line ends)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def poison_rows(rows: list[dict[str, str]], columns: tuple[str, ...], payload: str) -> None:
    """Append ``payload`` to every non-empty cell of ``columns`` the rows have."""
    for row in rows:
        for column in columns:
            if row.get(column):
                row[column] += payload


def poison_plan(plan: Path, payload: str) -> None:
    """Poison every displayed cell of one plan folder's tables, keeping provenance.

    A stated name (:data:`analysis.data.provenance.QUOTED_NAMES`) is appended to its row's
    (poisoned) ``source_quote``, and the quote to its paragraph of the row's own source
    text (a sector's ``emphasis_ko`` to its ``emphasis_paragraph``), so every quote still
    occurs where it says and states its name.
    """
    _, sources = read_rows(plan / PLAN_FILES["sources"])
    files = {s["source_id"]: plan / s["file"] for s in sources}
    texts = {
        sid: path.read_text(encoding="utf-8").rstrip("\n").split("\n")
        for sid, path in files.items()
    }
    for table, file in PLAN_FILES.items():
        path = plan / file
        if not path.is_file():
            continue
        header, rows = read_rows(path)
        poison_rows(rows, DISPLAYED[table], payload)
        if table in QUOTED_TABLES:
            for row in rows:
                if not row["source_quote"]:  # an unquoted (editorial) sector
                    continue
                name = row.get(QUOTED_NAMES.get(table, ""), "")
                if name and row.get("name_is_editorial") != "true":
                    row["source_quote"] += " " + name
                paragraph = int(row["source_paragraph"]) - 1
                texts[row["source_id"]][paragraph] += " " + row["source_quote"]
                if table == "sectors" and row.get("emphasis_ko"):  # in its own paragraph
                    emphasis = int(row["emphasis_paragraph"]) - 1
                    texts[row["source_id"]][emphasis] += " " + row["emphasis_ko"]
        write_rows(path, header, rows)
    for sid, paragraphs in texts.items():
        files[sid].write_text("\n".join(paragraphs) + "\n", encoding="utf-8")


def poison_raw(raw: Path, payload: str) -> None:
    """Append ``payload`` to every non-empty displayed cell of every raw table in ``raw``
    (every plan folder and the reference tables)."""
    for plan in sorted(p for p in (raw / "plans").iterdir() if p.is_dir()):
        poison_plan(plan, payload)
    for table, file in REFERENCE_FILES.items():
        path = raw / "reference" / file
        header, rows = read_rows(path)
        poison_rows(rows, DISPLAYED[table], payload)
        write_rows(path, header, rows)


def poison_config(path: Path, payload: str) -> None:
    """The briefings config with ``payload`` in every title and summary: only BRIEFINGS,
    only for PLAN."""
    config = yaml.safe_load((ROOT / "notebooks" / "briefings.yml").read_text(encoding="utf-8"))
    config["briefings"] = [e for e in config["briefings"] if e["slug"] in BRIEFINGS]
    for entry in config["briefings"]:
        entry["notebook"] = str((ROOT / "notebooks" / entry["notebook"]).resolve())
        entry["plans"] = [PLAN]
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
    for table in ("plans", "sectors", "projects", "reference_figures", "reference_pillars"):
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


def test_no_script_runs_and_the_payload_shows_literally(poisoned, browser):
    payload, reports = poisoned["payload"], poisoned["reports"]
    pages = sorted(reports.glob("*.html"))
    expected = {"index.html"} | {
        f"{slug}-{PLAN}-{lang}.html" for slug in BRIEFINGS for lang in ("ko", "en")
    }
    assert {p.name for p in pages} == expected
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


def test_a_value_that_begins_a_sentence_is_capitalised_and_still_escaped():
    """``{name!c}`` in prose, as in a label: a lowercase first word gets its capital (a
    plan's own-funds term, "city funds", starting a sentence); the value is escaped all
    the same, and a value whose first word is not lowercase Latin stays as it is."""
    import html

    from analysis.briefing.prose import fill, render_prose

    for value, shown in [
        (
            "city funds <b>x</b> [y](javascript:alert(1))",
            "City funds <b>x</b> [y](javascript:alert(1))",
        ),
        ("3 sectors", "3 sectors"),
        ("**", "**"),
    ]:
        rendered = render_prose(fill("{term!c} are 19.3% of it.", {"term": value}))
        assert "<b>" not in rendered and "<a " not in rendered and "<strong>" not in rendered
        visible = html.unescape(rendered.replace("<p>", "").replace("</p>\n", ""))
        assert visible == f"{shown} are 19.3% of it."


def test_a_misspelt_placeholder_value_is_an_error():
    from analysis.briefing.prose import fill

    with pytest.raises(KeyError, match="sectr"):
        fill("The largest sector is {sector}.", {"sectr": "Green"})


@pytest.mark.parametrize(
    "name", ['x" onmouseover="alert(1)', "x' onclick='alert(1)", "../../escaped", "a b&c<d>#?%"]
)
def test_a_page_name_in_an_asset_link_stays_in_its_attribute_and_assets_folder(name):
    """Defence in depth: the config refuses such names, and the link escapes them anyway."""
    from html.parser import HTMLParser
    from urllib.parse import unquote

    from analysis.site.downloads import link_assets

    tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, attrs))

    Tags().feed(link_assets('<a data-asset href="figures/01-x.csv" download>', name))
    assert len(tags) == 1
    assert tags[0][0] == "a"
    attrs = tags[0][1]
    assert [key for key, _ in attrs] == ["href", "download"]
    href = str(dict(attrs)["href"])
    folder, _, rest = href.removeprefix("assets/").partition("/")
    assert href.startswith("assets/") and rest == "figures/01-x.csv"
    assert unquote(folder) == name and folder not in ("", ".", "..")  # one path segment


# --------------------------------------------------------------------------------------
# Spreadsheets: text from data is never a formula in a CSV file or a workbook
# --------------------------------------------------------------------------------------
FORMULA = '=HYPERLINK("https://evil.example","x")'
#: Text cells a spreadsheet would read as a formula (OWASP's first characters).
FORMULAS = [FORMULA, "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "-"]


def csv_rows(path: Path) -> list[list[str]]:
    """The rows of a CSV file written for readers (UTF-8 with a byte-order mark)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_a_briefing_table_csv_holds_no_formula_and_keeps_its_numbers(tmp_path):
    import pandas as pd

    from analysis.briefing.session import start_briefing

    brief = start_briefing("t", output_dir=str(tmp_path), lang="en")
    frame = pd.DataFrame({FORMULA: FORMULAS, "change": range(-3, len(FORMULAS) - 3)})
    frame["share"] = frame["change"] / 2
    frame["label"] = "-5"  # text that is a number stays as it is
    brief.show_table(frame, "t")
    header, *rows = csv_rows(tmp_path / "tables" / "table-01.csv")
    assert header == ["'" + FORMULA, "change", "share", "label"]
    assert [row[0] for row in rows] == ["'" + text for text in FORMULAS]
    assert [row[1] for row in rows] == [str(n) for n in range(-3, len(FORMULAS) - 3)]
    assert [row[2] for row in rows] == [str(n / 2) for n in range(-3, len(FORMULAS) - 3)]
    assert {row[3] for row in rows} == {"-5"}


def test_a_workbook_holds_text_as_text_never_a_formula(tmp_path):
    import zipfile

    from openpyxl import load_workbook

    from analysis.site.downloads import write_workbook
    from analysis.spreadsheet_cells import csv_text

    table = tmp_path / "table.csv"
    rows = [[csv_text(FORMULA), "n"], *([csv_text(t), str(-i)] for i, t in enumerate(FORMULAS))]
    with table.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    target = write_workbook(
        tmp_path / "b.xlsx", [(FORMULA, table)], [(FORMULA, FORMULA)], "2020-09-13"
    )
    with zipfile.ZipFile(target) as book:
        sheets = [book.read(n).decode() for n in book.namelist() if n.endswith(".xml")]
    assert not [s for s in sheets if "<f>" in s or "<f " in s], "a cell is a formula"
    book = load_workbook(target)
    readme, sheet = book.worksheets
    assert [c.value for c in readme[1]] == [FORMULA, FORMULA]
    assert sheet["A1"].value == FORMULA and [c.value for c in sheet[2]] == [FORMULA, "n"]
    assert [c.value for c in sheet["A"][2:]] == [t.replace("\r", "\n") for t in FORMULAS]
    assert [c.value for c in sheet["B"][2:]] == [-i for i in range(len(FORMULAS))]
    assert {c.data_type for row in sheet.iter_rows() for c in row} == {"s", "n"}


def test_the_data_package_holds_no_formula_and_keeps_its_numbers(tmp_path):
    import zipfile

    from analysis.site.downloads import write_data_package

    processed = tmp_path / "processed"
    shutil.copytree(ROOT / "data" / "processed", processed)
    path = processed / "projects.csv"
    header, rows = read_rows(path)
    rows[0]["name_ko"] = FORMULA
    write_rows(path, header, rows)
    target = write_data_package(tmp_path, processed, "v", "2020-01-01")
    with zipfile.ZipFile(target) as package:
        files = {name: package.read(name) for name in package.namelist()}
    for name, data in files.items():
        if not name.endswith(".csv"):
            continue
        cells = [c for row in csv.reader(data.decode("utf-8-sig").splitlines()) for c in row]
        assert not [c for c in cells if c.startswith("=")], name
    projects = list(csv.DictReader(files["projects.csv"].decode().splitlines()))
    assert projects[0]["name_ko"] == "'" + FORMULA
    assert projects[1:] == list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))[1:]
    assert files["sectors.csv"] == (processed / "sectors.csv").read_bytes()  # nothing to mark
    assert files["sources.csv"] == (processed / "sources.csv").read_bytes()  # 'quoted' titles
    readme = files["README.txt"].decode()
    # the marked file differs from its hash in metadata.json: the README names it, alone
    assert "without the apostrophes): projects.csv." in readme, readme
