"""The image files of a chart, as a briefing shows it: one function, :func:`save_chart_files`,
that :meth:`analysis.briefing.session.Briefing.figure` and the tests call alike.

A chart is tidied (:func:`~analysis.briefing.chart_labels.tidy_labels`) and saved wide, as
PNG and SVG, then re-laid for a phone (:func:`~analysis.briefing.phone.phone_layout`) and
saved again as PNG. Everything is judged and measured at the PNGs' resolution
(:func:`~analysis.briefing.chart_style.at_save_resolution`): the labels are tidied as they
are saved, and each text is measured once for the tidying and the saving.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure

from analysis.briefing.chart_labels import tidy_labels
from analysis.briefing.chart_style import (
    at_save_resolution,
    no_minor_tick_search,
    save_figure,
    wrapping_where_needed,
)
from analysis.briefing.phone import phone_layout, smallest_text_px

__all__ = ["ChartFiles", "save_chart_files"]


@dataclass(frozen=True)
class ChartFiles:
    """Where a chart's images were saved, and the smallest text of each in its own pixels."""

    png: Path
    svg: Path
    phone_png: Path
    png_text_px: float
    phone_text_px: float


def save_chart_files(fig: Figure, folder: str | Path, stem: str) -> ChartFiles:
    """Tidy ``fig``'s labels, save it as ``<stem>.png`` and ``<stem>.svg`` in ``folder``,
    re-lay it for a phone and save that as ``<stem>-phone.png``. ``fig`` is left laid out
    for the phone (close it afterwards).

    Examples
    --------
    >>> import shutil, tempfile
    >>> from analysis.briefing.charts import apply_style, hbar
    >>> apply_style()
    >>> fig = hbar(["a", "b"], [1.0, 2.0], ["#333333"] * 2, title="t", xlabel="x",
    ...            ylabel="", source="s")
    >>> folder = tempfile.mkdtemp()
    >>> files = save_chart_files(fig, folder, "01-t")
    >>> files.png.name, files.svg.name, files.phone_png.name
    ('01-t.png', '01-t.svg', '01-t-phone.png')
    >>> files.phone_text_px >= files.png_text_px
    True
    >>> shutil.rmtree(folder)
    """
    with no_minor_tick_search(fig), at_save_resolution(fig):
        tidy_labels(fig)
        with wrapping_where_needed(fig):
            wide = save_figure(fig, folder, stem)
        png_text_px = smallest_text_px(fig)
        phone_text_px = phone_layout(fig)
        with wrapping_where_needed(fig):
            phone = save_figure(fig, folder, f"{stem}-phone", ("png",), laid_out=True)
    return ChartFiles(wide["png"], wide["svg"], phone["png"], png_text_px, phone_text_px)
