"""Headless Chromium for the browser tests (test_browser, test_reader, test_injection): one
browser per test process (``browser``), pages opened with their requests and console
messages recorded (:func:`open_page`), and the last page opened at each width kept open for
the next test that reads the same page at that width (``loaded_page``).

The tests of one briefing page at one width only read its DOM (they evaluate getters, never
click, type or scroll), so they can share one load: conftest groups the tests of one page
(:func:`page_group`) into one xdist worker, where they run one after the other. A page at
another width, or another page, is a new load in a new browser context.

Screenshots (full page, at laptop and phone widths) are for a person to look at, not checks:
they cost more than the page load and the checks together, so they are taken only when
``SCREENSHOTS=1`` (or ``SCREENSHOT_DIR`` names their folder).

Needs Chromium (Debian: ``apt-get install chromium-headless-shell``, or ``chromium``;
``.ci/system-packages`` does it). Where it is missing the browser tests are skipped with
that reason, unless ``REQUIRE_BROWSER=1`` (CI), where a missing browser fails.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from analysis.site.pdf import CHROMIUM_FLAGS, find_chromium

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parents[1] / "build" / "screenshots")
)


def screenshots_wanted() -> bool:
    """Whether this run saves screenshots (``SCREENSHOTS=1`` or ``SCREENSHOT_DIR`` set)."""
    return os.environ.get("SCREENSHOTS") == "1" or "SCREENSHOT_DIR" in os.environ


def save_screenshot(page: Any, name: str) -> None:
    """A full-page screenshot ``<name>.png`` in :data:`SCREENSHOTS`, if this run wants them."""
    if screenshots_wanted():
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


#: The test running now (set by conftest's autouse ``running_test`` fixture).
RUNNING: dict[str, pytest.Item] = {}


def chromium_or_skip() -> str:
    """Chromium's path; skips the test without one (fails it if ``REQUIRE_BROWSER=1``).

    Fails a test that is not marked ``browser``: ``make test-fast`` (``-m "not slow and not
    browser"``) promises to start no browser.
    """
    item = RUNNING.get("item")
    if item is not None and item.get_closest_marker("browser") is None:
        pytest.fail(f"{item.nodeid} starts Chromium but is not marked browser")
    chromium = find_chromium()
    if chromium is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but no Chromium found (run .ci/system-packages)")
        pytest.skip(
            "no Chromium on this machine: apt-get install chromium-headless-shell (see .ci/system-packages)"
        )
    return chromium


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole test process (an xdist worker)."""
    chromium = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(
            executable_path=chromium, args=[f for f in CHROMIUM_FLAGS if f != "--headless"]
        )
        yield launched
        launched.close()


def open_page(browser: Any, path: Path, viewport: dict) -> tuple[Any, Any, list, list]:
    """Open ``path`` in a new context at ``viewport``: ``(context, page, requests, console)``,
    with every request's URL and every console error, warning and page error recorded."""
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


@dataclass
class LoadedPages:
    """The last page opened at each width, kept open for the next test that reads it."""

    browser: Any
    open: dict[tuple[int, int], tuple[Path, tuple]] = field(default_factory=dict)

    def get(self, path: Path, viewport: dict) -> tuple[Any, list, list]:
        """``(page, requests, console)`` of ``path`` loaded at ``viewport`` (loaded now
        unless the last page at that width was this one)."""
        key = (viewport["width"], viewport["height"])
        if key in self.open and self.open[key][0] != path:
            self.open.pop(key)[1][0].close()
        if key not in self.open:
            self.open[key] = (path, open_page(self.browser, path, viewport))
        _, page, requests, console = self.open[key][1]
        return page, requests, console

    def close(self) -> None:
        """Close every page still open."""
        for _, (context, *_) in self.open.values():
            context.close()
        self.open.clear()


@pytest.fixture(scope="session")
def loaded_page(browser: Any) -> Iterator[Callable[[Path, dict], tuple[Any, list, list]]]:
    """Return ``load(path, viewport)`` -> ``(page, requests, console)``: a page of the shared
    build loaded once for the tests of one page at one width (see :class:`LoadedPages`).
    Read it only: evaluate, never act on it."""
    pages = LoadedPages(browser)
    yield pages.get
    pages.close()


def page_group(item: pytest.Item) -> str | None:
    """``page-<name>`` for a test parametrised by a briefing page (its ``page_name``), so
    that the tests of one page share an xdist worker, a browser and a page load."""
    callspec = getattr(item, "callspec", None)
    name = callspec.params.get("page_name") if callspec is not None else None
    return f"page-{name}" if name else None


@pytest.fixture
def briefing_page(briefings_build: dict, page_name: str) -> Path:
    """The shared build's HTML page ``page_name`` (the test's parameter)."""
    path = briefings_build["reports"] / f"{page_name}.html"
    assert path.is_file(), f"the shared build made no {path.name}"
    return path
