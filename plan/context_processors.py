from dataclasses import dataclass, field

from django.utils.functional import SimpleLazyObject

from . import registry
from .figures.importing import may_import
from .models import Plan


@dataclass
class MenuSection:
    title: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)


def _figures_menu(user) -> list[tuple[str, str]]:
    """The monthly figures each department enters: the user's own, or every department's for leaders."""
    return [
        (entry.label, entry.url)
        for entry in registry.nav_entries("figures")
        if user.sees_everything or entry.department == getattr(user.department, "code", None)
    ]


def _registers_menu() -> list[MenuSection]:
    """Every register of the plug-ins, under its section's heading, in plug-in order."""
    sections: dict[str, MenuSection] = {}
    for entry in registry.nav_entries("registers"):
        key = str(entry.section)
        sections.setdefault(key, MenuSection(title=entry.section)).links.append((entry.label, entry.url))
    return list(sections.values())


def navigation(request):
    """The menu: the plan's year (one query, only on pages that render the menu), and the entries the
    domain apps declare in their plug-ins (plan.registry), so that no template lists departments or
    registers by hand."""

    def current_year():
        plan = Plan.objects.current()
        return plan.year if plan else None

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_plan_year": SimpleLazyObject(current_year)}
    figure_departments = {entry.department for entry in registry.nav_entries("figures")}
    return {
        "nav_plan_year": SimpleLazyObject(current_year),
        "nav_figures": SimpleLazyObject(lambda: _figures_menu(user)),
        # Departments without monthly figures report their month (note, measures) on the same page.
        "nav_own_month": SimpleLazyObject(
            lambda: bool(user.department_id) and user.department.code not in figure_departments
        ),
        "nav_registers": SimpleLazyObject(_registers_menu),
        # Top-menu entries of the apps above plan (supervision's 督办).
        "nav_main": SimpleLazyObject(lambda: [(e.label, e.url) for e in registry.nav_entries("main")]),
        # The registers' menu is highlighted on any of their pages (a record's too): below a list's address.
        "nav_registers_active": SimpleLazyObject(
            lambda: any(request.path.startswith(entry.url) for entry in registry.nav_entries("registers"))
        ),
        # Only what the person may do: the import is for the staff who enter figures and for admins.
        "nav_may_import": SimpleLazyObject(lambda: may_import(user)),
    }
