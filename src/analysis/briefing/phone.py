"""Phone variants of charts: the same chart re-laid for a 375 px screen.

:func:`phone_layout` narrows a finished figure (constrained layout, wrapped category labels
and long texts, title and legend moved out of the plot's way) and grows every text that
would show under :data:`MIN_TEXT_PX` CSS px once the saved image fills a phone's column.
Category labels, wrapped over several lines, then get the height they need: the figure
grows taller until each label fits its category's band (:func:`_fit_category_labels`).
:func:`smallest_text_pt` measures what a figure draws, for tests; :func:`smallest_text_px`,
the same in pixels of the saved PNG, for the page.
"""

from __future__ import annotations

import itertools

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.text import Text

from analysis.briefing.chart_labels import tidy_labels_moved_any
from analysis.briefing.chart_style import at_save_resolution, lay_out

__all__ = [
    "MIN_TEXT_PX",
    "PHONE_COLUMN_PX",
    "PHONE_WIDTH_IN",
    "phone_layout",
    "smallest_text_pt",
    "smallest_text_px",
]

#: Width of a chart's phone variant, and the CSS px it spans on a 375 px wide phone (the
#: page's column minus its padding and the image border; see ``page.css``).
PHONE_WIDTH_IN = 4.0
PHONE_COLUMN_PX = 330
#: The smallest text a reader should meet on screen, in CSS px.
MIN_TEXT_PX = 11.0


def _shown_texts(fig: Figure) -> list[Text]:
    """Every text of ``fig`` that is drawn (visible, not empty, its axes' ticks in view)."""
    ticks: dict[Axes, _AxesTicks] = {}  # each axes' tick labels, read once (each read updates)
    shown = []
    for artist in fig.findobj(Text):
        if not artist.get_visible() or not artist.get_text().strip():
            continue
        ax = artist.axes
        if ax is not None and ax not in ticks:
            ticks[ax] = _axes_ticks(ax)
        if ax is not None and not _tick_in_view(artist, ticks[ax]):
            continue
        shown.append(artist)
    return shown


#: An axes' tick labels and limits, x then y (:func:`_axes_ticks`).
_AxesTicks = tuple[tuple[list[Text], tuple[float, float]], ...]


def _axes_ticks(ax: Axes) -> _AxesTicks:
    """``ax``'s x and y tick labels, each with its axis' limits."""
    return ((ax.get_xticklabels(), ax.get_xlim()), (ax.get_yticklabels(), ax.get_ylim()))


def _tick_in_view(artist: Text, ticks: _AxesTicks | None = None) -> bool:
    """False for a tick label outside its axis' limits (matplotlib keeps but never draws it).
    ``ticks``: its axes' (:func:`_axes_ticks`), if already read."""
    ax = artist.axes
    if ax is None:
        return True
    for index, (labels, limits) in enumerate(ticks or _axes_ticks(ax)):
        if artist in labels:
            lo, hi = sorted(limits)
            return lo - 1e-9 <= artist.get_position()[index] <= hi + 1e-9
    return True


def smallest_text_pt(fig: Figure) -> float:
    """The font size (points) of the smallest text ``fig`` draws.

    Examples
    --------
    >>> fig = Figure(); ax = fig.subplots()
    >>> _ = ax.set_title("t", fontsize=14); _ = ax.text(0.5, 0.5, "x", fontsize=7)
    >>> smallest_text_pt(fig)
    7.0
    """
    sizes = [float(t.get_fontsize()) for t in _shown_texts(fig)]
    return min(sizes) if sizes else float(mpl.rcParams["font.size"])


def smallest_text_px(fig: Figure) -> float:
    """:func:`smallest_text_pt` in pixels of a PNG saved at :rc:`savefig.dpi`."""
    return smallest_text_pt(fig) * float(mpl.rcParams["savefig.dpi"]) / 72


def phone_layout(
    fig: Figure, column_px: float = PHONE_COLUMN_PX, min_px: float = MIN_TEXT_PX
) -> float:
    """Re-lay a finished chart for a phone; return its smallest text in pixels of the saved PNG.

    The figure becomes :data:`PHONE_WIDTH_IN` wide (constrained layout, long texts wrapped,
    legends in one column) and every text smaller than needed grows to the size that, once
    the saved image is shrunk to ``column_px`` CSS px, shows it at ``min_px`` CSS px or more.
    Larger texts keep their size. Then the figure grows taller (never narrower) until no
    category label overlaps its neighbour or leaves its plot (:func:`_fit_category_labels`).

    Everything is measured at the resolution of the saved image
    (:func:`~analysis.briefing.chart_style.at_save_resolution`), and the figure is left laid
    out as it is saved: save it with ``save_figure(..., laid_out=True)``
    (:func:`~analysis.briefing.chart_style.save_figure`), which then lays it out no more.
    """
    with at_save_resolution(fig):
        moved = _fit_text_sizes(fig, column_px, min_px)
        _fit_category_labels(fig, laid_out=not moved)
    return smallest_text_px(fig)


