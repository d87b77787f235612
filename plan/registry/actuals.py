"""The actuals of the plan's targets, answered by the domain apps (plan.registry.Plugin.actuals).

Each function takes a year and returns an `Actuals`: the 1–N月 cumulative actual of every month of that year
that has one, {month: Decimal}, in the target's base unit, and whether any of it is sample data (示例数据). It
runs a fixed number of queries, so the dashboard can ask for this year and last year of every target at a
constant cost. An app whose targets come from one table can answer them all, for several years, in one query:
it declares `batched(many, code)` for each code, where `many(years)` returns {code: {year: Actuals}} for every
code it serves (plan.figures.actuals.figure_actuals builds one for a figure model).

A batched function that names the models it reads in `reads` lets the dashboard and the API cache its results
until one of those tables changes (plan.cache); one that does not is asked every time.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Actuals:
    values: dict[int, Decimal] = field(default_factory=dict)
    sample: bool = False


ActualsFunc = Callable[[int], Actuals]
ManyFunc = Callable[[list[int]], dict[str, dict[int, Actuals]]]

_actuals: dict[str, ActualsFunc] = {}


class Batched:
    """The actuals function of one code, answered by a function that serves several codes and years at once."""

    def __init__(self, many: ManyFunc, code: str, reads=None):
        self.many = many
        self.code = code
        # The models `many` reads, so that its results may be cached (plan.cache); None: never cached.
        self.reads = None if reads is None else tuple(reads)

    def __call__(self, year: int) -> Actuals:
        return self.many([year])[self.code][year]

    def __repr__(self):
        return f"Batched({self.many.__qualname__}, {self.code!r})"


def batched(many: ManyFunc, code: str, *, reads=None) -> Batched:
    return Batched(many, code, reads)


def register_actuals(code: str, func: ActualsFunc) -> None:
    known = _actuals.get(code)
    same_batch = isinstance(known, Batched) and isinstance(func, Batched)
    if same_batch and (known.many, known.code) == (func.many, func.code):
        return
    if code in _actuals and _actuals[code] is not func:
        raise ValueError(f"actuals for target {code!r} are registered twice")
    _actuals[code] = func


def actuals_for(code: str, year: int) -> Actuals | None:
    """The cumulative actuals of `code` in `year`, or None when no app answers for the code."""
    func = _actuals.get(code)
    return None if func is None else func(year)


def actuals_for_years(
    codes: list[str], years: list[int], *, ask=None
) -> dict[str, dict[int, Actuals | None]]:
    """{code: {year: Actuals or None}} for every code and year: one call per plain function and year, one call
    per batched function for all its codes and years. `ask(batches, years)`, when given, answers the batched
    functions instead, {many: many(years)} for every Batched of `batches` (plan.cache keeps their answers)."""
    found: dict[str, dict[int, Actuals | None]] = {}
    groups: dict[ManyFunc, list[str]] = {}
    batches: dict[ManyFunc, Batched] = {}
    for code in codes:
        func = _actuals.get(code)
        if func is None:
            found[code] = dict.fromkeys(years)
        elif isinstance(func, Batched):
            groups.setdefault(func.many, []).append(code)
            batches.setdefault(func.many, func)
        else:
            found[code] = {year: func(year) for year in years}
    if ask is None:
        answers = {many: many(list(years)) for many in groups}
    else:
        answers = ask(list(batches.values()), list(years))
    for many, group in groups.items():
        for code in group:
            found[code] = {year: answers[many][code][year] for year in years}
    return found


def actuals_functions(codes) -> list:
    """The functions that answer these target codes (none for a code no app answers)."""
    return [_actuals[code] for code in codes if code in _actuals]


def registered_codes() -> set[str]:
    return set(_actuals)


def all_actuals_functions() -> list:
    return list(_actuals.values())
