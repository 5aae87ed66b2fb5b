"""Charts: the bar charts of every briefing, in one style (:mod:`analysis.briefing.chart_style`).

* Value labels sit on opaque boxes, gridlines below everything, and no label covers a
  reference line (:mod:`analysis.briefing.chart_labels`).
* Assumed values (this briefing's assumption, not a figure of the plan) are hatched
  (:data:`ASSUMED_HATCH`) with a legend entry saying so.
* ``sort=True`` orders bars by value, largest on top (:func:`bar_order`); each function's
  docstring says what is sorted and what keeps its order.
* ``caveat=`` writes a caveat inside the image, above the source line.
* A bar's value label reads exactly as the cell of the figure's table that holds the same
  value ("numbers are sacred"): ``value_format`` is the function the table writes that
  column with (``formats=`` of :meth:`analysis.briefing.session.Briefing.figure`, e.g.
  :func:`analysis.briefing.numbers.format_derived`); without one, the table's default rule
  (:func:`analysis.briefing.numbers.column_format`; shares by
  :func:`analysis.briefing.numbers.format_share`). Axis ticks are a scale, written apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from analysis.briefing.chart_labels import (
    LABEL_GID,
    REFERENCE_GID,
    label_box,
    tidy_labels,
    tidy_labels_moved_any,
)
from analysis.briefing.chart_style import (
    ASSUMED_HATCH,
    FUNDING_COLORS,
    NATIONAL_BAR_COLOR,
    REMAINDER_COLOR,
    SECTOR_COLORS,
    apply_style,
    bar_order,
    color_key,
    color_word,
    finish,
    no_minor_tick_search,
    percent_label,
    save_figure,
    thousands_axis,
    wrapping_where_needed,
)
from analysis.briefing.numbers import column_decimals, column_format, format_number, format_share

__all__ = [
    "ASSUMED_HATCH",
    "FUNDING_COLORS",
    "NATIONAL_BAR_COLOR",
    "REMAINDER_COLOR",
    "SECTOR_COLORS",
    "apply_style",
    "assumed_handle",
    "bar_order",
    "color_key",
    "color_word",
    "finish",
    "format_number",
    "grouped_hbar",
    "hbar",
    "no_minor_tick_search",
    "save_figure",
    "stacked_hbar",
    "thousands_axis",
    "tidy_labels",
    "tidy_labels_moved_any",
    "wrapping_where_needed",
]


def _value_label(ax: Axes, words: str, xy: tuple[float, float], **placement: object) -> None:
    """A value label beside a bar's end, on an opaque box (no gridline through it)."""
    label = ax.annotate(
        words,
        xy,
        textcoords="offset points",
        fontsize=9,
        bbox=label_box(),
        **placement,  # type: ignore[arg-type]
    )
    label.set_gid(LABEL_GID)


def annotate_bars(
    ax: Axes, values: list[float], fmt: Callable[[float], str], horizontal: bool = True
) -> None:
    """Write each bar's value at its end."""
    for patch, value in zip(ax.patches, values, strict=False):
        if pd.isna(value):
            continue
        if horizontal:
            end = (patch.get_x() + patch.get_width(), patch.get_y() + patch.get_height() / 2)
            _value_label(ax, fmt(value), end, xytext=(4, 0), va="center")
        else:
            end = (patch.get_x() + patch.get_width() / 2, patch.get_y() + patch.get_height())
            _value_label(ax, fmt(value), end, xytext=(0, 3), ha="center")


def _label_format(
    values: Sequence[float], percent: bool, value_format: Callable[[float], str] | None
) -> Callable[[float], str]:
    """How the value labels of ``values`` are written: ``value_format`` if given, else as a
    figure's table writes such a column by default (shares: :func:`format_share`; other
    numbers: :func:`column_format` of the values), so each label reads as its table cell."""
    if value_format is not None:
        return value_format
    return format_share if percent else column_format(values)


