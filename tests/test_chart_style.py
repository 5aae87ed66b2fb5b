"""Charts that explain themselves: no line through a label, no rotated title beside
self-explaining categories, assumed values hatched, bars sorted, the caveat inside the image,
captions that name the colours drawn, and a remainder grey no sector has."""

from __future__ import annotations

import contextlib
import math
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_rgb, to_rgba
from matplotlib.text import Text

from analysis.briefing import chart_caveats, charts, national_comparison, phone, plan_facts
from analysis.briefing.chart_labels import LABEL_GID, LINE_GAP_PT, reference_lines
from analysis.briefing.chart_style import at_save_resolution

SECTORS = ["디지털뉴딜", "그린뉴딜", "문화뉴딜", "안심뉴딜"]
SOURCE = "자료: 의정부시 발표 (2020), 문단 3, 9, 15"


@pytest.fixture(autouse=True)
def style():
    charts.apply_style()
    yield
    plt.close("all")


def _own_share_chart(**extra):
    """Own-funds shares with the plan average drawn right where the 85.8% label would sit."""
    own = [0.816, 0.690, 0.814, 0.142]
    return charts.stacked_hbar(
        SECTORS,
        {"시비 비중": own, "시비 외 비중": [1 - v for v in own]},
        {"시비 비중": "#1f4e79", "시비 외 비중": "#9ecae1"},
        title="분야별 시비 비중",
        xlabel="총사업비 대비 비중 (%)",
        ylabel="분야",
        source=SOURCE,
        percent=True,
        marker=0.142 + 0.858 / 2 - 0.01,  # through the middle of the 85.8% segment
        marker_label="계획 평균",
        **extra,
    )


def _sector_budgets(values: list[float], xlabel: str, ylabel: str):
    """The four sectors' budgets as bars in the sectors' colours."""
    return charts.hbar(
        SECTORS,
        values,
        [charts.SECTOR_COLORS[s] for s in ("digital", "green", "culture", "safety")],
        title="분야별 총사업비",
        xlabel=xlabel,
        ylabel=ylabel,
        source=SOURCE,
    )


def _charts_with_labels():
    return {
        "stacked with marker": _own_share_chart(),
        "hbar": _sector_budgets([98.0, 840.0, 86.0, 451.0], "총사업비 (억원)", "분야"),
        "grouped, not stated": charts.grouped_hbar(
            SECTORS,
            {"이 계획": [0.066, 0.569, 0.058, 0.306], "국가": [0.364, 0.459, float("nan"), 0.178]},
            {"이 계획": "#1f4e79", "국가": charts.NATIONAL_BAR_COLOR},
            title="분야 구성",
            xlabel="비중 (%)",
            ylabel="분야",
            source=SOURCE,
            percent=True,
            missing_text="발표문에 없음",
        ),
    }


