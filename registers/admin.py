"""Every register in the Django admin, configured from its Register spec (one place, like the pages)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.versioned_admin import VersionedAdminMixin

from . import spec as specs


def admin_for(spec: specs.Register) -> type[admin.ModelAdmin]:
    return type(
        f"{spec.model.__name__}Admin",
        (VersionedAdminMixin, SimpleHistoryAdmin),
        {
            "list_display": (*spec.list_display, "is_sample"),
            "list_filter": (*spec.filters, "is_sample"),
            "search_fields": spec.search_fields,
            # Every record has its author; the spec adds the relations its list shows.
            "list_select_related": tuple(dict.fromkeys((*spec.select_related, "created_by"))),
            "readonly_fields": ("is_sample", "created_by", "created_at", "updated_at"),
        },
    )


def register_admins() -> None:
    """Called by RegistersConfig.ready(), once plan has discovered the plug-ins (the admin's autodiscovery runs
    before any of them is known)."""
    for spec in specs.all_registers():
        if not admin.site.is_registered(spec.model):
            admin.site.register(spec.model, admin_for(spec))
