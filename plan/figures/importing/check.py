"""The import's third stage: the figure checks (plan.figures.checks) of every department's month the file
touches, with the file's values over the stored ones. An error refuses its row; a warning (a fall, an outlier)
refuses its row unless the row's note says why it is right. One refused row refuses the whole file."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ... import registry
from .. import checks
from ..models import MonthlyFigure
from .parse import ParsedRow
from .result import ImportResult, row_error


@dataclass
class Checked:
    """What the checks found, by row number."""

    # Rows whose month fails an error check.
    refused: set[int] = field(default_factory=set)
    # Rows that warn without a note: refused until a note explains them.
    needs_note: set[int] = field(default_factory=set)
    # What each warned row warns of, with or without its note.
    warnings: dict[int, list[str]] = field(default_factory=dict)


def check_months(
    parsed: list[ParsedRow], stored: dict[tuple[str, int], dict[int, MonthlyFigure]], result: ImportResult
) -> Checked:
    """Check each (department, year, month) of the file once; add the error and warning lines to `result`."""
    checked = Checked()
    groups: dict[tuple[str, int, int], list[ParsedRow]] = {}
    for item in parsed:
        groups.setdefault((item.indicator.department, item.year, item.month), []).append(item)
    for (dept_code, year, month), items in groups.items():
        year_values = _year_with_file(dept_code, year, month, parsed, stored)
        values = {code: months.get(month) for code, months in year_values.items()}
        for item in items:
            values[item.indicator.code] = item.entry.cumulative
        errors, warnings = checks.check_month(
            department=dept_code, month=month, values=values, stored=year_values
        )
        _refuse(errors, items, checked, result)
        _warn(warnings, items, checked, result)
    return checked


def _year_with_file(
    dept_code: str, year: int, month: int, parsed: list[ParsedRow], stored
) -> dict[str, dict[int, Decimal]]:
    """{code: {month: cumulative}} of the department's year as stored, with the file's other months over it."""
    year_values = {
        ind.code: {m: f.cumulative for m, f in stored.get((ind.code, year), {}).items()}
        for ind in registry.department_indicators(dept_code)
    }
    for item in parsed:
        if item.indicator.department == dept_code and item.year == year and item.month != month:
            year_values[item.indicator.code][item.month] = item.entry.cumulative
    return year_values


def _refuse(
    errors: dict[str, list[str]], items: list[ParsedRow], checked: Checked, result: ImportResult
) -> None:
    """An error names its indicator's row, or the month's first row when the file does not hold that one."""
    rows_by_code = {item.indicator.code: item.row for item in items}
    for code, messages in errors.items():
        row = rows_by_code.get(code) or items[0].row
        checked.refused.add(row.number)
        result.errors.extend(row_error(row, "cumulative", message) for message in messages)


def _warn(
    warnings: dict[str, list[str]], items: list[ParsedRow], checked: Checked, result: ImportResult
) -> None:
    """A warning of a row with a note is a warning line; without a note, an error line the note would mend."""
    rows_by_code = {item.indicator.code: item.row for item in items}
    warned = {
        rows_by_code[code].number: (rows_by_code[code], messages)
        for code, messages in warnings.items()
        if code in rows_by_code
    }
    unexplained = checks.unexplained_warnings(
        {number: messages for number, (_row, messages) in warned.items()},
        {number: row.note for number, (row, _messages) in warned.items()},
    )
    for number, (row, messages) in warned.items():
        checked.warnings[number] = messages
        if number not in unexplained:
            result.warnings.extend(row_error(row, "cumulative", message) for message in messages)
            continue
        checked.needs_note.add(number)
        lines = [
            row_error(row, "note", _("%(warning)s: say in the note why it is right") % {"warning": message})
            for message in messages
        ]
        result.note_errors.extend(lines)
        result.errors.extend(lines)
