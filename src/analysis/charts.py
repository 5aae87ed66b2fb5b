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
from matplotlib.ticker import FuncFormatter

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
FUNDING_COLORS: dict[str, str] = {"city": "#1f4e79", "non_city": "#9ecae1", "national": "#7f7f7f"}

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


def format_number(value: float, decimals: int = 0) -> str:
    """Thousands separators and a real minus sign: ``-1234.5`` -> ``−1,234.5`` (1 decimal)."""
    if pd.isna(value):
        return ""
    out = f"{value:,.{decimals}f}"
    return out.replace("-", "\u2212")


def _auto_decimals(values: pd.Series | list[float]) -> int:
    series = pd.Series(values, dtype="float64").abs().dropna()
    if series.empty:
        return 0
    top = series.max()
    if top >= 100:
        return 0
    if top >= 10:
        return 1
    if top >= 1:
        return 2
    return 3


def thousands_axis(ax: Axes, axis: str = "x", decimals: int | None = None) -> None:
    """Format an axis' tick labels with thousands separators."""
    fmt = FuncFormatter(lambda v, _pos: format_number(v, decimals if decimals is not None else 0))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(fmt)


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
    fig.text(0.01, -0.02, source, ha="left", va="top", fontsize=8, color="#555555")
    return fig


def save_figure(fig: Figure, folder: str | Path, name: str) -> dict[str, Path]:
    """Save a figure as PNG and SVG (deterministic bytes) and return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"png": folder / f"{name}.png", "svg": folder / f"{name}.svg"}
    fig.savefig(paths["png"], metadata={"Software": None})
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
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0%}"))
        annotate_bars(ax, values, lambda v: f"{v:.1%}")
    else:
        d = _auto_decimals(values) if decimals is None else decimals
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
    """Horizontal stacked bars (e.g. city vs non-city funds), optional vertical marker."""
    fig, ax = plt.subplots(figsize=(8.0, 0.6 * len(labels) + 1.8))
    left = [0.0] * len(labels)
    totals = [sum(0 if pd.isna(v) else v for v in row) for row in zip(*parts.values(), strict=True)]
    too_small = 0.07 * max(totals)  # segments narrower than this get no label (see the table)
    for name, values in parts.items():
        ax.barh(labels, values, left=left, color=colors[name], label=name)
        for i, (start, value) in enumerate(zip(left, values, strict=True)):
            if value and not pd.isna(value) and value >= too_small:
                text = f"{value:.0%}" if percent else format_number(value, _auto_decimals(values))
                ax.text(start + value / 2, i, text, ha="center", va="center", fontsize=8.5)
        left = [a + (b if not pd.isna(b) else 0) for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    if percent:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0%}"))
        ax.set_xlim(0, 1)
    else:
        thousands_axis(ax, "x")
    if marker is not None:
        ax.axvline(marker, color="#222222", linestyle="--", linewidth=1.2, label=marker_label)
    return finish(
        fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source, legend_above=True
    )


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
    for k, (name, values) in enumerate(series.items()):
        ys = [i - 0.4 + height * (k + 0.5) for i in range(len(labels))]
        clean = [0 if pd.isna(v) else v for v in values]
        ax.barh(ys, clean, height=height, color=colors[name], label=name)
        for y, v in zip(ys, values, strict=True):
            text = missing_text if pd.isna(v) else (f"{v:.1%}" if percent else format_number(v))
            ax.text((0 if pd.isna(v) else v), y, " " + text, va="center", fontsize=8.5)
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    if percent:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0%}"))
    else:
        thousands_axis(ax, "x")
    ax.margins(x=0.2)
    return finish(
        fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source, legend_above=True
    )
