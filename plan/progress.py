"""Progress against the plan, as domain.md ("Progress against the plan") defines it.

One computation feeds the dashboard, the drill-downs, the progress API and the monthly bulletin, so they
cannot disagree. For an as-of month N of the plan year:

- completion % = actual (1–N月累计, or the count) / annual target × 100;
- 序时进度 = N / 12 × 100; the gap is completion − 序时进度 in 个百分点;
- seasonal expected % = last year's 1–N / last year's full year × 100, when both exist;
- 同比 = (this 1–N − last year's 1–N) / last year's 1–N × 100, None when last year's figure is missing;
- projected year end = actual / seasonal share when known, else actual × 12 / N;
- the status (grey/green/yellow/red) with the thresholds of settings.PROGRESS_STATUS.

Status comparisons are exact (cross-multiplied, no division), so completion exactly at 序时进度 is green
whatever N is; only the values shown are rounded. The actuals come from the functions the domain apps
register in plan.registry; each is asked once for this year and once for last year, so the cost does not
grow with the years of data stored.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.conf import settings
from django.db.models import FilteredRelation, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import months

from . import cache, formatting, registry
from .cumulative import month_comparison, yoy_pct
from .models import Department, Measure, MonthlyReport, Plan, ReportingDeadline, Target

HUNDRED = Decimal(100)
TWELVE = Decimal(12)


class Status:
    GREY = "grey"
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    LABELS = {
        GREY: _("No figure yet"),
        GREEN: _("On track"),
        YELLOW: _("Slightly behind"),
        RED: _("Behind"),
    }
    OFF_TRACK = (YELLOW, RED)


def round2(value: Decimal | None) -> Decimal | None:
    """Percentages and amounts as published: two decimals, half up."""
    if value is None:
        return None
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _setting(name: str) -> Decimal:
    # Through str so that 0.9 stays exactly 0.9 rather than the float nearest to it.
    return Decimal(str(settings.PROGRESS_STATUS[name]))


def time_pct(month: int) -> Decimal:
    """序时进度: N / 12 × 100."""
    return Decimal(month) * HUNDRED / TWELVE


def _yoy_at_least(current: Decimal, previous: Decimal | None, floor: Decimal) -> bool | None:
    """Whether 同比 ≥ floor, exactly; None when 同比 is unknown."""
    if previous is None or previous <= 0:
        return None
    return (current - previous) * HUNDRED >= floor * previous


def amount_status(
    *,
    actual: Decimal | None,
    target: Decimal | None,
    month: int,
    previous: Decimal | None,
    growth: Decimal | None,
) -> str:
    """The traffic light of an amount or count target (domain.md, "status")."""
    if actual is None or not target:
        return Status.GREY
    ratio = _setting("yellow_time_ratio")
    margin = _setting("yellow_growth_margin")
    # completion ≥ 序时进度  ⇔  actual / target × 100 ≥ N / 12 × 100  ⇔  actual × 12 ≥ target × N
    on_time = actual * TWELVE >= target * month
    near_time = actual * TWELVE >= target * month * ratio
    if growth is None:
        growth_met = growth_near = True
    else:
        met = _yoy_at_least(actual, previous, growth)
        near = _yoy_at_least(actual, previous, growth - margin)
        # An unknown 同比 does not hold a target back.
        growth_met = met is None or met
        growth_near = near is None or near
    if on_time and growth_met:
        return Status.GREEN
    if near_time and growth_near:
        return Status.YELLOW
    return Status.RED


def share_status(*, actual: Decimal | None, target: Decimal | None) -> str:
    """The traffic light of a threshold target such as the export share: ≥ target green, ≥ floor yellow."""
    if actual is None or target is None:
        return Status.GREY
    if actual >= target:
        return Status.GREEN
    if actual >= _setting("share_yellow_floor"):
        return Status.YELLOW
    return Status.RED


@dataclass
class MonthRow:
    """One line of a target's monthly table: 本月 | 同比 | 1–本月累计 | 同比."""

    month: int
    label: str
    month_value: Decimal | None
    month_yoy: Decimal | None
    cumulative: Decimal | None
    cumulative_yoy: Decimal | None
    last_cumulative: Decimal | None
    falling: bool = False


def monthly_rows(
    kind: str, values: dict[int, Decimal], last: dict[int, Decimal], upto: int
) -> list[MonthRow]:
    rows = []
    for month in range(1, upto + 1):
        cumulative = values.get(month)
        alone = month_comparison(values, last, month)
        previous_cumulative = values.get(month - 1) if month > 1 else None
        share = kind == Target.Kind.SHARE
        rows.append(
            MonthRow(
                month=month,
                label=alone.label,
                month_value=None if share else alone.value,
                month_yoy=None if share else alone.yoy,
                cumulative=cumulative,
                cumulative_yoy=None if share else yoy_pct(cumulative, last.get(month)),
                last_cumulative=last.get(month),
                falling=(
                    not share
                    and cumulative is not None
                    and previous_cumulative is not None
                    and cumulative < previous_cumulative
                ),
            )
        )
    return rows


