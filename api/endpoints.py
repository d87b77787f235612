"""The API of docs/interface.md, served by django-ninja so that its OpenAPI description (/api/v1/openapi.json, and
the page /api/v1/docs) is made from the same declarations that answer the requests.

Every operation logs in by the browser's session or an API token (api.auth), answers errors as
`{"error": "…"}` in the user's language, and asks the selectors the pages use: plan.progress (through the
cached answer of api.answers), assessment.scores, and supervision's services for 督办. A step out of order is
409, a wrong person 403, a stale version 409 — nothing changed.
"""

import datetime
import json
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError

from assessment import scores
from assessment import services as assessment
from core import months, versions
from plan import progress
from plan.models import Department, Measure, MonthlyReport, Plan, Target
from supervision import deadlines, selectors
from supervision import services as supervision
from supervision.models import Instruction, InstructionEvent, State, Urgency

from . import answers, schemas
from .auth import TokenOrSession, user_from_request
from .json_errors import error_response


def _logged_in(view):
    """The description and its page, like every answer of the API, for a logged-in account only."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if user_from_request(request) is None:
            return error_response(401, _("Log in, or send an API token: Authorization: Bearer <key>."))
        return view(request, *args, **kwargs)

    return wrapped


api = NinjaAPI(
    title="呼和浩特市商务局工作要点跟踪 API",
    version="1",
    description=(
        "Progress against the plan, the departments' 考核 scores, and 督办 (leaders' instructions tracked to "
        "the end). Log in with the browser's session or `Authorization: Bearer <key>` (manage.py apitoken)."
    ),
    auth=TokenOrSession(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    docs_decorator=_logged_in,
)

ERRORS = {400: schemas.Error, 401: schemas.Error, 403: schemas.Error, 404: schemas.Error}


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return error_response(401, _("Log in, or send an API token: Authorization: Bearer <key>."))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return error_response(403, str(exc) or _("You may not do this."))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(404, str(exc) or _("Not found."))


@api.exception_handler(versions.ConflictError)
def _stale(request, exc):
    return error_response(409, " ".join(exc.messages))


@api.exception_handler(ValidationError)
def _refused(request, exc):
    # A step out of order, or a rule of the step not met: nothing changed.
    if hasattr(exc, "error_dict"):
        text = "；".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
    else:
        text = " ".join(exc.messages)
    return error_response(409, text)


@api.exception_handler(SchemaError)
def _bad_request(request, exc):
    problems = []
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path"))
        problems.append(f"{where}: {error.get('msg', '')}" if where else str(error.get("msg", "")))
    return error_response(400, "；".join(problems) or _("The request is not valid."))


def _bad(message):
    return error_response(400, message)


def _month_of(as_of: str | None, year: int) -> int | None:
    """The month of ?as_of=YYYY-MM, None without it; ValueError with the message otherwise."""
    if as_of is None:
        return None
    try:
        if not answers.AS_OF.fullmatch(as_of):
            raise ValueError
        as_of_year, month = months.parse_year_month(as_of)
    except ValueError:
        raise ValueError(_("as_of: “%(value)s” is not a month written YYYY-MM.") % {"value": as_of}) from None
    if as_of_year != year:
        raise ValueError(
            _("as_of: %(value)s is not a month of the %(year)s plan.") % {"value": as_of, "year": year}
        )
    return month


def _plan(year: int) -> Plan:
    plan = Plan.objects.filter(year=year).first()
    if plan is None:
        raise Http404(_("There is no plan for %(year)s.") % {"year": year})
    return plan


def _json(data, status=200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, default=str), status=status, content_type="application/json"
    )


@api.get(
    "/progress/{year}/",
    response={200: schemas.ProgressOut, **ERRORS},
    summary="Progress against the plan",
    url_name="progress",
)
def progress_answer(request, year: int, as_of: str | None = None):
    """The plan's progress as of a month (default: the dashboard's default month): targets, measures, and the
    departments' months. The same numbers as the dashboard, from the same cached computation."""
    plan = _plan(year)
    try:
        month = _month_of(as_of, year)
    except ValueError as error:
        return _bad(str(error))
    return HttpResponse(answers.progress_answer(plan, month), content_type="application/json")


