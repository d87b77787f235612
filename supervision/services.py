"""Writes of 督办: one function per step, so that a page or the JSON API is a thin layer over them.

- `instruction_create`: a leader writes a 批示 (or an admin / the 办公室 on a leader's behalf): 交办.
- `instruction_step`: every later step, by the table of `supervision.states`: who may, the state after; the
  event is written, the version bumped (a stale version is refused: nothing changes), the notices sent and
  `supervision.signals.instruction_event` sent.

Refusals: PermissionDenied when the person may not take the step, ValidationError (in Chinese on the page)
when the step does not fit the 批示 now, core.versions.ConflictError when someone else moved it first.
"""

import datetime
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import versions
from core.uploads import DOCUMENT_KINDS, UploadValidator
from core.validators import validate_texts

from . import deadlines, notices, states
from .models import OFFICE, Instruction, InstructionEvent, InstructionFile, State, Urgency
from .signals import instruction_event

Kind = InstructionEvent.Kind


def may_write(user) -> bool:
    """Leaders write 批示; admins and the 办公室's staff enter them on a leader's behalf."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_leader or user.is_admin or getattr(user.department, "code", None) == OFFICE


def may_see(user, instruction: Instruction) -> bool:
    return Instruction.objects.visible_to(user).filter(pk=instruction.pk).exists()


def ensure_may_see(user, instruction: Instruction) -> None:
    if not may_see(user, instruction):
        raise PermissionDenied(_("This instruction is for its departments, the office and the leaders."))


def _department_of(user):
    return user.department if user.department_id else None


def _validate_files(files) -> None:
    for upload in files:
        try:
            UploadValidator(kinds=DOCUMENT_KINDS)(upload)
        except ValidationError as error:
            raise ValidationError({"files": error.messages}) from error


def _event(instruction, *, kind, by, text, before, at, old_due=None, new_due=None) -> InstructionEvent:
    event = InstructionEvent(
        instruction=instruction,
        kind=kind,
        by=by,
        at=at,
        text=text,
        department=None if by.is_leader else _department_of(by),
        old_due=old_due,
        new_due=new_due,
        state_before=before,
        state_after=instruction.state,
    )
    validate_texts(event)
    event.full_clean()
    event._history_user = by
    event.save()
    return event


def _announce(instruction: Instruction, event: InstructionEvent) -> None:
    notices.step_taken(instruction, event)
    instruction_event.send(sender=Instruction, instruction=instruction, event=event, kind=event.kind)


@transaction.atomic
def instruction_create(
    *,
    by,
    text: str,
    lead,
    year: int,
    written_by=None,
    co_departments=(),
    urgency: str = Urgency.NORMAL,
    due: datetime.date | None = None,
    target=None,
    measure=None,
    report=None,
    bulletin: tuple[int, int] | None = None,
) -> Instruction:
    """交办: a new 批示 on at most one subject, due by its urgency or on `due`. A leader writes it as
    themselves; an admin or the 办公室 names the leader (`written_by`) and is recorded as having entered it."""
    if not may_write(by):
        raise PermissionDenied(_("Only a leader writes an instruction (or the office on a leader's behalf)."))
    if by.is_leader and written_by in (None, by):
        written_by, entered_by = by, None
    else:
        if written_by is None or not (written_by.is_active and written_by.is_leader):
            raise ValidationError({"written_by": _("Name the leader who gave the instruction.")})
        entered_by = by
    subjects = [s for s in (target, measure, report, bulletin) if s is not None]
    if len(subjects) > 1:
        raise ValidationError(_("An instruction is written on one thing at most."))
    today = timezone.localdate()
    if due is not None and due < today:
        raise ValidationError({"due": _("The due date cannot be in the past.")})
    co = [d for d in co_departments if d.pk != lead.pk]
    instruction = Instruction(
        plan_year=year,
        text=text.strip(),
        written_by=written_by,
        entered_by=entered_by,
        target=target,
        measure=measure,
        report=report,
        bulletin_year=bulletin[0] if bulletin else None,
        bulletin_month=bulletin[1] if bulletin else None,
        lead=lead,
        urgency=urgency,
        assigned_on=today,
        due=due or deadlines.due_from(urgency, today),
        state=State.ASSIGNED,
        version=1,
    )
    validate_texts(instruction)
    instruction.full_clean()
    instruction._history_user = by
    instruction.save()
    instruction.co_departments.set(co)
    event = _event(instruction, kind=Kind.ASSIGN, by=by, text="", before=State.ASSIGNED, at=timezone.now())
    _announce(instruction, event)
    return instruction


def _check_extra(instruction: Instruction, step: str, *, text: str, due, today: datetime.date) -> None:
    """What the table cannot say: the texts a step needs, and the rules of 延期."""
    if step in states.NEEDS_TEXT and not text:
        raise ValidationError({"text": _("Write what this step says (a reason, what was done).")})
    if step == Kind.EXTEND:
        if instruction.asked_due is not None:
            raise ValidationError(_("An extension is already waiting for a leader's answer."))
        if today > instruction.due:
            raise ValidationError(
                _("An extension is asked before the due date; this instruction is overdue.")
            )
        if due is None or due <= instruction.due:
            raise ValidationError({"due": _("Ask for a date later than the due date in force.")})
    if step in (Kind.APPROVE_EXTENSION, Kind.REFUSE_EXTENSION) and instruction.asked_due is None:
        raise ValidationError(_("No extension is waiting for an answer."))


@transaction.atomic
def instruction_step(
    *,
    instruction: Instruction,
    step: str,
    by,
    text: str = "",
    expected_version: int | None,
    due: datetime.date | None = None,
    files=(),
) -> Instruction:
    """Take `step` on `instruction` as `by`, by the table (supervision.states): returns the 批示 as saved."""
    if step not in states.STEPS:
        raise ValidationError(_("Unknown step."))
    stored = Instruction.objects.select_for_update().get(pk=instruction.pk)
    stored = (
        Instruction.objects.select_related("lead", "written_by")
        .prefetch_related("co_departments")
        .get(pk=stored.pk)
    )
    ensure_may_see(by, stored)
    versions.check_version(
        stored=stored.version,
        expected=expected_version,
        conflict_message=lambda: versions.stale_message(stored, expected_version, fields=["state", "due"]),
    )
    rule = states.rule(stored.state, step)
    if rule is None:
        raise ValidationError(
            _("This step cannot be taken while the instruction is “%(state)s”.")
            % {"state": stored.get_state_display()}
        )
    if not rule.who & states.personas(by, stored):
        raise PermissionDenied(_("You may not take this step on this instruction."))
    text = (text or "").strip()
    today = timezone.localdate()
    _check_extra(stored, step, text=text, due=due, today=today)
    if files and step not in states.WITH_FILES:
        raise ValidationError({"files": _("Files go with a reply or a report.")})
    _validate_files(files)

    before = stored.state
    old_due = new_due = None
    stored.state = rule.after
    if step == Kind.SIGN:
        stored.signed_on = today
    elif step == Kind.REPORT:
        stored.reported_on = today
    elif step == Kind.RETURN:
        stored.reported_on = None
    elif step in (Kind.ACCEPT, Kind.STOP):
        stored.closed_on = today
        stored.asked_due = None
    elif step == Kind.EXTEND:
        old_due, new_due = stored.due, due
        stored.asked_due = due
    elif step == Kind.APPROVE_EXTENSION:
        old_due, new_due = stored.due, stored.asked_due
        stored.due, stored.asked_due = stored.asked_due, None
    elif step == Kind.REFUSE_EXTENSION:
        old_due, new_due = stored.due, stored.asked_due
        stored.asked_due = None
    stored.version += 1
    stored._history_user = by
    stored.save()
    event = _event(
        stored,
        kind=step,
        by=by,
        text=text,
        before=before,
        at=timezone.now(),
        old_due=old_due,
        new_due=new_due,
    )
    for upload in files:
        InstructionFile.objects.create(event=event, file=upload, name=PurePosixPath(upload.name).name)
    _announce(stored, event)
    return stored
