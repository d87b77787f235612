from django import template
from django.db.models import Prefetch, Q

from plan.models import Measure, MeasureUpdate

register = template.Library()


@register.inclusion_tag("plan/_report_measures.html")
def report_measure_updates(report):
    """The department's measures (as lead or co-department) and its update on each for the report's month,
    in three queries: the measures, their updates of that month, and the updates' evidence."""
    updates = MeasureUpdate.objects.filter(
        department_id=report.department_id, year=report.year, month=report.month
    ).prefetch_related("evidence")
    measures = list(
        Measure.objects.filter(plan__year=report.year)
        .filter(Q(lead_id=report.department_id) | Q(co_departments__id=report.department_id))
        .distinct()
        .select_related("plan")
        .prefetch_related(Prefetch("updates", queryset=updates, to_attr="month_updates"))
        .order_by("order")
    )
    for measure in measures:
        measure.month_update = measure.month_updates[0] if measure.month_updates else None
    return {
        "report": report,
        "measures": measures,
        "missing": sum(1 for m in measures if m.month_update is None and m.status != Measure.Status.CLOSED),
    }
