"""The monthly cycle's pages: a department's month (figures, note, submit), review, unlock, deadlines and the
history. Every rule is enforced by the services; these views only translate between forms and services."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from core import months, params
from core.error_lines import report_errors

from .. import cache, cycle, formatting, progress, registry
from ..cumulative import month_comparison, yoy_pct
from ..cycle import month_save
from ..figures.forms import MonthFiguresForm
from ..figures.models import figures_by_month
from ..figures.services import month_warnings
from ..forms import ReturnForm, UnlockForm
from ..models import Department, MonthlyReport, Plan, ReportingDeadline, TargetNote


def _get_department_for_user(user, code: str) -> Department:
    """The department, if `user` may see its months: its own staff, leaders and admins; else 403."""
    department = get_object_or_404(Department, code=code)
    if not (user.sees_everything or user.department_id == department.pk):
        raise PermissionDenied(
            _("You may not see the months of %(department)s.") % {"department": department}
        )
    return department


def _get_report_for_user(user, code: str, year: int, month: int) -> MonthlyReport:
    """The department's month (an unsaved draft when nobody has started it), or 404/403."""
    if not (1 <= month <= 12 and 1990 <= year <= 2100):
        raise Http404
    department = _get_department_for_user(user, code)
    report = MonthlyReport.objects.filter(department=department, year=year, month=month).first()
    report = report or MonthlyReport(year=year, month=month)
    report.department = department  # already read: no second query for it
    return report


def _fmt(value) -> str:
    return "" if value is None else format(Decimal(value).quantize(Decimal("0.01")), "f")


def _figure_rows(form, indicators, stored, year: int, month: int, *, errors=None, warnings=None):
    """The table of the month page: each indicator's fields with last month's cumulative, 当月, the same
    period last year and 同比, as stored (the page's script recomputes them as the user types)."""
    rows = []
    for row, ind in zip(form.rows(), indicators, strict=True):
        this_year = {m: f.cumulative for m, f in stored.get((ind.code, year), {}).items()}
        last_year = {m: f.cumulative for m, f in stored.get((ind.code, year - 1), {}).items()}
        figure = stored.get((ind.code, year), {}).get(month)
        cumulative = this_year.get(month)
        previous = this_year.get(month - 1) if month > 1 else None
        alone = month_comparison(this_year, last_year, month)
        row.update(
            figure=figure,
            previous=previous,
            combined=alone.combined,
            alone=alone.value,
            last_year=last_year.get(month),
            last_year_alone=alone.last,
            growth=formatting.growth(yoy_pct(cumulative, last_year.get(month))),
            alone_growth=formatting.growth(alone.yoy),
            # What static/js/month_figures.js needs to derive the same 当月 from what is typed.
            data={
                "previous": _fmt(previous),
                "last_year": _fmt(last_year.get(month)),
                "last_year_alone": _fmt(alone.last),
                "first": "1" if month == 1 or alone.combined else "",
            },
            errors=(errors or {}).get(ind.code, []),
            warnings=(warnings or {}).get(ind.code, []),
        )
        rows.append(row)
    return rows


def _in_unit(value, factor: int) -> str:
    """A stored amount (万) in the unit typed: as stored in 万; in 亿 exactly, without trailing zeros."""
    if factor == 1:
        # As the bureau writes amounts: 37,916.00 (the page reads separators back).
        return formatting.number(value, 2)
    return format((Decimal(value) / factor).normalize(), "f")


def _initial(notes, indicators, stored, year, month, unit: str):
    initial = {f"note__{code}": text for code, text in notes.items()}
    initial["unit"] = unit
    factor = MonthFiguresForm.UNIT_FACTORS[unit]
    for ind in indicators:
        figure = stored.get((ind.code, year), {}).get(month)
        if figure:
            initial[f"{ind.code}__cumulative"] = _in_unit(figure.cumulative, factor)
            initial[f"{ind.code}__source"] = figure.source
            initial[f"{ind.code}__release"] = figure.release
            initial[f"{ind.code}__released_on"] = figure.released_on
            initial[f"{ind.code}__growth"] = (
                "" if figure.published_growth_pct is None else _fmt(figure.published_growth_pct)
            )
    return initial


def _note_rows(form, targets, year: int, month: int) -> list[dict]:
    """Each note box with its target's light this month, as the dashboard computes it (plan.progress): a
    yellow or red target without its note is marked, one box each (docs/rules.md: the note belongs to the
    target). No computation when the department has no target this year."""
    rows = form.note_rows()
    if not targets:
        return rows
    result = progress.compute(targets[0].plan, month, tokens=cache.current_tokens())
    for row in rows:
        item = result.target(row["target"].code)
        row["progress"] = item
        row["needs_note"] = bool(item and item.off_track and not (row["field"].value() or "").strip())
    return rows


