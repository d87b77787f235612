from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import months
from plan.models import Plan

DEFAULT_DISTRIBUTION = "市委办公厅，市政府办公厅，自治区商务厅，局领导，各科室。"


BODY_MAX_LENGTH = 20000


class BulletinQuerySet(models.QuerySet):
    def issued(self):
        return self.filter(state=Bulletin.State.ISSUED)

    def drafts(self):
        return self.filter(state=Bulletin.State.DRAFT)


class Bulletin(models.Model):
    """A month's 工作进展通报: drafted from the progress computation, edited by the office, then issued.

    A month has at most one draft. Issuing gives the draft the plan year's next number and makes it read-only
    for good; the Word file is kept as it was issued, so the archive shows what was sent even after the
    figures are revised. Issuing the month again (a new draft, then issue) makes a new number that names the
    issue it corrects. The history keeps every edit of the draft.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="bulletins")
    month = models.PositiveSmallIntegerField(_("month"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    title = models.CharField(_("title"), max_length=200)
    # One paragraph per line, as the form edits it.
    # A month's written analysis runs to a few thousand characters; five times that is a typo or an attack.
    body = models.TextField(
        _("text"), max_length=BODY_MAX_LENGTH, validators=[MaxLengthValidator(BODY_MAX_LENGTH)]
    )
    distribution = models.CharField(_("distribution (送)"), max_length=300, default=DEFAULT_DISTRIBUTION)
    number = models.PositiveSmallIntegerField(_("issue number"), null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("time of issue"), null=True, blank=True)
    # The Word document as issued (bulletin.document), served from the archive unchanged.
    document = models.BinaryField(_("Word document"), blank=True, editable=False, default=b"")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    # Optimistic locking, as plan.MonthlyReport: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=0)

    objects = BulletinQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["document"])

    class Meta:
        ordering = ["-plan__year", "-number", "-month"]
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "month"], condition=Q(state="draft"), name="one_bulletin_draft_per_month"
            ),
            models.UniqueConstraint(
                fields=["plan", "number"], condition=Q(number__isnull=False), name="unique_bulletin_number"
            ),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="bulletin_month_range"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(number__isnull=False, issued_at__isnull=False),
                name="issued_bulletin_has_number",
            ),
        ]

    def __str__(self):
        return self.issue_label if self.is_issued else self.title

    def get_absolute_url(self):
        if self.is_issued:
            return reverse("bulletin:issued", args=[self.pk])
        return reverse("bulletin:edit", args=[self.plan.year, self.month])

    @property
    def is_issued(self) -> bool:
        return self.state == self.State.ISSUED

    @property
    def year(self) -> int:
        return self.plan.year

    @property
    def period_label(self) -> str:
        return months.period_label(self.month)

    @property
    def issue_label(self) -> str:
        """2007年第9期."""
        if self.number is None:
            return ""
        return _("%(year)s issue %(number)s") % {"year": self.plan.year, "number": self.number}

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]
