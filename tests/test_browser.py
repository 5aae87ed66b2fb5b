"""Every briefing in headless Chromium: loads from disk with no console error and no network
request, images loaded, table-of-contents links resolve, the index links resolve, the right
language, no horizontal scrolling on a phone. One test per page (parametrised by the pages
the shared build makes), so both xdist workers share them; the tests of one page run in one
worker on one page load per width (``tests/browser_pages.py``). With ``SCREENSHOTS=1``,
screenshots at laptop and phone widths are saved to a folder printed at the end of the run.

Needs Chromium (Debian: ``apt-get install chromium-headless-shell``, or ``chromium``;
``.ci/system-packages`` does it). Where it is missing these tests are skipped with that
reason, unless ``REQUIRE_BROWSER=1`` (CI), where a missing browser fails.
"""

from __future__ import annotations

import json
import re

import pytest
from browser_pages import LAPTOP, PHONE, open_page, save_screenshot
from shared_build import planned_pages

from analysis.site.pdf import PdfPrinter

pytestmark = pytest.mark.browser

#: Every page of the shared build, known before it is built.
PAGE_NAMES = [name for name, _ in planned_pages()]


def test_the_shared_build_made_every_page_the_tests_visit(briefings_build):
    reports = briefings_build["reports"]
    found = sorted(p.stem for p in reports.glob("*.html") if p.name != "index.html")
    assert found == sorted(PAGE_NAMES) == sorted(job.name for job in briefings_build["jobs"])


@pytest.mark.parametrize("page_name", PAGE_NAMES)
def test_every_briefing_loads_offline_with_images_toc_and_language(loaded_page, briefing_page):
    path = briefing_page
    page, requests, console = loaded_page(path, LAPTOP)
    assert console == [], f"{path.name}: console errors {console}"
    assert requests == [path.as_uri()], f"{path.name}: requested {requests}"
    images = page.evaluate(
        "Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight])"
    )
    recorded = json.loads(
        (path.parent / "assets" / path.stem / "values.json").read_text(encoding="utf-8")
    )["values"].get("figures", 0)
    assert len(images) >= recorded, f"{path.name}: {len(images)} images, {recorded} charts"
    assert all(done and w > 0 and h > 0 for done, w, h in images), f"{path.name}: {images}"
    targets = page.evaluate(
        "Array.from(document.querySelectorAll('nav.toc a')).map(a => a.getAttribute('href'))"
    )
    assert len(targets) >= 3
    for href in targets:
        assert href.startswith("#")
        assert page.locator(f"[id='{href[1:]}']").count() == 1, f"{path.name}: {href} missing"
    lang = page.evaluate("document.documentElement.lang")
    text = page.inner_text("main")
    hangul = len(re.findall(r"[가-힣]", text))
    latin_words = len(re.findall(r"\b[A-Za-z]{3,}\b", text))
    if path.stem.endswith("-ko"):
        assert lang == "ko" and hangul > 200, f"{path.name}: {hangul} Hangul characters"
    else:
        assert lang == "en" and latin_words > 200, f"{path.name}: {latin_words} English words"
        headings = page.evaluate(
            "Array.from(document.querySelectorAll('main h2')).map(h => h.innerText)"
        )
        # proper names such as "Refresh 의정부" may keep their Hangul
        for heading in headings:
            assert len(re.findall(r"[A-Za-z]", heading)) > 2 * len(
                re.findall(r"[가-힣]", heading)
            ), heading
    save_screenshot(page, f"{path.stem}-laptop")


@pytest.mark.parametrize("page_name", PAGE_NAMES)
def test_no_horizontal_scrolling_on_a_phone(loaded_page, briefing_page):
    page, _, _ = loaded_page(briefing_page, PHONE)
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{briefing_page.name}: page is {scroll}px wide at {inner}px"
    save_screenshot(page, f"{briefing_page.stem}-phone")


def test_index_links_resolve_and_briefings_link_back(browser, briefings_build):
    reports = briefings_build["reports"]
    context, page, requests, console = open_page(browser, reports / "index.html", LAPTOP)
    try:
        assert console == [] and requests == [(reports / "index.html").as_uri()]
        hrefs = page.evaluate(
            "Array.from(document.querySelectorAll('main .index-list a')).map(a => a.getAttribute('href'))"
        )
        expected = {f"{job.name}.html" for job in briefings_build["jobs"]}
        assert set(hrefs) == expected
        for href in hrefs:
            assert (reports / href).is_file()
        save_screenshot(page, "index")
    finally:
        context.close()
    for job in briefings_build["jobs"]:
        html = (reports / f"{job.name}.html").read_text(encoding="utf-8")
        assert 'href="index.html"' in html


def test_print_to_pdf(briefings_build, browser, tmp_path):
    reports = briefings_build["reports"]
    page = next(p for p in sorted(reports.glob("*-ko.html")))
    with PdfPrinter(browser=browser) as printer:  # the worker's browser (one per process)
        pdf = printer.print(page, tmp_path / f"{page.stem}.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 2


def test_screenshots_are_saved_only_when_asked_for(browser, briefings_build, tmp_path, monkeypatch):
    """README: ``SCREENSHOTS=1 make test`` leaves full-page screenshots; without it, none."""
    import struct

    import browser_pages

    monkeypatch.setattr(browser_pages, "SCREENSHOTS", tmp_path / "shots")
    monkeypatch.delenv("SCREENSHOT_DIR", raising=False)
    index = briefings_build["reports"] / "index.html"
    context, page, _, _ = open_page(browser, index, PHONE)
    try:
        monkeypatch.delenv("SCREENSHOTS", raising=False)
        save_screenshot(page, "unwanted")
        assert not (tmp_path / "shots").exists()
        monkeypatch.setenv("SCREENSHOTS", "1")
        save_screenshot(page, "index-phone")
    finally:
        context.close()
    png = (tmp_path / "shots" / "index-phone.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert width == PHONE["width"] and height > width  # a full page, at the phone width
