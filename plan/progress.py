"""Progress against the plan, as domain.md ("Progress against the plan") defines it.

One computation feeds the dashboard, the drill-downs, the progress API and the monthly bulletin, so they
cannot disagree. For an as-of month N of the plan year:

- completion % = actual (1–N月累计, or the count) / annual target × 100;
- 序时进度 = N / 12 × 100; the gap is completion − 序时进度 in 个百分点;
- seasonal expected % = last year's 1–N / last year's full year × 100, when both exist;
- 同比 = (this 1–N − last year's 1–N) / last year's 1–N × 100, None when last year's figure is missing;
- projected year end = actual / seasonal share when known, else actual × 12 / N;
- the status (grey/green/yellow/red) with the thresholds of settings.PROGRESS_STATUS.

And the settled questions of domain.md, each in one function or one branch below:

- a status is decided on the values *as shown* (`shown`: one decimal, half up), so no light contradicts the
  numbers printed beside it: completion shown 75.0 % meets 序时进度 75.0 %, 同比 shown 16.0 % meets +16 %, a
  share shown 27.0 % is yellow; the gaps are differences of the shown values;
- count targets have no 同比, no prior-year series and no seasonal expectation; their projection is
  count × 12 / N, a whole number; a count of 0 is a figure;
- the share target has no completion %: its distance from the threshold is `threshold_points`, never
  `gap_points` (the gap to 序时进度);
- the default month is the latest in which every amount target has a figure (`latest_month`, which also
  says why, as a `MonthReason`).

The actuals come from the functions the domain apps register in plan.registry; each is asked once for this
year and once for last year, so the cost does not grow with the years of data stored.
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


def shown(value: Decimal | None) -> Decimal | None:
    """A percentage as the screens print it: one decimal, half up. Statuses are decided on these values."""
    if value is None:
        return None
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


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


def amount_status(
    *,
    completion_pct: Decimal | None,
    time_pct: Decimal,
    yoy_pct: Decimal | None,
    growth: Decimal | None,
) -> str:
    """The traffic light of an amount or count target (domain.md, "status"), decided on the values as shown:
    completion, 序时进度 and 同比 each rounded to one decimal."""
    if completion_pct is None:
        return Status.GREY
    completion, pace, yoy = shown(completion_pct), shown(time_pct), shown(yoy_pct)
    on_time = completion >= pace
    near_time = completion >= pace * _setting("yellow_time_ratio")
    # No growth target, or an unknown 同比, does not hold a target back.
    growth_met = growth is None or yoy is None or yoy >= growth
    growth_near = growth is None or yoy is None or yoy >= growth - _setting("yellow_growth_margin")
    if on_time and growth_met:
        return Status.GREEN
    if near_time and growth_near:
        return Status.YELLOW
    return Status.RED


def share_status(*, actual: Decimal | None, target: Decimal | None) -> str:
    """The traffic light of a threshold target such as the export share, on the share as shown: ≥ target green,
    ≥ floor yellow."""
    if actual is None or target is None:
        return Status.GREY
    share = shown(actual)
    if share >= target:
        return Status.GREEN
    if share >= _setting("share_yellow_floor"):
        return Status.YELLOW
    return Status.RED


def count_projection(count: Decimal, month: int) -> Decimal:
    """A count's projected year end: count × 12 / N, a whole number (half up)."""
    return (count * TWELVE / month).quantize(Decimal(1), rounding=ROUND_HALF_UP)


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
    gap_points: Decimal | None = None  # completion − 序时进度, as shown; amounts and counts only
    threshold_points: Decimal | None = None  # share − threshold, as shown; the share only
    yoy_growth_pct: Decimal | None = None
    yoy_points: Decimal | None = None
    seasonal_expected_pct: Decimal | None = None
    projected: Decimal | None = None
    status: str = Status.GREY

    def __post_init__(self):
        target, month = self.target, self.month
        if target.kind == Target.Kind.COUNT:
            # Earlier years' registers are not complete statistics: no prior-year series, so no 同比, no
            # seasonal expectation and no "last year" line.
            self.last_values = {}
        self.actual = self.values.get(month)
        self.last_actual = self.last_values.get(month)
        self.time_pct = time_pct(month)
        if self.actual is None:
            return
        value = target.value
        if target.kind == Target.Kind.SHARE:
            # No completion %: the share and its distance from the threshold, in 个百分点 as shown.
            if value is not None:
                self.threshold_points = shown(self.actual) - value
            if self.last_actual is not None:
                self.yoy_points = shown(self.actual) - shown(self.last_actual)
            self.status = share_status(actual=self.actual, target=value)
            return
        if value:
            self.completion_pct = self.actual * HUNDRED / value
            self.gap_points = shown(self.completion_pct) - shown(self.time_pct)
        if target.kind == Target.Kind.COUNT:
            self.projected = count_projection(self.actual, month)
        else:
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
            completion_pct=self.completion_pct,
            time_pct=self.time_pct,
            yoy_pct=self.yoy_growth_pct,
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
    def display(self) -> dict[str, str]:
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
            "threshold": formatting.points(self.threshold_points),
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

        def display(value):
            if value is None:
                return None
            return float(target.to_display(value)) if target.kind == Target.Kind.AMOUNT else float(value)

        if target.kind == Target.Kind.SHARE:
            pace = [display(target.value)] * 12
        else:
            pace = [
                display(target.value * m / TWELVE) if target.value is not None else None for m in range(1, 13)
            ]
        return {
            "labels": labels,
            "unit": target.display_unit if target.kind != Target.Kind.SHARE else "%",
            "kind": target.kind,
            "actual": [display(self.values.get(m)) if m <= self.month else None for m in range(1, 13)],
            "pace": pace,
            # Without a prior-year series (a count never has one, domain.md) there is no line: not one drawn
            # at 0, nor a legend entry for nothing.
            "last": [display(self.last_values.get(m)) for m in range(1, 13)] if self.last_values else None,
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
            "threshold_points": number(self.threshold_points),
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
    month: int = 0

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
        return self.timeliness in ("late", "overdue")

    @property
    def timeliness(self) -> str:
        if self.on_time is True:
            return "on_time"
        if self.on_time is False:
            return "late"
        if self.report is None and self.month == 1:
            # January has no deadline of its own: it is reported with February as 1–2月.
            return "with_february"
        return "overdue" if self.today > self.due else "pending"

    @property
    def timeliness_label(self):
        return {
            "on_time": _("On time"),
            "late": _("Late"),
            "overdue": _("Not submitted, overdue"),
            "pending": _("Not yet due"),
            "with_february": _("Reported with 1–2月"),
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
    source has a figure (domain.md, "Settled questions"), so that one department entering a later month first
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
        month, month_reason = latest_month(targets, current, year, today)
    else:
        month_reason = MonthReason.CHOSEN
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
        month_reason=month_reason,
        department_list=departments,
        reports=reports,
    )
