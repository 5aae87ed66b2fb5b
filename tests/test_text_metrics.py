"""Texts measured once per kind of renderer and resolution
(:mod:`analysis.briefing.text_metrics`): the same sizes as the renderer's own, the same
image bytes, and fewer measurements."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import matplotlib.text
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.font_manager import FontProperties

from analysis.briefing import charts, text_metrics
from analysis.briefing.chart_files import save_chart_files

TEXTS = ["디지털뉴딜", "Green New Deal", "1,475억원", "\u22120.5", "시비 비중 81.6%", ""]
#: Font settings the charts use (labels, titles, notes) and one they do not.
FONTS = [
    {"size": 10},
    {"size": 13, "weight": "bold"},
    {"size": 8, "style": "italic"},
    {"size": 11.7, "weight": "light", "stretch": "condensed"},
]


@pytest.fixture(autouse=True)
def style():
    charts.apply_style()
    yield
    plt.close("all")


def _renderer(kind: str, dpi: float):
    if kind == "agg":
        return RendererAgg(400, 300, dpi)
    return RendererSVG(400, 300, io.StringIO())


def test_apply_style_measures_texts_through_the_shared_cache():
    """With the locked matplotlib the replaced function exists and is replaced (an upgrade
    that renames it fails here instead of making every chart slower unnoticed)."""
    assert text_metrics._MATPLOTLIB_MEASURE is not None
    assert text_metrics._MATPLOTLIB_LAYOUT is not None
    assert text_metrics._MATPLOTLIB_WRAP is not None
    assert text_metrics.text_metrics_shared()
    assert matplotlib.text._get_text_metrics_with_cache is not text_metrics._MATPLOTLIB_MEASURE
    assert matplotlib.text.Text._get_layout is not text_metrics._MATPLOTLIB_LAYOUT
    assert matplotlib.text.Text._get_wrapped_text is not text_metrics._MATPLOTLIB_WRAP


@pytest.mark.parametrize("kind", ["agg", "svg"])
@pytest.mark.parametrize("dpi", [72.0, 100.0, 150.0])
def test_shared_measurements_equal_the_renderers_own(kind, dpi):
    measure = matplotlib.text._get_text_metrics_with_cache
    for text in TEXTS:
        for font in FONTS:
            prop = FontProperties(**font)
            expected = _renderer(kind, dpi).get_text_width_height_descent(text, prop, False)
            first = measure(_renderer(kind, dpi), text, prop, False, dpi)
            again = measure(_renderer(kind, dpi), text, prop.copy(), False, dpi)
            assert first == expected, (kind, dpi, text, font)
            assert again == expected, (kind, dpi, text, font)


def test_a_new_renderer_of_the_same_kind_and_resolution_measures_nothing_again(monkeypatch):
    calls = []
    own = RendererAgg.get_text_width_height_descent

    def counted(self, text, prop, ismath):
        calls.append((self.dpi, text, prop.get_size()))
        return own(self, text, prop, ismath)

    monkeypatch.setattr(RendererAgg, "get_text_width_height_descent", counted)
    text_metrics._measured.clear()
    measure = matplotlib.text._get_text_metrics_with_cache
    prop = FontProperties(size=10)
    for width in (300, 400, 500):  # three renderers of one resolution, as a phone chart grows
        measure(RendererAgg(width, 300, 150.0), "그린뉴딜", prop, False, 150.0)
    assert calls == [(150.0, "그린뉴딜", 10.0)]
    measure(RendererAgg(300, 300, 100.0), "그린뉴딜", prop, False, 100.0)  # another resolution
    prop.set_size(12)  # the same properties object, changed in place
    measure(RendererAgg(300, 300, 150.0), "그린뉴딜", prop, False, 150.0)
    assert calls[1:] == [(100.0, "그린뉴딜", 10.0), (150.0, "그린뉴딜", 12.0)]
    a, b, c = (
        measure(RendererAgg(300, 300, d), "그린뉴딜", FontProperties(size=10), False, d)
        for d in (150.0, 100.0, 150.0)
    )
    assert a == c and a != b


def test_an_svg_text_is_measured_once_for_its_tight_box_and_its_drawing(monkeypatch):
    """A chart's SVG is measured with a bare ``RendererSVG`` for its tight box
    (:func:`analysis.briefing.chart_style.saved_area`) and drawn by ``savefig`` through a
    ``MixedModeRenderer`` around another: one measurement serves both.
    While a mixed renderer rasterizes, it measures with its raster renderer (Agg at its dpi),
    and gets Agg's sizes, not the vector ones cached under the same wrapper."""
    calls = []
    own = RendererSVG.get_text_width_height_descent

    def counted(self, text, prop, ismath):
        calls.append(text)
        return own(self, text, prop, ismath)

    monkeypatch.setattr(RendererSVG, "get_text_width_height_descent", counted)
    text_metrics._measured.clear()
    measure = matplotlib.text._get_text_metrics_with_cache
    prop = FontProperties(size=10)
    fig = plt.figure()
    vector = measure(RendererSVG(400, 300, io.StringIO()), "그린뉴딜", prop, False, 72.0)
    mixed = MixedModeRenderer(fig, 4, 3, 150.0, RendererSVG(400, 300, io.StringIO()))
    assert measure(mixed, "그린뉴딜", prop, False, 72.0) == vector
    assert calls == ["그린뉴딜"]
    mixed.start_rasterizing()
    raster = measure(mixed, "그린뉴딜", prop, False, 72.0)
    assert raster == RendererAgg(400, 300, 150.0).get_text_width_height_descent(
        "그린뉴딜", prop, False
    )
    assert raster != vector