@dataclass
class TargetProgress:
    target: Target
    month: int
    values: dict[int, Decimal]
    last_values: dict[int, Decimal]
    sample: bool = False
    registered: bool = True
    note: str = ""

    actual: Decimal | None = None
    last_actual: Decimal | None = None
    completion_pct: Decimal | None = None
    time_pct: Decimal | None = None
    gap_points: Decimal | None = None
    yoy_growth_pct: Decimal | None = None
    yoy_points: Decimal | None = None
    seasonal_expected_pct: Decimal | None = None
    projected: Decimal | None = None
    status: str = Status.GREY

    def __post_init__(self):
        target, month = self.target, self.month
        self.actual = self.values.get(month)
        self.last_actual = self.last_values.get(month)
        self.time_pct = time_pct(month)
        if self.actual is None:
            return
        value = target.value
        if value:
            self.completion_pct = self.actual * HUNDRED / value
        if target.kind == Target.Kind.SHARE:
            if value is not None:
                self.gap_points = self.actual - value
            if self.last_actual is not None:
                self.yoy_points = self.actual - self.last_actual
            self.status = share_status(actual=self.actual, target=value)
            return
        if self.completion_pct is not None:
            self.gap_points = self.completion_pct - self.time_pct
        self.yoy_growth_pct = yoy_pct(self.actual, self.last_actual)
        last_full = self.last_values.get(12)
        if self.last_actual is not None and last_full:
            self.seasonal_expected_pct = self.last_actual * HUNDRED / last_full
        if self.last_actual and last_full:
            # actual / (last 1–N / last full year), as one division.
            self.projected = self.actual * last_full / self.last_actual
        else:
            self.projected = self.actual * TWELVE / month
        self.status = amount_status(
            actual=self.actual,
            target=value,
            month=month,
            previous=self.last_actual,
            growth=target.growth_target_pct,
        )

    @property
    def status_label(self):
        return Status.LABELS[self.status]

    @cached_property
    def off_track(self) -> bool:
        return self.status in Status.OFF_TRACK

    @property
    def needs_note(self) -> bool:
        return self.off_track and not self.note.strip()

    @cached_property
    def shown(self) -> dict[str, str]:
        """The card's numbers as the bureau writes them (plan.formatting), formatted once here rather than by a
        template filter each: the dashboard draws seven cards again after every write of figures."""
        target = self.target
        goal = (
            gettext("to be set") if target.value is None else formatting.target_amount(target, target.value)
        )
        if target.value is not None and target.kind == Target.Kind.SHARE:
            goal = f"≥ {goal}"
        return {
            "goal": goal,
            "growth_target": formatting.growth(target.growth_target_pct),
            "actual": formatting.target_amount(target, self.actual),
            "completion": formatting.percent(self.completion_pct),
            "time": formatting.percent(self.time_pct),
            "gap": formatting.points(self.gap_points),
            "seasonal": formatting.percent(self.seasonal_expected_pct),
            "yoy": formatting.growth(self.yoy_growth_pct),
            "yoy_points": formatting.points(self.yoy_points),
            "projected": formatting.target_amount(target, self.projected),
        }

    @property
    def rows(self) -> list[MonthRow]:
        return monthly_rows(self.target.kind, self.values, self.last_values, self.month)

    def chart_data(self) -> dict:
        """What static/js/charts.js draws: the year's cumulative actual against the pace and last year."""
        target = self.target
        labels = [f"{m}月" for m in range(1, 13)]

        def shown(value):
            if value is None:
                return None
            return float(target.to_display(value)) if target.kind == Target.Kind.AMOUNT else float(value)

        if target.kind == Target.Kind.SHARE:
            pace = [shown(target.value)] * 12
        else:
            pace = [
                shown(target.value * m / TWELVE) if target.value is not None else None for m in range(1, 13)
            ]
        return {
            "labels": labels,
            "unit": target.display_unit if target.kind != Target.Kind.SHARE else "%",
            "kind": target.kind,
            "actual": [shown(self.values.get(m)) if m <= self.month else None for m in range(1, 13)],
            "pace": pace,
            "last": [shown(self.last_values.get(m)) for m in range(1, 13)],
            "names": {
                "actual": str(_("Actual")),
                "pace": str(_("Threshold") if target.kind == Target.Kind.SHARE else _("Pace of the target")),
                "last": str(_("Last year")),
            },
        }

    def as_api(self) -> dict:
        target = self.target

        def number(value):
            return None if value is None else float(round2(value))

        return {
            "code": target.code,
            "name": target.name,
            "unit": target.unit,
            "target": None if target.value is None else float(target.value),
            "growth_target_pct": number(target.growth_target_pct),
            "actual": number(self.actual),
            "completion_pct": number(self.completion_pct),
            "yoy_growth_pct": number(self.yoy_growth_pct),
            "seasonal_expected_pct": number(self.seasonal_expected_pct),
            "projected": number(self.projected),
            "status": self.status,
            # Extensions beyond interface.md's example.
            "department": target.department.code,
            "gap_points": number(self.gap_points),
            "yoy_points": number(self.yoy_points),
            "sample": self.sample,
        }


