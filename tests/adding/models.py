"""The models a newcomer adds: a department's first figure model and a register's record."""

from django.db import models

from plan.figures.models import MonthlyFigure
from registers.models import RegisterRecord


class InvestmentFigure(MonthlyFigure):
    """外商直接投资实际到位, 1–N月累计 in 万美元: the first figure of a department that had none (outreach)."""

    class Indicator(models.TextChoices):
        FDI_ACTUAL = "fdi_actual", "外商直接投资实际到位"

    indicator = models.CharField("indicator", max_length=40, choices=Indicator.choices)

    class Meta(MonthlyFigure.Meta):
        verbose_name = "investment figure"
        verbose_name_plural = "investment figures"


class Delegation(RegisterRecord):
    """A register kind of no department's real work: a visiting delegation and the day it came."""

    name = models.CharField("delegation", max_length=100)
    country = models.CharField("country", max_length=40, blank=True)
    visited_on = models.DateField("visited on", null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "delegation"
        verbose_name_plural = "delegations"

    def __str__(self):
        return self.name
