"""Briefings on paper: every printed page has a running footer (the page's title, build date
and address, and "n / m"), and the first page is filled rather than left a third empty.

The pages of the shared build (``briefings_build``) are printed by headless Chromium exactly
as ``make pdf`` prints them (:class:`analysis.site.pdf.PdfPrinter`, on the one browser of
each test process) and read back with PDFium (``pypdfium2``), with where each piece of text
is on the page: one test per page and check, so both xdist workers share them (each page
printed and read once per worker). Skipped without Chromium, unless ``REQUIRE_BROWSER=1`` (CI), where a
missing browser fails.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_pages import chromium_or_skip
from shared_build import planned_pages

from analysis.site.pdf import PdfPrinter, css_string

#: Points per millimetre (a PDF's unit is 1/72 inch).
PT_PER_MM = 72 / 25.4
PAGE_CSS = Path(__file__).resolve().parents[1] / "src" / "analysis" / "site" / "templates"
#: The shared build's date: its SOURCE_DATE_EPOCH, 1600000000, is 2020-09-13 (UTC).
BUILD_DATE = "2020-09-13"
#: Least share of page 1's content area that its text must reach down to.
MIN_FIRST_PAGE_FILL = 0.70
#: Every configured page of the shared build (variants such as ``-usd`` print alike and are
#: left out).
PRINTED_PAGES = [name for name, variant in planned_pages() if not variant]


@dataclass(frozen=True)
class PrintedPage:
    """What the tests read of one printed PDF page (PDF points, from the bottom left)."""

    #: The page's height.
    height: float
    #: The text inside the bottom margin, in the order the page draws it.
    footer: str
    #: The bottom edge of the lowest non-blank text above the bottom margin (``None``: no text).
    lowest_body_text: float | None


def page_margins_mm() -> tuple[float, float]:
    """Top and bottom page margins (mm) of the print stylesheet's ``@page`` rule, read from
    ``page.css`` itself (``margin: top [right [bottom]]``, in mm)."""
    css = (PAGE_CSS / "page.css").read_text(encoding="utf-8")
    found = re.search(
        r"@page\s*\{[^{}]*?margin:\s*([\d.]+)mm(?:\s+([\d.]+)mm)?(?:\s+([\d.]+)mm)?", css
    )
    assert found, "page.css: no `@page { margin: ... mm }` rule"
    top = float(found[1])
    bottom = float(found[3]) if found[3] else top
    return top, bottom


def read_printed(pdf: Path) -> list[PrintedPage]:
    """Every page of ``pdf``: its footer's text and how far down its body text reaches, by
    the text rectangles PDFium finds (each a run of characters on one line)."""
    import pypdfium2 as pdfium

    bottom = page_margins_mm()[1] * PT_PER_MM
    pages = []
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            _, height = page.get_size()
            text = page.get_textpage()
            footer = text.get_text_bounded(0, 0, page.get_width(), bottom)
            rects = (text.get_rect(i) for i in range(text.count_rects()))
            body = [r for r in rects if (r[1] + r[3]) / 2 >= bottom]  # (left, bottom, right, top)
            lowest = min((r[1] for r in body if text.get_text_bounded(*r).strip()), default=None)
            pages.append(PrintedPage(height, footer, lowest))
    finally:
        document.close()
    return pages


def pdf_text(pdf: Path) -> list[str]:
    """The whole text of each page of ``pdf``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def squeezed(text: str) -> str:
    """``text`` without whitespace: PDF text comes back in pieces, spaced as the layout put it."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def printed(
    briefings_build, browser, tmp_path_factory
) -> Iterator[Callable[[str], tuple[object, Path, list[PrintedPage]]]]:
    """Return ``pdf_of(page_name)`` -> ``(job, pdf, pages)``: the shared build's page printed
    to PDF and read back (:func:`read_printed`), once per test process."""
    chromium_or_skip()
    reports = briefings_build["reports"]
    jobs = {job.name: job for job in briefings_build["jobs"]}
    out = tmp_path_factory.mktemp("pdf")
    done: dict[str, tuple[Path, list[PrintedPage]]] = {}

    def pdf_of(name: str) -> tuple[object, Path, list[PrintedPage]]:
        if name not in done:
            pdf = printer.print(reports / f"{name}.html", out / f"{name}.pdf")
            done[name] = (pdf, read_printed(pdf))
        return jobs[name], *done[name]

    with PdfPrinter(browser=browser) as printer:  # the test process's one browser
        yield pdf_of


def test_every_configured_page_is_printed(briefings_build):
    configured = sorted(job.name for job in briefings_build["jobs"] if not job.variant)
    assert len(configured) >= 2, "the shared build has no briefing pages"
    assert configured == sorted(PRINTED_PAGES)


@pytest.mark.browser
@pytest.mark.parametrize("page_name", PRINTED_PAGES)
def test_every_printed_page_has_a_footer_with_title_date_address_and_page_n_of_m(
    printed, page_name
):
    job, pdf, pages = printed(page_name)
    total = len(pages)
    assert total >= 2, f"{pdf.name}: {total} page"
    for number, page in enumerate(pages, start=1):
        footer = squeezed(page.footer)
        where = f"{pdf.name}, page {number} of {total}: footer {footer!r}"
        assert f"{number}/{total}" in footer, where
        assert squeezed(job.title) in footer, where
        assert BUILD_DATE in footer, where
        assert f"{job.name}.html" in footer, where


@pytest.mark.browser
@pytest.mark.parametrize("page_name", PRINTED_PAGES)
def test_the_first_printed_page_is_filled(printed, page_name):
    """Page 1's body text reaches at least 70% down its content area: the first chart is not
    pushed to page 2 leaving page 1 a third empty."""
    top_mm, bottom_mm = page_margins_mm()
    _, pdf, pages = printed(page_name)
    first = pages[0]
    content_top = first.height - top_mm * PT_PER_MM
    content_bottom = bottom_mm * PT_PER_MM
    assert first.lowest_body_text is not None, f"{pdf.name}: no text on page 1"
    fill = (content_top - first.lowest_body_text) / (content_top - content_bottom)
    assert fill >= MIN_FIRST_PAGE_FILL, f"{pdf.name}: page 1 filled to {fill:.0%} only"


def test_css_string_cannot_leave_its_string_or_the_style_element():
    hostile = 'a "quoted" \\ back</style><script>x</script>\nnew & line'
    written = str(css_string(hostile))
    assert written.startswith('"') and written.endswith('"')
    inner = written[1:-1]
    # every quote inside is escaped, and nothing can end the <style> element or the line
    assert not re.search(r'(?<!\\)"', inner.replace("\\\\", ""))
    assert "<" not in written and ">" not in written and "\n" not in written
    # read back by CSS rules (backslash + char; backslash + hex + one space), it is the input
    unescaped = re.sub(
        r"\\([0-9a-fA-F]{1,6}) ?|\\(.)",
        lambda m: chr(int(m[1], 16)) if m[1] else m[2],
        inner,
    )
    assert unescaped == hostile


@pytest.mark.browser
def test_make_pdf_prints_every_briefing_but_the_index(tmp_path, short_temp):
    """``python -m analysis pdf`` (``make pdf``): one PDF per briefing page, in ``pdf/``;
    nothing left in the system's temporary directory."""
    import subprocess
    import sys

    chromium_or_skip()
    for name, words in (("a-ko", "가나다 첫째"), ("b-en", "second page"), ("index", "index")):
        (tmp_path / f"{name}.html").write_text(
            f"<!doctype html><meta charset=utf-8><p>{words}</p>", encoding="utf-8"
        )
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "pdf", "--reports", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=os.environ | {"TMPDIR": str(short_temp)},
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == ["a-ko.pdf", "b-en.pdf"]
    assert "second page" in pdf_text(tmp_path / "pdf" / "b-en.pdf")[0]
    assert sorted(p.name for p in short_temp.iterdir()) == []


