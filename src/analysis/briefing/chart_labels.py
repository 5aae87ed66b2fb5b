"""The texts drawn on a chart's plot: value labels that no line strikes through.

* Gridlines are drawn below everything (``axes.axisbelow``); every value label sits on an
  opaque box of the colour behind it (:func:`label_box`), drawn above the gridlines, so a
  gridline that passes a label's place is hidden behind the label, never drawn through it.
* A reference line (an average drawn across the bars, :data:`REFERENCE_GID`) is never
  covered by a label: :func:`tidy_labels` moves a label that touches one to the line's side
  (:func:`clear_reference_lines`).
* :func:`tidy_labels` also turns labels white on dark bars, hides labels wider than their bar
  segment and thins the value axis' ticks where long tick labels would collide.
"""

from __future__ import annotations

import math

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Annotation, Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis.briefing.chart_style import lay_out
from analysis.briefing.numbers import format_number

__all__ = [
    "LABEL_GID",
    "REFERENCE_GID",
    "clear_reference_lines",
    "label_box",
    "tidy_labels",
    "tidy_labels_moved_any",
]

#: ``gid`` of a value label (a number, or "not stated", written on or beside a bar).
LABEL_GID = "value-label"
#: ``gid`` of a reference line (e.g. the plan average across the bars).
REFERENCE_GID = "reference-line"
#: Room kept between a reference line and the nearest label's text, in points (the same
#: room at every resolution: 6 px at 100 dpi, 9 px in a PNG saved at 150 dpi).
LINE_GAP_PT = 4.32


def label_box(facecolor: str = "white") -> dict[str, object]:
    """The ``bbox`` of a value label: an opaque box of the colour behind the label (white
    beside a bar, the bar's colour on it), so no gridline shows through the text."""
    return {"boxstyle": "square,pad=0.15", "facecolor": facecolor, "edgecolor": "none"}


def tidy_labels(fig: Figure, dark: float = 0.45) -> Figure:
    """Make a finished chart's numbers legible; returns ``fig``.

    * value labels inside a bar turn white on dark bars (e.g. own funds in a stacked bar),
      their box takes the bar's colour, and they are hidden where they are wider than their
      bar segment (the figure's data table still gives them);
    * labels that touch a reference line move beside it (:func:`clear_reference_lines`);
    * the value axis keeps fewer ticks when long tick labels (KRW, USD amounts) would collide.

    :func:`tidy_labels_moved_any` does the same and says whether the layout changed.
    """
    tidy_labels_moved_any(fig, dark)
    return fig


def tidy_labels_moved_any(fig: Figure, dark: float = 0.45) -> bool:
    """Tidy ``fig``'s labels as :func:`tidy_labels` does (laying it out first, without
    drawing it: :func:`~analysis.briefing.chart_style.lay_out`); return whether anything
    that takes room moved: a label hidden or moved, the value axis' ticks or their format
    changed. Colours do not count. ``False``: the figure is still laid out as that left it,
    so what is measured now is what a save with the layout engine off draws.

    Examples
    --------
    A tidied chart, tidied again, moves nothing:

    >>> from analysis.briefing.charts import hbar
    >>> fig = hbar(["a", "b"], [1_000_000, 2_000_000], ["#333333"] * 2, title="t",
    ...            xlabel="x", ylabel="", source="s")
    >>> _ = tidy_labels_moved_any(fig)
    >>> tidy_labels_moved_any(fig)
    False
    """
    lay_out(fig)
    renderer = fig.canvas.get_renderer()
    moved = False
    for ax in fig.axes:
        for label in ax.texts:
            box = label.get_window_extent(renderer)
            point = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
            for patch in ax.patches:
                if not patch.contains_point(point):
                    continue
                face = patch.get_facecolor()
                r, g, b, _ = mpl.colors.to_rgba(face)
                if 0.2126 * r + 0.7152 * g + 0.0722 * b < dark:
                    label.set_color("white")
                if label.get_bbox_patch() is not None:
                    label.get_bbox_patch().set_facecolor(face)
                if box.width > patch.get_window_extent().width and label.get_visible():
                    label.set_visible(False)
                    moved = True
                break
        moved = clear_reference_lines(ax, renderer) or moved
        moved = _thin_ticks(ax, renderer) or moved
    return moved


def reference_lines(ax: Axes) -> list[Line2D]:
    """The reference lines of ``ax`` (lines whose gid is :data:`REFERENCE_GID`)."""
    return [line for line in ax.lines if line.get_gid() == REFERENCE_GID]


def clear_reference_lines(ax: Axes, renderer: RendererBase) -> bool:
    """Move every visible text of ``ax`` that touches a vertical reference line, or comes
    within :data:`LINE_GAP_PT` of it, beside it at that distance; return whether any moved.

    A label inside a bar moves to the side of the line where it stays within that bar (the
    nearer side when both fit); a label outside bars moves to the nearer side.
    """
    moved = False
    gap = renderer.points_to_pixels(LINE_GAP_PT)
    for line in reference_lines(ax):
        line_box = line.get_window_extent(renderer)
        x_line = (line_box.x0 + line_box.x1) / 2
        for label in ax.texts:
            box = label.get_window_extent(renderer)
            if not label.get_visible() or not (
                box.x0 - gap < x_line < box.x1 + gap
                and box.y0 < line_box.y1
                and box.y1 > line_box.y0
            ):
                continue
            right = x_line + gap - box.x0
            left = x_line - gap - box.x1
            shifts = sorted((right, left), key=abs)
            bar = _bar_under(ax, box)
            if bar is not None:
                fits = [s for s in shifts if bar.x0 <= box.x0 + s and box.x1 + s <= bar.x1]
                shifts = fits or shifts
            _shift_text(ax, label, shifts[0])
            moved = True
    return moved


def _bar_under(ax: Axes, box: mpl.transforms.Bbox) -> mpl.transforms.Bbox | None:
    """The window extent of the bar under a label's centre, if any."""
    point = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    for patch in ax.patches:
        if patch.contains_point(point):
            return patch.get_window_extent()
    return None


def _shift_text(ax: Axes, label: Text, dx_px: float) -> None:
    """Move a text ``dx_px`` display pixels to the right (negative: left)."""
    if isinstance(label, Annotation) and label.anncoords == "offset points":
        x, y = label.xyann
        label.xyann = (x + dx_px * 72 / ax.figure.dpi, y)
        return
    x_disp, y_disp = label.get_transform().transform(label.get_position())
    label.set_position(label.get_transform().inverted().transform((x_disp + dx_px, y_disp)))


def _thin_ticks(ax: Axes, renderer: RendererBase) -> bool:
    """Round value-axis ticks (steps of 1, 2, 5, or 2.5 for whole numbers), as many as fit
    without colliding, each label distinct (more decimals where rounding would merge them);
    return whether the ticks or their format changed."""
    shown = [t for t in ax.get_xticklabels() if t.get_text()]
    if len(shown) < 2:
        return False
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
    before = ax.xaxis.get_major_locator().tick_values(lo, hi)
    changed = not np.array_equal(before, locator.tick_values(lo, hi))
    ax.xaxis.set_major_locator(locator)
    fmt = ax.xaxis.get_major_formatter()
    labels = [fmt(t, i) for i, t in enumerate(ticks)]
    if len(ticks) >= 2 and len(set(labels)) < len(labels):
        places = max(0, -math.floor(math.log10(abs(ticks[1] - ticks[0]))))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_number(v, places)))
        changed = True
    return changed
