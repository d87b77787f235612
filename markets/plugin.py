"""What markets gives the plan (plan.registry.Plugin): retail sales and the village-store count, the stores by
旗县区 on the dashboard, the market and market-order registers with their menu entries, the demo data and the
nine 旗县区."""

from django.utils.translation import gettext_lazy as _

from plan.registry import Indicator, NavEntry, Plugin, Summary
from registers.spec import nav_entries

from . import actuals, demo, reference_records
from .models import County, RetailFigure, VillageStore
from .registers import REGISTERS

VILLAGE_REGISTERS = [spec for spec in REGISTERS if spec.department == "markets"]
ORDER_REGISTERS = [spec for spec in REGISTERS if spec.department != "markets"]

PLUGIN = Plugin(
    department="markets",
    indicators=[
        Indicator(
            code="retail_sales",
            label=RetailFigure.Indicator.RETAIL_SALES.label,
            department="markets",
            model=RetailFigure,
            unit=_("10k yuan"),
            big_unit=_("100m yuan"),
            order=10,
        )
    ],
    actuals={
        "retail_sales": actuals.retail_sales_actuals,
        "village_stores": actuals.village_store_actuals,
    },
    facts={"village_stores": actuals.village_store_facts},
    summaries=[
        Summary(
            _("Village stores counted, by county"), actuals.stores_by_county, reads=(VillageStore, County)
        )
    ],
    registers=REGISTERS,
    nav=[
        NavEntry(_("Retail figures"), "plan:months", ("markets",), group="figures", department="markets"),
        NavEntry(
            _("Village stores by county"),
            "markets:village_stores",
            section=_("Markets"),
            department="markets",
        ),
        *nav_entries(VILLAGE_REGISTERS, section=_("Markets")),
        *nav_entries(ORDER_REGISTERS, section=_("Market order")),
    ],
    demo=demo.load,
    plan_loaded=reference_records.load_counties,
)
