"""Progress on measures: monthly updates, their evidence files and milestones (written through
plan/measure_updates.py)."""

import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.uploads import DOCUMENT_KINDS, UploadValidator
from core.validators import REPORT_MAX_LENGTH

from .departments import Department
from .plans import Measure


class MeasureUpdate(models.Model):
    """A department's 进展情况 on a measure for one month: what was done, 形象进度 %, and the status it reports.

    One per (measure, department, month): saving again replaces it, and the history keeps the earlier text.
    The lead department's latest update sets the measure's status and progress.
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="updates")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="measure_updates"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    text = models.TextField(
        _("progress this month"),
        max_length=REPORT_MAX_LENGTH,
        validators=[MaxLengthValidator(REPORT_MAX_LENGTH)],
    )
    progress_pct = models.PositiveSmallIntegerField(_("progress %"))
    status = models.CharField(_("status"), max_length=12, choices=Measure.Status.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    # Optimistic locking (core.versions): 1 when first saved (no update yet is version 0), bumped by every save.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-month", "measure__order"]
        verbose_name = _("measure update")
        verbose_name_plural = _("measure updates")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "department", "year", "month"], name="unique_measure_update"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="update_month_range"
            ),
            models.CheckConstraint(condition=models.Q(progress_pct__lte=100), name="update_progress_max_100"),
            # Closing (销号) is a leader's act on the measure, never a status a department reports.
            models.CheckConstraint(condition=~models.Q(status="closed"), name="update_status_not_closed"),
        ]

    def __str__(self):
        return f"{self.measure.code} {self.department} {self.year}-{self.month:02d}"

    @property
    def period(self):
        return f"{self.year}-{self.month:02d}"


class MeasureEvidence(models.Model):
    """A file (document, photo) attached to a measure update; served only through plan:evidence."""

    update = models.ForeignKey(MeasureUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(
        _("file"),
        upload_to="private/evidence/%Y/",
        max_length=200,
        validators=[UploadValidator(kinds=DOCUMENT_KINDS)],
    )
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.name


class Milestone(models.Model):
    """A dated step of a measure (形象进度节点)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # Optimistic locking (core.versions): every change bumps it; a stale change, or one without a version, is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title

    def is_overdue(self, on: datetime.date) -> bool:
        return self.done_on is None and self.due < on
