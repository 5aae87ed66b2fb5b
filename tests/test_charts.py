"""Chart style: Hangul and the minus sign render (no missing-glyph warning), numbers get
thousands separators, sectors keep their colours, files repeat byte for byte."""

from __future__ import annotations

import base64
import html
import re
import warnings
from contextlib import nullcontext

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import AutoMinorLocator, MaxNLocator
from PIL import Image

from analysis.briefing import charts, numbers, phone
from analysis.briefing.chart_labels import LABEL_GID
from analysis.briefing.chart_style import (
    SAVE_METADATA,
    at_save_resolution,
    laid_out_for_saving,
    lay_out,
)
from analysis.briefing.html_tables import table_html


@pytest.fixture(autouse=True)
def style():
    charts.apply_style()
    yield
    plt.close("all")


def test_hangul_and_minus_sign_render_without_missing_glyphs(tmp_path):
    fig = charts.hbar(
        ["디지털뉴딜", "그린뉴딜", "안심뉴딜"],
        [-1234.5, 840.0, 451.0],
        [charts.SECTOR_COLORS[s] for s in ("digital", "green", "safety")],
        title="분야별 총사업비 (억원)",
        xlabel="총사업비 (억원, 2020년 명목)",
        ylabel="분야",
        source="자료: 의정부시 발표 (2020), 문단 3, 9, 15",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts.tidy_labels(fig)
        charts.save_figure(fig, tmp_path, "hangul")
    glyphs = [
        str(w.message)
        for w in caught
        if "Glyph" in str(w.message) or "missing from" in str(w.message)
    ]
    assert glyphs == []
    texts = [t.get_text() for t in fig.axes[0].get_xticklabels() + fig.axes[0].texts]
    assert any("\u2212" in t for t in texts), texts  # a real minus sign, not a hyphen
    assert any("1,234" in t for t in texts), texts
    assert "NanumGothic" in matplotlib.rcParams["font.family"]


def test_the_hangul_font_is_registered_once_without_importing_distutils():
    """``apply_style`` registers koreanize-matplotlib's NanumGothic files without importing
    that package, whose import needs ``distutils`` (gone from Python 3.12); twice in one
    process, it adds no font twice; NanumGothic is then found. In a fresh interpreter: this
    one has imported more."""
    import json
    import subprocess
    import sys

    probe = """
import json, sys
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from analysis.briefing.chart_style import apply_style, hangul_font_files
apply_style()
listed = [font.fname for font in font_manager.fontManager.ttflist]
apply_style()
found = font_manager.findfont(
    font_manager.FontProperties(family="NanumGothic"), fallback_to_default=False
)
print(json.dumps({
    "files": [str(path) for path in hangul_font_files()],
    "listed": listed,
    "again": [font.fname for font in font_manager.fontManager.ttflist],
    "found_family": FT2Font(found).family_name,
    "imported": sorted({"distutils", "setuptools", "koreanize_matplotlib"} & set(sys.modules)),
}))
"""
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert any(f.endswith("/koreanize_matplotlib/fonts/NanumGothic.ttf") for f in seen["files"])
    assert set(seen["files"]) <= set(seen["listed"])
    assert seen["again"] == seen["listed"]  # the second call added nothing
    assert seen["found_family"] == "NanumGothic"
    assert seen["imported"] == []


def test_missing_hangul_font_files_are_an_error_naming_the_folder(tmp_path, monkeypatch):
    """No package, or a package without ``fonts/*.ttf``: an error, never charts quietly
    drawn without Hangul."""
    import importlib.machinery
    import importlib.util

    from analysis.briefing import chart_style

    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "readme.txt").write_text("no fonts here")
    spec = importlib.machinery.ModuleSpec("koreanize_matplotlib", None, is_package=True)
    spec.submodule_search_locations = [str(tmp_path)]
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    with pytest.raises(FileNotFoundError, match=str(tmp_path / "fonts")):
        chart_style.hangul_font_files()
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match="koreanize-matplotlib"):
        chart_style.hangul_font_files()


