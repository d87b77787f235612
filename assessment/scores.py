"""Departments scored from the record (docs/rules.md, "考核"): one computation for the pages, the API, the command
and the workbook, so they cannot disagree.

A score is a list of lines, each with its kind, points, reason in words and a link to the record it comes from;
the score is the scheme's base plus the lines' points, the positive ones counted up to the bonus cap, never
below 0. Everything is judged at one date, `on` — the as-of month's end, or today when that is earlier — the
date the dashboard judges its measures at (plan.progress.Progress.on), and it reads the dashboard's own
computation for the targets' statuses and the cycle's own deadline rule for the reports:

- a month report submitted after its deadline (plan.cycle.submitted_on_time) is late; one not submitted by
  the next month's deadline is missing instead. January is due with February, and a January never submitted
  was reported as 1–2月: no line. Months whose deadline is not past at `on` have no line yet;
- each return by a leader;
- each target's status at the as-of month (正常 0, 略有滞后, 滞后), and at year end each completed target;
- each measure closed (销号) by its deadline (lead and supporting departments), each measure the department
  leads that is overdue at `on`;
- each 批示 the department leads (supervision.deadlines): done on time, overdue, signed for late.

An upheld objection takes its line out, leaving a line of no points that says so.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import months
from plan import cache, progress
from plan.cycle import reports_due, submitted_on_time
from plan.formatting import date_text
from plan.models import Department, Measure, MonthlyReport, Plan, ReportingDeadline
from supervision import deadlines
from supervision.models import Instruction, State

from .models import Objection, Scheme


class Kind:
    REPORT_LATE = "report_late"
    REPORT_MISSING = "report_missing"
    REPORT_RETURNED = "report_returned"
    TARGET = "target"
    TARGET_MET = "target_met"
    MEASURE_DONE = "measure_done"
    MEASURE_OVERDUE = "measure_overdue"
    INSTRUCTION_DONE = "instruction_done"
    INSTRUCTION_OVERDUE = "instruction_overdue"
    SIGN_OVERDUE = "sign_overdue"
    OBJECTION = "objection"


@dataclass
class Line:
    key: str  # the line's identity across recomputations (what an objection names)
    kind: str
    points: Decimal
    reason: str
    link: str
    department_id: int
    objection: Objection | None = None  # a pending or rejected objection to it

    def as_api(self) -> dict:
        return {"kind": self.kind, "points": float(self.points), "reason": self.reason, "link": self.link}


@dataclass
class DepartmentScore:
    department: Department
    lines: list[Line] = field(default_factory=list)
    base: Decimal = Decimal(100)
    bonus_cap: Decimal = Decimal(10)
    rank: int = 0

    @property
    def bonus(self) -> Decimal:
        return sum((line.points for line in self.lines if line.points > 0), Decimal(0))

    @property
    def deductions(self) -> Decimal:
        return sum((line.points for line in self.lines if line.points < 0), Decimal(0))

    @property
    def score(self) -> Decimal:
        return max(Decimal(0), self.base + min(self.bonus, self.bonus_cap) + self.deductions)

    @property
    def bonus_capped(self) -> bool:
        return self.bonus > self.bonus_cap


@dataclass
class Scores:
    plan: Plan
    month: int
    on: datetime.date
    scheme: Scheme
    departments: list[DepartmentScore]

    @property
    def as_of(self) -> str:
        return f"{self.plan.year}-{self.month:02d}"

    def for_department(self, code: str) -> DepartmentScore | None:
        return next((row for row in self.departments if row.department.code == code), None)

    def as_api(self) -> dict:
        return {
            "year": self.plan.year,
            "as_of": self.as_of,
            "judged_on": self.on.isoformat(),
            "departments": [
                {
                    "code": row.department.code,
                    "name": row.department.name,
                    "score": float(row.score),
                    "rank": row.rank,
                    "lines": [line.as_api() for line in row.lines],
                }
                for row in self.departments
            ],
        }


def scheme_for(year: int) -> Scheme:
    """The year's scheme, or the default of docs/rules.md (unsaved) when none was written."""
    return Scheme.objects.filter(year=year).first() or Scheme(year=year)


def _month_text(year: int, month: int) -> str:
    return _("%(year)s-%(month)s") % {"year": year, "month": month}


