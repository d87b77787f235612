"""The traffic light and the yardsticks it is judged against (see the package's docstring for the rules)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

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
    """The traffic light of an amount or count target (docs/rules.md, "status"), decided on the values as shown:
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
