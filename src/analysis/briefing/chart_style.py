"""The shared chart style: Hangul that renders, colours, the frame of every chart.

* Hangul: NanumGothic, shipped inside the ``koreanize-matplotlib`` package (SIL Open Font
  License), registered with matplotlib's font manager (:func:`register_hangul_fonts`, which
  reads the package's font files without importing it), so charts render on a fresh machine.
  The font family falls back to DejaVu Sans glyph by glyph, which gives a real minus sign
  (U+2212, absent from NanumGothic) with ``axes.unicode_minus = True``.
* Reproducible files: a fixed ``svg.hashsalt`` and no creation dates in PNG/SVG metadata.
* Every sector keeps its colour in every chart (:data:`SECTOR_COLORS`); bars that stand for
  several sectors together are a grey no sector has (:data:`REMAINDER_COLOR`); captions name
  a colour with :func:`color_word`, so the word matches the bar.
* Every chart has a title, a value-axis label with its unit and a source line, and where it
  would mislead without one a caveat inside the image (:func:`finish`). Category axes carry
  no title: the categories name themselves. Gridlines run along the value axis only, below
  everything.
* Bars are drawn in :func:`bar_order` where their order carries no meaning of its own.
"""

from __future__ import annotations

import colorsys
import contextlib
import importlib.util
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, NullLocator
from matplotlib.transforms import Bbox

from analysis.briefing.labels import sentence_start, text
from analysis.briefing.numbers import format_number
from analysis.briefing.png_canvas import BACKEND as PNG_BACKEND
from analysis.briefing.text_metrics import share_text_metrics

__all__ = [
    "ASSUMED_HATCH",
    "FUNDING_COLORS",
    "NATIONAL_BAR_COLOR",
    "REMAINDER_COLOR",
    "SAVE_METADATA",
    "SECTOR_COLORS",
    "apply_style",
    "at_save_resolution",
    "bar_order",
    "color_key",
    "color_word",
    "finish",
    "hangul_font_files",
    "laid_out_for_saving",
    "lay_out",
    "register_hangul_fonts",
    "save_figure",
    "saved_area",
    "thousands_axis",
    "wrapping_where_needed",
]

#: Bars that stand for several sectors together ("the other sectors", "나머지 분야 합계"):
#: a neutral grey, far from every sector colour and from the whole plan's and the national
#: plan's greys, so it is never read as one sector's.
REMAINDER_COLOR = "#8C8C8C"
#: Bars of the national Korean New Deal next to the plan's (lighter than the plan's grey).
NATIONAL_BAR_COLOR = "#BBBBBB"
#: Sector colours (colour-blind-safe Okabe-Ito picks), the same in every chart.
SECTOR_COLORS: dict[str, str] = {
    "digital": "#0072B2",
    "green": "#009E73",
    "culture": "#CC79A7",
    "safety": "#E69F00",
    "other_sectors": REMAINDER_COLOR,
    "plan": "#555555",
    "safety_refresh": "#D55E00",
}
FUNDING_COLORS: dict[str, str] = {"own": "#1f4e79", "not_own": "#9ecae1"}
#: Hatch of a bar whose value is this briefing's assumption, not a figure of the plan.
ASSUMED_HATCH = "///"

FONT_FAMILY = ["NanumGothic", "DejaVu Sans"]


def hangul_font_files() -> list[Path]:
    """NanumGothic's font files (``.ttf``), as the ``koreanize-matplotlib`` package ships
    them in its ``fonts`` folder, found without importing the package.

    Importing it would register them too, but its module imports ``distutils``, which
    Python 3.12 removed (it fails there unless setuptools is installed); on 3.11, where it
    pulls in setuptools, ``apply_style`` took 0.13-0.20 s of CPU with it and 0.003 s
    without. Raises ``FileNotFoundError`` if the folder holds no ``.ttf`` (a package laid
    out differently), so that charts never lose their Hangul silently.
    """
    spec = importlib.util.find_spec("koreanize_matplotlib")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    if not folders:
        raise ModuleNotFoundError(
            "koreanize-matplotlib (the Hangul font of the charts) is not installed"
        )
    fonts = Path(folders[0]) / "fonts"
    files = sorted(fonts.glob("*.ttf"))
    if not files:
        raise FileNotFoundError(f"{fonts}: no .ttf font files (koreanize-matplotlib changed?)")
    return files


