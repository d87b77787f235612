"""A department's month report: who may change it and when (its locks), its version, its targets' notes, and
its steps: draft → submitted → approved (locked) or returned; an admin unlocks an approved month with a reason.
Every path that changes a department's month (forms, imports, APIs) calls `ensure_can_edit` first, so the locks
hold on the server whatever the client sends.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from core import bulk, versions
from core.validators import validate_reason, validate_texts

from .. import signals
from ..models import Department, MonthlyReport, Plan, ReportingDeadline, Target, TargetNote


def ensure_one_line(text: str, field: str) -> None:
    """A reason kept in the history: refused (naming `field`) with control characters or line breaks, or
    when longer than REASON_MAX_LENGTH."""
    try:
        validate_reason(text)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


# Someone else saved the same month since this user loaded it (or the save sent no version).
ConflictError = versions.ConflictError


def report_get(*, department: Department, year: int, month: int, for_update: bool = False) -> MonthlyReport:
    """The department's report for the month, created as a draft on first use."""
    queryset = MonthlyReport.objects.select_for_update() if for_update else MonthlyReport.objects
    report, _created = queryset.get_or_create(department=department, year=year, month=month)
    return report


def ensure_can_edit(
    *, user, department: Department, year: int, month: int, for_update: bool = False
) -> MonthlyReport:
    """Refuse (PermissionDenied) unless `user` may change `department`'s data for the month now; the month's
    report, locked for the rest of the transaction with `for_update` (the writers' one read of it).

    Staff change their own department only; admins any; leaders read and review but do not enter data.
    A submitted or approved month is locked for everyone until it is returned or unlocked.
    """
    ensure_can_edit_department(user=user, department=department)
    report = report_get(department=department, year=year, month=month, for_update=for_update)
    if report.is_locked:
        raise PermissionDenied(
            _("%(department)s %(year)s-%(month)02d is %(state)s and locked; it cannot be changed.")
            % {"department": department, "year": year, "month": month, "state": report.get_state_display()}
        )
    return report


CHECKED, UNCHECKED = "checked", "unchecked"


