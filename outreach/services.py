import datetime

from django.db import transaction

from core import versions
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
def task_set_done(
    *, user, task: EventTask, done: bool, expected_version: int | None, on: datetime.date | None = None
) -> EventTask:
    """Mark a preparation task done (or open again) as the page showed it: refused (core.versions) when
    someone changed it since, or when no version is given."""
    from .registers import OUTREACH_EVENTS

    ensure_can_change(user=user, spec=OUTREACH_EVENTS)
    stored = EventTask.objects.select_for_update().get(pk=task.pk)
    versions.check_version(
        stored=stored.version,
        expected=expected_version,
        conflict_message=lambda: versions.stale_message(stored, expected_version, fields=["done_on"]),
    )
    task.done_on = (on or datetime.date.today()) if done else None
    task.version = stored.version + 1
    task.full_clean()
    task._history_user = user
    task.save()
    return task
