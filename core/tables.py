"""Tables in files: reading an uploaded .csv or .xlsx into rows, and writing rows back as .csv or .xlsx.

Every import (figures, registers) reads through `read_table`, and every export writes through `write_table`,
so that the limits and the safety rules hold on every path:

- reading is bounded before and while it reads: the file's size (settings.UPLOAD_MAX_MB), the row count
  (`max_rows`; every row counts, blank ones and a gap in the numbering too), the columns (TABLE_MAX_COLUMNS),
  each cell's length (TABLE_MAX_CELL); for an .xlsx, before openpyxl sees it (`_check_xlsx`), the zip's
  members (how many, each one's and all their unpacked size, how far each is compressed), the dimension the
  sheet declares, and its rows as a streaming parser reads them (their numbers, their cells). A file over a
  limit is refused at once with the limit in the message, and memory stays flat: rows are read one at a time;
- writing neutralises every text cell that a spreadsheet would run as a formula (OWASP's rule: a cell
  beginning with =, +, -, @, a tab or a carriage return gets a leading '), while numbers and dates stay
  numbers and dates; reading takes that ' off again (`safe_cell` and `plain_cell`, one rule both ways), so
  an export imports back as the text that was typed.
"""

import csv
import datetime
import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# The largest table anyone at the bureau keeps is a few thousand rows; these bound what a file may make the
# server do, whatever its size on disk.
TABLE_MAX_COLUMNS = 50
TABLE_MAX_CELL = 5000
# An .xlsx is a zip: its sheet may unpack to far more than the upload. 50 MB of XML holds ~100,000 rows.
XLSX_MAX_UNPACKED = 50 * 1024 * 1024
# What openpyxl reads whole (not row by row): the shared strings (every text of the sheet, once) and the
# other parts (styles, the workbook, its relations), a few kilobytes in a real workbook.
XLSX_MAX_STRINGS = 10 * 1024 * 1024
XLSX_MAX_PART = 2 * 1024 * 1024
XLSX_MAX_MEMBERS = 500
# Deflate packs real sheets 5-20 times; a bomb of one repeated byte, a thousand times. Parts over 1 MB only.
XLSX_MAX_RATIO = 200
# Cells a sheet's row may hold (empty formatted cells too), and a sheet in all: far above a real table's.
XLSX_MAX_ROW_CELLS = 1000
XLSX_CELLS_PER_ROW = TABLE_MAX_COLUMNS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Text an export neutralises: a formula start, after any apostrophes already there ("'=x" is written "''=x",
# so that reading it back gives "'=x", not "=x"). Reading takes one apostrophe off what matches ''*[=+-@...].
_NEUTRALISE = re.compile("'*[" + re.escape("".join(FORMULA_STARTS)) + "]")
_NEUTRALISED = re.compile("'+[" + re.escape("".join(FORMULA_STARTS)) + "]")


class TableError(ValueError):
    """The file cannot be read as a table at all (not one row's problem): the message says why."""


@dataclass
class Table:
    header: list[str]
    # (the row's number in the file, counting the header as row 1; its cells), blank rows left out.
    rows: list[tuple[int, list]] = field(default_factory=list)


def max_upload_bytes() -> int:
    return settings.UPLOAD_MAX_MB * 1024 * 1024


def _check_size(size: int) -> None:
    if size > max_upload_bytes():
        raise TableError(
            _("The file is too large (%(size)s); at most %(max)s is accepted.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_upload_bytes())}
        )
    if size == 0:
        raise TableError(_("The file is empty."))


def _too_many_rows(max_rows: int) -> TableError:
    return TableError(
        _("The file has more than %(max)s rows; split it into files of at most %(max)s rows.")
        % {"max": f"{max_rows:,}"}
    )


def _blank(cells) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def _bounded(rows: Iterator[Sequence], max_rows: int) -> Table:
    try:
        header = next(rows)
    except StopIteration:
        raise TableError(_("The file is empty.")) from None
    if len(header) > TABLE_MAX_COLUMNS:
        header = list(header)
        # An .xlsx often carries empty trailing cells; only named columns count.
        while header and (header[-1] is None or str(header[-1]).strip() == ""):
            header.pop()
        if len(header) > TABLE_MAX_COLUMNS:
            raise TableError(_("The file has more than %(max)s columns.") % {"max": TABLE_MAX_COLUMNS})
    table = Table(header=[str(cell if cell is not None else "").strip().lstrip("\ufeff") for cell in header])
    width = len(table.header)
    for number, cells in enumerate(rows, start=2):
        # Every row counts, blank or not: openpyxl fills a gap in the numbering (a lone row 2,000,000,000)
        # with blank rows, one at a time.
        if number > max_rows + 1:
            raise _too_many_rows(max_rows)
        if _blank(cells):
            continue
        cells = [plain_cell(cell) for cell in (cells[:width] if len(cells) > width else cells)]
        for cell in cells:
            if isinstance(cell, str) and len(cell) > TABLE_MAX_CELL:
                raise TableError(
                    _("Row %(row)s has a cell longer than %(max)s characters.")
                    % {"row": number, "max": f"{TABLE_MAX_CELL:,}"}
                )
        table.rows.append((number, cells))
    return table


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def _unreadable() -> TableError:
    return TableError(_("The file is not a readable .xlsx workbook."))


def _part_limit(name: str) -> int:
    # Pictures (a logo, a photo) are never read: only the total bounds them.
    if name.startswith(("xl/worksheets/", "xl/media/", "docProps/thumbnail")):
        return XLSX_MAX_UNPACKED
    if name == "xl/sharedStrings.xml":
        return XLSX_MAX_STRINGS
    return XLSX_MAX_PART


def _check_members(archive: zipfile.ZipFile) -> None:
    """The zip's members, by what its directory says (zipfile never unpacks a member past its stated size):
    how many, each one's unpacked size, their total, and how far each is compressed."""
    members = archive.infolist()
    if len(members) > XLSX_MAX_MEMBERS:
        raise TableError(
            _("The workbook holds more than %(max)s parts; it is not a spreadsheet the bureau keeps.")
            % {"max": XLSX_MAX_MEMBERS}
        )
    for info in members:
        limit = _part_limit(info.filename)
        if info.file_size > limit:
            raise TableError(
                _("A part of the workbook (%(part)s) unpacks to %(size)s, more than the %(max)s accepted.")
                % {
                    "part": info.filename[:80],
                    "size": filesizeformat(info.file_size),
                    "max": filesizeformat(limit),
                }
            )
        if info.file_size > 1024 * 1024 and info.file_size > XLSX_MAX_RATIO * max(info.compress_size, 1):
            raise TableError(
                _(
                    "A part of the workbook (%(part)s) is packed %(ratio)s times, as no spreadsheet is: "
                    "it would unpack to %(size)s."
                )
                % {
                    "part": info.filename[:80],
                    "ratio": f"{info.file_size // max(info.compress_size, 1):,}",
                    "size": filesizeformat(info.file_size),
                }
            )
    if sum(info.file_size for info in members) > XLSX_MAX_UNPACKED:
        raise TableError(
            _("The workbook unpacks to more than %(max)s; split it into smaller files.")
            % {"max": filesizeformat(XLSX_MAX_UNPACKED)}
        )


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _check_sheet(stream, max_rows: int) -> None:
    """A sheet's rows as a streaming XML parser reads them, before openpyxl does: no row numbered past
    `max_rows` (the header is row 1), no row of more than XLSX_MAX_ROW_CELLS cells nor more cells in all
    than `max_rows` rows of TABLE_MAX_COLUMNS, no DTD (entities)."""
    import pyexpat

    state = {"row": 0, "cells": 0, "all": 0}
    most = (max_rows + 1) * XLSX_CELLS_PER_ROW

    def start(name, attributes):
        tag = _local(name)
        if tag == "row":
            number = attributes.get("r", "")
            state["row"] = int(number) if number.isdigit() else state["row"] + 1
            state["cells"] = 0
            if state["row"] > max_rows + 1:
                raise _too_many_rows(max_rows)
        elif tag == "c":
            state["cells"] += 1
            state["all"] += 1
            if state["all"] > most:
                raise TableError(
                    _("The workbook's sheet has more than %(max)s cells; split it into smaller files.")
                    % {"max": f"{most:,}"}
                )
            if state["cells"] > XLSX_MAX_ROW_CELLS:
                raise TableError(
                    _("Row %(row)s of the workbook has more than %(max)s cells.")
                    % {"row": f"{state['row']:,}", "max": f"{XLSX_MAX_ROW_CELLS:,}"}
                )

    def doctype(*args):
        raise _unreadable()

    parser = pyexpat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        while chunk := stream.read(64 * 1024):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except pyexpat.ExpatError:
        raise _unreadable() from None


def _check_xlsx(archive: zipfile.ZipFile, max_rows: int) -> None:
    """Everything that bounds what openpyxl will do with the workbook, checked before it opens it."""
    _check_members(archive)
    sheets = [info for info in archive.infolist() if info.filename.startswith("xl/worksheets/sheet")]
    if not sheets:
        raise _unreadable()
    try:
        # The first sheet's declared dimension (<dimension ref="A1:H3000000"/>), read from its first bytes.
        with archive.open(min(sheets, key=lambda info: info.filename)) as sheet:
            found = _DIMENSION.search(sheet.read(4096))
        if found and found.group(1) and int(found.group(1)) > max_rows + 1:
            raise _too_many_rows(max_rows)
        for info in sheets:
            with archive.open(info) as sheet:
                _check_sheet(sheet, max_rows)
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error, NotImplementedError):  # a damaged archive
        raise _unreadable() from None


def _xlsx_rows(data: bytes, max_rows: int) -> Iterator[Sequence]:
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise _unreadable() from None
    _check_xlsx(archive, max_rows)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        yield from book.worksheets[0].iter_rows(values_only=True)
    except TableError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged or disguised file
        raise TableError(_("The file is not a readable .xlsx workbook.")) from error


def _csv_rows(data: bytes) -> Iterator[Sequence]:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GB18030
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError(_("The CSV file is neither UTF-8 nor GB18030 text."))
    if "\x00" in text:
        raise TableError(_("The CSV file contains binary data."))
    csv.field_size_limit(TABLE_MAX_CELL + 1)
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error:
        raise TableError(
            _(
                "The CSV file is not a well-formed table (a cell longer than %(max)s characters, or a broken quote)."
            )
            % {"max": f"{TABLE_MAX_CELL:,}"}
        ) from None


def read_table(data: bytes, filename: str, *, max_rows: int) -> Table:
    """The header and rows of a .csv (UTF-8, with or without BOM, or GB18030) or .xlsx file, within limits."""
    _check_size(len(data))
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return _bounded(_xlsx_rows(data, max_rows), max_rows)
    if name.endswith(".csv"):
        return _bounded(_csv_rows(data), max_rows)
    raise TableError(_("Only .csv and .xlsx files can be imported."))


def read_upload(upload, *, max_rows: int) -> Table:
    """`read_table` for an uploaded file, its size checked before a byte of it is read."""
    _check_size(upload.size or 0)
    return read_table(upload.read(), upload.name, max_rows=max_rows)


def safe_cell(value):
    """A value as a spreadsheet should get it: text that would start a formula is kept as text (a leading ')."""
    if isinstance(value, str) and _NEUTRALISE.match(value):
        return "'" + value
    return value


def plain_cell(value):
    """A cell read from a file as it was typed: the ' that `safe_cell` put before a formula start taken off."""
    if isinstance(value, str) and _NEUTRALISED.match(value):
        return value[1:]
    return value


@dataclass
class Sheet:
    """What `write_table` writes: rows (the header first), and for an .xlsx the sheet's name and widths."""

    rows: list[list]
    title: str = "Sheet1"
    widths: list[int] = field(default_factory=list)


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(safe_cell(value))


def write_table(sheet: Sheet, fmt: str) -> bytes:
    """The sheet as .csv (UTF-8 with a BOM, so that Excel reads the Chinese) or .xlsx, formulas neutralised."""
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook(write_only=False)
        out_sheet = book.active
        out_sheet.title = sheet.title[:31]
        for number, row in enumerate(sheet.rows):
            out_sheet.append([safe_cell(value) for value in row])
            for cell in out_sheet[number + 1]:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
                if number == 0:
                    cell.font = Font(bold=True)
        for index, width in enumerate(sheet.widths, start=1):
            from openpyxl.utils import get_column_letter

            out_sheet.column_dimensions[get_column_letter(index)].width = width
        if sheet.rows:
            out_sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(
            [[_csv_text(value) for value in row] for row in sheet.rows]
        )
        return buffer.getvalue().encode("utf-8-sig")
    raise TableError(_("Only .csv and .xlsx files can be written."))


def file_format(filename: str) -> str:
    """'csv' or 'xlsx' from a file name; TableError otherwise."""
    suffix = (filename or "").rsplit(".", 1)[-1].lower()
    if suffix not in ("csv", "xlsx"):
        raise TableError(_("Only .csv and .xlsx files can be imported."))
    return suffix


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
