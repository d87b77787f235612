"""The `overseas_projects` actual of the dashboard: projects 实现 (approved/registered) by each month's end."""

from django.db.models import Count

from plan.cumulative import cumulative_counts
from plan.registry import Actuals, batched

from .models import REALISED_STAGES, OverseasProject, Stage


def overseas_project_many(years: list[int]) -> dict[str, dict[int, Actuals]]:
    """{"overseas_projects": {year: Actuals}}: {month: projects 实现 by that month's end} for months 1–12 (the
    rule of OverseasProject.objects.realised), in one query."""
    realised = OverseasProject.objects.filter(stage__in=REALISED_STAGES)
    return {"overseas_projects": cumulative_counts(realised, "approved_on", years)}


overseas_project_actuals = batched(overseas_project_many, "overseas_projects", reads=[OverseasProject])


def projects_by_stage(year: int, month: int) -> list[tuple[str, int]]:
    """Every overseas project on the register by the stage it stands at now (the six stages, in order): one
    query. The register keeps the current stage, so this summary is today's picture whatever the month."""
    at_stage = dict(
        OverseasProject.objects.order_by().values("stage").annotate(n=Count("pk")).values_list("stage", "n")
    )
    return [(stage.label, at_stage.get(stage.value, 0)) for stage in Stage]


def overseas_project_facts(year: int, month: int) -> dict:
    """{"realised": [project names 核准/备案 within the year by the month's end], "signed": projects signed but
    not yet approved (today's stage: the register keeps only the current one)}."""
    realised = OverseasProject.objects.realised(year, month).order_by("approved_on", "name")
    return {
        "realised": list(realised.values_list("name", flat=True)),
        "signed": OverseasProject.objects.filter(stage=Stage.SIGNED).count(),
    }
