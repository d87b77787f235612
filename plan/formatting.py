"""Numbers and dates as the bureau writes them: amounts in the plan's units with two decimals (8.70 亿美元),
percentages with one (增长 16.0%), differences of rates in 个百分点; a date in a sentence as 2007年10月20日 (tables
write 2007-10-20, the templates' date:"Y-m-d")."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _


def _quantize(value, places: int) -> Decimal:
    """Half up, on the decimal value: a binary float goes through its shortest repr (13.85, not
    13.8499999…), so it rounds as the number written, never half-even or down."""
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def number(value, places: int = 2) -> str:
    """`value` with thousands separators and `places` decimals; an em dash when it is unknown."""
    if value is None:
        return "—"
    return f"{_quantize(value, places):,.{places}f}"


def date_text(day) -> str:
    """A date in a sentence, a message or a notice: 2007年10月20日 (10/20/2007 in English); a time: its local
    date."""
    day = _day(day)
    return _("%(month)s/%(day)s/%(year)s") % {"year": day.year, "month": day.month, "day": day.day}


def _day(value):
    """A date, or a time's local date."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def date_cell(value) -> str:
    """A date in a table cell, a list or a form's header: 2007-10-20 (a time: its local date); "—" when
    unknown. Sentences use `date_text`."""
    if value is None or value == "":
        return "—"
    return _day(value).isoformat()


def target_amount(target, base_value) -> str:
    """A base-unit value of `target` in the plan's unit: 87000 万美元 → "8.70 亿美元", 200 → "200 家"."""
    if base_value is None:
        return "—"
    if target.kind == "share":
        return f"{number(base_value, 1)}%"
    if target.kind == "count":
        return f"{number(base_value, 0)} {target.display_unit}"
    return f"{number(target.to_display(base_value), 2)} {target.display_unit}"


def percent(value, places: int = 1) -> str:
    return "—" if value is None else f"{number(value, places)}%"


def _compared(value, higher: str, lower: str, same: str) -> str:
    """`value` rounded to one decimal (half up) in the words of its sign: `higher`/`lower` take %(pct)s."""
    if value is None:
        return "—"
    rounded = _quantize(value, 1)
    if rounded > 0:
        return higher % {"pct": number(rounded, 1)}
    if rounded < 0:
        return lower % {"pct": number(-rounded, 1)}
    return same


def growth(value) -> str:
    """同比 in words: 增长 16.0% / 下降 3.2% / 持平."""
    return _compared(value, _("up %(pct)s%%"), _("down %(pct)s%%"), _("flat"))


def points(value) -> str:
    """A difference of two rates: "2.5 个百分点", signed."""
    if value is None:
        return "—"
    rounded = _quantize(value, 1)
    sign = "+" if rounded > 0 else ""
    return _("%(sign)s%(value)s points") % {"sign": sign, "value": number(rounded, 1)}


def above_below(value) -> str:
    """A rate against another, as 高 / 低 X% (one decimal, half up), 持平 at 0.0: 比上年同期月均高 18.5%."""
    return _compared(value, _("%(pct)s%% higher"), _("%(pct)s%% lower"), _("the same"))
