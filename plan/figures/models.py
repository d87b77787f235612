"""The monthly statistical figure (1–N月累计), written once for every app that holds figures.

`trade` and `markets` each define a concrete subclass of `MonthlyFigure` and declare its indicators in their
plug-in (plan.registry), so the entry page, the checks, the import and the export work the same way for every
department without `plan` importing them. Only the cumulative figure is stored; 当月 and 同比 are derived
(plan.cumulative).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

# The largest cumulative the database column holds (16 digits, 2 decimals), with room to spare.
MAX_VALUE = Decimal(10) ** 13


class MonthlyFigure(models.Model):
    """One indicator's 1–N月累计 for a year, in the indicator's base unit (万美元, 万元)."""

    class Release(models.TextChoices):
        PRELIMINARY = "preliminary", gettext_lazy("Preliminary (快报)")
        FINAL = "final", gettext_lazy("Final (正式)")

    # Concrete subclasses narrow the indicator with their choices.
    indicator = models.CharField(gettext_lazy("indicator"), max_length=40)
    year = models.PositiveSmallIntegerField(gettext_lazy("year"))
    month = models.PositiveSmallIntegerField(gettext_lazy("month"))
    cumulative = models.DecimalField(gettext_lazy("cumulative"), max_digits=16, decimal_places=2)
    source = models.CharField(gettext_lazy("source"), max_length=40, blank=True)
    release = models.CharField(
        gettext_lazy("release"), max_length=12, choices=Release.choices, default=Release.FINAL
    )
    released_on = models.DateField(gettext_lazy("release date"), null=True, blank=True)
    published_growth_pct = models.DecimalField(
        gettext_lazy("published growth %"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    # Demo data loaded by `manage.py demo`; the pages mark it 示例数据.
    is_sample = models.BooleanField(gettext_lazy("sample data"), default=False)
    updated_at = models.DateTimeField(gettext_lazy("updated at"), auto_now=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["indicator", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "month"], name="%(app_label)s_%(class)s_one_per_month"
            ),
            models.CheckConstraint(
                condition=models.Q(cumulative__gte=0), name="%(app_label)s_%(class)s_non_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="%(app_label)s_%(class)s_month_range"
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}-{self.month:02d}: {self.cumulative}"


def figures_by_month(indicators, *, years) -> dict[tuple[str, int], dict[int, MonthlyFigure]]:
    """{(code, year): {month: figure}} for the indicators and years: one query per model."""
    result = {}
    by_model: dict[type, list[str]] = {}
    for ind in indicators:
        by_model.setdefault(ind.model, []).append(ind.code)
    for model, codes in by_model.items():
        for figure in model.objects.filter(indicator__in=codes, year__in=list(years)):
            result.setdefault((figure.indicator, figure.year), {})[figure.month] = figure
    return result


class PendingImport(models.Model):
    """A figures file read and previewed on the upload page, waiting for its confirmation (plan.figures.pending).

    Its rows are kept here, on the server, rather than in the session: a session row is read and written on
    every request, and a file's rows would make every page of that user heavier; any app server can confirm
    what another previewed. It expires after PENDING_HOURS."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(gettext_lazy("file name"), max_length=255)
    rows = models.JSONField(gettext_lazy("rows"))
    created_at = models.DateTimeField(gettext_lazy("created at"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("figures file awaiting confirmation")
        verbose_name_plural = gettext_lazy("figures files awaiting confirmation")
        indexes = [models.Index(fields=["created_at"], name="pending_import_created_at")]

    def __str__(self):
        return self.filename
