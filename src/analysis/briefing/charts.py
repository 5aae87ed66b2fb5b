"""Charts: one style for every briefing, Hangul that renders, and the chart functions.

* Hangul: NanumGothic, shipped inside the ``koreanize-matplotlib`` package (SIL Open Font
  License), registered with matplotlib's font manager, so charts render on a fresh machine.
  The font family falls back to DejaVu Sans glyph by glyph, which gives a real minus sign
  (U+2212, absent from NanumGothic) with ``axes.unicode_minus = True``.
* Reproducible files: a fixed ``svg.hashsalt`` and no creation dates in PNG/SVG metadata.
* Every sector keeps its colour in every chart (:data:`SECTOR_COLORS`).
* Every chart has a title, axis labels with units and a source line (:func:`finish`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis.briefing.numbers import column_decimals, format_number, whole_percentages

__all__ = [
    "FUNDING_COLORS",
    "SECTOR_COLORS",
    "apply_style",
    "finish",
    "format_number",
    "save_figure",
    "thousands_axis",
]

#: Sector colours (colour-blind-safe Okabe-Ito picks), the same in every chart.
SECTOR_COLORS: dict[str, str] = {
    "digital": "#0072B2",
    "green": "#009E73",
    "culture": "#CC79A7",
    "safety": "#E69F00",
    "other_sectors": "#56B4E9",
    "plan": "#555555",
    "safety_refresh": "#D55E00",
}
FUNDING_COLORS: dict[str, str] = {"city": "#1f4e79", "non_city": "#9ecae1"}

FONT_FAMILY = ["NanumGothic", "DejaVu Sans"]


def apply_style() -> None:
    """Set the shared chart style. Safe to call more than once."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import koreanize_matplotlib  # noqa: F401  (registers NanumGothic on import)
    sns.set_theme(style="whitegrid", context="notebook", font=FONT_FAMILY[0])
    mpl.rcParams.update(
        {
            "font.family": FONT_FAMILY,
            "axes.unicode_minus": True,
            "svg.hashsalt": "uijeongbu-new-deal",
            "svg.fonttype": "path",
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "figure.figsize": (8.0, 4.5),
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def _percent(fraction: float, decimals: int = 1) -> str:
    """A fraction of one as a percentage label, with a real minus sign: ``0.569`` -> ``56.9%``."""
    return format_number(100 * fraction, decimals) + "%"


def thousands_axis(ax: Axes, axis: str = "x", decimals: int | None = None) -> None:
    """Format an axis' tick labels with thousands separators (:func:`tidy_labels` thins
    them where long labels would collide)."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    fmt = FuncFormatter(lambda v, _pos: format_number(v, decimals if decimals is not None else 0))
    target.set_major_formatter(fmt)


def finish(
    fig: Figure,
    ax: Axes,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    source: str,
    legend_above: bool = False,
) -> Figure:
    """Title, axis labels, a source line under the chart; optionally a legend above it."""
    if legend_above:
        ncol = len(ax.get_legend_handles_labels()[0]) or 1
        ax.legend(
            loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=ncol, frameon=False, fontsize=9
        )
    ax.set_title(title, pad=28 if legend_above else 6)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    # The source line sits under the x-axis label, at the figure's left edge.
    ax.annotate(
        source,
        xy=(0.01, 0),
        xycoords=("figure fraction", ax.xaxis.label),
        xytext=(0, -6),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=8,
        color="#555555",
    )
    return fig


def save_figure(
    fig: Figure, folder: str | Path, name: str, formats: tuple[str, ...] = ("png", "svg")
) -> dict[str, Path]:
    """Save a figure as PNG and SVG (deterministic bytes) and return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {fmt: folder / f"{name}.{fmt}" for fmt in formats}
    if "png" in paths:
        fig.savefig(paths["png"], metadata={"Software": None})
    if "svg" in paths:
        fig.savefig(paths["svg"], metadata={"Date": None, "Creator": None})
    return paths


def annotate_bars(
    ax: Axes, values: list[float], fmt: Callable[[float], str], horizontal: bool = True
) -> None:
    """Write each bar's value at its end."""
    for patch, value in zip(ax.patches, values, strict=False):
        if pd.isna(value):
            continue
        if horizontal:
            ax.annotate(
                fmt(value),
                (patch.get_x() + patch.get_width(), patch.get_y() + patch.get_height() / 2),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
            )
        else:
            ax.annotate(
                fmt(value),
                (patch.get_x() + patch.get_width() / 2, patch.get_y() + patch.get_height()),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                fontsize=9,
            )


def hbar(
    labels: list[str],
    values: list[float],
    colors: list[str],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    source: str,
    decimals: int | None = None,
    percent: bool = False,
) -> Figure:
    """A horizontal bar chart with the value written at each bar."""
    fig, ax = plt.subplots(figsize=(8.0, 0.55 * len(labels) + 1.6))
    ax.barh(labels, values, color=colors)
    ax.invert_yaxis()
    if percent:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: _percent(v, 0)))
        annotate_bars(ax, values, _percent)
    else:
        d = column_decimals(values) if decimals is None else decimals
        thousands_axis(ax, "x", d if d < 2 else 1)
        annotate_bars(ax, values, lambda v: format_number(v, d))
    ax.margins(x=0.15)
    return finish(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source)


