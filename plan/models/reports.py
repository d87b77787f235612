"""The monthly cycle's records: a month's deadline, a department's month report and the notes on its targets."""

import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import months
from core.validators import NOTE_MAX_LENGTH, REASON_MAX_LENGTH

from .departments import Department
from .plans import Target


class ReportingDeadline(models.Model):
    """An admin's change to a month's reporting deadline (default: the 10th of the following month).

    Going back to the default keeps the row, with no date: its version keeps counting, so a page opened
    before a change and a reset is never mistaken for one opened after them. No row is version 0."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    # None: the default deadline (core.months.default_deadline).
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    # Optimistic locking (core.versions): every change bumps it; a stale change, or one without a version, is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "month"]
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting deadlines")
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="unique_reporting_deadline"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="deadline_month_range"
            ),
        ]

    def __str__(self):
        return f"{self.year}-{self.month:02d}: {self.due_on or '—'}"

    @classmethod
    def due_for(cls, year: int, month: int) -> datetime.date:
        """Month N's deadline: the admin's, else the default; January's is February's (1–2月)."""
        return cls.due_dates(year)[month]

    @classmethod
    def due_dates(cls, year: int) -> dict[int, datetime.date]:
        """Every month's deadline of a year, as `due_for` answers it, in one query."""
        set_dates = {
            row.month: row.due_on
            for row in cls.objects.filter(year=year, due_on__isnull=False).only("month", "due_on")
        }
        return {
            month: set_dates.get(months.reporting_month(month)) or months.default_deadline(year, month)
            for month in range(1, 13)
        }


class MonthlyReport(models.Model):
    """A department's month: the unit that is submitted, approved (locked), returned or unlocked.

    Every department's figures, register updates and measure updates for a month hang off this one cycle.
    No row means the department has not started the month.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    on_time = models.BooleanField(_("on time"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_message = models.TextField(
        _("review message"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
    )
    # Why an administrator unlocked the approved month, until it is approved again: a figure changed
    # meanwhile is logged with it.
    unlock_reason = models.CharField(_("reason for the unlock"), max_length=REASON_MAX_LENGTH, blank=True)
    # Optimistic locking: every save through the services bumps it, and a save based on an older version is
    # refused, so two people editing the same month cannot overwrite each other.
    version = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-month", "department__order"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [
            models.UniqueConstraint(fields=["department", "year", "month"], name="unique_monthly_report"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="report_month_range"
            ),
        ]

    def __str__(self):
        return f"{self.department} {self.year}-{self.month:02d}"

    @property
    def is_locked(self):
        """Submitted and approved months cannot be changed; draft and returned ones can."""
        return self.state in (self.State.SUBMITTED, self.State.APPROVED)

    @property
    def period(self):
        return f"{self.year}-{self.month:02d}"

    def last_unlock(self):
        """The history row of the unlock that reopened this month (its history_user and history_date), while
        the month is open again after an unlock; None otherwise. Two queries."""
        if not self.unlock_reason or self.state == self.State.APPROVED:
            return None
        approved = self.history.filter(state=self.State.APPROVED).order_by("-history_date").first()
        if approved is None:
            return None
        return (
            self.history.filter(history_date__gt=approved.history_date, state=self.State.DRAFT)
            .select_related("history_user")
            .order_by("history_date")
            .first()
        )

    @property
    def period_text(self) -> str:
        """2007年1–10月, as notices and sentences name the month's report."""
        return months.period_text(self.year, self.month)


class TargetNote(models.Model):
    """The 原因分析及措施 of one target in one month of its plan's year, written by the target's department.

    A note belongs to a target, not to a department (docs/rules.md, "Settled questions"): a department with several
    targets writes one note for each that is off track, and each is shown only beside its own target (card,
    drill-down, bulletin, workbook). The year is the target's plan's. Written on the department's month page
    (plan.cycle.report_save_notes), under that month's lock and version.
    """

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="notes"
    )
    month = models.PositiveSmallIntegerField(_("month"))
    text = models.TextField(
        _("analysis and measures (原因分析及措施)"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
    )
    # Optimistic locking (core.versions): every save bumps it.
    version = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["month", "target__order"]
        verbose_name = _("target note")
        verbose_name_plural = _("target notes")
        constraints = [
            models.UniqueConstraint(fields=["target", "month"], name="unique_target_note"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="target_note_month_range"
            ),
        ]

    def __str__(self):
        return f"{self.target} {self.month:02d}"
