"""A department's month in the reporting cycle, as the completeness table shows it."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..models import Department, MonthlyReport


@dataclass
class DepartmentMonth:
    """A department's month in the cycle, as the completeness table shows it."""

    department: Department
    report: MonthlyReport | None
    due: datetime.date
    today: datetime.date
    month: int = 0

    @property
    def state(self) -> str:
        return self.report.state if self.report else "not_started"

    @property
    def state_label(self):
        return self.report.get_state_display() if self.report else _("Not started")

    @property
    def on_time(self) -> bool | None:
        """True or False once submitted (returned months keep their first answer); None before."""
        return self.report.on_time if self.report else None

    @property
    def late(self) -> bool:
        """Submitted after the deadline, or still not submitted once it has passed."""
        return self.timeliness in ("late", "overdue")

    @property
    def timeliness(self) -> str:
        if self.on_time is True:
            return "on_time"
        if self.on_time is False:
            return "late"
        if self.report is None and self.month == 1:
            # January has no deadline of its own: it is reported with February as 1–2月.
            return "with_february"
        return "overdue" if self.today > self.due else "pending"

    @property
    def timeliness_label(self):
        return {
            "on_time": _("On time"),
            "late": _("Late"),
            "overdue": _("Not submitted, overdue"),
            "pending": _("Not yet due"),
            "with_february": _("Reported with 1–2月"),
        }[self.timeliness]
