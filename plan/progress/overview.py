"""The progress of a whole plan as of a month (`compute`), and the default month it is shown at."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import FilteredRelation, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import months

from .. import cache, registry
from ..models import Department, Measure, MonthlyReport, Plan, ReportingDeadline, Target, TargetNote
from .departments import DepartmentMonth
from .measures import MeasureRow, SectionMeasures
from .status import round2, time_pct
from .targets import TargetProgress


class MonthReason:
    """Why the dashboard shows the month it shows (the page says so)."""

    CHOSEN = "chosen"  # the reader picked it
    ALL_AMOUNTS = "all_amounts"  # the latest month in which every amount target has a figure
    SOME_FIGURES = "some_figures"  # no month has a figure for every amount target yet: the latest with any
    NO_FIGURES = "no_figures"  # no monthly figure at all yet

    LABELS = {
        CHOSEN: _("the month you chose"),
        ALL_AMOUNTS: _("the latest month in which every amount target has a figure"),
        SOME_FIGURES: _(
            "no month yet has a figure for every amount target, so the latest month with any figure"
        ),
        NO_FIGURES: _("no monthly figures yet"),
    }


@dataclass
class Progress:
    """The progress of a plan as of a month. The targets are computed at once; the measures, the departments'
    months and the register summaries when first read, so that a page that reads some parts from the cache
    (plan.cache) pays only for the others."""

    plan: Plan
    year: int
    month: int
    months_with_figures: list[int]
    targets: list[TargetProgress]
    on: datetime.date
    today: datetime.date
    month_reason: str = MonthReason.CHOSEN

    @property
    def month_reason_label(self):
        return MonthReason.LABELS[self.month_reason]

    @cached_property
    def ahead(self) -> list[TargetProgress]:
        """The monthly-figure targets that already have a figure for a later month than the one shown."""
        return [
            item
            for item in self.targets
            if item.target.kind != Target.Kind.COUNT and any(m > self.month for m in item.values if m <= 12)
        ]

    # The departments, each with its report of the month (month_report) if any, from the one query.
    department_list: list[Department] = field(default_factory=list, repr=False)
    reports: dict[int, MonthlyReport] = field(default_factory=dict, repr=False)

    @cached_property
    def departments(self) -> list[DepartmentMonth]:
        due = ReportingDeadline.due_for(self.year, self.month)
        return [
            DepartmentMonth(
                department=department,
                report=self.reports.get(department.pk),
                due=due,
                today=self.today,
                month=self.month,
            )
            for department in self.department_list
        ]

    @cached_property
    def measures(self) -> list[MeasureRow]:
        leads = {department.pk: department for department in self.department_list}
        closed = Measure.Status.CLOSED
        rows = []
        for row in self.plan.measures.order_by("section__order", "order").values(
            "pk", "code", "title", "status", "progress_pct", "due", "section_id", "lead_id"
        ):
            lead = leads[row.pop("lead_id")]
            # The rule of Measure.is_overdue, on plain values; overdue is judged at self.on.
            overdue = row["due"] < self.on and row["status"] != closed
            rows.append(MeasureRow(**row, lead=lead, year=self.year, overdue=overdue))
        return rows

    @cached_property
    def summaries(self) -> list[tuple[str, list[tuple[str, int]]]]:
        return registry.summaries_for(self.year, self.month)

    @property
    def as_of(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def period_label(self) -> str:
        return months.period_label(self.month)

    @property
    def time_pct(self) -> Decimal:
        return time_pct(self.month)

    @cached_property
    def sample(self) -> bool:
        return any(item.sample for item in self.targets)

    @cached_property
    def off_track(self) -> list[TargetProgress]:
        return [item for item in self.targets if item.off_track]

    @cached_property
    def counts(self) -> list[TargetProgress]:
        return [item for item in self.targets if item.target.kind == Target.Kind.COUNT]

    @cached_property
    def late_departments(self) -> list[DepartmentMonth]:
        return [row for row in self.departments if row.late]

    @cached_property
    def overdue_measures(self) -> list[MeasureRow]:
        return [measure for measure in self.measures if measure.overdue]

    @cached_property
    def measure_status_counts(self) -> dict[str, int]:
        counts = Counter(measure.status for measure in self.measures)
        return {value: counts.get(value, 0) for value in Measure.Status.values}

    @cached_property
    def sections_by_id(self) -> dict:
        """The plan's sections, read only by the pages that group measures by section (not the API)."""
        return {section.pk: section for section in self.plan.sections.all()}

    @cached_property
    def sections(self) -> list[SectionMeasures]:
        """The measures grouped by their section, in plan order, with a count per status."""
        grouped: dict[int, SectionMeasures] = {}
        for measure in self.measures:
            entry = grouped.get(measure.section_id)
            if entry is None:
                entry = grouped[measure.section_id] = SectionMeasures(
                    section=self.sections_by_id[measure.section_id],
                    counts=dict.fromkeys(Measure.Status.values, 0),
                )
            entry.counts[measure.status] += 1
            entry.measures.append(measure)
        return list(grouped.values())

    def target(self, code: str) -> TargetProgress | None:
        return next((item for item in self.targets if item.target.code == code), None)

    def as_api(self) -> dict:
        return {
            "plan": {"year": self.plan.year, "title": self.plan.title},
            "as_of": self.as_of,
            "as_of_reason": self.month_reason,
            # The dates the overdue flags are judged at: measures at the as-of date, submissions today.
            "measures_overdue_on": self.on.isoformat(),
            "deadlines_judged_on": self.today.isoformat(),
            "time_pct": float(round2(self.time_pct)),
            "sample": self.sample,
            "targets": [item.as_api() for item in self.targets],
            "measures": [
                {
                    "code": measure.code,
                    "title": measure.title,
                    "department": measure.lead.code,
                    "status": measure.status,
                    "progress_pct": measure.progress_pct,
                    "due": measure.due.isoformat(),
                    "overdue": measure.overdue,
                }
                for measure in self.measures
            ],
            "completeness": [
                {
                    "department": row.department.code,
                    "month": self.as_of,
                    "state": row.state,
                    "on_time": row.on_time,
                    "late": row.late,
                    "due": row.due.isoformat(),
                }
                for row in self.departments
            ],
        }


