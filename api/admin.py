from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.versioned_admin import VersionedAdminMixin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "prefix", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__display_name"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    fields = ["user", "prefix", "created_at", "last_used_at"]
    actions = ["reissue"]

    def save_model(self, request, obj, form, change):
        if not change:
            key = obj.set_new_key()
            super().save_model(request, obj, form, change)
            self._show_key(request, obj, key)
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_lazy("Issue a new key (the old one stops working)"))
    def reissue(self, request, queryset):
        for token in queryset.select_related("user"):
            key = token.set_new_key()
            token.save(update_fields=["key_hash", "prefix"])
            self._show_key(request, token, key)

    def _show_key(self, request, token, key):
        self.message_user(
            request,
            _("API key for %(user)s (shown once, copy it now): %(key)s") % {"user": token.user, "key": key},
            messages.WARNING,
        )
