"""The plug-in contract: the one way a domain app gives `plan` what only it knows, without `plan` importing it.

A domain app (trade, markets, outreach) declares everything it gives `plan` in one module that its AppConfig
names as `plan_plugin` (e.g. "trade.plugin.PLUGIN"): a `Plugin` with its monthly indicators and their
cross-check, the functions that answer its targets' actuals, the facts a written report states beside them, the
register summaries of the dashboard, its registers (the descriptions the register framework turns into pages,
files and admin), its menu entries, its demo data and what it adds when a plan is loaded. `discover()` (run by
PlanConfig.ready, when every model is loaded) installs them all: each field goes to the module of its idea
(plan.figures.indicators, plan.registry.actuals, .facts, .parts, .summaries, .nav), which the rest of the project asks.

A new kind of contribution is a field here with its default, and one line in `install`.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.module_loading import import_string

from ..figures.indicators import CrossCheck, Indicator, register_cross_check, register_indicator
from .actuals import ActualsFunc, all_actuals_functions, register_actuals
from .facts import FactsFunc, register_facts
from .nav import NavEntry, register_nav
from .parts import register_parts
from .summaries import Summary, register_summary, summary_functions


@dataclass(frozen=True)
class Plugin:
    """Everything a domain app gives `plan`, in one place."""

    department: str
    indicators: Sequence[Indicator] = ()
    cross_check: CrossCheck | None = None
    actuals: Mapping[str, ActualsFunc] = field(default_factory=dict)
    # What a written report says beside a target's figure (the bulletin's sentences), by target code.
    facts: Mapping[str, FactsFunc] = field(default_factory=dict)
    # The targets that add up to another, by the whole's code: {"trade_total": ("export", "import")}.
    parts: Mapping[str, Sequence[str]] = field(default_factory=dict)
    summaries: Sequence[Summary] = ()
    # The register descriptions (registers.spec.Register) the app keeps; the register framework reads them.
    registers: Sequence = ()
    nav: Sequence[NavEntry] = ()
    # demo(stdout): the app's sample data (示例数据), for `manage.py demo`.
    demo: Callable | None = None
    # plan_loaded(plan, result): reference records the plan names (idempotent: loadplan runs again and again).
    plan_loaded: Callable | None = None


# In installation order; several plug-ins may serve one department (an app may hold part of its work).
_plugins: list[Plugin] = []


def install(plugin: Plugin) -> None:
    """Take in what a plug-in declares (discover() calls it for every app; tests may for a fake app)."""
    if any(known is plugin for known in _plugins):
        return
    for indicator in plugin.indicators:
        register_indicator(indicator)
    if plugin.cross_check is not None:
        register_cross_check(plugin.department, plugin.cross_check)
    for code, func in plugin.actuals.items():
        register_actuals(code, func)
    for code, func in plugin.facts.items():
        register_facts(code, func)
    for whole, parts in plugin.parts.items():
        register_parts(whole, parts)
    for summary in plugin.summaries:
        register_summary(summary.name, summary.func, reads=summary.reads or None)
    register_nav(plugin.nav)
    _plugins.append(plugin)


def discover() -> None:
    """Install the plug-in of every installed app whose AppConfig names one (`plan_plugin`)."""
    for config in apps.get_app_configs():
        path = getattr(config, "plan_plugin", None)
        if path:
            install(import_string(path))


def registers() -> list:
    """Every register description the plug-ins declare, in plug-in order."""
    return [register for plugin in _plugins for register in plugin.registers]


def register_for_target(code: str):
    """The register whose records count toward target `code` (its description names the target), or None."""
    return next((register for register in registers() if getattr(register, "target", None) == code), None)


def functions() -> list:
    """Every registered actuals and summary function (plan.cache reads what each says it `reads`)."""
    return [*all_actuals_functions(), *summary_functions()]


def plan_loaded(plan, result) -> None:
    for plugin in _plugins:
        if plugin.plan_loaded is not None:
            plugin.plan_loaded(plan=plan, result=result)


def load_demo(stdout) -> None:
    for plugin in _plugins:
        if plugin.demo is not None:
            plugin.demo(stdout=stdout)
