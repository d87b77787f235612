from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import County, RetailFigure, StoreInspection


@admin.register(RetailFigure)
class RetailFigureAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "month", "cumulative", "release", "source", "is_sample"]
    list_filter = ["indicator", "year", "release", "is_sample"]
    search_fields = ["indicator", "source"]
    # Figures change through the entry page and the import, which check them and respect the month's lock.
    readonly_fields = ["indicator", "year", "month", "cumulative", "is_sample"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]


@admin.register(StoreInspection)
class StoreInspectionAdmin(SimpleHistoryAdmin):
    list_display = ["store", "inspected_on", "result", "inspector"]
    list_filter = ["result", "store__county"]
    list_select_related = ["store", "store__county"]
    search_fields = ["store__name", "problems", "inspector"]
    date_hierarchy = "inspected_on"
