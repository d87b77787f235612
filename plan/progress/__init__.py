"""Progress against the plan, as docs/rules.md ("Progress against the plan") defines it.

One computation feeds the dashboard, the drill-downs, the progress API and the monthly bulletin, so they
cannot disagree. For an as-of month N of the plan year:

- completion % = actual (1–N月累计, or the count) / annual target × 100;
- 序时进度 = N / 12 × 100; the gap is completion − 序时进度 in 个百分点;
- seasonal expected % = last year's 1–N / last year's full year × 100, when both exist;
- 同比 = (this 1–N − last year's 1–N) / last year's 1–N × 100, None when last year's figure is missing;
- projected year end = actual / seasonal share when known, else actual × 12 / N;
- the status (grey/green/yellow/red) with the thresholds of settings.PROGRESS_STATUS.

And the settled questions of docs/rules.md, each in one function or one branch below:

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

from .departments import DepartmentMonth, department_year
from .measures import MeasureRow, SectionMeasures
from .overview import MonthReason, Progress, compute, latest_month
from .status import Status, amount_status, count_projection, round2, share_status, shown, time_pct
from .targets import MonthRow, TargetProgress, monthly_rows

__all__ = [
    "DepartmentMonth",
    "department_year",
    "MeasureRow",
    "MonthReason",
    "MonthRow",
    "Progress",
    "SectionMeasures",
    "Status",
    "TargetProgress",
    "amount_status",
    "compute",
    "count_projection",
    "latest_month",
    "monthly_rows",
    "round2",
    "share_status",
    "shown",
    "time_pct",
]