@login_required
def month_detail(request, code, year, month, review_forms=None):
    """The staffer's daily tool: a department's month, its figures and note; save and submit. A refused
    return or unlock comes back through here with its bound form (`review_forms`), keeping what was typed."""
    report = _get_report_for_user(request.user, code, year, month)
    department = report.department
    indicators = registry.department_indicators(department.code)
    targets = cycle.note_targets(department=department, year=year)
    can_edit = request.user.can_edit_department(department) and not report.is_locked
    saved = None  # the page as stored, until a save is refused
    saving = request.method == "POST" and review_forms is None
    if saving:
        form = MonthFiguresForm(request.POST, indicators=indicators, targets=targets)
        cycle.ensure_can_edit_department(user=request.user, department=department)
        expected_version = params.version_param(request.POST)
        if form.is_valid():
            saved = _save(request, form, department, year, month, expected_version)
            if saved.outcome != month_save.REFUSED:
                return _after_save(request, form, department, year, month, saved)
            for name, error in saved.form_errors:
                form.add_error(name, error)
            report = saved.report or report
    # Read after a refused save too, so that the page shows what is stored beside what was typed.
    stored = figures_by_month(indicators, years=[year, year - 1])
    if not saving:
        notes = cycle.notes_of_month(targets=targets, month=month)
        unit = "yi" if request.GET.get("unit") == "yi" else "wan"
        form = MonthFiguresForm(
            initial=_initial(notes, indicators, stored, year, month, unit),
            indicators=indicators,
            targets=targets,
        )
    context = _month_context(
        request,
        report,
        form,
        indicators,
        targets,
        stored,
        saved,
        can_edit=can_edit,
        review_forms=review_forms,
    )
    return render(request, "plan/month_detail.html", context, status=400 if review_forms else 200)


def _save(request, form, department, year, month, expected_version) -> month_save.MonthSave:
    """The month page's save (plan.cycle.month_save), from the valid form and the button pressed."""
    return month_save.month_save(
        user=request.user,
        department=department,
        year=year,
        month=month,
        entries=form.entries(),
        notes=form.notes(),
        expected_version=expected_version,
        confirmed=form.cleaned_data["confirm"],
        confirm_note=form.cleaned_data["confirm_note"],
        factor=MonthFiguresForm.UNIT_FACTORS[form.cleaned_data["unit"]],
        submit=request.POST.get("action") == "submit",
        submit_confirmed=request.POST.get("submit_confirmed") == "1",
    )


def _after_save(request, form, department, year, month, saved: month_save.MonthSave):
    """Back to the month, in the unit it was typed in (万 is the page's default); asking once to confirm a
    submission that nobody confirmed."""
    submitted = saved.outcome == month_save.SUBMITTED
    messages.success(request, _("Saved and submitted for review.") if submitted else _("Saved."))
    query = {"unit": "yi"} if form.cleaned_data["unit"] == "yi" else {}
    if saved.outcome == month_save.ASK_SUBMIT:
        query["submit"] = "confirm"
    url = reverse("plan:month", args=[department.code, year, month])
    return redirect(f"{url}?{urlencode(query)}" if query else url)


def _month_context(request, report, form, indicators, targets, stored, saved, *, can_edit, review_forms):
    """What the month page shows: the figures' table and the note boxes, with a refused save's checks
    (`saved`) beside what was typed; what the user may do with the month; its deadline and last unlock."""
    year, month, department, user = report.year, report.month, report.department, request.user
    check_errors, check_warnings = (saved.check_errors, saved.check_warnings) if saved else ({}, {})
    can_review = user.is_leader and report.state == MonthlyReport.State.SUBMITTED
    # The leader approves with open eyes: every stored figure that warns, its ⚠ and the department's note.
    warned = month_warnings(department=department, year=year, month=month) if can_review else []
    if warned and not check_warnings:
        check_warnings = {figure.indicator.code: figure.warnings for figure in warned}
    rows = _figure_rows(form, indicators, stored, year, month, errors=check_errors, warnings=check_warnings)
    context = {
        "department": department,
        "report": report,
        "year": year,
        "month": month,
        "period": months.period_label(month),
        "previous_period": months.period_label(month - 1) if month > 1 else "",
        "previous": months.previous_month(year, month),
        "next": months.add_months(year, month, 1),
        "form": form,
        "rows": rows,
        "note_rows": _note_rows(form, targets, year, month),
        "has_warnings": bool(check_warnings) and can_edit,
        "sample": any(r["figure"] and r["figure"].is_sample for r in rows),
        "can_edit": can_edit,
        "ask_submit": can_edit and request.method == "GET" and request.GET.get("submit") == "confirm",
        "can_review": can_review,
        "warned": warned,
        "can_unlock": user.is_admin and report.state == MonthlyReport.State.APPROVED,
        "unlock": report.last_unlock() if report.pk else None,
        "due_on": ReportingDeadline.due_for(year, month) if cycle.reports_due(year) else None,
        "growth_words": {
            "up": _("up %(pct)s%%") % {"pct": "%s"},
            "down": _("down %(pct)s%%") % {"pct": "%s"},
            "flat": _("flat"),
        },
        "return_form": ReturnForm(),
        "unlock_form": UnlockForm(),
        **(review_forms or {}),
    }
    # What the apps above plan show beside the month (the open 批示, the 批示 button for leaders).
    plan = Plan.objects.filter(year=year).first() if report.pk else None
    context["badges"] = registry.badges_for(plan, user) if plan else {}
    return context


