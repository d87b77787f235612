import datetime

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import months
from core.uploads import DOCUMENT_KINDS, UploadValidator
from core.validators import NOTE_MAX_LENGTH
from plan.figures.models import MonthlyFigure
from registers.models import RecordDetail, RegisterRecord

# -- Monthly retail figures (statistics bureau, 统计局) ---------------------------------------------------


class RetailFigure(MonthlyFigure):
    """社会消费品零售总额, 1–N月累计 in 万元, as the statistics bureau releases it."""

    class Indicator(models.TextChoices):
        RETAIL_SALES = "retail_sales", _("Retail sales of consumer goods")

    indicator = models.CharField(_("indicator"), max_length=40, choices=Indicator.choices)

    class Meta(MonthlyFigure.Meta):
        verbose_name = _("retail figure")
        verbose_name_plural = _("retail figures")


# ---- Registers: counties, village stores, 回头看 inspections, market-regulation registers — below this line ----

# The nine 旗县区 of Hohhot (docs/rules.md), in the order the city lists them.
COUNTIES = [
    "新城区",
    "回民区",
    "玉泉区",
    "赛罕区",
    "土默特左旗",
    "托克托县",
    "和林格尔县",
    "清水河县",
    "武川县",
]


class County(models.Model):
    """A 旗县区. Preloaded by `markets.reference_records.load_counties` (called after `loadplan`)."""

    name = models.CharField(_("name"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name


class VillageStoreQuerySet(models.QuerySet):
    def counting(self, year: int, month: int = 12):
        """Stores that count toward the year's 农家店 target as of the end of `month` (docs/rules.md): built or
        renovated and accepted (验收合格) within the year on or before the month's end; single-product shops never."""
        return self.counting_any_year().filter(
            accepted_on__gte=datetime.date(year, 1, 1), accepted_on__lte=months.month_end(year, month)
        )

    def counting_any_year(self):
        """The rule of `counting` without its dates: the caller narrows it to the years it counts."""
        return self.filter(built_on__isnull=False).exclude(category=VillageStore.Category.SINGLE)

    def awaiting_acceptance(self, year: int, month: int = 12):
        """Built (by the month's end) but not accepted by then: shown beside the count, never in it.
        Single-product shops are left out: they would not count once accepted either."""
        end = months.month_end(year, month)
        return (
            self.filter(built_on__lte=end)
            .filter(Q(accepted_on__isnull=True) | Q(accepted_on__gt=end))
            .exclude(category=VillageStore.Category.SINGLE)
        )


class VillageStore(RegisterRecord):
    """A 农家店 of the 万村千乡市场工程, built or renovated, and its acceptance."""

    class Kind(models.TextChoices):
        NEW = "new", _("New")
        RENOVATED = "renovated", _("Renovated")

    class Category(models.TextChoices):
        GENERAL = "general", _("General store")
        FARM_SUPPLY = "farm_supply", _("Farm supplies")
        SINGLE = "single", _("Single-product shop")

    name = models.CharField(_("store name"), max_length=100)
    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, related_name="stores"
    )
    township = models.CharField(_("township"), max_length=50, blank=True)
    village = models.CharField(_("village"), max_length=50, blank=True)
    operator = models.CharField(_("operating enterprise"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEW)
    category = models.CharField(
        _("format"), max_length=12, choices=Category.choices, default=Category.GENERAL
    )
    built_on = models.DateField(_("built on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    subsidy = models.DecimalField(_("subsidy (万元)"), max_digits=10, decimal_places=2, null=True, blank=True)

    objects = VillageStoreQuerySet.as_manager()

    class Meta:
        ordering = ["county__order", "name"]
        verbose_name = _("village store")
        verbose_name_plural = _("village stores")
        # The dashboard counts the stores accepted in a year (markets.actuals).
        indexes = [models.Index(fields=["accepted_on"], name="village_store_accepted_on")]
        constraints = [
            models.UniqueConstraint(fields=["name", "county"], name="unique_village_store"),
            models.CheckConstraint(condition=Q(subsidy__gte=0), name="village_store_subsidy_non_negative"),
            models.CheckConstraint(
                condition=Q(accepted_on__isnull=True) | Q(built_on__isnull=False),
                name="village_store_accepted_after_built",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.accepted_on and not self.built_on:
            raise ValidationError(
                {"built_on": _("A store is accepted only after it is built: enter the date built.")}
            )
        if self.accepted_on and self.built_on and self.accepted_on < self.built_on:
            raise ValidationError({"accepted_on": _("The acceptance date is before the date built.")})

    def get_absolute_url(self):
        return reverse("registers:detail", args=["village-stores", self.pk])


class StoreInspection(RecordDetail):
    """A 回头看 (follow-up) visit to an accepted store: is it still trading to standard?"""

    class Result(models.TextChoices):
        PASSED = "passed", _("Up to standard")
        RECTIFY = "rectify", _("To be rectified")
        FAILED = "failed", _("Failed")

    store = models.ForeignKey(VillageStore, on_delete=models.CASCADE, related_name="inspections")
    inspected_on = models.DateField(_("inspected on"))
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    problems = models.TextField(
        _("problems found"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
    )
    inspector = models.CharField(_("inspected by"), max_length=50, blank=True)

    class Meta:
        ordering = ["-inspected_on", "-pk"]
        verbose_name = _("follow-up inspection")
        verbose_name_plural = _("follow-up inspections")

    def __str__(self):
        return f"{self.store} {self.inspected_on}"


class Status(models.TextChoices):
    """The state of a licensed or filed business in a regulation register."""

    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


class LiquorFiling(RegisterRecord):
    """酒类流通备案登记: a liquor wholesaler's or retailer's filing."""

    class Kind(models.TextChoices):
        WHOLESALE = "wholesale", _("Wholesale")
        RETAIL = "retail", _("Retail")

    name = models.CharField(_("enterprise"), max_length=100)
    filing_no = models.CharField(_("filing number"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, null=True, blank=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    filed_on = models.DateField(_("filed on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["-filed_on", "name"]
        verbose_name = _("liquor distribution filing")
        verbose_name_plural = _("liquor distribution filings")

    def __str__(self):
        return self.name


class Slaughterhouse(RegisterRecord):
    """A designated livestock slaughterhouse (定点屠宰厂)."""

    name = models.CharField(_("name"), max_length=100)
    licence_no = models.CharField(_("designation certificate number"), max_length=50, blank=True)
    county = models.ForeignKey(County, verbose_name=_("county"), on_delete=models.PROTECT)
    livestock = models.CharField(_("livestock"), max_length=50, blank=True)
    designated_on = models.DateField(_("designated on"), null=True, blank=True)
    daily_capacity = models.PositiveIntegerField(_("daily capacity (head)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["county__order", "name"]
        verbose_name = _("designated slaughterhouse")
        verbose_name_plural = _("designated slaughterhouses")

    def __str__(self):
        return self.name


class SlaughterCase(RegisterRecord):
    """A 私屠滥宰 (illegal slaughter) case and how it was dealt with."""

    class CaseStatus(models.TextChoices):
        OPEN = "open", _("Under investigation")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("case"), max_length=100)
    county = models.ForeignKey(County, verbose_name=_("county"), on_delete=models.PROTECT)
    found_on = models.DateField(_("found on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    meat_seized_kg = models.DecimalField(
        _("meat seized (kg)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    penalty = models.DecimalField(_("fine (万元)"), max_digits=10, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)

    class Meta:
        ordering = ["-found_on", "name"]
        verbose_name = _("illegal slaughter case")
        verbose_name_plural = _("illegal slaughter cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(meat_seized_kg__gte=0), name="slaughter_case_meat_non_negative"
            ),
            models.CheckConstraint(condition=Q(penalty__gte=0), name="slaughter_case_penalty_non_negative"),
        ]

    def __str__(self):
        return self.name


class UsedCarMarket(RegisterRecord):
    """A used-car market's filing (二手车市场经营备案)."""

    name = models.CharField(_("market"), max_length=100)
    operator = models.CharField(_("operating enterprise"), max_length=100, blank=True)
    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, null=True, blank=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["name"]
        verbose_name = _("used-car market filing")
        verbose_name_plural = _("used-car market filings")

    def __str__(self):
        return self.name


class PawnAuctionFirm(RegisterRecord):
    """A pawnshop or auction firm (典当、拍卖企业)."""

    class Kind(models.TextChoices):
        PAWN = "pawn", _("Pawnshop")
        AUCTION = "auction", _("Auction firm")

    name = models.CharField(_("enterprise"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    licence_no = models.CharField(_("licence number"), max_length=50, blank=True)
    registered_capital = models.DecimalField(
        _("registered capital (万元)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("pawn or auction firm")
        verbose_name_plural = _("pawn and auction firms")

    def __str__(self):
        return self.name


class FuelOutlet(RegisterRecord):
    """A fuel (石油) outlet: a filling station or a depot."""

    class Kind(models.TextChoices):
        STATION = "station", _("Filling station")
        DEPOT = "depot", _("Depot")

    name = models.CharField(_("outlet"), max_length=100)
    operator = models.CharField(_("operating enterprise"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.STATION)
    county = models.ForeignKey(County, verbose_name=_("county"), on_delete=models.PROTECT)
    address = models.CharField(_("address"), max_length=200, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["county__order", "name"]
        verbose_name = _("fuel outlet")
        verbose_name_plural = _("fuel outlets")

    def __str__(self):
        return self.name


class MonitoringReport(RegisterRecord):
    """A market-monitoring analysis report (市场运行分析监测报告) with its file."""

    name = models.CharField(_("title"), max_length=200)
    period = models.CharField(_("period"), max_length=30, help_text=_("e.g. 2007年1–6月"))
    published_on = models.DateField(_("published on"))
    file = models.FileField(
        _("file"),
        upload_to="private/monitoring/%Y/",
        validators=[UploadValidator(kinds=DOCUMENT_KINDS)],
        max_length=200,
    )

    class Meta:
        ordering = ["-published_on"]
        verbose_name = _("market-monitoring report")
        verbose_name_plural = _("market-monitoring reports")

    def __str__(self):
        return self.name
