"""The monthly cycle's steps and lists: submit, approve, return and unlock a month; a department's months of a
year; the months awaiting review. Every rule is enforced by the cycle's services (plan.cycle); these views only
pass on what was posted and say how it went."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from core import params
from core.error_lines import report_errors

from .. import cycle, progress
from ..forms import ReturnForm, UnlockForm
from ..models import MonthlyReport, Plan
from .access import department_for_user, report_for_user
from .month import month_detail


def _cycle_step(request, code, year, month, step):
    """Submit or approve: a refusal is said on the month's page, where the month goes back either way."""
    report = report_for_user(request.user, code, year, month)
    if report.pk is None:
        raise Http404
    try:
        step(report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("plan:month", report.department.code, year, month)


@login_required
@require_POST
def month_submit(request, code, year, month):
    def submit(report):
        cycle.report_submit(
            user=request.user, report=report, expected_version=params.version_param(request.POST)
        )
        messages.success(request, _("Submitted for review."))

    return _cycle_step(request, code, year, month, submit)


@login_required
@require_POST
def month_approve(request, code, year, month):
    def approve(report):
        cycle.report_approve(user=request.user, report=report)
        messages.success(request, _("Approved; the month is locked."))

    return _cycle_step(request, code, year, month, approve)


@dataclass(frozen=True)
class _Review:
    """A return or an unlock: its form and the name the month page gives it, the posted field that carries the
    text (also the keyword of the cycle's step), the step, and what it says when done (a msgid)."""

    form: type
    form_name: str
    field: str
    step: Callable
    done: str


_REVIEWS = {
    "return": _Review(
        ReturnForm, "return_form", "message", cycle.report_return, gettext_noop("Returned to the department.")
    ),
    "unlock": _Review(
        UnlockForm,
        "unlock_form",
        "reason",
        cycle.report_unlock,
        gettext_noop("Unlocked; the department can change the month again."),
    ),
}


@login_required
@require_POST
def month_review(request, code, year, month, action):
    """A leader's return or an admin's unlock (`action`, from the URL; the cycle's step checks who may). A
    refusal (too long, control characters, a wrong state) comes back on the month's page with what was typed
    (the form, bound to the post, only shows it) and each problem named by its field."""
    review = _REVIEWS[action]
    form = review.form(request.POST)
    report = report_for_user(request.user, code, year, month)
    if report.pk is None:
        raise Http404
    try:
        review.step(user=request.user, report=report, **{review.field: request.POST.get(review.field, "")})
    except ValidationError as error:
        labels = {name: field.label for name, field in form.fields.items()}
        labels["review_message"] = labels.get("message", "")
        report_errors(request, error, labels)
        return month_detail(request, code, year, month, review_forms={review.form_name: form})
    messages.success(request, _(review.done))
    return redirect("plan:month", report.department.code, year, month)


@login_required
def month_list(request, code):
    """A department's months of a year: state, deadline, on time."""
    department = department_for_user(request.user, code)
    year = Plan.objects.year_for_request(request)
    today = timezone.localdate()
    # A year without a plan holds prior-year figures entered as a base: not reports, never overdue.
    rows = progress.department_year(department, year, today=today, reporting=cycle.reports_due(year))
    return render(
        request,
        "plan/month_list.html",
        {
            "department": department,
            "year": year,
            "rows": rows,
            "can_edit": request.user.can_edit_department(department),
            "today": today,
        },
    )


@login_required
def review_list(request):
    """The leader's list: months submitted and awaiting review, oldest first."""
    if not request.user.sees_everything:
        raise PermissionDenied
    reports = (
        MonthlyReport.objects.filter(state=MonthlyReport.State.SUBMITTED)
        .select_related("department", "submitted_by")
        .order_by("submitted_at")
    )
    return render(request, "plan/review_list.html", {"reports": reports})
