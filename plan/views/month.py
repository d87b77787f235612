"""A department's month page, the staffer's daily tool: its figures with last month's, last year's and 同比 beside
them, its targets' notes, and the save and submit. What a save comes to is plan.cycle.month_save's to decide."""

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import months, params

from .. import cycle, formatting, progress, registry
from ..cumulative import month_comparison, yoy_pct
from ..cycle import month_save
from ..figures.forms import MonthFiguresForm
from ..figures.models import figures_by_month
from ..figures.services import month_warnings
from ..forms import ReturnForm, UnlockForm
from ..models import MonthlyReport, Plan, ReportingDeadline
from .access import report_for_user


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
    result = progress.compute(targets[0].plan, month, cached=True)
    for row in rows:
        item = result.target(row["target"].code)
        row["progress"] = item
        row["needs_note"] = bool(item and item.off_track and not (row["field"].value() or "").strip())
    return rows


@login_required
def month_detail(request, code, year, month, review_forms=None):
    """The staffer's daily tool: a department's month, its figures and note; save and submit. A refused
    return or unlock comes back through here with its bound form (`review_forms`), keeping what was typed."""
    report = report_for_user(request.user, code, year, month)
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
