"""What `manage.py sendreminders` sends, decided for one day.

- Staff of a department whose month is not submitted when its reporting deadline is at most
  REMINDER_DAYS_BEFORE days away (one reminder per department month and person).
- Leaders: the departments that missed a month's deadline (one summary per month, the day after the deadline
  or the first run after it).
- The 三色督办单 of the measures, to the active accounts of the lead department: blue when the deadline is at most
  MEASURE_NEAR_DAYS days away, yellow when the measure is behind schedule, red when it is overdue; red also goes
  to the leaders. Each colour is sent once per measure and deadline (a moved deadline starts again).

Each notice is recorded (accounts.Notice) before it is e-mailed, so a second run the same day sends nothing.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import months
from plan.formatting import date_text
from plan.models import Department, Measure, MonthlyReport, Plan, ReportingDeadline

from . import services
from .models import Notice, User

NOT_SUBMITTED = (MonthlyReport.State.DRAFT, MonthlyReport.State.RETURNED)


@dataclass
class Outcome:
    created: int = 0
    emailed: int = 0
    failed: int = 0


def _reporting_months(today: datetime.date):
    """The months whose deadline may fall near `today`: the current one and the two before it, of plan years."""
    plan_years = set(Plan.objects.filter(status=Plan.Status.ACTIVE).values_list("year", flat=True))
    for back in (2, 1, 0):
        year, month = months.add_months(today.year, today.month, -back)
        # January has no deadline of its own: it is reminded of with February (1–2月).
        if year in plan_years and month != 1:
            yield year, month, ReportingDeadline.due_for(year, month)


def _unsubmitted_departments(year: int, month: int) -> list[Department]:
    done = MonthlyReport.objects.filter(year=year, month=month).exclude(state__in=NOT_SUBMITTED)
    return list(Department.objects.exclude(pk__in=done.values("department_id")))


def _members(department_ids) -> dict[int, list[User]]:
    members: dict[int, list[User]] = {}
    for user in User.objects.filter(is_active=True, department_id__in=department_ids):
        members.setdefault(user.department_id, []).append(user)
    return members


def _leaders() -> list[User]:
    return list(User.objects.filter(is_active=True, role=User.Role.LEADER))


def late_reports(today: datetime.date) -> list[tuple[int, int, datetime.date, list[Department]]]:
    """(year, month, deadline, departments) of every month whose deadline has passed with departments that have
    not submitted it."""
    found = []
    for year, month, due in _reporting_months(today):
        if due < today and (departments := _unsubmitted_departments(year, month)):
            found.append((year, month, due, departments))
    return found


# Told of the late reports on every run that sends (not a dry run): `listener(today=..., late=late_reports(today))`.
# The apps above register here (broadcast: the group robots receiving late reports), as accounts cannot name them.
late_listeners: list[Callable[..., None]] = []


def _due_notices(department, members, *, period: str, named: str, due: datetime.date, days_left: int):
    """To the staff of `department`: its month `period` (in words, `named`: 2007年1–10月) is not submitted and
    is due in `days_left` days."""
    facts = {"department": department, "period": named, "date": date_text(due)}
    subject = _("%(department)s: submit %(period)s by %(date)s") % facts
    body = _(
        "The monthly report of %(department)s for %(period)s is not submitted yet. "
        "The deadline is %(date)s (%(days)d days left)."
    ) % {**facts, "days": days_left}
    link = reverse("plan:department", args=[department.code])
    for user in members.get(department.pk, []):
        yield user, f"report-due:{department.code}:{period}", Notice.Level.INFO, subject, body, link


def _late_notices(departments, leaders, *, period: str, named: str, due: datetime.date):
    """To the leaders: the departments that have not submitted `period` (`named` in words), whose deadline has
    passed."""
    names = "、".join(str(d) for d in departments)
    subject = _("%(count)d departments have not submitted %(period)s") % {
        "count": len(departments),
        "period": named,
    }
    body = _("Deadline %(date)s passed. Not submitted: %(names)s.") % {"date": date_text(due), "names": names}
    for user in leaders:
        yield user, f"report-late:{period}", Notice.Level.INFO, subject, body, ""


def _report_notices(today: datetime.date, leaders):
    """The monthly reports: due soon (to the departments' staff) or late (to the leaders)."""
    near_days = settings.REMINDER_DAYS_BEFORE
    for year, month, due in _reporting_months(today):
        days_left = (due - today).days
        if days_left > near_days:
            continue
        departments = _unsubmitted_departments(year, month)
        period = f"{year}-{month:02d}"  # in the notices' keys; their text says 2007年1–10月
        named = months.period_text(year, month)
        if 0 <= days_left <= near_days:
            members = _members([d.pk for d in departments])
            for department in departments:
                yield from _due_notices(
                    department, members, period=period, named=named, due=due, days_left=days_left
                )
        elif departments:
            yield from _late_notices(departments, leaders, period=period, named=named, due=due)


def _measure_colour(measure, today: datetime.date, members, leaders):
    """(level, recipients, subject, body) of the 督办单 `measure` gets today, or None."""
    lead_staff = members.get(measure.lead_id, [])
    facts = {"measure": measure, "department": measure.lead, "date": date_text(measure.due)}
    if measure.is_overdue(today):
        body = _(
            "The measure %(measure)s led by %(department)s was due on %(date)s and is not closed. "
            "Report its progress and the reason for the delay."
        )
        return Notice.Level.RED, [*lead_staff, *leaders], _("Overdue: %(measure)s") % facts, body % facts
    if measure.status == Measure.Status.BEHIND:
        body = _(
            "The measure %(measure)s led by %(department)s is behind schedule; its deadline is %(date)s. "
            "Say what will be done to catch up."
        )
        return Notice.Level.YELLOW, lead_staff, _("Behind schedule: %(measure)s") % facts, body % facts
    if measure.status not in (Measure.Status.DONE, Measure.Status.CLOSED) and measure.due >= today:
        body = _("The measure %(measure)s led by %(department)s is due on %(date)s.")
        return Notice.Level.BLUE, lead_staff, _("Deadline near: %(measure)s") % facts, body % facts
    return None


def _measure_notices(today: datetime.date, leaders):
    """The 三色督办单 of the measures near their deadline, behind schedule or overdue."""
    near = today + datetime.timedelta(days=settings.MEASURE_NEAR_DAYS)
    measures = list(
        Measure.objects.filter(plan__status=Plan.Status.ACTIVE, due__lte=near)
        .exclude(status=Measure.Status.CLOSED)
        .select_related("lead", "plan")
        | Measure.objects.filter(plan__status=Plan.Status.ACTIVE, status=Measure.Status.BEHIND)
        .exclude(due__lt=today)
        .select_related("lead", "plan")
    )
    members = _members({m.lead_id for m in measures})
    for measure in sorted(set(measures), key=lambda m: (m.plan.year, m.order)):
        colour = _measure_colour(measure, today, members, leaders)
        if colour is None:
            continue
        level, recipients, subject, body = colour
        link = measure.get_absolute_url()
        for user in recipients:
            yield user, f"measure-{level}:{measure.pk}:{measure.due.isoformat()}", level, subject, body, link


def plan_notices(today: datetime.date):
    """(recipient, key, level, subject, body, link) for every notice due on `today`."""
    leaders = _leaders()
    yield from _report_notices(today, leaders)
    yield from _measure_notices(today, leaders)


# The notices apps above accounts add to the day (supervision's 批示 即将逾期/逾期), registered in their
# AppConfig.ready(): func(today, dry_run=...) yields (recipient, key, level, subject, body, link) as plan_notices.
_daily_sources: list = []


def register_daily(func) -> None:
    if func not in _daily_sources:
        _daily_sources.append(func)


def day_notices(today: datetime.date, *, dry_run: bool = False):
    yield from plan_notices(today)
    for func in _daily_sources:
        yield from func(today, dry_run=dry_run)


def send_reminders(*, today: datetime.date | None = None, dry_run: bool = False, stdout=None) -> Outcome:
    today = today or timezone.localdate()
    outcome = Outcome()
    # Notices are written in the bureau's language, whatever the language of the shell running cron.
    with override(settings.LANGUAGE_CODE):
        for recipient, key, level, subject, body, link in day_notices(today, dry_run=dry_run):
            if dry_run:
                if not Notice.objects.filter(recipient=recipient, key=key).exists():
                    outcome.created += 1
                    if stdout:
                        stdout.write(f"would send to {recipient.username}: {subject}")
                continue
            notice = services.notice_send(
                recipient=recipient, key=key, level=level, subject=subject, body=body, link=link
            )
            if notice is None:
                continue
            outcome.created += 1
            if stdout:
                stdout.write(f"sent to {recipient.username}: {subject}")
            emailed = services.notice_email(notice)
            if emailed:
                outcome.emailed += 1
            elif emailed is False:
                outcome.failed += 1
    if not dry_run and late_listeners:
        late = late_reports(today)
        for listener in late_listeners:
            listener(today=today, late=late)
    return outcome
