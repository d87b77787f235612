"""The figures file (docs/interface.md): CSV or XLSX, one row per figure, English or Chinese headers."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core.tables import Sheet, Table, TableError, file_format, read_table, write_table

from . import indicators as registered

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
    ("note", "说明"),
]
REQUIRED = ["indicator", "year", "month", "cumulative"]
_HEADERS = {name: name for name, _zh in COLUMNS} | {zh: name for name, zh in COLUMNS}
_CHINESE = dict(COLUMNS)
_NUMERIC = {"year", "month", "cumulative", "published_growth_pct", "年份", "月份", "累计值", "公布增速"}
_DATES = {"released_on", "发布日期"}


@dataclass
class ImportRow:
    """One row of a figures file, as read (strings) with its row number in the file."""

    number: int
    indicator: str = ""
    year: str = ""
    month: str = ""
    cumulative: str = ""
    source: str = ""
    release: str = ""
    published_growth_pct: str = ""
    released_on: str = ""
    note: str = ""


def column_name(name: str) -> str:
    """How a message names a column of the file: its Chinese header on Chinese screens (指标), else `name`."""
    if (translation.get_language() or "").startswith("zh"):
        return _CHINESE.get(name, name)
    return name


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def rows_from_table(table: Table) -> list[ImportRow]:
    """The figures of a table read by core.tables.read_table; TableError when its header lacks a column."""
    header = [_cell(h).lower() if _cell(h).isascii() else _cell(h) for h in table.header]
    names = [_HEADERS.get(h) for h in header]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise TableError(
            _("The header row lacks the columns %(columns)s (English or Chinese names).")
            % {"columns": ", ".join(column_name(name) for name in missing)}
        )
    rows = []
    for number, cells in table.rows:
        row = ImportRow(number=number)
        for name, value in zip(names, cells, strict=False):
            if name:
                setattr(row, name, _cell(value))
        rows.append(row)
    return rows


def read_rows(data: bytes, filename: str) -> list[ImportRow]:
    """The rows of a figures file (.csv or .xlsx), within the limits of core.tables."""
    return rows_from_table(read_table(data, filename, max_rows=settings.FIGURES_MAX_ROWS))


def _number(value: Decimal | None) -> str:
    return (
        ""
        if value is None
        else format(value.normalize(), "f")
        if value == value.to_integral()
        else str(value)
    )


# The release words of the file, in Chinese (the import reads both).
RELEASE_WORDS = {"final": "正式", "preliminary": "快报"}


def indicator_word(code: str, *, chinese: bool) -> str:
    """How a file names an indicator: its code, or its Chinese name (社会消费品零售总额)."""
    if not chinese:
        return code
    with translation.override("zh-hans"):
        return str(registered.indicator(code).label)


def figure_table(
    *, year: int | None = None, chinese: bool = False, departments: list[str] | None = None
) -> list[list[str]]:
    """The stored figures (of `year`, or all; of the `departments` codes, or all) as rows of the figures file,
    the header first. `chinese`: the Chinese headers, indicator names and release words."""
    header = [zh if chinese else name for name, zh in COLUMNS]
    table = [header]
    indicators = [
        ind for ind in registered.all_indicators() if departments is None or ind.department in departments
    ]
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
                indicator_word(f.indicator, chinese=chinese),
                str(f.year),
                str(f.month),
                _number(f.cumulative),
                f.source,
                RELEASE_WORDS[f.release] if chinese else f.release,
                "" if f.published_growth_pct is None else _number(f.published_growth_pct),
                f.released_on.isoformat() if f.released_on else "",
                "",  # the note: only a row that warns needs one
            ]
        )
    return table


def _typed(name: str, value: str):
    """A cell of the figures file as a sheet holds it: numbers as numbers, dates as dates, the rest as text."""
    if value == "":
        return value
    if name in _NUMERIC:
        return Decimal(value) if "." in value else int(value)
    if name in _DATES:
        return datetime.date.fromisoformat(value)
    return value


def figure_sheet(table: list[list[str]], *, title: str | None = None) -> Sheet:
    """The rows of the figures file as a sheet: the numbers as numbers, so that Excel sums them, and the dates
    as dates; the sheet named in the headers' language (月度数据 or figures)."""
    header = table[0] if table else []
    if title is None:
        title = "月度数据" if header and header[0] == _CHINESE["indicator"] else "figures"
    rows = [header]
    for row in table[1:]:
        rows.append([_typed(name, value) for name, value in zip(header, row, strict=False)])
    return Sheet(rows=rows, title=title, widths=[28, 8, 8, 16, 12, 12, 12, 12, 30])


def write(table: list[list[str]], filename: str) -> bytes:
    return write_table(figure_sheet(table), file_format(filename))