def test_format_number_uses_separators_and_minus():
    assert charts.format_number(1234567) == "1,234,567"
    assert charts.format_number(-0.5, 1) == "\u22120.5"


def test_saved_files_repeat_byte_for_byte(tmp_path):
    def draw(folder):
        fig = charts.hbar(
            ["가", "나"],
            [1.0, 2.0],
            ["#000000", "#888888"],
            title="t",
            xlabel="x",
            ylabel="y",
            source="s",
        )
        return charts.save_figure(fig, folder, "same")

    first, second = draw(tmp_path / "a"), draw(tmp_path / "b")
    for kind in ("png", "svg"):
        assert first[kind].read_bytes() == second[kind].read_bytes()


CAVEAT = "주의: 공공일자리 사업의 참여자 수는 계획이 밝힌 일자리 수와 같지 않다. " * 2


def _chart_with_notes():
    """A chart whose source line fits on one line and whose caveat needs several."""
    return charts.hbar(
        ["디지털뉴딜", "그린뉴딜", "안심뉴딜"],
        [98.0, 840.0, 451.0],
        [charts.SECTOR_COLORS[s] for s in ("digital", "green", "safety")],
        title="분야별 총사업비",
        xlabel="총사업비 (억원)",
        ylabel="분야",
        source="자료: 의정부시 발표 (2020), 문단 3",
        caveat=CAVEAT,
    )


def _notes(fig):
    return {t.get_gid(): t for t in fig.findobj() if t.get_gid() in ("source", "caveat")}


def test_charts_saved_without_needless_wrapping_are_the_same_files(tmp_path):
    plain, quick = _chart_with_notes(), _chart_with_notes()
    charts.tidy_labels(plain)
    charts.tidy_labels(quick)
    expected = charts.save_figure(plain, tmp_path / "wrapping", "chart")
    with charts.wrapping_where_needed(quick) as unwrapped:
        notes = _notes(quick)
        assert unwrapped == [notes["source"]]  # one line: nothing to wrap
        assert notes["caveat"].get_wrap()  # wider than the figure: still wraps
        saved = charts.save_figure(quick, tmp_path / "unwrapped", "chart")
    assert all(note.get_wrap() for note in _notes(quick).values())  # wrapping again
    for kind in ("png", "svg"):
        assert saved[kind].read_bytes() == expected[kind].read_bytes(), kind


@pytest.mark.parametrize("layout", ["wide", "phone"])
def test_save_figure_writes_the_files_savefig_writes(tmp_path, layout):
    """Measured (and a phone chart laid out) once, not once per file as ``savefig`` does,
    the files still hold what ``savefig``'s own tight save writes: the same SVG bytes, and a
    PNG of the same pixels, written as RGB (the chart is opaque)."""
    ours, plain = _chart_with_notes(), _chart_with_notes()
    for fig in (ours, plain):
        charts.tidy_labels(fig)
        if layout == "phone":
            phone.phone_layout(fig)
    engine = ours.get_layout_engine()
    saved = charts.save_figure(ours, tmp_path, "ours")
    assert ours.get_layout_engine() is engine  # the phone's constrained layout is back
    for kind in ("png", "svg"):
        plain.savefig(tmp_path / f"plain.{kind}", metadata=SAVE_METADATA[kind])
    assert saved["svg"].read_bytes() == (tmp_path / "plain.svg").read_bytes()
    with Image.open(saved["png"]) as mine, Image.open(tmp_path / "plain.png") as theirs:
        assert (mine.mode, theirs.mode) == ("RGB", "RGBA")
        assert mine.size == theirs.size and mine.info.get("dpi") == theirs.info.get("dpi")
        assert np.array_equal(np.asarray(mine.convert("RGBA")), np.asarray(theirs))


class _CountingLocator(MaxNLocator):
    """A value axis' locator that counts the times it is asked for ticks."""

    calls = 0

    def __call__(self):
        type(self).calls += 1
        return super().__call__()


