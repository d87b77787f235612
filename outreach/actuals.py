"""The `overseas_projects` actual of the dashboard: projects 实现 (approved/registered) by each month's end."""

from collections import Counter
from decimal import Decimal

from plan.registry import Actuals

from .models import OverseasProject, Stage


def overseas_project_actuals(year: int) -> Actuals:
    """{month: projects 实现 by that month's end} for months 1–12, in one query."""
    rows = list(OverseasProject.objects.realised(year).values_list("approved_on", "is_sample"))
    per_month = Counter(approved_on.month for approved_on, _sample in rows)
    values, total = {}, 0
    for month in range(1, 13):
        total += per_month[month]
        values[month] = Decimal(total)
    return Actuals(values=values, sample=any(sample for _approved_on, sample in rows))


def projects_by_stage(year: int, month: int) -> list[tuple[str, int]]:
    """Every overseas project on the register by the stage it stands at now (the six stages, in order): one
    query. The register keeps the current stage, so this summary is today's picture whatever the month."""
    at_stage = Counter(OverseasProject.objects.values_list("stage", flat=True))
    return [(stage.label, at_stage[stage.value]) for stage in Stage]
