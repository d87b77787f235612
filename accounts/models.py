from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class BureauUserManager(UserManager):
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

    objects = BureauUserManager()

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

    def save(self, *args, **kwargs):
        # The role is the one source of truth: Django admin access follows it.
        self.is_staff = self.is_superuser = self.role == self.Role.ADMIN
        super().save(*args, **kwargs)

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
