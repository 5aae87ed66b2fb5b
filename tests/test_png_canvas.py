"""The PNG canvas (analysis.briefing.png_canvas): the pixels Agg draws, RGB only where the
image is opaque, and savefig's resolution, metadata and saved area."""

from __future__ import annotations

import io
import struct
import zlib

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


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """The chunks of a PNG file, each CRC checked (read here, not by the module under test)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + data), kind
        chunks.append((kind, data))
        at += 12 + length
    return chunks


def test_rows_are_unfiltered_and_compressed_at_the_declared_level():
    fig = _figure()
    ours = io.BytesIO()
    fig.savefig(ours, format="png", dpi=80, backend=BACKEND)
    agg = np.asarray(_png(_figure()))  # Agg's own file, read by Pillow
    chunks = _chunks(ours.getvalue())
    assert [kind for kind, _ in chunks] == [b"IHDR", b"pHYs", b"IDAT", b"IEND"]
    width, height, depth, color_type = struct.unpack(">IIBB", chunks[0][1][:10])
    assert (height, width, depth, color_type) == (*agg.shape[:2], 8, 2)  # 8-bit RGB
    rows = np.frombuffer(zlib.decompress(chunks[2][1]), np.uint8).reshape(height, -1)
    assert (rows[:, 0] == 0).all()  # filter type 0 (none) on every row
    assert np.array_equal(rows[:, 1:].reshape(height, width, 3), agg[..., :3])
    assert chunks[2][1] == zlib.compress(rows.tobytes(), COMPRESS_LEVEL)
    per_metre = round(80 / 0.0254)
    assert chunks[1][1] == struct.pack(">IIB", per_metre, per_metre, 1)


@pytest.mark.parametrize("key", ["", "k" * 80, "키", "a\0b"])
def test_a_metadata_key_png_cannot_hold_is_refused(key):
    with pytest.raises(ValueError, match="PNG metadata key"):
        _png(_figure(), backend=BACKEND, metadata={key: "x"})


def test_pillow_options_are_refused_not_ignored():
    with pytest.raises(TypeError, match="pil_kwargs"):
        _png(_figure(), backend=BACKEND, pil_kwargs={"optimize": True})
