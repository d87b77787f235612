from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from . import hooks

        # What the plan's pages show of the 批示 and the daily 即将逾期/逾期 notices: registered, not imported by
        # the layers below (plan.registry, accounts.reminders).
        hooks.install()
