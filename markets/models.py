from django.db import models
from django.utils.translation import gettext_lazy as _

from plan.figures import MonthlyFigure

# -- Monthly retail figures (statistics bureau, 统计局) ---------------------------------------------------


class RetailFigure(MonthlyFigure):
    """社会消费品零售总额, 1–N月累计 in 万元, as the statistics bureau releases it."""

    class Indicator(models.TextChoices):
        RETAIL_SALES = "retail_sales", _("Retail sales of consumer goods")

    indicator = models.CharField(_("indicator"), max_length=40, choices=Indicator.choices)

    class Meta(MonthlyFigure.Meta):
        verbose_name = _("retail figure")
        verbose_name_plural = _("retail figures")
