"""One admin for the monthly figures of every department, registered for each figure model the plug-ins declare."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.versioned_admin import VersionedAdminMixin

from . import indicators as registered


class FigureAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["indicator", "year", "month", "cumulative", "release", "source", "is_sample"]
    list_filter = ["indicator", "year", "release", "is_sample"]
    search_fields = ["indicator", "source"]
    # Figures change through the entry page and the import, which check them and respect the month's lock.
    readonly_fields = ["indicator", "year", "month", "cumulative", "is_sample"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def register_figure_admins() -> None:
    """Called by PlanConfig.ready() once the plug-ins are known (the admin's autodiscovery runs before)."""
    for model in dict.fromkeys(indicator.model for indicator in registered.all_indicators()):
        if not admin.site.is_registered(model):
            admin.site.register(model, FigureAdmin)
