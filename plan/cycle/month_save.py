"""The month page's save: a department's figures and notes saved, then its month submitted when it asked to and
confirmed. What a save comes to is decided here, once; plan.views.month only reads the form and shows it.

Not imported by plan.cycle itself: it stands on the figures' service (plan.figures.month), which stands on
plan.cycle.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from ..figures.month import FigureCheckError, figures_save_month
from ..models import Department, MonthlyReport
from .reports import ConflictError, report_submit

# What became of a save: stored; stored and submitted; stored, with the submission still to be confirmed (the
# page's script asks, and without it nobody did); or refused, nothing stored.
SAVED, SUBMITTED, ASK_SUBMIT, REFUSED = "saved", "submitted", "ask_submit", "refused"


@dataclass
class MonthSave:
    """What a save came to. A refusal carries each problem for the form (field name, or None for the whole
    form; the error) and the figures' checks by indicator code, shown beside each figure."""

    outcome: str
    report: MonthlyReport | None = None  # as saved; None when nothing was
    form_errors: list[tuple[str | None, object]] = field(default_factory=list)
    check_errors: dict[str, list[str]] = field(default_factory=dict)
    check_warnings: dict[str, list[str]] = field(default_factory=dict)


def month_save(
    *,
    user,
    department: Department,
    year: int,
    month: int,
    entries: dict,
    notes: dict[str, str],
    expected_version: int | None,
    confirmed: bool,
    confirm_note: str,
    factor: int,
    submit: bool,
    submit_confirmed: bool,
) -> MonthSave:
    """Save the month's figures and notes (plan.figures.month.figures_save_month), then submit it when the
    department asked to (`submit`) and confirmed (`submit_confirmed`): a submission not confirmed only saves,
    and the page asks once before the month is locked. Every refusal of either step comes back as a MonthSave,
    never raised."""
    report = None
    try:
        report = figures_save_month(
            user=user,
            department=department,
            year=year,
            month=month,
            entries=entries,
            notes=notes,
            expected_version=expected_version,
            confirmed=confirmed,
            confirm_note=confirm_note,
            factor=factor,
        )
        if not submit:
            return MonthSave(SAVED, report)
        if not submit_confirmed:
            return MonthSave(ASK_SUBMIT, report)
        report = report_submit(user=user, report=report, expected_version=report.version)
        return MonthSave(SUBMITTED, report)
    except FigureCheckError as error:
        refused = MonthSave(
            REFUSED, report, [(None, error.message)], check_errors=error.errors, check_warnings=error.warnings
        )
        if error.warnings and not error.errors and confirmed:
            # Only warnings, and confirmed: what is missing is the note that says why they are right.
            refused.form_errors.append(("confirm_note", _("Write why the figures with warnings are right.")))
        return refused
    except ConflictError as error:
        return MonthSave(REFUSED, report, [(None, error.message)])
    except PermissionDenied as error:
        return MonthSave(REFUSED, report, [(None, str(error))])
    except ValidationError as error:
        return MonthSave(REFUSED, report, [(None, error)])
