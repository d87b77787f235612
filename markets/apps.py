from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketsConfig(AppConfig):
    name = "markets"
    verbose_name = _("Markets")

    def ready(self):
        from plan import figures, registry
        from plan.signals import plan_loaded
        from registers.spec import register

        from . import actuals
        from .loaders import load_counties
        from .models import County, RetailFigure, VillageStore
        from .registers import REGISTERS

        figures.register_indicator(
            figures.Indicator(
                code="retail_sales",
                label=RetailFigure.Indicator.RETAIL_SALES.label,
                department="markets",
                model=RetailFigure,
                unit=_("10k yuan"),
                big_unit=_("100m yuan"),
                order=10,
            )
        )
        registry.register_actuals("retail_sales", actuals.retail_sales_actuals)
        registry.register_actuals("village_stores", actuals.village_store_actuals)
        registry.register_facts("village_stores", actuals.village_store_facts)
        registry.register_summary(
            _("Village stores counted, by county"), actuals.stores_by_county, reads=[VillageStore, County]
        )
        for spec in REGISTERS:
            register(spec)
        plan_loaded.connect(load_counties, dispatch_uid="markets.load_counties")
