"""Who hears of a 批示, through the project's one notice path (accounts.services.notice_send, e-mailed on
commit): at once on 交办, 催办, 退回, 办结 and a 延期 answer (to the departments; a submitted 反馈 and an asked
延期 to the leader who wrote it), and daily on 即将逾期 and 逾期 (`daily`, which accounts.reminders asks).

Each notice is keyed by its event (or, daily, by the 批示 and its due date), so it is sent once.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts import services
from accounts.models import Notice, User
from plan.formatting import date_text

from . import deadlines
from .models import Instruction, InstructionEvent, State
from .signals import instruction_event

Kind = InstructionEvent.Kind


def _staff(department_ids) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role=User.Role.STAFF, department_id__in=list(department_ids)
        ).order_by("pk")
    )


def _departments(instruction: Instruction, *, co: bool) -> list[int]:
    ids = [instruction.lead_id]
    if co:
        ids += [d.pk for d in instruction.co_departments.all()]
    return ids


def _writer(instruction: Instruction) -> list[User]:
    writer = instruction.written_by
    return [writer] if writer.is_active else []


def _subject(kind: str) -> str:
    return {
        Kind.ASSIGN: _("New instruction: %(number)s"),
        Kind.REMIND: _("Reminder on instruction %(number)s"),
        Kind.RETURN: _("Returned: instruction %(number)s"),
        Kind.ACCEPT: _("Done: instruction %(number)s"),
        Kind.APPROVE_EXTENSION: _("Extension approved: instruction %(number)s"),
        Kind.REFUSE_EXTENSION: _("Extension refused: instruction %(number)s"),
        Kind.REPORT: _("Report submitted: instruction %(number)s"),
        Kind.EXTEND: _("Extension asked: instruction %(number)s"),
    }[kind]


def _recipients(instruction: Instruction, kind: str) -> list[User]:
    if kind in (Kind.ASSIGN, Kind.REMIND, Kind.ACCEPT):
        return _staff(_departments(instruction, co=True))
    if kind in (Kind.RETURN, Kind.APPROVE_EXTENSION, Kind.REFUSE_EXTENSION):
        return _staff(_departments(instruction, co=False))
    if kind in (Kind.REPORT, Kind.EXTEND):
        return _writer(instruction)
    return []


def _send(recipients, *, key, level, subject, body, link) -> int:
    sent = 0
    for recipient in recipients:
        notice = services.notice_send(
            recipient=recipient, key=key, level=level, subject=subject, body=body, link=link
        )
        if notice is not None:
            sent += 1
            transaction.on_commit(lambda notice=notice: services.notice_email(notice), robust=True)
    return sent


def step_taken(instruction: Instruction, event: InstructionEvent) -> None:
    """The notices of one step, in the bureau's language whatever the language of the page."""
    recipients = _recipients(instruction, event.kind)
    if not recipients:
        return
    with override(settings.LANGUAGE_CODE):
        facts = {
            "number": instruction.number,
            "by": event.by,
            "text": instruction.summary,
            "due": date_text(instruction.due),
            "department": instruction.lead,
        }
        body = _(
            "%(by)s: %(step)s. Instruction: “%(text)s”; lead department %(department)s; due %(due)s."
        ) % {
            **facts,
            "step": event.get_kind_display(),
        }
        if event.text:
            body += "\n" + event.text
        _send(
            recipients,
            key=f"instruction-{event.kind}:{instruction.pk}:{event.pk}",
            level=Notice.Level.INFO,
            subject=_subject(event.kind) % facts,
            body=body,
            link=instruction.get_absolute_url(),
        )


def _daily_candidates(today: datetime.date):
    """The open, unreported 批示 whose due date is at most 2 days away or past."""
    horizon = today + datetime.timedelta(days=max(deadlines.NEAR_DAYS.values()))
    return (
        Instruction.objects.filter(
            state__in=(State.ASSIGNED, State.SIGNED, State.IN_PROGRESS), due__lte=horizon
        )
        .select_related("lead", "written_by")
        .prefetch_related("co_departments")
        .order_by("due", "pk")
    )


def daily(today: datetime.date, *, dry_run: bool = False):
    """(recipient, key, level, subject, body, link) of the day's 即将逾期 and 逾期 notices, for accounts.reminders:
    即将逾期 to the lead department's staff, 逾期 to them and to the leader who wrote it. Each new occasion (a
    批示 and its due date) also sends `instruction_event` once, unless it is a dry run."""
    instructions = list(_daily_candidates(today))
    staff: dict[int, list[User]] = {}
    for user in _staff({i.lead_id for i in instructions}):
        staff.setdefault(user.department_id, []).append(user)
    for instruction in instructions:
        if deadlines.overdue(instruction, today):
            kind, level = "overdue", Notice.Level.RED
            recipients = [*staff.get(instruction.lead_id, []), *_writer(instruction)]
            subject = _("Overdue: instruction %(number)s")
            body = _(
                "The instruction %(number)s (“%(text)s”) led by %(department)s was due on %(due)s and no "
                "report has been submitted."
            )
        elif deadlines.due_soon(instruction, today):
            kind, level = "due_soon", Notice.Level.BLUE
            recipients = [*staff.get(instruction.lead_id, []), *_writer(instruction)]
            subject = _("Due soon: instruction %(number)s")
            body = _("The instruction %(number)s (“%(text)s”) led by %(department)s is due on %(due)s.")
        else:
            continue
        facts = {
            "number": instruction.number,
            "text": instruction.summary,
            "department": instruction.lead,
            "due": date_text(instruction.due),
        }
        key = f"instruction-{kind}:{instruction.pk}:{instruction.due.isoformat()}"
        if not dry_run and not Notice.objects.filter(key=key).exists():
            instruction_event.send(sender=Instruction, instruction=instruction, event=None, kind=kind)
        for user in recipients:
            yield user, key, level, subject % facts, body % facts, instruction.get_absolute_url()
