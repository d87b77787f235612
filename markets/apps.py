from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketsConfig(AppConfig):
    name = "markets"
    verbose_name = _("Markets")

    def ready(self):
        from plan.registry import register_actuals
        from plan.signals import plan_loaded
        from registers.spec import register

        from .actuals import village_store_actuals
        from .loaders import load_counties
        from .registers import REGISTERS

        for spec in REGISTERS:
            register(spec)
        register_actuals("village_stores", village_store_actuals)
        plan_loaded.connect(load_counties, dispatch_uid="markets.load_counties")