def _cycle_step(request, code, year, month, step):
    report = _get_report_for_user(request.user, code, year, month)
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
    report = _get_report_for_user(request.user, code, year, month)
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
    department = _get_department_for_user(request.user, code)
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


# -- History -----------------------------------------------------------------------------------------------


def _figure_changes(history_rows):
    """Each historical figure row with the value before it (history rows ordered oldest first)."""
    before: dict[int, object] = {}
    changes = []
    for h in history_rows:
        old = before.get(h.id)
        before[h.id] = None if h.history_type == "-" else h
        changes.append(
            {
                "when": h.history_date,
                "who": h.history_user,
                "what": registry.indicator(h.indicator).label
                if registry.indicator(h.indicator)
                else h.indicator,
                "period": f"{h.year}-{h.month:02d}",
                "type": h.get_history_type_display(),
                "old": None if old is None else old.cumulative,
                "new": None if h.history_type == "-" else h.cumulative,
                "release": h.get_release_display(),
                "reason": h.history_change_reason or "",
                "unit": registry.indicator(h.indicator).unit if registry.indicator(h.indicator) else "",
            }
        )
    return changes


@login_required
def month_history(request, code, year, month):
    """Every change of a department's month: its figures (old → new, why) and its cycle steps."""
    report = _get_report_for_user(request.user, code, year, month)
    indicators = registry.department_indicators(report.department.code)
    changes = []
    models = {ind.model for ind in indicators}
    for model in models:
        rows = (
            model.history.filter(year=year, month=month, indicator__in=[i.code for i in indicators])
            .select_related("history_user")
            .order_by("history_id")
        )
        changes.extend(_figure_changes(rows))
    steps = []
    if report.pk:
        previous = None
        for h in report.history.select_related("history_user").order_by("history_id"):
            if previous is None or h.state != previous.state:
                steps.append(
                    {
                        "when": h.history_date,
                        "who": h.history_user,
                        "state": h.get_state_display(),
                        "reason": h.history_change_reason or "",
                    }
                )
            previous = h
    # Each change of a target's note, named by its target.
    names = {target.pk: target.name for target in cycle.note_targets(department=report.department, year=year)}
    note_rows = (
        TargetNote.history.filter(target_id__in=names, month=month)
        .select_related("history_user")
        .order_by("history_id")
    )
    for h in note_rows:
        steps.append(
            {
                "when": h.history_date,
                "who": h.history_user,
                "state": "",
                "note_changed": names[h.target_id],
                "reason": h.history_change_reason or "",
            }
        )
    steps.sort(key=lambda s: s["when"])
    changes.sort(key=lambda c: c["when"], reverse=True)
    steps.reverse()
    return render(
        request,
        "plan/month_history.html",
        {
            "report": report,
            "department": report.department,
            "year": year,
            "month": month,
            "changes": changes,
            "steps": steps,
        },
    )


@login_required
def indicator_history(request, code):
    """Every change of one indicator's figures, newest first (optionally of one year)."""
    ind = registry.indicator(code)
    if ind is None:
        raise Http404
    _get_department_for_user(request.user, ind.department)
    rows = ind.model.history.filter(indicator=code).select_related("history_user").order_by("history_id")
    year = params.year_param(request.GET)
    if year is not None:
        rows = rows.filter(year=year)
    changes = _figure_changes(rows)
    changes.reverse()
    return render(
        request, "plan/indicator_history.html", {"indicator": ind, "changes": changes, "year": year}
    )
