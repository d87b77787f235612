"""The menu entries the domain apps declare (plan.registry.Plugin.nav): their figures pages and their
registers, read by the menu (plan.context_processors.navigation) and the measure's page."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    """A menu entry: `group` "figures" (monthly statistics), "registers" (台账), or "main" (the top menu, for an
    app above plan such as 督办)."""

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


_entries: list[NavEntry] = []


def register_nav(entries) -> None:
    """The entries of a plug-in, or one entry of an app without one (group "main": the top menu)."""
    if isinstance(entries, NavEntry):
        entries = [entries]
    _entries.extend(entry for entry in entries if entry not in _entries)


def nav_entries(group: str) -> list[NavEntry]:
    return [entry for entry in _entries if entry.group == group]


def links_for_measure(code: str) -> list[NavEntry]:
    """The registers that record the work of measure `code`, for the measure's page."""
    return [entry for entry in _entries if entry.measure_code == code]
