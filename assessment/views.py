"""The 考核 pages. Every number comes from assessment.scores.compute; views only ask and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import params, tables
from plan import progress
from plan.models import Department, Plan

from . import documents, scores, services
from .forms import DecisionForm, ObjectionForm, SchemeForm
from .models import Objection, Scheme


def _month(request, plan) -> int:
    month = params.month_param(request.GET) or params.month_param(request.POST)
    return month if month is not None else progress.compute(plan).month


def _scores(request, year):
    plan = get_object_or_404(Plan, year=year)
    return scores.compute(plan, _month(request, plan))


@login_required
def ranking(request, year):
    if not services.sees_every_score(request.user):
        if request.user.department_id:
            return redirect("assessment:department", year, request.user.department.code)
        raise PermissionDenied
    plan = get_object_or_404(Plan, year=year)
    # Every month up to the one shown, the record read once: the last is the ranking, all draw the chart.
    results = scores.compute_months(plan, range(1, _month(request, plan) + 1))
    result = results[-1]
    ranked = sorted(result.departments, key=lambda row: (row.rank, row.department.order))
    chart = {
        "labels": [f"{m}月" for m in range(1, result.month + 1)],
        "series": scores.series(results),
        "name": _("Score"),
    }
    return render(
        request,
        "assessment/ranking.html",
        {
            "plan": result.plan,
            "scores": result,
            "ranked": ranked,
            "chart": chart,
            "month_choices": range(1, 13),
            "pending": Objection.objects.filter(year=year, state=Objection.State.PENDING).count(),
        },
    )


def _department_for(request, code):
    department = get_object_or_404(Department, code=code)
    if not (services.sees_every_score(request.user) or request.user.department_id == department.pk):
        raise PermissionDenied(_("Staff see their own department's scores only."))
    return department


def _department_page(request, year, code, *, objection_form=None, decision_forms=None, status=200):
    department = _department_for(request, code)
    result = _scores(request, year)
    row = result.for_department(department.code)
    today = timezone.localdate()
    deadline = services.objection_deadline(year, result.month)
    objections = list(
        Objection.objects.filter(year=year, department=department).select_related("raised_by", "decided_by")
    )
    decision_forms = decision_forms or {}
    for objection in objections:
        objection.form = decision_forms.get(objection.pk) or DecisionForm()
    return render(
        request,
        "assessment/department.html",
        {
            "plan": result.plan,
            "scores": result,
            "row": row,
            "department": department,
            "month_choices": range(1, 13),
            "may_object": request.user.department_id == department.pk and today <= deadline,
            "objection_deadline": deadline,
            "objection_form": objection_form,
            "objections": objections,
            "may_decide": services.may_decide(request.user),
        },
        status=status,
    )


@login_required
def department(request, year, code):
    return _department_page(request, year, code)


@login_required
@require_POST
def objection_raise(request, year, code):
    department = _department_for(request, code)
    form = ObjectionForm(request.POST)
    if form.is_valid():
        try:
            services.objection_raise(
                user=request.user,
                scores=_scores(request, year),
                department=department,
                line_key=form.cleaned_data["line"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your objection is recorded; the office will decide it."))
            return redirect(f"{_url(year, department.code)}?month={form.cleaned_data['month']}")
    return _department_page(request, year, code, objection_form=form, status=400)


@login_required
@require_POST
def objection_decide(request, pk):
    objection = get_object_or_404(Objection.objects.select_related("department"), pk=pk)
    if not services.may_decide(request.user):
        raise PermissionDenied(_("Only an administrator or the office may decide an objection."))
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.objection_decide(
                user=request.user,
                objection=objection,
                uphold=form.cleaned_data["uphold"],
                decision=form.cleaned_data["decision"],
                expected_version=params.version_param(request.POST),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect(f"{_url(objection.year, objection.department.code)}?month={objection.month}")
    request.GET = request.GET.copy()
    request.GET["month"] = str(objection.month)
    return _department_page(
        request, objection.year, objection.department.code, decision_forms={objection.pk: form}, status=400
    )


def _url(year, code):
    return reverse("assessment:department", args=[year, code])


@login_required
def scheme(request, year):
    plan = get_object_or_404(Plan, year=year)
    stored = Scheme.objects.filter(year=year).first()
    instance = stored or Scheme(year=year)
    may_edit = request.user.is_admin
    form = None
    if may_edit:
        bound = request.POST if request.method == "POST" else None
        form = SchemeForm(bound, instance=Scheme.objects.filter(year=year).first() or Scheme(year=year))
        if request.method == "POST" and form.is_valid():
            try:
                services.scheme_save(
                    user=request.user,
                    scheme=form.instance,
                    expected_version=params.version_param(request.POST),
                    reason=form.cleaned_data["reason"],
                    publish=form.cleaned_data["publish"],
                )
            except ValidationError as error:
                # A field's error (the reason) goes beside it; a stale save above the form.
                form.add_error(None, error)
            else:
                messages.success(request, _("The scheme is saved; every score of the year follows it."))
                return redirect("assessment:scheme", year)
    elif request.method == "POST":
        raise PermissionDenied(_("Only an administrator may change the assessment scheme."))
    history = (
        stored.history.select_related("history_user").order_by("-history_id") if stored is not None else []
    )
    return render(
        request,
        "assessment/scheme.html",
        {
            "plan": plan,
            "scheme": instance,
            "form": form,
            "version": stored.version if stored else 0,
            "history": history,
        },
        status=400 if form is not None and form.errors else 200,
    )


def _ensure_ranking(request):
    if not services.sees_every_score(request.user):
        raise PermissionDenied(
            _("Only leaders, administrators and the office see every department's scores.")
        )


@login_required
def workbook(request, year):
    _ensure_ranking(request)
    result = _scores(request, year)
    body = tables.write_table(documents.workbook_sheet(result), "xlsx")
    response = HttpResponse(body, content_type=tables.CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="scores-{result.as_of}.xlsx"'
    return response


@login_required
def document(request, year):
    _ensure_ranking(request)
    result = _scores(request, year)
    response = HttpResponse(
        documents.word_table(result),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="scores-{result.as_of}.docx"'
    return response
