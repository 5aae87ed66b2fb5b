"""Printing the briefings to PDF with each browser on this machine, side by side.

For every Chromium program of :data:`analysis.site.pdf.CHROMIUM_NAMES` found on ``PATH``
(or each ``--browser`` given), times ``python -m analysis pdf`` (what ``make pdf`` runs: one
browser started, every briefing printed) over the same briefing pages, the browsers
alternating run by run so that each meets the same load; prints the median wall and CPU
time (every process of the command, the browser's included: the bench adopts and reaps
orphans as :func:`bench_build.measure` does), CPU per page, and whether each browser's PDFs
hold the same text, page for page, as the first browser's (PDFium, ``pypdfium2``).

The pages are those of ``--reports`` (default: a fresh build of the briefings into a
temporary folder, about a minute; like any build, it first refreshes ``data/processed`` if
that is out of date), the first ``--pages`` of them, printed from a temporary folder.
A script that prints figures, never a test::

    .venv/bin/python benchmarks/bench_print.py --runs 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_build import become_subreaper, measure

from analysis.site.pdf import CHROMIUM_NAMES


def browsers_on_path() -> list[str]:
    """Every program of :data:`CHROMIUM_NAMES` on ``PATH``, in that order."""
    return [found for name in CHROMIUM_NAMES if (found := shutil.which(name))]


def pdf_texts(folder: Path) -> dict[str, list[str]]:
    """The text of every page of every PDF in ``folder``, by file name."""
    import pypdfium2 as pdfium

    texts = {}
    for pdf in sorted(folder.glob("*.pdf")):
        document = pdfium.PdfDocument(pdf)
        try:
            texts[pdf.name] = [page.get_textpage().get_text_range() for page in document]
        finally:
            document.close()
    return texts


def built_reports(work: Path) -> Path:
    """The briefings built into ``work/reports`` by ``python -m analysis build``."""
    reports = work / "reports"
    env = os.environ | {"ANALYSIS_REPORTS_DIR": str(reports)}
    subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--quiet"], env=env, check=True, timeout=1800
    )
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs per browser (median)")
    parser.add_argument("--pages", type=int, default=0, help="first N briefings only (0: all)")
    parser.add_argument("--reports", type=Path, help="built briefings (default: build them)")
    parser.add_argument("--browser", action="append", help="a browser program (repeatable)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error(f"--runs: at least 1, not {args.runs}")
    browsers = [shutil.which(b) or b for b in args.browser] if args.browser else browsers_on_path()
    if not browsers:
        parser.error("no Chromium on PATH: apt-get install chromium-headless-shell")
    missing = [b for b in browsers if not Path(b).is_file()]
    if missing:
        parser.error(f"--browser: no such program: {', '.join(missing)}")
    become_subreaper()
    work = Path(tempfile.mkdtemp(prefix="analysis-bench-print-"))
    try:
        reports = args.reports or built_reports(work)
        pages = sorted(p for p in reports.glob("*.html") if p.name != "index.html")
        pages = pages[: args.pages] if args.pages else pages
        if not pages:
            parser.error(f"{reports}: no briefing pages")
        folder = work / "pages"
        folder.mkdir()
        for page in pages:  # self-contained pages: nothing else is needed to print them
            shutil.copy2(page, folder / page.name)
        runs: dict[str, list] = {browser: [] for browser in browsers}
        texts: dict[str, dict[str, list[str]]] = {}
        command = [sys.executable, "-m", "analysis", "pdf", "--reports", str(folder)]
        for run in range(1, args.runs + 1):
            for browser in browsers:
                shutil.rmtree(folder / "pdf", ignore_errors=True)
                # measure raises if the command fails
                took = measure(command, env=os.environ | {"CHROMIUM": browser})
                runs[browser].append(took)
                if browser not in texts:
                    texts[browser] = pdf_texts(folder / "pdf")
                print(
                    f"run {run} {browser}: {took.seconds:.2f} s, CPU {took.cpu_seconds:.2f} s",
                    flush=True,
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    first = browsers[0]
    print(f"\n{len(pages)} briefings printed per run; medians of {args.runs} runs\n")
    print("| browser | wall time (s) | CPU time (s) | CPU s per page | same text as the first |")
    print("|---|---:|---:|---:|---|")
    for browser in browsers:
        wall = statistics.median(m.seconds for m in runs[browser])
        cpu = statistics.median(m.cpu_seconds for m in runs[browser])
        same = "yes" if texts[browser] == texts[first] else "NO"
        print(f"| `{browser}` | {wall:.2f} | {cpu:.2f} | {cpu / len(pages):.2f} | {same} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