def _crossings(fig):
    """(label, line, is_reference) for every drawn line whose extent meets a value label's."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = []
    for ax in fig.axes:
        grid = [
            line
            for line in ax.xaxis.get_gridlines() + ax.yaxis.get_gridlines()
            if line.get_visible()
        ]
        labels = [t for t in ax.texts if t.get_gid() == LABEL_GID and t.get_visible()]
        assert labels, "the chart writes value labels"
        for label in labels:
            box = label.get_window_extent(renderer)
            for line, is_reference in [(g, False) for g in grid] + [
                (r, True) for r in reference_lines(ax)
            ]:
                if box.overlaps(line.get_window_extent(renderer)):
                    found.append((label, line, is_reference))
    return found


@pytest.mark.parametrize("layout", ["laptop", "phone"])
@pytest.mark.parametrize("kind", ["stacked with marker", "hbar", "grouped, not stated"])
def test_no_line_is_drawn_through_a_value_label(kind, layout):
    fig = _charts_with_labels()[kind]
    charts.tidy_labels(fig)
    if layout == "phone":
        phone.phone_layout(fig)
    renderer = fig.canvas.get_renderer()
    for label, line, is_reference in _crossings(fig):
        assert not is_reference, f"{kind}: the reference line crosses {label.get_text()!r}"
        # a gridline may pass a label's place only under an opaque box drawn above it
        patch = label.get_bbox_patch()
        assert patch is not None, f"{kind}: gridline through {label.get_text()!r}"
        assert to_rgba(patch.get_facecolor())[3] == 1.0
        assert label.get_zorder() > line.get_zorder()
        text_box, cover = label.get_window_extent(renderer), patch.get_window_extent(renderer)
        assert cover.x0 <= text_box.x0 + 0.5 and cover.x1 >= text_box.x1 - 0.5
    for ax in fig.axes:  # gridlines only along the value axis
        assert not any(g.get_visible() for g in ax.yaxis.get_gridlines())


def test_the_marker_would_cross_a_label_unless_moved():
    """The chart above is a real test: drawn at its natural place, the 85.8% label lies on
    the marker, so only the move keeps them apart."""
    fig = _own_share_chart()
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    (line,) = reference_lines(ax)
    x_line = line.get_window_extent(renderer).x0
    natural = [
        t
        for t in ax.texts
        if t.get_window_extent(renderer).x0 < x_line < t.get_window_extent(renderer).x1
    ]
    assert [t.get_text() for t in natural] == ["85.8%"]
    charts.tidy_labels(fig)
    assert not [c for c in _crossings(fig) if c[2]]


@pytest.mark.parametrize("where", ["screen, 100 dpi", "saved PNG, 150 dpi", "phone"])
def test_a_label_moved_off_the_marker_keeps_the_same_room_at_every_resolution(where):
    """The 85.8% label moves beside the marker and keeps LINE_GAP_PT points from it whatever
    the resolution it is tidied at (a room counted in pixels would shrink by a third in the
    saved PNG, which is tidied at 150 dpi, and on the phone)."""
    fig = _own_share_chart()
    with contextlib.ExitStack() as stack:
        if where == "phone":
            charts.tidy_labels(fig)
            phone.phone_layout(fig)
            stack.enter_context(at_save_resolution(fig))
        else:
            fig.dpi = 100.0 if where.startswith("screen") else 150.0
            charts.tidy_labels(fig)
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        (line,) = reference_lines(ax)
        box = line.get_window_extent(renderer)
        x_line = (box.x0 + box.x1) / 2
        [label] = [t for t in ax.texts if t.get_text() == "85.8%"]
        text = label.get_window_extent(renderer)
        room_pt = min(abs(text.x0 - x_line), abs(text.x1 - x_line)) * 72 / fig.dpi
    assert room_pt == pytest.approx(LINE_GAP_PT, abs=0.3), (where, room_pt)


def test_tidying_says_what_it_moved_and_a_tidied_chart_tidied_again_moves_nothing():
    """The 85.8% label on the marker moves (so the chart must be laid out again before it is
    measured); tidied once more, with the label beside the marker, nothing moves, and the
    chart may be measured as its last draw laid it out."""
    fig = _own_share_chart()
    assert charts.tidy_labels_moved_any(fig)
    assert not charts.tidy_labels_moved_any(fig)


@pytest.mark.parametrize("kind", ["stacked with marker", "hbar", "grouped, not stated"])
def test_a_tidied_chart_tidied_again_says_nothing_moved_and_draws_the_same(kind):
    """``False`` is true: a second tidying leaves every text where the first put it."""
    fig = _charts_with_labels()[kind]
    charts.tidy_labels(fig)
    before = _drawn_texts(fig)
    assert not charts.tidy_labels_moved_any(fig)
    assert _drawn_texts(fig) == before


def _drawn_texts(fig) -> list[tuple[str, bool, tuple[float, ...]]]:
    """Each text of ``fig`` drawn now (without pixels): its words, visibility and box."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    return [
        (t.get_text(), t.get_visible(), tuple(t.get_window_extent(renderer).bounds))
        for t in fig.findobj(Text)
    ]


