from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BroadcastConfig(AppConfig):
    name = "broadcast"
    verbose_name = _("Digest and robots")

    def ready(self):
        from accounts import reminders
        from supervision.signals import instruction_event

        from . import instructions, services

        # The daily reminders tell the robots receiving late reports (accounts cannot name broadcast).
        if services.late_reported not in reminders.late_listeners:
            reminders.late_listeners.append(services.late_reported)
        # 批示 交办/催办/逾期 reach the robots receiving "instructions" (supervision cannot name broadcast).
        instruction_event.connect(instructions.instruction_event, dispatch_uid="broadcast-instructions")
