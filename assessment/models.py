"""The year's 考核方案 (scheme) and the departments' objections (异议) to lines of their scores.

Scores themselves are not stored: they are computed from the record (assessment.scores), so a changed scheme
rescores the whole year at once and a score can never drift from the records it is made of.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.validators import REASON_MAX_LENGTH
from plan.models import Department

# The default scheme of docs/rules.md ("考核"): base 100, bonus at most +10, never below 0.
DEFAULT_POINTS = {
    "base": Decimal(100),
    "bonus_cap": Decimal(10),
    "report_late": Decimal(-2),
    "report_missing": Decimal(-5),
    "report_returned": Decimal(-1),
    "target_slightly_behind": Decimal(-2),
    "target_behind": Decimal(-5),
    "target_met": Decimal(3),
    "measure_done_lead": Decimal(1),
    "measure_done_co": Decimal("0.5"),
    "measure_overdue": Decimal(-2),
    "instruction_done": Decimal(1),
    "instruction_overdue": Decimal(-3),
    "sign_overdue": Decimal(-1),
}


def _points(default, label):
    return models.DecimalField(label, max_digits=5, decimal_places=1, default=default)


class Scheme(models.Model):
    """A plan year's 考核方案: the points of each item. Published, it is read by every account; a change to a
    published scheme needs a reason (kept in its history)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    base = _points(DEFAULT_POINTS["base"], _("base score"))
    bonus_cap = _points(DEFAULT_POINTS["bonus_cap"], _("bonus at most"))
    report_late = _points(DEFAULT_POINTS["report_late"], _("a month report submitted after its deadline"))
    report_missing = _points(
        DEFAULT_POINTS["report_missing"], _("a month report not submitted by the next month's deadline")
    )
    report_returned = _points(DEFAULT_POINTS["report_returned"], _("a month report returned by a leader"))
    target_slightly_behind = _points(DEFAULT_POINTS["target_slightly_behind"], _("a target slightly behind"))
    target_behind = _points(DEFAULT_POINTS["target_behind"], _("a target behind"))
    target_met = _points(DEFAULT_POINTS["target_met"], _("a target completed at year end"))
    measure_done_lead = _points(
        DEFAULT_POINTS["measure_done_lead"], _("a measure it leads closed by its deadline")
    )
    measure_done_co = _points(
        DEFAULT_POINTS["measure_done_co"], _("a measure it supports closed by its deadline")
    )
    measure_overdue = _points(DEFAULT_POINTS["measure_overdue"], _("a measure it leads overdue"))
    instruction_done = _points(DEFAULT_POINTS["instruction_done"], _("an instruction completed on time"))
    instruction_overdue = _points(DEFAULT_POINTS["instruction_overdue"], _("an instruction overdue"))
    sign_overdue = _points(DEFAULT_POINTS["sign_overdue"], _("an instruction signed for late"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = HistoricalRecords()

    ITEMS = tuple(name for name in DEFAULT_POINTS)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")

    def __str__(self):
        return str(self.year)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def items(self) -> list[tuple[str, str, Decimal]]:
        """(name, label, points) of every item, in the scheme's order."""
        return [(name, self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.ITEMS]


class Objection(models.Model):
    """A department's 异议 to one line of its scores, and the decision on it. Nothing is deleted: an upheld
    objection takes the line out of every score of the year, with the reasons kept and shown."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting a decision")
        UPHELD = "upheld", _("Upheld")
        REJECTED = "rejected", pgettext_lazy("objection", "Rejected")

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("as-of month"))
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="objections"
    )
    # The line's identity (assessment.scores.Line.key), stable across recomputations.
    line_key = models.CharField(_("line"), max_length=100)
    line_text = models.CharField(_("line as it read"), max_length=300)
    reason = models.TextField(
        _("reason"), max_length=REASON_MAX_LENGTH, validators=[MaxLengthValidator(REASON_MAX_LENGTH)]
    )
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    decision = models.TextField(
        _("decision"),
        blank=True,
        max_length=REASON_MAX_LENGTH,
        validators=[MaxLengthValidator(REASON_MAX_LENGTH)],
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            # One objection a line: a rejected one is not raised again.
            models.UniqueConstraint(
                fields=["year", "department", "line_key"], name="unique_objection_per_line"
            ),
        ]

    def __str__(self):
        return self.line_text