def test_find_chromium_takes_a_headless_shell_before_a_full_browser(tmp_path, monkeypatch):
    """On ``PATH``, Debian's headless shell, then Google's, win over a full browser found
    earlier; ``$CHROMIUM`` wins over all; with none, there is none."""
    from analysis.site.pdf import find_chromium

    early, late = tmp_path / "early", tmp_path / "late"
    for folder, names in (
        (early, ["chromium", "google-chrome"]),
        (late, ["chrome-headless-shell", "chromium-headless-shell"]),
    ):
        folder.mkdir()
        for name in names:
            (folder / name).write_text("#!/bin/sh\n")
            (folder / name).chmod(0o755)
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", f"{early}{os.pathsep}{late}")
    assert find_chromium() == str(late / "chromium-headless-shell")
    (late / "chromium-headless-shell").unlink()
    assert find_chromium() == str(late / "chrome-headless-shell")
    (late / "chrome-headless-shell").unlink()
    assert find_chromium() == str(early / "chromium")
    monkeypatch.setenv("CHROMIUM", "/opt/my/chrome")
    assert find_chromium() == "/opt/my/chrome"
    monkeypatch.delenv("CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert find_chromium() is None


def test_ci_system_packages_accepts_the_browsers_find_chromium_looks_for():
    """``.ci/system-packages`` lists the browsers it accepts in shell: the same programs, in
    the same order, as :data:`analysis.site.pdf.CHROMIUM_NAMES`, the headless shells first
    (the list it is content with without installing anything)."""
    from analysis.site.pdf import CHROMIUM_NAMES

    script = (Path(__file__).resolve().parents[1] / ".ci" / "system-packages").read_text()
    arrays = dict(re.findall(r"^(SHELLS|BROWSERS)=\((.*)\)$", script, flags=re.MULTILINE))
    shells = arrays["SHELLS"].split()
    browsers = arrays["BROWSERS"].replace('"${SHELLS[@]}"', arrays["SHELLS"]).split()
    assert tuple(browsers) == CHROMIUM_NAMES
    assert shells == [name for name in CHROMIUM_NAMES if name.endswith("headless-shell")]
    assert browsers[: len(shells)] == shells


def test_make_pdf_without_chromium_says_so_in_one_line_and_exits_2(tmp_path):
    """... and leaves nothing in the system's temporary directory (Playwright's driver
    left two empty folders there when the browser did not start)."""
    import subprocess
    import sys

    (tmp_path / "a-ko.html").write_text("<p>x</p>", encoding="utf-8")
    missing = tmp_path / "no-chromium-here"
    temp = tmp_path / "temp"
    temp.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "pdf", "--reports", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=os.environ | {"CHROMIUM": str(missing), "TMPDIR": str(temp)},
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0], done.stderr
    assert not (tmp_path / "pdf").exists()
    assert list(temp.iterdir()) == []


def test_a_test_that_starts_chromium_must_be_marked_browser():
    """``make test-fast`` leaves out the ``browser`` mark; a test that starts Chromium without
    it would run there (this test is unmarked, so the check must stop it)."""
    with pytest.raises(pytest.fail.Exception, match="is not marked browser"):
        chromium_or_skip()
