"""The leaders' pages: the dashboard and the drill-downs per target and per department (the bulletin is the
bulletin app's).

All of them read one `plan.progress.compute(...)`, so the same month shows the same numbers everywhere.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import params

from .. import cache, progress, registry
from ..models import Department, Measure, MonthlyReport, Plan, ReportingDeadline, Section, Target, TargetNote


def _chart_blocks(result):
    return [(f"chart-{item.target.code}", item.chart_data()) for item in result.targets]


@login_required
def dashboard(request):
    # All the plans in one query: the selector lists them, and the current one (as PlanQuerySet.current
    # chooses it) is both the default and the menu's year.
    plans = list(Plan.objects.order_by("-year"))
    current = _current(plans)
    plan = current
    year = params.year_param(request.GET)
    if year is not None:
        plan = next((p for p in plans if p.year == year), None)
        if plan is None:
            raise Http404(_("There is no plan for %(year)s.") % {"year": year})
    if plan is None:
        return render(request, "plan/dashboard.html", {"plan": None})
    parts = _parts(
        plan, params.month_param(request.GET), [p.year for p in plans], get_language(), cache.current_tokens()
    )
    # What the apps above plan show beside the cards (plan.registry): the cards carry every action, shown only
    # to a reader who may take it (the page's class); the reader's own line (a department's 批示 to sign).
    context = {
        "plan": plan,
        "nav_plan_year": current.year,
        "parts": parts,
        "may_act": registry.may_act(request.user),
        "home_badges": registry.home_badges(request.user),
    }
    return render(request, "plan/dashboard.html", context)


def _current(plans: list[Plan]) -> Plan | None:
    return next((p for p in plans if p.status == Plan.Status.ACTIVE), plans[0] if plans else None)


def warm(tokens: dict) -> None:
    """(plan.cache.warm, after a write commits) Compute the parts of the dashboard a leader opens — the current
    plan, its default month — so that the first reader after the write finds them in the cache."""
    plans = list(Plan.objects.order_by("-year"))
    plan = _current(plans)
    if plan is not None:
        _parts(plan, None, [p.year for p in plans], get_language(), tokens)


def _parts(plan: Plan, month: int | None, years: list[int], language: str, tokens: dict | None) -> dict:
    """The dashboard below its frame, as rendered HTML by part.

    Each part is the same for every reader of this plan and month until a table it reads changes: computed
    and rendered once per version of those tables, day and language (plan.cache). The target cards come first,
    as they settle the default month."""
    computed = None

    def progress_as_of(as_of):
        nonlocal computed
        if computed is None:
            computed = progress.compute(plan, as_of, tokens=tokens)
        return computed

    def targets():
        result = progress_as_of(month)
        context = {
            "plan": plan,
            "progress": result,
            "plans": years,
            "month_choices": range(1, 13),
            "charts": _chart_blocks(result),
            "badges": registry.badges_for(plan, every_action=True),
        }
        return {
            "month": result.month,
            "targets": render_to_string("plan/_dashboard_targets.html", context),
            "counts": render_to_string("plan/_dashboard_counts.html", context),
        }

    [head] = cache.fetch(
        tokens, [("dashboard.targets", _targets_reads(), (plan.pk, month, language), targets)]
    )
    as_of = head["month"]

    def part(template, **context):
        return lambda: render_to_string(
            template, {"plan": plan, "progress": progress_as_of(as_of), **context}
        )

    measures, completeness, summaries = cache.fetch(
        tokens,
        [
            (
                "dashboard.measures",
                cache.tables([Plan, Measure, Section, Department]),
                (plan.pk, as_of, language),
                part("plan/_dashboard_measures.html", measure_statuses=Measure.Status.choices),
            ),
            (
                "dashboard.completeness",
                cache.tables([Plan, Department, MonthlyReport, ReportingDeadline]),
                (plan.pk, as_of, language),
                part("plan/_dashboard_completeness.html"),
            ),
            (
                "dashboard.summaries",
                cache.reads(registry.summary_functions()),
                (plan.year, as_of, language),
                part("plan/_dashboard_summaries.html"),
            ),
        ],
    )
    return {
        "targets": head["targets"],
        "counts": head["counts"],
        "measures": measures,
        "completeness": completeness,
        "summaries": summaries,
    }


def _targets_reads():
    """What the target cards read: the plan, its targets, their departments and notes, and every actual."""
    actuals = cache.reads(registry.actuals_functions(registry.registered_codes()))
    if actuals is None:
        return None
    badges = cache.reads(registry.badge_sources())
    if badges is None:
        return None
    return actuals | badges | cache.tables([Plan, Target, TargetNote, Section, Department, MonthlyReport])


@login_required
def target_detail(request, year, code):
    plan = Plan.objects.for_request(request, year)
    # The actuals from the cache the dashboard fills (one query for the tables' tokens, one for them all).
    result = progress.compute(plan, params.month_param(request.GET), cached=True)
    item = result.target(code)
    if item is None:
        raise Http404(_("No such target in this plan."))
    # Where its numbers come from: the register whose records count (a link it makes), or the figures.
    register = registry.register_for_target(code)
    return render(
        request,
        "plan/target_detail.html",
        {
            "plan": plan,
            "progress": result,
            "item": item,
            "target": item.target,
            "month_choices": range(1, 13),
            "charts": [(f"chart-{code}", item.chart_data())],
            "register": register,
            "register_link": register.counted_link(result.year, result.month) if register else "",
            "indicators": registry.department_indicators(item.target.department.code),
            "badges": registry.badges_for(plan, request.user),
        },
    )


@login_required
def department_detail(request, code):
    department = get_object_or_404(Department, code=code)
    plan = Plan.objects.for_request(request)
    if plan is None:
        return render(request, "plan/department_detail.html", {"plan": None, "department": department})
    result = progress.compute(plan, params.month_param(request.GET), cached=True)
    targets = [item for item in result.targets if item.target.department_id == department.pk]
    # The measures it leads or supports: the supported ones through one query on the co-departments table.
    supported = set(
        Measure.co_departments.through.objects.filter(department=department, measure__plan=plan).values_list(
            "measure_id", flat=True
        )
    )
    measures = [m for m in result.measures if m.lead_id == department.pk or m.pk in supported]
    # Its months with a report, and those missing past their deadline, judged at today (the page says so).
    months_of_year = progress.department_year(department, plan.year, today=result.today, reporting=True)
    reports = [row for row in months_of_year if row.report is not None or row.overdue]
    # Each month's notes, each named by its target (a note belongs to a target, not to the department).
    notes = {}
    for note in (
        TargetNote.objects.filter(target__plan=plan, target__department=department)
        .exclude(text="")
        .select_related("target")
        .order_by("month", "target__order")
    ):
        notes.setdefault(note.month, []).append(note)
    for row in reports:
        row.target_notes = notes.get(row.month, [])
    return render(
        request,
        "plan/department_detail.html",
        {
            "plan": plan,
            "progress": result,
            "department": department,
            "targets": targets,
            "measures": measures,
            "reports": reports,
            "on": result.on,
            "month_choices": range(1, 13),
            "charts": [(f"chart-{item.target.code}", item.chart_data()) for item in targets],
        },
    )
