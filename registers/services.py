"""Writes of every register: the department check, validation and the history, in one place."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from core import uploads, versions
from core.validators import validate_texts
from plan.models import Department

from .spec import Register


def register_department(spec: Register) -> Department:
    return Department.objects.get(code=spec.department)


def ensure_can_change(*, user, spec: Register) -> Department:
    """Refuse (PermissionDenied) unless `user` may change the records of the register's department."""
    department = register_department(spec)
    if not (user.is_authenticated and user.can_edit_department(department)):
        raise PermissionDenied(
            _("Only %(department)s may change the register “%(register)s”.")
            % {"department": department, "register": spec.title}
        )
    return department


def needs_reason(spec: Register, record) -> bool:
    """Whether changing `record` needs a reason (修改原因): it is stored and, as stored, counted by the plan (a
    store accepted, a project at 核准/备案), so the change may move a figure the bureau has reported."""
    if record.pk is None or spec.counted is None:
        return False
    return spec.counted(spec.model.objects.filter(pk=record.pk)).exists()


def _their_changes(stored, expected_version: int) -> str:
    """What was saved since `expected_version`, in words: who, and each changed field's new value."""
    who, changes = versions.changes_since(stored, expected_version)
    return _(
        "%(who)s saved this record after you opened it, so your save was refused and nothing of it was "
        "stored. Their changes: %(changes)s. Your entries are still in the form: check them and save again."
    ) % {"who": who, "changes": changes or _("see the record's history")}


@uploads.files_with_their_rows()
def record_save(*, user, spec: Register, record, reason: str = "", expected_version: int | None = None):
    """Validate and save a new or changed record of `spec`, with who and why in its history.

    A change of a stored record names the version it was loaded at (`expected_version`): refused
    (core.versions.ConflictError, saying what the other person changed) when someone saved the record since,
    or when no version is given. A record the plan counts is changed only with a reason."""
    ensure_can_change(user=user, spec=spec)
    if not reason.strip() and needs_reason(spec, record):
        raise ValidationError({"reason": _("This record is counted toward the plan: say why it is changed.")})
    if record.pk is None:
        if user.is_authenticated:
            record.created_by = user
        record.version = 0
    else:
        stored = spec.model.objects.select_for_update().get(pk=record.pk)
        versions.check_version(
            stored=stored.version,
            expected=expected_version,
            conflict_message=lambda: _their_changes(stored, expected_version),
        )
        record.version = stored.version + 1
    validate_texts(record)
    record.full_clean()
    record._history_user = user
    record.save()
    if reason:
        update_change_reason(record, reason)
    return record
