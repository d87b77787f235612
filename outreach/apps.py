from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Overseas cooperation")
    # Everything outreach gives the plan, in one place (plan.registry.discover).
    plan_plugin = "outreach.plugin.PLUGIN"
