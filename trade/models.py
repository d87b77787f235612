from django.db import models
from django.utils.translation import gettext_lazy as _

from plan.figures import MonthlyFigure

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