def _fit_text_sizes(fig: Figure, column_px: float, min_px: float) -> bool:
    """Narrow ``fig`` to the phone's width and grow its small texts (:func:`phone_layout`);
    return whether the labels' last tidying moved anything since it laid the figure out
    (:func:`~analysis.briefing.chart_labels.tidy_labels_moved_any`)."""
    height = fig.get_size_inches()[1]
    fig.set_size_inches(PHONE_WIDTH_IN, height * 1.2)
    fig.set_layout_engine("constrained")
    for artist in fig.findobj(Text):
        if len(artist.get_text()) > 24:
            artist.set_wrap(True)
    for ax in fig.axes:
        _legend_under_title(fig, ax)
        _wrap_category_labels(ax)
    pad_in = 2 * float(mpl.rcParams["savefig.pad_inches"])
    saved_width_in = PHONE_WIDTH_IN + pad_in
    for _ in range(4):
        floor_pt = 1.04 * min_px * 72 * saved_width_in / column_px
        for artist in fig.findobj(Text):
            if artist.get_fontsize() < floor_pt:
                artist.set_fontsize(floor_pt)
        moved = tidy_labels_moved_any(fig)
        box = fig.get_tightbbox(fig.canvas.get_renderer())
        saved_width_in = box.width + pad_in
        if smallest_text_pt(fig) >= 1.02 * min_px * 72 * saved_width_in / column_px:
            break
    return moved


def _wrap_category_labels(ax: Axes, hangul_chars: int = 10, latin_chars: int = 16) -> None:
    """Break long category labels (the y axis of a bar chart) over lines, at spaces."""
    import textwrap

    labels = ax.get_yticklabels()
    texts = [label.get_text() for label in labels]
    if not any(texts) or all(_is_number_label(t) for t in texts if t):
        return
    wrapped = [
        textwrap.fill(t, hangul_chars if any("가" <= c <= "힣" for c in t) else latin_chars)
        for t in texts
    ]
    size = labels[0].get_fontsize()
    ax.set_yticks(ax.get_yticks(), wrapped, fontsize=size)
    for label in ax.get_yticklabels():
        # broken here already: matplotlib's own wrapping would break them again, narrower,
        # at the figure's left edge (4-6 lines of two words each)
        label.set_wrap(False)


#: Space kept between two category labels, and between a label and its plot's edge, as a
#: share of the labels' font size.
LABEL_GAP_EM = 0.6


def _fit_category_labels(
    fig: Figure, gap_em: float = LABEL_GAP_EM, tries: int = 5, *, laid_out: bool = False
) -> None:
    """Grow ``fig``'s height until every category label fits its band; widths stay.

    Each try lays the figure out (its layout engine), measures by how much the tallest
    plot must grow (:func:`_label_room_needed`) and adds that height to the figure; the
    titles, notes and legends keep theirs, so the plot takes all of it. The figure is left
    laid out at its last size (once more if the last try grew it). ``laid_out=True``:
    the figure was last laid out as it is now, so the first try measures that layout
    (laying it out again would move its plot a little: constrained layout is not idempotent).
    """
    for attempt in range(tries + 1):
        if attempt or not laid_out:
            lay_out(fig)
        if attempt == tries:
            return
        renderer = fig.canvas.get_renderer()
        needs = [(_label_room_needed(ax, renderer, gap_em), ax) for ax in fig.axes]
        scale, ax = max(needs, key=lambda need: need[0], default=(1.0, None))
        if ax is None or scale <= 1.0:
            return
        plot_in = ax.get_window_extent(renderer).height / fig.dpi
        width, height = fig.get_size_inches()
        fig.set_size_inches(width, height + plot_in * (scale - 1) * 1.02)


def _label_room_needed(ax: Axes, renderer: RendererBase, gap_em: float) -> float:
    """How many times taller ``ax`` must be for its y tick labels to fit (1.0: they fit).

    Two neighbouring labels, centred on their ticks, need half the height of each plus a
    gap between the ticks; the first and the last need half their height plus half a gap
    between their tick and the plot's edge (so they meet neither the title nor the x axis).
    Distances between ticks grow with the plot's height; label heights do not.
    """
    ticks = _axes_ticks(ax)
    labels = [t for t in ticks[1][0] if t.get_text().strip() and _tick_in_view(t, ticks)]
    if not labels:
        return 1.0
    plot = ax.get_window_extent(renderer)
    dpi = ax.figure.dpi
    spans = []  # (centre in display px, half the label's height plus half a gap)
    for label in labels:
        box = label.get_window_extent(renderer)
        gap = gap_em * label.get_fontsize() * dpi / 72
        spans.append(((box.y0 + box.y1) / 2, (box.height + gap) / 2))
    spans.sort()
    (bottom, bottom_half), (top, top_half) = spans[0], spans[-1]
    ratios = [bottom_half / max(bottom - plot.y0, 1.0), top_half / max(plot.y1 - top, 1.0)]
    for (low, low_half), (high, high_half) in itertools.pairwise(spans):
        ratios.append((low_half + high_half) / max(high - low, 1.0))
    return max(ratios)


def _is_number_label(label: str) -> bool:
    """Whether a tick label is a number (``1,475``, ``−0.5``, ``40%``)."""
    return (
        label.replace(",", "")
        .replace("\u2212", "-")
        .rstrip("%")
        .lstrip("-")
        .replace(".", "", 1)
        .isdigit()
    )


def _legend_under_title(fig: Figure, ax: Axes) -> None:
    """Give a phone chart its title as the figure's (left) and its legend, in one column,
    between the title and the plot (constrained layout keeps them apart)."""
    legend = ax.get_legend()
    where = next((loc for loc in ("left", "center", "right") if ax.get_title(loc=loc)), None)
    if legend is None or where is None:
        return
    title = {"left": ax._left_title, "center": ax.title, "right": ax._right_title}[where]
    heading = fig.suptitle(
        title.get_text(), x=0.01, ha="left", fontsize=title.get_fontsize(), fontweight="bold"
    )
    heading.set_wrap(True)
    ax.set_title("", loc=where)
    handles, labels = ax.get_legend_handles_labels()
    size = legend.get_texts()[0].get_fontsize() if legend.get_texts() else 9
    legend.remove()
    fig.legend(handles, labels, loc="outside lower left", ncols=1, frameon=False, fontsize=size)
