"""A department's month of figures: the month page's save, and the warnings of a month as stored.

The save goes through the monthly cycle of plan.cycle: the month must not be locked, staff change only their own
department, and every save bumps the month's version so that a page opened before someone else's save is
refused instead of overwriting it. Every figure change is in the figure's history with who and why.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import cycle, formatting, registry
from ..models import Department, MonthlyReport
from . import checks
from .models import MonthlyFigure, figures_by_month


@dataclass
class FigureEntry:
    """What was entered for one indicator of a month (cumulative None: nothing entered), on the month page or in
    a file's row."""

    cumulative: Decimal | None
    source: str = ""
    release: str = MonthlyFigure.Release.FINAL
    released_on: datetime.date | None = None
    published_growth_pct: Decimal | None = None


class FigureCheckError(ValidationError):
    """The figures fail a check: `errors` refuse the save, `warnings` need a confirmation with a note."""

    def __init__(self, errors: dict[str, list[str]], warnings: dict[str, list[str]]):
        self.errors, self.warnings = errors, warnings
        super().__init__(_("Some figures need attention; see the messages beside them."))


def stored_cumulatives(indicators, year: int, stored: dict | None = None) -> dict[str, dict[int, Decimal]]:
    """{code: {month: cumulative}} of the year as stored now: one query per model, none when given what
    figures_by_month answered for the year."""
    if stored is None:
        stored = figures_by_month(indicators, years=[year])
    return {
        ind.code: {m: f.cumulative for m, f in stored.get((ind.code, year), {}).items()} for ind in indicators
    }


@dataclass
class WarnedFigure:
    """A stored figure of a month that warns (a fall, an outlier), with the note its department gave for it:
    the reason of the change that stored its current value (such as 已确认预警：…, or a file's 说明)."""

    indicator: registry.Indicator
    cumulative: Decimal
    warnings: list[str]
    note: str


def month_warnings(*, department: Department, year: int, month: int) -> list[WarnedFigure]:
    """Every figure of the department's month, as stored, that the checks warn about (checks.check_month), for
    the leader who approves it. One query per model for the year's figures, one per warned figure for its
    note."""
    indicators = registry.department_indicators(department.code)
    stored = stored_cumulatives(indicators, year)
    values = {ind.code: stored[ind.code].get(month) for ind in indicators}
    _errors, warnings = checks.check_month(
        department=department.code, month=month, values=values, stored=stored
    )
    warned = []
    for ind in indicators:
        if not warnings.get(ind.code):
            continue
        latest = (
            ind.model.history.filter(indicator=ind.code, year=year, month=month)
            .order_by("-history_id")
            .first()
        )
        warned.append(
            WarnedFigure(
                indicator=ind,
                cumulative=values[ind.code],
                warnings=warnings[ind.code],
                note=(latest.history_change_reason or "") if latest else "",
            )
        )
    return warned


def _conflict_message(report: MonthlyReport, indicators, year: int, month: int) -> str:
    latest = report.history.select_related("history_user").order_by("-history_id").first()
    who = str(latest.history_user) if latest and latest.history_user else _("someone else")
    stored = stored_cumulatives(indicators, year)
    saved = "; ".join(
        f"{ind.label} {formatting.number(stored[ind.code][month])} {ind.unit}"
        for ind in indicators
        if month in stored[ind.code]
    )
    return _(
        "%(who)s saved this month after you opened it, so your save was refused and nothing of it was stored. "
        "Their figures: %(saved)s. Your entries are still in the form: check them and save again."
    ) % {"who": who, "saved": saved or _("none")}


def _apply(figure, model, *, code, year, month, entry: FigureEntry, user, reason: str) -> str:
    """Create, change or delete one figure (`figure`: the one stored, read under the month's lock, or None);
    returns "new", "changed", "unchanged" or "deleted"."""
    if entry.cumulative is None:
        if figure is None:
            return "unchanged"
        figure._history_user = user
        figure._change_reason = reason
        figure.delete()
        return "deleted"
    status = "new" if figure is None else "changed"
    if figure is None:
        figure = model(indicator=code, year=year, month=month)
    new_values = {
        "cumulative": entry.cumulative,
        "source": entry.source or "",
        "release": entry.release or MonthlyFigure.Release.FINAL,
        "released_on": entry.released_on,
        "published_growth_pct": entry.published_growth_pct,
        "is_sample": False,
    }
    if status == "changed" and all(getattr(figure, k) == v for k, v in new_values.items()):
        return "unchanged"
    for key, value in new_values.items():
        setattr(figure, key, value)
    figure._history_user = user
    figure._change_reason = reason
    # The fields' own rules (lengths, choices). Not the constraints, each a query and a savepoint: the row is
    # the one stored for (indicator, year, month), the month is the cycle's, a negative amount was refused when
    # it was read (checks.parse_amount), and the database's constraints stand behind all three.
    figure.full_clean(validate_unique=False, validate_constraints=False)
    figure.save()
    return status


def _reason(report: MonthlyReport, *, warned: bool, confirm_note: str) -> str:
    """Why a figure of the month page changed, for its history."""
    if warned:
        return _("Warning confirmed: %(note)s") % {"note": confirm_note.strip()}
    if report.unlock_reason:
        return _("Changed after the unlock: %(reason)s") % {"reason": report.unlock_reason}
    return _("Entered on the month page")


@transaction.atomic
def figures_save_month(
    *,
    user,
    department: Department,
    year: int,
    month: int,
    entries: dict[str, FigureEntry],
    notes: dict[str, str],
    expected_version: int | None,
    confirmed: bool = False,
    confirm_note: str = "",
    factor: int = 1,
) -> MonthlyReport:
    """Save a department's figures and its targets' notes ({target code: 原因分析及措施}) for a month, all or
    nothing.

    Refused (PermissionDenied) for another department or a locked month; refused (ConflictError) when
    someone saved the month since `expected_version`; refused (FigureCheckError) on an error, or on a warning
    unless `confirmed` with a `confirm_note`, which goes into the history as the reason. The warnings write
    their amounts in units of `factor` base units (the unit the month page is typed in).
    """
    indicators = registry.department_indicators(department.code)
    try:
        report = cycle.report_save_notes(
            user=user,
            department=department,
            year=year,
            month=month,
            notes=notes,
            expected_version=expected_version,
        )
    except cycle.ConflictError as error:
        report = cycle.report_get(department=department, year=year, month=month)
        raise cycle.ConflictError(_conflict_message(report, indicators, year, month)) from error
    values = {ind.code: entries[ind.code].cumulative for ind in indicators if ind.code in entries}
    # The year's figures, read once under the month's lock: for the checks and for the writes.
    figures = figures_by_month(indicators, years=[year])
    stored = stored_cumulatives(indicators, year, figures)
    errors, warnings = checks.check_month(
        department=department.code, month=month, values=values, stored=stored, factor=factor
    )
    # A warning confirmed once is not asked again while its figure stays as it is.
    warnings = {code: w for code, w in warnings.items() if values.get(code) != stored[code].get(month)}
    notes = dict.fromkeys(warnings, confirm_note) if confirmed else {}
    if errors or checks.unexplained_warnings(warnings, notes):
        raise FigureCheckError(errors, warnings)
    for ind in indicators:
        if ind.code not in entries:
            continue
        reason = _reason(report, warned=bool(warnings.get(ind.code)), confirm_note=confirm_note)
        _apply(
            figures.get((ind.code, year), {}).get(month),
            ind.model,
            code=ind.code,
            year=year,
            month=month,
            entry=entries[ind.code],
            user=user,
            reason=reason,
        )
    return report
