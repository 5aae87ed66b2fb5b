"""CPU seconds per step of ``Briefing.figure``, notebook by notebook, for one plan.

Runs each notebook's code cells in this process (no kernel, no build), its parameters
cell followed by ``plan``, ``lang``, ``output_dir`` and ``data_dir`` (this checkout's
``data/``), and times with
:func:`time.process_time` what :meth:`analysis.briefing.session.Briefing.figure` calls:
``tidy_labels``, ``save_figure`` (wide PNG + SVG, and the phone PNG), ``phone_layout`` and
``smallest_text_px`` (through :mod:`analysis.briefing.chart_files`), with ``Figure.savefig`` split by file kind. Outside the package, so
editing it rebuilds nothing.

Old against new, side by side (the same script times both)::

    mkdir /tmp/old && git archive <old-commit> src | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old/src .venv/bin/python benchmarks/bench_charts.py --out /tmp/b-old
    .venv/bin/python benchmarks/bench_charts.py --out /tmp/b-new

With ``--out`` the figures stay in ``<out>/<notebook>-<lang>/figures`` and each image's
``data-text-px`` in ``<out>/<notebook>-<lang>/text_px.json``, for comparing the two runs.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import importlib
import importlib.util
import io
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from analysis.briefing import session

ROOT = Path(__file__).resolve().parents[1]
#: The data the notebooks read: this checkout's, also when another one's code is timed.
DATA = ROOT / "data"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
#: The steps of ``Briefing.figure`` timed by name: the functions that ``chart_files`` calls
#: (``session`` before ``chart_files`` was written, so that older commits are timed too).
STEPS = ("tidy_labels", "save_figure", "smallest_text_pt", "smallest_text_px", "phone_layout")
STEPS_MODULE = (
    importlib.import_module("analysis.briefing.chart_files")
    if importlib.util.find_spec("analysis.briefing.chart_files")
    else session
)


def code_cells(notebook: Path, overrides: dict[str, object]) -> list[str]:
    """A notebook's code cells, ``overrides`` assigned at the end of its parameters cell."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    sources = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        if "parameters" in (cell.get("metadata", {}).get("tags") or []):
            source += "".join(f"\n{name} = {value!r}" for name, value in overrides.items())
        sources.append(source)
    return sources


@contextlib.contextmanager
def timed_steps(cpu: collections.Counter[str], pages: list[str]) -> Iterator[None]:
    """Accumulate CPU seconds per step in ``cpu`` and collect the HTML shown in ``pages``."""
    originals: dict[str, Any] = {
        name: getattr(STEPS_MODULE, name) for name in STEPS if hasattr(STEPS_MODULE, name)
    }
    original_figure, original_savefig = session.Briefing.figure, Figure.savefig
    original_display = session.display

    def timer(key: Callable[..., str], function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                cpu[key(*args, **kwargs)] += time.process_time() - start

        return run

    def savefig_kind(_fig: Figure, fname: object, *_a: Any, **_k: Any) -> str:
        suffix = Path(str(fname)).suffix.lstrip(".")
        return f"  savefig {suffix}{' phone' if '-phone' in str(fname) else ''}"

    def step_kind(name: str) -> Callable[..., str]:
        if name == "save_figure":
            return lambda _f, _d, stem, *a, **k: (
                "save_figure" + (" phone" if stem.endswith("-phone") else " wide")
            )
        return lambda *a, **k: name

    def keep_html(obj: Any, *a: Any, **k: Any) -> None:
        pages.append(getattr(obj, "data", "") or "")

    for name, function in originals.items():
        setattr(STEPS_MODULE, name, timer(step_kind(name), function))
    session.Briefing.figure = timer(lambda *a, **k: "figure (total)", original_figure)
    Figure.savefig = timer(savefig_kind, original_savefig)  # type: ignore[method-assign]
    session.display = keep_html
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(STEPS_MODULE, name, function)
        session.Briefing.figure = original_figure
        Figure.savefig = original_savefig  # type: ignore[method-assign]
        session.display = original_display


def run_notebook(notebook: Path, plan: str, lang: str, out: Path) -> dict[str, float]:
    """Run ``notebook`` for ``plan`` and ``lang`` into ``out``; CPU seconds per step."""
    cpu: collections.Counter[str] = collections.Counter()
    pages: list[str] = []
    overrides = {"plan": plan, "lang": lang, "output_dir": str(out), "data_dir": str(DATA)}
    cells = code_cells(notebook, overrides)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    start = time.process_time()
    with timed_steps(cpu, pages), contextlib.redirect_stdout(io.StringIO()):
        for source in cells:
            exec(compile(source, str(notebook), "exec"), namespace)
    cpu["cells (total)"] = time.process_time() - start
    plt.close("all")
    text_px = re.findall(r'data-text-px="([0-9.]+)"', "".join(pages))
    (out / "text_px.json").write_text(json.dumps(text_px) + "\n", encoding="utf-8")
    cpu["charts"] = sum(page.count('<figure class="chart"') for page in pages)
    return dict(cpu)


def main(argv: list[str] | None = None) -> None:
    """Print CPU seconds per step of ``Briefing.figure`` for each notebook and language."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, default=NOTEBOOKS)
    parser.add_argument("--plan", default="uijeongbu_snd_2020")
    parser.add_argument("--langs", nargs="+", default=["ko", "en"])
    parser.add_argument("--out", type=Path, help="keep figures here (default: a temp folder)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each notebook; the least CPU is shown"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        out_root = args.out or Path(scratch)
        totals: collections.Counter[str] = collections.Counter()
        for notebook in args.notebooks:
            for lang in args.langs:
                out = out_root / f"{notebook.stem}-{lang}"
                runs = [run_notebook(notebook, args.plan, lang, out) for _ in range(args.repeat)]
                cpu = {step: min(run.get(step, 0.0) for run in runs) for step in runs[0]}
                totals.update(cpu)
                print_steps(f"{notebook.stem} {lang}", cpu)
        print_steps("all", dict(totals))
    sys.stdout.flush()


def print_steps(title: str, cpu: dict[str, float]) -> None:
    """Print one block of the report: the charts made, then CPU seconds per step."""
    cpu = dict(cpu)
    print(f"{title}: {int(cpu.pop('charts'))} charts")
    for step, seconds in sorted(cpu.items(), key=lambda item: item[0].strip()):
        print(f"  {step:26s} {seconds:6.2f} s CPU")


if __name__ == "__main__":
    main()
