from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from plan import signals

        from . import review_notices

        # People hear of what happens to their work when it happens (accounts.review_notices).
        signals.report_reviewed.connect(
            review_notices.report_reviewed, dispatch_uid="accounts.report_reviewed"
        )
        signals.measure_sent_back.connect(
            review_notices.measure_sent_back, dispatch_uid="accounts.measure_sent_back"
        )
