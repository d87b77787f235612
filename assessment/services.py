"""Writes of the 考核: the scheme (admins) and objections (a department raises, an admin or the 办公室 decides).

The window for an objection: a month's scores are settled at that month's reporting deadline (the date its
reports are judged by), and a department may object to a line of them until 5 days after it.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from core import versions
from core.validators import validate_reason, validate_texts
from plan.formatting import date_text
from plan.models import ReportingDeadline

from .models import Objection, Scheme

OBJECTION_DAYS = 5
OFFICE = "office"


def may_decide(user) -> bool:
    """Admins and the 办公室's staff decide objections (docs/rules.md, "考核")."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_admin or (user.department_id and user.department.code == OFFICE))
    )


def sees_every_score(user) -> bool:
    """Leaders and admins see every department's score, and so does the office, which decides objections."""
    return bool(user.is_authenticated and (user.sees_everything or may_decide(user)))


def objection_deadline(year: int, month: int) -> datetime.date:
    """The last day on which a line of the scores as of (year, month) may be objected to."""
    return ReportingDeadline.due_for(year, month) + datetime.timedelta(days=OBJECTION_DAYS)


def _reason(text: str, field: str = "reason") -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: _("Say why.")})
    try:
        validate_reason(text)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return text


@transaction.atomic
def scheme_save(
    *, user, scheme: Scheme, expected_version: int | None, reason: str = "", publish=False
) -> Scheme:
    """Save the year's scheme as the admin edited it. A published scheme changes only with a reason (kept in
    its history); the scores follow at once, for the whole year, since they are computed from it."""
    if not (user.is_authenticated and user.is_active and user.is_admin):
        raise PermissionDenied(_("Only an administrator may change the assessment scheme."))
    stored = Scheme.objects.select_for_update().filter(year=scheme.year).first()
    stored_version = stored.version if stored is not None else 0
    versions.check_version(
        stored=stored_version,
        expected=expected_version,
        conflict_message=lambda: versions.stale_message(stored, expected_version),
    )
    if reason or (stored is not None and stored.is_published):
        reason = _reason(reason)
    if stored is not None:
        scheme.pk = stored.pk
        scheme.published_at, scheme.published_by = stored.published_at, stored.published_by
    if publish and not scheme.is_published:
        scheme.published_at, scheme.published_by = timezone.now(), user
        reason = reason or _("Published")
    scheme.version = stored_version + 1
    scheme._history_user = user
    validate_texts(scheme)
    scheme.full_clean(exclude=["published_by"])
    scheme.save()
    if reason:
        update_change_reason(scheme, reason)
    return scheme


@transaction.atomic
def objection_raise(*, user, scores, department, line_key: str, reason: str, today=None) -> Objection:
    """A department's objection to one line of its scores as of `scores.month`, within the window."""
    today = today or timezone.localdate()
    if not (user.is_authenticated and user.is_active and user.department_id == department.pk):
        raise PermissionDenied(_("Only the department's own staff may object to its lines."))
    year, month = scores.plan.year, scores.month
    last_day = objection_deadline(year, month)
    if today > last_day:
        raise ValidationError(
            _("Objections to the scores as of %(period)s closed on %(date)s.")
            % {"period": scores.as_of, "date": date_text(last_day)}
        )
    row = scores.for_department(department.code)
    line = next((line for line in row.lines if line.key == line_key), None) if row else None
    if line is None or line.kind == "objection":
        raise ValidationError(_("That line is not among the department's scores."))
    if Objection.objects.filter(year=year, department=department, line_key=line_key).exists():
        raise ValidationError(_("This line has been objected to already."))
    objection = Objection(
        year=year,
        month=month,
        department=department,
        line_key=line_key,
        line_text=f"{line.reason} {line.points:+}"[:300],
        reason=_reason(reason),
        raised_by=user,
    )
    objection._history_user = user
    validate_texts(objection)
    objection.save()
    return objection


@transaction.atomic
def objection_decide(
    *, user, objection: Objection, uphold: bool, decision: str, expected_version: int | None
) -> Objection:
    if not may_decide(user):
        raise PermissionDenied(_("Only an administrator or the office may decide an objection."))
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    versions.check_version(
        stored=objection.version,
        expected=expected_version,
        conflict_message=lambda: versions.stale_message(objection, expected_version),
    )
    if objection.state != Objection.State.PENDING:
        raise ValidationError(_("This objection has been decided already."))
    objection.state = Objection.State.UPHELD if uphold else Objection.State.REJECTED
    objection.decision = _reason(decision, "decision")
    objection.decided_by, objection.decided_at = user, timezone.now()
    objection.version += 1
    objection._history_user = user
    objection.save()
    return objection
