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

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import jinja2

__all__ = ["CHROMIUM_FLAGS", "css_string", "find_chromium", "print_all", "print_pdf"]

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


def find_chromium() -> str | None:
    """Path of a Chromium or Chrome binary: ``$CHROMIUM`` or the first on ``PATH``."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html: Path, pdf: Path, *, timeout: float = 120) -> Path:
    """Print one HTML file to PDF (A4, as the print stylesheet lays it out)."""
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("no Chromium found: install it (Debian: apt-get install chromium)")
    pdf.parent.mkdir(parents=True, exist_ok=True)
    tmp = pdf.with_name(f".{pdf.name}.tmp")
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={tmp}",
                html.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    os.replace(tmp, pdf)
    return pdf


def print_all(reports: Path) -> list[Path]:
    """Print every briefing page of ``reports`` (not the index) to ``reports/pdf/``."""
    pages = sorted(p for p in reports.glob("*.html") if p.name != "index.html")
    return [print_pdf(page, reports / "pdf" / f"{page.stem}.pdf") for page in pages]
