"""督办's pages: the list, the write form, the timeline with the steps the reader may take, files and the
办理情况报告. Views only ask (selectors, supervision.states) and call the services."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import params, uploads
from core.error_lines import error_lines
from core.versions import ConflictError
from plan.models import Department, Measure, MonthlyReport, Plan, Target

from . import deadlines, document, selectors, services, states
from .forms import InstructionForm, StepForm
from .models import Instruction, InstructionEvent, InstructionFile, State

Kind = InstructionEvent.Kind
PAGE_SIZE = 50


def _on(request) -> datetime.date:
    """The date the page judges time at: ?on=YYYY-MM-DD, else today."""
    return params.parse_date(request.GET.get("on")) or timezone.localdate()


@login_required
def instruction_list(request):
    on = _on(request)
    user = request.user
    filters = selectors.Filters(
        state=request.GET.get("state", "") if request.GET.get("state") in State.values else "",
        department=params.search_param(request.GET, "department"),
        overdue=request.GET.get("overdue") == "1",
        this_week=request.GET.get("week") == "1",
    )
    rows = selectors.filtered(selectors.listed(user), filters, on)
    year = params.year_param(request.GET)
    if year is not None:
        rows = rows.filter(plan_year=year)
    for name in ("target", "measure"):
        code = params.search_param(request.GET, name)
        if code:
            rows = rows.filter(**{f"{name}__code": code})
    report = params.int_param(request.GET, "report", low=1, high=2**31 - 1)
    if report is not None:
        rows = rows.filter(report_id=report)
    mine = request.GET.get("mine") == "1" and user.department_id
    if mine:
        rows = rows.filter(state__in=(State.ASSIGNED, State.SIGNED, State.IN_PROGRESS))
        rows = rows.filter(lead_id=user.department_id) | rows.filter(co_departments=user.department_id)
        rows = rows.distinct()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.flag = deadlines.flag(row, on)
    return render(
        request,
        "supervision/list.html",
        {
            "page": page,
            "filters": filters,
            "on": on,
            "states": State.choices,
            "departments": Department.objects.all(),
            "may_write": services.may_write(user),
            "desk": selectors.desk(user, on) if user.department_id else None,
            "query": request.GET.urlencode(),
        },
    )


def _subject(data, year: int) -> dict:
    """The subject named by the form (or the button's link): a target, measure, month report or bulletin."""
    if data.get("target"):
        return {"target": get_object_or_404(Target, plan__year=year, code=data["target"])}
    if data.get("measure"):
        return {"measure": get_object_or_404(Measure, plan__year=year, code=data["measure"])}
    if data.get("report"):
        return {"report": get_object_or_404(MonthlyReport, pk=data["report"])}
    if data.get("bulletin"):
        try:
            b_year, b_month = (int(part) for part in str(data["bulletin"]).split("-"))
        except ValueError:
            raise Http404 from None
        if not 1 <= b_month <= 12:
            raise Http404
        return {"bulletin": (b_year, b_month)}
    return {}


def _subject_label(subject: dict) -> str:
    probe = Instruction(
        plan_year=0,
        target=subject.get("target"),
        measure=subject.get("measure"),
        report=subject.get("report"),
        bulletin_year=subject["bulletin"][0] if "bulletin" in subject else None,
        bulletin_month=subject["bulletin"][1] if "bulletin" in subject else None,
    )
    return probe.subject_label


def _default_lead(subject: dict):
    if "target" in subject:
        return subject["target"].department_id
    if "measure" in subject:
        return subject["measure"].lead_id
    if "report" in subject:
        return subject["report"].department_id
    return None


@login_required
def instruction_new(request):
    user = request.user
    if not services.may_write(user):
        raise PermissionDenied(_("Only a leader writes an instruction (or the office on a leader's behalf)."))
    source = request.POST if request.method == "POST" else request.GET
    year = params.year_param(source)
    plan = Plan.objects.filter(year=year).first() if year is not None else Plan.objects.current()
    unknown_year = plan is None and year is not None and request.method == "POST"
    if unknown_year:
        # A form posted for a year without a plan comes back with what was typed, not as a missing page.
        plan = Plan.objects.current()
    if plan is None:
        raise Http404(_("No plan is loaded yet."))
    named = {
        "target": params.search_param(source, "target"),
        "measure": params.search_param(source, "measure"),
        "report": params.int_param(source, "report", low=1, high=2**31 - 1),
        "bulletin": params.search_param(source, "bulletin"),
    }
    try:
        subject = _subject(named, plan.year)
    except Http404:
        if request.method != "POST":
            raise
        subject, unknown_subject = {}, True
    else:
        unknown_subject = False
    if request.method == "POST":
        form = InstructionForm(request.POST, for_leader=user.is_leader)
        if unknown_year:
            form.add_error(None, _("There is no plan for %(year)s.") % {"year": year})
        if unknown_subject:
            form.add_error(None, _("What the instruction was to be written on is not in the plan."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                instruction = services.instruction_create(
                    by=user,
                    written_by=data.get("written_by"),
                    text=data["text"],
                    lead=data["lead"],
                    co_departments=list(data["co_departments"]),
                    urgency=data["urgency"],
                    due=data["due"],
                    year=plan.year,
                    **subject,
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(
                    request, _("The instruction is assigned to %(lead)s.") % {"lead": data["lead"]}
                )
                return redirect(instruction)
    else:
        initial = {"year": plan.year, "lead": _default_lead(subject)}
        for name in ("target", "measure", "report", "bulletin"):
            initial[name] = source.get(name, "")
        form = InstructionForm(initial=initial, for_leader=user.is_leader)
    return render(
        request,
        "supervision/new.html",
        {"form": form, "plan": plan, "subject_label": _subject_label(subject)},
        status=400 if form.errors else 200,
    )


def _instruction(request, pk) -> Instruction:
    instruction = get_object_or_404(
        Instruction.objects.select_related(
            "lead", "written_by", "entered_by", "target", "measure", "report__department"
        ).prefetch_related("co_departments"),
        pk=pk,
    )
    services.ensure_may_see(request.user, instruction)
    return instruction


# The step's button and what its form asks.
STEP_FORMS = {
    Kind.SIGN: {"button": "btn-primary"},
    Kind.REPLY: {"button": "btn-outline-primary"},
    Kind.REPORT: {"button": "btn-primary"},
    Kind.ACCEPT: {"button": "btn-success"},
    Kind.RETURN: {"button": "btn-outline-danger"},
    Kind.EXTEND: {"button": "btn-outline-secondary", "due": True},
    Kind.APPROVE_EXTENSION: {"button": "btn-outline-success"},
    Kind.REFUSE_EXTENSION: {"button": "btn-outline-danger"},
    Kind.REMIND: {"button": "btn-outline-warning"},
    Kind.STOP: {"button": "btn-outline-dark"},
}


@login_required
def instruction_detail(request, pk, *, failed=None, status=200):
    instruction = _instruction(request, pk)
    on = _on(request)
    events = list(
        instruction.events.select_related("by", "department").prefetch_related("files").order_by("at", "pk")
    )
    steps = []
    for step in states.allowed_steps(request.user, instruction):
        if step == Kind.EXTEND and on > instruction.due:
            continue
        if step in (Kind.APPROVE_EXTENSION, Kind.REFUSE_EXTENSION) and instruction.asked_due is None:
            continue
        if step == Kind.EXTEND and instruction.asked_due is not None:
            continue
        form = failed if failed is not None and failed.data.get("step") == step else None
        form = form or StepForm(initial={"step": step, "version": instruction.version})
        if step not in states.WITH_FILES:
            del form.fields["files"]
        if not STEP_FORMS[step].get("due"):
            del form.fields["due"]
        steps.append(
            {
                "step": step,
                "label": Kind(step).label,
                "form": form,
                "needs_text": step in states.NEEDS_TEXT,
                "files": step in states.WITH_FILES,
                **STEP_FORMS[step],
            }
        )
    return render(
        request,
        "supervision/detail.html",
        {
            "instruction": instruction,
            "events": events,
            "steps": steps,
            "on": on,
            "flag": deadlines.flag(instruction, on),
            "sign_overdue": deadlines.sign_overdue(instruction, on),
            "on_time": deadlines.on_time(instruction),
        },
        status=status,
    )


@login_required
@require_POST
def instruction_step(request, pk):
    instruction = _instruction(request, pk)
    # A step the reader may not take now is refused as such (whatever else is posted); a post from a page
    # opened at another version goes on, for the service to refuse as a conflict, showing what changed.
    version = params.version_param(request.POST)
    stale = version is not None and version != instruction.version
    if not stale and request.POST.get("step") not in states.allowed_steps(request.user, instruction):
        raise PermissionDenied(_("You may not take this step on this instruction."))
    form = StepForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.instruction_step(
                instruction=instruction,
                step=data["step"],
                by=request.user,
                text=data["text"],
                expected_version=data["version"],
                due=data.get("due"),
                files=data.get("files") or (),
            )
        except ConflictError as error:
            form.add_error(None, error)
        except ValidationError as error:
            for line in error_lines(error, {"text": _("Text"), "due": _("Due on"), "files": _("Files")}):
                form.add_error(None, line)
        else:
            messages.success(request, _("Saved: %(step)s.") % {"step": Kind(data["step"]).label})
            return redirect(instruction)
    return instruction_detail(request, pk, failed=form, status=409 if _conflict(form) else 400)


def _conflict(form) -> bool:
    return any(getattr(e, "code", "") == "stale" for e in form.non_field_errors().as_data())


@login_required
def instruction_file(request, pk):
    """An evidence file, for those who may see its 批示 only."""
    attached = get_object_or_404(InstructionFile.objects.select_related("event__instruction"), pk=pk)
    services.ensure_may_see(request.user, attached.event.instruction)
    return uploads.serve(attached.file, download_name=attached.name)


@login_required
def instruction_document(request, pk):
    """The 办理情况报告 (一事一文) as a Word file."""
    instruction = _instruction(request, pk)
    content = document.docx_bytes(instruction)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = f"instruction-{instruction.plan_year}-{instruction.pk}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
