from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from config.health import healthz

urlpatterns = [
    path("accounts/", include("accounts.urls")),
    path("manage/robots/", include("broadcast.urls")),
    path("manage/", include("accounts.manage_urls")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("assessment/", include("assessment.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("markets/", include("markets.urls")),
    path("outreach/", include("outreach.urls")),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links; the file is a static one (hashed in production).
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("favicon.ico"), permanent=True),
        name="favicon",
    ),
    path("registers/", include("registers.urls")),
    path("supervision/", include("supervision.urls")),
    path("", include("bulletin.urls")),
    path("", include("plan.urls")),
]

# JSON for the API, pages in the user's language for the rest (config/error_pages.py).
handler400 = "config.error_pages.bad_request"
handler403 = "config.error_pages.permission_denied"
handler404 = "config.error_pages.page_not_found"
handler500 = "config.error_pages.server_error"
