"""Reads of 督办: the list and its filters, the open counts the plan's pages show, a department's desk, and the
bulletin's month summary (督办件办理情况). Every time judgement is `supervision.deadlines`, at a given date."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from . import deadlines
from .models import OPEN_STATES, Instruction, State


def listed(user):
    """The 批示 `user` may see, with what a list row shows, in one query (co-departments prefetched)."""
    return (
        Instruction.objects.visible_to(user)
        .select_related("lead", "written_by", "target", "measure", "report__department")
        .prefetch_related("co_departments")
        .order_by("-assigned_on", "-pk")
    )


@dataclass
class Filters:
    state: str = ""
    department: str = ""  # a department code: led or supported
    overdue: bool = False
    this_week: bool = False


def filtered(queryset, filters: Filters, on: datetime.date):
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.department:
        queryset = queryset.filter(
            Q(lead__code=filters.department) | Q(co_departments__code=filters.department)
        ).distinct()
    if filters.overdue:
        # Open, past due, no 反馈 standing (deadlines.overdue, as a query).
        queryset = queryset.filter(
            state__in=(State.ASSIGNED, State.SIGNED, State.IN_PROGRESS), due__lt=on, assigned_on__lte=on
        )
    if filters.this_week:
        monday, sunday = deadlines.week_of(on)
        queryset = queryset.filter(state__in=OPEN_STATES, due__gte=monday, due__lte=sunday)
    return queryset


def open_counts(plan) -> dict[str, dict[str, int]]:
    """{"targets": {code: n}, "measures": {code: n}, "reports": {report pk: n}}: the open 批示
    on each of the plan's targets, measures and month reports, in one query."""
    rows = (
        Instruction.objects.open()
        .filter(plan_year=plan.year)
        .filter(Q(target__isnull=False) | Q(measure__isnull=False) | Q(report__isnull=False))
        .values("target__code", "measure__code", "report_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[str, dict] = {"targets": {}, "measures": {}, "reports": {}}
    for row in rows:
        if row["target__code"]:
            counts["targets"][row["target__code"]] = row["n"]
        elif row["measure__code"]:
            counts["measures"][row["measure__code"]] = row["n"]
        else:
            counts["reports"][row["report_id"]] = row["n"]
    return counts


def desk(user, on: datetime.date) -> dict[str, list[Instruction]]:
    """What a department's staffer must do: sign (its led 批示 not yet signed), and what is due (its open 批示
    by due date, the overdue and due-soon first)."""
    if not user.department_id:
        return {"to_sign": [], "due": []}
    rows = list(
        listed(user)
        .filter(state__in=(State.ASSIGNED, State.SIGNED, State.IN_PROGRESS))
        .filter(Q(lead_id=user.department_id) | Q(co_departments=user.department_id))
        .distinct()
        .order_by("due", "pk")
    )
    for row in rows:
        row.flag = deadlines.flag(row, on)
    return {
        "to_sign": [r for r in rows if r.state == State.ASSIGNED and r.lead_id == user.department_id],
        "due": [r for r in rows if r.state != State.ASSIGNED or r.lead_id != user.department_id],
    }


def desk_counts(user) -> tuple[int, int]:
    """(to sign, in hand) of the reader's department, in one query: the dashboard's line."""
    mine = Q(lead_id=user.department_id) | Q(co_departments=user.department_id)
    found = (
        Instruction.objects.filter(state__in=(State.ASSIGNED, State.SIGNED, State.IN_PROGRESS))
        .filter(mine)
        .aggregate(
            to_sign=Count("pk", distinct=True, filter=Q(state=State.ASSIGNED, lead_id=user.department_id)),
            total=Count("pk", distinct=True),
        )
    )
    return found["to_sign"], found["total"] - found["to_sign"]


@dataclass
class MonthSummary:
    """The bulletin's 督办件办理情况 of a plan year up to `as_of`."""

    as_of: datetime.date
    assigned: int = 0
    done: int = 0
    in_progress: int = 0
    overdue: list[Instruction] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return len(self.overdue)


def month_summary(year: int, month: int, as_of: datetime.date) -> MonthSummary:
    """The 批示 of plan year `year` assigned by `as_of` (the bulletin's date for `month`): how many were
    assigned (交办), closed (办结), still being handled (办理中, open at `as_of`), and the overdue ones at
    `as_of`, each with its lead department — one query."""
    rows = list(
        Instruction.objects.filter(plan_year=year, assigned_on__lte=as_of)
        .select_related("lead")
        .order_by("due", "pk")
    )
    summary = MonthSummary(as_of=as_of, assigned=len(rows))
    for row in rows:
        if row.state == State.DONE and row.closed_on is not None and row.closed_on <= as_of:
            summary.done += 1
        elif deadlines.is_open_on(row, as_of):
            summary.in_progress += 1
            if deadlines.overdue(row, as_of):
                summary.overdue.append(row)
    return summary