def test_without_the_minor_tick_search_a_tick_update_asks_the_locator_once():
    """matplotlib's search for minor ticks on major ones asks the major locator once more at
    every tick update; on an axis without minor ticks the block skips it, and only there."""
    fig = _chart_with_notes()
    ax = fig.axes[0]
    ax.xaxis.set_major_locator(_CountingLocator())
    ax.get_xticklabels()  # a tick update
    searched = _CountingLocator.calls
    with charts.no_minor_tick_search(fig):
        ax.get_xticklabels()
        unsearched = _CountingLocator.calls - searched
    assert unsearched == searched - 1 >= 1  # the search's own call is gone
    assert ax.xaxis.remove_overlapping_locs  # searching again after the block
    ax.xaxis.set_minor_locator(AutoMinorLocator())
    with charts.no_minor_tick_search(fig):
        assert ax.xaxis.remove_overlapping_locs  # has minor ticks: still searched


@pytest.mark.parametrize("kind", ["sector mix", "notes"])
def test_charts_saved_without_the_minor_tick_search_are_the_same_files(kind, tmp_path):
    """Wide (PNG, SVG) and phone (PNG), saved in the steps of ``save_chart_files`` (the
    briefings' way), with and without the search."""
    files = {}
    for way in ("searched", "unsearched"):
        fig = {**_long_label_charts(), "notes": _chart_with_notes()}[kind]
        block = charts.no_minor_tick_search(fig) if way == "unsearched" else nullcontext()
        with block, at_save_resolution(fig):
            charts.tidy_labels(fig)
            saved = charts.save_figure(fig, tmp_path / way, "wide")
            phone.phone_layout(fig)
            saved |= {
                "phone": charts.save_figure(fig, tmp_path / way, "phone", ("png",), laid_out=True)[
                    "png"
                ]
            }
        files[way] = {name: path.read_bytes() for name, path in saved.items()}
    assert files["unsearched"] == files["searched"]


def test_phone_charts_saved_without_needless_wrapping_are_the_same_files(tmp_path):
    plain, quick = _chart_with_notes(), _chart_with_notes()
    for fig in (plain, quick):
        charts.tidy_labels(fig)
        phone.phone_layout(fig)
    expected = charts.save_figure(plain, tmp_path / "wrapping", "chart", ("png",))
    with charts.wrapping_where_needed(quick) as unwrapped:
        assert unwrapped  # the short texts the phone layout set to wrap
        saved = charts.save_figure(quick, tmp_path / "unwrapped", "chart", ("png",))
    assert saved["png"].read_bytes() == expected["png"].read_bytes()


def test_a_sector_without_a_national_pillar_is_no_counterpart_not_unstated():
    # Uijeongbu: 문화뉴딜 86억 of 1,475억 maps to no national pillar (sector_pillars.csv
    # "none"); its national side has nothing to compare, which is not a figure left unstated
    from analysis.briefing.labels import text

    plan, national = "This plan", "Korean New Deal"
    fig = charts.grouped_hbar(
        ["Green ↔ Green New Deal", "Culture ↔ none"],
        {plan: [840 / 1475, 86 / 1475], national: [73.4 / 160, float("nan")]},
        {plan: "#0072B2", national: "#BBBBBB"},
        title="Sector mix",
        xlabel="Share (%)",
        ylabel="",
        source="Source",
        percent=True,
        missing_text={
            plan: [text("not_stated", "en")] * 2,
            national: [text("not_stated", "en"), text("no_counterpart", "en")],
        },
        sort=True,
    )
    drawn = [t.get_text() for t in fig.axes[0].texts]
    assert "no national counterpart" in drawn and "not stated" not in drawn
    plt.close(fig)


