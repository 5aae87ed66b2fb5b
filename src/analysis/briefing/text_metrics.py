"""Text sizes and layouts worked out once per kind of renderer and resolution, not per renderer.

matplotlib measures a text (FreeType lays it out glyph by glyph) through a cache keyed on
the renderer *object* (``matplotlib.text._get_text_metrics_with_cache``). A briefing's chart
meets many renderers: one per figure size and resolution, and every ``savefig`` makes its
own. The phone variant alone changes size several times while it is fitted
(:func:`analysis.briefing.phone.phone_layout`), and every new renderer measured every text
again (one process drawing the charts of the ten briefings of one plan laid out 13,324
texts with FreeType before, 4,378 with this cache; a build's kernel, which draws one
briefing, saves less: 13-15 % of its chart CPU, ``docs/benchmarks.md``).

:func:`share_text_metrics` puts a cache in front of matplotlib's that is keyed on what a
measurement depends on: the class and resolution of the renderer that measures (for a
mixed-mode renderer, as ``savefig`` hands an SVG's artists, the one it wraps), the text,
the font properties (by value), the figure's dpi, the hinting settings and the fonts the
font manager knows. Agg's measurement (``RendererAgg.get_text_width_height_descent``)
depends on nothing else of the renderer; the vector renderers' (SVG, PDF) on nothing of it
at all. The sizes, and so every saved image, are the same bytes as without it
(``tests/test_text_metrics.py``). Mathtext and TeX texts keep matplotlib's own cache.

Above the sizes, matplotlib lays each text out (``Text._get_layout``: where its lines sit
around its anchor, rotated and aligned) at every draw, measure and save, and keeps nothing:
the ten briefings of a plan laid out 20,027 texts, of which 1,440 were different. The
layout depends on the measurements' key and on settings of the text itself, not on its
position, so :func:`share_text_metrics` caches it too, by value (:func:`_shared_layout`).
Over those ten briefings the charts' CPU went 20.2 -> 19.0 s (median of three alternating
rounds, ``benchmarks/bench_charts.py``), with every file the same bytes.

Beneath the layout, a text that wraps (``wrap=True``: the phone chart's long titles, notes
and source lines) is broken into lines at every layout too (``Text._get_wrapped_text``),
word by word, each prefix of its words measured: the five charts of one briefing broke 240
texts, 50 of them different, about a tenth of their chart CPU. The lines depend on the
measurements' key and on the width the text may take (from its position, alignment and
rotation, measured anew at every call), so :func:`share_text_metrics` caches them by value
too (:func:`_shared_wrapped_text`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import matplotlib as mpl
import matplotlib.text
from matplotlib import font_manager
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import Bbox

__all__ = ["CACHE_SIZE", "share_text_metrics", "text_metrics_shared"]

#: Measurements kept before the cache starts again from empty: the ten briefings of a plan
#: measure about 4,400 distinct texts at all their sizes and resolutions.
CACHE_SIZE = 16384
#: matplotlib's own cached measurement, which :func:`share_text_metrics` replaces.
_MATPLOTLIB_MEASURE = getattr(matplotlib.text, "_get_text_metrics_with_cache", None)


#: Measurements by key (:func:`_shared_measure`); emptied once it holds :data:`CACHE_SIZE`.
_measured: dict[tuple[object, ...], tuple[float, float, float]] = {}


def _font_key(prop: FontProperties) -> tuple[object, ...]:
    """What of ``prop`` a measurement depends on (the fields ``FontProperties.__hash__``
    reads), by value: nothing the caller changes later reaches the key."""
    return (
        tuple(prop.get_family()),
        prop.get_slant(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
        prop.get_size(),
        prop.get_file(),
        prop.get_math_fontfamily(),
    )


def _kept(
    store: dict[tuple[object, ...], Any], key: tuple[object, ...], work: Callable[[], Any]
) -> Any:
    """``store[key]``, made by ``work()`` the first time; ``store`` is emptied first once it
    holds :data:`CACHE_SIZE` entries."""
    found = store.get(key)
    if found is None:
        if len(store) >= CACHE_SIZE:
            store.clear()
        found = store[key] = work()
    return found


def _measuring_renderer(renderer: RendererBase) -> RendererBase:
    """The renderer that measures what ``renderer`` is asked to measure: itself, or for a
    :class:`~matplotlib.backends.backend_mixed.MixedModeRenderer` (what ``savefig`` hands an
    SVG's or a PDF's artists) the renderer it draws with now: the vector one, or a raster one
    while it rasterizes.

    Examples
    --------
    >>> import io
    >>> from matplotlib.backends.backend_svg import RendererSVG
    >>> from matplotlib.figure import Figure
    >>> svg = RendererSVG(100, 100, io.StringIO())
    >>> mixed = MixedModeRenderer(Figure(), 1, 1, 72, svg)
    >>> _measuring_renderer(mixed) is svg, _measuring_renderer(svg) is svg
    (True, True)
    """
    if isinstance(renderer, MixedModeRenderer):
        return renderer._renderer
    return renderer


def _measure_key(
    renderer: RendererBase, text: str, fontprop: FontProperties, dpi: float
) -> tuple[object, ...]:
    """What a measurement of ``text`` depends on: the class and resolution of the renderer
    that measures (:func:`_measuring_renderer`: an SVG's text is measured once, whether for
    its tight box or as it is drawn), the text, the font properties (by value), the
    figure's dpi, the hinting settings and the fonts the font manager knows."""
    measuring = _measuring_renderer(renderer)
    return (
        type(measuring),
        getattr(measuring, "dpi", None),
        text,
        _font_key(fontprop),
        dpi,
        mpl.rcParams["text.hinting"],
        mpl.rcParams["text.hinting_factor"],
        len(font_manager.fontManager.ttflist),
    )