def test_tidying_says_it_moved_the_ticks_it_thinned():
    """Amounts in won, far too many ticks for the width: the value axis is thinned, which
    moves its tick labels."""
    fig = _sector_budgets([9.8e9, 84.0e9, 8.6e9, 45.1e9], "총사업비 (원)", "")
    fig.set_size_inches(3.0, 3.0)
    ax = fig.axes[0]
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=20))
    before = list(ax.get_xticks())
    assert charts.tidy_labels_moved_any(fig)
    assert list(ax.get_xticks()) != before


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("city funds and the rest, by sector", "City funds and the rest, by sector"),
        ("시비와 그 외 재원", "시비와 그 외 재원"),
        ("Share of city funds", "Share of city funds"),
    ],
)
def test_a_chart_title_begins_with_a_capital(title, shown):
    """A title that begins with a term written lowercase mid-sentence ("city funds") still
    begins with a capital; Korean, and a title already capitalised, are drawn as given."""
    own = [0.816, 0.142]
    fig = charts.stacked_hbar(
        SECTORS[:2],
        {"city funds": own, "the rest": [1 - v for v in own]},
        {"city funds": "#1f4e79", "the rest": "#9ecae1"},
        title=title,
        xlabel="Share (%)",
        ylabel="",
        source=SOURCE,
        percent=True,
    )
    assert fig.axes[0].get_title(loc="left") == shown


def test_category_axis_has_no_rotated_title():
    fig = _charts_with_labels()["hbar"]
    ax = fig.axes[0]
    assert ax.get_ylabel() == ""
    assert ax.get_xlabel() == "총사업비 (억원)"
    rotated = [
        t.get_text()
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.get_rotation() not in (0.0, 360.0)
    ]
    assert rotated == []


def test_assumed_values_are_hatched_and_named_in_the_legend():
    assumed = [True, True, True, False]
    values = [52.0, 450.0, 46.0, 9348.0]
    fig = charts.hbar(
        [f"{s} (가정)" if a else s for s, a in zip(SECTORS, assumed, strict=True)],
        values,
        ["#0072B2", "#009E73", "#CC79A7", "#E69F00"],
        title="분야별 일자리",
        xlabel="일자리 (개)",
        ylabel="분야",
        source=SOURCE,
        assumed=assumed,
        assumed_label="가정",
        sort=True,
    )
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    for patch in ax.patches:
        label = ticks[round(patch.get_y() + patch.get_height() / 2)]
        if label.endswith("(가정)"):
            assert patch.get_hatch() == charts.ASSUMED_HATCH, label
        else:
            assert not patch.get_hatch(), label
    legend = ax.get_legend()
    entries = dict(
        zip([t.get_text() for t in legend.get_texts()], legend.legend_handles, strict=True)
    )
    assert entries["가정"].get_hatch() == charts.ASSUMED_HATCH


def _bars_top_down(ax):
    """(y tick label, width) of each bar, top of the chart first."""
    ticks = {round(t.get_position()[1]): t.get_text() for t in ax.get_yticklabels()}
    bars = sorted(ax.patches, key=lambda p: p.get_y())  # y axis inverted: small y on top
    return [(ticks[round(p.get_y() + p.get_height() / 2)], p.get_width()) for p in bars]


def test_sorted_bars_are_largest_on_top_within_their_groups():
    names = ["계획 전체", "안심", "나머지", "사업", "국가 전체", "국가 디지털", "국가 그린"]
    values = [6.71, 20.73, 0.54, 24.73, 1.19, 1.55, 0.90]
    groups = ["plan", "part", "part", "part", "national", "pillar", "pillar"]
    fig = charts.hbar(
        names,
        values,
        ["#555555"] * len(names),
        title="t",
        xlabel="x",
        ylabel="",
        source="s",
        sort=True,
        groups=groups,
    )
    drawn = _bars_top_down(fig.axes[0])
    expected = []
    for group in dict.fromkeys(groups):  # groups in their own order, each sorted
        members = [(n, v) for n, v, g in zip(names, values, groups, strict=True) if g == group]
        expected += sorted(members, key=lambda m: -m[1])
    assert [n for n, _ in drawn] == [n for n, _ in expected]
    assert [w for _, w in drawn] == pytest.approx([v for _, v in expected])


