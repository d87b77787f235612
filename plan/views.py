from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from .models import Department, Measure, Plan, Target
from .text import mark_paragraphs


def _get_plan(year: int) -> Plan:
    return get_object_or_404(Plan, year=year)


@login_required
def plan_document(request, year):
    plan = _get_plan(year)
    sections = list(
        plan.sections.select_related("department").prefetch_related(
            Prefetch("targets", queryset=Target.objects.select_related("department")),
            Prefetch("measures", queryset=Measure.objects.select_related("lead")),
        )
    )
    for section in sections:
        section.items = [*section.targets.all(), *section.measures.all()]
        section.paragraphs = mark_paragraphs(section.text, section.items)
    return render(request, "plan/document.html", {"plan": plan, "sections": sections})


@login_required
def measure_list(request, year):
    plan = _get_plan(year)
    departments = Department.objects.all()
    measures = (
        plan.measures.select_related("lead", "section").prefetch_related("co_departments").order_by("order")
    )
    selected = request.GET.get("department", "")
    if selected:
        measures = measures.filter(lead__code=selected) | measures.filter(co_departments__code=selected)
        measures = measures.distinct()
    return render(
        request,
        "plan/measure_list.html",
        {"plan": plan, "measures": measures, "departments": departments, "selected": selected},
    )


@login_required
def measure_detail(request, year, code):
    measure = get_object_or_404(
        Measure.objects.select_related("plan", "section", "lead").prefetch_related("co_departments"),
        plan__year=year,
        code=code,
    )
    return render(request, "plan/measure_detail.html", {"plan": measure.plan, "measure": measure})
