"""The months' reporting deadlines: an administrator moves one, or sets it back to the default, with a reason;
each change is versioned, so two administrators cannot overwrite each other unseen."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from core import versions

from ..models import ReportingDeadline


def _ensure_admin(user) -> None:
    if not (user.is_authenticated and user.is_active and user.is_admin):
        raise PermissionDenied(_("Only an administrator may change reporting deadlines."))


def deadline_version(*, year: int, month: int) -> int:
    """The version of a month's deadline that an editing page carries (0: never changed)."""
    row = ReportingDeadline.objects.filter(year=year, month=month).values_list("version", flat=True).first()
    return row or 0


def _deadline_for_change(*, year: int, month: int, expected_version: int | None) -> ReportingDeadline:
    """The month's deadline row, locked, if it is still at `expected_version` (core.versions); a new one at
    version 0 when the month has none. A row created meanwhile by someone else is a conflict too."""
    deadline = ReportingDeadline.objects.select_for_update().filter(year=year, month=month).first()
    if deadline is None:
        deadline = ReportingDeadline(year=year, month=month, version=0)
    versions.check_version(
        stored=deadline.version,
        expected=expected_version,
        conflict_message=lambda: versions.stale_message(deadline, expected_version, fields=["due_on"]),
    )
    return deadline


def _deadline_save(deadline: ReportingDeadline, *, user, reason: str, expected_version: int | None) -> None:
    deadline.version += 1
    deadline._history_user = user
    deadline.full_clean(validate_unique=False, validate_constraints=False)
    if deadline.pk is None:
        try:
            with transaction.atomic():
                deadline.save()
        except IntegrityError:
            # Another administrator set the month's first change at the same moment: theirs stands.
            stored = ReportingDeadline.objects.get(year=deadline.year, month=deadline.month)
            raise versions.ConflictError(
                versions.stale_message(stored, expected_version, fields=["due_on"]), code="stale"
            ) from None
    else:
        deadline.save()
    update_change_reason(deadline, reason)


@transaction.atomic
def deadline_set(
    *, user, year: int, month: int, due_on, reason: str, expected_version: int | None
) -> ReportingDeadline:
    """An admin moves a month's reporting deadline, on a page that showed `expected_version` of it (refused
    when someone changed it since, or without a version); the change and its reason are in the deadline's
    history. The only place that changes deadlines."""
    _ensure_admin(user)
    deadline = _deadline_for_change(year=year, month=month, expected_version=expected_version)
    deadline.due_on = due_on
    _deadline_save(deadline, user=user, reason=reason, expected_version=expected_version)
    return deadline


@transaction.atomic
def deadline_reset(*, user, year: int, month: int, reason: str, expected_version: int | None) -> None:
    """Back to the default deadline (core.months.default_deadline). The row stays, with no date, so that
    its version keeps counting: a page opened before the change and the reset cannot pass for a newer one."""
    _ensure_admin(user)
    deadline = _deadline_for_change(year=year, month=month, expected_version=expected_version)
    if deadline.pk is None or deadline.due_on is None:
        return  # already the default: nothing changes
    deadline.due_on = None
    _deadline_save(deadline, user=user, reason=reason, expected_version=expected_version)
