"""PDF copies of the briefings, printed by headless Chromium from the same HTML.

The page's print stylesheet (A4, no navigation, charts kept whole) decides the layout, and
its ``@page`` margin boxes (CSS paged media, Chromium 131 and later) print a running footer
on every page: the page's title, build date and address, and "n / m". The same footer
appears when a reader prints the page from a browser; :func:`css_string` writes the page's
own words into that stylesheet.
``python -m analysis pdf`` (``make pdf``) prints every ``reports/*.html`` briefing to
``reports/pdf/<name>.pdf``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2

from analysis.site.temp_folders import owned_temp_folder

__all__ = [
    "BROWSER_PREFIX",
    "CHROMIUM_FLAGS",
    "CHROMIUM_NAMES",
    "PdfPrinter",
    "css_string",
    "find_chromium",
    "print_all",
    "print_pdf",
]

#: Prefix of the temporary folder a :class:`PdfPrinter` gives Playwright's driver.
BROWSER_PREFIX = "analysis-browser-"
#: Held while ``TMPDIR`` names a printer's folder (printers starting in other threads wait).
_TMPDIR_LOCK = threading.Lock()

#: Flags for a headless Chromium on a machine without network or display.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def css_string(value: object) -> jinja2.utils.markupsafe.Markup:
    """``value`` as a quoted CSS string, safe inside a ``<style>`` element.

    Quotes and backslashes are escaped; control characters and ``<``, ``>`` and ``&`` are
    written as CSS hex escapes, so no value can close the ``<style>`` element or be read as
    HTML. Returned as ``Markup`` so that a template does not escape it again
    (HTML entities mean nothing inside ``<style>``).

    Examples
    --------
    >>> print(css_string('Plans "compared" </style> 개요'))
    "Plans \\"compared\\" \\3c /style\\3e  개요"
    """
    out = []
    for char in str(value):
        if char in '"\\':
            out.append("\\" + char)
        elif char in "<>&" or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return jinja2.utils.markupsafe.Markup('"' + "".join(out) + '"')


#: Browser programs :func:`find_chromium` looks for on ``PATH``, in this order. The headless
#: shells come first: the same Blink engine without the full browser around it (Debian's
#: ``chromium-headless-shell``, Google's ``chrome-headless-shell``). In ``docs/benchmarks.md``
#: (``benchmarks/bench_print.py``) it printed the 34 briefings of a build for about a fifth
#: of the CPU the full ``chromium`` took in its headless mode (0.51 against 2.48 s per page),
#: with the same text, page for page.
CHROMIUM_NAMES = (
    "chromium-headless-shell",
    "chrome-headless-shell",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "chrome",
)


def find_chromium() -> str | None:
    """Path of a Chromium or Chrome binary: ``$CHROMIUM``, else the first of
    :data:`CHROMIUM_NAMES` on ``PATH`` (a headless shell before a full browser)."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class PdfPrinter:
    """One headless Chromium that prints pages to PDF, started once for many pages.

    Drives the browser through Playwright (Chrome DevTools' ``Page.printToPDF``, what
    ``chromium --print-to-pdf`` does) with the page's own ``@page`` size and margins, no
    browser header or footer (the print stylesheet draws the footer) and Playwright's
    default for backgrounds: the pages come out as ``chromium --print-to-pdf`` printed them
    (same page count and text; rasterised, the same layout). Starting Chromium costs more
    than printing a page, so :func:`print_all` prints every briefing with one printer.

    Use it as a context manager (it needs Chromium, so this is no doctest)::

        with PdfPrinter() as printer:
            printer.print(Path("reports/overview-ko.html"), Path("out/overview-ko.pdf"))
    """

    def __init__(self, *, timeout: float = 120, browser: Any = None) -> None:
        self.timeout = timeout
        self._playwright: Any = None
        #: A Playwright browser already running (Playwright's sync API allows one instance
        #: per thread: a test process's browser prints too); neither started nor closed here.
        self._browser: Any = browser
        self._owns_browser = browser is None
        #: Playwright and its temporary folder, while this printer runs its own browser.
        self._temp = contextlib.ExitStack()

    def __enter__(self) -> PdfPrinter:
        if not self._owns_browser:
            return self
        chromium = find_chromium()
        if chromium is None:
            raise RuntimeError(
                "no Chromium found: install it (Debian: apt-get install chromium-headless-shell)"
            )
        try:
            from playwright.sync_api import Error
        except ImportError as exc:
            raise RuntimeError(
                "printing to PDF needs Playwright: pip install 'analysis[pdf]' (make installs it)"
            ) from exc

        # Playwright's driver makes two folders for each browser in its temporary directory
        # (its artifacts, the browser's profile) and leaves them behind when the browser
        # does not start: it gets a folder of its own, removed as the printer stops (or, if
        # this process is killed, by the next printer: analysis.site.temp_folders)
        self._temp.enter_context(self._driver_temp_dir())
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=chromium,
                args=[flag for flag in CHROMIUM_FLAGS if flag != "--headless"],
                timeout=self.timeout * 1000,
            )
        except Error as exc:  # no such file, or it crashed as it started
            self._temp.close()
            first = str(exc).strip().splitlines()[0]
            raise RuntimeError(f"Chromium at {chromium} did not start: {first}") from exc
        except BaseException:
            self._temp.close()
            raise
        return self

    @contextlib.contextmanager
    def _driver_temp_dir(self) -> Iterator[None]:
        """Start Playwright (``self._playwright``) with an owned temporary folder of its own
        (:data:`BROWSER_PREFIX`) as ``TMPDIR``; stop it, then remove the folder, at the end."""
        from playwright.sync_api import sync_playwright

        with owned_temp_folder(BROWSER_PREFIX) as folder:
            with _TMPDIR_LOCK:
                system = os.environ.get("TMPDIR")
                os.environ["TMPDIR"] = str(folder)  # the driver takes its environment now
                try:
                    self._playwright = sync_playwright().start()
                finally:
                    if system is None:
                        del os.environ["TMPDIR"]
                    else:
                        os.environ["TMPDIR"] = system
            try:
                yield
            finally:
                self._playwright.stop()

    def __exit__(self, *exc: object) -> None:
        if not self._owns_browser:
            return
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            self._temp.close()

    def print(self, html: Path, pdf: Path) -> Path:
        """Print one HTML file to ``pdf`` (A4, as the print stylesheet lays it out); the
        file appears complete or not at all."""
        pdf.parent.mkdir(parents=True, exist_ok=True)
        tmp = pdf.with_name(f".{pdf.name}.tmp")
        page = self._browser.new_page()
        try:
            page.goto(html.resolve().as_uri(), wait_until="load", timeout=self.timeout * 1000)
            page.pdf(path=str(tmp), prefer_css_page_size=True, display_header_footer=False)
        finally:
            page.close()
        os.replace(tmp, pdf)
        return pdf


def print_pdf(html: Path, pdf: Path, *, timeout: float = 120) -> Path:
    """Print one HTML file to PDF (A4, as the print stylesheet lays it out)."""
    with PdfPrinter(timeout=timeout) as printer:
        return printer.print(html, pdf)


def print_all(reports: Path) -> list[Path]:
    """Print every briefing page of ``reports`` (not the index) to ``reports/pdf/``, with one
    browser."""
    pages = sorted(p for p in reports.glob("*.html") if p.name != "index.html")
    with PdfPrinter() as printer:
        return [printer.print(page, reports / "pdf" / f"{page.stem}.pdf") for page in pages]
