"""Who changed what and why: a department's month (its figures, cycle steps and notes) and one indicator's
figures, read from the history tables."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from core import params

from .. import cycle, registry
from ..models import TargetNote
from .access import department_for_user, report_for_user


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
    report = report_for_user(request.user, code, year, month)
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
    department_for_user(request.user, ind.department)
    rows = ind.model.history.filter(indicator=code).select_related("history_user").order_by("history_id")
    year = params.year_param(request.GET)
    if year is not None:
        rows = rows.filter(year=year)
    changes = _figure_changes(rows)
    changes.reverse()
    return render(
        request, "plan/indicator_history.html", {"indicator": ind, "changes": changes, "year": year}
    )
