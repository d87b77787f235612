"""The monthly cycle, written once and used by every department: a month report's locks, notes and steps
(plan.cycle.reports) and the months' reporting deadlines (plan.cycle.deadlines), both named here as before.

The month page's save and submit (plan.cycle.month_save) is imported from its own module: it stands on the
figures' service, which stands on this package.
"""

# The errors the steps raise, named here as the module before the package named them (tests catch them so).
from django.core.exceptions import PermissionDenied, ValidationError

from .deadlines import deadline_reset, deadline_set, deadline_version
from .reports import (
    CHECKED,
    UNCHECKED,
    ConflictError,
    ensure_can_edit,
    ensure_can_edit_department,
    ensure_one_line,
    note_targets,
    notes_of_month,
    report_approve,
    report_get,
    report_record_change,
    report_return,
    report_save_notes,
    report_submit,
    report_unlock,
    reports_due,
    reports_record_change,
    submitted_on_time,
)

__all__ = [
    "CHECKED",
    "UNCHECKED",
    "ConflictError",
    "PermissionDenied",
    "ValidationError",
    "deadline_reset",
    "deadline_set",
    "deadline_version",
    "ensure_can_edit",
    "ensure_can_edit_department",
    "ensure_one_line",
    "note_targets",
    "notes_of_month",
    "report_approve",
    "report_get",
    "report_record_change",
    "report_return",
    "report_save_notes",
    "report_submit",
    "report_unlock",
    "reports_due",
    "reports_record_change",
    "submitted_on_time",
]
