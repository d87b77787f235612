"""The figures file (interface.md): CSV or XLSX, one row per figure, English or Chinese headers."""

import csv
import io
from decimal import Decimal

import openpyxl
from django.utils.translation import gettext as _

from . import figures
from .figure_services import ImportRow

# (English header, Chinese header), in the order files are written.
COLUMNS = [
    ("indicator", "指标"),
    ("year", "年份"),
    ("month", "月份"),
    ("cumulative", "累计值"),
    ("source", "来源"),
    ("release", "版本"),
    ("published_growth_pct", "公布增速"),
    ("released_on", "发布日期"),
]
REQUIRED = ["indicator", "year", "month", "cumulative"]
_HEADERS = {name: name for name, _zh in COLUMNS} | {zh: name for name, zh in COLUMNS}


class FileError(ValueError):
    """The file cannot be read as a figures file at all (not a row's problem)."""


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def _rows_from_table(table: list[list]) -> list[ImportRow]:
    if not table:
        raise FileError(_("The file is empty."))
    header = [_cell(h).lower() if _cell(h).isascii() else _cell(h) for h in table[0]]
    names = [_HEADERS.get(h.lstrip("\ufeff")) for h in header]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise FileError(
            _("The header row lacks the columns %(columns)s (English or Chinese names).")
            % {"columns": ", ".join(missing)}
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = [_cell(c) for c in cells]
        if not any(values):
            continue
        row = ImportRow(number=number)
        for name, value in zip(names, values, strict=False):
            if name:
                setattr(row, name, value)
        rows.append(row)
    return rows


def read_rows(data: bytes, filename: str) -> list[ImportRow]:
    """The rows of a .csv (UTF-8, with or without BOM, or GB18030) or .xlsx file."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds on a damaged file
            raise FileError(_("The file is not a readable .xlsx workbook.")) from error
        sheet = book.worksheets[0]
        return _rows_from_table([list(row) for row in sheet.iter_rows(values_only=True)])
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise FileError(_("The CSV file is neither UTF-8 nor GB18030 text."))
        return _rows_from_table(list(csv.reader(io.StringIO(text))))
    raise FileError(_("Only .csv and .xlsx files can be imported."))


def _number(value: Decimal | None) -> str:
    return (
        ""
        if value is None
        else format(value.normalize(), "f")
        if value == value.to_integral()
        else str(value)
    )


def figure_table(*, year: int | None = None, chinese: bool = False) -> list[list[str]]:
    """The stored figures (of `year`, or all) as rows of the figures file, the header first."""
    header = [zh if chinese else name for name, zh in COLUMNS]
    table = [header]
    indicators = figures.all_indicators()
    by_model: dict[type, list[str]] = {}
    for ind in indicators:
        by_model.setdefault(ind.model, []).append(ind.code)
    order = {ind.code: n for n, ind in enumerate(indicators)}
    found = []
    for model, codes in by_model.items():
        queryset = model.objects.filter(indicator__in=codes)
        if year is not None:
            queryset = queryset.filter(year=year)
        found.extend(queryset)
    found.sort(key=lambda f: (f.year, order[f.indicator], f.month))
    for f in found:
        table.append(
            [
                f.indicator,
                str(f.year),
                str(f.month),
                _number(f.cumulative),
                f.source,
                f.release,
                "" if f.published_growth_pct is None else _number(f.published_growth_pct),
                f.released_on.isoformat() if f.released_on else "",
            ]
        )
    return table


def write_csv(table: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    # With a BOM, so that Excel opens the Chinese as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(table: list[list[str]], *, title: str = "figures") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    numeric = {"year", "month", "cumulative", "published_growth_pct", "年份", "月份", "累计值", "公布增速"}
    header = table[0] if table else []
    for row in table:
        cells = []
        for name, value in zip(header, row, strict=False):
            if row is not header and name in numeric and value != "":
                cells.append(Decimal(value) if "." in value else int(value))
            else:
                cells.append(value)
        sheet.append(cells)
    for column, width in zip("ABCDEFGH", [28, 8, 8, 16, 12, 12, 12, 12], strict=False):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(table: list[list[str]], filename: str) -> bytes:
    if filename.lower().endswith(".xlsx"):
        return write_xlsx(table)
    if filename.lower().endswith(".csv"):
        return write_csv(table)
    raise FileError(_("Only .csv and .xlsx files can be written."))
