"""Every briefing in headless Chromium: loads from disk with no console error and no network
request, images loaded, table-of-contents links resolve, the index links resolve, the right
language, no horizontal scrolling on a phone. Screenshots at laptop and phone widths are
saved to a folder the tests print.

Needs Chromium (Debian: ``apt-get install chromium``; ``.ci/system-packages`` does it). Where
it is missing these tests are skipped with that reason, unless ``REQUIRE_BROWSER=1`` (CI),
where a missing browser fails.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from analysis.site.pdf import CHROMIUM_FLAGS, find_chromium, print_pdf

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parents[1] / "build" / "screenshots")
)


@pytest.fixture(scope="module")
def browser():
    chromium = find_chromium()
    if chromium is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but no Chromium found (run .ci/system-packages)")
        pytest.skip(
            "no Chromium on this machine: apt-get install chromium (see .ci/system-packages)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(
            executable_path=chromium, args=[f for f in CHROMIUM_FLAGS if f != "--headless"]
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(briefings_build) -> list[Path]:
    reports = briefings_build["reports"]
    found = sorted(p for p in reports.glob("*.html") if p.name != "index.html")
    assert len(found) == len(briefings_build["jobs"])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots of every briefing: {SCREENSHOTS}")
    return found


def open_page(browser, path: Path, viewport: dict):
    context = browser.new_context(viewport=viewport, java_script_enabled=True)
    page = context.new_page()
    requests: list[str] = []
    console: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on(
        "console",
        lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.goto(path.as_uri(), wait_until="load")
    return context, page, requests, console


def test_every_briefing_loads_offline_with_images_toc_and_language(browser, pages):
    for path in pages:
        context, page, requests, console = open_page(browser, path, LAPTOP)
        try:
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
                assert page.locator(f"[id='{href[1:]}']").count() == 1, (
                    f"{path.name}: {href} missing"
                )
            lang = page.evaluate("document.documentElement.lang")
            text = page.inner_text("main")
            hangul = len(re.findall(r"[가-힣]", text))
            latin_words = len(re.findall(r"\b[A-Za-z]{3,}\b", text))
            if path.stem.endswith("-ko"):
                assert lang == "ko" and hangul > 200, f"{path.name}: {hangul} Hangul characters"
            else:
                assert lang == "en" and latin_words > 200, (
                    f"{path.name}: {latin_words} English words"
                )
                headings = page.evaluate(
                    "Array.from(document.querySelectorAll('main h2')).map(h => h.innerText)"
                )
                # proper names such as "Refresh 의정부" may keep their Hangul
                for heading in headings:
                    assert len(re.findall(r"[A-Za-z]", heading)) > 2 * len(
                        re.findall(r"[가-힣]", heading)
                    ), heading
            page.screenshot(path=str(SCREENSHOTS / f"{path.stem}-laptop.png"), full_page=True)
        finally:
            context.close()


def test_no_horizontal_scrolling_on_a_phone(browser, pages):
    for path in pages:
        context, page, _, _ = open_page(browser, path, PHONE)
        try:
            scroll, inner = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert scroll <= inner, f"{path.name}: page is {scroll}px wide at {inner}px"
            page.screenshot(path=str(SCREENSHOTS / f"{path.stem}-phone.png"), full_page=True)
        finally:
            context.close()


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
        page.screenshot(path=str(SCREENSHOTS / "index.png"), full_page=True)
    finally:
        context.close()
    for job in briefings_build["jobs"]:
        html = (reports / f"{job.name}.html").read_text(encoding="utf-8")
        assert 'href="index.html"' in html


def test_print_to_pdf(briefings_build, browser):
    reports = briefings_build["reports"]
    page = next(p for p in sorted(reports.glob("*-ko.html")))
    pdf = print_pdf(page, reports / "pdf" / f"{page.stem}.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 2