def _tick_decimals(values: Sequence[float]) -> int:
    """Decimals of a value axis' ticks (a scale, not figures): none where a bar reaches 10 or
    more (its round ticks are then whole), else at most one."""
    present = [abs(v) for v in values if not pd.isna(v)]
    if present and max(present) >= 10:
        return 0
    return min(1, column_decimals(values))


def _bar_style(color: str, assumed: bool) -> dict[str, object]:
    """Fill of a bar: solid for a stated value, hatched in its colour on white if assumed."""
    if assumed:
        return {"facecolor": "white", "edgecolor": color, "hatch": ASSUMED_HATCH, "linewidth": 1}
    return {"facecolor": color}


def assumed_handle(label: str) -> Patch:
    """The legend entry of hatched bars: a neutral hatched box named ``label``."""
    return Patch(**_bar_style(SECTOR_COLORS["plan"], True), label=label)  # type: ignore[arg-type]


def hbar(
    labels: list[str],
    values: list[float],
    colors: list[str],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    source: str,
    value_format: Callable[[float], str] | None = None,
    percent: bool = False,
    sort: bool = False,
    groups: Sequence[object] | None = None,
    assumed: Sequence[bool] | None = None,
    assumed_label: str = "",
    missing_text: str | Sequence[str] = "",
    caveat: str = "",
) -> Figure:
    """A horizontal bar chart with the value written at each bar.

    Bars keep the given order unless ``sort``: then largest on top, within ``groups``
    (:func:`bar_order`; use groups where the order means something, e.g. a whole before its
    parts). Bars flagged in ``assumed`` are hatched, with a legend entry ``assumed_label``.
    A missing value draws no bar but ``missing_text``: one text, or one per bar (why each
    value is missing: not stated, or nothing to compare with). Each value is written by
    ``value_format``, the rule of its column in the figure's table (default: that table's
    default rule; see the module's notes).
    """
    write = _label_format(values, percent, value_format)
    flags = list(assumed) if assumed is not None else [False] * len(values)
    missing = _per_bar(missing_text, len(values))
    if sort:
        order = bar_order(values, groups)
        labels, values, colors, flags, missing = (
            [seq[i] for i in order] for seq in (labels, values, colors, flags, missing)
        )
    fig, ax = plt.subplots(figsize=(8.0, 0.55 * len(labels) + 1.6))
    for label, value, color, flag in zip(labels, values, colors, flags, strict=True):
        ax.barh(label, 0 if pd.isna(value) else value, **_bar_style(color, flag))
    ax.invert_yaxis()
    if percent:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: percent_label(v, 0)))
    else:
        thousands_axis(ax, "x", _tick_decimals(values))
    annotate_bars(ax, values, write)
    for i, value in enumerate(values):
        if pd.isna(value) and missing[i]:
            _value_label(ax, missing[i], (0, i), xytext=(4, 0), va="center")
    handles = [assumed_handle(assumed_label)] if any(flags) and assumed_label else []
    ax.margins(x=0.15)
    return finish(
        fig,
        ax,
        title=title,
        xlabel=xlabel,
        ylabel=ylabel,
        source=source,
        legend_above=bool(handles),
        caveat=caveat,
        handles=handles,
    )


