"""The monthly indicators the domain apps declare in their plug-ins (plan.registry.Plugin.indicators): which
figure model holds each, in which unit, for which department, and the checks across a department's figures.

`plan.registry.install` fills this; the month page, the figures import/export and `plan.figures.admin` read it.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import translation


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    department: str  # the code of the department that enters it
    model: type  # a concrete plan.figures.models.MonthlyFigure
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


def cross_check(department: str) -> CrossCheck | None:
    return _cross_checks.get(department)


def indicator(code: str) -> Indicator | None:
    return _indicators.get(code)


def indicator_named(name: str) -> Indicator | None:
    """The indicator a file names by its code (retail_sales) or by its name in Chinese or English
    (社会消费品零售总额; full-width and half-width brackets alike)."""
    found = _indicators.get(name.strip())
    if found is not None:
        return found
    wanted = unicodedata.normalize("NFKC", name).strip().casefold()
    for candidate in _indicators.values():
        for language in ("zh-hans", "en"):
            with translation.override(language):
                if unicodedata.normalize("NFKC", str(candidate.label)).casefold() == wanted:
                    return candidate
    return None


def all_indicators() -> list[Indicator]:
    return sorted(_indicators.values(), key=lambda i: (i.order, i.code))


def department_indicators(department_code: str) -> list[Indicator]:
    return [i for i in all_indicators() if i.department == department_code]


def figure_departments() -> list[str]:
    """The codes of the departments that enter monthly figures, in indicator order."""
    return list(dict.fromkeys(i.department for i in all_indicators()))
