import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.validators import validate_texts
from registers.services import ensure_can_change

from .models import EventTask, OutreachEvent


def _date(value, field):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({field: _("Enter a date as YYYY-MM-DD.")}) from None


@transaction.atomic
def task_create(*, user, event: OutreachEvent, title: str, owner: str = "", due_on=None) -> EventTask:
    from .registers import OUTREACH_EVENTS

    ensure_can_change(user=user, spec=OUTREACH_EVENTS)
    task = EventTask(
        event=event, title=title.strip(), owner=owner.strip(), due_on=_date(due_on, "due_on"), created_by=user
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
