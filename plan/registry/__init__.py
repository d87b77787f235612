"""What `plan` learns from the domain apps without importing them, one module per idea:

- `plan.registry.plugin`: the plug-in contract (`Plugin`, `install`, `discover`) and what the plug-ins hold as a
  whole (their registers, their hooks for `loadplan` and `manage.py demo`);
- `plan.figures.indicators`: the monthly indicators and the checks across them;
- `plan.registry.actuals`: the functions that answer the targets' actuals (`Actuals`, `batched`);
- `plan.registry.facts`: what a written report states beside a target's figure;
- `plan.registry.summaries`: the registers at a glance on the dashboard;
- `plan.registry.parts`: the targets that add up to another (for 拉动 and 贡献率);
- `plan.registry.nav`: the menu entries;
- `plan.registry.badges`: what the apps above plan show beside its targets, measures and months (the open 批示).

The names are importable from here as well (`from plan.registry import Plugin, Indicator`), which is how the
domain apps' plug-ins and most of `plan` ask. A test that swaps what is registered patches the idea's module
(e.g. `plan.registry.actuals._actuals`).
"""

from ..figures.indicators import (
    CrossCheck,
    Indicator,
    all_indicators,
    cross_check,
    department_indicators,
    figure_departments,
    indicator,
    indicator_named,
    register_cross_check,
    register_indicator,
)
from .actuals import (
    Actuals,
    ActualsFunc,
    Batched,
    ManyFunc,
    actuals_for,
    actuals_for_years,
    actuals_functions,
    batched,
    register_actuals,
    registered_codes,
)
from .badges import (
    Badge,
    BadgeAction,
    BadgeSource,
    badge_sources,
    badges_for,
    home_badges,
    may_act,
    register_badges,
)
from .facts import FactsFunc, facts_for, register_facts
from .nav import NavEntry, links_for_measure, nav_entries, register_nav
from .parts import parts_of, register_parts, whole_of
from .plugin import (
    Plugin,
    discover,
    functions,
    install,
    load_demo,
    plan_loaded,
    register_for_target,
    registers,
)
from .summaries import Summary, SummaryFunc, register_summary, summaries_for, summary_functions

__all__ = [
    "Badge",
    "BadgeAction",
    "BadgeSource",
    "badge_sources",
    "badges_for",
    "home_badges",
    "may_act",
    "parts_of",
    "register_badges",
    "register_nav",
    "register_parts",
    "whole_of",
    "Actuals",
    "ActualsFunc",
    "Batched",
    "CrossCheck",
    "FactsFunc",
    "Indicator",
    "ManyFunc",
    "NavEntry",
    "Plugin",
    "Summary",
    "SummaryFunc",
    "actuals_for",
    "actuals_for_years",
    "actuals_functions",
    "all_indicators",
    "batched",
    "cross_check",
    "department_indicators",
    "discover",
    "facts_for",
    "figure_departments",
    "functions",
    "indicator",
    "indicator_named",
    "install",
    "links_for_measure",
    "load_demo",
    "nav_entries",
    "plan_loaded",
    "register_actuals",
    "register_cross_check",
    "register_facts",
    "register_for_target",
    "register_indicator",
    "register_summary",
    "registered_codes",
    "registers",
    "summaries_for",
    "summary_functions",
]
