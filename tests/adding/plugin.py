"""The throwaway plug-in: the indicator and its target's actual, the register and both menu entries."""

from plan.figures.actuals import figure_actuals
from plan.registry import Indicator, NavEntry, Plugin, batched
from registers.spec import nav_entries

from .models import InvestmentFigure
from .registers import REGISTERS

fdi_actuals = batched(
    figure_actuals(InvestmentFigure, ["fdi_actual"]), "fdi_actual", reads=[InvestmentFigure]
)

PLUGIN = Plugin(
    department="outreach",
    indicators=[
        Indicator(
            code="fdi_actual",
            label="外商直接投资实际到位",
            department="outreach",
            model=InvestmentFigure,
            unit="万美元",
            big_unit="亿美元",
        )
    ],
    actuals={"fdi_actual": fdi_actuals},
    registers=REGISTERS,
    nav=[
        NavEntry("外经数据", "plan:months", ("outreach",), group="figures", department="outreach"),
        *nav_entries(REGISTERS, section="来访"),
    ],
)
