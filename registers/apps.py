from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    """The logic every register shares (list, filters, create, edit, export, import, history, files).

    Domain apps describe each of their registers once with a `Register` in their plug-in (plan.registry);
    this app serves them all.
    """

    name = "registers"
    verbose_name = _("Registers")

    def ready(self):
        from .admin import register_admins

        register_admins()
