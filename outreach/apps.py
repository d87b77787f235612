from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Overseas cooperation")

    def ready(self):
        from plan.registry import register_actuals, register_facts, register_summary
        from plan.signals import plan_loaded
        from registers.spec import register

        from .actuals import overseas_project_actuals, overseas_project_facts, projects_by_stage
        from .loaders import load_named_records
        from .models import OverseasProject
        from .registers import REGISTERS

        for spec in REGISTERS:
            register(spec)
        register_actuals("overseas_projects", overseas_project_actuals)
        register_facts("overseas_projects", overseas_project_facts)
        register_summary(_("Overseas projects, by current stage"), projects_by_stage, reads=[OverseasProject])
        plan_loaded.connect(load_named_records, dispatch_uid="outreach.load_named_records")
