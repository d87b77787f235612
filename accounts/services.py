"""Writes of the accounts app: account administration, departments, reporting deadlines and notices.

Only administrators administer; every function checks it, whatever page or script calls it. Two
administrators changing the same account or department: each change names the version its page showed
(core.versions), and the later of two changes of the same version is refused, showing the other's change.
"""

import logging
import secrets

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from core import versions
from plan.models import Department

from .models import Notice, User

logger = logging.getLogger(__name__)

# No look-alike characters (0/O, 1/l/I): the temporary password is read out over the telephone.
TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def ensure_admin(user) -> None:
    if not (user.is_authenticated and user.is_active and user.is_admin):
        raise PermissionDenied(_("Only an administrator may manage accounts, departments and deadlines."))


# What an administrator sees of an account: named when someone else changed it since the page was opened.
ACCOUNT_FIELDS = ["username", "display_name", "email", "role", "department", "is_active"]


def _lock_and_check(model, pk, expected_version: int | None, *, fields) -> int:
    """Lock the stored row, refuse (ConflictError) unless it is still at `expected_version`; the next version."""
    stored = model.objects.select_for_update().get(pk=pk)
    versions.check_version(
        stored=stored.version,
        expected=expected_version,
        conflict_message=lambda: versions.stale_message(stored, expected_version, fields=fields),
    )
    return stored.version + 1


def _save_user(account: User, *, by: User, reason: str, expected_version: int | None = None) -> User:
    if account.pk is not None:
        account.version = _lock_and_check(User, account.pk, expected_version, fields=ACCOUNT_FIELDS)
    account._history_user = by
    account.full_clean(exclude=["password"])
    account.save()
    update_change_reason(account, reason)
    return account


def temporary_password() -> str:
    return "-".join("".join(secrets.choice(TEMPORARY_ALPHABET) for _ in range(4)) for _ in range(3))


def _valid_temporary_password(account: User) -> str:
    """A generated password that also passes the password rules (it practically always does at once)."""
    for _attempt in range(10):
        password = temporary_password()
        try:
            validate_password(password, account)
        except ValidationError:
            continue
        return password
    raise RuntimeError("no temporary password passed the password rules")


@transaction.atomic
def user_create(*, by: User, account: User) -> tuple[User, str]:
    """Save a new account (built by a form) with a temporary password it must change at first log-in."""
    ensure_admin(by)
    password = _valid_temporary_password(account)
    account.set_password(password)
    account.must_change_password = True
    return _save_user(account, by=by, reason=_("Account created")), password


@transaction.atomic
def user_update(*, by: User, account: User, expected_version: int | None) -> User:
    """Save an administrator's change of `account`, made on a page that showed `expected_version`."""
    ensure_admin(by)
    return _save_user(account, by=by, reason=_("Account changed"), expected_version=expected_version)


@transaction.atomic
def user_set_active(*, by: User, account: User, active: bool, expected_version: int | None) -> User:
    ensure_admin(by)
    if account.pk == by.pk and not active:
        raise PermissionDenied(_("You cannot deactivate your own account."))
    account.is_active = active
    reason = _("Account activated") if active else _("Account deactivated")
    return _save_user(account, by=by, reason=reason, expected_version=expected_version)


@transaction.atomic
def user_reset_password(*, by: User, account: User, expected_version: int | None) -> str:
    """Give the account a new temporary password, end its lock-out; returns the password to hand over once.

    Refused when the account changed since the page showed it (another administrator may have just reset
    it and read their password out over the telephone)."""
    ensure_admin(by)
    password = _valid_temporary_password(account)
    account.set_password(password)
    account.must_change_password = True
    reason = _("Password reset by an administrator")
    _save_user(account, by=by, reason=reason, expected_version=expected_version)
    axes_reset(username=account.username)
    return password


def user_unlock(*, by: User, account: User) -> int:
    """Clear the failed log-ins of the account (django-axes); returns how many records were removed."""
    ensure_admin(by)
    return axes_reset(username=account.username)


def user_password_changed(*, account: User) -> None:
    """The owner chose a new password: the temporary one no longer binds them."""
    if account.must_change_password:
        User.objects.filter(pk=account.pk).update(must_change_password=False)
        account.must_change_password = False


@transaction.atomic
def department_save(*, by: User, department: Department, expected_version: int | None = None) -> Department:
    """Save a new department, or a change of one made on a page that showed `expected_version`."""
    ensure_admin(by)
    if department.pk is not None:
        department.version = _lock_and_check(
            Department, department.pk, expected_version, fields=["name", "order"]
        )
    department.full_clean()
    department.save()
    return department


def notice_send(
    *, recipient: User, key: str, level: str, subject: str, body: str, link: str = ""
) -> Notice | None:
    """Record a notice for `recipient` unless one was already sent for `key`; returns the new notice or None.

    The unique (recipient, key) constraint holds even when two runs of the command overlap."""
    if Notice.objects.filter(recipient=recipient, key=key).exists():
        return None
    notice = Notice(recipient=recipient, key=key, level=level, subject=subject[:200], body=body, link=link)
    notice.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            notice.save()
            User.objects.filter(pk=recipient.pk).update(unread_notices=F("unread_notices") + 1)
    except IntegrityError:
        return None
    return notice


def notice_email(notice: Notice) -> bool | None:
    """E-mail `notice` to its recipient when the account has an address, and mark it e-mailed.

    Returns None when there is no address, False when the mail server failed: the failure is logged and the
    notice stays in the app, so a broken mail server never loses a notice nor fails the step that sent it."""
    address = notice.recipient.email
    if not address:
        return None
    try:
        send_mail(notice.subject, notice.body, None, [address])
    except Exception:  # noqa: BLE001 - any failure of the mail server: log it, keep the notice
        logger.exception("e-mail of notice %s to %s failed", notice.pk, address)
        return False
    Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
    return True


@transaction.atomic
def notices_mark_read(*, user: User) -> int:
    count = Notice.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    User.objects.filter(pk=user.pk).update(unread_notices=0)
    user.unread_notices = 0
    return count