@dataclass
class DepartmentMonth:
    """A department's month in the cycle, as the completeness table shows it."""

    department: Department
    report: MonthlyReport | None
    due: datetime.date
    today: datetime.date

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
        if self.on_time is not None:
            return not self.on_time
        return self.today > self.due

    @property
    def timeliness(self) -> str:
        if self.on_time is True:
            return "on_time"
        if self.on_time is False:
            return "late"
        return "overdue" if self.today > self.due else "pending"

    @property
    def timeliness_label(self):
        return {
            "on_time": _("On time"),
            "late": _("Late"),
            "overdue": _("Not submitted, overdue"),
            "pending": _("Not yet due"),
        }[self.timeliness]


@dataclass
class MeasureRow:
    """A measure as the dashboard reads it: plain values rather than a model instance, since a plan may have
    hundreds and the dashboard only counts and lists them."""

    pk: int
    code: str
    title: str
    status: str
    progress_pct: int
    due: datetime.date
    section_id: int
    lead: Department
    year: int
    overdue: bool

    @property
    def lead_id(self) -> int:
        return self.lead.pk

    def get_status_display(self):
        return Measure.Status(self.status).label

    def get_absolute_url(self) -> str:
        return reverse("plan:measure", args=[self.year, self.code])


@dataclass
class SectionMeasures:
    section: object
    counts: dict[str, int]
    measures: list[MeasureRow] = field(default_factory=list)

    @property
    def count_list(self) -> list[int]:
        return [self.counts[value] for value in Measure.Status.values]


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
    # The departments, each with its report of the month (month_report) if any, from the one query.
    department_list: list[Department] = field(default_factory=list, repr=False)
    reports: dict[int, MonthlyReport] = field(default_factory=dict, repr=False)

    @cached_property
    def departments(self) -> list[DepartmentMonth]:
        due = ReportingDeadline.due_for(self.year, self.month)
        return [
            DepartmentMonth(
                department=department, report=self.reports.get(department.pk), due=due, today=self.today
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


def latest_month(targets: list[Target], actuals: dict[str, registry.Actuals | None], year: int, today) -> int:
    """The latest month with figures: monthly statistics first, since register counts are known for every
    month; never past the current month of the current year."""

    def latest(kinds):
        found = [
            max(actuals[t.code].values)
            for t in targets
            if t.kind in kinds and actuals.get(t.code) is not None and actuals[t.code].values
        ]
        return max(found) if found else None

    month = latest((Target.Kind.AMOUNT, Target.Kind.SHARE)) or latest((Target.Kind.COUNT,)) or 1
    if year == today.year:
        month = min(month, today.month)
    return month


def compute(
    plan: Plan, month: int | None = None, *, today: datetime.date | None = None, tokens: dict | None = None
) -> Progress:
    """The plan's progress as of `month` (default: the latest month with figures).

    Queries: the targets with their departments and the departments with their reports of the month at once,
    the month's deadline and the measures when first read — four — (the pages that group measures by section
    read the sections: one more; the register summaries run when first read) plus whatever the registered functions run: a fixed number each for this year and last year, or a fixed
    number for both years and all their targets when batched (plan.registry.batched). With the data's
    `tokens` (plan.cache.current_tokens) the batched functions' answers come from the cache when it has them
    (one query for them all) and go into it when not.
    """
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
        month = latest_month(targets, current, year, today)
    months_with_figures = sorted(
        {m for found in current.values() if found is not None for m in found.values if 1 <= m <= 12}
    )

    # The departments with their report of the month, if any, in one query.
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
    items = []
    for target in targets:
        found, before = current[target.code], last[target.code]
        report = reports.get(target.department_id)
        items.append(
            TargetProgress(
                target=target,
                month=month,
                values=dict(found.values) if found else {},
                last_values=dict(before.values) if before else {},
                sample=bool(found and found.sample),
                registered=found is not None,
                note=report.note if report else "",
            )
        )

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
        department_list=departments,
        reports=reports,
    )
