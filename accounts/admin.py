from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.versioned_admin import VersionedAdminMixin

from .models import Notice, User


@admin.register(User)
class UserAdmin(VersionedAdminMixin, SimpleHistoryAdmin, BaseUserAdmin):
    list_display = [
        "username",
        "display_name",
        "role",
        "department",
        "is_active",
        "must_change_password",
        "last_login",
    ]
    list_filter = ["role", "department", "is_active", "must_change_password"]
    list_select_related = ["department"]
    search_fields = ["username", "display_name", "email"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Bureau"), {"fields": ["display_name", "role", "department", "must_change_password"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Bureau"), {"fields": ["display_name", "role", "department"]}),
    ]


@admin.register(Notice)
class NoticeAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "recipient", "level", "subject", "emailed_at", "read_at"]
    list_filter = ["level", ("read_at", admin.EmptyFieldListFilter), "created_at"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "body", "key", "recipient__username", "recipient__display_name"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at"]
    raw_id_fields = ["recipient"]
