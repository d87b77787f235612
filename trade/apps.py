from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeConfig(AppConfig):
    name = "trade"
    verbose_name = _("Foreign trade")

    def ready(self):
        from plan import figures, registry
        from plan.signals import plan_loaded
        from registers.spec import register

        from . import actuals, checks
        from .loaders import load_named_events
        from .models import TradeFigure
        from .registers import REGISTERS

        for order, (code, label) in enumerate(TradeFigure.Indicator.choices):
            figures.register_indicator(
                figures.Indicator(
                    code=code,
                    label=label,
                    department="trade",
                    model=TradeFigure,
                    unit=_("10k USD"),
                    big_unit=_("100m USD"),
                    order=order,
                )
            )
        figures.register_cross_check("trade", checks.cross_check)
        registry.register_actuals("export", actuals.export_actuals)
        registry.register_actuals("import", actuals.import_actuals)
        registry.register_actuals("trade_total", actuals.trade_total_actuals)
        registry.register_actuals("export_hitech_mech_share", actuals.share_actuals)
        registry.register_facts("export", actuals.export_facts)
        for spec in REGISTERS:
            register(spec)
        plan_loaded.connect(load_named_events, dispatch_uid="trade.load_named_events")
