"""The app's URLs plus two that fail, to see what a user and a program get from a server error."""

from django.db import OperationalError
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as app_patterns


def boom(request):
    raise OperationalError("could not connect to server: Connection refused")


urlpatterns = [
    path("api/v1/boom/", boom),
    path("boom/", boom),
    *app_patterns,
]
