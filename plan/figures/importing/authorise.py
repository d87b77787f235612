"""The import's second stage: who may write which department's month, by the monthly cycle's rules. Staff
write only their own department's figures (an admin, or a run without a user such as the demo, any), and no
one writes a month that is submitted or approved (locked)."""

from django.utils.translation import gettext as _

from ...models import Department, MonthlyReport
from .parse import ParsedRow
from .result import ImportResult, row_error


def may_import(user) -> bool:
    """Who may import figures from a file: an admin, or staff who may enter their own department's figures. The
    upload pages refuse everyone else, and the menu offers the import only to these."""
    return bool(
        user.is_authenticated
        and (user.is_admin or (user.department_id and user.can_edit_department(user.department)))
    )


def refused_rows(
    parsed: list[ParsedRow], *, user, departments: dict[str, Department], result: ImportResult
) -> set[int]:
    """The numbers of the rows `user` may not write, each with its error line in `result`: another
    department's figures, or a locked month's (without a user, as the command line and the demos run, only the
    lock refuses). One query for the months of the file's years."""
    years = {item.year for item in parsed}
    reports = {
        (r.department.code, r.year, r.month): r
        for r in MonthlyReport.objects.filter(year__in=years).select_related("department")
    }
    refused: set[int] = set()
    for item in parsed:
        ind, row = item.indicator, item.row
        department = departments.get(ind.department)
        if user is not None and (department is None or not user.can_edit_department(department)):
            refused.add(row.number)
            result.errors.append(
                row_error(
                    row,
                    "indicator",
                    _('"%(value)s" belongs to %(department)s; you may not change it')
                    % {"value": ind.code, "department": department or ind.department},
                )
            )
            continue
        report = reports.get((ind.department, item.year, item.month))
        if report is not None and report.is_locked:
            refused.add(row.number)
            result.errors.append(_locked(item, department, report))
    return refused


def _locked(item: ParsedRow, department: Department | None, report: MonthlyReport) -> str:
    return row_error(
        item.row,
        "month",
        _("%(department)s %(year)s-%(month)02d is %(state)s and locked")
        % {
            "department": department,
            "year": item.year,
            "month": item.month,
            "state": report.get_state_display(),
        },
    )