def test_stacked_bars_sort_by_total_or_share_and_keep_their_parts_in_order():
    amounts = charts.stacked_hbar(
        SECTORS,
        {"own": [80.0, 580.0, 70.0, 64.0], "other": [18.0, 260.0, 16.0, 387.0]},
        {"own": "#1f4e79", "other": "#9ecae1"},
        title="t",
        xlabel="x",
        ylabel="",
        source="s",
        sort=True,
    )
    totals = {
        s: o + n for s, o, n in zip(SECTORS, [80, 580, 70, 64], [18, 260, 16, 387], strict=True)
    }
    ticks = [t.get_text() for t in amounts.axes[0].get_yticklabels()]
    assert ticks == sorted(SECTORS, key=lambda s: -totals[s])
    shares = _own_share_chart(sort=True)
    own = dict(zip(SECTORS, [0.816, 0.690, 0.814, 0.142], strict=True))
    ticks = [t.get_text() for t in shares.axes[0].get_yticklabels()]
    assert ticks == sorted(SECTORS, key=lambda s: -own[s])
    # the first part is drawn first in every bar: the legend keeps the given part order
    legend = [t.get_text() for t in shares.axes[0].get_legend().get_texts()]
    assert legend[-2:] == ["시비 비중", "시비 외 비중"]


def test_grouped_bars_sort_by_the_first_series_missing_last():
    fig = charts.grouped_hbar(
        ["a", "b", "c"],
        {"plan": [float("nan"), 0.2, 0.5], "national": [0.1, 0.3, 0.2]},
        {"plan": "#1f4e79", "national": "#BBBBBB"},
        title="t",
        xlabel="x",
        ylabel="",
        source="s",
        percent=True,
        missing_text="n/a",
        sort=True,
    )
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["c", "b", "a"]


def _svg_words(path) -> str:
    """The texts of an SVG written with ``svg.fonttype = path`` (one comment per line)."""
    return " ".join(re.findall(r"<!-- (.*?) -->", path.read_text(encoding="utf-8"), re.S))


def test_caveat_is_drawn_inside_the_image_between_axis_and_source(tmp_path):
    caveat = (
        "주의: 안심뉴딜의 일자리 9,348개에 4개월짜리 공공일자리 사업 참여자 9,300여명이 "
        "들어 있다면 그 99%가 참여자다. 계획은 들어 있는지 밝히지 않는다."
    )
    fig = charts.hbar(
        SECTORS[:2],
        [6.71, 20.73],
        ["#555555", "#E69F00"],
        title="예산 대비 일자리",
        xlabel="1억원당 일자리",
        ylabel="",
        source=SOURCE,
        caveat=caveat,
    )
    charts.tidy_labels(fig)
    svg = charts.save_figure(fig, tmp_path, "caveat", ("svg",))["svg"]
    assert " ".join(caveat.split()) in " ".join(_svg_words(svg).split())
    renderer = fig.canvas.get_renderer()
    boxes = {t.get_gid(): t.get_window_extent(renderer) for t in fig.axes[0].texts if t.get_gid()}
    x_label = fig.axes[0].xaxis.label.get_window_extent(renderer)
    assert x_label.y0 >= boxes["caveat"].y1 > boxes["caveat"].y0 >= boxes["source"].y1
    assert boxes["caveat"].x1 <= fig.bbox.x1  # wrapped within the figure's width
    # a chart without a caveat draws none
    plain = charts.hbar(["a"], [1.0], ["#555555"], title="t", xlabel="x", ylabel="", source="s")
    assert "caveat" not in {t.get_gid() for t in plain.axes[0].texts}


def _distance(a: str, b: str) -> float:
    return math.dist(to_rgb(a), to_rgb(b))


