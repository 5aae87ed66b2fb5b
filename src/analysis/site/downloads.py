"""Files a reader can take away: a workbook per briefing and the data package of the index.

* Under each chart the briefing links its numbers (CSV, UTF-8 with a byte-order mark so
  Korean Excel reads Hangul), and the chart as SVG and PNG, all in the briefing's assets
  folder. The kernel does not know where that folder is published, so it marks those links
  ``data-asset`` and :func:`link_assets` points them at ``assets/<name>/``.
* :func:`write_workbook`: ``assets/<name>/<name>.xlsx``, a sheet per table the page shows
  plus a README sheet (sources, definitions, data version).
* :func:`write_data_package`: ``reports/data-package.zip`` with the processed tables, the
  data dictionary, the audit, a licence note and a README.
* Both zip files (a workbook is one) are written by :class:`DatedZip`: entries carry a fixed
  date, so the same contents give the same bytes.
"""

from __future__ import annotations

import html
import io
import os
import re
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from analysis.files import atomic_write
from analysis.spreadsheet_cells import csv_bytes, reader_csv, sheet_rows

__all__ = ["DATA_PACKAGE", "DatedZip", "link_assets", "write_data_package", "write_workbook"]

DATA_PACKAGE = "data-package.zip"
_LINK_TAG = re.compile(r"<a\s[^>]*>")
_ASSET_HREF = re.compile(r'\shref="([A-Za-z0-9_./-]+)"')
_ASSET_MARK = re.compile(r'\sdata-asset(="")?(?=[\s>])')
#: Excel forbids these in sheet names; 31 characters at most.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: The date of every entry of a zip file the build writes (the earliest a zip can hold).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class DatedZip(zipfile.ZipFile):
    """A zip archive of files (no folder entries) that are the same bytes on every system
    and at every time, when written by :meth:`writestr` or :meth:`write`: each dated
    :data:`ZIP_DATE` (``ZipFile`` dates an entry with the time of writing, or the file's
    time), made by a Unix system (``ZipFile`` says Windows on Windows) and readable by all
    (``rw-r--r--``). The compressed bytes are those of the zlib Python uses.

    Examples
    --------
    >>> buffer = io.BytesIO()
    >>> with DatedZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
    ...     archive.writestr("a.txt", "a")
    >>> with zipfile.ZipFile(buffer) as archive:
    ...     [entry] = archive.infolist()
    >>> entry.filename, entry.date_time, entry.compress_type, entry.create_system
    ('a.txt', (1980, 1, 1, 0, 0, 0), 8, 3)
    """

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        """``ZipFile.writestr``; an entry given by name is made as the class says,
        compressed as the archive is unless told otherwise. Raises ``ValueError`` for a
        folder's name (ending in ``/``)."""
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._file_entry(zipfile.ZipInfo(zinfo_or_arcname))
            if compresslevel is None:
                compresslevel = self.compresslevel
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: str | os.PathLike[str],
        arcname: str | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        """``ZipFile.write`` of a file: named as ``ZipFile`` names it (``arcname`` or the
        file's path, made relative), its entry made as the class says. Raises
        ``ValueError`` for a folder."""
        entry = self._file_entry(zipfile.ZipInfo.from_file(filename, arcname))
        if compresslevel is None:
            compresslevel = self.compresslevel
        super().writestr(entry, Path(filename).read_bytes(), compress_type, compresslevel)

    def _file_entry(self, entry: zipfile.ZipInfo) -> zipfile.ZipInfo:
        """``entry`` dated, attributed and compressed as the class says."""
        if entry.is_dir():
            raise ValueError(f"{entry.filename}: a folder; DatedZip holds files only")
        entry.date_time = ZIP_DATE
        entry.create_system = 3  # Unix
        entry.external_attr = 0o644 << 16
        entry.compress_type = self.compression
        return entry


def link_assets(body: str, name: str) -> str:
    """Point the briefing's ``data-asset`` links at its published assets folder.

    The page name is percent-encoded as one path segment and escaped for the attribute
    (whatever it holds, it neither leaves the attribute nor the assets folder); the kernel's
    relative path is taken only where it is made of ``[A-Za-z0-9_./-]``.

    Examples
    --------
    >>> link_assets('<a data-asset href="figures/01-x.csv" download>', "overview-ko")
    '<a href="assets/overview-ko/figures/01-x.csv" download>'
    >>> link_assets('<a data-asset="" download="" href="figures/a.png">', "o")
    '<a download="" href="assets/o/figures/a.png">'
    >>> link_assets('<a data-asset href="a.csv">', 'x" onclick="y')
    '<a href="assets/x%22%20onclick%3D%22y/a.csv">'
    """
    folder = html.escape(quote(name, safe=""), quote=True)

    def relink(tag: re.Match[str]) -> str:
        text = tag.group(0)
        if not _ASSET_MARK.search(text):
            return text
        text = _ASSET_MARK.sub("", text, count=1)
        return _ASSET_HREF.sub(lambda m: f' href="assets/{folder}/{m.group(1)}"', text, count=1)

    return _LINK_TAG.sub(relink, body)


