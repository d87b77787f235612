"""The one way a domain app plugs into `plan`, and what `plan` learns through it without importing the app.

A domain app (trade, markets, outreach) declares everything it gives `plan` in one module that its AppConfig
names as `plan_plugin` (e.g. "trade.plugin"): a `Plugin` with its monthly indicators and their cross-check,
the functions that answer its targets' actuals, the register summaries of the dashboard, its registers (the
descriptions the register framework turns into pages, files and admin), its menu entries, its demo data and
what it adds when a plan is loaded. `discover()` (run by PlanConfig.ready, when every model is loaded) reads
them all; the rest of the project asks this module.

Actuals: each function takes a year and returns an `Actuals`: the 1–N月 cumulative actual of every month of
that year that has one, {month: Decimal}, in the target's base unit, and whether any of it is sample data
(示例数据). It runs a fixed number of queries, so the dashboard can ask for this year and last year of every
target at a constant cost. An app whose targets come from one table can answer them all, for several years, in
one query: it declares `batched(many, code)` for each code, where `many(years)` returns {code: {year:
Actuals}} for every code it serves.

A function (batched, or a summary) that names the models it reads in `reads` lets the dashboard and the API
cache their results until one of those tables changes (plan.cache); one that does not is asked every time.
"""

import datetime
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string

# -- Monthly indicators -------------------------------------------------------------------------------------


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


# -- Actuals and summaries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actuals:
    values: dict[int, Decimal] = field(default_factory=dict)
    sample: bool = False


ActualsFunc = Callable[[int], Actuals]

_actuals: dict[str, ActualsFunc] = {}


ManyFunc = Callable[[list[int]], dict[str, dict[int, Actuals]]]


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


def cumulative_counts(queryset, date_field: str, years: list[int]) -> dict[int, Actuals]:
    """{year: Actuals} of a register count target: {month: records dated within the year up to that month's
    end} for months 1–12, and whether any counted record is sample data, from one query over all the years.

    The dates are counted here rather than grouped by month in the database: extracting a date's month runs a
    Python function per row on SQLite, which costs more than reading the dates.
    """
    from django.db.models import Q

    within = Q()
    for year in years:
        within |= Q(
            **{
                f"{date_field}__gte": datetime.date(year, 1, 1),
                f"{date_field}__lte": datetime.date(year, 12, 31),
            }
        )
    per_month: Counter = Counter()
    sample: set[int] = set()
    for day, is_sample in queryset.filter(within).order_by().values_list(date_field, "is_sample"):
        per_month[day.year, day.month] += 1
        if is_sample:
            sample.add(day.year)
    answer = {}
    for year in years:
        values, total = {}, 0
        for month in range(1, 13):
            total += per_month[year, month]
            values[month] = Decimal(total)
        answer[year] = Actuals(values=values, sample=year in sample)
    return answer


def functions() -> list:
    """Every registered actuals and summary function (plan.cache reads what each says it `reads`)."""
    return [*_actuals.values(), *summary_functions()]


def actuals_functions(codes) -> list:
    """The functions that answer these target codes (none for a code no app answers)."""
    return [_actuals[code] for code in codes if code in _actuals]


def summary_functions() -> list:
    return [func for _name, func in _summaries.values()]


def registered_codes() -> set[str]:
    return set(_actuals)


# Register summaries: finer views of a register for the dashboard's "registers at a glance" panel, such as
# village stores by 旗县区 or overseas projects by stage. The function takes (year, month) and returns
# [(label, count), ...] in display order; `name` is what the panel shows above it (may be a lazy string).
SummaryFunc = Callable[[int, int], list[tuple[str, int]]]

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


# Register facts: what a written report says beside a target's figure, such as the export categories within
# exports or the village stores built but not yet accepted (the bulletin's sentences). Keyed by the target's
# code; the function takes (year, month) and returns a dict of plain values whose keys its app documents.
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


# -- The plug-in --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NavEntry:
    """A menu entry of a domain app: `group` "figures" (monthly statistics) or "registers" (台账)."""

    label: str
    url_name: str
    args: tuple = ()
    group: str = "registers"
    # The heading it stands under in its menu (e.g. 市场秩序 in the registers' menu).
    section: str = ""
    department: str = ""  # the department it belongs to (figures entries show to it and to leaders)
    # The measure of the plan whose work it records (its page links here), e.g. "3.3.3" → liquor filings.
    measure_code: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.args)


@dataclass(frozen=True)
class Summary:
    name: str
    func: "SummaryFunc"
    reads: Sequence = ()


@dataclass(frozen=True)
class Plugin:
    """Everything a domain app gives `plan`, in one place."""

    department: str
    indicators: Sequence[Indicator] = ()
    cross_check: CrossCheck | None = None
    actuals: Mapping[str, "ActualsFunc"] = field(default_factory=dict)
    # What a written report says beside a target's figure (the bulletin's sentences), by target code.
    facts: Mapping[str, "FactsFunc"] = field(default_factory=dict)
    summaries: Sequence[Summary] = ()
    # The register descriptions (registers.spec.Register) the app keeps; the register framework reads them.
    registers: Sequence = ()
    nav: Sequence[NavEntry] = ()
    # demo(stdout): the app's sample data (示例数据), for `manage.py demo`.
    demo: Callable | None = None
    # plan_loaded(plan, result): reference records the plan names (idempotent: loadplan runs again and again).
    plan_loaded: Callable | None = None