def test_remainder_grey_is_far_from_every_sector_colour_and_used_everywhere():
    sector_like = (
        [c for k, c in charts.SECTOR_COLORS.items() if k != "other_sectors"]
        + list(plan_facts.PILLAR_COLORS.values())
        + [national_comparison.PROGRAMME_COLOR, charts.NATIONAL_BAR_COLOR]
        + list(charts.FUNDING_COLORS.values())
    )
    for colour in sector_like:
        assert _distance(charts.REMAINDER_COLOR, colour) > 0.2, colour
    r, g, b = to_rgb(charts.REMAINDER_COLOR)
    assert max(r, g, b) - min(r, g, b) < 0.02  # neutral: no hue to be read as a sector's
    assert plan_facts.SECTORS_TOGETHER_COLOR == charts.REMAINDER_COLOR
    assert national_comparison.ENTITY_COLORS["other_sectors"] == charts.REMAINDER_COLOR


def test_a_sector_keeps_its_colour_in_the_jobs_chart():
    """A sector without a national counterpart is the same colour in the jobs chart as in
    the sector charts (plan_facts), not a grey that could be read as a remainder."""
    jobs = pd.DataFrame(
        {"entity_id": ["plan", "bio", "other_sectors"], "group": ["plan", "plan", "plan"]}
    )
    sectors = pd.DataFrame({"sector_id": ["bio", "human"], "pillar_id": ["none", "safety_net"]})
    colours = national_comparison.entity_colors(jobs, sectors)
    assert colours[1] == plan_facts.sector_colors(["none"])[0]
    assert _distance(colours[1], colours[2]) > 0.2


def test_caption_names_the_colours_the_bars_have():
    jobs = pd.DataFrame(
        {
            "entity_id": ["plan", "safety", "other_sectors", "refresh", "national_plan"],
            "group": ["plan", "plan", "plan", "plan", "national"],
        }
    )
    sectors = pd.DataFrame({"sector_id": ["safety", "green"], "pillar_id": ["safety_net", "green"]})
    colours = national_comparison.entity_colors(jobs, sectors)
    for lang in ("ko", "en"):
        key = national_comparison.entity_color_key(jobs, sectors, lang)
        for colour in set(colours):
            assert charts.color_word(colour, lang).lower() in key.lower()
    # the words follow the colours' lightness: dark grey < grey < light grey; hues "coloured"
    lightness = {
        charts.color_word(c, "en"): sum(to_rgb(c)) / 3 for c in (colours[0], colours[2], colours[4])
    }
    assert lightness["dark grey"] < lightness["grey"] < lightness["light grey"]
    assert charts.color_word(colours[1], "en") == charts.color_word(colours[3], "en") == "coloured"
    key = national_comparison.entity_color_key(jobs.iloc[[0, 4]], sectors, "en")
    assert key.count("bars:") == 2 and "coloured" not in key  # only the kinds drawn


def test_short_programme_caveat_is_derived_from_the_data():
    sectors = pd.DataFrame(
        {"sector_id": ["care", "roads"], "sector_en": ["Care", "Roads"], "jobs": [1000, None]}
    )
    programme = pd.DataFrame(
        {
            "sector_id": ["care"],
            "name_en": ["Summer jobs"],
            "duration_months": [4],
            "workers_announced": [600],
            "workers_announced_approx": [True],
        }
    )
    caveat = chart_caveats.short_programme_caveat(sectors, programme, "en")
    assert "Care" in caveat and "some 600" in caveat and "1,000" in caveat
    assert f"{600 / 1000:.0%}" in caveat and "4-month" in caveat
    long_running = programme.assign(duration_months=[chart_caveats.SHORT_MONTHS + 1])
    assert chart_caveats.short_programme_caveat(sectors, long_running, "en") == ""
    few = programme.assign(workers_announced=[int(1000 * chart_caveats.MIN_SHARE_OF_JOBS) - 1])
    assert chart_caveats.short_programme_caveat(sectors, few, "en") == ""
    elsewhere = programme.assign(sector_id=["roads"])  # a sector with no stated jobs
    assert chart_caveats.short_programme_caveat(sectors, elsewhere, "en") == ""
    assert chart_caveats.short_programme_caveat(sectors, programme.iloc[0:0], "en") == ""