@api.get(
    "/scores/{year}/",
    response={200: schemas.ScoresOut, **ERRORS},
    summary="考核 scores with their lines",
    url_name="scores",
)
def scores_answer(request, year: int, as_of: str | None = None):
    """Each department's score and its lines (leaders, admins, the office); staff get their own department."""
    user = request.auth
    plan = _plan(year)
    try:
        month = _month_of(as_of, year)
    except ValueError as error:
        return _bad(str(error))
    everyone = assessment.sees_every_score(user)
    if not everyone and user.department_id is None:
        raise PermissionDenied(_("This account belongs to no department."))
    result = scores.compute(plan, month if month is not None else progress.compute(plan).month)
    answer = result.as_api()
    if not everyone:
        answer["departments"] = [row for row in answer["departments"] if row["code"] == user.department.code]
    return _json(answer)


# -- 督办 ------------------------------------------------------------------------------------------------------

STEP_NAMES = {kind.replace("_", "-"): kind for kind in InstructionEvent.Kind.values if kind != "assign"}


def _instruction_out(instruction: Instruction, on: datetime.date) -> dict:
    subject = {}
    if instruction.target_id:
        subject["target"] = instruction.target.code
    elif instruction.measure_id:
        subject["measure"] = instruction.measure.code
    elif instruction.report_id:
        report = instruction.report
        subject["report"] = f"{report.department.code}/{report.year}-{report.month:02d}"
    elif instruction.bulletin_year:
        subject["bulletin"] = f"{instruction.bulletin_year}-{instruction.bulletin_month:02d}"
    return {
        "id": instruction.pk,
        "number": instruction.number,
        "year": instruction.plan_year,
        "text": instruction.text,
        "on": subject,
        "lead": instruction.lead.code,
        "co": sorted(department.code for department in instruction.co_departments.all()),
        "urgency": instruction.urgency,
        "state": instruction.state,
        "assigned_on": instruction.assigned_on.isoformat(),
        "due": instruction.due.isoformat(),
        "asked_due": instruction.asked_due.isoformat() if instruction.asked_due else None,
        "overdue": deadlines.overdue(instruction, on),
        "sign_overdue": deadlines.sign_overdue(instruction, on),
        "written_by": instruction.written_by.username,
        "entered_by": instruction.entered_by.username if instruction.entered_by_id else None,
        "version": instruction.version,
        "url": instruction.get_absolute_url(),
        "events": [
            {
                "kind": event.kind,
                "by": event.by.username,
                "at": event.at.isoformat(),
                "text": event.text,
                "department": event.department.code if event.department_id else None,
                "old_due": event.old_due.isoformat() if event.old_due else None,
                "new_due": event.new_due.isoformat() if event.new_due else None,
                "files": [file.name for file in event.files.all()],
            }
            for event in instruction.events.all()
        ],
    }


def _with_events(queryset):
    return queryset.select_related(
        "lead", "written_by", "entered_by", "target", "measure", "report__department"
    ).prefetch_related("co_departments", "events__by", "events__department", "events__files")


@api.get(
    "/instructions/",
    response={200: schemas.InstructionListOut, **ERRORS},
    summary="The 批示 one may see",
    url_name="instructions",
)
def instruction_list(
    request,
    year: int | None = None,
    state: str | None = None,
    department: str | None = None,
    overdue: bool = False,
):
    """Leaders, admins and the 办公室 see every 批示; staff their department's (lead or co)."""
    on = timezone.localdate()
    if year is None:
        current = Plan.objects.current()
        year = current.year if current else on.year
    if state is not None and state not in State.values:
        return _bad(
            _("state: “%(value)s” is not one of %(values)s.")
            % {"value": state, "values": ", ".join(State.values)}
        )
    queryset = selectors.filtered(
        Instruction.objects.visible_to(request.auth).filter(plan_year=year),
        selectors.Filters(state=state or "", department=department or "", overdue=overdue),
        on,
    )
    rows = [_instruction_out(row, on) for row in _with_events(queryset).order_by("-assigned_on", "-pk")]
    return _json({"year": year, "judged_on": on.isoformat(), "instructions": rows})


