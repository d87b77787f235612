"""Which department and month a request may see: its own staff, leaders and admins see a department's months,
everyone else gets a 403; a month out of range is a 404. Every page of the monthly cycle looks them up here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ..models import Department, MonthlyReport


def department_for_user(user, code: str) -> Department:
    """The department, if `user` may see its months: its own staff, leaders and admins; else 403."""
    department = get_object_or_404(Department, code=code)
    if not (user.sees_everything or user.department_id == department.pk):
        raise PermissionDenied(
            _("You may not see the months of %(department)s.") % {"department": department}
        )
    return department


def report_for_user(user, code: str, year: int, month: int) -> MonthlyReport:
    """The department's month (an unsaved draft when nobody has started it), or 404/403."""
    if not (1 <= month <= 12 and 1990 <= year <= 2100):
        raise Http404
    department = department_for_user(user, code)
    report = MonthlyReport.objects.filter(department=department, year=year, month=month).first()
    report = report or MonthlyReport(year=year, month=month)
    report.department = department  # already read: no second query for it
    return report