def latest_month(
    targets: list[Target], actuals: dict[str, registry.Actuals | None], year: int, today
) -> tuple[int, str]:
    """The default month and its reason (a MonthReason): the latest month in which every amount target with a
    source has a figure (docs/rules.md, "Settled questions"), so that one department entering a later month first
    does not leave the others' cards empty. Before any such month, the latest month with a monthly figure;
    register counts are known for every month, so they only decide when there is none. Never past the current
    month of the current year."""

    def months_of(target):
        found = actuals.get(target.code)
        return {m for m in found.values if 1 <= m <= 12} if found is not None else None

    amounts = [found for t in targets if t.kind == Target.Kind.AMOUNT if (found := months_of(t)) is not None]
    common = set.intersection(*amounts) if amounts else set()
    if common:
        month, reason = max(common), MonthReason.ALL_AMOUNTS
    else:

        def latest(kinds):
            found = [max(m) for t in targets if t.kind in kinds if (m := months_of(t))]
            return max(found) if found else None

        monthly = latest((Target.Kind.AMOUNT, Target.Kind.SHARE))
        if monthly:
            month, reason = monthly, MonthReason.SOME_FIGURES
        else:
            month, reason = latest((Target.Kind.COUNT,)) or 1, MonthReason.NO_FIGURES
    if year == today.year:
        month = min(month, today.month)
    return month, reason


def _departments_with_reports(year: int, month: int) -> tuple[list[Department], dict[int, MonthlyReport]]:
    """The departments, and {department pk: its report of the month} for those that have one: one query."""
    departments = list(
        Department.objects.annotate(
            month_report=FilteredRelation("reports", condition=Q(reports__year=year, reports__month=month))
        ).select_related("month_report")
    )
    # (A department without one has no month_report attribute at all.)
    reports = {
        department.pk: report
        for department in departments
        if (report := getattr(department, "month_report", None)) is not None
    }
    return departments, reports


def compute(
    plan: Plan,
    month: int | None = None,
    *,
    today: datetime.date | None = None,
    tokens: dict | None = None,
    cached: bool = False,
) -> Progress:
    """The plan's progress as of `month` (default: the latest month with figures).

    Queries: the targets with their departments and the departments with their reports of the month at once,
    the month's deadline and the measures when first read — four — (the pages that group measures by section
    read the sections: one more; the register summaries run when first read) plus whatever the registered functions run: a fixed number each for this year and last year, or a fixed
    number for both years and all their targets when batched (plan.registry.batched). With the data's
    `tokens` (plan.cache.current_tokens) the batched functions' answers come from the cache when it has them
    (one query for them all) and go into it when not; `cached=True` reads the tokens first (one query), for the
    pages that show the dashboard's numbers.
    """
    if cached and tokens is None:
        tokens = cache.current_tokens()
    today = today or timezone.localdate()
    year = plan.year
    targets = list(plan.targets.select_related("department", "section").order_by("order"))
    found = registry.actuals_for_years(
        [target.code for target in targets],
        [year - 1, year],
        ask=None if tokens is None else cache.ask_actuals(tokens),
    )
    current = {code: by_year[year] for code, by_year in found.items()}
    last = {code: by_year[year - 1] for code, by_year in found.items()}
    if month is None:
        month, month_reason = latest_month(targets, current, year, today)
    else:
        month_reason = MonthReason.CHOSEN
    months_with_figures = sorted(
        {m for found in current.values() if found is not None for m in found.values if 1 <= m <= 12}
    )

    departments, reports = _departments_with_reports(year, month)
    # Each target's own 原因分析及措施 of the month, in one query (a note belongs to a target, not to a department).
    notes = dict(TargetNote.objects.filter(target__plan=plan, month=month).values_list("target_id", "text"))
    items = []
    for target in targets:
        found, before = current[target.code], last[target.code]
        items.append(
            TargetProgress(
                target=target,
                month=month,
                values=dict(found.values) if found else {},
                last_values=dict(before.values) if before else {},
                sample=bool(found and found.sample),
                registered=found is not None,
                note=notes.get(target.pk, ""),
            )
        )

    # Each part of a whole (plan.registry.whole_of: 出口, 进口 within 外贸进出口总额) knows its whole, for 拉动 and
    # 贡献率 (plan.progress.derived).
    by_code = {item.target.code: item for item in items}
    for item in items:
        item.whole = by_code.get(registry.whole_of(item.target.code))

    # Overdue is judged at the as-of month's end, or today when that is earlier.
    on = min(months.month_end(year, month), today)
    return Progress(
        plan=plan,
        year=year,
        month=month,
        months_with_figures=months_with_figures,
        targets=items,
        on=on,
        today=today,
        month_reason=month_reason,
        department_list=departments,
        reports=reports,
    )
