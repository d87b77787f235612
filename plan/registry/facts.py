"""Register facts: what a written report says beside a target's figure, such as the export categories within
exports or the village stores built but not yet accepted (the bulletin's sentences; plan.registry.Plugin.facts).

Keyed by the target's code; the function takes (year, month) and returns a dict of plain values whose keys its
app documents.
"""

from collections.abc import Callable

FactsFunc = Callable[[int, int], dict]

_facts: dict[str, FactsFunc] = {}


def register_facts(code: str, func: FactsFunc) -> None:
    if code in _facts and _facts[code] is not func:
        raise ValueError(f"facts for target {code!r} are registered twice")
    _facts[code] = func


def facts_for(code: str, year: int, month: int) -> dict:
    """The facts an app registered for `code` as of the end of (year, month); {} when none did."""
    func = _facts.get(code)
    return {} if func is None else func(year, month)
