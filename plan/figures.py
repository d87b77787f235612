"""Monthly statistical figures (1–N月累计), written once for every app that holds them.

`trade` and `markets` each define a concrete subclass of `MonthlyFigure` and register its indicators here, so
the entry page, the checks, the import and the export work the same way for every department without `plan`
importing them. Only the cumulative figure is stored; 当月 and 同比 are derived (`month_alone`, `growth_pct`).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

# The largest cumulative the database column holds (16 digits, 2 decimals), with room to spare.
MAX_VALUE = Decimal(10) ** 13
TEN_THOUSAND = Decimal(10000)


class MonthlyFigure(models.Model):
    """One indicator's 1–N月累计 for a year, in the indicator's base unit (万美元, 万元)."""

    class Release(models.TextChoices):
        PRELIMINARY = "preliminary", gettext_lazy("Preliminary (快报)")
        FINAL = "final", gettext_lazy("Final (正式)")

    # Concrete subclasses narrow the indicator with their choices.
    indicator = models.CharField(gettext_lazy("indicator"), max_length=40)
    year = models.PositiveSmallIntegerField(gettext_lazy("year"))
    month = models.PositiveSmallIntegerField(gettext_lazy("month"))
    cumulative = models.DecimalField(gettext_lazy("cumulative"), max_digits=16, decimal_places=2)
    source = models.CharField(gettext_lazy("source"), max_length=40, blank=True)
    release = models.CharField(
        gettext_lazy("release"), max_length=12, choices=Release.choices, default=Release.FINAL
    )
    released_on = models.DateField(gettext_lazy("release date"), null=True, blank=True)
    published_growth_pct = models.DecimalField(
        gettext_lazy("published growth %"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    # Demo data loaded by `manage.py demo`; the pages mark it 示例数据.
    is_sample = models.BooleanField(gettext_lazy("sample data"), default=False)
    updated_at = models.DateTimeField(gettext_lazy("updated at"), auto_now=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["indicator", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "month"], name="%(app_label)s_%(class)s_one_per_month"
            ),
            models.CheckConstraint(
                condition=models.Q(cumulative__gte=0), name="%(app_label)s_%(class)s_non_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="%(app_label)s_%(class)s_month_range"
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}-{self.month:02d}: {self.cumulative}"


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    department: str  # the code of the department that enters it
    model: type[MonthlyFigure]
    unit: str  # the base unit, 万美元 / 万元
    big_unit: str  # the same in 亿, 亿美元 / 亿元
    order: int = 0


# A department's cross-check: (values {code: Decimal or None}) -> {code: [error message]}.
CrossCheck = Callable[[dict], dict]

_indicators: dict[str, Indicator] = {}
_cross_checks: dict[str, CrossCheck] = {}


def register_indicator(indicator: Indicator) -> None:
    if indicator.code in _indicators and _indicators[indicator.code] != indicator:
        raise ValueError(f"indicator {indicator.code!r} is registered twice")
    _indicators[indicator.code] = indicator


def register_cross_check(department: str, func: CrossCheck) -> None:
    _cross_checks[department] = func


def indicator(code: str) -> Indicator | None:
    return _indicators.get(code)


def all_indicators() -> list[Indicator]:
    return sorted(_indicators.values(), key=lambda i: (i.order, i.code))


def department_indicators(department_code: str) -> list[Indicator]:
    return [i for i in all_indicators() if i.department == department_code]


def figure_departments() -> list[str]:
    """The codes of the departments that enter monthly figures, in indicator order."""
    return list(dict.fromkeys(i.department for i in all_indicators()))


def figures_by_month(indicators, *, years) -> dict[tuple[str, int], dict[int, MonthlyFigure]]:
    """{(code, year): {month: figure}} for the indicators and years: one query per model."""
    result = {}
    by_model: dict[type, list[str]] = {}
    for ind in indicators:
        by_model.setdefault(ind.model, []).append(ind.code)
    for model, codes in by_model.items():
        for figure in model.objects.filter(indicator__in=codes, year__in=list(years)):
            result.setdefault((figure.indicator, figure.year), {})[figure.month] = figure
    return result


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


# -- Deriving 当月 and 同比 ---------------------------------------------------------------------------------


def month_alone(cumulatives: dict[int, Decimal], month: int) -> Decimal | None:
    """当月 = cum(N) − cum(N−1). January alone is its cumulative; a February without January is the
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


def growth_pct(current, base) -> Decimal | None:
    """同比 = (current − base) / base × 100, unrounded; None when either is unknown or the base is zero."""
    if current is None or base is None or base == 0:
        return None
    return (Decimal(current) - Decimal(base)) / Decimal(base) * 100


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
    *, department: str, month: int, values: dict[str, Decimal | None], stored: dict[str, dict[int, Decimal]]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The errors and warnings of a department's month if `values` were saved.

    `stored` holds each indicator's cumulatives of the same year as they are now ({code: {month: value}}).
    Errors (the department's cross-checks, such as the union's bounds) refuse the save; warnings (a
    cumulative that falls from one month to the next, an outlier against earlier months) need a confirmation
    with a note.
    """
    errors: dict[str, list[str]] = {}
    warnings: dict[str, list[str]] = {}
    cross_check = _cross_checks.get(department)
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
                % {"before": year_values[max(earlier)], "month": max(earlier), "value": value}
            )
        later = [m for m in year_values if m > month]
        if later and value > year_values[min(later)]:
            warnings.setdefault(code, []).append(
                _("the cumulative is above the %(after)s already stored for 1–%(month)s")
                % {"after": year_values[min(later)], "month": min(later)}
            )
        rates = _monthly_rates(year_values, before=month)
        alone = month_alone(year_values, month)
        if len(rates) >= 2 and alone is not None and alone >= 0:
            rate = alone / months_covered(year_values, month)
            typical = sorted(rates)[len(rates) // 2]
            if typical > 0 and (rate > typical * OUTLIER_FACTOR or rate * OUTLIER_FACTOR < typical):
                warnings.setdefault(code, []).append(
                    _("this month's %(rate)s is far from the typical month of the year (%(typical)s)")
                    % {"rate": rate.quantize(Decimal("0.01")), "typical": typical.quantize(Decimal("0.01"))}
                )
    return errors, warnings
