"""The bulletin's pages: the month's bulletin beside its numbers, the draft's edit form, issuing, the archive
and the downloads (Word, Excel).

Everyone signed in reads; the office and the admins draft, edit and issue (bulletin.services.can_edit), and
the services check it again whatever the client sends.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import params
from plan import progress
from plan.models import Measure, Plan

from . import services, wording, workbook
from .forms import BulletinForm
from .models import Bulletin

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _month(month: int) -> int:
    if not 1 <= month <= 12:
        raise Http404(_("No such month."))
    return month


def _version(request) -> int | None:
    return params.version_param(request.POST)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def bulletin_page(request, year):
    plan = get_object_or_404(Plan, year=year)
    # The actuals from the cache the dashboard fills.
    result = progress.compute(plan, params.month_param(request.GET), cached=True)
    # The month's draft and issues in one query.
    of_month = list(
        Bulletin.objects.filter(plan=plan, month=result.month).select_related("issued_by").order_by("-number")
    )
    issues = [b for b in of_month if b.is_issued]
    bulletin = next((b for b in of_month if not b.is_issued), issues[0] if issues else None)
    drafted = None if bulletin is not None else wording.draft(result)
    return render(
        request,
        "bulletin/page.html",
        {
            "plan": plan,
            "progress": result,
            "measure_statuses": Measure.Status.choices,
            "bulletin": bulletin,
            "title": bulletin.title if bulletin else drafted.title,
            "paragraphs": bulletin.paragraphs if bulletin else drafted.paragraphs,
            "issues": issues,
            "can_edit": services.can_edit(request.user),
        },
    )


@login_required
def bulletin_xlsx(request, year):
    plan = get_object_or_404(Plan, year=year)
    result = progress.compute(plan, params.month_param(request.GET), cached=True)
    return _attachment(workbook.workbook_bytes(result), XLSX, f"bulletin-{result.as_of}.xlsx")


@login_required
def bulletin_docx(request, year):
    plan = get_object_or_404(Plan, year=year)
    month = params.month_param(request.GET) or progress.compute(plan).month
    content, filename = services.month_docx(plan, month)
    return _attachment(content, DOCX, filename)


@login_required
def bulletin_edit(request, year, month):
    """The draft's plain form: the title, the text (a paragraph per line) and the distribution."""
    plan = get_object_or_404(Plan, year=year)
    services.ensure_can_edit(request.user)
    bulletin = services.bulletin_draft(user=request.user, plan=plan, month=_month(month))
    conflict = None
    status = 200
    if request.method == "POST":
        form = BulletinForm(request.POST)
        if form.is_valid():
            try:
                services.bulletin_save(
                    user=request.user,
                    bulletin=bulletin,
                    expected_version=_version(request),
                    **form.cleaned_data,
                )
            except services.ConflictError as error:
                form.add_error(None, error)
                conflict = Bulletin.objects.get(pk=bulletin.pk)
                # The form now carries the other person's version, so saving again overwrites knowingly.
                bulletin = conflict
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect("bulletin:edit", plan.year, month)
        status = 400
    else:
        form = BulletinForm(
            initial={"title": bulletin.title, "body": bulletin.body, "distribution": bulletin.distribution}
        )
    history = bulletin.history.select_related("history_user").order_by("-history_date")[:50]
    return render(
        request,
        "bulletin/edit.html",
        {
            "plan": plan,
            "nav_plan_year": plan.year,
            "bulletin": bulletin,
            "form": form,
            "conflict": conflict,
            "history": history,
            "corrects": services.latest_issued(plan, month),
        },
        status=status,
    )


@login_required
@require_POST
def bulletin_redraft(request, year, month):
    plan = get_object_or_404(Plan, year=year)
    services.ensure_can_edit(request.user)
    bulletin = services.draft_of(plan, _month(month))
    if bulletin is None:
        return redirect("bulletin:edit", plan.year, month)
    try:
        services.bulletin_redraft(user=request.user, bulletin=bulletin, expected_version=_version(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The text is drafted again from the figures."))
    return redirect("bulletin:edit", plan.year, month)


@login_required
@require_POST
def bulletin_issue(request, year, month):
    plan = get_object_or_404(Plan, year=year)
    services.ensure_can_edit(request.user)
    bulletin = services.draft_of(plan, _month(month))
    if bulletin is None:
        messages.error(request, _("There is no draft of this month to issue."))
        return redirect("bulletin:edit", plan.year, month)
    if request.POST.get("confirm") != "1":
        # Issuing takes a number for good: the first post only asks, naming the number it would take.
        return render(
            request,
            "bulletin/issue_confirm.html",
            {
                "plan": plan,
                "nav_plan_year": plan.year,
                "bulletin": bulletin,
                "version": _version(request),
                "number": _("%(year)s issue %(number)s")
                % {"year": plan.year, "number": services.next_number(plan)},
                "corrects": services.latest_issued(plan, month),
            },
        )
    try:
        issued = services.bulletin_issue(
            user=request.user, bulletin=bulletin, expected_version=_version(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("bulletin:edit", plan.year, month)
    messages.success(request, _("Issued as %(number)s.") % {"number": issued.issue_label})
    return redirect("bulletin:issued", issued.pk)


@login_required
def bulletin_archive(request):
    bulletins = (
        Bulletin.objects.issued()
        .select_related("plan", "issued_by", "corrects__plan")
        .order_by("-plan__year", "-number")
    )
    plan = Plan.objects.current()
    return render(
        request,
        "bulletin/archive.html",
        {"bulletins": bulletins, "nav_plan_year": plan.year if plan else None},
    )


def _issued(pk) -> Bulletin:
    return get_object_or_404(
        Bulletin.objects.issued().select_related("plan", "issued_by", "corrects__plan"), pk=pk
    )


@login_required
def bulletin_issued(request, pk):
    bulletin = _issued(pk)
    return render(
        request,
        "bulletin/issued.html",
        {
            "bulletin": bulletin,
            "nav_plan_year": bulletin.plan.year,
            "corrections": bulletin.corrections.order_by("number"),
        },
    )


@login_required
def bulletin_issued_docx(request, pk):
    bulletin = _issued(pk)
    filename = f"bulletin-{bulletin.plan.year}-{bulletin.month:02d}-{bulletin.number}.docx"
    return _attachment(bytes(bulletin.document), DOCX, filename)
