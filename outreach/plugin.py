"""What outreach gives the plan (plan.registry.Plugin): the overseas-project count and the projects by stage
on the dashboard, the outreach registers with their menu entries, the demo data and the plan's named
project and event."""

from django.utils.translation import gettext_lazy as _

from plan.registry import Plugin, Summary
from registers.spec import nav_entries

from . import actuals, demo, reference_records
from .models import OverseasProject
from .registers import REGISTERS

PLUGIN = Plugin(
    department="outreach",
    actuals={"overseas_projects": actuals.overseas_project_actuals},
    facts={"overseas_projects": actuals.overseas_project_facts},
    summaries=[
        Summary(_("Overseas projects, by current stage"), actuals.projects_by_stage, reads=(OverseasProject,))
    ],
    registers=REGISTERS,
    nav=nav_entries(REGISTERS, section=_("Overseas cooperation")),
    demo=demo.load,
    plan_loaded=reference_records.load_named_records,
)