def _save(
    report: MonthlyReport, *, user, reason: str, expected_version: int | None, check: str = CHECKED
) -> MonthlyReport:
    """Save `report` if nobody saved it since `expected_version` (core.versions: a save without a version is
    refused), recording who and why in the history. The steps that do not carry what a person typed over
    someone else's (approve, return, unlock, an import's record of a change) pass check=UNCHECKED."""
    if check == CHECKED:
        versions.check_version(
            stored=report.version,
            expected=expected_version,
            conflict_message=_(
                "Someone else changed this month in the meantime. Reload to see their changes."
            ),
        )
    # The row is locked (select_for_update) by every caller, so a plain increment is safe.
    report.version += 1
    report._history_user = user
    validate_texts(report)
    # The fields a step changes (state, texts). Not who the report is of, nor the constraints, each a query:
    # the row was read under its lock and keeps its department, year and month; the database's constraints
    # stand behind them.
    report.full_clean(
        exclude=["department", "submitted_by", "reviewed_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    report.save()
    if reason:
        update_change_reason(report, reason)
    return report


def note_targets(*, department: Department, year: int) -> list[Target]:
    """The targets the department writes a 原因分析及措施 for in a month of `year`: its targets in that year's
    plan, in the plan's order (none in a year without a plan)."""
    return list(
        Target.objects.select_related("plan").filter(plan__year=year, department=department).order_by("order")
    )


def notes_of_month(*, targets: list[Target], month: int) -> dict[str, str]:
    """{target code: note} of the month for each of `targets` (note_targets), "" when none is written. One
    query."""
    found = dict(TargetNote.objects.filter(target__in=targets, month=month).values_list("target_id", "text"))
    return {target.code: found.get(target.pk, "") for target in targets}


@transaction.atomic
def report_save_notes(
    *,
    user,
    department: Department,
    year: int,
    month: int,
    notes: dict[str, str],
    expected_version: int | None = None,
) -> MonthlyReport:
    """Save the month's 原因分析及措施, one per target ({target code: text}; a target left out keeps its note),
    under the month's lock and version: refused for another department, a locked month, a stale version, or a
    code that is not one of the department's targets of the year."""
    report = ensure_can_edit(user=user, department=department, year=year, month=month, for_update=True)
    report = _save(report, user=user, reason="", expected_version=expected_version)
    targets = {target.code: target for target in note_targets(department=department, year=year)}
    unknown = sorted(set(notes) - set(targets))
    if unknown:
        raise ValidationError(
            _("%(codes)s: not a target of %(department)s in %(year)s.")
            % {"codes": ", ".join(unknown), "department": department, "year": year}
        )
    stored = {
        note.target_id: note
        for note in TargetNote.objects.select_for_update().filter(
            target__in=[targets[code] for code in notes], month=month
        )
    }
    for code, text in notes.items():
        target = targets[code]
        note = stored.get(target.pk) or TargetNote(target=target, month=month)
        if note.text == text:  # unchanged, or still unwritten
            continue
        note.text = text
        # The month's version (checked above) guards the note: a plain increment under the report's lock.
        note.version += 1
        note._history_user = user
        try:
            validate_texts(note)
            note.full_clean()
        except ValidationError as error:
            # Named as the month page's box of this target (MonthFiguresForm.note_name), so it shows there.
            raise ValidationError({f"note__{code}": error.messages}) from None
        note.save()
    return report


@transaction.atomic
def report_record_change(
    *, user, department: Department, year: int, month: int, reason: str = ""
) -> MonthlyReport:
    """Record that the month's data changed outside the month page (an import, say): bumps its version so a
    page opened before the change is refused on save. Refuses a locked month; permissions are the caller's."""
    report = report_get(department=department, year=year, month=month, for_update=True)
    if report.is_locked:
        raise PermissionDenied(
            _("%(department)s %(year)s-%(month)02d is %(state)s and locked; it cannot be changed.")
            % {"department": department, "year": year, "month": month, "state": report.get_state_display()}
        )
    return _save(report, user=user, reason=reason, expected_version=None, check=UNCHECKED)


@transaction.atomic
def reports_record_change(*, user, months: list[tuple[Department, int, int]], reason: str = "") -> None:
    """`report_record_change` for many months at once (an import of many years): the reports locked, the
    missing ones created, every version bumped, with their history rows, in a few statements. Refuses
    (PermissionDenied) when one of the months is locked; permissions are the caller's."""
    wanted = {(department.pk, year, month) for department, year, month in months}
    if not wanted:
        return
    years = {year for _department, year, _month in wanted}
    found = {
        (report.department_id, report.year, report.month): report
        for report in MonthlyReport.objects.select_for_update().filter(
            department__in={pk for pk, _year, _month in wanted}, year__in=years
        )
        if (report.department_id, report.year, report.month) in wanted
    }
    by_pk = {department.pk: department for department, _year, _month in months}
    for report in found.values():
        if report.is_locked:
            department = by_pk[report.department_id]
            raise PermissionDenied(
                _("%(department)s %(year)s-%(month)02d is %(state)s and locked; it cannot be changed.")
                % {
                    "department": department,
                    "year": report.year,
                    "month": report.month,
                    "state": report.get_state_display(),
                }
            )
        report.version += 1
    missing = [
        MonthlyReport(department_id=pk, year=year, month=month, version=1)
        for pk, year, month in sorted(wanted - set(found))
    ]
    bulk.create_in_bulk(MonthlyReport, missing, user=user, reason=reason)
    bulk.update_in_bulk(MonthlyReport, list(found.values()), ["version"], user=user, reason=reason)


def ensure_can_edit_department(*, user, department: Department) -> None:
    """Refuse (PermissionDenied) unless `user` may change `department`'s data at all (the months' locks are
    checked where they are changed)."""
    if not user.is_authenticated or not user.can_edit_department(department):
        raise PermissionDenied(
            _("You may not change the data of %(department)s.") % {"department": department}
        )


def reports_due(year: int) -> bool:
    """Whether a year's months are reports with deadlines: only a year with a plan has them. The year before a
    plan's year holds the figures entered as a base for 同比, a later year without a plan has nothing to report
    against: not reports, never overdue (docs/rules.md, "Settled questions"). Before any plan is loaded every
    year counts, as nothing says otherwise. One query."""
    years = set(Plan.objects.values_list("year", flat=True))
    return year in years or not years


def submitted_on_time(submitted_at, due) -> bool:
    """A month submitted at `submitted_at` is on time when that day (local time) is not after its deadline
    `due`. The cycle records it; the 考核 scores judge by it."""
    return timezone.localdate(submitted_at) <= due


@transaction.atomic
def report_submit(*, user, report: MonthlyReport, expected_version: int | None = None) -> MonthlyReport:
    report = ensure_can_edit(
        user=user, department=report.department, year=report.year, month=report.month, for_update=True
    )
    now = timezone.now()
    report.state = MonthlyReport.State.SUBMITTED
    report.submitted_at = now
    report.submitted_by = user
    report.on_time = (
        submitted_on_time(now, ReportingDeadline.due_for(report.year, report.month))
        if reports_due(report.year)
        else None
    )
    return _save(report, user=user, reason=_("Submitted"), expected_version=expected_version)


def _ensure_reviewer(user):
    if not (user.is_authenticated and user.is_active and user.is_leader):
        raise PermissionDenied(_("Only a leader may approve or return a month."))


@transaction.atomic
def report_approve(*, user, report: MonthlyReport) -> MonthlyReport:
    _ensure_reviewer(user)
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if report.state != MonthlyReport.State.SUBMITTED:
        raise ValidationError(_("Only a submitted month can be approved."))
    report.state = MonthlyReport.State.APPROVED
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    report.review_message = ""
    report.unlock_reason = ""
    report = _save(report, user=user, reason=_("Approved"), expected_version=None, check=UNCHECKED)
    signals.report_reviewed.send(MonthlyReport, report=report, action="approved", by=user, message="")
    return report


@transaction.atomic
def report_return(*, user, report: MonthlyReport, message: str) -> MonthlyReport:
    _ensure_reviewer(user)
    if not message.strip():
        raise ValidationError({"message": _("Say why the month is returned.")})
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if report.state != MonthlyReport.State.SUBMITTED:
        raise ValidationError(_("Only a submitted month can be returned."))
    report.state = MonthlyReport.State.RETURNED
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    report.review_message = message.strip()
    report = _save(
        report,
        user=user,
        reason=_("Returned: %(message)s") % {"message": message.strip()},
        expected_version=None,
        check=UNCHECKED,
    )
    signals.report_reviewed.send(
        MonthlyReport, report=report, action="returned", by=user, message=report.review_message
    )
    return report


@transaction.atomic
def report_unlock(*, user, report: MonthlyReport, reason: str) -> MonthlyReport:
    if not (user.is_authenticated and user.is_active and user.is_admin):
        raise PermissionDenied(_("Only an administrator may unlock a month."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the month is unlocked.")})
    ensure_one_line(reason, "reason")
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if report.state != MonthlyReport.State.APPROVED:
        raise ValidationError(_("Only an approved month can be unlocked."))
    report.state = MonthlyReport.State.DRAFT
    report.unlock_reason = reason.strip()
    report = _save(
        report,
        user=user,
        reason=_("Unlocked: %(reason)s") % {"reason": reason.strip()},
        expected_version=None,
        check=UNCHECKED,
    )
    signals.report_reviewed.send(
        MonthlyReport, report=report, action="unlocked", by=user, message=reason.strip()
    )
    return report
