from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from core import params

from .. import cache, measure_updates, registry
from ..forms import MeasureUpdateForm, MilestoneForm
from ..models import Department, Measure, Plan, Section, Target
from ..quotes import mark_paragraphs


@login_required
def plan_document(request, year):
    plan = Plan.objects.for_request(request, year)

    def body():
        sections = list(
            plan.sections.select_related("department").prefetch_related(
                Prefetch("targets", queryset=Target.objects.select_related("department")),
                Prefetch("measures", queryset=Measure.objects.select_related("lead")),
            )
        )
        for section in sections:
            section.items = [*section.targets.all(), *section.measures.all()]
            section.paragraphs = mark_paragraphs(section.text, section.items)
        return render_to_string("plan/_document.html", {"plan": plan, "sections": sections})

    # The same for every reader until the plan's text, targets, measures or departments change (plan.cache).
    [html] = cache.fetch(
        cache.current_tokens(),
        [
            (
                "document",
                cache.tables([Plan, Section, Target, Measure, Department]),
                (plan.pk, get_language()),
                body,
            )
        ],
    )
    return render(request, "plan/document.html", {"plan": plan, "body": html})


@login_required
def measure_list(request, year):
    plan = Plan.objects.for_request(request, year)
    today = timezone.localdate()
    departments = Department.objects.all()
    measures = (
        plan.measures.select_related("lead", "section").prefetch_related("co_departments").order_by("order")
    )
    selected = request.GET.get("department", "")
    if selected not in {department.code for department in departments}:
        selected = ""
    if selected:
        measures = measures.filter(lead__code=selected) | measures.filter(co_departments__code=selected)
        measures = measures.distinct()
    status = request.GET.get("status", "")
    if status in Measure.Status.values:
        measures = measures.filter(status=status)
    else:
        status = ""
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        measures = measures.filter(due__lt=today).exclude(status=Measure.Status.CLOSED)
    measures = list(measures)
    for measure in measures:
        measure.overdue = measure.is_overdue(today)
    return render(
        request,
        "plan/measure_list.html",
        {
            "plan": plan,
            "measures": measures,
            "departments": departments,
            "selected": selected,
            "statuses": Measure.Status.choices,
            "status": status,
            "overdue": overdue,
            "today": today,
        },
    )


@login_required
def measure_detail(
    request, year, code, update_form=None, update_versions=None, leader_typed=None, leader_version=None
):
    """A measure's page. A refused post comes back through here with what was typed: the progress form and
    the versions it carried (`update_versions`), or a leader's note or reason and the measure's version."""
    measure = get_object_or_404(
        Measure.objects.select_related("plan", "section", "lead").prefetch_related("co_departments"),
        plan__year=year,
        code=code,
    )
    today = timezone.localdate()
    user = request.user
    department_ids = measure_updates.measure_departments(measure)
    can_report = user.is_admin or (user.department_id in department_ids and not user.sees_everything)
    if update_form is None:
        # The month asked for (the month page links each of its measures with its month), else this month in
        # the plan's year, else December.
        month = params.month_param(request.GET) or (today.month if today.year == measure.plan.year else 12)
        update_form = MeasureUpdateForm(
            initial={"month": month, "progress_pct": measure.progress_pct, "status": measure.status}
        )
    if update_versions is None and can_report:
        # The version of the department's update for each month the form offers (0: none yet).
        department = measure_updates.reporting_department(user=user, measure=measure)
        update_versions = measure_updates.update_versions(
            measure=measure, department=department, year=measure.plan.year
        )
    updates = measure.updates.select_related("department", "created_by").prefetch_related("evidence")
    milestones = list(measure.milestones.all())
    for milestone in milestones:
        milestone.overdue = milestone.is_overdue(today)
    return render(
        request,
        "plan/measure_detail.html",
        {
            "plan": measure.plan,
            "measure": measure,
            "overdue": measure.is_overdue(today),
            "today": today,
            "updates": updates,
            "milestones": milestones,
            "can_report": can_report,
            "can_set_milestones": user.can_edit_department(measure.lead),
            "can_close": user.is_leader and measure.status == Measure.Status.DONE,
            "may_see_files": user.may_see_files(department_ids),
            "update_form": update_form,
            "update_versions": update_versions or {},
            "leader_typed": leader_typed or {},
            "leader_version": measure.version if leader_version is None else leader_version,
            "milestone_form": MilestoneForm(),
            "registers": registry.links_for_measure(measure.code),
            "badges": registry.badges_for(measure.plan, user),
            "history": measure.history.select_related("history_user").order_by("-history_date")[:20],
        },
    )