def _shared_measure(
    renderer: RendererBase, text: str, fontprop: FontProperties, ismath: Any, dpi: float
) -> tuple[float, float, float]:
    """``renderer.get_text_width_height_descent``, cached by what the result depends on."""
    if ismath:  # mathtext and TeX also depend on their own settings: matplotlib's cache
        return _MATPLOTLIB_MEASURE(renderer, text, fontprop, ismath, dpi)
    key = _measure_key(renderer, text, fontprop, dpi)
    return _kept(
        _measured, key, lambda: renderer.get_text_width_height_descent(text, fontprop, ismath)
    )


#: What ``Text._get_layout`` returns: the text's box around its anchor, its lines (text,
#: (width, height), x, y) and the last line's descent.
Layout = tuple[Bbox, list[tuple[Any, ...]], float]


#: matplotlib's own text layout (``Text._get_layout``), which :func:`share_text_metrics`
#: replaces.
_MATPLOTLIB_LAYOUT = getattr(matplotlib.text.Text, "_get_layout", None)
#: Layouts by key (:func:`_shared_layout`); emptied once it holds :data:`CACHE_SIZE`.
_laid_out: dict[tuple[object, ...], Layout] = {}


def _shared_layout(text: Text, renderer: RendererBase) -> Layout:
    """``Text._get_layout``: where the text's lines sit around its anchor, and its box,
    cached by what they depend on. That is the measurements' key (:func:`_shared_measure`)
    and the text's own settings ``_get_layout`` reads: its lines (as wrapped), rotation,
    line spacing, alignments and rotation mode. Not its position, which callers add.
    Texts with mathtext or TeX keep matplotlib's own layout. Each call gets its own box."""
    lines = text._get_wrapped_text()
    if text.get_usetex() or (text.get_parse_math() and "$" in lines):
        return _MATPLOTLIB_LAYOUT(text, renderer)
    key = (
        *_measure_key(renderer, lines, text.get_fontproperties(), text.get_figure(root=True).dpi),
        text.get_rotation(),
        text._linespacing,
        text.get_horizontalalignment(),
        text.get_verticalalignment(),
        text._get_multialignment(),
        text.get_rotation_mode(),
    )
    box, parts, descent = _kept(_laid_out, key, lambda: _MATPLOTLIB_LAYOUT(text, renderer))
    return Bbox(box.get_points().copy()), list(parts), descent


#: matplotlib's own line breaking of a wrapping text (``Text._get_wrapped_text``), which
#: :func:`share_text_metrics` replaces.
_MATPLOTLIB_WRAP = getattr(matplotlib.text.Text, "_get_wrapped_text", None)
#: Wrapped texts by key (:func:`_shared_wrapped_text`); emptied once it holds :data:`CACHE_SIZE`.
_wrapped: dict[tuple[object, ...], str] = {}


def _shared_wrapped_text(text: Text) -> str:
    """``Text._get_wrapped_text``: the text with line breaks where it wraps, cached by what
    the breaks depend on: the measurements' key of the whole text (:func:`_measure_key`,
    with the renderer that last drew or measured it, which measures each prefix) and the
    width it may take (``Text._get_wrap_line_width``, worked out at every call). A text
    that does not wrap, one with TeX or mathtext (measured by settings of their own), or one
    not yet drawn takes matplotlib's own."""
    renderer = getattr(text, "_renderer", None)
    if not text.get_wrap() or text.get_usetex() or "$" in text.get_text() or renderer is None:
        return _MATPLOTLIB_WRAP(text)
    key = (
        *_measure_key(
            renderer, text.get_text(), text.get_fontproperties(), text.get_figure(root=True).dpi
        ),
        text._get_wrap_line_width(),
    )
    return _kept(_wrapped, key, lambda: _MATPLOTLIB_WRAP(text))


#: What :func:`share_text_metrics` puts in matplotlib's place: (owner, name, matplotlib's
#: own, the shared one).
_REPLACED = (
    (matplotlib.text, "_get_text_metrics_with_cache", _MATPLOTLIB_MEASURE, _shared_measure),
    (matplotlib.text.Text, "_get_layout", _MATPLOTLIB_LAYOUT, _shared_layout),
    (matplotlib.text.Text, "_get_wrapped_text", _MATPLOTLIB_WRAP, _shared_wrapped_text),
)


def share_text_metrics() -> None:
    """Measure and lay out texts through the shared caches (module docstring) from now on
    in this process; calling it again changes nothing. Does nothing if matplotlib no longer
    has all the functions it replaces (a test fails then: see ``tests/test_text_metrics.py``)."""
    if all(own is not None for _, _, own, _ in _REPLACED):
        for owner, name, _, shared in _REPLACED:
            setattr(owner, name, shared)


def text_metrics_shared() -> bool:
    """Whether texts are measured, wrapped and laid out through the shared caches in this
    process."""
    return all(getattr(owner, name, None) is shared for owner, name, _, shared in _REPLACED)
