from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.versioned_admin import VersionedAdminMixin

from .models import EventTask

# The registers of this app (projects, events, fund applications) are in the admin through registers.admin.


@admin.register(EventTask)
class EventTaskAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "event", "owner", "due_on", "done_on"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["title", "owner", "event__name"]