def _chart_files(folder) -> dict[str, bytes]:
    """A chart with Hangul categories, a caveat and a source line, saved wide (PNG, SVG) and
    re-laid for a phone (PNG), as ``Briefing.figure`` saves it (:func:`save_chart_files`:
    tidied at the PNG's resolution, so tidying and saving share measurements)."""
    fig = charts.hbar(
        ["디지털뉴딜", "그린뉴딜", "문화뉴딜", "안심뉴딜(생활 안전과 방역)"],
        [98e8, 840e8, 86e8, 451e8],
        ["#1f77b4", "#2ca02c", "#9467bd", "#d62728"],
        title="분야별 총사업비",
        xlabel="억원",
        ylabel="분야",
        source="자료: 의정부시 발표 (2020), 문단 3, 9, 15",
        caveat="총사업비는 국비, 도비, 시비와 민간 자본을 합한 금액이며 사업 기간이 서로 다릅니다",
    )
    files = save_chart_files(fig, folder, "chart")
    plt.close(fig)
    paths = {"png": files.png, "svg": files.svg, "phone": files.phone_png}
    return {name: path.read_bytes() for name, path in paths.items()}


def test_charts_are_the_same_bytes_as_with_matplotlibs_own_measurements_and_layouts(
    tmp_path, monkeypatch
):
    text_metrics._measured.clear()
    text_metrics._wrapped.clear()
    shared = _chart_files(tmp_path / "shared")
    monkeypatch.setattr(
        matplotlib.text, "_get_text_metrics_with_cache", text_metrics._MATPLOTLIB_MEASURE
    )
    monkeypatch.setattr(matplotlib.text.Text, "_get_layout", text_metrics._MATPLOTLIB_LAYOUT)
    monkeypatch.setattr(matplotlib.text.Text, "_get_wrapped_text", text_metrics._MATPLOTLIB_WRAP)
    assert not text_metrics.text_metrics_shared()
    own = _chart_files(tmp_path / "own")
    assert set(shared) == {"png", "svg", "phone"}
    for name in own:
        assert shared[name] == own[name], name


