from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.validators import REPORT_MAX_LENGTH


class AccountState(models.TextChoices):
    """The one state an account is in, as the administrator's pages show it."""

    ACTIVE = "active", pgettext_lazy("account state", "Normal")
    DEACTIVATED = "deactivated", _("Deactivated")
    LOCKED = "locked", _("Locked")


def lockout_threshold():
    """django-axes counts the failed log-ins of the cool-off (AXES_COOLOFF_HOURS) before now, no older."""
    return timezone.now() - get_cool_off()


def recent_login_failures():
    """django-axes' records of failed log-ins that still count."""
    return AccessAttempt.objects.filter(attempt_time__gte=lockout_threshold())


def is_locked_out(failures: int) -> bool:
    """Whether this many failed log-ins (that still count) lock the account out."""
    return failures >= settings.AXES_FAILURE_LIMIT


def attempt_locks_out(attempt: AccessAttempt) -> bool:
    """Whether one of django-axes' records locks its username out now."""
    return attempt.attempt_time >= lockout_threshold() and is_locked_out(attempt.failures_since_start)


class UserQuerySet(models.QuerySet):
    def with_login_failures(self):
        """Each account with `login_failures`: the failed log-ins that lock it out when they reach the limit
        (so that `User.state` needs no query of its own)."""
        failures = (
            recent_login_failures()
            .filter(username=OuterRef("username"))
            .order_by("-failures_since_start")
            .values("failures_since_start")[:1]
        )
        return self.annotate(login_failures=Coalesce(Subquery(failures), 0))

    def in_state(self, state: str):
        """The accounts in `state` (an AccountState value)."""
        if state == AccountState.DEACTIVATED:
            return self.filter(is_active=False)
        accounts = self.filter(is_active=True).with_login_failures()
        if state == AccountState.LOCKED:
            return accounts.filter(login_failures__gte=settings.AXES_FAILURE_LIMIT)
        return accounts.filter(login_failures__lt=settings.AXES_FAILURE_LIMIT)


class BureauUserManager(UserManager.from_queryset(UserQuerySet)):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", User.Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A bureau account: a person with one role and, for staff, one department."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        LEADER = "leader", _("Leader")
        STAFF = "staff", _("Staff")

    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    department = models.ForeignKey(
        "plan.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    # Set when an administrator gives the account a temporary password: until the owner chooses a new one,
    # accounts.middleware lets the account reach nothing but the password page.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # Kept beside the notices so the navigation shows the count without a query on every page.
    unread_notices = models.PositiveIntegerField(_("unread notices"), default=0)
    # Optimistic locking (core.versions): bumped by every administrator's change (accounts.services); a stale
    # change, or one without a version, is refused. A log-in or the owner's new password does not bump it.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    objects = BureauUserManager()
    # Who changed role, department or activation, and why; never the password hash. A save that touches
    # only these fields (a log-in's last_login, a password re-hash, the notice count) writes no history at
    # all: log-ins are in the log-in record, and a row per log-in would push the real changes off the page.
    UNTRACKED_FIELDS = frozenset({"password", "last_login", "unread_notices"})
    history = HistoricalRecords(excluded_fields=sorted(UNTRACKED_FIELDS))

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="staff") | models.Q(department__isnull=False),
                name="staff_has_department",
            ),
        ]

    def __str__(self):
        return self.display_name or self.username

    def get_short_name(self):
        """How a page greets the person (the admin's 欢迎，…): the name they are known by, once."""
        return str(self)

    def get_full_name(self):
        return str(self)

    def save(self, *args, **kwargs):
        # The role is the one source of truth: Django admin access follows it.
        self.is_staff = self.is_superuser = self.role == self.Role.ADMIN
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= self.UNTRACKED_FIELDS:
            # simple-history skips the record while this attribute exists (its post_save checks hasattr).
            self.skip_history_when_saving = True
            try:
                super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
            return
        super().save(*args, **kwargs)

    @property
    def failed_log_ins(self) -> int:
        """The failed log-ins that still count against the account (annotated by `with_login_failures`, else
        one query)."""
        failures = getattr(self, "login_failures", None)
        if failures is None:
            found = recent_login_failures().filter(username=self.username).order_by("-failures_since_start")
            failures = found.values_list("failures_since_start", flat=True).first() or 0
        return failures

    @property
    def state(self) -> AccountState:
        """正常, 已停用 or 已锁定: a deactivated account is deactivated whatever its log-ins; an active one is
        locked while django-axes refuses its log-ins."""
        if not self.is_active:
            return AccountState.DEACTIVATED
        return AccountState.LOCKED if is_locked_out(self.failed_log_ins) else AccountState.ACTIVE

    @property
    def is_admin(self):
        return self.role == self.Role.ADMIN

    @property
    def is_leader(self):
        return self.role == self.Role.LEADER

    @property
    def sees_everything(self):
        """Leaders and admins read every department's data; staff read it too but only change their own."""
        return self.role in (self.Role.ADMIN, self.Role.LEADER)

    def may_see_files(self, department_ids) -> bool:
        """Uploaded files (evidence, register files) are for the departments that own the record, leaders and
        admins."""
        return self.is_active and (self.sees_everything or self.department_id in set(department_ids))

    def can_edit_department(self, department):
        """Whether this account may enter or change data on behalf of `department`."""
        if not self.is_active:
            return False
        if self.is_admin:
            return True
        department_id = getattr(department, "pk", department)
        return (
            self.role == self.Role.STAFF and department_id is not None and self.department_id == department_id
        )


class Notice(models.Model):
    """A reminder or escalation sent to one account: shown in the app and, when the account has an e-mail
    address, e-mailed. `key` names the occasion, so a reminder is sent once however often the command runs."""

    class Level(models.TextChoices):
        INFO = "info", _("Reminder")
        BLUE = "blue", _("Blue: deadline near")
        YELLOW = "yellow", _("Yellow: behind schedule")
        RED = "red", _("Red: overdue")

    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notices"
    )
    key = models.CharField(_("occasion"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.INFO)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("text"), max_length=REPORT_MAX_LENGTH, validators=[MaxLengthValidator(REPORT_MAX_LENGTH)]
    )
    link = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="unique_notice_per_occasion")
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_unread")]

    def __str__(self):
        return self.subject
