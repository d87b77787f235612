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

from .. import dataversion, progress
from ..models import Department, Measure, MonthlyReport, Plan


def _chart_blocks(result):
    return [(f"chart-{item.target.code}", item.chart_data()) for item in result.targets]


@login_required
def dashboard(request):
    # All the plans in one query: the selector lists them, and the current one (as PlanQuerySet.current
    # chooses it) is both the default and the menu's year.
    plans = list(Plan.objects.order_by("-year"))
    current = next((p for p in plans if p.status == Plan.Status.ACTIVE), plans[0] if plans else None)
    plan = current
    year = params.year_param(request.GET)
    if year is not None:
        plan = next((p for p in plans if p.year == year), None)
        if plan is None:
            raise Http404(_("There is no plan for %(year)s.") % {"year": year})
    if plan is None:
        return render(request, "plan/dashboard.html", {"plan": None})
    month = params.month_param(request.GET)
    years = [p.year for p in plans]

    def body():
        result = progress.compute(plan, month)
        return render_to_string(
            "plan/_dashboard_body.html",
            {
                "plan": plan,
                "progress": result,
                "plans": years,
                "month_choices": range(1, 13),
                "charts": _chart_blocks(result),
                "measure_statuses": Measure.Status.choices,
                "measure_totals": list(result.measure_status_counts.values()),
            },
        )

    # Everything below the page's frame is the same for every reader of this plan and month until the data
    # changes: computed and rendered once per data version, day and language (plan.dataversion).
    return render(
        request,
        "plan/dashboard.html",
        {
            "plan": plan,
            "nav_plan_year": current.year,
            "body": dataversion.cached("dashboard", (plan.pk, month, get_language()), body),
        },
    )


@login_required
def target_detail(request, year, code):
    plan = Plan.objects.for_request(request, year)
    result = progress.compute(plan, params.month_param(request.GET))
    item = result.target(code)
    if item is None:
        raise Http404(_("No such target in this plan."))
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
        },
    )


@login_required
def department_detail(request, code):
    department = get_object_or_404(Department, code=code)
    plan = Plan.objects.for_request(request)
    if plan is None:
        return render(request, "plan/department_detail.html", {"plan": None, "department": department})
    result = progress.compute(plan, params.month_param(request.GET))
    targets = [item for item in result.targets if item.target.department_id == department.pk]
    # The measures it leads or supports: the supported ones through one query on the co-departments table.
    supported = set(
        Measure.co_departments.through.objects.filter(department=department, measure__plan=plan).values_list(
            "measure_id", flat=True
        )
    )
    measures = [m for m in result.measures if m.lead_id == department.pk or m.pk in supported]
    reports = MonthlyReport.objects.filter(department=department, year=plan.year).order_by("month")
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
