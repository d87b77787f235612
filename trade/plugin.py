"""What trade gives the plan (plan.registry.Plugin): the monthly trade indicators and their cross-check, the
actuals of the trade targets, the trade registers and the menu entries, the demo data and the named events."""

from django.utils.translation import gettext_lazy as _

from plan.registry import Indicator, NavEntry, Plugin
from registers.spec import nav_entries

from . import actuals, checks, demo, reference_records
from .models import TradeFigure
from .registers import REGISTERS

PLUGIN = Plugin(
    department="trade",
    indicators=[
        Indicator(
            code=code,
            label=label,
            department="trade",
            model=TradeFigure,
            unit=_("10k USD"),
            big_unit=_("100m USD"),
            order=order,
        )
        for order, (code, label) in enumerate(TradeFigure.Indicator.choices)
    ],
    cross_check=checks.cross_check,
    actuals={
        "export": actuals.export_actuals,
        "import": actuals.import_actuals,
        "trade_total": actuals.trade_total_actuals,
        "export_hitech_mech_share": actuals.share_actuals,
    },
    facts={"export": actuals.export_facts},
    # The total is export + import (actuals.trade_many), so each has its 拉动 and 贡献率 within it.
    parts={"trade_total": ("export", "import")},
    registers=REGISTERS,
    nav=[
        NavEntry(_("Trade figures"), "plan:months", ("trade",), group="figures", department="trade"),
        *nav_entries(REGISTERS, section=_("Foreign trade")),
    ],
    demo=demo.load,
    plan_loaded=reference_records.load_named_events,
)
