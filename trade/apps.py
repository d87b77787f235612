from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeConfig(AppConfig):
    name = "trade"
    verbose_name = _("Foreign trade")

    def ready(self):
        from plan.signals import plan_loaded
        from registers.spec import register

        from .loaders import load_named_events
        from .registers import REGISTERS

        for spec in REGISTERS:
            register(spec)
        plan_loaded.connect(load_named_events, dispatch_uid="trade.load_named_events")