def _tick_label_collisions(fig) -> list[tuple[str, str]]:
    """Pairs of texts of ``fig`` whose drawn boxes meet, where one is a y tick label."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    shown = [(t, t.get_window_extent(renderer)) for t in phone._shown_texts(fig)]
    ticks = {id(t) for ax in fig.axes for t in ax.get_yticklabels()}
    return [
        (a.get_text(), b.get_text())
        for i, (a, box_a) in enumerate(shown)
        for b, box_b in shown[i + 1 :]
        if (id(a) in ticks or id(b) in ticks) and box_a.overlaps(box_b)
    ]


def _long_label_charts():
    """Bars whose categories wrap over several lines on a phone (Chungnam's sector mix and
    scale charts, Uijeongbu's jobs per budget), in English and Korean."""
    sectors = [
        "Green New Deal ↔ Green New Deal",
        "Stronger safety net ↔ Stronger employment and social safety net",
        "Digital New Deal ↔ Digital New Deal",
    ]
    source = "Sources: 디트뉴스24 (2020-08-19) paragraph 1, 2; 서울경제 (2020-08-19) paragraph 1, 2"
    national = "Korean New Deal (July 2020, to 2025)"
    mix = charts.grouped_hbar(
        sectors,
        {"This plan": [0.621, 0.202, 0.177], national: [0.459, 0.178, 0.364]},
        {"This plan": "#1f4e79", national: "#BBBBBB"},
        title="Sector mix: this plan and the Korean New Deal",
        xlabel="Share of each plan's total cost (%, any unit or price basis)",
        ylabel="",
        source=source,
        percent=True,
    )
    scale = charts.hbar(
        [*sectors, "Whole plan ↔ Korean New Deal (July 2020, to 2025)"],
        [24.7, 29.4, 68.8, 33.5],
        ["#BBBBBB"] * 4,
        title="How many times larger the national plan is",
        xlabel="National total cost ÷ plan budget (times; a ratio, any unit or price basis)",
        ylabel="",
        source=source,
    )
    jobs = charts.hbar(
        [
            "의정부시: 계획 전체",
            "의정부시: 디지털뉴딜 + 그린뉴딜 + 문화뉴딜",
            "의정부시: 안심뉴딜",
            "의정부시: Refresh 의정부 뉴딜사업 (참여자, 국비 기준)",
            "한국판 뉴딜 (2020년 7월, 2025년까지)",
            "국가: 그린 뉴딜",
        ],
        [0.149, 1.865, 0.048, 0.040, 0.842, 1.114],
        ["#555555"] * 6,
        title="일자리 1개(참여자 1인)당 예산",
        xlabel="일자리 1개(1인)당 예산 (억원, 2020년 명목)",
        ylabel="",
        source="자료: 의정부시 (2020) 문단 2, 3, 9, 12, 15, 16",
    )
    return {"sector mix": mix, "scale": scale, "budget per job": jobs}


@pytest.mark.parametrize("kind", ["sector mix", "scale", "budget per job"])
def test_phone_category_labels_meet_nothing(kind, tmp_path):
    """On a phone, labels wrapped over four or five lines each get their category's height:
    no label meets another text, none reaches past its plot, text stays large enough."""
    fig = _long_label_charts()[kind]
    charts.tidy_labels(fig)
    height = fig.get_size_inches()[1]
    assert phone.phone_layout(fig) >= phone.MIN_TEXT_PX
    assert fig.get_size_inches()[0] == phone.PHONE_WIDTH_IN
    assert fig.get_size_inches()[1] >= 1.2 * height  # only ever taller
    # the layout as the briefings save it: phone_layout's own, at the PNG's resolution
    # (the layout engine off: a draw here would lay the figure out anew)
    charts.save_figure(fig, tmp_path, "phone", ("png",), laid_out=True)
    with laid_out_for_saving(fig, laid_out=True), at_save_resolution(fig):
        assert _tick_label_collisions(fig) == []
        ax = fig.axes[0]
        renderer = fig.canvas.get_renderer()
        plot = ax.get_window_extent(renderer)
        for label in ax.get_yticklabels():
            assert not label.get_wrap()  # wrapped once, by phone.py, not again by matplotlib
            box = label.get_window_extent(renderer)
            assert plot.y0 <= box.y0 and box.y1 <= plot.y1, label.get_text()


def _layout_events(fig, monkeypatch) -> list[tuple[str, float, tuple[float, float]]]:
    """Record each lay-out of ``fig`` by its constrained layout engine (run by a draw or
    alone, :func:`analysis.briefing.chart_style.lay_out`) and each change of its size:
    ``(what, fig.dpi, size in inches after it)``, in order."""
    events = []
    execute, resize = ConstrainedLayoutEngine.execute, fig.set_size_inches

    def laid_out(engine, figure):
        result = execute(engine, figure)
        if figure is fig:
            events.append(("lay out", fig.dpi, tuple(fig.get_size_inches())))
        return result

    def resized(*args, **kwargs):  # also called, with the same size, by the dpi setter
        before = tuple(fig.get_size_inches())
        resize(*args, **kwargs)
        if tuple(fig.get_size_inches()) != before:
            events.append(("size", fig.dpi, tuple(fig.get_size_inches())))

    monkeypatch.setattr(ConstrainedLayoutEngine, "execute", laid_out)
    fig.set_size_inches = resized
    return events


@pytest.mark.parametrize("kind", ["sector mix", "scale", "budget per job", "notes"])
def test_a_phone_chart_is_left_laid_out_at_its_size_and_the_saved_resolution(
    kind, tmp_path, monkeypatch
):
    """``phone_layout`` measures at the saved image's resolution, and its last act is a draw
    (the layout engine run) at the figure's final size: the layout whose labels it checked is
    the one saved with ``laid_out=True``, as the briefings save it, which lays it out no more
    (constrained layout moves the plot a little every time it runs)."""
    fig = {**_long_label_charts(), "notes": _chart_with_notes()}[kind]
    charts.tidy_labels(fig)
    events = _layout_events(fig, monkeypatch)
    phone.phone_layout(fig)
    saved_dpi = float(plt.rcParams["savefig.dpi"])
    assert fig.dpi != saved_dpi  # the screen's: the test tells them apart
    assert {dpi for _, dpi, _ in events} == {saved_dpi}, events
    assert events[-1] == ("lay out", saved_dpi, tuple(fig.get_size_inches())), events
    laid_out = [ax.get_position().bounds for ax in fig.axes]
    charts.save_figure(fig, tmp_path, "phone", ("png",), laid_out=True)
    assert [ax.get_position().bounds for ax in fig.axes] == laid_out


@pytest.mark.parametrize("kind", ["sector mix", "scale", "budget per job", "notes"])
def test_a_phone_chart_is_laid_out_again_exactly_when_its_labels_moved(kind, monkeypatch):
    """Each draw lays the figure out anew (and moves its plot a little: constrained layout
    is not idempotent), so ``phone_layout`` draws after every change of size and every
    tidying that moved a label or a tick, and never twice with nothing changed between.
    The sector mix chart's ticks thin out at phone size (a move); the others move nothing
    then, and their label fit measures the layout that the tidying's draw made."""
    fig = {**_long_label_charts(), "notes": _chart_with_notes()}[kind]
    charts.tidy_labels(fig)
    events = _layout_events(fig, monkeypatch)
    tidy = phone.tidy_labels_moved_any

    def tidied(figure, *args):
        moved = tidy(figure, *args)
        events.append(("moved" if moved else "unmoved", figure.dpi, ()))
        return moved

    monkeypatch.setattr(phone, "tidy_labels_moved_any", tidied)
    phone.phone_layout(fig)
    laid_out, redundant = False, []
    for index, (what, _, _) in enumerate(events):
        if what == "lay out":
            if laid_out:
                redundant.append(index)
            laid_out = True
        elif what in ("size", "moved"):
            laid_out = False
    assert laid_out, events
    assert redundant == [], events
    assert ("moved" in [what for what, _, _ in events]) == (kind == "sector mix"), events


def test_the_label_fit_lays_the_figure_out_again_when_its_last_try_grew_it(monkeypatch):
    """Where its last try still had to grow the figure, the label fit draws it once more at
    its final size (else the layout saved would be the shorter figure's)."""
    fig = _long_label_charts()["budget per job"]
    charts.tidy_labels(fig)
    phone.phone_layout(fig)
    fig.set_size_inches(phone.PHONE_WIDTH_IN, 3.0)  # far too short for its labels
    events = _layout_events(fig, monkeypatch)
    with at_save_resolution(fig):
        phone._fit_category_labels(fig, tries=1)
    assert [what for what, _, _ in events] == ["lay out", "size", "lay out"], events
    assert events[-1][2] == tuple(fig.get_size_inches()) and fig.get_size_inches()[1] > 3.0


@pytest.mark.parametrize("kind", ["hbar", "stacked", "grouped", "sector mix", "scale", "notes"])
def test_laying_out_by_the_engine_alone_saves_the_files_a_draw_would(kind, tmp_path, monkeypatch):
    """``lay_out`` (used by the label tidying and the phone's label fit) runs a figure's
    layout engine without drawing it; the same chart laid out by draws without pixels
    instead is saved as the same files, wide (PNG, SVG) and phone (PNG)."""
    from analysis.briefing import chart_files, chart_labels

    def figure():
        return {**_charts_of_every_kind(), "notes": _chart_with_notes()}[kind]

    def saved(folder):
        files = chart_files.save_chart_files(figure(), tmp_path / folder, "chart")
        return [path.read_bytes() for path in (files.png, files.svg, files.phone_png)]

    engine_alone = saved("engine")
    engine_runs = []
    execute = ConstrainedLayoutEngine.execute

    def counted(engine, fig):
        engine_runs.append(fig)
        return execute(engine, fig)

    monkeypatch.setattr(ConstrainedLayoutEngine, "execute", counted)
    for module in (chart_labels, phone):
        monkeypatch.setattr(module, "lay_out", lambda fig: fig.draw_without_rendering())
    assert saved("drawn") == engine_alone
    assert engine_runs  # the phone chart has its engine: the draws ran it


def test_laying_out_a_figure_without_axes_is_as_quiet_as_drawing_it():
    """As ``Figure.draw`` does, ``lay_out`` runs no layout engine for a figure without
    axes (constrained layout would warn that it has nothing to lay out)."""
    fig = plt.figure(layout="constrained")
    fig.suptitle("제목만 있는 그림")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.draw_without_rendering()
        lay_out(fig)
    plt.close(fig)


# --- value labels read as the figure's table --------------------------------------------


def _value_labels(fig) -> list[str]:
    """The value labels a chart writes at its bars, in drawing order."""
    return [t.get_text() for ax in fig.axes for t in ax.texts if t.get_gid() == LABEL_GID]


def _table_columns(frame: pd.DataFrame, **options) -> dict[str, list[str]]:
    """The cells of each column of ``frame`` as the figure's table writes them on the page."""
    out = re.sub(r'</?span( lang="ko")?>', "", table_html(frame, **options))
    cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>([^<]*)</td>", out)]
    width = len(frame.columns)
    return {str(c): cells[i::width] for i, c in enumerate(frame.columns)}


_CHART = {"title": "t", "xlabel": "x", "ylabel": "", "source": "s"}


def test_hbar_labels_read_as_the_table_cells_of_a_derived_column():
    """Jobs per 100 million KRW, a derived figure: the table writes it at 3 significant
    digits (``formats=``), and the chart given the same rule labels its bars alike: the
    national Green New Deal's 659,000 jobs ÷ 734,000억원 is 0.898 in both, not 0.90."""
    column = "Jobs per 100 million KRW"
    rates = [659_000 / 734_000, 903_000 / 582_000, 9_348 / 451, 549 / 1_024, 9_897 / 1_475]
    written = ["0.898", "1.55", "20.7", "0.536", "6.71"]  # 3 significant digits, by hand
    fig = charts.hbar(
        ["Green", "Digital", "Safety", "the rest", "whole plan"],
        rates,
        ["#555555"] * 5,
        value_format=numbers.format_derived,
        **_CHART,
    )
    table = _table_columns(pd.DataFrame({column: rates}), formats={column: numbers.format_derived})
    assert table[column] == written
    assert _value_labels(fig) == written


def test_hbar_labels_default_to_the_tables_default_rule():
    """Without a rule of its own, a float column is written by the table's default (one
    number of decimals per column, never more than 3 significant digits per value), and the
    chart's labels by the same: 1,024.9 reads 1,025 in both, not 1,024.90."""
    column = "Budget (100 million KRW)"
    amounts = [1_024.9, 8.35]
    written = ["1,025", "8.35"]
    fig = charts.hbar(["the rest", "Digital"], amounts, ["#555555"] * 2, **_CHART)
    assert _table_columns(pd.DataFrame({column: amounts}))[column] == written
    assert _value_labels(fig) == written


#: Charts of several series (each a column of the figure's table) drawn without a rule of
#: their own: the values, and the cells the table writes for them, worked out by hand.
SERIES_CASES = {
    # Uijeongbu's own-funds shares by sector (city funds 80억 of 98억, 580 of 840, 64 of
    # 451): shares to one decimal, so the stacked bars say 81.6%, not 82%
    "stacked shares": (
        charts.stacked_hbar,
        {
            "own_share": [80 / 98, 580 / 840, 64 / 451],
            "not_own_share": [18 / 98, 260 / 840, 387 / 451],
        },
        {"own_share": ["81.6%", "69.0%", "14.2%"], "not_own_share": ["18.4%", "31.0%", "85.8%"]},
    ),
    # amounts: one decimal for the column (1,024.9 needs it), no value past 3 significant
    # digits (1,025, not 1,024.9)
    "stacked amounts": (
        charts.stacked_hbar,
        {"own": [1_024.9, 80.0], "rest": [8.35, 18.0]},
        {"own": ["1,025", "80.0"], "rest": ["8.35", "18.0"]},
    ),
    # shares of one decimal, one significant digit where that would read 0.0% (98억 of
    # 582,000억 is 0.02%, not 0.0%)
    "grouped shares": (
        charts.grouped_hbar,
        {"plan_share": [98 / 582_000, 840 / 734_000], "national_share": [0.36375, 0.45875]},
        {"plan_share": ["0.02%", "0.1%"], "national_share": ["36.4%", "45.9%"]},
    ),
}


@pytest.mark.parametrize("kind", list(SERIES_CASES))
def test_series_labels_read_as_the_table_cells(kind):
    """Each series' labels are written as the figure's table writes that column by default
    (shares as percentages: ``percent=True`` where the columns hold shares)."""
    draw, columns, written = SERIES_CASES[kind]
    fig = draw(
        [f"bar {i}" for i in range(len(next(iter(columns.values()))))],
        columns,
        dict.fromkeys(columns, "#1f4e79"),
        percent="share" in kind,
        **_CHART,
    )
    assert _table_columns(pd.DataFrame(columns)) == written
    assert _value_labels(fig) == [text for texts in written.values() for text in texts]


def test_grouped_labels_read_as_the_table_cells_of_a_derived_column():
    """How many times the national plan is Uijeongbu's (the scale chart): the table writes
    the multiple at 3 significant digits, and so do the bars given the same rule (582,000 ÷
    98 is 5,940, not 5,939; 1,600,000 ÷ 1,475 is 1,080, not 1,085)."""
    column = "National ÷ plan (times)"
    multiples = [582_000 / 98, 734_000 / 840, float("nan"), 1_600_000 / 1_475]
    written = ["5,940", "874", "–", "1,080"]
    fig = charts.grouped_hbar(
        ["Digital", "Green", "Culture", "Whole plan"],
        {column: multiples},
        {column: "#BBBBBB"},
        value_format=numbers.format_derived,
        missing_text="no counterpart",
        **_CHART,
    )
    table = _table_columns(
        pd.DataFrame({column: multiples}), formats={column: numbers.format_derived}
    )
    assert table[column] == written
    assert _value_labels(fig) == ["5,940", "874", "no counterpart", "1,080"]


def _charts_of_every_kind():
    """One chart of each kind, with amounts the size of a plan in won (where matplotlib's
    plain number format would put an offset such as ``1e11`` above the value axis)."""
    won = [98e8, 840e8, 451e8]
    labels = ["디지털뉴딜", "그린뉴딜", "안심뉴딜"]
    common = {"title": "분야별 총사업비", "xlabel": "총사업비 (원)", "ylabel": "", "source": "자료"}
    colors = {"a": "#0072B2", "b": "#BBBBBB"}
    return {
        "hbar": charts.hbar(labels, won, ["#0072B2"] * 3, **common),
        "stacked": charts.stacked_hbar(
            labels, {"a": won, "b": won}, colors, marker=5e10, marker_label="평균", **common
        ),
        "grouped": charts.grouped_hbar(
            labels, {"a": won, "b": [1e12, 2e12, 3e12]}, colors, **common
        ),
        **_long_label_charts(),
    }


@pytest.mark.parametrize("layout", ["wide", "phone"])
def test_titles_sit_where_matplotlib_would_place_them(layout):
    """The style fixes each axes' title at the top of its plot (``axes.titley``), which
    spares matplotlib's search for a clear place at every draw; that search, run on the
    same charts, leaves every title where the style puts it (no chart has an x axis or an
    offset text above its plot)."""

    def titles(auto: bool) -> dict[str, list[tuple[float, ...]]]:
        placed = {}
        with matplotlib.rc_context({"axes.titley": None} if auto else {}):
            for kind, fig in _charts_of_every_kind().items():
                charts.tidy_labels(fig)
                if layout == "phone":
                    phone.phone_layout(fig)
                fig.draw_without_rendering()
                renderer = fig.canvas.get_renderer()
                shown = [t for ax in fig.axes for t in (ax.title, ax._left_title) if t.get_text()]
                placed[kind] = [tuple(t.get_window_extent(renderer).bounds) for t in shown]
                for ax in fig.axes:  # what the search would move a title for
                    assert ax._autotitlepos is auto, kind
                    assert ax.xaxis.get_label_position() == "bottom", kind
                    assert not any(t.label2.get_visible() for t in ax.xaxis.get_major_ticks())
                    assert not ax.yaxis.offsetText.get_text(), kind
        return placed

    fixed, searched = titles(auto=False), titles(auto=True)
    assert any(fixed.values()) and fixed == searched


def test_a_briefing_chart_is_tidied_at_the_resolution_its_png_is_saved_at(tmp_path, monkeypatch):
    """``save_chart_files`` (what ``Briefing.figure`` saves with) tidies the labels as they
    are saved: at :rc:`savefig.dpi`, not at the screen's figure dpi, and the figure is back
    at the screen's afterwards."""
    from analysis.briefing import chart_files

    seen = []
    tidy = chart_files.tidy_labels

    def recorded(fig, *args):
        seen.append(fig.dpi)
        return tidy(fig, *args)

    monkeypatch.setattr(chart_files, "tidy_labels", recorded)
    fig = _chart_with_notes()
    screen = fig.dpi
    assert screen != float(plt.rcParams["savefig.dpi"])  # the test tells them apart
    files = chart_files.save_chart_files(fig, tmp_path, "01-notes")
    assert seen == [float(plt.rcParams["savefig.dpi"])]
    assert fig.dpi == screen
    assert all(p.is_file() for p in (files.png, files.svg, files.phone_png))


def test_briefing_figure_shows_both_images_and_a_capitalised_caption(tmp_path, monkeypatch):
    """``Briefing.figure`` embeds the wide and the phone PNG saved by ``save_chart_files``,
    each with its smallest text, and an English caption that begins with a plan's term
    begins with a capital."""
    from analysis.briefing import session

    shown = []
    monkeypatch.setattr(session, "display", lambda obj: shown.append(obj.data))
    brief = session.start_briefing("t", output_dir=str(tmp_path), lang="en")
    brief.figure(
        _chart_with_notes(),
        "notes",
        caption_ko="시비와 그 외 재원",
        caption_en="city funds and the rest, by sector",
    )
    [page] = shown
    figures = tmp_path / "figures"
    assert {p.name for p in figures.iterdir()} == {
        "01-notes.png",
        "01-notes.svg",
        "01-notes-phone.png",
    }
    for name in ("01-notes.png", "01-notes-phone.png"):
        data = base64.b64encode((figures / name).read_bytes()).decode()
        assert f"data:image/png;base64,{data}" in page, name
    assert "<strong>Figure 1.</strong> City funds and the rest, by sector" in page
    assert 'alt="City funds and the rest, by sector"' in page
    assert page.count("data-text-px=") == 2
