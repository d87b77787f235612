"""The derived statistics a 统计月报 gives beside a target's figure (docs/rules.md, "Derived statistics"), one rule a
function, on Decimals in the target's base unit; None wherever a rule does not apply.

- 拉动 (个百分点) of a part to its whole's growth = (part − part last year) ÷ whole last year × 100;
- 贡献率 (%) = the part's increase ÷ the whole's increase × 100, none when the whole did not change.
  Computed exactly, the parts' 拉动 add up to the whole's 同比 and their 贡献率 to 100 %; as printed (one decimal,
  half up, like every rate) they may differ from it by a rounding, as in any 统计月报.
- What it will take (缺口倒推), for a target not yet met before December: the remaining amount (or count) ÷ the
  months left = the monthly average needed; for an amount, its change against last year's average over the same
  months, (last full year − last 1–N月) ÷ (12 − N).

Which targets are parts of which whole is the domain app's to say (plan.registry.parts_of / whole_of).
"""

from decimal import Decimal

from ..cumulative import yoy_pct
from .status import HUNDRED, shown

MONTHS = 12


def pull_points(
    part: Decimal | None, part_last: Decimal | None, whole_last: Decimal | None
) -> Decimal | None:
    """拉动: how many points of the whole's 同比 the part's change makes."""
    if part is None or part_last is None or not whole_last:
        return None
    return (part - part_last) * HUNDRED / whole_last


def contribution_pct(
    part: Decimal | None, part_last: Decimal | None, whole: Decimal | None, whole_last: Decimal | None
) -> Decimal | None:
    """贡献率: the part's share of the whole's increase (negative when they moved apart)."""
    if None in (part, part_last, whole, whole_last) or whole == whole_last:
        return None
    return (part - part_last) * HUNDRED / (whole - whole_last)


def months_left(month: int) -> int:
    """The months after month N of the year: 12 − N."""
    return MONTHS - month


def remaining(goal: Decimal | None, actual: Decimal | None, month: int) -> Decimal | None:
    """What is still needed to meet the year's goal after month N; None in December, without a goal or a figure,
    and once met as shown (completion 100.0 % or more, one decimal, as the card and the bulletin say 已完成)."""
    if goal is None or actual is None or not goal or months_left(month) <= 0:
        return None
    if shown(actual * HUNDRED / goal) >= HUNDRED:
        return None
    return goal - actual


def needed_monthly(goal: Decimal | None, actual: Decimal | None, month: int) -> Decimal | None:
    """The monthly average needed over the months left to meet the goal."""
    rest = remaining(goal, actual, month)
    return None if rest is None else rest / months_left(month)


def last_year_monthly(last_full: Decimal | None, last_actual: Decimal | None, month: int) -> Decimal | None:
    """Last year's monthly average over months N+1–12: (last full year − last 1–N月) ÷ (12 − N)."""
    if last_full is None or last_actual is None or months_left(month) <= 0:
        return None
    return (last_full - last_actual) / months_left(month)


def needed_vs_last_year_pct(needed: Decimal | None, last_monthly: Decimal | None) -> Decimal | None:
    """The monthly average needed against last year's over the same months, in % (上年同期月均高 / 低 X%): the rule
    of 同比 (plan.cumulative.yoy_pct), so no rate without a positive base."""
    return yoy_pct(needed, last_monthly)