@dataclass
class Record:
    """What the scores are made of, read once for a plan year however many as-of months are scored: the
    deadlines, each month's first submission, each return, the measures with the day each was closed, the
    objections and the scheme."""

    plan: Plan
    scheme: Scheme
    departments: list[Department]
    deadlines: dict[tuple[int, int], datetime.date]
    reports_due: bool
    first_submitted: dict[tuple[int, int], datetime.datetime]
    returns: list[dict]
    measures: list[Measure]
    closed_at: dict[int, datetime.datetime]
    objections: dict[tuple[int, str], Objection]
    instructions: list[Instruction]

    @classmethod
    def load(cls, plan: Plan) -> "Record":
        year = plan.year
        first_submitted = {
            (row["department_id"], row["month"]): row["first"]
            for row in MonthlyReport.history.filter(year=year, submitted_at__isnull=False)
            .values("department_id", "month")
            .annotate(first=Min("submitted_at"))
        }
        # Each return: a history row in state 'returned' whose previous row of the same report was not.
        returns, previous = [], {}
        for row in (
            MonthlyReport.history.filter(year=year)
            .order_by("id", "history_date", "history_id")
            .values("id", "department_id", "month", "state", "history_date", "history_id")
        ):
            was, previous[row["id"]] = previous.get(row["id"]), row["state"]
            if row["state"] == MonthlyReport.State.RETURNED and was != MonthlyReport.State.RETURNED:
                returns.append(row)
        return cls(
            plan=plan,
            scheme=scheme_for(year),
            departments=list(Department.objects.order_by("order", "pk")),
            deadlines={
                (deadline_year, month): due
                for deadline_year in (year, year + 1)
                for month, due in ReportingDeadline.due_dates(deadline_year).items()
            },
            reports_due=reports_due(year),
            first_submitted=first_submitted,
            returns=returns,
            measures=list(plan.measures.select_related("lead").prefetch_related("co_departments")),
            closed_at={
                row["id"]: row["first"]
                for row in Measure.history.filter(plan=plan, status=Measure.Status.CLOSED)
                .values("id")
                .annotate(first=Min("history_date"))
            },
            objections={(o.department_id, o.line_key): o for o in Objection.objects.filter(year=year)},
            instructions=list(Instruction.objects.filter(plan_year=year).order_by("assigned_on", "pk")),
        )

    @cached_property
    def department_codes(self) -> dict[int, str]:
        return {department.pk: department.code for department in self.departments}


def _report_lines(record: Record, upto: int, on: datetime.date) -> list[Line]:
    year, scheme = record.plan.year, record.scheme
    if not record.reports_due:
        return []
    lines = []
    for department in record.departments:
        for month in range(1, upto + 1):
            due = record.deadlines[year, month]
            if due >= on:
                continue
            submitted = record.first_submitted.get((department.pk, month))
            link = reverse("plan:month", args=[department.code, year, month])
            label = _month_text(year, month)
            if submitted is not None and submitted_on_time(submitted, due):
                continue
            if submitted is None and month == 1:
                continue  # January is reported with February, as 1–2月.
            # The next month's deadline (January's next is March's: it is due with February).
            next_due = record.deadlines[months.add_months(year, months.reporting_month(month), 1)]
            missing = next_due < on and (submitted is None or timezone.localdate(submitted) > next_due)
            if missing:
                lines.append(
                    Line(
                        key=f"report_missing:{year}-{month:02d}",
                        kind=Kind.REPORT_MISSING,
                        points=scheme.report_missing,
                        reason=_("The %(period)s report was not submitted by %(date)s")
                        % {"period": label, "date": date_text(next_due)},
                        link=link,
                        department_id=department.pk,
                    )
                )
            elif submitted is not None:
                days = (timezone.localdate(submitted) - due).days
                lines.append(
                    Line(
                        key=f"report_late:{year}-{month:02d}",
                        kind=Kind.REPORT_LATE,
                        points=scheme.report_late,
                        reason=_("The %(period)s report was %(days)s days late")
                        % {"period": label, "days": days},
                        link=link,
                        department_id=department.pk,
                    )
                )
    return lines


