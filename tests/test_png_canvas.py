"""The PNG canvas (analysis.briefing.png_canvas): the pixels Agg draws, RGB only where the
image is opaque, and savefig's resolution, metadata and saved area."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

from analysis.briefing.png_canvas import BACKEND, COMPRESS_LEVEL


def _figure(facecolor: str = "white") -> Figure:
    fig = Figure(figsize=(3, 2), facecolor=facecolor)
    ax = fig.subplots()
    ax.bar(["a", "b"], [3, -1], color=["#0072B2", "#D55E00"])
    ax.set_title("title \u2212 1")
    return fig


def _png(fig: Figure, **kwargs: object) -> Image.Image:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=80, **kwargs)
    out.seek(0)
    image = Image.open(out)
    image.load()
    return image


@pytest.mark.parametrize("bbox", [None, "tight"])
def test_an_opaque_chart_is_written_as_rgb_with_agg_s_pixels(bbox):
    ours, agg = (
        _png(_figure(), backend=BACKEND, bbox_inches=bbox),
        _png(_figure(), bbox_inches=bbox),
    )
    assert (ours.mode, agg.mode) == ("RGB", "RGBA")
    assert ours.size == agg.size and ours.info["dpi"] == pytest.approx(agg.info["dpi"])
    assert np.array_equal(np.asarray(ours.convert("RGBA")), np.asarray(agg))


def test_a_chart_with_see_through_pixels_keeps_its_alpha():
    ours = _png(_figure(), backend=BACKEND, transparent=True)
    agg = _png(_figure(), transparent=True)
    assert ours.mode == "RGBA"
    assert np.asarray(ours)[..., 3].min() < 255
    assert np.array_equal(np.asarray(ours), np.asarray(agg))


def test_metadata_is_written_but_a_key_given_none_is_left_out():
    image = _png(_figure(), backend=BACKEND, metadata={"Title": "제목", "Software": None})
    assert image.text == {"Title": "제목"}


def test_the_data_is_compressed_at_the_declared_level():
    fig = _figure()
    ours = io.BytesIO()
    fig.savefig(ours, format="png", dpi=80, backend=BACKEND)
    # the same image, written by Pillow at the declared level and at its default
    pixels = _png(_figure(), backend=BACKEND)
    at_level, default = io.BytesIO(), io.BytesIO()
    pixels.save(at_level, format="png", compress_level=COMPRESS_LEVEL, dpi=pixels.info["dpi"])
    pixels.save(default, format="png", dpi=pixels.info["dpi"])
    assert ours.getvalue() == at_level.getvalue()
    assert COMPRESS_LEVEL == 6 or ours.getvalue() != default.getvalue()