def _department(code: str, field: str) -> Department:
    department = Department.objects.filter(code=code).first()
    if department is None:
        raise ValidationError({field: [_("“%(value)s” is not a department's code.") % {"value": code}]})
    return department


def _subject(on: schemas.Subject, year: int) -> dict:
    given = {name: value for name, value in on.dict().items() if value}
    if len(given) > 1:
        raise ValidationError(_("An instruction is written on one thing at most."))
    if on.target:
        return {"target": get_object_or_404(Target, plan__year=year, code=on.target)}
    if on.measure:
        return {"measure": get_object_or_404(Measure, plan__year=year, code=on.measure)}
    if on.report:
        code, _slash, period = on.report.partition("/")
        try:
            report_year, month = months.parse_year_month(period)
        except ValueError:
            raise ValidationError({"on.report": [_("Write the report as DEPT/YYYY-MM.")]}) from None
        department = _department(code, "on.report")
        report, _created = MonthlyReport.objects.get_or_create(
            department=department, year=report_year, month=month
        )
        return {"report": report}
    if on.bulletin:
        try:
            return {"bulletin": months.parse_year_month(on.bulletin)}
        except ValueError:
            raise ValidationError({"on.bulletin": [_("Write the bulletin's month as YYYY-MM.")]}) from None
    return {}


@api.post(
    "/instructions/",
    response={201: schemas.InstructionOut, **ERRORS, 409: schemas.Error},
    summary="交办: write a 批示",
    url_name="instruction_create",
)
def instruction_create(request, payload: schemas.InstructionIn, year: int | None = None):
    """A leader writes a 批示 (an admin or the 办公室 on a leader's behalf, naming `written_by`)."""
    user = request.auth
    if not supervision.may_write(user):
        raise PermissionDenied(_("Only a leader writes an instruction (or the office on a leader's behalf)."))
    if payload.urgency not in Urgency.values:
        return _bad(
            _("urgency: “%(value)s” is not one of %(values)s.")
            % {"value": payload.urgency, "values": ", ".join(Urgency.values)}
        )
    current = Plan.objects.current()
    year = year or (current.year if current else timezone.localdate().year)
    written_by = None
    if payload.written_by:
        from accounts.models import User

        written_by = User.objects.filter(username=payload.written_by).first()
        if written_by is None:
            raise ValidationError({"written_by": [_("No such account.")]})
    instruction = supervision.instruction_create(
        by=user,
        text=payload.text,
        lead=_department(payload.lead, "lead"),
        co_departments=[_department(code, "co") for code in payload.co],
        urgency=payload.urgency,
        due=payload.due,
        year=year,
        written_by=written_by,
        **_subject(payload.on, year),
    )
    stored = _with_events(Instruction.objects).get(pk=instruction.pk)
    return _json(_instruction_out(stored, timezone.localdate()), status=201)


def _visible(request, pk: int) -> Instruction:
    instruction = _with_events(Instruction.objects).filter(pk=pk).first()
    if instruction is None or not supervision.may_see(request.auth, instruction):
        raise Http404(_("No such instruction."))
    return instruction


@api.get(
    "/instructions/{pk}/",
    response={200: schemas.InstructionOut, **ERRORS},
    summary="One 批示 with its steps",
    url_name="instruction",
)
def instruction_detail(request, pk: int):
    return _json(_instruction_out(_visible(request, pk), timezone.localdate()))


@api.post(
    "/instructions/{pk}/{step}/",
    response={200: schemas.InstructionOut, **ERRORS, 409: schemas.Error},
    summary="One step of a 批示",
    url_name="instruction_step",
)
def instruction_step(request, pk: int, step: str, payload: schemas.StepIn):
    """`step`: sign, reply, report, accept, return, extend (with `due`), approve-extension, refuse-extension,
    remind, stop. Send the `version` you saw: a stale one is refused (409)."""
    kind = STEP_NAMES.get(step)
    if kind is None:
        return error_response(404, _("No such step: %(step)s.") % {"step": step})
    instruction = _visible(request, pk)
    supervision.instruction_step(
        instruction=instruction,
        step=kind,
        by=request.auth,
        text=payload.text,
        expected_version=payload.version,
        due=payload.due,
    )
    return _json(_instruction_out(_visible(request, pk), timezone.localdate()))
