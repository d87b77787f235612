"""How `plan` learns the actual of a target without importing the apps that hold the figures.

Each domain app registers, in its AppConfig.ready(), one function per target code it can answer for. The
function takes a year and returns an `Actuals`: the 1–N月 cumulative actual of every month of that year that
has one, {month: Decimal}, in the target's base unit, and whether any of it is sample data (示例数据). It runs a
fixed number of queries, so the dashboard can ask for this year and last year of every target at a constant
cost.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Actuals:
    values: dict[int, Decimal] = field(default_factory=dict)
    sample: bool = False


ActualsFunc = Callable[[int], Actuals]

_actuals: dict[str, ActualsFunc] = {}


def register_actuals(code: str, func: ActualsFunc) -> None:
    if code in _actuals and _actuals[code] is not func:
        raise ValueError(f"actuals for target {code!r} are registered twice")
    _actuals[code] = func


def actuals_for(code: str, year: int) -> Actuals | None:
    """The cumulative actuals of `code` in `year`, or None when no app answers for the code."""
    func = _actuals.get(code)
    return None if func is None else func(year)


def registered_codes() -> set[str]:
    return set(_actuals)


# Register summaries: finer views of a register for the dashboard's "registers at a glance" panel, such as
# village stores by 旗县区 or overseas projects by stage. The function takes (year, month) and returns
# [(label, count), ...] in display order; `name` is what the panel shows above it (may be a lazy string).
SummaryFunc = Callable[[int, int], list[tuple[str, int]]]

# Keyed by the name's code-level text; the name itself is kept lazy so it shows in the reader's language.
_summaries: dict[str, tuple[str, SummaryFunc]] = {}


def register_summary(name: str, func: SummaryFunc) -> None:
    key = str(name)
    if key in _summaries and _summaries[key][1] is not func:
        raise ValueError(f"register summary {key!r} is registered twice")
    _summaries[key] = (name, func)


def summaries_for(year: int, month: int) -> list[tuple[str, list[tuple[str, int]]]]:
    """Every registered summary as of the end of (year, month), in registration order."""
    return [(name, list(func(year, month))) for name, func in _summaries.values()]