def stacked_hbar(
    labels: list[str],
    parts: dict[str, list[float]],
    colors: dict[str, str],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    source: str,
    value_format: Callable[[float], str] | None = None,
    percent: bool = False,
    marker: float | None = None,
    marker_label: str = "",
    sort: bool = False,
    caveat: str = "",
) -> Figure:
    """Horizontal stacked bars (e.g. own vs other funds), optional vertical marker.

    Each part's values are written by ``value_format`` (the rule of the part's column in the
    figure's table; default: that table's default rule, shares as
    :func:`analysis.briefing.numbers.format_share` writes them). The parts keep their given
    order and colours in every bar. Bars keep the given order unless ``sort``: then by their
    total, largest on top, or with ``percent`` (every bar a whole) by the first part's
    share. The marker is a reference line no label covers.
    """
    if sort:
        first = next(iter(parts.values()))
        totals = [
            sum(0 if pd.isna(v) else v for v in bar) for bar in zip(*parts.values(), strict=True)
        ]
        order = bar_order(first if percent else totals)
        labels = [labels[i] for i in order]
        parts = {name: [values[i] for i in order] for name, values in parts.items()}
    fig, ax = plt.subplots(figsize=(8.0, 0.6 * len(labels) + 1.8))
    left = [0.0] * len(labels)
    writers = {name: _label_format(values, percent, value_format) for name, values in parts.items()}
    texts = {name: [writers[name](v) for v in values] for name, values in parts.items()}
    for name, values in parts.items():
        ax.barh(labels, values, left=left, color=colors[name], label=name)
        for i, (start, value) in enumerate(zip(left, values, strict=True)):
            if value and not pd.isna(value):
                ax.text(
                    start + value / 2,
                    i,
                    texts[name][i],
                    ha="center",
                    va="center",
                    fontsize=8.5,
                    bbox=label_box(colors[name]),
                    gid=LABEL_GID,
                )
        left = [a + (b if not pd.isna(b) else 0) for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    if percent:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: percent_label(v, 0)))
        ax.set_xlim(0, 1)
    else:
        thousands_axis(ax, "x")
    if marker is not None:
        line = ax.axvline(
            marker, color="#222222", linestyle="--", linewidth=1.2, label=marker_label, zorder=2.5
        )
        line.set_gid(REFERENCE_GID)
    return finish(
        fig,
        ax,
        title=title,
        xlabel=xlabel,
        ylabel=ylabel,
        source=source,
        legend_above=True,
        caveat=caveat,
    )


def _per_bar(missing_text: str | Sequence[str], count: int) -> list[str]:
    """``missing_text`` as one text per bar (a single text serves every bar)."""
    if isinstance(missing_text, str):
        return [missing_text] * count
    texts = list(missing_text)
    if len(texts) != count:
        raise ValueError(f"{len(texts)} missing texts for {count} bars")
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
    value_format: Callable[[float], str] | None = None,
    percent: bool = False,
    missing_text: str | dict[str, Sequence[str]] = "",
    sort: bool = False,
    groups: Sequence[object] | None = None,
    caveat: str = "",
) -> Figure:
    """Side-by-side horizontal bars per label (e.g. the plan's and the national share).

    Labels keep the given order unless ``sort``: then by the first series, largest on top,
    within ``groups`` (:func:`bar_order`). A missing value draws ``missing_text``: one text
    for every bar, or per series one text per label (why that value is missing: not
    stated, or no counterpart to compare with). Each series is written by ``value_format``
    (the rule of its column in the figure's table; default: that table's default rule).
    """
    missing = {
        name: _per_bar(
            missing_text if isinstance(missing_text, str) else missing_text[name], len(labels)
        )
        for name in series
    }
    if sort:
        order = bar_order(next(iter(series.values())), groups)
        labels = [labels[i] for i in order]
        series = {name: [values[i] for i in order] for name, values in series.items()}
        missing = {name: [texts[i] for i in order] for name, texts in missing.items()}
    n = len(series)
    height = 0.8 / n
    fig, ax = plt.subplots(figsize=(8.0, 0.8 * len(labels) + 1.8))
    for k, (name, values) in enumerate(series.items()):
        write = _label_format(values, percent, value_format)
        ys = [i - 0.4 + height * (k + 0.5) for i in range(len(labels))]
        clean = [0 if pd.isna(v) else v for v in values]
        ax.barh(ys, clean, height=height, color=colors[name], label=name)
        for y, v, absent in zip(ys, values, missing[name], strict=True):
            words = absent if pd.isna(v) else write(v)
            _value_label(ax, words, (0 if pd.isna(v) else v, y), xytext=(4, 0), va="center")
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    if percent:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: percent_label(v, 0)))
    else:
        thousands_axis(ax, "x")
    ax.margins(x=0.2)
    return finish(
        fig,
        ax,
        title=title,
        xlabel=xlabel,
        ylabel=ylabel,
        source=source,
        legend_above=n > 1,
        caveat=caveat,
    )
