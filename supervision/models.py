"""督办: a leader's 批示 (Instruction) and everything that happens to it (InstructionEvent).

Nothing is ever deleted: every step is an event with who, when and the text; the instruction keeps its current
state, the due date in force and a version (core.versions). The steps are applied by
`supervision.services.instruction_step`, by the table in `supervision.states`.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.uploads import DOCUMENT_KINDS, UploadValidator
from core.validators import NOTE_MAX_LENGTH, REPORT_MAX_LENGTH


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent (5 days)")
    NORMAL = "normal", _("Normal (15 days)")
    HARD = "hard", _("Hard (30 days)")


class State(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    SIGNED = "signed", _("Signed for")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED = "reported", _("Reported")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


OPEN_STATES = (State.ASSIGNED, State.SIGNED, State.IN_PROGRESS, State.REPORTED)


class InstructionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def visible_to(self, user):
        """Leaders, admins and the 办公室 see every 批示; staff see their department's (lead or co)."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.sees_everything or getattr(user.department, "code", None) == OFFICE:
            return self
        return self.filter(Q(lead_id=user.department_id) | Q(co_departments=user.department_id)).distinct()


# The department that acts as the bureau's 督查 function (sends 催办, writes on a leader's behalf).
OFFICE = "office"


class Instruction(models.Model):
    """A 批示: a leader's instruction handed to one lead department (主办) and optional co-departments (协办)."""

    plan_year = models.PositiveSmallIntegerField(_("plan year"))
    text = models.TextField(
        _("instruction"), max_length=NOTE_MAX_LENGTH, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)]
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="instructions_written",
    )
    # The admin or 办公室 staff who entered it on the leader's behalf; None when the leader wrote it.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instructions_entered",
    )
    # What it is written on: at most one of these (none: on nothing in particular).
    target = models.ForeignKey(
        "plan.Target", verbose_name=_("target"), on_delete=models.PROTECT, null=True, blank=True
    )
    measure = models.ForeignKey(
        "plan.Measure", verbose_name=_("measure"), on_delete=models.PROTECT, null=True, blank=True
    )
    report = models.ForeignKey(
        "plan.MonthlyReport",
        verbose_name=_("monthly report"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    # An issued bulletin, by its period (bulletin is above this app: no foreign key).
    bulletin_year = models.PositiveSmallIntegerField(_("bulletin year"), null=True, blank=True)
    bulletin_month = models.PositiveSmallIntegerField(
        _("bulletin month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    lead = models.ForeignKey(
        "plan.Department",
        verbose_name=_("lead department"),
        on_delete=models.PROTECT,
        related_name="instructions_led",
    )
    co_departments = models.ManyToManyField(
        "plan.Department", verbose_name=_("co-departments"), blank=True, related_name="instructions_supported"
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    assigned_on = models.DateField(_("assigned on"))
    # The due date in force: from the urgency, an explicit date, or an approved 延期 (the events keep the old).
    due = models.DateField(_("due on"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.ASSIGNED)
    signed_on = models.DateField(_("signed for on"), null=True, blank=True)
    # The new date the lead department asked for, while a leader has not answered (延期).
    asked_due = models.DateField(_("extension asked to"), null=True, blank=True)
    # When the lead department last submitted its 办理情况报告 (反馈), and when a leader accepted it.
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Optimistic locking (core.versions): every step bumps it; a stale step, or one without it, is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    objects = InstructionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[co_departments])

    class Meta:
        ordering = ["-assigned_on", "-pk"]
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        indexes = [models.Index(fields=["state", "due"], name="instruction_state_due")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(bulletin_year__isnull=True) & Q(bulletin_month__isnull=True))
                | (Q(bulletin_year__isnull=False) & Q(bulletin_month__isnull=False)),
                name="instruction_bulletin_period_whole",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.summary}"

    def get_absolute_url(self):
        return reverse("supervision:detail", args=[self.pk])

    @property
    def number(self) -> str:
        """督办〔2007〕12号."""
        return f"督办〔{self.plan_year}〕{self.pk}号"

    @property
    def summary(self) -> str:
        first = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return first if len(first) <= 30 else first[:30] + "…"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def subject(self):
        """What it is written on: a target, a measure, a month report, (year, month) of a bulletin, or None."""
        if self.target_id:
            return self.target
        if self.measure_id:
            return self.measure
        if self.report_id:
            return self.report
        if self.bulletin_year:
            return (self.bulletin_year, self.bulletin_month)
        return None

    @property
    def subject_label(self) -> str:
        subject = self.subject
        if subject is None:
            return ""
        if isinstance(subject, tuple):
            return f"{subject[0]}年{subject[1]}月工作进展通报"
        if self.measure_id:
            return f"{subject.code} {subject.title}"
        return str(subject)


class InstructionEvent(models.Model):
    """One step of a 批示: who, when, what they wrote; a 延期's old and new dates; evidence files."""

    class Kind(models.TextChoices):
        ASSIGN = "assign", _("Assigned")
        SIGN = "sign", _("Signed for")
        REPLY = "reply", _("Reply")
        REPORT = "report", _("Report submitted")
        ACCEPT = "accept", _("Accepted and closed")
        RETURN = "return", _("Returned for more work")
        EXTEND = "extend", _("Extension asked")
        APPROVE_EXTENSION = "approve_extension", _("Extension approved")
        REFUSE_EXTENSION = "refuse_extension", _("Extension refused")
        REMIND = "remind", _("Reminder sent")
        STOP = "stop", _("Stopped")

    instruction = models.ForeignKey(Instruction, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT)
    at = models.DateTimeField(_("at"))
    text = models.TextField(
        _("text"),
        blank=True,
        max_length=REPORT_MAX_LENGTH,
        validators=[MaxLengthValidator(REPORT_MAX_LENGTH)],
    )
    # The department the person acted for (their own; none for a leader).
    department = models.ForeignKey(
        "plan.Department", verbose_name=_("department"), on_delete=models.PROTECT, null=True, blank=True
    )
    old_due = models.DateField(_("due before"), null=True, blank=True)
    new_due = models.DateField(_("due asked / after"), null=True, blank=True)
    state_before = models.CharField(_("state before"), max_length=12, choices=State.choices)
    state_after = models.CharField(_("state after"), max_length=12, choices=State.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("instruction step")
        verbose_name_plural = _("instruction steps")

    def __str__(self):
        return f"{self.instruction.number} {self.get_kind_display()}"


class InstructionFile(models.Model):
    """Evidence attached to a reply or report; served only through supervision:file, after a permission check."""

    event = models.ForeignKey(InstructionEvent, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(
        _("file"),
        upload_to="private/supervision/%Y/",
        max_length=200,
        validators=[UploadValidator(kinds=DOCUMENT_KINDS)],
    )
    name = models.CharField(_("file name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("instruction file")
        verbose_name_plural = _("instruction files")

    def __str__(self):
        return self.name