def _sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name for ``title``."""
    base = _SHEET_FORBIDDEN.sub(" ", title).strip("' ")[:28] or "table"
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base[:25]} ({n})", n + 1
    taken.add(name.lower())
    return name


def write_workbook(
    target: Path, tables: Iterable[tuple[str, Path]], readme: list[tuple[str, str]], built: str
) -> Path:
    """Write an .xlsx: a README sheet (``readme`` rows of label and text), then one sheet
    per ``(title, csv)``, the title in its first row and the table below it, its cells typed
    by :func:`analysis.spreadsheet_cells.sheet_rows` (a column of numbers holds numbers).
    Every text cell is typed as text, so none is ever a formula, whatever it begins with; a
    CSV cell's text mark (:func:`analysis.spreadsheet_cells.csv_text`) is taken off.

    The document is dated ``built`` (the build date, ``YYYY-MM-DD``, as the page says it),
    created and modified at midnight UTC, and its zip entries as :class:`DatedZip` dates
    them: the same tables of one build date give the same bytes, whenever they are written.

    Returns
    -------
    Path
        ``target``, written atomically.

    Raises
    ------
    ValueError
        If a CSV file has a row longer or shorter than its header (file and line named).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    sheet = book.active
    sheet.title = "README"
    for label, value in readme:
        _append_row(sheet, [label, value])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
    taken = {"readme"}
    for title, csv in tables:
        try:
            rows = sheet_rows(csv.read_bytes().decode("utf-8-sig"))  # a CR in a cell kept
        except ValueError as exc:
            raise ValueError(f"{csv}: {exc}") from None
        page = book.create_sheet(_sheet_name(title, taken))
        _append_row(page, [title])
        page.cell(1, 1).font = Font(bold=True)
        for row in rows:
            _append_row(page, row)
    # the build date, not the time of writing (Workbook() stamps "created" now and
    # Workbook.save "modified"), in the document and no time in its zip entries
    day = datetime.strptime(built, "%Y-%m-%d")
    book.properties.created = book.properties.modified = day
    buffer = io.BytesIO()
    with DatedZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).write_data()  # Workbook.save, but for the dates
    atomic_write(target, buffer.getvalue())
    return target


def _append_row(sheet: Any, values: list[object]) -> None:
    """Append a row to ``sheet``, every text cell typed as text (openpyxl would make one that
    begins with ``=`` a formula)."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


LICENCE_NOTE = """Licence and terms

The code of this project is released under the MIT licence (see pyproject.toml).
The tables transcribe figures published by the plans' authors (plans.csv names each plan
and its announcement) and, for reference figures, by the publishers named in
reference_figures.csv, exchange_rates.csv and cpi.csv; those figures remain subject to
their publishers' terms. No other licence is claimed for them.
"""


def _audits_in_words(processed: Path) -> dict[str, bytes]:
    """``audit_ko.csv`` and ``audit_en.csv`` (UTF-8 with BOM): the audit in readers' words."""
    from analysis.briefing.audit_view import audit_in_words
    from analysis.data.load import load_processed

    names = ("audit", "plans", "sectors", "projects", "refresh_programme")
    tables = {name: load_processed(name, processed) for name in names}
    return {f"audit_{lang}.csv": reader_csv(audit_in_words(tables, lang)) for lang in ("ko", "en")}


def _packaged(path: Path, data: bytes) -> bytes:
    """A processed file's bytes as the data package holds them: a CSV file with no text
    cell a formula (:func:`analysis.spreadsheet_cells.csv_bytes`), other files as they are."""
    return csv_bytes(data) if path.suffix == ".csv" else data


def write_data_package(reports: Path, processed: Path, data_version: str, build_date: str) -> Path:
    """Write ``reports/data-package.zip``: every processed table (``*.csv``), ``metadata.json``,
    a licence note and a README listing the files with the data version and build date."""
    files = sorted(p for p in processed.iterdir() if p.suffix in (".csv", ".json"))
    audits = _audits_in_words(processed)
    readme = [
        "Data package of the briefings",
        "",
        f"data version: {data_version}",
        f"built: {build_date}",
        "",
        "Files:",
        *(f"- {p.name}" for p in files),
        *(f"- {name}" for name in audits),
        "- LICENCE.txt",
        "",
        "data_dictionary.csv describes every column of every table (unit, meaning, how it",
        "was derived); audit.csv holds one row per check of the announcement's arithmetic;",
        "audit_ko.csv and audit_en.csv are the same checks in Korean and in English words",
        "(UTF-8 with a byte-order mark, so Excel reads Hangul).",
        "Money is in exact KRW (integers). Other CSV files are UTF-8.",
        "A text cell that begins with = + - @, a tab or a carriage return has an apostrophe",
        "put before it, so that no spreadsheet reads it as a formula; numbers are as they are.",
    ]
    read = {p: p.read_bytes() for p in files}
    packaged = {p.name: _packaged(p, data) for p, data in read.items()}
    marked = [p.name for p, data in read.items() if packaged[p.name] != data]
    if marked:
        readme += [
            "Marked so in this package (their SHA-256 in metadata.json is of the file in",
            "data/processed, without the apostrophes): " + ", ".join(marked) + ".",
        ]
    buffer = io.BytesIO()
    with DatedZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = list(packaged.items()) + list(audits.items())
        entries += [
            ("LICENCE.txt", LICENCE_NOTE.encode()),
            ("README.txt", "\n".join(readme).encode()),
        ]
        for name, data in entries:
            archive.writestr(name, data)
    target = reports / DATA_PACKAGE
    atomic_write(target, buffer.getvalue())
    return target