_plugins: dict[str, Plugin] = {}


def install(plugin: Plugin) -> None:
    """Take in what a plug-in declares (discover() calls it for every app; tests may for a fake app)."""
    for indicator in plugin.indicators:
        register_indicator(indicator)
    if plugin.cross_check is not None:
        register_cross_check(plugin.department, plugin.cross_check)
    for code, func in plugin.actuals.items():
        register_actuals(code, func)
    for code, func in plugin.facts.items():
        register_facts(code, func)
    for summary in plugin.summaries:
        register_summary(summary.name, summary.func, reads=summary.reads or None)
    _plugins[plugin.department] = plugin


def discover() -> None:
    """Install the plug-in of every installed app whose AppConfig names one (`plan_plugin`)."""
    for config in apps.get_app_configs():
        path = getattr(config, "plan_plugin", None)
        if path:
            plugin = import_string(path)
            if _plugins.get(plugin.department) is not plugin:
                install(plugin)


def registers() -> list:
    """Every register description the plug-ins declare, in plug-in order."""
    return [register for plugin in _plugins.values() for register in plugin.registers]


def register_for_target(code: str):
    """The register whose records count toward target `code` (its description names the target), or None."""
    return next((register for register in registers() if getattr(register, "target", None) == code), None)


def nav_entries(group: str) -> list[NavEntry]:
    entries = [entry for plugin in _plugins.values() for entry in plugin.nav]
    return [entry for entry in [*entries, *_extra_nav] if entry.group == group]


def links_for_measure(code: str) -> list[NavEntry]:
    """The registers that record the work of measure `code`, for the measure's page."""
    return [entry for plugin in _plugins.values() for entry in plugin.nav if entry.measure_code == code]


def plan_loaded(plan, result) -> None:
    for plugin in _plugins.values():
        if plugin.plan_loaded is not None:
            plugin.plan_loaded(plan=plan, result=result)


def load_demo(stdout) -> None:
    for plugin in _plugins.values():
        if plugin.demo is not None:
            plugin.demo(stdout=stdout)


# -- What the apps above plan show on its pages -------------------------------------------------------------
#
# An app above plan (supervision: the open 批示) may show something beside the plan's targets, measures and
# department months — a count with its link, and an action for the readers who may take it — and add a menu
# entry. It registers a `BadgeSource` and its `NavEntry`s in its AppConfig.ready(); plan's pages ask
# `badges_for` (a fixed number of queries for all the page's things) and `nav_entries`.


@dataclass(frozen=True)
class Badge:
    """A count beside a target, measure or month (its `label` says what, with the count), linking to `url`."""

    label: str
    count: int = 0
    url: str = ""


@dataclass(frozen=True)
class BadgeAction:
    """What a reader may do on any target, measure or month (write a 批示): `url(key)` for the thing's key."""

    label: str
    url: Callable


@dataclass(frozen=True)
class BadgeSource:
    """`badges(plan, user)` -> {"targets": {code: Badge}, "measures": {code: Badge}, "reports": {monthly report
    pk: Badge}, "home": {department pk: Badge}} in at most one query per reader (user may be None: a reader
    who may not act); `actions(plan, user)` -> {"targets" | "measures" | "reports": BadgeAction} the reader may
    take on every such thing, without a query; `audience(user)`: a hashable value, the same for every reader
    who sees the same badges on the target cards (the dashboard's cache keeps one copy per audience);
    `reads`: the models it reads (plan.cache watches them)."""

    badges: Callable
    actions: Callable
    audience: Callable
    reads: Sequence = ()


_badge_sources: list[BadgeSource] = []


def register_badges(source: BadgeSource) -> None:
    if source not in _badge_sources:
        _badge_sources.append(source)


def badge_sources() -> list[BadgeSource]:
    return list(_badge_sources)


def badge_audience(user) -> tuple:
    return tuple(source.audience(user) for source in _badge_sources)


def badges_for(plan, user) -> dict[str, dict]:
    """{"targets" | "measures" | "reports" | "home": {key: [Badge, ...]}, "actions": {kind: [BadgeAction]}} of
    every registered source, for `plan` and the reader `user` (None: counts only)."""
    found: dict[str, dict] = {"targets": {}, "measures": {}, "reports": {}, "home": {}, "actions": {}}
    for source in _badge_sources:
        for kind, badges in source.badges(plan, user).items():
            for key, badge in badges.items():
                found.setdefault(kind, {}).setdefault(key, []).append(badge)
        for kind, action in source.actions(plan, user).items():
            found["actions"].setdefault(kind, []).append(action)
    return found


_extra_nav: list[NavEntry] = []


def register_nav(entry: NavEntry) -> None:
    """A menu entry of an app that has no plug-in (group "main": the top menu)."""
    if entry not in _extra_nav:
        _extra_nav.append(entry)
