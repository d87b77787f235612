"""One target's progress as of a month: its figures, completion, 同比, projection and status."""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import formatting
from ..cumulative import month_comparison, yoy_pct
from ..models import Target
from . import derived
from .status import (
    HUNDRED,
    TWELVE,
    Status,
    amount_status,
    count_projection,
    round2,
    share_status,
    shown,
    time_pct,
)


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
    # The target this one is a part of (plan.registry.whole_of), as compute() finds it: for 拉动 and 贡献率.
    whole: "TargetProgress | None" = field(default=None, repr=False, compare=False)

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
            # Without a prior-year series (a count never has one, docs/rules.md) there is no line: not one drawn
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
            # Extensions beyond docs/interface.md's example.
            "department": target.department.code,
            "gap_points": number(self.gap_points),
            "threshold_points": number(self.threshold_points),
            "yoy_points": number(self.yoy_points),
            "sample": self.sample,
            # The derived statistics (plan.progress.derived); null where they do not apply.
            "pull_points": number(self.pull_points),
            "contribution_pct": number(self.contribution_pct),
            "needed_monthly": number(self.needed_monthly),
            "needed_vs_last_year_pct": number(self.needed_vs_last_year_pct),
        }

    # -- The derived statistics of a 统计月报 (plan.progress.derived) ----------------------------------------

    @cached_property
    def pull_points(self) -> Decimal | None:
        """拉动: the points of its whole's 同比 this part makes; None unless it is a part of a whole."""
        if self.whole is None:
            return None
        return derived.pull_points(self.actual, self.last_actual, self.whole.last_actual)

    @cached_property
    def contribution_pct(self) -> Decimal | None:
        """贡献率: its share of its whole's increase; None unless a part, or when the whole did not change."""
        if self.whole is None:
            return None
        return derived.contribution_pct(
            self.actual, self.last_actual, self.whole.actual, self.whole.last_actual
        )

    @cached_property
    def months_left(self) -> int:
        return derived.months_left(self.month)

    @cached_property
    def needed_total(self) -> Decimal | None:
        """What is still needed to meet the year's target (amounts and counts; None once met or in December)."""
        if self.target.kind == Target.Kind.SHARE:
            return None
        return derived.remaining(self.target.value, self.actual, self.month)

    @cached_property
    def needed_monthly(self) -> Decimal | None:
        """The monthly average needed over the months left (base units)."""
        if self.needed_total is None:
            return None
        return derived.needed_monthly(self.target.value, self.actual, self.month)

    @cached_property
    def last_year_monthly(self) -> Decimal | None:
        """Last year's monthly average over the same months left; None without last year's full year."""
        if self.needed_total is None:
            return None
        return derived.last_year_monthly(self.last_values.get(12), self.last_actual, self.month)

    @cached_property
    def needed_vs_last_year_pct(self) -> Decimal | None:
        return derived.needed_vs_last_year_pct(self.needed_monthly, self.last_year_monthly)

    @cached_property
    def derived_display(self) -> dict[str, str]:
        """The derived statistics as the drill-downs print them (rates with one decimal, half up)."""
        target = self.target
        per_month = self.needed_monthly
        if per_month is not None and target.kind == Target.Kind.COUNT:
            # An average count keeps its decimal: 40 stores over 3 months is 13.3 a month, not 13.
            per_month_text = f"{formatting.number(per_month, 1)} {target.display_unit}"
        else:
            per_month_text = formatting.target_amount(target, per_month)
        return {
            "whole": self.whole.target.name if self.whole is not None else "",
            "pull": formatting.points(self.pull_points),
            "contribution": formatting.percent(self.contribution_pct),
            "needed_total": formatting.target_amount(target, self.needed_total),
            "needed_monthly": per_month_text,
            "last_year_monthly": formatting.target_amount(target, self.last_year_monthly),
            "needed_vs_last_year": formatting.above_below(self.needed_vs_last_year_pct),
        }
