from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.versioned_admin import VersionedAdminMixin

from .models import County, StoreInspection


@admin.register(County)
class CountyAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]


@admin.register(StoreInspection)
class StoreInspectionAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["store", "inspected_on", "result", "inspector"]
    list_filter = ["result", "store__county"]
    list_select_related = ["store", "store__county"]
    search_fields = ["store__name", "problems", "inspector"]
    date_hierarchy = "inspected_on"