# --- layouts: where a text's lines sit around its anchor -------------------------------
#: Text settings ``Text._get_layout`` reads (one line and several, rotated, aligned).
LAYOUTS = [
    {"text": "디지털뉴딜 98억원"},
    {"text": "Green New Deal\n840억원", "ha": "center", "va": "top", "linespacing": 1.35},
    {"text": "안심뉴딜\n(생활 안전)", "rotation": 90, "va": "baseline", "ma": "right"},
    {"text": "\u22120.5%", "rotation": 30, "rotation_mode": "anchor", "ha": "right"},
    {"text": "시비 비중 81.6%", "va": "center_baseline", "size": 13, "weight": "bold"},
]


def _text(settings: dict, x: float = 0.2, y: float = 0.5) -> matplotlib.text.Text:
    """A text of ``settings`` at (x, y) in a figure of its own."""
    fig = plt.figure(dpi=100)
    options = dict(settings)
    return fig.text(x, y, options.pop("text"), **options)


@pytest.fixture
def layout_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts matplotlib's own layout is asked for from now on in the test."""
    calls = []
    own = text_metrics._MATPLOTLIB_LAYOUT

    def counted(text, renderer):
        calls.append(text.get_text())
        return own(text, renderer)

    monkeypatch.setattr(text_metrics, "_MATPLOTLIB_LAYOUT", counted)
    return calls


def _layout_values(layout) -> tuple:
    box, parts, descent = layout
    return tuple(box.bounds), [tuple(part) for part in parts], descent


@pytest.mark.parametrize("kind", ["agg", "svg"])
@pytest.mark.parametrize("dpi", [72.0, 150.0])
def test_shared_layouts_equal_matplotlibs_own(kind, dpi):
    """A second text of the same settings elsewhere gets the same layout from the cache."""
    text_metrics._laid_out.clear()
    for settings in LAYOUTS:
        text, elsewhere = _text(settings), _text(settings, 0.7, 0.1)
        own = _layout_values(text_metrics._MATPLOTLIB_LAYOUT(text, _renderer(kind, dpi)))
        assert _layout_values(text._get_layout(_renderer(kind, dpi))) == own, settings
        assert _layout_values(elsewhere._get_layout(_renderer(kind, dpi))) == own, settings


def test_a_text_is_laid_out_again_only_when_what_its_layout_reads_changes(layout_calls):
    calls = layout_calls
    text_metrics._laid_out.clear()
    text = _text(LAYOUTS[1])
    renderer = _renderer("agg", 150.0)
    first = _layout_values(text._get_layout(renderer))
    text.set_position((0.9, 0.9))  # callers add the position: the same layout
    text._get_layout(_renderer("agg", 150.0))
    assert len(calls) == 1
    changes = [
        ("rotation", 45),
        ("horizontalalignment", "right"),
        ("verticalalignment", "bottom"),
        ("multialignment", "left"),
        ("linespacing", 2.0),
        ("fontsize", 17),
        ("rotation_mode", "anchor"),
        ("text", "Green New Deal"),
    ]
    for name, value in changes:
        text.set(**{name: value})
        text._get_layout(renderer)
    assert len(calls) == 1 + len(changes)
    text._get_layout(_renderer("agg", 100.0))  # another resolution
    assert len(calls) == 2 + len(changes)
    box, _, _ = text._get_layout(renderer)
    box.set_points(box.get_points() * 0)  # a caller's box is its own
    assert _layout_values(text._get_layout(renderer)) != first  # changed settings
    assert tuple(text._get_layout(renderer)[0].bounds) != (0.0, 0.0, 0.0, 0.0)


def test_mathtext_keeps_matplotlibs_own_layout(layout_calls):
    calls = layout_calls
    text = _text({"text": r"$10^{8}$ KRW"})
    for _ in range(2):
        text._get_layout(_renderer("agg", 150.0))
    assert calls == [r"$10^{8}$ KRW"] * 2


# --- wrapping: where a long text breaks into lines ----------------------------------------
#: Texts that wrap: Hangul and Latin words, a forced break, one long word.
WRAPPING = [
    "총사업비는 국비, 도비, 시비와 민간 자본을 합한 금액이며 사업 기간이 서로 다릅니다",
    "Source: Uijeongbu City announcement (2020), paragraphs 3, 9 and 15; national plan",
    "첫 줄은 여기까지\nthe second line is a long one that must wrap somewhere near the edge",
    "Supercalifragilisticexpialidocious-without-any-space-at-all and then words",
]


