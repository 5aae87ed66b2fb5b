"""What a policy reader meets: charts legible on a phone, tables that scroll with a cue and
right-aligned numbers, downloads that resolve, provenance links, citation, print.

Unit tests run on charts and tables made here; the browser tests read the pages of the
shared build (``briefings_build``) in headless Chromium (skipped without it, see
``test_browser.py``).
"""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from analysis.briefing import charts, phone
from analysis.briefing.html_tables import Linked, table_html
from analysis.paths import PROJECT_ROOT
from analysis.spreadsheet_cells import reader_csv

#: CSS px a chart spans on a 375 px phone: 375 minus 2 × 20 px padding minus the border.
PHONE_CHART_CSS_PX = 375 - 2 * 20 - 2
MIN_TEXT_CSS_PX = 11


def _plain(fragment: str) -> str:
    """The text a reader sees of an HTML fragment: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.fixture(autouse=True)
def style():
    charts.apply_style()
    yield
    plt.close("all")


def _sample_charts() -> dict[str, matplotlib.figure.Figure]:
    source = "Source: City of Uijeongbu, Smart New Deal announcement (2020), paragraph 3, 9, 12, 15"
    labels = ["Digital", "Green", "Culture", "Safety (안심)"]
    return {
        "hbar": charts.hbar(
            labels,
            [98.0, 840.0, 86.0, 451.0],
            ["#0072B2", "#009E73", "#CC79A7", "#E69F00"],
            title="Total budget by sector",
            xlabel="Total budget (100 million KRW, nominal 2020)",
            ylabel="",
            source=source,
        ),
        "stacked": charts.stacked_hbar(
            labels,
            {
                "City funds": [80, 580, 70, 64],
                "Non-city (national, provincial and other)": [18, 260, 16, 387],
            },
            {"City funds": "#1f4e79", "Non-city (national, provincial and other)": "#9ecae1"},
            title="City and non-city funds by sector",
            xlabel="Total budget (100 million KRW, nominal 2020)",
            ylabel="",
            source=source,
        ),
        "long labels": charts.hbar(
            [
                "의정부형 스마트 뉴딜 (2020)",
                "의정부: 디지털뉴딜 + 그린뉴딜 + 문화뉴딜",
                "의정부: Refresh 의정부 뉴딜사업 (참여자, 국비 기준)",
                "한국판 뉴딜 (2020년 7월, 2025년까지)",
            ],
            [0.149, 1.865, 0.040, 0.842],
            ["#555555", "#56B4E9", "#D55E00", "#BBBBBB"],
            title="일자리 1개(참여자 1인)당 예산",
            xlabel="일자리 1개(1인)당 예산 (억원, 2020년 명목)",
            ylabel="",
            source="자료: 의정부시 발표 (2020) 문단 2, 15, 16; 한국판 뉴딜 종합계획 (2020.7.14) 보도",
        ),
        "grouped": charts.grouped_hbar(
            ["디지털", "그린"],
            {"의정부": [0.066, 0.569], "한국판 뉴딜": [0.36, float("nan")]},
            {"의정부": "#0072B2", "한국판 뉴딜": "#BBBBBB"},
            title="분야별 비중: 의정부와 한국판 뉴딜",
            xlabel="계획 전체 대비 비중 (%)",
            ylabel="",
            source="자료: 의정부시 발표 (2020), 문단 3, 9; 기획재정부 (2020)",
            percent=True,
            missing_text="발표문에 없음",
        ),
    }


@pytest.mark.parametrize("kind", ["hbar", "stacked", "long labels", "grouped"])
def test_phone_variant_text_is_at_least_11_css_px_at_375(kind, tmp_path):
    fig = _sample_charts()[kind]
    charts.tidy_labels(fig)
    wide = charts.save_figure(fig, tmp_path, "wide", ("png",))["png"]
    wide_px = phone.smallest_text_pt(fig) * matplotlib.rcParams["savefig.dpi"] / 72
    text_px = phone.phone_layout(fig)
    small = charts.save_figure(fig, tmp_path, "phone", ("png",))["png"]
    # the font size in the figure's own pixels, recomputed from the drawn texts
    sizes = [
        t.get_fontsize()
        for t in fig.findobj(matplotlib.text.Text)
        if t.get_visible() and t.get_text().strip() and phone._tick_in_view(t)
    ]
    assert text_px == pytest.approx(min(sizes) * matplotlib.rcParams["savefig.dpi"] / 72)
    on_screen = PHONE_CHART_CSS_PX / Image.open(small).width * text_px
    assert on_screen >= MIN_TEXT_CSS_PX, f"{kind}: smallest text {on_screen:.1f} CSS px"
    # the laptop image squeezed into a phone is what the reader saw before: too small
    squeezed = PHONE_CHART_CSS_PX / Image.open(wide).width * wide_px
    assert squeezed < MIN_TEXT_CSS_PX
    # nothing of the phone chart hangs outside the figure (no clipped labels)
    assert Image.open(small).width <= (phone.PHONE_WIDTH_IN + 0.3) * 150


def test_table_numbers_have_a_class_and_text_is_escaped():
    frame = pd.DataFrame(
        {
            "Sector": ["<b>Green</b>", None],
            "Total (억원)": [840.0, float("nan")],
            "Projects": [12, 3],
            "share_of_plan": [0.569, 0.066],
            "Jobs per 억원": ["6.71", ""],
            "Stated": ["1,475억원", "not stated"],
        }
    )
    marked = table_html(frame)
    assert '<th class="num">Total (<span lang="ko">억원</span>)</th>' in marked
    out = re.sub(r'</?span( lang="ko")?>', "", marked)
    head = re.findall(r"<th( class=\"num\")?>([^<]*)</th>", out)
    assert [(bool(c), t) for c, t in head] == [
        (False, "Sector"),
        (True, "Total (억원)"),
        (True, "Projects"),
        (True, "share_of_plan"),
        (True, "Jobs per 억원"),
        (False, "Stated"),
    ]
    cells = re.findall(r"<td( class=\"num\")?>([^<]*)</td>", out)
    assert [(bool(c), t) for c, t in cells] == [
        (False, "&lt;b&gt;Green&lt;/b&gt;"),
        (True, "840"),
        (True, "12"),
        (True, "56.9%"),
        (True, "6.71"),
        (True, "1,475억원"),
        (False, "–"),
        (True, "–"),
        (True, "3"),
        (True, "6.6%"),
        (True, "–"),
        (False, "not stated"),
    ]
    assert out.startswith('<div class="table-wrap"><table class="data-table">')


def test_linked_cells_show_their_links_and_read_as_text():
    """A ``Linked`` cell links its pieces on the page (escaped, Hangul marked on an English
    page) and reads as its plain words in the CSV download."""
    cell = Linked(
        [("<서울경제>", "sources/p/s.html"), (" paragraph ", ""), ("1", "sources/p/s.html#p-1")]
    )
    frame = pd.DataFrame({"Source": [cell, "national reference figures"]})
    out = table_html(frame)
    assert (
        '<td><a href="sources/p/s.html">&lt;<span lang="ko">서울경제</span>&gt;</a> paragraph '
        '<a href="sources/p/s.html#p-1">1</a></td>'
    ) in out
    assert "<td>national reference figures</td>" in out
    assert reader_csv(frame).decode("utf-8-sig").splitlines()[1] == "<서울경제> paragraph 1"


# --- in the browser, on the built pages --------------------------------------------------

from browser_pages import PHONE  # noqa: E402
from plan_tables import drawn_raw_national_rows  # noqa: E402
from test_browser import PAGE_NAMES  # noqa: E402

#: The English pages (``-en`` and its variants such as ``-en-usd``).
ENGLISH_PAGE_NAMES = [name for name in PAGE_NAMES if "-en" in name]


def recorded_figures(path) -> int:
    """The number of charts the briefing of page ``path`` recorded in its values.json."""
    values = json.loads(
        (path.parent / "assets" / path.stem / "values.json").read_text(encoding="utf-8")
    )
    return values["values"].get("figures", 0)


def test_the_shared_build_has_charts_for_the_phone_checks(briefings_build):
    """The per-page chart checks below compare each page with its recorded charts: across
    the pages there are charts to check (a plan that states too little may have none)."""
    reports = briefings_build["reports"]
    assert sum(recorded_figures(reports / f"{name}.html") for name in PAGE_NAMES) > 0


@pytest.mark.browser
@pytest.mark.parametrize("page_name", PAGE_NAMES)
def test_charts_at_375px_show_text_of_at_least_11_css_px(loaded_page, briefing_page):
    path = briefing_page
    page, _, _ = loaded_page(path, PHONE)
    shown = page.evaluate(
        """Array.from(document.querySelectorAll('figure.chart picture')).map(p => {
          const img = p.querySelector('img');
          const chosen = Array.from(p.querySelectorAll('source'))
              .find(s => s.srcset === img.currentSrc) || img;
          return [img.clientWidth, img.naturalWidth,
                  parseFloat(chosen.dataset.textPx), chosen.tagName];
        })"""
    )
    # a plan that states too little for a chart gets a line instead of one
    recorded = recorded_figures(path)
    assert len(shown) == recorded, f"{path.name}: {len(shown)} of {recorded} charts"
    for number, (displayed, intrinsic, text_px, tag) in enumerate(shown, 1):
        assert tag == "SOURCE", f"{path.name} figure {number}: phone variant not chosen"
        on_screen = displayed / intrinsic * text_px
        assert on_screen >= MIN_TEXT_CSS_PX, (
            f"{path.name} figure {number}: text {on_screen:.1f} CSS px at 375 px"
        )


@pytest.mark.browser
@pytest.mark.parametrize("page_name", PAGE_NAMES)
def test_tables_scroll_with_a_cue_and_numbers_align_right(loaded_page, briefing_page):
    path = briefing_page
    page, _, _ = loaded_page(path, PHONE)
    boxes = page.evaluate(
        """Array.from(document.querySelectorAll('.table-wrap')).map(w => {
          const s = getComputedStyle(w);
          return [s.overflowX, s.backgroundImage, s.backgroundAttachment];
        })"""
    )
    for overflow, image, attachment in boxes:
        assert overflow == "auto"
        assert image.count("gradient") == 4 and "local" in attachment, image
    cells = page.evaluate(
        """Array.from(document.querySelectorAll('table.data-table td')).map(c =>
           [c.innerText.trim(), c.classList.contains('num'),
            getComputedStyle(c).textAlign])"""
    )
    number = re.compile(r"^[−-]?[\d,]+(\.\d+)?%?$")
    for text, is_num, align in cells:
        if number.match(text):
            assert is_num and align == "right", f"{path.name}: {text!r} is {align}"


# --- downloads ------------------------------------------------------------------------------


def _links(html_text: str) -> list[str]:
    """The targets of every ``<a ... download ...>`` link (whatever the attribute order)."""
    tags = [t for t in re.findall(r"<a\s[^>]*>", html_text) if re.search(r"\sdownload\b", t)]
    return [re.search(r'\shref="([^"]*)"', t).group(1) for t in tags]


#: Where an English page writes a title or a label: headings, captions of figures and
#: tables, table headers. Each begins with a capital (a term such as "city funds" is written
#: lowercase mid-sentence, and a label that begins with it must not), except a column of
#: part of the column before it, "of which ...", lowercase by the convention of statistical
#: tables.
_LABEL_TAGS = re.compile(
    r"<(h[1-4]|figcaption|caption|th|summary)\b[^>]*>(.*?)</\1>", re.DOTALL | re.IGNORECASE
)


def _starts_lowercase(fragment: str) -> str | None:
    """The text of an HTML fragment if it begins with a lowercase Latin letter (after a
    figure's number, "Figure 2."), else None."""
    words = html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()
    words = re.sub(r"^Figure \d+\.\s*", "", words)
    if words.startswith("of which "):
        return None
    return words if words[:1].isascii() and words[:1].islower() else None


def test_english_titles_captions_and_headers_begin_with_a_capital(briefings_build):
    reports = briefings_build["reports"]
    found = []
    for job in briefings_build["jobs"]:
        if job.lang != "en":
            continue
        page = (reports / f"{job.name}.html").read_text(encoding="utf-8")
        page = re.sub(r'(src|srcset)="data:[^"]*"', "", page)
        for tag, fragment in _LABEL_TAGS.findall(page):
            lower = _starts_lowercase(fragment)
            if lower:
                found.append((job.name, tag, lower[:60]))
        alts = re.findall(r'<img [^>]*alt="([^"]*)"', page)
        found += [(job.name, "img alt", a[:60]) for a in alts if _starts_lowercase(a)]
    assert not found, "\n".join(map(str, found))


def test_every_download_link_resolves_csvs_have_a_bom_workbooks_open(briefings_build):
    import zipfile

    from openpyxl import load_workbook

    reports = briefings_build["reports"]
    for job in briefings_build["jobs"]:
        page = (reports / f"{job.name}.html").read_text(encoding="utf-8")
        links = _links(page)
        charts_shown = page.count('<figure class="chart"')
        kinds = [link.rsplit(".", 1)[-1] for link in links]
        # each chart: its chart as SVG and PNG (and its numbers as CSV where it has a table)
        assert kinds.count("svg") == kinds.count("png") == charts_shown, (job.name, kinds)
        assert kinds.count("xlsx") == 1, job.name
        for link in links:
            target = reports / link
            assert target.is_file(), f"{job.name}: {link} does not exist"
            assert target.resolve().is_relative_to(reports.resolve())
            if link.endswith(".csv"):
                data = target.read_bytes()
                assert data.startswith(b"\xef\xbb\xbf"), f"{link}: no byte-order mark"
                assert data[3:].decode("utf-8").count("\n") >= 2
            if link.endswith(".xlsx"):
                book = load_workbook(target)
                assert book.sheetnames[0] == "README"
                csvs = [lk for lk in links if lk.endswith(".csv")]
                assert len(book.sheetnames) - 1 >= len(csvs)
                readme = " ".join(str(c.value) for row in book["README"].iter_rows() for c in row)
                assert briefings_build_version(reports) in readme
    index = (reports / "index.html").read_text(encoding="utf-8")
    package = [link for link in _links(index) if link.endswith(".zip")]
    assert package, "no data package on the index"
    with zipfile.ZipFile(reports / package[0]) as archive:
        names = set(archive.namelist())
    processed = briefings_build["config"].parent / "data" / "processed"
    expected = {p.name for p in processed.glob("*.csv")}
    assert {"audit.csv", "data_dictionary.csv"} <= expected
    assert expected | {"LICENCE.txt", "README.txt", "audit_ko.csv", "audit_en.csv"} <= names


#: A value label that is a number (not "not stated"): ``0.898``, ``−1,234``, ``81.6%``.
_NUMBER_LABEL = re.compile(r"^[−-]?[\d,]+(\.\d+)?%?$")


def _svg_value_labels(svg: str) -> list[str]:
    """The value labels a saved chart draws: the SVG writes each text as paths after a
    comment holding its words, inside the group of the label's gid (``value-label``)."""
    return [
        html.unescape(re.search(r"<!-- (.*?) -->", part).group(1))
        for part in svg.split('<g id="value-label">')[1:]
    ]


def test_every_chart_label_reads_as_a_cell_of_its_figures_table(briefings_build):
    """Numbers are sacred: each number written at a bar is, character for character, a cell
    of the "Numbers in this figure" table under the chart (no 0.90 above a 0.898, no 82%
    above an 81.6%), on every page of the shared build. Incheon's jobs per budget shows the
    national Green New Deal's 659,000 jobs ÷ 734,000억원 as 0.898 in both."""
    reports = briefings_build["reports"]
    checked = set()
    for job in briefings_build["jobs"]:
        page = (reports / f"{job.name}.html").read_text(encoding="utf-8")
        for number, body in re.findall(
            r'<figure class="chart" id="figure-(\d+)">(.*?)</figure>', page, re.S
        ):
            if "figure-data" not in body:
                continue  # a chart without a table of its numbers
            svg = re.search(r'href="([^"]+\.svg)"', body).group(1)
            labels = _svg_value_labels((reports / svg).read_text(encoding="utf-8"))
            cells = {_plain(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)}
            numeric = [label for label in labels if _NUMBER_LABEL.match(label)]
            assert numeric, f"{job.name} figure {number}: no value labels found"
            stray = [label for label in numeric if label not in cells]
            assert not stray, f"{job.name} figure {number}: {stray} not in its table"
            checked.update((job.name, label) for label in numeric)
    assert ("jobs-per-budget-incheon_nd_2020-en", "0.898") in checked


#: The charts that draw national figures, by briefing and chart: which rows of the raw
#: national figures they draw (:func:`_drawn_national_publishers`).
NATIONAL_CHARTS = {
    "city-vs-national": {
        "sector-mix": "pillar_shares",
        "scale": "scale",
        "jobs-per-budget": "jobs",
    },
    "jobs-per-budget": {"jobs-per-budget": "jobs", "budget-per-job": "jobs"},
    "plan-comparison": {"pillar-shares": "pillar_shares", "jobs-per-budget": "plan_jobs"},
}
NATIONAL_LEADS = ("Korean New Deal as reported by ", "한국판 뉴딜 보도: ")


def _raw_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _drawn_national_publishers(kind: str, plan_horizon: str) -> set[str]:
    """The publishers of the raw national figures a chart of ``kind`` draws
    (:data:`plan_tables.DRAWN_NATIONAL`); the whole plan is set beside the plan to the plan's
    own horizon where the national plan states its cost and jobs to that year, else to 2025."""
    rows = _raw_rows(PROJECT_ROOT / "data" / "raw" / "reference" / "national_figures.csv")
    stated = {
        r["measure"] for r in rows if r["scope"] == "plan" and r["horizon_year"] == plan_horizon
    }
    whole_year = plan_horizon if {"jobs", "total_cost"} <= stated else "2025"
    return {r["source_publisher"] for r in drawn_raw_national_rows(kind, whole_year)}


def test_charts_cite_the_national_figures_they_draw_and_only_those(briefings_build):
    """The source line under a chart (its SVG's ``source`` text) names the publishers of
    exactly the raw national figures the chart draws (the sector mix and scale set the plan
    beside the national plan, the jobs charts draw national bars; read from the raw table
    here), and no national source where it draws none; an English line says "paragraph"
    before one number, "paragraphs" before more."""
    reports = briefings_build["reports"]
    horizons = {
        r["plan_id"]: r["horizon_year"]
        for plan in (PROJECT_ROOT / "data" / "raw" / "plans").iterdir()
        for r in _raw_rows(plan / "plan.csv")
    }
    seen = {}
    for job in briefings_build["jobs"]:
        drawn = NATIONAL_CHARTS.get(job.briefing, {})
        for svg in sorted((reports / "assets" / job.name / "figures").glob("*.svg")):
            part = svg.read_text(encoding="utf-8").split('<g id="source">')[1]
            line = html.unescape(re.search(r"<!-- (.*?) -->", part, re.S).group(1))
            line = " ".join(line.split())  # a line wrapped to fit: one line again
            chart = svg.stem.split("-", 1)[1]
            national = [line.split(lead, 1)[1] for lead in NATIONAL_LEADS if lead in line]
            named = {n.split(" (")[0] for n in national[0].split("), ")} if national else set()
            kind = drawn.get(chart)
            expected = (
                _drawn_national_publishers(kind, horizons.get(job.plan, "")) if kind else set()
            )
            assert named == expected, (job.name, chart, line)
            if job.lang == "en":
                for word, numbers in re.findall(r"(paragraphs?) ([\d, ]+\d)", line):
                    assert (word == "paragraphs") == ("," in numbers), (job.name, chart, line)
            seen[(job.name, chart)] = named
    assert "여성경제신문" in seen[("city-vs-national-gyeonggi_nd_2020-en", "scale")]  # to 2022
    assert seen[("city-vs-national-uijeongbu_snd_2020-en", "scale")] == {"조선비즈"}
    assert seen[("jobs-per-budget-incheon_nd_2020-ko", "jobs-by-sector")] == set()


def test_data_package_holds_the_audit_in_korean_and_english(tmp_path):
    """audit_ko.csv / audit_en.csv: every check of audit.csv, in each language's words,
    UTF-8 with a BOM (Korean Excel), the verdicts in words, Gyeonggi's own funds as 도비 /
    provincial funds (never city funds)."""
    import io
    import re
    import zipfile

    import pandas as pd

    from analysis.briefing.labels import text
    from analysis.data.audit import VERDICTS
    from analysis.paths import processed_dir
    from analysis.site.downloads import write_data_package

    package = write_data_package(tmp_path, processed_dir(), "v", "2026-01-01")
    audit = pd.read_csv(processed_dir() / "audit.csv")
    with zipfile.ZipFile(package) as archive:
        files = {n: archive.read(n) for n in ("audit_ko.csv", "audit_en.csv")}
    for name, data in files.items():
        lang = name[6:8]
        assert data.startswith("\ufeff".encode())
        table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
        assert table["check_id"].tolist() == audit["check_id"].tolist()
        verdicts = {text(f"verdict_{v}", lang) for v in VERDICTS}
        verdict = "판정" if lang == "ko" else "verdict"
        assert set(table[verdict]) <= verdicts
        subject = "대상" if lang == "ko" else "subject"
        own = table.loc[table["check_id"] == "gyeonggi_nd_2020:own_funds_within_total", subject]
        assert own.iloc[0] == ("계획 전체 도비" if lang == "ko" else "plan provincial funds")
        if lang == "en":  # Korean only inside the plans' names, never in the words around them
            words = table["check"].tolist() + table[verdict].tolist()
            assert not any(re.search("[가-힣]", w) for w in words)


def briefings_build_version(reports) -> str:
    import json

    return json.loads((reports / "manifest.json").read_text(encoding="utf-8"))["data_version"]


def test_a_workbook_is_the_same_bytes_whenever_it_is_written(tmp_path, monkeypatch):
    """The workbook is dated by the build date it is given, not by the clock: written again
    a year later (the clock of zipfile and of openpyxl moved), it is the same bytes, dated
    that build date at midnight UTC, and its zip entries carry the data package's date."""
    import datetime as real_datetime
    import time
    import types
    import zipfile

    import openpyxl.packaging.core
    import openpyxl.writer.excel

    from analysis.site.downloads import write_workbook

    table = tmp_path / "a.csv"
    table.write_bytes("분야,총사업비\n그린,840\n".encode("utf-8-sig"))

    def write(name: str) -> bytes:
        path = write_workbook(tmp_path / name, [("표 1", table)], [("자료", "발표")], "2020-09-13")
        return path.read_bytes()

    first = write("a.xlsx")
    year = 366 * 24 * 3600
    later = time.time() + year

    class Later(real_datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return real_datetime.datetime.fromtimestamp(later, tz)

    moved = types.SimpleNamespace(datetime=Later, timezone=real_datetime.timezone)
    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(openpyxl.packaging.core, "datetime", moved)
    monkeypatch.setattr(openpyxl.writer.excel, "datetime", moved)
    assert write("b.xlsx") == first
    with zipfile.ZipFile(tmp_path / "b.xlsx") as book:
        core = book.read("docProps/core.xml").decode()
        dates = {entry.date_time for entry in book.infolist()}
    assert dates == {(1980, 1, 1, 0, 0, 0)}
    assert core.count("2020-09-13T00:00:00Z") == 2, core  # created, modified


def test_a_dated_zip_names_files_as_zipfile_does_and_refuses_folders(tmp_path, monkeypatch):
    import io
    import zipfile

    from analysis.site.downloads import ZIP_DATE, DatedZip

    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("a")
    monkeypatch.chdir(tmp_path)
    plain, dated = io.BytesIO(), io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.write("./sub/a.txt")
    with DatedZip(dated, "w") as archive:
        archive.write("./sub/a.txt")
        with pytest.raises(ValueError, match="folder"):
            archive.write("sub")
        with pytest.raises(ValueError, match="folder"):
            archive.writestr("sub/", b"")
    with zipfile.ZipFile(plain) as a, zipfile.ZipFile(dated) as b:
        assert b.namelist() == a.namelist() == ["sub/a.txt"]
        [entry] = b.infolist()
        assert (entry.date_time, entry.external_attr >> 16) == (ZIP_DATE, 0o644)
        assert b.read("sub/a.txt") == b"a"


def test_workbook_has_a_readme_and_one_sheet_per_table(tmp_path):
    from openpyxl import load_workbook

    from analysis.site.downloads import write_workbook

    first = tmp_path / "a.csv"
    first.write_bytes("분야,총사업비\n그린,840\n디지털,98\n".encode("utf-8-sig"))
    second = tmp_path / "b.csv"
    second.write_bytes("x\n1.5\n".encode("utf-8-sig"))
    target = write_workbook(
        tmp_path / "w.xlsx",
        [
            ("그림 1. 분야별 총사업비: 예산/일자리", first),
            ("그림 1. 분야별 총사업비: 예산/일자리", second),
        ],
        [("자료", "의정부시 발표 (2020)")],
        "2020-09-13",
    )
    book = load_workbook(target)
    assert len(book.sheetnames) == 3 and book.sheetnames[0] == "README"
    assert len(set(n.lower() for n in book.sheetnames)) == 3
    sheet = book[book.sheetnames[1]]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [
        ["그림 1. 분야별 총사업비: 예산/일자리", None],
        ["분야", "총사업비"],
        ["그린", 840],
        ["디지털", 98],
    ]
    assert book["README"]["B1"].value == "의정부시 발표 (2020)"


def test_a_workbook_keeps_the_numbers_of_a_column_with_missing_values(tmp_path):
    """A table's number column with a missing value (a plan that states no jobs) holds
    numbers in the workbook, its missing cell empty; a column of text holds text, digits
    among it included. (Read as pandas reads a CSV, such a column was all text.)"""
    from openpyxl import load_workbook

    from analysis.site.downloads import write_workbook

    frame = pd.DataFrame(
        {
            "분야": ["디지털", "그린", "=합계"],
            "일자리": [1200, None, 9897],  # a float column to pandas: 1200.0, NaN, 9897.0
            "비중": [0.125, float("nan"), 1.0],
            "문단": ["3", "12-14", "7"],
            "명시": [True, None, False],
        }
    )
    table = tmp_path / "t.csv"
    table.write_bytes(reader_csv(frame))
    target = write_workbook(tmp_path / "w.xlsx", [("표 1", table)], [("a", "b")], "2020-09-13")
    sheet = load_workbook(target).worksheets[1]
    rows = [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [value for value, _ in rows[0]] == ["디지털", 1200, 0.125, "3", True]
    assert [value for value, _ in rows[1]] == ["그린", None, None, "12-14", None]
    assert [value for value, _ in rows[2]] == ["=합계", 9897, 1, "7", False]
    assert [kind for _, kind in rows[0]] == ["s", "n", "n", "s", "b"]
    assert rows[2][0][1] == "s"  # text, not a formula


def test_a_workbook_table_that_is_not_rectangular_names_its_file_and_line(tmp_path):
    from analysis.site.downloads import write_workbook

    table = tmp_path / "t.csv"
    table.write_bytes("a,b\r\n1,2\r\n3\r\n".encode("utf-8-sig"))
    with pytest.raises(ValueError, match=r"t\.csv: line 3: 1 cells under a header of 2"):
        write_workbook(tmp_path / "w.xlsx", [("t", table)], [], "2020-09-13")
    assert not (tmp_path / "w.xlsx").exists()


#: Text a table may hold: digits, signs, letters, a CR, a newline, quotes; one Hangul
#: syllable makes it text, never a number (a column of codes such as ``007`` is text too).
_SHEET_TEXT = st.builds(
    lambda before, after: before + "가" + after,
    st.text(alphabet="0123456789.e-+=@ ,\"'\r\nabinf", max_size=4).filter(
        lambda text: not text.startswith("'")  # text_from_csv's documented loss
    ),
    st.text(alphabet="0123456789.e-+=@ ,\"'\r\nabinf", max_size=4),
)
#: Each kind of column: its values, the dtype a briefing's frame has for them with some
#: missing, and the type of a workbook cell that holds one.
_SHEET_COLUMNS = {
    "int": (st.integers(-(10**15), 10**15), "Int64", int),
    "float": (st.floats(allow_nan=False, allow_infinity=False, width=64), "float64", float),
    "bool": (st.booleans(), "boolean", bool),
    "text": (_SHEET_TEXT, "object", str),
}


@settings(max_examples=200, deadline=None)
@given(
    kinds=st.lists(st.sampled_from(sorted(_SHEET_COLUMNS)), min_size=1, max_size=4),
    data=st.data(),
)
def test_sheet_rows_give_back_every_value_of_the_table_a_briefing_wrote(kinds, data):
    """Whatever a table holds (integers, floats, truth values, text; some missing), the
    workbook's cells of its CSV file are its values, of their type: integers stay integers,
    floats floats, truth values truth values, text the text written; a missing value is an
    empty cell."""
    from analysis.spreadsheet_cells import sheet_rows

    size = data.draw(st.integers(1, 5))
    drawn = {}
    for number, kind in enumerate(kinds):
        values, _, _ = _SHEET_COLUMNS[kind]
        drawn[f"c{number}"] = data.draw(st.lists(st.none() | values, min_size=size, max_size=size))
    frame = pd.DataFrame(
        {
            name: pd.Series(values, dtype=_SHEET_COLUMNS[kind][1])
            for (name, values), kind in zip(drawn.items(), kinds, strict=True)
        }
    )
    header, *rows = sheet_rows(reader_csv(frame).decode("utf-8-sig"))
    assert header == list(drawn)
    assert len(rows) == size
    for number, ((name, values), kind) in enumerate(zip(drawn.items(), kinds, strict=True)):
        cells = [row[number] for row in rows]
        kept = _SHEET_COLUMNS[kind][2]
        for cell, value in zip(cells, values, strict=True):
            assert (cell, type(cell)) == (value, kept if value is not None else type(None)), (
                name,
                kind,
                cells,
                values,
            )


# --- provenance -----------------------------------------------------------------------------


def _paragraphs(source_page: str) -> dict[str, str]:
    """``p-n`` -> the paragraph's text (:func:`_plain`)."""
    found = re.findall(r'<p id="(p-\d+)">(.*?)</p>', source_page, flags=re.S)
    return {ident: _plain(body) for ident, body in found}


def test_every_paragraph_link_lands_on_an_anchor_holding_its_quotes(briefings_build):
    reports = briefings_build["reports"]
    root = briefings_build["config"].parent / "data"
    figures = pd.read_csv(root / "processed" / "figures.csv", keep_default_na=False, dtype=str)
    sources = pd.read_csv(root / "processed" / "sources.csv", keep_default_na=False, dtype=str)
    source_count = sources.groupby("plan_id").size()
    cited = 0
    for job in briefings_build["jobs"]:
        page = (reports / f"{job.name}.html").read_text(encoding="utf-8")
        links = re.findall(r'<a class="para" href="([^"#]+)#(p-\d+)">(\d+)</a>', page)
        word = "문단" if job.lang == "ko" else "paragraph"
        if source_count.get(job.plan, 0) != 1:  # several sources: "paragraph n" is not linked
            assert not links, job.name
            continue
        # every cited paragraph number in the text is a link (none left as plain text)
        plain = re.findall(rf"\({word}s? (\d+)\)", re.sub(r"<[^>]+>", "", page))
        assert len(links) >= len(plain)
        for target, anchor, number in links:
            assert anchor == f"p-{number}"
            source = reports / target
            assert source.is_file(), f"{job.name}: {target} missing"
            assert anchor in _paragraphs(source.read_text(encoding="utf-8")), (job.name, anchor)
            cited += 1
    assert cited > 0
    for _, row in sources.iterrows():
        page = reports / "sources" / row["plan_id"] / f"{row['source_id']}.html"
        source = page.read_text("utf-8")
        paragraphs = _paragraphs(source)
        raw = root / "raw" / "plans" / row["plan_id"] / row["file"]
        lines = raw.read_text(encoding="utf-8").splitlines()
        assert len(paragraphs) == len(lines), page.name
        stated = figures[
            (figures["plan_id"] == row["plan_id"]) & (figures["source_id"] == row["source_id"])
        ]
        for _, figure in stated.iterrows():
            text = paragraphs[f"p-{figure['source_paragraph']}"]
            assert figure["source_quote"] in text, (figure["figure_id"], figure["source_quote"])
        if stated.empty:
            continue
        marked = re.findall(r'<mark id="q-[^"]+">', source)
        assert marked, f"{page.name}: no cited passage highlighted"


def test_source_addresses_are_links(briefings_build):
    reports = briefings_build["reports"]
    for job in briefings_build["jobs"]:
        page = (reports / f"{job.name}.html").read_text(encoding="utf-8")
        section = page[page.index('id="sources-and-method"') :]
        text_only = re.sub(r"<a [^>]*>[^<]*</a>", "", section)
        assert "http" not in re.sub(r"<[^>]+>", "", text_only), job.name
        assert re.search(r'<a href="https?://', section), job.name


def test_every_source_text_page_is_linked_from_its_plans_briefings(briefings_build):
    """Each source's shipped text (``sources/<plan_id>/<source_id>.html``) is reachable: the
    sources section of every briefing of its plan links it."""
    reports = briefings_build["reports"]
    texts = sorted((reports / "sources").glob("*/*.html"))
    assert len(texts) == sum(
        len(pd.read_csv(f, dtype=str))
        for f in (PROJECT_ROOT / "data/raw/plans").glob("*/sources.csv")
    )
    for job in briefings_build["jobs"]:
        if not job.plan:
            continue
        page = (reports / f"{job.name}.html").read_text(encoding="utf-8")
        section = page[page.index('id="sources-and-method"') :]
        for text_page in texts:
            if text_page.parent.name == job.plan:
                href = f"sources/{job.plan}/{text_page.name}"
                assert f'href="{href}"' in section, (job.name, href)


def test_each_source_item_shows_its_date_and_no_empty_part(briefings_build):
    """A source's item in the sources section: publisher, its date if ``sources.csv`` gives
    one (none for some reports, e.g. Incheon's 대한전문건설신문), address, text link; an
    item never shows an empty part between two separators ("기호일보 ·  · http...")."""
    reports = briefings_build["reports"]
    for job in briefings_build["jobs"]:
        if not job.plan:
            continue
        page = (reports / f"{job.name}.html").read_text(encoding="utf-8")
        section = page[page.index('id="sources-and-method"') :]
        items = [_plain(i) for i in re.findall(r"<li>(.*?)</li>", section)]
        assert not [i for i in items if re.search(r"\s·\s+·\s", i)], job.name
        rows = pd.read_csv(
            PROJECT_ROOT / "data/raw/plans" / job.plan / "sources.csv", dtype=str
        ).fillna("")
        for _, row in rows.iloc[1:].loc[rows["url"] != ""].iterrows():  # [0]: the announcement
            item = next(i for i in items if row["url"] in i)
            assert (f" · {row['date']} · " in item) == bool(row["date"]), (job.name, item)


def test_reference_figures_sources_are_in_the_pages_language_with_the_datas_values(
    briefings_build,
):
    """The sources of the exchange rates and the CPI, in each page's sources section: one
    item per rate and per CPI source (base, publisher, address), worded in the page's language (a Korean page shows
    no English words of its own around them), with the rate, year, basis and CPI base as
    the processed tables give them."""
    processed = PROJECT_ROOT / "data" / "processed"
    with (processed / "exchange_rates.csv").open(encoding="utf-8") as fh:
        rates = list(csv.DictReader(fh))
    with (processed / "cpi.csv").open(encoding="utf-8") as fh:
        cpi = {(r["base"], r["source_publisher"], r["source_url"]) for r in csv.DictReader(fh)}
    assert rates and cpi
    reports = briefings_build["reports"]
    for job in briefings_build["jobs"]:
        page = (reports / f"{job.name}.html").read_text(encoding="utf-8")
        section = page[page.index('id="sources-and-method"') :]
        items = [_plain(i) for i in re.findall(r"<li>(.*?)</li>", section, flags=re.S)]
        for row in rates:
            rate = f"{float(row['krw_per_unit']):,.2f}"
            expected = {
                "ko": f"{row['currency']} 환율 {row['year']}년 ({row['basis']}): {rate}원 — ",
                "en": f"{row['currency']} exchange rate {row['year']} ({row['basis']}): "
                f"{rate} KRW — ",
            }[job.lang]
            assert sum(i.startswith(expected) for i in items) == 1, (job.name, expected)
        for base, publisher, url in cpi:
            name = {"ko": "소비자물가지수", "en": "Consumer price index"}[job.lang]
            expected = f"{name} ({base}): {publisher} — {url}"
            assert items.count(expected) == 1, (job.name, expected)
        if job.lang == "ko":
            assert not [i for i in items if re.search(r"\bCPI\b|exchange rate", i)], job.name


# --- citation -------------------------------------------------------------------------------


def test_build_date_is_the_builds_not_the_last_commits(monkeypatch):
    from datetime import UTC, datetime

    from analysis.site.manifest import build_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # 2020-09-13 12:26:40 UTC
    assert build_date() == "2020-09-13"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_date() == datetime.now(tz=UTC).strftime("%Y-%m-%d")


def test_a_page_title_names_its_plan_once_with_the_year(briefings_build):
    """The ``<title>`` (tab, bookmark, search result) of a plan's page: its heading and the
    year of the plan's announcement (plan.csv), the plan's name once."""
    reports = briefings_build["reports"]
    for job in briefings_build["jobs"]:
        page = (reports / f"{job.name}.html").read_text(encoding="utf-8")
        title = html.unescape(re.search(r"<title>(.*?)</title>", page).group(1))
        h1 = _plain(re.search(r"<h1[^>]*>(.*?)</h1>", page).group(1))
        assert title.startswith(h1), (job.name, title)
        if not job.plan:
            continue
        plan = pd.read_csv(PROJECT_ROOT / "data/raw/plans" / job.plan / "plan.csv", dtype=str)
        name = plan[f"plan_name_{job.lang}"].iloc[0]
        assert title.count(name) == 1, (job.name, title)
        assert title.endswith(f"({plan['announced_date'].iloc[0][:4]})"), (job.name, title)


def test_every_page_says_how_to_cite_it(briefings_build):
    import json

    reports = briefings_build["reports"]
    version = json.loads((reports / "manifest.json").read_text("utf-8"))["data_version"]
    for job in briefings_build["jobs"]:
        page = (reports / f"{job.name}.html").read_text(encoding="utf-8")
        assert 'id="how-to-cite"' in page and 'href="#how-to-cite"' in page, job.name
        block = page[page.index('id="how-to-cite"') :]
        bibtex = html.unescape(re.search(r'<pre class="bibtex"[^>]*>(.*?)</pre>', block, re.S)[1])
        fields = dict(re.findall(r"^\s+(\w+) = \{(.*)\},?$", bibtex, flags=re.M))
        assert fields["date"] == "2020-09-13"  # SOURCE_DATE_EPOCH of the shared build
        assert fields["version"] == f"data {version}"
        assert fields["howpublished"].replace("\\_", "_") == f"{job.name}.html"
        assert (reports / f"{job.name}.html").is_file()
        assert job.title.split()[0] in html.unescape(fields["title"]).replace("\\", "")
        assert version in re.sub(r"<[^>]+>", " ", block)


# --- headline box ---------------------------------------------------------------------------


def _render_page(brief, tmp_path, lang):
    from types import SimpleNamespace

    import nbformat

    from analysis.site.render import export_briefing

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("본문 (문단 2)")])
    job = SimpleNamespace(
        lang=lang, title="T", summary="S", slug="t", name=f"t-{lang}", plan="uijeongbu_snd_2020"
    )
    context = {"build_date": "2020-09-13", "data_version": "v1", "all_jobs": []}
    target = export_briefing(nb, job, tmp_path / "page.html", brief.output_dir, context)
    return target.read_text(encoding="utf-8")


def test_headline_findings_replace_the_stated_figures_box(tmp_path):
    import json

    from analysis.briefing.session import start_briefing

    brief = start_briefing("t", lang="en", output_dir=tmp_path / "assets")
    fallback = _render_page(brief, tmp_path, "en")
    box = fallback[fallback.index('class="summary"') : fallback.index("</section>")]
    assert "<dl>" in box and "Total budget" in box  # no findings: the stated figures
    brief.headline(
        [
            ("예산의 절반 이상이 그린뉴딜", "Green takes more than half of the budget"),
            ("일자리의 {share}가 {sector}", "{share} of the jobs are in {sector}"),
        ],
        share="94.5%",
        sector="<Safety>",
    )
    saved = json.loads((tmp_path / "assets" / "page.json").read_text(encoding="utf-8"))
    assert saved["findings"] == [
        "Green takes more than half of the budget",
        "94.5% of the jobs are in <Safety>",
    ]
    page = _render_page(brief, tmp_path, "en")
    box = page[page.index('class="summary"') : page.index("</section>")]
    assert "<dl>" not in box
    assert "<li>94.5% of the jobs are in &lt;Safety&gt;</li>" in box
    for wrong in ([("a", "b")], [("a", "b")] * 4, [("a", "")] * 2):
        with pytest.raises(ValueError):
            brief.headline(wrong)
    brief.headline(  # a finding may begin with a value, capitalised as in any prose
        [("{term!c}가 절반", "{term!c} are half"), ("둘째", "Second")], term="city funds"
    )
    saved = json.loads((tmp_path / "assets" / "page.json").read_text(encoding="utf-8"))
    assert saved["findings"][0] == "City funds are half"
    with pytest.raises(KeyError, match="tem"):
        brief.headline([("{term!c}", "{term!c}"), ("b", "b")], tem="x")


# --- English pages --------------------------------------------------------------------------

_HANGUL_OUTSIDE_KO = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/[\\uac00-\\ud7a3]/.test(node.data)) continue;
    const owner = node.parentElement;
    const marked = owner.closest('[lang]');
    if (marked && marked.lang === 'ko') continue;
    const where = owner.closest('h2, p, li, td, th, figcaption, aside, dd, pre') || owner;
    found.push(where.tagName.toLowerCase() + ': ' + where.innerText.trim().slice(0, 160));
  }
  return Array.from(new Set(found));
}"""


@pytest.mark.browser
@pytest.mark.parametrize("page_name", ENGLISH_PAGE_NAMES)
def test_english_pages_have_no_hangul_outside_lang_ko(loaded_page, briefing_page):
    """Every Hangul character of an English page (its own parts and the notebook's prose,
    captions, tables and notes) sits inside an element marked lang="ko" (a Korean name,
    title or term given beside its translation). Failures list each element."""
    page, _, _ = loaded_page(briefing_page, PHONE)
    found = page.evaluate(_HANGUL_OUTSIDE_KO)
    listing = "\n".join(f"    {item}" for item in found)
    assert not found, f"Hangul outside lang=ko on {briefing_page.name}:\n{listing}"


def test_no_page_repeats_a_heading(briefings_build):
    """A reader meets each section title once: the headline box's title is no section's (it
    was "At a glance" above a section "At a glance" on four of the five notebooks)."""
    reports = briefings_build["reports"]
    pages = sorted(reports.glob("*.html"))
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        headings = [
            re.sub(r"<[^>]+>", "", h).strip()
            for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, flags=re.S)
        ]
        repeated = sorted({h for h in headings if headings.count(h) > 1})
        assert not repeated, f"{page.name}: headings repeated: {repeated}"


def test_no_page_sends_a_reader_to_a_readme_outside_its_data_package(briefings_build):
    """The only README a reader can open is the data package's: a page's text names no
    other ("the reference README" of data/raw is in the repository, not on the site)."""
    from analysis.briefing.labels import text

    reports = briefings_build["reports"]
    for job in briefings_build["jobs"]:
        page = (reports / f"{job.name}.html").read_text(encoding="utf-8")
        body = re.sub(r"<[^>]+>", "", page[page.index("<body") :])
        body = body.replace(text("page_data_package", job.lang), "")
        assert "README" not in body, (job.name, body[body.index("README") - 80 :][:120])


def test_page_words_point_to_what_the_page_offers():
    """A reader cannot open the project's folders: no page word names a path under data/ or
    a README; the method points to the data package, which every briefing page links."""
    from analysis.briefing.labels import TEXT

    for key, words in TEXT.items():
        for lang, said in words.items():
            assert "data/processed" not in said and "reference README" not in said, (
                key,
                lang,
                said,
            )
    assert all("data-package.zip" in TEXT["page_method"][lang] for lang in ("ko", "en"))


def test_every_briefing_page_links_the_data_package(briefings_build):
    reports = briefings_build["reports"]
    for path in sorted(reports.glob("*-*.html")):
        html = path.read_text(encoding="utf-8")
        assert 'href="data-package.zip" download' in html, path.name
    assert (reports / "data-package.zip").is_file()


def test_the_usd_audit_table_writes_counts_whole(briefings_build):
    """In a USD briefing the audit table holds dollar amounts and counts: each row in its own
    unit, so the announcement's 4 sectors (4개 분야) read 4, not 4.00, and its 42 projects 42."""
    page = (briefings_build["reports"] / "overview-uijeongbu_snd_2020-en-usd.html").read_text(
        encoding="utf-8"
    )
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", page, flags=re.S):
        cells = [_plain(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
        if cells:
            rows[cells[0]] = cells[1:4]
    assert rows["Count stated vs named: number of sectors"] == ["4", "4", "0"]
    assert rows["Count stated vs named: number of projects in the plan"][0] == "42"


def _page_text(path: Path) -> str:
    """The words of a page as a reader sees them (tags dropped, entities read)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    body = re.sub(r"</?(span|strong|em|a)\b[^>]*>", "", body)  # inline: no word break
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_pages_state_each_programme_and_rate_as_the_data_does(briefings_build):
    """A public-jobs programme's workers read as the source states them ("9,300여명", "some
    9,300" only where the number is approximate) and its length in months from the data,
    never "a few months"; the overview's link to the jobs page names the rate in the page's
    own unit (a USD page says "per 1 million USD", not "per 100 million KRW")."""
    from analysis.data.load import load_processed

    reports = briefings_build["reports"]
    names = {job.name for job in briefings_build["jobs"]}
    checked = []
    for prog in load_processed("refresh_programme").itertuples():
        count = f"{prog.workers_announced:,}"
        approx = not pd.isna(prog.workers_announced_approx) and bool(prog.workers_announced_approx)
        said = {
            "ko": (f"{count}여명" if approx else f"{count}명", f"{prog.duration_months}개월"),
            "en": (f"some {count}" if approx else count, f"{prog.duration_months} months"),
        }
        for lang, (workers, months) in said.items():
            for page in (
                f"overview-{prog.plan_id}-{lang}",
                f"jobs-per-budget-{prog.plan_id}-{lang}",
            ):
                words = _page_text(reports / f"{page}.html")
                assert workers in words and months in words, (page, workers, months)
                assert "a few months" not in words and "몇 달" not in words, page
                checked.append(page)
    assert "overview-uijeongbu_snd_2020-en" in checked
    usd = [n for n in names if n.startswith("overview-") and n.endswith("-usd")]
    assert usd, "the shared build has no USD overview"
    for name in usd:
        words = _page_text(reports / f"{name}.html")
        assert "jobs per 1 million USD and budget per job" in words, name
        assert "per 100 million KRW" not in words, name


def test_the_comparison_names_each_plans_own_funds_in_the_readers_language(briefings_build):
    """An English reader gets each plan's term for its own funds in English with the Korean
    beside it ("city funds (시비)"), the national plan's too; a Korean reader the Korean."""
    from analysis.data.load import load_processed

    reports = briefings_build["reports"]
    english = _page_text(reports / "plan-comparison-en.html")
    korean = _page_text(reports / "plan-comparison-ko.html")
    plans = load_processed("plans")
    plans = plans[plans["own_funds_term_ko"].fillna("") != ""]  # a plan may name none
    assert len(plans) >= 2
    for ko, en in zip(plans["own_funds_term_ko"], plans["own_funds_term_en"], strict=True):
        assert f"{en} ({ko})" in english and en not in korean, (en, ko)
    assert "national funding (국비)" in english


def test_the_overview_says_which_national_check_proves_nothing_as_the_data_does(
    briefings_build,
):
    """The note under the audit names the pillar whose national figure the raw table marks
    derived (``is_derived``), with the number of other pillars, on every overview page;
    it is not typed into the notebook."""
    raw = PROJECT_ROOT / "data" / "raw" / "reference"
    names = {r["pillar_id"]: r for r in _raw_rows(raw / "national_pillars.csv")}
    rows = [r for r in _raw_rows(raw / "national_figures.csv") if r["scope"] != "plan"]
    derived = [r for r in rows if r["is_derived"] == "true"]
    assert derived, "no derived national figure: the test would check nothing"
    expected = []
    for d in derived:
        others = sum(
            r["measure"] == d["measure"]
            and r["horizon_year"] == d["horizon_year"]
            and r["is_derived"] != "true"
            for r in rows
        )
        expected.append(
            (
                f"the figure for {names[d['scope']]['pillar_name_en']} is itself the total "
                f"minus the other {others} pillars",
                f"{names[d['scope']]['pillar_name_ko']}의 국비가 전체에서 나머지 {others}개 분야를 "
                "빼서 구한",
            )
        )
    reports = briefings_build["reports"]
    overviews = [j for j in briefings_build["jobs"] if j.briefing == "overview"]
    assert overviews
    for job in overviews:
        words = _page_text(reports / f"{job.name}.html")
        for en, ko in expected:
            assert (en if job.lang == "en" else ko) in words, (job.name, en)


def test_the_jobs_headline_gives_rates_in_the_pages_unit(briefings_build):
    """The jobs page's findings write the plan's rate per the page's money base, as its
    chart does: Uijeongbu's 9,897 jobs over 1,475억원 are 6.71 per 1억원, and at the 2020
    average rate (data/raw/reference/exchange_rates.csv) 79.2 per 1 million USD."""
    from analysis.briefing.numbers import format_derived
    from analysis.briefing.tables import plan_headline
    from analysis.data.load import load_processed

    headline = plan_headline(load_processed("figures"), "uijeongbu_snd_2020")
    [usd] = [
        r
        for r in _raw_rows(PROJECT_ROOT / "data" / "raw" / "reference" / "exchange_rates.csv")
        if r["currency"] == "USD" and r["year"] == "2020"
    ]
    rate = float(usd["krw_per_unit_raw"].replace(",", ""))
    per_eok = headline["jobs"] / (headline["total_budget"] / 1e8)
    per_musd = headline["jobs"] / (headline["total_budget"] / rate / 1e6)
    reports = briefings_build["reports"]
    expected = {
        "jobs-per-budget-uijeongbu_snd_2020-ko": f"1억원당 일자리 {format_derived(per_eok)}개",
        "jobs-per-budget-uijeongbu_snd_2020-en": f"{format_derived(per_eok)} jobs per 100 million KRW",
        "jobs-per-budget-uijeongbu_snd_2020-en-usd": f"{format_derived(per_musd)} jobs per 1 million USD",
    }
    assert expected["jobs-per-budget-uijeongbu_snd_2020-en-usd"].startswith("79.2 ")
    for page, words in expected.items():
        findings = json.loads((reports / "assets" / page / "page.json").read_text(encoding="utf-8"))
        assert words in findings["findings"][0], (page, findings["findings"])


def test_the_comparison_gives_the_national_first_phase_as_the_raw_figures_do(briefings_build):
    """The year and total of the national plan's first phase, in the comparison's note on
    horizons, are the raw national figures' earliest whole-plan total cost before its last
    horizon."""
    rows = _raw_rows(PROJECT_ROOT / "data" / "raw" / "reference" / "national_figures.csv")
    whole = {
        r["horizon_year"]: r["value_raw"]
        for r in rows
        if (r["scope"], r["measure"]) == ("plan", "total_cost")
    }
    first = min(year for year in whole if year < max(whole))
    amount = whole[first]
    assert amount.endswith("조원")  # 조원 = trillion won
    reports = briefings_build["reports"]
    ko = _page_text(reports / "plan-comparison-ko.html")
    en = _page_text(reports / "plan-comparison-en.html")
    assert f"한국판 뉴딜은 {first}년까지의 1단계 총사업비로 {amount}" in ko
    assert f"first phase to {first} is KRW {amount.removesuffix('조원')} trillion." in en
