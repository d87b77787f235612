import datetime

from django.db import transaction

from core.params import date_field
from core.validators import validate_texts
from registers.services import ensure_can_change

from .models import EventTask, OutreachEvent


@transaction.atomic
def task_create(*, user, event: OutreachEvent, title: str, owner: str = "", due_on=None) -> EventTask:
    from .registers import OUTREACH_EVENTS

    ensure_can_change(user=user, spec=OUTREACH_EVENTS)
    task = EventTask(
        event=event,
        title=title.strip(),
        owner=owner.strip(),
        due_on=date_field(due_on, "due_on"),
        created_by=user,
    )
    validate_texts(task)
    task.full_clean()
    task._history_user = user
    task.save()
    return task


@transaction.atomic
def task_set_done(*, user, task: EventTask, done: bool, on: datetime.date | None = None) -> EventTask:
    from .registers import OUTREACH_EVENTS

    ensure_can_change(user=user, spec=OUTREACH_EVENTS)
    task.done_on = (on or datetime.date.today()) if done else None
    task.full_clean()
    task._history_user = user
    task.save()
    return task
