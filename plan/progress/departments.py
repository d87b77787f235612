"""A department's month in the reporting cycle: whether its report is on time, late, overdue or not yet due,
judged at a stated date. The one rule of late and missing reports (docs/rules.md, "Settled questions"): every
page, the bulletin, its Word file and its workbook ask `DepartmentMonth.timeliness`."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core import months

from ..models import Department, MonthlyReport, ReportingDeadline

TIMELINESS_LABELS = {
    "on_time": _("On time"),
    "late": _("Late"),
    "overdue": _("Not submitted, overdue"),
    "pending": _("Not yet due"),
    "with_february": _("Reported with 1–2月"),
    "not_a_report": _("Not a report: the year has no plan"),
}


def timeliness(
    *, month: int, report: MonthlyReport | None, due: datetime.date, on: datetime.date, reporting: bool = True
) -> str:
    """The report of `month` judged at the date `on` (a key of TIMELINESS_LABELS).

    A submitted report keeps the answer it got when it was first submitted (on time or late). One not yet
    submitted — none at all, a draft, one returned before its first submission — is overdue once `on` is past
    its deadline, except January, which has no deadline of its own: it is reported with February (1–2月). A
    year that holds only the prior-year figures entered as a base (`reporting` False, plan.cycle.reports_due)
    has no reports and nothing overdue."""
    if not reporting:
        return "not_a_report"
    on_time = report.on_time if report is not None else None
    if on_time is True:
        return "on_time"
    if on_time is False:
        return "late"
    if month == 1:
        return "with_february"
    return "overdue" if on > due else "pending"


@dataclass
class DepartmentMonth:
    """A department's month in the cycle, as the completeness table shows it, judged at `today` (the date the
    page states beside it)."""

    department: Department
    report: MonthlyReport | None
    due: datetime.date
    today: datetime.date
    month: int = 0
    reporting: bool = True

    @property
    def period(self) -> str:
        return months.period_label(self.month)

    @property
    def state(self) -> str:
        return self.report.state if self.report else "not_started"

    @property
    def state_label(self):
        return self.report.get_state_display() if self.report else _("Not started")

    @property
    def on_time(self) -> bool | None:
        """True or False once submitted (returned months keep their first answer); None before."""
        return self.report.on_time if self.report else None

    @property
    def late(self) -> bool:
        """Submitted after the deadline, or still not submitted once it has passed."""
        return self.timeliness in ("late", "overdue")

    @property
    def overdue(self) -> bool:
        """Not submitted and past its deadline at the date judged."""
        return self.timeliness == "overdue"

    @property
    def timeliness(self) -> str:
        return timeliness(
            month=self.month, report=self.report, due=self.due, on=self.today, reporting=self.reporting
        )

    @property
    def timeliness_label(self):
        return TIMELINESS_LABELS[self.timeliness]


def department_year(
    department: Department, year: int, *, today: datetime.date, reporting: bool
) -> list[DepartmentMonth]:
    """A department's twelve months of `year`, each with its report (if any) and deadline, judged at `today`.
    Two queries. `reporting` is plan.cycle.reports_due(year)."""
    reports = {
        report.month: report for report in MonthlyReport.objects.filter(department=department, year=year)
    }
    due = ReportingDeadline.due_dates(year)
    return [
        DepartmentMonth(
            department=department,
            report=reports.get(month),
            due=due[month],
            today=today,
            month=month,
            reporting=reporting,
        )
        for month in range(1, 13)
    ]
