"""Writes of measure progress: monthly updates with evidence, milestones, and 销号 (closing) by a leader.

A department's updates for a month belong to its monthly report: once that month is submitted or approved,
`ensure_can_edit` refuses further changes until it is returned or unlocked. The lead department's latest
update sets `Measure.status` and `Measure.progress_pct`, which lists and the dashboard read.

No lost update (core.versions): a department's update for a month, a milestone and the measure itself each
carry a version that the page sends back. The measure's version counts every change of the measure and of
what hangs under it (updates, milestones), so a leader closes (销号) or sends back only what they have seen.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from core import uploads, versions
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
    """Set the measure's status and progress from its lead department's latest update, and bump its version
    (`measure` is the row the caller locked)."""
    measure.version += 1
    latest = measure.updates.filter(department_id=measure.lead_id).order_by("-year", "-month").first()
    if (
        latest is not None
        and measure.status != Measure.Status.CLOSED
        and (measure.status, measure.progress_pct) != (latest.status, latest.progress_pct)
    ):
        measure.status, measure.progress_pct = latest.status, latest.progress_pct
        measure._history_user = user
        measure.save(update_fields=["status", "progress_pct", "version"])
        update_change_reason(measure, _("Progress reported for %(period)s") % {"period": latest.period})
    else:
        # Only the version: no row in the measure's history, which lists its status changes.
        Measure.objects.filter(pk=measure.pk).update(version=measure.version)


def _locked_measure(measure: Measure) -> Measure:
    return Measure.objects.select_related("plan", "lead").select_for_update(of=("self",)).get(pk=measure.pk)


def validate_evidence(upload) -> None:
    try:
        UploadValidator(kinds=DOCUMENT_KINDS)(upload)
    except ValidationError as error:
        raise ValidationError({"evidence": error.messages}) from error


@uploads.files_with_their_rows()
def measure_update_save(
    *,
    user,
    measure: Measure,
    year: int,
    month: int,
    text: str,
    progress_pct: int,
    status: str,
    expected_version: int | None,
    evidence=(),
    sample: bool = False,
) -> MeasureUpdate:
    """Create or replace the department's update on `measure` for the month, with optional evidence files.

    `expected_version` is the version of that update the page showed (0: the month had none): refused
    (core.versions.ConflictError, showing the other person's text, progress and status) when someone saved
    it since, or when no version is given."""
    department = reporting_department(user=user, measure=measure)
    ensure_can_edit(user=user, department=department, year=year, month=month)
    # The measure's row lock serialises the saves of its updates, the first save of a month's update too.
    measure = _locked_measure(measure)
    if measure.status == Measure.Status.CLOSED:
        raise ValidationError(_("This measure is closed (销号); it takes no more updates."))
    if status == Measure.Status.DONE and department.pk != measure.lead_id:
        raise ValidationError({"status": _("Only the lead department marks a measure done.")})
    update = MeasureUpdate.objects.filter(
        measure=measure, department=department, year=year, month=month
    ).first()
    versions.check_version(
        stored=update.version if update else 0,
        expected=expected_version,
        conflict_message=lambda: versions.stale_message(
            update, expected_version, fields=["text", "progress_pct", "status"]
        ),
    )
    update = update or MeasureUpdate(measure=measure, department=department, year=year, month=month)
    update.text, update.progress_pct, update.status = text.strip(), progress_pct, status
    update.is_sample = sample
    update.version += 1
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
        # A name longer than its column is kept shortened, its extension kept.
        name = uploads.upload_name(upload.name, MeasureEvidence._meta.get_field("name").max_length)
        MeasureEvidence.objects.create(update=update, file=upload, name=name, uploaded_by=user)
    _sync_measure(measure, user=user)
    return update


def update_versions(*, measure: Measure, department: Department, year: int) -> dict[int, int]:
    """The version of `department`'s update on `measure` for each month of `year` (0: no update yet), which
    the progress form carries for the month it saves."""
    stored = dict(
        MeasureUpdate.objects.filter(measure=measure, department=department, year=year).values_list(
            "month", "version"
        )
    )
    return {month: stored.get(month, 0) for month in range(1, 13)}


def _measure_changed(measure: Measure) -> str:
    """A leader's refusal: the measure (or its progress) changed since the page showed it; what it is now."""
    latest = measure.updates.select_related("department").order_by("-updated_at", "-pk").first()
    return _(
        "This measure changed after you opened the page, so nothing was done. It is now %(status)s at "
        "%(pct)s%%; the latest progress (%(period)s, %(department)s): %(text)s. Read it and decide again."
    ) % {
        "status": measure.get_status_display(),
        "pct": measure.progress_pct,
        "period": latest.period if latest else "—",
        "department": latest.department if latest else "—",
        "text": latest.text if latest else "—",
    }


def _check_measure_version(measure: Measure, expected_version: int | None) -> None:
    versions.check_version(
        stored=measure.version,
        expected=expected_version,
        conflict_message=lambda: _measure_changed(measure),
    )


def _ensure_leader(user) -> None:
    if not (user.is_authenticated and user.is_active and user.is_leader):
        raise PermissionDenied(_("Only a leader closes a measure or sends it back."))


def _leave_done(*, user, measure: Measure, expected_version, to, refusal: str, change_reason: str) -> Measure:
    """A leader's step from 已完成 to `to` (销号, or sent back), as the page showed the measure; refused with
    `refusal` when it is not done, with ConflictError when it changed since."""
    measure = _locked_measure(measure)
    _check_measure_version(measure, expected_version)
    if measure.status != Measure.Status.DONE:
        raise ValidationError(refusal)
    measure.status = to
    measure.version += 1
    measure._history_user = user
    measure.save(update_fields=["status", "version"])
    update_change_reason(measure, change_reason)
    return measure


@transaction.atomic
def measure_close(*, user, measure: Measure, expected_version: int | None, note: str = "") -> Measure:
    """销号: a leader closes a measure its lead department marked done, as the page showed it
    (`expected_version`: refused when it changed since, or when no version is given)."""
    _ensure_leader(user)
    ensure_one_line(note, "note")
    return _leave_done(
        user=user,
        measure=measure,
        expected_version=expected_version,
        to=Measure.Status.CLOSED,
        refusal=_("Only a measure its department marked done can be closed."),
        change_reason=_("Closed (销号)") + (f": {note.strip()}" if note.strip() else ""),
    )


@transaction.atomic
def measure_send_back(*, user, measure: Measure, reason: str, expected_version: int | None) -> Measure:
    """A leader does not accept the measure as done: it goes back to 推进中, with the reason. Refused when the
    measure changed since the page showed it (`expected_version`), or when no version is given."""
    _ensure_leader(user)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the measure is sent back.")})
    ensure_one_line(reason, "reason")
    measure = _leave_done(
        user=user,
        measure=measure,
        expected_version=expected_version,
        to=Measure.Status.IN_PROGRESS,
        refusal=_("Only a measure its department marked done can be sent back."),
        change_reason=_("Sent back: %(reason)s") % {"reason": reason.strip()},
    )
    signals.measure_sent_back.send(Measure, measure=measure, by=user, reason=reason.strip())
    return measure


def ensure_lead(user, measure: Measure) -> None:
    """Refuse (PermissionDenied) unless `user` may set the milestones of `measure`: its lead department."""
    if not (user.is_authenticated and user.can_edit_department(measure.lead)):
        raise PermissionDenied(_("Only the lead department sets a measure's milestones."))


def _bump_measure(measure: Measure) -> None:
    """A milestone changed: the measure's version counts it (no row in the measure's history)."""
    measure = _locked_measure(measure)
    Measure.objects.filter(pk=measure.pk).update(version=measure.version + 1)


@transaction.atomic
def milestone_create(*, user, measure: Measure, title: str, due) -> Milestone:
    """A new milestone (nothing to conflict with: a creation needs no version)."""
    ensure_lead(user, measure)
    due = date_field(due, "due")
    milestone = Milestone(measure=measure, title=title.strip(), due=due)
    validate_texts(milestone)
    milestone.full_clean()
    milestone._history_user = user
    milestone.save()
    _bump_measure(measure)
    return milestone


@transaction.atomic
def milestone_set_done(
    *, user, milestone: Milestone, done_on: datetime.date | None, expected_version: int | None
) -> Milestone:
    """Mark a milestone done (or open again) as the page showed it: refused when someone changed it since,
    or when no version is given."""
    ensure_lead(user, milestone.measure)
    stored = Milestone.objects.select_for_update().get(pk=milestone.pk)
    versions.check_version(
        stored=stored.version,
        expected=expected_version,
        conflict_message=lambda: versions.stale_message(stored, expected_version, fields=["done_on"]),
    )
    milestone.done_on = done_on
    milestone.version = stored.version + 1
    milestone.full_clean()
    milestone._history_user = user
    milestone.save()
    _bump_measure(milestone.measure)
    return milestone
