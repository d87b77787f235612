"""django-axes' app, under a Chinese name in the admin (INSTALLED_APPS names this config).

Its own catalogue has no Chinese; the project's catalogue translates its model and field names. In a module
of its own: a second AppConfig in accounts/apps.py would stop Django from choosing AccountsConfig."""

from axes.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AppConfig):
    verbose_name = _("Log-in protection")
