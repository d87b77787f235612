"""What a figure must satisfy: reading what people type (full-width digits, separators, 万/亿), and the checks
of a department's month (errors refuse, warnings need a note)."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..cumulative import month_alone, months_covered
from ..formatting import number
from . import indicators as registered
from .models import MAX_VALUE

# -- Reading what people type ------------------------------------------------------------------------------

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
_SEPARATORS = re.compile(r"[\s,'_\u00a0\u2009\u3000、]")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def normalise_number(text) -> str:
    """Full-width digits to ASCII, thousands separators and spaces removed: "１２,３４５ .６" → "12345.6"."""
    return _SEPARATORS.sub("", str(text).translate(_FULL_WIDTH))


def parse_amount(text, *, factor: int = 1) -> Decimal | None:
    """The base-unit amount of what was typed (in units of `factor` base units), None when empty.

    Raises ValueError with a message for the user: not a number (letters, NaN, Infinity), negative, too large.
    """
    if text is None:
        return None
    if isinstance(text, int | float | Decimal) and not isinstance(text, bool):
        text = format(Decimal(str(text)), "f")
    cleaned = normalise_number(text)
    if cleaned == "":
        return None
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(_('"%(value)s" is not a number') % {"value": text})
    try:
        value = Decimal(cleaned) * factor
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only plain decimals
        raise ValueError(_('"%(value)s" is not a number') % {"value": text}) from error
    if value < 0:
        raise ValueError(_('"%(value)s" is negative; figures cannot be below zero') % {"value": text})
    if value >= MAX_VALUE:
        raise ValueError(_('"%(value)s" is too large') % {"value": text})
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parse_rate(text) -> Decimal | None:
    """A published growth rate in % (may be negative), None when empty."""
    if text is None:
        return None
    cleaned = normalise_number(text).rstrip("%％")
    if cleaned == "":
        return None
    if not _NUMBER.fullmatch(cleaned) or abs(Decimal(cleaned)) >= 100000:
        raise ValueError(_('"%(value)s" is not a percentage') % {"value": text})
    return Decimal(cleaned).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# -- Checks ------------------------------------------------------------------------------------------------

# A month's 当月 (per month covered) more than this many times the typical month of the year, or less than
# its reciprocal, is an outlier (DHIS2's min-max idea: a warning, never a refusal).
OUTLIER_FACTOR = Decimal(3)


def _monthly_rates(cumulatives: dict[int, Decimal], *, before: int) -> list[Decimal]:
    rates = []
    for month in sorted(m for m in cumulatives if m < before):
        alone = month_alone(cumulatives, month)
        if alone is not None:
            rates.append(alone / months_covered(cumulatives, month))
    return rates


def check_month(
    *,
    department: str,
    month: int,
    values: dict[str, Decimal | None],
    stored: dict[str, dict[int, Decimal]],
    factor: int = 1,
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The errors and warnings of a department's month if `values` were saved.

    `stored` holds each indicator's cumulatives of the same year as they are now ({code: {month: value}}).
    Errors (the department's cross-checks, such as the union's bounds) refuse the save; warnings (a
    cumulative that falls from one month to the next, an outlier against earlier months) need a confirmation
    with a note. The warnings write their amounts in units of `factor` base units: in 亿 (10000) when the month
    page is typed in 亿, as the page shows its columns then.
    """

    def shown(value: Decimal) -> str:
        return number(value / factor)

    errors: dict[str, list[str]] = {}
    warnings: dict[str, list[str]] = {}
    cross_check = registered.cross_check(department)
    if cross_check:
        for code, messages in cross_check(values).items():
            errors.setdefault(code, []).extend(messages)
    for code, value in values.items():
        if value is None:
            continue
        year_values = {**stored.get(code, {}), month: value}
        earlier = [m for m in year_values if m < month]
        if earlier and value < year_values[max(earlier)]:
            warnings.setdefault(code, []).append(
                _("the cumulative falls from %(before)s in 1–%(month)s to %(value)s")
                % {"before": shown(year_values[max(earlier)]), "month": max(earlier), "value": shown(value)}
            )
        later = [m for m in year_values if m > month]
        if later and value > year_values[min(later)]:
            warnings.setdefault(code, []).append(
                _("the cumulative is above the %(after)s already stored for 1–%(month)s")
                % {"after": shown(year_values[min(later)]), "month": min(later)}
            )
        rates = _monthly_rates(year_values, before=month)
        alone = month_alone(year_values, month)
        if len(rates) >= 2 and alone is not None and alone >= 0:
            rate = alone / months_covered(year_values, month)
            typical = sorted(rates)[len(rates) // 2]
            if typical > 0 and (rate > typical * OUTLIER_FACTOR or rate * OUTLIER_FACTOR < typical):
                warnings.setdefault(code, []).append(
                    _("this month's %(rate)s is far from the typical month of the year (%(typical)s)")
                    % {"rate": shown(rate), "typical": shown(typical)}
                )
    return errors, warnings


def unexplained_warnings(warnings: dict, notes: dict) -> dict:
    """The warnings that no note explains: {key: [message]} of `warnings` whose `notes[key]` is empty.

    The one rule of docs/rules.md's "Warnings need a note on every path": a figure that warns (a falling
    cumulative, an outlier) is stored only with a note saying why it is right. The month page (its
    confirmation note), the import command and the upload page (a file's `note` 说明 column, or the note
    typed in the preview) all refuse what this returns.
    """
    return {
        key: messages for key, messages in warnings.items() if messages and not (notes.get(key) or "").strip()
    }
