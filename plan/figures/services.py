"""Writes of monthly figures: the month page's save and the import (file, web upload, demo).

Both go through the monthly cycle of plan.cycle: the month must not be locked, staff change only their
own department, and every save bumps the month's version so that a page opened before someone else's save is
refused instead of overwriting it. Every figure change is in the figure's history with who and why.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import bulk
from core.validators import REASON_MAX_LENGTH, validate_one_line

from .. import cycle, formatting, registry
from ..models import Department, MonthlyReport
from . import checks
from .files import ImportRow, column_name
from .models import MonthlyFigure, figures_by_month

# The longest source the month page's form takes (MonthFiguresForm) and the column holds.
SOURCE_MAX = 40


@dataclass
class FigureEntry:
    """What was entered for one indicator of a month (cumulative None: nothing entered)."""

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


def may_import(user) -> bool:
    """Who may import figures from a file: an admin, or staff who may enter their own department's figures. The
    upload pages refuse everyone else, and the menu offers the import only to these."""
    return bool(
        user.is_authenticated
        and (user.is_admin or (user.department_id and user.can_edit_department(user.department)))
    )


def stored_cumulatives(indicators, year: int) -> dict[str, dict[int, Decimal]]:
    """{code: {month: cumulative}} of the year as stored now: one query per model."""
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


def _apply(model, *, code, year, month, entry: FigureEntry, user, reason: str, sample: bool = False) -> str:
    """Create, change or delete one figure; returns "new", "changed", "unchanged" or "deleted"."""
    figure = model.objects.filter(indicator=code, year=year, month=month).first()
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
        "is_sample": sample,
    }
    if status == "changed" and all(getattr(figure, k) == v for k, v in new_values.items()):
        return "unchanged"
    for key, value in new_values.items():
        setattr(figure, key, value)
    figure._history_user = user
    figure._change_reason = reason
    figure.full_clean()
    figure.save()
    return status


def unexplained_warnings(warnings: dict, notes: dict) -> dict:
    """The warnings that no note explains: {key: [message]} of `warnings` whose `notes[key]` is empty.

    The one rule of docs/rules.md's "Warnings need a note on every path": a figure that warns (a falling
    cumulative, an outlier) is stored only with a note saying why it is right. The month page (its
    confirmation note), the import command and the upload page (a file's `note` 说明 column, or the note
    typed in the preview) all refuse what this returns.
    """
    return {
        key: messages for key, messages in warnings.items() if messages and not (notes.get(key) or "").strip()
    }


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
    stored = stored_cumulatives(indicators, year)
    errors, warnings = checks.check_month(
        department=department.code, month=month, values=values, stored=stored, factor=factor
    )
    # A warning confirmed once is not asked again while its figure stays as it is.
    warnings = {code: w for code, w in warnings.items() if values.get(code) != stored[code].get(month)}
    notes = dict.fromkeys(warnings, confirm_note) if confirmed else {}
    if errors or unexplained_warnings(warnings, notes):
        raise FigureCheckError(errors, warnings)
    for ind in indicators:
        if ind.code not in entries:
            continue
        if warnings.get(ind.code):
            reason = _("Warning confirmed: %(note)s") % {"note": confirm_note.strip()}
        elif report.unlock_reason:
            reason = _("Changed after the unlock: %(reason)s") % {"reason": report.unlock_reason}
        else:
            reason = _("Entered on the month page")
        _apply(
            ind.model,
            code=ind.code,
            year=year,
            month=month,
            entry=entries[ind.code],
            user=user,
            reason=reason,
        )
    return report


# -- Import ------------------------------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    number: int
    indicator: registry.Indicator
    year: int
    month: int
    old: Decimal | None
    new: Decimal
    status: str  # new / changed / unchanged / refused
    # What the row warns of (a fall, an outlier) and the note that explains it, if any.
    warnings: list[str] = field(default_factory=list)
    note: str = ""
    # Refused only because it warns without a note: a note typed in the preview mends it.
    needs_note: bool = False


@dataclass
class ImportResult:
    outcomes: list[ImportOutcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Warnings of rows that carry a note (stored with it), one line each.
    warnings: list[str] = field(default_factory=list)
    # The lines of rows refused only for a warning without a note; they are in `errors` too (the file is
    # refused), and the upload's preview asks for the note on each row.
    note_errors: list[str] = field(default_factory=list)
    # The rows refused before they could be read as a figure (a bad indicator, year or number, a duplicate):
    # they have no outcome, and count as refused all the same.
    unread: set[int] = field(default_factory=set)
    stored: bool = False

    @property
    def other_errors(self) -> list[str]:
        """The errors a note cannot mend."""
        return [line for line in self.errors if line not in self.note_errors]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def count_refused(self) -> int:
        """The rows refused for something a note cannot mend, each once: those that could not be read, and
        those read but refused (another department's, a locked month, a failed check)."""
        read = sum(1 for o in self.outcomes if o.status == "refused" and not o.needs_note)
        return len(self.unread) + read

    @property
    def count_needs_note(self) -> int:
        """The rows that warn and wait only for their note."""
        return sum(1 for o in self.outcomes if o.needs_note)

    @property
    def count_warned(self) -> int:
        """The rows that warn and carry their note: stored with it."""
        return sum(1 for o in self.outcomes if o.warnings and not o.needs_note and o.status != "refused")

    # For templates, which cannot pass arguments.
    count_new = property(lambda self: self.count("new"))
    count_changed = property(lambda self: self.count("changed"))
    count_unchanged = property(lambda self: self.count("unchanged"))


_RELEASES = {
    "": MonthlyFigure.Release.FINAL,
    "final": MonthlyFigure.Release.FINAL,
    "正式": MonthlyFigure.Release.FINAL,
    "preliminary": MonthlyFigure.Release.PRELIMINARY,
    "快报": MonthlyFigure.Release.PRELIMINARY,
}


def _row_error(row: ImportRow, column: str, message: str) -> str:
    return _("row %(number)s: %(column)s: %(message)s") % {
        "number": row.number,
        "column": column_name(column),
        "message": message,
    }


def _int_in(text: str, low: int, high: int) -> int | None:
    cleaned = checks.normalise_number(text)
    if cleaned.isascii() and cleaned.isdigit() and low <= int(cleaned) <= high:
        return int(cleaned)
    return None


def _parse_row(row: ImportRow, errors: list[str]):
    """(indicator, year, month, FigureEntry) of a row, or None after adding its errors."""
    before = len(errors)
    ind = registry.indicator_named(row.indicator)
    if ind is None:
        errors.append(
            _row_error(row, "indicator", _('"%(value)s" is not an indicator') % {"value": row.indicator})
        )
    year = _int_in(row.year, 1990, 2100)
    if year is None:
        errors.append(_row_error(row, "year", _('"%(value)s" is not a year') % {"value": row.year}))
    month = _int_in(row.month, 1, 12)
    if month is None:
        errors.append(_row_error(row, "month", _('"%(value)s" is not a month (1–12)') % {"value": row.month}))
    cumulative = None
    try:
        cumulative = checks.parse_amount(row.cumulative)
        if cumulative is None:
            errors.append(_row_error(row, "cumulative", _("is empty")))
    except ValueError as error:
        errors.append(_row_error(row, "cumulative", str(error)))
    release = _RELEASES.get(row.release.strip().lower())
    if release is None:
        errors.append(
            _row_error(row, "release", _('"%(value)s" is not preliminary or final') % {"value": row.release})
        )
    growth = None
    try:
        growth = checks.parse_rate(row.published_growth_pct)
    except ValueError as error:
        errors.append(_row_error(row, "published_growth_pct", str(error)))
    released_on = None
    if row.released_on.strip():
        try:
            released_on = datetime.date.fromisoformat(row.released_on.strip())
        except ValueError:
            errors.append(
                _row_error(
                    row, "released_on", _('"%(value)s" is not a YYYY-MM-DD date') % {"value": row.released_on}
                )
            )
    if len(row.note.strip()) > REASON_MAX_LENGTH:
        errors.append(
            _row_error(
                row, "note", _("is longer than %(max)s characters") % {"max": f"{REASON_MAX_LENGTH:,}"}
            )
        )
    else:
        try:
            validate_one_line(row.note)
        except ValidationError as error:
            errors.extend(_row_error(row, "note", message) for message in error.messages)
    source = row.source.strip()
    try:
        # What the month page's form checks of a source, the file's rows are checked by too.
        validate_one_line(source)
        if len(source) > SOURCE_MAX:
            raise ValidationError(
                _("is longer than %(max)s characters") % {"max": SOURCE_MAX}, code="max_length"
            )
    except ValidationError as error:
        errors.append(_row_error(row, "source", error.messages[0]))
    if len(errors) > before:
        return None
    entry = FigureEntry(
        cumulative=cumulative,
        source=source,
        release=release,
        released_on=released_on,
        published_growth_pct=growth,
    )
    return ind, year, month, entry


FIGURE_FIELDS = [
    "cumulative",
    "source",
    "release",
    "released_on",
    "published_growth_pct",
    "is_sample",
    "updated_at",
]


def _write_figures(outcomes, entries, stored, *, user, reason: str, reasons: dict, sample: bool) -> None:
    """The new and changed figures of an import, in bulk per model, each with its history row (its reason
    the row's own when it carried a note, else the import's)."""
    new, changed = {}, {}
    for outcome in outcomes:
        if outcome.status not in ("new", "changed"):
            continue
        code, model = outcome.indicator.code, outcome.indicator.model
        entry = entries[(code, outcome.year, outcome.month)]
        figure = stored.get((code, outcome.year), {}).get(outcome.month)
        if figure is None:
            figure = model(indicator=code, year=outcome.year, month=outcome.month)
        figure.cumulative = entry.cumulative
        figure.source = entry.source or ""
        figure.release = entry.release or MonthlyFigure.Release.FINAL
        figure.released_on = entry.released_on
        figure.published_growth_pct = entry.published_growth_pct
        figure.is_sample = sample
        figure.updated_at = timezone.now()
        if (code, outcome.year, outcome.month) in reasons:
            figure._change_reason = reasons[(code, outcome.year, outcome.month)]
        # The rows were parsed and checked above; the database holds the constraints.
        figure.full_clean(validate_unique=False, validate_constraints=False)
        (new if figure.pk is None else changed).setdefault(model, []).append(figure)
    for model, figures in new.items():
        bulk.create_in_bulk(model, figures, user=user, reason=reason)
    for model, figures in changed.items():
        bulk.update_in_bulk(model, figures, FIGURE_FIELDS, user=user, reason=reason)


def figures_import(
    *, rows: list[ImportRow], user=None, dry_run: bool = False, sample: bool = False, label: str = ""
) -> ImportResult:
    """Import figure rows, all or none (`_figures_import`). A real import reads and writes under one lock, so
    imports confirmed at the same moment on several servers run one after the other."""
    if dry_run:
        return _figures_import(rows=rows, user=user, dry_run=True, sample=sample, label=label)
    with transaction.atomic():
        bulk.one_writer_at_a_time("figures_import")
        return _figures_import(rows=rows, user=user, dry_run=False, sample=sample, label=label)


def _figures_import(
    *, rows: list[ImportRow], user=None, dry_run: bool = False, sample: bool = False, label: str = ""
) -> ImportResult:
    """Import figure rows, all or none.

    Each row replaces the stored figure of its (indicator, year, month) as a revision (the old value stays in
    the history). A row is refused when it is malformed, when `user` (if given) may not change the indicator's
    department, when its month is submitted or approved (locked), when the month's figures would fail an
    error check, or when it warns (a fall, an outlier) and has no note (`unexplained_warnings`). With
    `dry_run`, or with any refused row, nothing is stored; the result says what would change.
    """
    result = ImportResult()
    parsed = []
    seen: dict[tuple, int] = {}
    for row in rows:
        item = _parse_row(row, result.errors)
        if item is None:
            result.unread.add(row.number)
            continue
        ind, year, month, entry = item
        key = (ind.code, year, month)
        if key in seen:
            result.errors.append(
                _row_error(
                    row, "indicator", _("the same figure is already on row %(other)s") % {"other": seen[key]}
                )
            )
            result.unread.add(row.number)
            continue
        seen[key] = row.number
        parsed.append((row, ind, year, month, entry))

    departments = {d.code: d for d in Department.objects.all()}
    years = {year for _row, _ind, year, _month, _entry in parsed}
    indicators = registry.all_indicators()
    stored = figures_by_month(indicators, years=years)
    reports = {
        (r.department.code, r.year, r.month): r
        for r in MonthlyReport.objects.filter(year__in=years).select_related("department")
    }
    refused_rows: set[int] = set()
    # The rows refused only for a warning without its note.
    note_rows: set[int] = set()
    row_warnings: dict[int, list[str]] = {}
    for row, ind, year, month, _entry in parsed:
        department = departments.get(ind.department)
        if user is not None and (department is None or not user.can_edit_department(department)):
            refused_rows.add(row.number)
            result.errors.append(
                _row_error(
                    row,
                    "indicator",
                    _('"%(value)s" belongs to %(department)s; you may not change it')
                    % {"value": ind.code, "department": department or ind.department},
                )
            )
            continue
        report = reports.get((ind.department, year, month))
        if report is not None and report.is_locked:
            refused_rows.add(row.number)
            result.errors.append(
                _row_error(
                    row,
                    "month",
                    _("%(department)s %(year)s-%(month)02d is %(state)s and locked")
                    % {
                        "department": department,
                        "year": year,
                        "month": month,
                        "state": report.get_state_display(),
                    },
                )
            )

    # The checks of every (department, year, month) the file touches, with the file's values over the stored.
    groups: dict[tuple[str, int, int], list] = {}
    for item in parsed:
        _row, ind, year, month, _entry = item
        groups.setdefault((ind.department, year, month), []).append(item)
    for (dept_code, year, month), items in groups.items():
        dept_indicators = registry.department_indicators(dept_code)
        year_stored = {
            i.code: {m: f.cumulative for m, f in stored.get((i.code, year), {}).items()}
            for i in dept_indicators
        }
        for _row, ind, row_year, row_month, entry in parsed:
            if ind.department == dept_code and row_year == year and row_month != month:
                year_stored[ind.code][row_month] = entry.cumulative
        values = {i.code: year_stored[i.code].get(month) for i in dept_indicators}
        rows_by_code = {ind.code: row for row, ind, _y, _m, entry in items}
        for _row, ind, _y, _m, entry in items:
            values[ind.code] = entry.cumulative
        errors, warnings = checks.check_month(
            department=dept_code, month=month, values=values, stored=year_stored
        )
        for code, messages in errors.items():
            row = rows_by_code.get(code) or items[0][0]
            refused_rows.add(row.number)
            result.errors.extend(_row_error(row, "cumulative", message) for message in messages)
        warned = {
            rows_by_code[code].number: (rows_by_code[code], m)
            for code, m in warnings.items()
            if code in rows_by_code
        }
        unexplained = unexplained_warnings(
            {number: messages for number, (_row, messages) in warned.items()},
            {number: row.note for number, (row, _messages) in warned.items()},
        )
        for number, (row, messages) in warned.items():
            row_warnings[number] = messages
            if number in unexplained:
                note_rows.add(number)
                lines = [
                    _row_error(
                        row, "note", _("%(warning)s: say in the note why it is right") % {"warning": m}
                    )
                    for m in messages
                ]
                result.note_errors.extend(lines)
                result.errors.extend(lines)
            else:
                result.warnings.extend(_row_error(row, "cumulative", m) for m in messages)

    for row, ind, year, month, entry in parsed:
        figure = stored.get((ind.code, year), {}).get(month)
        old = figure.cumulative if figure else None
        if row.number in refused_rows or row.number in note_rows:
            status = "refused"
        elif figure is None:
            status = "new"
        elif (
            figure.cumulative,
            figure.release,
            figure.source,
            figure.released_on,
            figure.published_growth_pct,
            figure.is_sample,
        ) == (
            entry.cumulative,
            entry.release,
            entry.source,
            entry.released_on,
            entry.published_growth_pct,
            sample,
        ):
            status = "unchanged"
        else:
            status = "changed"
        result.outcomes.append(
            ImportOutcome(
                row.number,
                ind,
                year,
                month,
                old,
                entry.cumulative,
                status,
                warnings=row_warnings.get(row.number, []),
                note=row.note.strip(),
                needs_note=row.number in note_rows and row.number not in refused_rows,
            )
        )

    if result.errors or dry_run:
        return result
    # The history keeps the reason in the bureau's language, whatever language the importer reads.
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("Imported from %(file)s") % {"file": label} if label else _("Imported")
        reasons = {
            (ind.code, year, month): _("%(reason)s; note: %(note)s")
            % {"reason": reason, "note": row.note.strip()}
            for row, ind, year, month, _entry in parsed
            if row.note.strip()
        }
    with transaction.atomic():
        touched = {
            (o.indicator.department, o.year, o.month)
            for o in result.outcomes
            if o.status in ("new", "changed")
        }
        if user is not None:
            for dept_code in {code for code, _year, _month in touched}:
                cycle.ensure_can_edit_department(user=user, department=departments[dept_code])
        cycle.reports_record_change(
            user=user,
            months=[(departments[code], year, month) for code, year, month in sorted(touched)],
            reason=reason,
        )
        entries = {(ind.code, year, month): entry for _row, ind, year, month, entry in parsed}
        _write_figures(
            result.outcomes, entries, stored, user=user, reason=reason, reasons=reasons, sample=sample
        )
    result.stored = True
    return result
