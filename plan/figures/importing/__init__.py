"""The import of figures from a file (the upload page, `manage.py importfigures`, the demos), all rows or none.

`figures_import` is the one entry; it runs four stages, one module each: `parse` (the rows read as entries, an
error line per bad cell), `authorise` (who may write which department's month: the monthly cycle's rules),
`check` (the figure checks of every month the file touches; a warning needs the row's note) and `write` (one
transaction, each change in the history with who and why). Any refused row stores nothing.
"""

from django.db import transaction

from core import bulk

from ... import registry
from ...models import Department
from ..files import ImportRow
from ..models import MonthlyFigure, figures_by_month
from . import authorise, check, parse, write
from .authorise import may_import
from .result import ImportOutcome, ImportResult

__all__ = ["ImportOutcome", "ImportResult", "ImportRow", "figures_import", "may_import"]


def figures_import(
    *, rows: list[ImportRow], user=None, dry_run: bool = False, sample: bool = False, label: str = ""
) -> ImportResult:
    """Import figure rows, all or none (`_figures_import`). A real import reads and writes under one lock, so
    imports confirmed at the same moment on several servers run one after the other."""
    if dry_run:
        return _figures_import(rows=rows, user=user, dry_run=True, sample=sample, label=label)
    with transaction.atomic():
        bulk.one_writer_at_a_time("figures_import")
        return _figures_import(rows=rows, user=user, dry_run=False, sample=sample, label=label)


def _figures_import(
    *, rows: list[ImportRow], user=None, dry_run: bool = False, sample: bool = False, label: str = ""
) -> ImportResult:
    """Import figure rows, all or none.

    Each row replaces the stored figure of its (indicator, year, month) as a revision (the old value stays in
    the history). A row is refused when it is malformed, when `user` (if given) may not change the indicator's
    department, when its month is submitted or approved (locked), when the month's figures would fail an
    error check, or when it warns (a fall, an outlier) and has no note (`checks.unexplained_warnings`). With
    `dry_run`, or with any refused row, nothing is stored; the result says what would change.
    """
    result = ImportResult()
    parsed = parse.parse_rows(rows, result)
    departments = {d.code: d for d in Department.objects.all()}
    stored = figures_by_month(registry.all_indicators(), years={item.year for item in parsed})
    refused = authorise.refused_rows(parsed, user=user, departments=departments, result=result)
    checked = check.check_months(parsed, stored, result)
    refused |= checked.refused
    result.outcomes = [_outcome(item, stored, refused, checked, sample=sample) for item in parsed]
    if result.errors or dry_run:
        return result
    write.write(
        parsed, result.outcomes, stored, departments=departments, user=user, label=label, sample=sample
    )
    result.stored = True
    return result


def _outcome(item: parse.ParsedRow, stored, refused: set[int], checked: check.Checked, *, sample: bool):
    """What the row does: refused, or new, changed or unchanged against the stored figure."""
    number = item.row.number
    figure = stored.get((item.indicator.code, item.year), {}).get(item.month)
    if number in refused or number in checked.needs_note:
        status = "refused"
    elif figure is None:
        status = "new"
    elif _same(figure, item.entry, sample):
        status = "unchanged"
    else:
        status = "changed"
    return ImportOutcome(
        number,
        item.indicator,
        item.year,
        item.month,
        figure.cumulative if figure else None,
        item.entry.cumulative,
        status,
        warnings=checked.warnings.get(number, []),
        note=item.row.note.strip(),
        needs_note=number in checked.needs_note and number not in refused,
    )


def _same(figure: MonthlyFigure, entry, sample: bool) -> bool:
    return (
        figure.cumulative,
        figure.release,
        figure.source,
        figure.released_on,
        figure.published_growth_pct,
        figure.is_sample,
    ) == (
        entry.cumulative,
        entry.release,
        entry.source,
        entry.released_on,
        entry.published_growth_pct,
        sample,
    )