def _returned_lines(record: Record, upto: int, on: datetime.date) -> list[Line]:
    year, lines = record.plan.year, []
    for row in record.returns:
        returned_on = timezone.localdate(row["history_date"])
        if row["month"] > upto or returned_on > on:
            continue
        month = row["month"]
        lines.append(
            Line(
                key=f"report_returned:{row['history_id']}",
                kind=Kind.REPORT_RETURNED,
                points=record.scheme.report_returned,
                reason=_("The %(period)s report was returned on %(date)s")
                % {"period": _month_text(year, month), "date": date_text(returned_on)},
                link=reverse(
                    "plan:month_history", args=[record.department_codes[row["department_id"]], year, month]
                ),
                department_id=row["department_id"],
            )
        )
    return lines


def _target_lines(result, scheme, at_year_end: bool) -> list[Line]:
    points = {
        progress.Status.GREEN: Decimal(0),
        progress.Status.YELLOW: scheme.target_slightly_behind,
        progress.Status.RED: scheme.target_behind,
    }
    lines = []
    for item in result.targets:
        target = item.target
        if item.status == progress.Status.GREY:
            continue
        link = reverse("plan:target", args=[result.year, target.code]) + f"?month={result.month}"
        lines.append(
            Line(
                key=f"target:{target.code}:{result.as_of}",
                kind=Kind.TARGET,
                points=points[item.status],
                reason=_("%(target)s at %(period)s: %(status)s")
                % {
                    "target": target.name,
                    "period": _month_text(result.year, result.month),
                    "status": item.status_label,
                },
                link=link,
                department_id=target.department_id,
            )
        )
        if at_year_end and _completed(item):
            lines.append(
                Line(
                    key=f"target_met:{target.code}:{result.year}",
                    kind=Kind.TARGET_MET,
                    points=scheme.target_met,
                    reason=_("%(target)s: the year's target completed") % {"target": target.name},
                    link=link,
                    department_id=target.department_id,
                )
            )
    return lines


def _completed(item) -> bool:
    """A target completed for the year: its completion (as shown) at 100 % or more; the share at or above its
    threshold (its light is green)."""
    if item.target.kind == item.target.Kind.SHARE:
        return item.status == progress.Status.GREEN
    return item.completion_pct is not None and progress.shown(item.completion_pct) >= 100


def _measure_lines(record: Record, on: datetime.date) -> list[Line]:
    scheme, lines = record.scheme, []
    for measure in record.measures:
        link = measure.get_absolute_url()
        closed = record.closed_at.get(measure.pk)
        closed_on = timezone.localdate(closed) if closed is not None else None
        if closed_on is not None and closed_on > on:
            closed_on = None  # not yet closed at the date judged
        if closed_on is not None and closed_on <= measure.due:
            facts = {"measure": f"{measure.code} {measure.title}", "date": date_text(closed_on)}
            lines.append(
                Line(
                    key=f"measure_done:{measure.code}",
                    kind=Kind.MEASURE_DONE,
                    points=scheme.measure_done_lead,
                    reason=_("Measure %(measure)s closed by its deadline on %(date)s") % facts,
                    link=link,
                    department_id=measure.lead_id,
                )
            )
            for co in measure.co_departments.all():
                lines.append(
                    Line(
                        key=f"measure_done:{measure.code}",
                        kind=Kind.MEASURE_DONE,
                        points=scheme.measure_done_co,
                        reason=_("Measure %(measure)s (supporting) closed by its deadline on %(date)s")
                        % facts,
                        link=link,
                        department_id=co.pk,
                    )
                )
        elif closed_on is None and measure.due < on:
            lines.append(
                Line(
                    key=f"measure_overdue:{measure.code}",
                    kind=Kind.MEASURE_OVERDUE,
                    points=scheme.measure_overdue,
                    reason=_("Measure %(measure)s overdue since %(date)s")
                    % {"measure": f"{measure.code} {measure.title}", "date": date_text(measure.due)},
                    link=link,
                    department_id=measure.lead_id,
                )
            )
    return lines


