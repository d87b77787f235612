from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RegisterRecord(models.Model):
    """What every register record has: notes, the sample-data mark, who entered it and when, its version and
    its history."""

    notes = models.TextField(_("notes"), blank=True)
    # Optimistic locking (core.versions): every save bumps it, and a save based on an older version, or on
    # none, is refused instead of putting back what someone else changed.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
