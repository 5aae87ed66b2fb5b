"""Text sizes measured once per kind of renderer and resolution, not once per renderer.

matplotlib measures a text (FreeType lays it out glyph by glyph) through a cache keyed on
the renderer *object* (``matplotlib.text._get_text_metrics_with_cache``). A briefing's chart
meets many renderers: one per figure size and resolution, and every ``savefig`` makes its
own. The phone variant alone changes size several times while it is fitted
(:func:`analysis.briefing.phone.phone_layout`), and every new renderer measured every text
again (one process drawing the charts of the ten briefings of one plan laid out 13,324
texts with FreeType before, 4,378 with this cache; a build's kernel, which draws one
briefing, saves less: 13-15 % of its chart CPU, ``docs/benchmarks.md``).

:func:`share_text_metrics` puts a cache in front of matplotlib's that is keyed on what a
measurement depends on: the renderer's class and resolution, the text, the font properties
(by value), the figure's dpi, the hinting settings and the fonts the
font manager knows. Agg's measurement (``RendererAgg.get_text_width_height_descent``)
depends on nothing else of the renderer; the vector renderers' (SVG, PDF) on nothing of it
at all. The sizes, and so every saved image, are the same bytes as without it
(``tests/test_text_metrics.py``). Mathtext and TeX texts keep matplotlib's own cache.
"""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import matplotlib.text
from matplotlib import font_manager
from matplotlib.backend_bases import RendererBase
from matplotlib.font_manager import FontProperties

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


def _shared_measure(
    renderer: RendererBase, text: str, fontprop: FontProperties, ismath: Any, dpi: float
) -> tuple[float, float, float]:
    """``renderer.get_text_width_height_descent``, cached by what the result depends on."""
    if ismath:  # mathtext and TeX also depend on their own settings: matplotlib's cache
        return _MATPLOTLIB_MEASURE(renderer, text, fontprop, ismath, dpi)
    key = (
        type(renderer),
        getattr(renderer, "dpi", None),
        text,
        _font_key(fontprop),
        dpi,
        mpl.rcParams["text.hinting"],
        mpl.rcParams["text.hinting_factor"],
        len(font_manager.fontManager.ttflist),
    )
    found = _measured.get(key)
    if found is None:
        if len(_measured) >= CACHE_SIZE:
            _measured.clear()
        found = _measured[key] = renderer.get_text_width_height_descent(text, fontprop, ismath)
    return found


def share_text_metrics() -> None:
    """Measure texts through the shared cache (module docstring) from now on in this
    process; calling it again changes nothing. Does nothing if matplotlib no longer has
    the function it replaces (a test fails then: see ``tests/test_text_metrics.py``)."""
    if _MATPLOTLIB_MEASURE is not None:
        matplotlib.text._get_text_metrics_with_cache = _shared_measure


def text_metrics_shared() -> bool:
    """Whether texts are measured through the shared cache in this process."""
    return getattr(matplotlib.text, "_get_text_metrics_with_cache", None) is _shared_measure
