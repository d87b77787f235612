from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeConfig(AppConfig):
    name = "trade"
    verbose_name = _("Foreign trade")
    # Everything trade gives the plan, in one place (plan.registry.discover).
    plan_plugin = "trade.plugin.PLUGIN"
