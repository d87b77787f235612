from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "department", "is_active", "last_login"]
    list_filter = ["role", "department", "is_active"]
    list_select_related = ["department"]
    search_fields = ["username", "display_name", "email"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Bureau"), {"fields": ["display_name", "role", "department"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Bureau"), {"fields": ["display_name", "role", "department"]}),
    ]
