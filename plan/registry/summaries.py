"""Register summaries: finer views of a register for the dashboard's "registers at a glance" panel, such as
village stores by 旗县区 or overseas projects by stage (plan.registry.Plugin.summaries).

The function takes (year, month) and returns [(label, count), ...] in display order; `name` is what the panel
shows above it (may be a lazy string). A summary that names the models it reads (`reads`) lets the dashboard
be cached until one of them changes (plan.cache).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

SummaryFunc = Callable[[int, int], list[tuple[str, int]]]


@dataclass(frozen=True)
class Summary:
    name: str
    func: SummaryFunc
    reads: Sequence = ()


# Keyed by the name's code-level text; the name itself is kept lazy so it shows in the reader's language.
_summaries: dict[str, tuple[str, SummaryFunc]] = {}


def register_summary(name: str, func: SummaryFunc, *, reads=None) -> None:
    """`reads`: the models func reads, so that the dashboard may be cached (plan.cache)."""
    key = str(name)
    if reads is not None:
        func.reads = tuple(reads)
    if key in _summaries and _summaries[key][1] is not func:
        raise ValueError(f"register summary {key!r} is registered twice")
    _summaries[key] = (name, func)


def summaries_for(year: int, month: int) -> list[tuple[str, list[tuple[str, int]]]]:
    """Every registered summary as of the end of (year, month), in registration order."""
    return [(name, list(func(year, month))) for name, func in _summaries.values()]


def summary_functions() -> list:
    return [func for _name, func in _summaries.values()]
