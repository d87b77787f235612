from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API for other systems")

    def ready(self):
        from plan import cache

        from . import answers

        # Its answer is computed again as a write commits (plan.cache.warm), like the dashboard.
        cache.warmer(answers.warm)
