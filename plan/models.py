import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import months, params
from core.uploads import DOCUMENT_KINDS, UploadValidator
from core.validators import NOTE_MAX_LENGTH, REASON_MAX_LENGTH, REPORT_MAX_LENGTH


class Department(models.Model):
    """A 科室 of the bureau. Codes are stable: files, URLs and accounts refer to them."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Optimistic locking (core.versions): every save bumps it; a stale save, or one without a version, is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plan:department", args=[self.code])


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


class ReportingDeadline(models.Model):
    """An admin's change to a month's reporting deadline (default: the 10th of the following month).

    Going back to the default keeps the row, with no date: its version keeps counting, so a page opened
    before a change and a reset is never mistaken for one opened after them. No row is version 0."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    # None: the default deadline (core.months.default_deadline).
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    # Optimistic locking (core.versions): every change bumps it; a stale change, or one without a version, is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "month"]
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting deadlines")
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="unique_reporting_deadline"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="deadline_month_range"
            ),
        ]

    def __str__(self):
        return f"{self.year}-{self.month:02d}: {self.due_on or '—'}"

    @classmethod
    def due_for(cls, year: int, month: int) -> datetime.date:
        """Month N's deadline: the admin's, else the default; January's is February's (1–2月)."""
        return cls.due_dates(year)[month]

    @classmethod
    def due_dates(cls, year: int) -> dict[int, datetime.date]:
        """Every month's deadline of a year, as `due_for` answers it, in one query."""
        set_dates = {
            row.month: row.due_on
            for row in cls.objects.filter(year=year, due_on__isnull=False).only("month", "due_on")
        }
        return {
            month: set_dates.get(months.reporting_month(month)) or months.default_deadline(year, month)
            for month in range(1, 13)
        }


class MonthlyReport(models.Model):
    """A department's month: the unit that is submitted, approved (locked), returned or unlocked.

    Every department's figures, register updates and measure updates for a month hang off this one cycle.
    No row means the department has not started the month.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    on_time = models.BooleanField(_("on time"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_message = models.TextField(
        _("review message"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
    )
    # Why an administrator unlocked the approved month, until it is approved again: a figure changed
    # meanwhile is logged with it.
    unlock_reason = models.CharField(_("reason for the unlock"), max_length=REASON_MAX_LENGTH, blank=True)
    # Optimistic locking: every save through the services bumps it, and a save based on an older version is
    # refused, so two people editing the same month cannot overwrite each other.
    version = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-month", "department__order"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [
            models.UniqueConstraint(fields=["department", "year", "month"], name="unique_monthly_report"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="report_month_range"
            ),
        ]

    def __str__(self):
        return f"{self.department} {self.year}-{self.month:02d}"

    @property
    def is_locked(self):
        """Submitted and approved months cannot be changed; draft and returned ones can."""
        return self.state in (self.State.SUBMITTED, self.State.APPROVED)

    @property
    def period(self):
        return f"{self.year}-{self.month:02d}"

    def last_unlock(self):
        """The history row of the unlock that reopened this month (its history_user and history_date), while
        the month is open again after an unlock; None otherwise. Two queries."""
        if not self.unlock_reason or self.state == self.State.APPROVED:
            return None
        approved = self.history.filter(state=self.State.APPROVED).order_by("-history_date").first()
        if approved is None:
            return None
        return (
            self.history.filter(history_date__gt=approved.history_date, state=self.State.DRAFT)
            .select_related("history_user")
            .order_by("history_date")
            .first()
        )

    @property
    def period_text(self) -> str:
        """2007年1–10月, as notices and sentences name the month's report."""
        return months.period_text(self.year, self.month)


class TargetNote(models.Model):
    """The 原因分析及措施 of one target in one month of its plan's year, written by the target's department.

    A note belongs to a target, not to a department (docs/rules.md, "Settled questions"): a department with several
    targets writes one note for each that is off track, and each is shown only beside its own target (card,
    drill-down, bulletin, workbook). The year is the target's plan's. Written on the department's month page
    (plan.cycle.report_save_notes), under that month's lock and version.
    """

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="notes"
    )
    month = models.PositiveSmallIntegerField(_("month"))
    text = models.TextField(
        _("analysis and measures (原因分析及措施)"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
    )
    # Optimistic locking (core.versions): every save bumps it.
    version = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["month", "target__order"]
        verbose_name = _("target note")
        verbose_name_plural = _("target notes")
        constraints = [
            models.UniqueConstraint(fields=["target", "month"], name="unique_target_note"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="target_note_month_range"
            ),
        ]

    def __str__(self):
        return f"{self.target} {self.month:02d}"


# ---- Measure progress: monthly updates, evidence files, milestones (written through plan/measure_updates.py) ----


class MeasureUpdate(models.Model):
    """A department's 进展情况 on a measure for one month: what was done, 形象进度 %, and the status it reports.

    One per (measure, department, month): saving again replaces it, and the history keeps the earlier text.
    The lead department's latest update sets the measure's status and progress.
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="updates")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="measure_updates"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    text = models.TextField(
        _("progress this month"),
        max_length=REPORT_MAX_LENGTH,
        validators=[MaxLengthValidator(REPORT_MAX_LENGTH)],
    )
    progress_pct = models.PositiveSmallIntegerField(_("progress %"))
    status = models.CharField(_("status"), max_length=12, choices=Measure.Status.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    # Optimistic locking (core.versions): 1 when first saved (no update yet is version 0), bumped by every save.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-month", "measure__order"]
        verbose_name = _("measure update")
        verbose_name_plural = _("measure updates")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "department", "year", "month"], name="unique_measure_update"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="update_month_range"
            ),
            models.CheckConstraint(condition=models.Q(progress_pct__lte=100), name="update_progress_max_100"),
            # Closing (销号) is a leader's act on the measure, never a status a department reports.
            models.CheckConstraint(condition=~models.Q(status="closed"), name="update_status_not_closed"),
        ]

    def __str__(self):
        return f"{self.measure.code} {self.department} {self.year}-{self.month:02d}"

    @property
    def period(self):
        return f"{self.year}-{self.month:02d}"


class MeasureEvidence(models.Model):
    """A file (document, photo) attached to a measure update; served only through plan:evidence."""

    update = models.ForeignKey(MeasureUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(
        _("file"),
        upload_to="private/evidence/%Y/",
        max_length=200,
        validators=[UploadValidator(kinds=DOCUMENT_KINDS)],
    )
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.name


class Milestone(models.Model):
    """A dated step of a measure (形象进度节点)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # Optimistic locking (core.versions): every change bumps it; a stale change, or one without a version, is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title

    def is_overdue(self, on: datetime.date) -> bool:
        return self.done_on is None and self.due < on


class DataVersion(models.Model):
    """One row holding a token per table that the progress computation reads, changed by every write to it.

    Database triggers (plan.cache) replace a table's token with a fresh random one on every INSERT, UPDATE and
    DELETE (and TRUNCATE on PostgreSQL) of that table, with the write itself, so that a result cached under the
    tokens of the tables it reads can only be served while those tables are what it was computed from. A table
    without a token has no triggers: nothing that reads it is cached.
    """

    tokens = models.JSONField(default=dict)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="data_version_single_row")]

    def __str__(self):
        return ", ".join(sorted(self.tokens))