def register_hangul_fonts() -> None:
    """Register :func:`hangul_font_files` with matplotlib's font manager (once per process:
    a file it already lists is not added again)."""
    known = {font.fname for font in font_manager.fontManager.ttflist}
    for path in hangul_font_files():
        if str(path) not in known:
            font_manager.fontManager.addfont(str(path))


def apply_style() -> None:
    """Set the shared chart style, and measure texts once per kind of renderer and resolution
    (:func:`analysis.briefing.text_metrics.share_text_metrics`). Safe to call more than once."""
    register_hangul_fonts()
    share_text_metrics()
    sns.set_theme(style="whitegrid", context="notebook", font=FONT_FAMILY[0])
    mpl.rcParams.update(
        {
            "font.family": FONT_FAMILY,
            "axes.unicode_minus": True,
            "axes.axisbelow": True,  # gridlines under bars, lines and labels
            "svg.hashsalt": "uijeongbu-new-deal",
            "svg.fonttype": "path",
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "figure.figsize": (8.0, 4.5),
            # titles at the top of their axes: no chart has its x axis or an offset text
            # above the plot, so matplotlib's search for a higher, clear place (a y-axis
            # measurement per title at every draw) would leave them there anyway
            "axes.titley": 1.0,
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def color_word(color: str, lang: str) -> str:
    """The word a caption uses for a bar colour: dark grey, grey or light grey for a neutral
    colour (by its lightness), "coloured" for any other, from the labels catalogue.

    Examples
    --------
    >>> color_word(SECTOR_COLORS["plan"], "en"), color_word(NATIONAL_BAR_COLOR, "ko")
    ('dark grey', '연회색')
    """
    _hue, lightness, saturation = colorsys.rgb_to_hls(*mpl.colors.to_rgb(color))
    if saturation > 0.12:
        return text("color_coloured", lang)
    key = "dark_grey" if lightness < 0.42 else "grey" if lightness < 0.66 else "light_grey"
    return text(f"color_{key}", lang)


def color_key(entries: Sequence[tuple[str, str]], lang: str) -> str:
    """A caption's key to bar colours: each colour named by :func:`color_word`, with what its
    bars stand for, so the words always match the colours drawn.

    Examples
    --------
    >>> color_key([(SECTOR_COLORS["plan"], "the whole plan"), ("#0072B2", "sectors")], "en")
    'Dark grey bars: the whole plan; coloured bars: sectors'
    """
    items = [
        text("color_key_item", lang, color=color_word(color, lang), meaning=meaning)
        for color, meaning in entries
    ]
    return sentence_start(text("color_key_separator", lang).join(items))


def bar_order(values: Sequence[float], groups: Sequence[object] | None = None) -> list[int]:
    """The order to draw bars in: by value, largest first (on top of a horizontal bar chart),
    missing values last; with ``groups``, sorted within each group, the groups kept in the
    order they first appear (e.g. whole plan, its parts, the national plan, its pillars).

    Examples
    --------
    >>> bar_order([1.0, float("nan"), 3.0, 2.0])
    [2, 3, 0, 1]
    >>> bar_order([5.0, 1.0, 3.0, 9.0], groups=["plan", "part", "part", "national"])
    [0, 2, 1, 3]
    """
    keys = list(groups) if groups is not None else [0] * len(values)
    rank = {g: i for i, g in enumerate(dict.fromkeys(keys))}
    return sorted(
        range(len(values)),
        key=lambda i: (
            rank[keys[i]],
            pd.isna(values[i]),
            -(0 if pd.isna(values[i]) else values[i]),
        ),
    )


def percent_label(fraction: float, decimals: int = 1) -> str:
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
    caveat: str = "",
    category_axis: str | None = "y",
    handles: Sequence[Artist] = (),
) -> Figure:
    """Title (beginning with a capital, :func:`~analysis.briefing.labels.sentence_start`),
    axis labels, a caveat and a source line under the chart; optionally a legend above it.

    The category axis (``category_axis``, the y axis of horizontal bars) gets no title, so
    ``ylabel`` is drawn only on a value axis: no rotated words beside self-explaining
    categories. Gridlines run along the value axis only. ``caveat``, wrapped to the figure's
    width, sits under the x-axis label and above the source line, so a copied image keeps it.
    ``handles`` are legend entries for what no plotted artist stands for (hatched = assumed).
    """
    if legend_above:
        shown = ax.get_legend_handles_labels()[0] + list(handles)
        ax.legend(
            handles=shown,
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncol=len(shown) or 1,
            frameon=False,
            fontsize=9,
        )
    ax.set_title(sentence_start(title), pad=28 if legend_above else 6)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("" if category_axis == "y" else ylabel)
    if category_axis is not None:
        ax.grid(False, axis=category_axis)
    above: object = ax.xaxis.label
    if caveat:
        above = _under(ax, above, caveat, fontsize=9, color="#222222", gid="caveat")
    _under(ax, above, source, fontsize=8, color="#555555", gid="source")
    return fig


def _under(ax: Axes, above: object, words: str, *, fontsize: float, color: str, gid: str):
    """A left-aligned, wrapped line of small text at the figure's left edge, under ``above``."""
    note = ax.annotate(
        words,
        xy=(0.01, 0),
        xycoords=("figure fraction", above),
        xytext=(0, -6),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=fontsize,
        color=color,
        linespacing=1.35,
        wrap=True,
    )
    note.set_gid(gid)
    return note


#: What :func:`save_figure` leaves out of each kind of file, so that its bytes repeat.
SAVE_METADATA: dict[str, dict[str, None]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
}


def save_figure(
    fig: Figure,
    folder: str | Path,
    name: str,
    formats: tuple[str, ...] = ("png", "svg"),
    *,
    laid_out: bool = False,
) -> dict[str, Path]:
    """Save a figure as PNG and SVG (deterministic bytes) and return their paths; the
    files are those ``fig.savefig`` writes, a PNG written as RGB where it is opaque
    (:mod:`analysis.briefing.png_canvas`: the same pixels, written faster and smaller).

    ``savefig`` measures the figure (a draw without pixels) before it draws each file.
    Here the figure is measured once per format (:func:`saved_area`) and laid out once
    (:func:`laid_out_for_saving`), so each file costs one draw. A figure with a layout
    engine (a phone chart) is laid out once for PNG; its other formats are left to
    ``savefig``, which lays it out with their own text widths. ``laid_out=True`` says the
    figure was last laid out (by a draw or by its layout engine) as it is now, at
    :rc:`savefig.dpi` (:func:`analysis.briefing.phone.phone_layout` leaves it so): its
    layout engine is not run again for PNG.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {fmt: folder / f"{name}.{fmt}" for fmt in formats}
    engine = fig.get_layout_engine()
    measured_once = [fmt for fmt in paths if engine is None or fmt == "png"]
    with laid_out_for_saving(fig, laid_out=laid_out):
        for fmt in measured_once:
            area = saved_area(fig, fmt)
            fig.savefig(paths[fmt], bbox_inches=area, **_save_options(fmt))
    for fmt in [fmt for fmt in paths if fmt not in measured_once]:
        fig.savefig(paths[fmt], **_save_options(fmt))
    return paths


def _save_options(fmt: str) -> dict[str, object]:
    """``savefig``'s arguments for a ``fmt`` file: its metadata (:data:`SAVE_METADATA`) and,
    for PNG, the canvas that writes an opaque image as RGB (:mod:`analysis.briefing.png_canvas`)."""
    options: dict[str, object] = {"metadata": SAVE_METADATA.get(fmt)}
    if fmt == "png":
        options["backend"] = PNG_BACKEND
    return options


def lay_out(fig: Figure) -> None:
    """Lay ``fig`` out for measuring, as its next draw would, without drawing it: by its
    layout engine (constrained layout measures every axes, its tick labels and the
    figure's texts, and places them), or, for a figure without one, by measuring its tight
    box (which updates every axis' ticks and measures every text where it stands).

    A draw without pixels does the same and then goes through every artist. Measured on
    the five charts of one briefing, in one process: the labels' tidying 248 -> 216 ms,
    the phone layout 346 -> 208 ms; what is measured afterwards, and so every saved image,
    is the same (``tests/test_charts.py``).
    """
    engine = fig.get_layout_engine()
    if engine is None:
        fig.get_tightbbox(fig._get_renderer())
    elif fig.axes:  # as Figure.draw runs it: not for a figure without axes, and a
        with contextlib.suppress(ValueError):  # ValueError (no room) leaves it as it was
            engine.execute(fig)


@contextmanager
def laid_out_for_saving(fig: Figure, *, laid_out: bool = False) -> Iterator[Figure]:
    """Within the block, ``fig`` is laid out as ``savefig`` lays out a PNG (its layout
    engine run at :rc:`savefig.dpi`) and its layout engine is off; yields ``fig``.
    A figure without a layout engine is left as it is. ``laid_out=True``: the caller knows
    the figure is laid out so already (at :rc:`savefig.dpi` since it last changed),
    and the engine is not run again.

    ``savefig`` runs the layout engine before it draws, then draws with the engine off;
    here the layout is done once, so that saving a figure several times, each time given
    its area (:func:`saved_area`), draws it once each time. The engine is back afterwards.
    """
    engine = fig.get_layout_engine()
    if engine is None:
        yield fig
        return
    if not laid_out:
        with at_save_resolution(fig):
            engine.execute(fig)
    with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)  # laid out: drawing must not lay out again
    try:
        yield fig
    finally:
        fig.set_layout_engine(engine)


def saved_area(fig: Figure, fmt: str) -> Bbox | str | None:
    """The area of ``fig`` (inches) that ``savefig`` keeps in a ``fmt`` file: with
    :rc:`savefig.bbox` ``"tight"``, the tight box of everything drawn as that format
    measures it (PNG: Agg at :rc:`savefig.dpi`; SVG: its own text outlines at 72 dpi),
    padded by :rc:`savefig.pad_inches`; otherwise, and for other formats, the setting.

    Text widths differ by a few per cent between the two, so each format gets its own box.
    A figure with a layout engine must have been laid out (:func:`laid_out_for_saving`).

    Examples
    --------
    A save given the area has the size of ``savefig``'s own tight save:

    >>> import io
    >>> from PIL import Image
    >>> fig = Figure(figsize=(4, 3)); _ = fig.subplots().set_title("title")
    >>> def saved_size(**kwargs):
    ...     png = io.BytesIO(); fig.savefig(png, format="png", **kwargs)
    ...     return Image.open(png).size
    >>> with mpl.rc_context({"savefig.bbox": "tight", "savefig.dpi": 100}):
    ...     saved_size(bbox_inches=saved_area(fig, "png")) == saved_size()
    True
    """
    setting = mpl.rcParams["savefig.bbox"]
    if setting != "tight" or fmt not in ("png", "svg"):
        return setting
    if fmt == "svg":  # as backend_svg measures: the figure at 72 dpi, texts as outlines
        from matplotlib.backends.backend_svg import RendererSVG

        width, height = fig.get_size_inches() * 72
        with _at_dpi(fig, 72):
            box = fig.get_tightbbox(RendererSVG(width, height, io.StringIO()))
    else:
        with at_save_resolution(fig):
            box = fig.get_tightbbox()
    return box.padded(float(mpl.rcParams["savefig.pad_inches"]))


def _saved_dpi(fig: Figure) -> float:
    """The resolution ``savefig`` draws a raster image at (:rc:`savefig.dpi`)."""
    dpi = mpl.rcParams["savefig.dpi"]
    return fig.dpi if dpi == "figure" else float(dpi)


@contextmanager
def at_save_resolution(fig: Figure) -> Iterator[Figure]:
    """Within the block ``fig`` has the resolution ``savefig`` draws a PNG at
    (:rc:`savefig.dpi`), so that what is measured or laid out in it is what the saved image
    shows (text widths differ by a few per cent between resolutions); yields ``fig``.

    Examples
    --------
    >>> fig = Figure(dpi=100)
    >>> with mpl.rc_context({"savefig.dpi": 150}), at_save_resolution(fig):
    ...     fig.dpi
    150.0
    >>> fig.dpi
    100
    """
    with _at_dpi(fig, _saved_dpi(fig)):
        yield fig


@contextmanager
def _at_dpi(fig: Figure, dpi: float) -> Iterator[None]:
    """Within the block ``fig`` has resolution ``dpi``, as ``savefig`` sets it."""
    screen = fig.dpi
    fig.dpi = dpi
    try:
        yield
    finally:
        fig.dpi = screen


@contextmanager
def no_minor_tick_search(fig: Figure) -> Iterator[Figure]:
    """Within the block, each axis of ``fig`` that has no minor ticks (a
    :class:`~matplotlib.ticker.NullLocator`, matplotlib's default) skips matplotlib's search
    for minor ticks on major ones (``Axis.remove_overlapping_locs``); yields ``fig``.

    At every tick update (several per draw, measure or save) that search runs the major
    locator a second time and compares every minor tick with every major one. Without minor
    ticks it finds nothing to remove, so every draw is the same without it (give the figure
    no minor ticks within the block). Afterwards each axis searches as it did before.

    Examples
    --------
    >>> fig = Figure(); ax = fig.subplots()
    >>> with no_minor_tick_search(fig):
    ...     ax.xaxis.remove_overlapping_locs
    False
    >>> ax.xaxis.remove_overlapping_locs
    True
    """
    axes = [axis for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)]
    before = [axis.remove_overlapping_locs for axis in axes]
    for axis in axes:
        if isinstance(axis.get_minor_locator(), NullLocator):
            axis.remove_overlapping_locs = False
    try:
        yield fig
    finally:
        for axis, search in zip(axes, before, strict=True):
            axis.remove_overlapping_locs = search


#: Share of the width wrapping would allow that a text may fill and still count as fitting
#: in every renderer (text widths differ by a few per cent between 72, 100 and 150 dpi).
WRAP_ROOM = 0.9


@contextmanager
def wrapping_where_needed(fig: Figure, room: float = WRAP_ROOM) -> Iterator[list[Text]]:
    """Within the block, texts of ``fig`` that wrap (``wrap=True``) but whose every line fits
    in the width wrapping would give them do not wrap; afterwards they wrap again.

    Saving draws the same image either way, but faster: matplotlib measures a wrapping text
    word by word, prefix after prefix, each time it lays it out, and a saved chart lays out
    its source line and caveat dozens of times. ``fig`` must have been laid out (drawn)
    since its texts last moved or changed size (e.g. by :func:`tidy_labels`); each text
    counts as fitting only if its widest line is at most ``room`` of the width left between
    its anchor and the figure's edge (both edges when centred), as matplotlib computes that
    width for a horizontal text. Rotated, hidden, and above-the-figure texts keep wrapping.
    Yields the texts it unwrapped.

    Wrapped on the full figure, such a text stays one line in the draw that saves a
    ``bbox_inches="tight"`` image too: the saved box holds the whole text plus a margin.
    """
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    unwrapped = []
    for artist in fig.findobj(lambda a: isinstance(a, Text) and a.get_wrap()):
        if artist.get_rotation() != 0 or not artist.get_visible():
            continue
        x, y = artist.get_transform().transform(artist.get_position())
        if not (box.x0 <= x <= box.x1 and y < box.y1 - 0.05 * box.height):
            continue
        align = artist.get_horizontalalignment()
        left, right = box.x1 - x, x - box.x0  # room to the right, room to the left
        width = {"left": left, "right": right}.get(align, 2 * min(left, right))
        artist.set_wrap(False)
        if artist.get_window_extent(renderer).width <= room * width:
            unwrapped.append(artist)
        else:
            artist.set_wrap(True)
    try:
        yield unwrapped
    finally:
        for artist in unwrapped:
            artist.set_wrap(True)
