import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import months
from registers.models import EventRecord, RecordDetail, RegisterRecord

# ---- Registers: overseas projects, outreach events and their tasks, state-fund applications — below ----


class Stage(models.TextChoices):
    """The stages of an overseas project, in order (docs/rules.md)."""

    INTENT = "intent", _("Intent")
    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    APPROVED = "approved", _("Approved/registered")
    IMPLEMENTING = "implementing", _("Implementing")
    OPERATING = "operating", _("Operating")


STAGE_ORDER = [stage.value for stage in Stage]
# A project is 实现 (realised) once approved or registered (核准/备案), like 新批境外投资企业 in the statistics.
REALISED_STAGES = STAGE_ORDER[STAGE_ORDER.index(Stage.APPROVED) :]


class OverseasProjectQuerySet(models.QuerySet):
    def realised(self, year: int, month: int = 12):
        """Projects 实现 in `year` as of the end of `month`: at 核准/备案 or later, approved within the year."""
        return self.filter(
            stage__in=REALISED_STAGES,
            approved_on__gte=datetime.date(year, 1, 1),
            approved_on__lte=months.month_end(year, month),
        )


class OverseasProject(RegisterRecord):
    """An overseas investment or co-operation project (走出去) and the stage it has reached."""

    name = models.CharField(_("project name"), max_length=100)
    enterprise = models.CharField(_("enterprise"), max_length=100)
    country = models.CharField(_("country"), max_length=50)
    sector = models.CharField(_("sector"), max_length=50, blank=True)
    investment = models.DecimalField(
        _("investment (万美元)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.INTENT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    started_on = models.DateField(_("implementation started on"), null=True, blank=True)
    operating_on = models.DateField(_("in operation since"), null=True, blank=True)
    measure = models.ForeignKey(
        "plan.Measure",
        verbose_name=_("measure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="overseas_projects",
    )

    objects = OverseasProjectQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("overseas project")
        verbose_name_plural = _("overseas projects")
        constraints = [
            models.UniqueConstraint(fields=["name", "enterprise"], name="unique_overseas_project"),
            models.CheckConstraint(condition=Q(investment__gte=0), name="overseas_investment_non_negative"),
            # The 实现 rule needs the approval date of every approved project.
            models.CheckConstraint(
                condition=~Q(stage__in=REALISED_STAGES) | Q(approved_on__isnull=False),
                name="overseas_approved_has_date",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registers:detail", args=["overseas-projects", self.pk])

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)

    @property
    def is_realised(self) -> bool:
        return self.stage in REALISED_STAGES

    @property
    def stage_steps(self) -> list[dict]:
        """The six stages with the date each was reached, where known, for the stage bar."""
        dates = {
            Stage.SIGNED: self.signed_on,
            Stage.APPROVED: self.approved_on,
            Stage.IMPLEMENTING: self.started_on,
            Stage.OPERATING: self.operating_on,
        }
        return [
            {
                "label": stage.label,
                "date": dates.get(stage),
                "reached": index <= self.stage_index,
                "current": index == self.stage_index,
            }
            for index, stage in enumerate(Stage)
        ]

    def clean(self):
        errors = {}
        realised = self.stage in REALISED_STAGES
        if realised and not self.approved_on:
            errors["approved_on"] = _(
                "A project at approval/registration or later needs the date it was approved."
            )
        if not realised and self.approved_on:
            errors["approved_on"] = _(
                "Only a project at approval/registration or later has an approval date."
            )
        if self.stage_index >= STAGE_ORDER.index(Stage.OPERATING) and not self.operating_on:
            errors["operating_on"] = _("A project in operation needs the date it started operating.")
        # The stage dates follow the stages' order.
        dated = [("signed_on", self.signed_on), ("approved_on", self.approved_on)]
        dated += [("started_on", self.started_on), ("operating_on", self.operating_on)]
        previous = None
        for name, value in dated:
            if value is None:
                continue
            if previous and value < previous[1]:
                errors.setdefault(
                    name,
                    _("This date is before %(earlier)s.")
                    % {"earlier": self._meta.get_field(previous[0]).verbose_name},
                )
            previous = (name, value)
        if errors:
            raise ValidationError(errors)


class OutreachEvent(EventRecord):
    """An outreach event (e.g. the Russia “呼和浩特活动周”): its preparation and outcome."""

    country = models.CharField(_("country"), max_length=50, blank=True)
    city = models.CharField(_("city"), max_length=50, blank=True)
    enterprises = models.PositiveIntegerField(_("participating enterprises"), null=True, blank=True)

    class Meta(EventRecord.Meta):
        verbose_name = _("outreach event")
        verbose_name_plural = _("outreach events")
        constraints = [
            models.UniqueConstraint(fields=["name"], name="unique_outreach_event"),
            models.CheckConstraint(condition=Q(deals__gte=0), name="outreach_event_deals_non_negative"),
        ]


class EventTask(RecordDetail):
    """A preparation task of an outreach event (筹备工作)."""

    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    owner = models.CharField(_("responsible"), max_length=50, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("preparation task")
        verbose_name_plural = _("preparation tasks")

    def __str__(self):
        return self.title

    def is_overdue(self, on: datetime.date) -> bool:
        return self.done_on is None and self.due_on is not None and self.due_on < on


class Fund(models.TextChoices):
    """The four state funds the plan names."""

    WESTERN = "western", _("Western Region Foreign Economic and Trade Development Fund")
    SME_MARKETS = "sme_markets", _("SME International Market Development Fund")
    CONTRACTING_INTEREST = "contracting_interest", _("Interest subsidy on overseas contracting project loans")
    INVESTMENT_PRELIMINARY = "investment_preliminary", _("Preliminary cost support for overseas investment")


class FundApplication(RegisterRecord):
    """An enterprise's application to one of the state funds, and what it was granted."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        SUBMITTED = "submitted", _("Submitted")
        GRANTED = "granted", _("Granted")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("enterprise"), max_length=100)
    fund = models.CharField(_("fund"), max_length=30, choices=Fund.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    project = models.CharField(_("project"), max_length=200, blank=True)
    amount_applied = models.DecimalField(_("amount applied (万元)"), max_digits=12, decimal_places=2)
    amount_granted = models.DecimalField(
        _("amount granted (万元)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREPARING)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "fund", "name"]
        verbose_name = _("fund application")
        verbose_name_plural = _("fund applications")
        constraints = [
            models.UniqueConstraint(fields=["name", "fund", "year"], name="unique_fund_application"),
            models.CheckConstraint(condition=Q(amount_applied__gte=0), name="fund_applied_non_negative"),
            models.CheckConstraint(condition=Q(amount_granted__gte=0), name="fund_granted_non_negative"),
        ]

    def __str__(self):
        return f"{self.name} · {self.get_fund_display()}"

    def clean(self):
        if self.status == self.Status.GRANTED and self.amount_granted is None:
            raise ValidationError({"amount_granted": _("A granted application needs the amount granted.")})
        if self.status != self.Status.GRANTED and self.amount_granted:
            raise ValidationError({"status": _("An amount was granted: set the status to granted.")})
