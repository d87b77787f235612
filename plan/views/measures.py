"""Pages and actions of measure progress: report a month, attach evidence, milestones, 销号, evidence files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import params, uploads
from core.error_lines import report_errors
from core.versions import ConflictError, save_or_refuse

from .. import measure_updates
from ..forms import MeasureUpdateForm, MilestoneForm
from ..models import Measure, MeasureEvidence, Milestone


def get_measure(year: int, code: str) -> Measure:
    return get_object_or_404(
        Measure.objects.select_related("plan", "lead").prefetch_related("co_departments"),
        plan__year=year,
        code=code,
    )


def posted_update_versions(post) -> dict[int, int | None]:
    """The version of the department's update for each month, as the page showed them (version_<month>)."""
    return {month: params.version_param(post, f"version_{month}") for month in range(1, 13)}


@login_required
@require_POST
def update_save(request, year, code):
    """Save the department's progress for a month; on a problem the page comes back with what was typed."""
    from .document import measure_detail

    measure = get_measure(year, code)
    department = measure_updates.reporting_department(user=request.user, measure=measure)  # 403 otherwise
    form = MeasureUpdateForm(request.POST, request.FILES)
    # The page carries the version of the update of every month it offers; the save sends the chosen one's.
    update_versions = posted_update_versions(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        month = data["month"]

        def save(version):
            measure_updates.measure_update_save(
                user=request.user,
                measure=measure,
                year=year,
                month=month,
                text=data["text"],
                progress_pct=data["progress_pct"],
                status=data["status"],
                expected_version=version,
                evidence=[data["evidence"]] if data.get("evidence") else [],
            )

        try:
            saved, update_versions[month] = save_or_refuse(
                form,
                save,
                version=update_versions[month],
                stored_version=lambda: measure_updates.update_versions(
                    measure=measure, department=department, year=year
                )[month],
            )
        except PermissionDenied as refusal:
            # The department's month is submitted or approved: say so beside what was typed.
            form.add_error(None, str(refusal))
        else:
            if saved:
                messages.success(request, _("Progress for %(month)s月 is saved.") % {"month": month})
                # Back to the month just saved, not to the page's default month.
                return redirect(f"{measure.get_absolute_url()}?month={month}#update-card")
    response = measure_detail(request, year, code, update_form=form, update_versions=update_versions)
    response.status_code = 400
    return response


def _leader_step(request, year, code, step):
    """销号 or send back, as the page showed the measure. A refusal comes back on the page with what the
    leader typed: on a conflict the page shows the measure as it now is (and carries its version), on another
    problem it keeps the version it was opened at."""
    from .document import measure_detail

    measure = get_measure(year, code)
    version = params.version_param(request.POST)
    typed = {"note": request.POST.get("note", ""), "reason": request.POST.get("reason", "")}
    try:
        step(measure, version)
    except ConflictError as error:
        messages.error(request, error.message)
        version = None  # the page reads the measure's version anew
    except ValidationError as error:
        report_errors(request, error, {"note": _("Note"), "reason": _("Reason")})
    else:
        return redirect(measure.get_absolute_url())
    response = measure_detail(request, year, code, leader_typed=typed, leader_version=version)
    response.status_code = 400
    return response


@login_required
@require_POST
def measure_close(request, year, code):
    def close(measure, version):
        measure_updates.measure_close(
            user=request.user, measure=measure, note=request.POST.get("note", ""), expected_version=version
        )
        messages.success(request, _("The measure is closed (销号)."))

    return _leader_step(request, year, code, close)


@login_required
@require_POST
def measure_send_back(request, year, code):
    def send_back(measure, version):
        measure_updates.measure_send_back(
            user=request.user,
            measure=measure,
            reason=request.POST.get("reason", ""),
            expected_version=version,
        )
        messages.success(request, _("The measure is sent back to its department."))

    return _leader_step(request, year, code, send_back)


@login_required
@require_POST
def milestone_add(request, year, code):
    measure = get_measure(year, code)
    measure_updates.ensure_lead(request.user, measure)  # 403 before looking at what was sent
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            measure_updates.milestone_create(user=request.user, measure=measure, **form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, {"title": _("Milestone"), "due": _("Due on")})
        else:
            messages.success(request, _("The milestone is added."))
    else:
        for name, problems in form.errors.items():
            for problem in problems:
                messages.error(request, f"{form.fields[name].label}：{problem}")
    return redirect(measure.get_absolute_url())


@login_required
@require_POST
def milestone_done(request, pk):
    milestone = get_object_or_404(Milestone.objects.select_related("measure__plan", "measure__lead"), pk=pk)
    done_on = timezone.localdate() if request.POST.get("done") == "1" else None
    try:
        measure_updates.milestone_set_done(
            user=request.user,
            milestone=milestone,
            done_on=done_on,
            expected_version=params.version_param(request.POST),
        )
    except ConflictError as error:
        messages.error(request, error.message)
    return redirect(milestone.measure.get_absolute_url())


@login_required
def evidence_file(request, pk):
    """An evidence file, for the measure's departments, leaders and admins only."""
    evidence = get_object_or_404(
        MeasureEvidence.objects.select_related("update__measure").prefetch_related(
            "update__measure__co_departments"
        ),
        pk=pk,
    )
    if not request.user.may_see_files(measure_updates.measure_departments(evidence.update.measure)):
        raise PermissionDenied(_("This file is for the measure's departments and the bureau's leaders."))
    return uploads.serve(evidence.file, download_name=evidence.name)
