"""An app above plan (supervision: the open 批示) may show something beside the plan's targets, measures and
department months — a count with its link, and an action for the readers who may take it — and add a menu
entry. It registers a `BadgeSource` and its `NavEntry`s in its AppConfig.ready(); plan's pages ask
`badges_for` (a fixed number of queries for all the page's things) and `nav_entries`."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass


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
    """`badges(plan)` -> {"targets": {code: Badge}, "measures": {code: Badge}, "reports": {monthly report pk:
    Badge}}: the counts, the same for every reader, in one query; `actions(plan)` -> {"targets" | "measures" |
    "reports": BadgeAction}, without a query; `may_act(user)`: whether the reader may take them; `home(user)`
    -> [Badge]: the reader's own line on the dashboard (none, without a query, for a reader it has nothing
    for); `reads`: the models `badges` reads (plan.cache watches them)."""

    badges: Callable
    actions: Callable
    may_act: Callable
    home: Callable
    reads: Sequence = ()


_badge_sources: list[BadgeSource] = []


def register_badges(source: BadgeSource) -> None:
    if source not in _badge_sources:
        _badge_sources.append(source)


def badge_sources() -> list[BadgeSource]:
    return list(_badge_sources)


def may_act(user) -> bool:
    return any(source.may_act(user) for source in _badge_sources)


def home_badges(user) -> list[Badge]:
    return [badge for source in _badge_sources for badge in source.home(user)]


def badges_for(plan, user=None, *, every_action: bool = False) -> dict[str, dict]:
    """{"targets" | "measures" | "reports": {key: [Badge, ...]}, "actions": {kind: [BadgeAction, ...]}} of every
    registered source: the actions `user` may take, or every action (the dashboard's cached cards, which the
    page shows only to a reader who may act: `may_act`)."""
    found: dict[str, dict] = {"targets": {}, "measures": {}, "reports": {}, "actions": {}}
    for source in _badge_sources:
        for kind, badges in source.badges(plan).items():
            for key, badge in badges.items():
                found.setdefault(kind, {}).setdefault(key, []).append(badge)
        if every_action or (user is not None and source.may_act(user)):
            for kind, action in source.actions(plan).items():
                found["actions"].setdefault(kind, []).append(action)
    return found
