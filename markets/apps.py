from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketsConfig(AppConfig):
    name = "markets"
    verbose_name = _("Markets")
    # Everything markets gives the plan, in one place (plan.registry.discover).
    plan_plugin = "markets.plugin.PLUGIN"
