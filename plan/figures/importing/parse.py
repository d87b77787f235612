"""The import's first stage: a file's rows read as figures. Each row becomes an entry for its (indicator, year,
month), or adds one error line per bad cell; a row that repeats another row's figure is refused too."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.validators import REASON_MAX_LENGTH, validate_one_line

from ... import registry
from .. import checks
from ..files import ImportRow
from ..models import MonthlyFigure
from ..month import FigureEntry
from .result import ImportResult, row_error

# The longest source the month page's form takes (MonthFiguresForm) and the column holds.
SOURCE_MAX = 40

_RELEASES = {
    "": MonthlyFigure.Release.FINAL,
    "final": MonthlyFigure.Release.FINAL,
    "正式": MonthlyFigure.Release.FINAL,
    "preliminary": MonthlyFigure.Release.PRELIMINARY,
    "快报": MonthlyFigure.Release.PRELIMINARY,
}


@dataclass
class ParsedRow:
    """A row read as one figure: what the later stages check, authorise and write."""

    row: ImportRow
    indicator: registry.Indicator
    year: int
    month: int
    entry: FigureEntry

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.indicator.code, self.year, self.month)


def parse_rows(rows: list[ImportRow], result: ImportResult) -> list[ParsedRow]:
    """The rows read as figures, in the file's order. A row that cannot be read, or that repeats the figure of
    an earlier row, adds its errors to `result` and its number to `result.unread`."""
    parsed: list[ParsedRow] = []
    seen: dict[tuple, int] = {}
    for row in rows:
        item = parse_row(row, result.errors)
        if item is None:
            result.unread.add(row.number)
            continue
        if item.key in seen:
            result.errors.append(
                row_error(
                    row,
                    "indicator",
                    _("the same figure is already on row %(other)s") % {"other": seen[item.key]},
                )
            )
            result.unread.add(row.number)
            continue
        seen[item.key] = row.number
        parsed.append(item)
    return parsed


def parse_row(row: ImportRow, errors: list[str]) -> ParsedRow | None:
    """The row as a figure, or None after adding one line to `errors` per bad cell (all of them, in the order
    of the columns, so that one reading of the file names everything to mend)."""
    before = len(errors)
    ind = registry.indicator_named(row.indicator)
    if ind is None:
        errors.append(
            row_error(row, "indicator", _('"%(value)s" is not an indicator') % {"value": row.indicator})
        )
    year = _int_in(row.year, 1990, 2100)
    if year is None:
        errors.append(row_error(row, "year", _('"%(value)s" is not a year') % {"value": row.year}))
    month = _int_in(row.month, 1, 12)
    if month is None:
        errors.append(row_error(row, "month", _('"%(value)s" is not a month (1–12)') % {"value": row.month}))
    cumulative = _cumulative(row, errors)
    release = _release(row, errors)
    growth = _growth(row, errors)
    released_on = _released_on(row, errors)
    _check_note(row, errors)
    source = _source(row, errors)
    if len(errors) > before:
        return None
    entry = FigureEntry(
        cumulative=cumulative,
        source=source,
        release=release,
        released_on=released_on,
        published_growth_pct=growth,
    )
    return ParsedRow(row=row, indicator=ind, year=year, month=month, entry=entry)


def _int_in(text: str, low: int, high: int) -> int | None:
    cleaned = checks.normalise_number(text)
    if cleaned.isascii() and cleaned.isdigit() and low <= int(cleaned) <= high:
        return int(cleaned)
    return None


def _cumulative(row: ImportRow, errors: list[str]):
    try:
        cumulative = checks.parse_amount(row.cumulative)
    except ValueError as error:
        errors.append(row_error(row, "cumulative", str(error)))
        return None
    if cumulative is None:
        errors.append(row_error(row, "cumulative", _("is empty")))
    return cumulative


def _release(row: ImportRow, errors: list[str]):
    release = _RELEASES.get(row.release.strip().lower())
    if release is None:
        errors.append(
            row_error(row, "release", _('"%(value)s" is not preliminary or final') % {"value": row.release})
        )
    return release


def _growth(row: ImportRow, errors: list[str]):
    try:
        return checks.parse_rate(row.published_growth_pct)
    except ValueError as error:
        errors.append(row_error(row, "published_growth_pct", str(error)))
        return None


def _released_on(row: ImportRow, errors: list[str]) -> datetime.date | None:
    if not row.released_on.strip():
        return None
    try:
        return datetime.date.fromisoformat(row.released_on.strip())
    except ValueError:
        errors.append(
            row_error(
                row, "released_on", _('"%(value)s" is not a YYYY-MM-DD date') % {"value": row.released_on}
            )
        )
        return None


def _check_note(row: ImportRow, errors: list[str]) -> None:
    """The note goes into the history as the reason: one line, no longer than a reason."""
    if len(row.note.strip()) > REASON_MAX_LENGTH:
        errors.append(
            row_error(row, "note", _("is longer than %(max)s characters") % {"max": f"{REASON_MAX_LENGTH:,}"})
        )
        return
    try:
        validate_one_line(row.note)
    except ValidationError as error:
        errors.extend(row_error(row, "note", message) for message in error.messages)


def _source(row: ImportRow, errors: list[str]) -> str:
    source = row.source.strip()
    try:
        # What the month page's form checks of a source, the file's rows are checked by too.
        validate_one_line(source)
        if len(source) > SOURCE_MAX:
            raise ValidationError(
                _("is longer than %(max)s characters") % {"max": SOURCE_MAX}, code="max_length"
            )
    except ValidationError as error:
        errors.append(row_error(row, "source", error.messages[0]))
    return source
