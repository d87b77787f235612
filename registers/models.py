from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import NOTE_MAX_LENGTH


class RecordDetail(models.Model):
    """A line kept under a register record (a store's 回头看 inspection, an event's preparation task): who
    entered it, its version and its history."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Optimistic locking (core.versions): every save bumps it, and a save based on an older version, or on
    # none, is refused instead of putting back what someone else changed.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class RegisterRecord(RecordDetail):
    """What every register record has: notes, the sample-data mark, who entered it and when, its version and
    its history."""

    notes = models.TextField(
        _("notes"), blank=True, max_length=NOTE_MAX_LENGTH, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)]
    )
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta(RecordDetail.Meta):
        abstract = True


class EventRecord(RegisterRecord):
    """What every event register shares (trade events, outreach events): when and where it is held, how its
    preparation stands, the deals signed and the outcome, and the measure of the plan it serves."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    name = models.CharField(_("event"), max_length=100)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREPARING)
    deals = models.DecimalField(
        _("deals signed (万美元)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    outcome = models.TextField(
        _("outcome"), blank=True, max_length=NOTE_MAX_LENGTH, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)]
    )
    measure = models.ForeignKey(
        "plan.Measure",
        verbose_name=_("measure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(app_label)s_events",
    )

    class Meta(RegisterRecord.Meta):
        abstract = True
        ordering = ["-starts_on", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The event ends before it starts.")})