def _instruction_lines(record: Record, on: datetime.date) -> list[Line]:
    """The lead department's 批示, judged by supervision.deadlines at `on`: done on time +1; overdue (open
    past due without a 反馈, or done on a 反馈 submitted after the due date) −3; signed for late −1."""
    scheme, lines = record.scheme, []
    for instruction in record.instructions:
        if on < instruction.assigned_on:
            continue
        facts = {
            "number": instruction.number,
            "summary": instruction.summary,
            "due": date_text(instruction.due),
        }
        link = instruction.get_absolute_url()
        done = (
            instruction.state == State.DONE
            and instruction.closed_on is not None
            and instruction.closed_on <= on
        )
        if done and deadlines.on_time(instruction):
            lines.append(
                Line(
                    key=f"instruction:{instruction.pk}",
                    kind=Kind.INSTRUCTION_DONE,
                    points=scheme.instruction_done,
                    reason=_("Instruction %(number)s (%(summary)s) completed by its due date %(due)s")
                    % facts,
                    link=link,
                    department_id=instruction.lead_id,
                )
            )
        elif (done and deadlines.on_time(instruction) is False) or deadlines.overdue(instruction, on):
            lines.append(
                Line(
                    key=f"instruction:{instruction.pk}",
                    kind=Kind.INSTRUCTION_OVERDUE,
                    points=scheme.instruction_overdue,
                    reason=_("Instruction %(number)s (%(summary)s) overdue: due %(due)s") % facts,
                    link=link,
                    department_id=instruction.lead_id,
                )
            )
        if deadlines.sign_overdue(instruction, on):
            lines.append(
                Line(
                    key=f"sign_overdue:{instruction.pk}",
                    kind=Kind.SIGN_OVERDUE,
                    points=scheme.sign_overdue,
                    reason=_("Instruction %(number)s (%(summary)s) signed for late") % facts,
                    link=link,
                    department_id=instruction.lead_id,
                )
            )
    return lines


def _apply_objections(record: Record, lines: list[Line]) -> list[Line]:
    result = []
    for line in lines:
        objection = record.objections.get((line.department_id, line.key))
        if objection is not None and objection.state == Objection.State.UPHELD:
            result.append(
                Line(
                    key=f"objection:{objection.pk}",
                    kind=Kind.OBJECTION,
                    points=Decimal(0),
                    reason=_("Objection upheld, line withdrawn (%(points)s): %(line)s — %(decision)s")
                    % {"points": f"{line.points:+}", "line": line.reason, "decision": objection.decision},
                    link=line.link,
                    department_id=line.department_id,
                )
            )
            continue
        line.objection = objection
        result.append(line)
    return result


def compute(plan: Plan, month: int, *, today: datetime.date | None = None) -> Scores:
    """Every department's score as of `month` of `plan`'s year (12: the year end), with its lines."""
    return compute_months(plan, [month], today=today)[0]


def compute_months(plan: Plan, as_of_months, *, today: datetime.date | None = None) -> list[Scores]:
    """The scores as of each of `as_of_months`, the record read once: a fixed number of queries for the
    record, and per month the dashboard's computation (its actuals from the cache when it has them)."""
    today = today or timezone.localdate()
    record = Record.load(plan)
    tokens = cache.current_tokens()
    return [
        _scores(record, progress.compute(plan, month, today=today, tokens=tokens)) for month in as_of_months
    ]


def _scores(record: Record, result) -> Scores:
    on, month = result.on, result.month
    lines = (
        _report_lines(record, month, on)
        + _returned_lines(record, month, on)
        + _target_lines(result, record.scheme, at_year_end=month == 12)
        + _measure_lines(record, on)
        + _instruction_lines(record, on)
    )
    by_department = defaultdict(list)
    for line in _apply_objections(record, lines):
        by_department[line.department_id].append(line)
    scheme = record.scheme
    rows = [
        DepartmentScore(
            department=department,
            lines=by_department[department.pk],
            base=scheme.base,
            bonus_cap=scheme.bonus_cap,
        )
        for department in record.departments
    ]
    ranked = sorted(rows, key=lambda row: -row.score)
    for position, row in enumerate(ranked, start=1):
        # Equal scores share a rank (1, 2, 2, 4).
        tied = position > 1 and row.score == ranked[position - 2].score
        row.rank = ranked[position - 2].rank if tied else position
    return Scores(plan=record.plan, month=month, on=on, scheme=scheme, departments=rows)


def series(results: list[Scores]) -> dict[str, list[float]]:
    """Each department's score at the end of every month of `results` (compute_months), for the chart."""
    lines: dict[str, list[float]] = defaultdict(list)
    for result in results:
        for row in result.departments:
            lines[row.department.name].append(float(row.score))
    return dict(lines)
