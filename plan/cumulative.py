"""Figures as Chinese statistics report them (docs/rules.md): the 1–N月累计 is stored; 当月 and 同比 are derived here,
once, for every screen (the month page and its script, the drill-down, the dashboard, the bulletin); and the
1–N月 cumulative count of a register's records, a count target's actual (`cumulative_counts`)."""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from .registry.actuals import Actuals

HUNDRED = Decimal(100)


def yoy_pct(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """同比增长 % = (current − previous) / previous × 100, unrounded; None when either is unknown or last year's
    figure is zero or less (no rate exists)."""
    if current is None or previous is None or previous <= 0:
        return None
    return (Decimal(current) - Decimal(previous)) * HUNDRED / Decimal(previous)


def month_alone(cumulatives: dict[int, Decimal], month: int) -> Decimal | None:
    """当月 of one year = cum(N) − cum(N−1). January alone is its cumulative; a February without January is the
    combined 1–2月 release, so its 当月 covers both months. Unknown when the previous month is missing."""
    cumulative = cumulatives.get(month)
    if cumulative is None:
        return None
    if month == 1:
        return cumulative
    previous = cumulatives.get(month - 1)
    if previous is not None:
        return cumulative - previous
    if month == 2:
        return cumulative
    return None


def months_covered(cumulatives: dict[int, Decimal], month: int) -> int:
    """How many months the 当月 of `month` covers: 2 for a combined 1–2月, else 1."""
    return 2 if month == 2 and 1 not in cumulatives else 1


@dataclass(frozen=True)
class MonthAlone:
    """当月 of a month this year and the same period last year, compared like with like."""

    month: int
    combined: bool  # January and February taken together as 1–2月
    value: Decimal | None
    last: Decimal | None

    @property
    def yoy(self) -> Decimal | None:
        return yoy_pct(self.value, self.last)

    @property
    def label(self) -> str:
        return "1–2月" if self.combined else f"{self.month}月"


def month_comparison(values: dict[int, Decimal], last: dict[int, Decimal], month: int) -> MonthAlone:
    """当月 and its 同比, never mixing periods (docs/rules.md, "Settled questions"): when January is missing in
    either year, February alone is unknown, so February is compared as 1–2月 against 1–2月; otherwise each
    year's 当月 is cum(N) − cum(N−1), and a missing side leaves the comparison unknown ("—")."""
    if month == 2 and (1 not in values or (1 not in last and 2 in last)):
        return MonthAlone(month=2, combined=True, value=values.get(2), last=last.get(2))
    return MonthAlone(
        month=month,
        combined=False,
        value=month_alone(values, month),
        last=month_alone(last, month) if month != 2 or 1 in last else None,
    )


def cumulative_counts(queryset, date_field: str, years: list[int]) -> dict[int, Actuals]:
    """{year: Actuals} of a register count target: {month: records dated within the year up to that month's
    end} for months 1–12, and whether any counted record is sample data, from one query over all the years.

    The dates are counted here rather than grouped by month in the database: extracting a date's month runs a
    Python function per row on SQLite, which costs more than reading the dates.
    """
    within = Q()
    for year in years:
        within |= Q(
            **{
                f"{date_field}__gte": datetime.date(year, 1, 1),
                f"{date_field}__lte": datetime.date(year, 12, 31),
            }
        )
    per_month: Counter = Counter()
    sample: set[int] = set()
    for day, is_sample in queryset.filter(within).order_by().values_list(date_field, "is_sample"):
        per_month[day.year, day.month] += 1
        if is_sample:
            sample.add(day.year)
    answer = {}
    for year in years:
        values, total = {}, 0
        for month in range(1, 13):
            total += per_month[year, month]
            values[month] = Decimal(total)
        answer[year] = Actuals(values=values, sample=year in sample)
    return answer
