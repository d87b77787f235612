"""The year's plan as loaded from its document: its sections, quantified targets and measures."""

import datetime
from decimal import Decimal

from django.core.validators import MaxLengthValidator
from django.db import models
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import params
from core.validators import NOTE_MAX_LENGTH, REPORT_MAX_LENGTH

from .departments import Department


class PlanQuerySet(models.QuerySet):
    def current(self):
        """The plan the dashboard opens on: the latest active plan, else the latest of any status."""
        return (
            self.filter(status=Plan.Status.ACTIVE).order_by("-year").first() or self.order_by("-year").first()
        )

    def years(self) -> list[int]:
        """The years that have a plan, latest first (the year filters offer these, no others)."""
        return list(self.order_by("-year").values_list("year", flat=True))

    def for_request(self, request, year: int | None = None):
        """The plan a page shows: the year of its URL or of ?year= (404 when no plan has it), else the current
        plan (None when there is none). The one resolver of the plan year for every page."""
        year = year if year is not None else params.year_param(request.GET)
        if year is not None:
            return get_object_or_404(self, year=year)
        return self.current()

    def year_for_request(self, request) -> int:
        """The year a page about one year shows: ?year=, else the current plan's, else this year."""
        year = params.year_param(request.GET)
        if year is None:
            plan = self.current()
            year = plan.year if plan else timezone.localdate().year
        return year


class Plan(models.Model):
    """One year's 工作要点."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plan:document", args=[self.year])


class Section(models.Model):
    """A heading of the plan document with the paragraphs under it (paragraphs separated by newlines)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("code"), max_length=20)
    number = models.CharField(_("number"), max_length=10, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(
        _("text"),
        blank=True,
        max_length=REPORT_MAX_LENGTH,
        validators=[MaxLengthValidator(REPORT_MAX_LENGTH)],
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_section_code")]

    def __str__(self):
        return f"{self.number}{self.title or self.text[:20]}"

    @property
    def anchor(self):
        return f"section-{self.code}"

    @property
    def depth(self):
        return self.code.count(".")


class Target(models.Model):
    """A quantified goal of the plan (工作目标), stored in its base unit."""

    class Kind(models.TextChoices):
        AMOUNT = "amount", _("Amount")
        SHARE = "share", _("Share (threshold)")
        COUNT = "count", _("Count")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Null while a drafted plan's value is still to be set.
    value = models.DecimalField(_("target value"), max_digits=16, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("base unit"), max_length=10)
    display_unit = models.CharField(_("display unit"), max_length=10)
    display_factor = models.PositiveIntegerField(_("base units per display unit"), default=1)
    growth_target_pct = models.DecimalField(
        _("growth target %"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="targets")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT)
    quote = models.TextField(
        _("words of the plan"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_target_code"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="target_value_non_negative"),
            models.CheckConstraint(
                condition=models.Q(display_factor__gte=1), name="target_display_factor_positive"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plan:target", args=[self.plan.year, self.code])

    @property
    def anchor(self):
        return f"target-{self.code}"

    def to_display(self, value):
        """A base-unit value in the plan's unit (万美元 → 亿美元), or None."""
        if value is None:
            return None
        return Decimal(value) / self.display_factor


class Measure(models.Model):
    """A 工作措施 of the plan: a piece of work with a lead department and a deadline."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        BEHIND = "behind", _("Behind schedule")
        DONE = "done", _("Done, awaiting closure")
        CLOSED = "closed", _("Closed")

    class Kind(models.TextChoices):
        TASK = "task", _("Task")
        EVENT = "event", _("Event")
        PROJECT = "project", _("Project")
        FUNDS = "funds", _("Funds")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    code = models.CharField(_("code"), max_length=20)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="measures")
    title = models.CharField(_("title"), max_length=100)
    quote = models.TextField(
        _("words of the plan"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TASK)
    lead = models.ForeignKey(
        Department, verbose_name=_("lead department"), on_delete=models.PROTECT, related_name="led_measures"
    )
    co_departments = models.ManyToManyField(
        Department, verbose_name=_("co-departments"), blank=True, related_name="supported_measures"
    )
    due = models.DateField(_("deadline"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The latest state of the work, kept up to date by the services that record progress, so lists and the
    # dashboard read it without going through the updates.
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    progress_pct = models.PositiveSmallIntegerField(_("progress %"), default=0)
    # Optimistic locking (core.versions): bumped by every change of the measure and of its updates and
    # milestones, so a leader's 销号 or send-back is refused when the measure changed since the page showed it.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = HistoricalRecords(m2m_fields=[co_departments])

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_measure_code"),
            models.CheckConstraint(
                condition=models.Q(progress_pct__lte=100), name="measure_progress_max_100"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("plan:measure", args=[self.plan.year, self.code])

    def is_overdue(self, on: datetime.date) -> bool:
        """Overdue: the deadline has passed (before `on`) and the measure is not closed (销号)."""
        return self.due < on and self.status != self.Status.CLOSED

    @property
    def anchor(self):
        return f"measure-{self.code}"