def stacked_hbar(
    labels: list[str],
    parts: dict[str, list[float]],
    colors: dict[str, str],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    source: str,
    percent: bool = False,
    marker: float | None = None,
    marker_label: str = "",
) -> Figure:
    """Horizontal stacked bars (e.g. city vs non-city funds), optional vertical marker.

    With ``percent``, the parts of a bar that make one whole (add to 1) are labelled with
    percentages that add to 100 (:func:`analysis.briefing.numbers.whole_percentages`)."""
    fig, ax = plt.subplots(figsize=(8.0, 0.6 * len(labels) + 1.8))
    left = [0.0] * len(labels)
    texts = _stacked_texts(parts, percent)
    for name, values in parts.items():
        ax.barh(labels, values, left=left, color=colors[name], label=name)
        for i, (start, value) in enumerate(zip(left, values, strict=True)):
            if value and not pd.isna(value):
                ax.text(
                    start + value / 2, i, texts[name][i], ha="center", va="center", fontsize=8.5
                )
        left = [a + (b if not pd.isna(b) else 0) for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    if percent:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: _percent(v, 0)))
        ax.set_xlim(0, 1)
    else:
        thousands_axis(ax, "x")
    if marker is not None:
        ax.axvline(marker, color="#222222", linestyle="--", linewidth=1.2, label=marker_label)
    return finish(
        fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source, legend_above=True
    )


def _stacked_texts(parts: dict[str, list[float]], percent: bool) -> dict[str, list[str]]:
    """Value labels of stacked bars: per part, one label per bar."""
    if not percent:
        return {n: [format_number(v, column_decimals(vs)) for v in vs] for n, vs in parts.items()}
    texts: dict[str, list[str]] = {name: [] for name in parts}
    for bar in zip(*parts.values(), strict=True):
        values = [0.0 if pd.isna(v) else float(v) for v in bar]
        if values and sum(values) and abs(sum(values) - 1) < 1e-9:
            shown = [format_number(p, 0) + "%" for p in whole_percentages(values)]
        else:
            shown = [_percent(v, 0) for v in values]
        for name, label in zip(parts, shown, strict=True):
            texts[name].append(label)
    return texts


