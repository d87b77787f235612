from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import TradeFigure


@admin.register(TradeFigure)
class TradeFigureAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "month", "cumulative", "release", "source", "is_sample"]
    list_filter = ["indicator", "year", "release", "is_sample"]
    search_fields = ["indicator", "source"]
    # Figures change through the entry page and the import, which check them and respect the month's lock.
    readonly_fields = ["indicator", "year", "month", "cumulative", "is_sample"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
