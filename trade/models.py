from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.validators import NOTE_MAX_LENGTH
from plan.figures.models import MonthlyFigure
from registers.models import EventRecord, RegisterRecord

# -- Monthly trade figures (customs, 海关) ---------------------------------------------------------------


class TradeFigure(MonthlyFigure):
    """A 1–N月累计 trade figure in 万美元, as customs releases it."""

    class Indicator(models.TextChoices):
        EXPORT = "export", _("Exports")
        IMPORT = "import", _("Imports")
        EXPORT_MECH_ELEC = "export_mech_elec", _("Mechanical and electrical exports")
        EXPORT_HITECH = "export_hitech", _("High-tech exports")
        EXPORT_HITECH_MECH_UNION = (
            "export_hitech_mech_union",
            _("High-tech and mechanical exports (de-duplicated)"),
        )

    indicator = models.CharField(_("indicator"), max_length=40, choices=Indicator.choices)

    class Meta(MonthlyFigure.Meta):
        verbose_name = _("trade figure")
        verbose_name_plural = _("trade figures")


# ---- Registers: trade events and trade-friction cases — below this line ----


class TradeEvent(EventRecord):
    """A trade fair or 经贸活动 the bureau organises or takes enterprises to, and what was signed there."""

    place = models.CharField(_("place"), max_length=100, blank=True)
    enterprises = models.TextField(
        _("participating enterprises"),
        blank=True,
        help_text=_("One enterprise per line."),
        max_length=NOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
    )
    enterprise_count = models.PositiveIntegerField(_("number of enterprises"), default=0)

    class Meta(EventRecord.Meta):
        verbose_name = _("trade event")
        verbose_name_plural = _("trade events")
        constraints = [
            models.UniqueConstraint(fields=["name"], name="unique_trade_event"),
            models.CheckConstraint(condition=Q(deals__gte=0), name="trade_event_deals_non_negative"),
        ]

    def clean(self):
        super().clean()
        names = [line.strip() for line in self.enterprises.splitlines() if line.strip()]
        self.enterprises = "\n".join(names)
        # The count follows the list when there is one; without a list, staff enter the count alone.
        if names:
            self.enterprise_count = len(names)


class FrictionCase(RegisterRecord):
    """A trade-friction case (贸易摩擦): anti-dumping, countervailing, safeguard or a technical barrier."""

    class Kind(models.TextChoices):
        ANTI_DUMPING = "anti_dumping", _("Anti-dumping")
        COUNTERVAILING = "countervailing", _("Countervailing")
        SAFEGUARD = "safeguard", _("Safeguard")
        TECHNICAL = "technical", _("Technical barrier")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESPONDING = "responding", _("Responding")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("case"), max_length=150)
    enterprise = models.CharField(_("enterprise"), max_length=100, blank=True)
    country = models.CharField(_("country or region"), max_length=50)
    product = models.CharField(_("product"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    amount = models.DecimalField(
        _("trade affected (万美元)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(
        _("response and outcome"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
    )

    class Meta:
        ordering = ["-opened_on", "name"]
        verbose_name = _("trade-friction case")
        verbose_name_plural = _("trade-friction cases")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="friction_amount_non_negative"),
        ]

    def __str__(self):
        return self.name
