"""PNG files written as RGB, not RGBA, where the image is opaque, and without PNG's row
filters: the same pixels, encoded in about half the time, in a file a little smaller.

matplotlib's Agg canvas draws RGBA and hands it to Pillow as it is. A chart on an opaque
background has an alpha of 255 in every pixel, and it is mostly flat colour: PNG's row
filters (which Pillow always tries, five per row, and cannot be told to skip) cost more than
the whole compression and make such a file no smaller. This module is a matplotlib backend
(its canvas is :class:`FigureCanvas`) that ``savefig`` uses when given ``backend=``
:data:`BACKEND`: it draws as Agg does and writes the pixels with :func:`encode_png`, an
opaque image as RGB and any other as RGBA, every row unfiltered, with zlib at
:data:`COMPRESS_LEVEL`. Everything else ``savefig`` does (resolution, ``bbox_inches``,
metadata) is unchanged.

Examples
--------
>>> import io
>>> import matplotlib as mpl
>>> from matplotlib.figure import Figure
>>> from PIL import Image
>>> fig = Figure(figsize=(2, 1)); _ = fig.subplots().plot([1, 2])
>>> png = io.BytesIO()
>>> with mpl.rc_context({"savefig.bbox": "standard"}):  # the whole figure, 2 x 1 in
...     fig.savefig(png, format="png", backend=BACKEND, dpi=50)
>>> image = Image.open(png); image.mode, image.size
('RGB', (100, 50))
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping
from typing import IO, Any

import numpy as np
from matplotlib import cbook
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

__all__ = ["BACKEND", "COMPRESS_LEVEL", "FigureCanvas", "encode_png"]

#: What ``savefig(backend=...)`` is given to write PNGs with this module.
BACKEND = f"module://{__name__}"
#: zlib's level for the PNG data. Measured on 80 PNGs of the briefings (RGB, CPU per file
#: including the alpha check and conversion, mean size): unfiltered rows at level 3 8.4 ms
#: and 76 KiB, at level 1 7.9 ms and 81 KiB, at level 4 12.6 ms and 70 KiB; Pillow (five
#: filters tried per row) at level 3 13.8 ms and 77 KiB.
COMPRESS_LEVEL = 3

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: PNG's colour type for 3 channels (truecolour) and 4 (truecolour with alpha).
_COLOR_TYPE = {3: 2, 4: 6}
_METRES_PER_INCH = 0.0254


def _chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data and the CRC of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _text_chunk(key: str, value: str) -> bytes:
    """A ``tEXt`` chunk (Latin-1 text) or, for other text, an uncompressed ``iTXt`` (UTF-8),
    as Pillow writes them. Raises ``ValueError`` for a key PNG does not allow (1-79 Latin-1
    characters)."""
    try:
        keyword = key.encode("latin-1")
    except UnicodeEncodeError:
        keyword = b""
    if not 1 <= len(keyword) <= 79 or b"\0" in keyword:
        raise ValueError(f"PNG metadata key {key!r}: must be 1-79 Latin-1 characters, no NUL")
    try:
        return _chunk(b"tEXt", keyword + b"\0" + value.encode("latin-1"))
    except UnicodeEncodeError:
        return _chunk(b"iTXt", keyword + b"\0\0\0\0\0" + value.encode("utf-8"))


def encode_png(
    rgba: np.ndarray, dpi: float, text: Mapping[str, str] | None = None, *, opaque: bool
) -> bytes:
    """The PNG file of ``rgba`` (height x width x 4, ``uint8``): RGB when ``opaque`` (every
    alpha 255, which the caller knows), RGBA otherwise; rows unfiltered, zlib at
    :data:`COMPRESS_LEVEL`; ``dpi`` in a ``pHYs`` chunk and ``text`` as text chunks
    (:func:`_text_chunk`).

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> pixels = np.zeros((2, 3, 4), np.uint8); pixels[..., 0] = 200; pixels[..., 3] = 255
    >>> image = Image.open(io.BytesIO(encode_png(pixels, 150, {"Title": "t"}, opaque=True)))
    >>> image.mode, image.size, image.getpixel((2, 1)), image.text
    ('RGB', (3, 2), (200, 0, 0), {'Title': 't'})
    """
    height, width, _ = rgba.shape
    if opaque:  # Pillow's conversion is C; numpy's copy of three planes of four is slower
        raw = Image.fromarray(rgba, "RGBA").convert("RGB").tobytes()
        channels = 3
    else:
        raw = np.ascontiguousarray(rgba).tobytes()
        channels = 4
    rows = np.zeros((height, width * channels + 1), np.uint8)  # column 0: filter 0, none
    rows[:, 1:] = np.frombuffer(raw, np.uint8).reshape(height, -1)
    per_metre = int(dpi / _METRES_PER_INCH + 0.5)
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOR_TYPE[channels], 0, 0, 0)
    return b"".join(
        [
            _SIGNATURE,
            _chunk(b"IHDR", header),
            *(_text_chunk(key, value) for key, value in (text or {}).items()),
            _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            _chunk(b"IDAT", zlib.compress(rows.data, COMPRESS_LEVEL)),
            _chunk(b"IEND", b""),
        ]
    )


class FigureCanvas(FigureCanvasAgg):
    """An Agg canvas whose PNGs drop the alpha channel when every pixel is opaque."""

    def print_png(
        self,
        filename_or_obj: str | IO[bytes] | Any,
        *,
        metadata: dict[str, str | None] | None = None,
        **_applied: object,
    ) -> None:
        """Draw the figure and write it as PNG (:func:`encode_png`): RGB if it is opaque,
        RGBA otherwise.

        ``metadata``: text chunks (a key given ``None`` is left out, as ``savefig`` does).
        ``savefig`` passes a backend of its own its colours, orientation and area too, all
        applied to the figure before it calls this (``_applied``), as Agg's own PNG writer
        ignores them. Pillow's options (``pil_kwargs``) have no meaning here: a
        ``TypeError`` names them.
        """
        if "pil_kwargs" in _applied:
            raise TypeError(f"{BACKEND} writes PNGs without Pillow: pil_kwargs is not taken")
        FigureCanvasAgg.draw(self)
        rgba = np.asarray(self.buffer_rgba())  # the canvas' own pixels
        text = {key: value for key, value in (metadata or {}).items() if value is not None}
        data = encode_png(
            rgba, float(self.figure.dpi), text, opaque=bool(rgba[..., 3].min() == 255)
        )
        with cbook.open_file_cm(filename_or_obj, "wb") as file:
            file.write(data)
