from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Instruction, InstructionEvent


class EventInline(admin.TabularInline):
    model = InstructionEvent
    extra = 0
    can_delete = False
    fields = ["kind", "by", "at", "department", "text", "old_due", "new_due"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Instruction)
class InstructionAdmin(SimpleHistoryAdmin):
    """Read only: every step goes through supervision.services, on the 督办 pages."""

    list_display = ["__str__", "lead", "state", "due", "assigned_on"]
    list_filter = ["state", "urgency", "lead"]
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