def grouped_hbar(
    labels: list[str],
    series: dict[str, list[float]],
    colors: dict[str, str],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    source: str,
    percent: bool = False,
    missing_text: str = "",
) -> Figure:
    """Side-by-side horizontal bars per label (e.g. city vs national share)."""
    n = len(series)
    height = 0.8 / n
    fig, ax = plt.subplots(figsize=(8.0, 0.8 * len(labels) + 1.8))
    places = column_decimals([v for values in series.values() for v in values])
    for k, (name, values) in enumerate(series.items()):
        ys = [i - 0.4 + height * (k + 0.5) for i in range(len(labels))]
        clean = [0 if pd.isna(v) else v for v in values]
        ax.barh(ys, clean, height=height, color=colors[name], label=name)
        for y, v in zip(ys, values, strict=True):
            text = (
                missing_text
                if pd.isna(v)
                else (_percent(v) if percent else format_number(v, places))
            )
            ax.text((0 if pd.isna(v) else v), y, " " + text, va="center", fontsize=8.5)
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    if percent:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: _percent(v, 0)))
    else:
        thousands_axis(ax, "x")
    ax.margins(x=0.2)
    return finish(
        fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source, legend_above=True
    )


#: Bars of the national Korean New Deal next to the city's (lighter than the plan's grey).
NATIONAL_BAR_COLOR = "#BBBBBB"


def entity_colors(entity_ids: list[str]) -> list[str]:
    """Bar colours for a jobs-per-budget chart: city entities keep their sector colour
    (:data:`SECTOR_COLORS`), national ones (``national_*``) are light grey."""
    return [
        NATIONAL_BAR_COLOR if e.startswith("national") else SECTOR_COLORS.get(e, "#555555")
        for e in entity_ids
    ]


def tidy_labels(fig: Figure, dark: float = 0.45) -> Figure:
    """Make a finished chart's numbers legible; returns ``fig``.

    * value labels inside a bar turn white on dark bars (e.g. city funds in
      :func:`stacked_hbar`) and are hidden where they are wider than their bar segment
      (the figure's data table still gives them);
    * the value axis keeps fewer ticks when long tick labels (KRW, USD amounts) would collide.
    """
    fig.canvas.draw()  # lays out tick labels and texts so their sizes are known
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        for label in ax.texts:
            box = label.get_window_extent(renderer)
            point = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
            for patch in ax.patches:
                if not patch.contains_point(point):
                    continue
                r, g, b, _ = mpl.colors.to_rgba(patch.get_facecolor())
                if 0.2126 * r + 0.7152 * g + 0.0722 * b < dark:
                    label.set_color("white")
                if box.width > patch.get_window_extent().width:
                    label.set_visible(False)
                break
        _thin_ticks(ax, renderer)
    return fig


def _thin_ticks(ax: Axes, renderer: object) -> None:
    """Round value-axis ticks (steps of 1, 2, 5, or 2.5 for whole numbers), as many as fit
    without colliding, each label distinct (more decimals where rounding would merge them)."""
    import math

    shown = [t for t in ax.get_xticklabels() if t.get_text()]
    if len(shown) < 2:
        return
    widest = max(t.get_window_extent(renderer).width for t in shown)
    width = ax.get_window_extent().width
    lo, hi = ax.get_xlim()
    for nbins in range(9, 1, -1):
        locator = MaxNLocator(nbins=nbins, steps=[1, 2, 2.5, 5, 10])
        ticks = [t for t in locator.tick_values(lo, hi) if lo - 1e-9 <= t <= hi + 1e-9]
        step = abs(ticks[1] - ticks[0]) if len(ticks) >= 2 else 1.0
        fraction = step < 10 and round(step / 10 ** math.floor(math.log10(step)), 6) == 2.5
        if not fraction and len(ticks) * widest * 1.25 <= width:
            break  # steps of 2.5 only where they are whole numbers (25, 250, ...)
    ax.xaxis.set_major_locator(locator)
    fmt = ax.xaxis.get_major_formatter()
    labels = [fmt(t, i) for i, t in enumerate(ticks)]
    if len(ticks) >= 2 and len(set(labels)) < len(labels):
        places = max(0, -math.floor(math.log10(abs(ticks[1] - ticks[0]))))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_number(v, places)))
