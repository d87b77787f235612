"""Writes of measure progress: monthly updates with evidence, milestones, and 销号 (closing) by a leader.

A department's updates for a month belong to its monthly report: once that month is submitted or approved,
`ensure_can_edit` refuses further changes until it is returned or unlocked. The lead department's latest
update sets `Measure.status` and `Measure.progress_pct`, which lists and the dashboard read.
"""

import datetime
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from core.params import date_field
from core.uploads import DOCUMENT_KINDS, UploadValidator
from core.validators import validate_texts

from . import signals
from .cycle import ensure_can_edit, ensure_one_line
from .models import Department, Measure, MeasureEvidence, MeasureUpdate, Milestone

REPORTED_STATUSES = [s for s in Measure.Status.values if s != Measure.Status.CLOSED]


def measure_departments(measure: Measure) -> list[int]:
    """The ids of the departments that report on `measure`: its lead and co-departments."""
    return [measure.lead_id, *(d.pk for d in measure.co_departments.all())]


def reporting_department(*, user, measure: Measure) -> Department:
    """The department on whose behalf `user` reports on `measure`, or PermissionDenied."""
    if user.is_authenticated and user.is_active and user.is_admin:
        return measure.lead
    if user.is_authenticated and user.department_id in measure_departments(measure):
        return user.department
    raise PermissionDenied(_("Only the measure's lead and co-departments report its progress."))


def _sync_measure(measure: Measure, *, user) -> None:
    """Set the measure's status and progress from its lead department's latest update."""
    latest = measure.updates.filter(department_id=measure.lead_id).order_by("-year", "-month").first()
    if latest is None or measure.status == Measure.Status.CLOSED:
        return
    if (measure.status, measure.progress_pct) != (latest.status, latest.progress_pct):
        measure.status, measure.progress_pct = latest.status, latest.progress_pct
        measure._history_user = user
        measure.save(update_fields=["status", "progress_pct"])
        update_change_reason(measure, _("Progress reported for %(period)s") % {"period": latest.period})


def validate_evidence(upload) -> None:
    try:
        UploadValidator(kinds=DOCUMENT_KINDS)(upload)
    except ValidationError as error:
        raise ValidationError({"evidence": error.messages}) from error


@transaction.atomic
def measure_update_save(
    *,
    user,
    measure: Measure,
    year: int,
    month: int,
    text: str,
    progress_pct: int,
    status: str,
    evidence=(),
    sample: bool = False,
) -> MeasureUpdate:
    """Create or replace the department's update on `measure` for the month, with optional evidence files."""
    department = reporting_department(user=user, measure=measure)
    ensure_can_edit(user=user, department=department, year=year, month=month)
    if measure.status == Measure.Status.CLOSED:
        raise ValidationError(_("This measure is closed (销号); it takes no more updates."))
    if status == Measure.Status.DONE and department.pk != measure.lead_id:
        raise ValidationError({"status": _("Only the lead department marks a measure done.")})
    update = MeasureUpdate.objects.filter(
        measure=measure, department=department, year=year, month=month
    ).first()
    update = update or MeasureUpdate(measure=measure, department=department, year=year, month=month)
    update.text, update.progress_pct, update.status = text.strip(), progress_pct, status
    update.is_sample = sample
    if update.pk is None:
        update.created_by = user
    if status == Measure.Status.DONE and progress_pct != 100:
        raise ValidationError({"progress_pct": _("A measure marked done is at 100%.")})
    for upload in evidence:
        validate_evidence(upload)
    validate_texts(update)
    update.full_clean()
    update._history_user = user
    update.save()
    for upload in evidence:
        name = PurePosixPath(upload.name).name
        MeasureEvidence.objects.create(update=update, file=upload, name=name, uploaded_by=user)
    _sync_measure(measure, user=user)
    return update


def _ensure_leader(user) -> None:
    if not (user.is_authenticated and user.is_active and user.is_leader):
        raise PermissionDenied(_("Only a leader closes a measure or sends it back."))


@transaction.atomic
def measure_close(*, user, measure: Measure, note: str = "") -> Measure:
    """销号: a leader closes a measure its lead department marked done."""
    _ensure_leader(user)
    ensure_one_line(note, "note")
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.status != Measure.Status.DONE:
        raise ValidationError(_("Only a measure its department marked done can be closed."))
    measure.status = Measure.Status.CLOSED
    measure._history_user = user
    measure.save(update_fields=["status"])
    update_change_reason(measure, _("Closed (销号)") + (f": {note.strip()}" if note.strip() else ""))
    return measure


@transaction.atomic
def measure_send_back(*, user, measure: Measure, reason: str) -> Measure:
    """A leader does not accept the measure as done: it goes back to 推进中, with the reason."""
    _ensure_leader(user)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the measure is sent back.")})
    ensure_one_line(reason, "reason")
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.status != Measure.Status.DONE:
        raise ValidationError(_("Only a measure its department marked done can be sent back."))
    measure.status = Measure.Status.IN_PROGRESS
    measure._history_user = user
    measure.save(update_fields=["status"])
    update_change_reason(measure, _("Sent back: %(reason)s") % {"reason": reason.strip()})
    signals.measure_sent_back.send(Measure, measure=measure, by=user, reason=reason.strip())
    return measure


def ensure_lead(user, measure: Measure) -> None:
    """Refuse (PermissionDenied) unless `user` may set the milestones of `measure`: its lead department."""
    if not (user.is_authenticated and user.can_edit_department(measure.lead)):
        raise PermissionDenied(_("Only the lead department sets a measure's milestones."))


@transaction.atomic
def milestone_create(*, user, measure: Measure, title: str, due) -> Milestone:
    ensure_lead(user, measure)
    due = date_field(due, "due")
    milestone = Milestone(measure=measure, title=title.strip(), due=due)
    validate_texts(milestone)
    milestone.full_clean()
    milestone._history_user = user
    milestone.save()
    return milestone


@transaction.atomic
def milestone_set_done(*, user, milestone: Milestone, done_on: datetime.date | None) -> Milestone:
    ensure_lead(user, milestone.measure)
    milestone.done_on = done_on
    milestone.full_clean()
    milestone._history_user = user
    milestone.save()
    return milestone
