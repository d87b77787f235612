from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("accounts.urls")),
    path("manage/", include("accounts.manage_urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("trade/", include("trade.urls")),
    path("markets/", include("markets.urls")),
    path("outreach/", include("outreach.urls")),
    path("", include("plan.urls")),
]