@pytest.fixture
def wrap_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts matplotlib's own line breaking is asked for from now on in the test."""
    calls = []
    own = text_metrics._MATPLOTLIB_WRAP

    def counted(text):
        calls.append(text.get_text())
        return own(text)

    monkeypatch.setattr(text_metrics, "_MATPLOTLIB_WRAP", counted)
    return calls


@pytest.mark.parametrize("dpi", [100.0, 150.0])
@pytest.mark.parametrize("x", [0.05, 0.4, 0.8])
def test_shared_line_breaks_equal_matplotlibs_own(dpi, x):
    """At several widths (the text's place in the figure) and resolutions, for texts of
    each kind, and for a second text of the same settings elsewhere."""
    text_metrics._wrapped.clear()
    for words in WRAPPING:
        for size, ha in ((8, "left"), (11, "center"), (13, "right")):
            fig = plt.figure(figsize=(4, 3), dpi=dpi)
            text = fig.text(x, 0.5, words, wrap=True, fontsize=size, ha=ha)
            text._renderer = fig.canvas.get_renderer()
            twin = fig.text(x, 0.2, words, wrap=True, fontsize=size, ha=ha)
            twin._renderer = text._renderer
            own = text_metrics._MATPLOTLIB_WRAP(text)
            assert text._get_wrapped_text() == own, (words, size, ha)
            assert twin._get_wrapped_text() == own, (words, size, ha)
            plt.close(fig)


def test_a_text_is_broken_again_only_when_what_its_breaks_read_changes(wrap_calls):
    calls = wrap_calls
    text_metrics._wrapped.clear()
    fig = plt.figure(figsize=(4, 3), dpi=150)
    text = fig.text(0.1, 0.5, WRAPPING[0], wrap=True, fontsize=10)
    with pytest.raises(AttributeError):  # never drawn: no renderer, matplotlib's own fails
        text._get_wrapped_text()
    assert calls == [WRAPPING[0]] and not text_metrics._wrapped
    fig.draw_without_rendering()
    lines = text._get_wrapped_text()
    assert "\n" in lines and lines.replace("\n", " ") == WRAPPING[0]
    count = len(calls)
    text._get_wrapped_text()
    text.set_y(0.9)  # another height: the same width to wrap in
    text._get_wrapped_text()
    assert len(calls) == count
    changes = [("x", 0.5), ("fontsize", 12), ("text", WRAPPING[1]), ("ha", "center")]
    for name, value in changes:
        text.set(**{name: value})
        text._get_wrapped_text()
    assert len(calls) == count + len(changes)
    fig.set_size_inches(6, 3)  # a wider figure: more room
    assert text._get_wrapped_text() == text_metrics._MATPLOTLIB_WRAP(text)
    assert len(calls) == count + len(changes) + 2
    text.set_wrap(False)
    assert text._get_wrapped_text() == WRAPPING[1]
    plt.close(fig)


def test_a_wrapping_text_with_mathtext_keeps_matplotlibs_own_line_breaks(wrap_calls):
    """Mathtext is measured by settings of its own (``mathtext.*``), which the cache's key
    does not hold: such a text is broken by matplotlib every time."""
    fig = plt.figure(figsize=(3, 3), dpi=150)
    words = "amounts in US$ 3 bn and US$ 5 bn over the years of the plan, as stated"
    text = fig.text(0.1, 0.5, words, wrap=True, fontsize=10)
    fig.draw_without_rendering()
    own = text_metrics._MATPLOTLIB_WRAP(text)
    assert "\n" in own  # it does wrap
    wrap_calls.clear()
    assert [text._get_wrapped_text() for _ in range(2)] == [own, own]
    assert wrap_calls == [words] * 2  # broken by matplotlib both times
    plt.close(fig)
