from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save, pre_migrate
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "plan"
    verbose_name = _("Work plan")

    def ready(self):
        from core import bulk

        from . import cache, registry
        from .figures.admin import register_figure_admins

        # Every app's plug-in (plan.registry): all models are loaded by now, so importing them is safe.
        registry.discover()
        register_figure_admins()

        # The cache of computed progress (plan.cache): triggers on the tables it reads once every migration has
        # run (post_migrate comes after them all), and no caching while migrations run.
        post_migrate.connect(cache.install_triggers, sender=self, dispatch_uid="plan.cache.install")
        pre_migrate.connect(cache.suspend, sender=self, dispatch_uid="plan.cache.suspend")
        # ...and what a leader opens first is computed again as a write commits, not by the first reader.
        from .views import dashboard

        cache.warmer(dashboard.warm)
        post_save.connect(cache.written, dispatch_uid="plan.cache.written.save")
        post_delete.connect(cache.written, dispatch_uid="plan.cache.written.delete")
        bulk.written_in_bulk.connect(cache.written, dispatch_uid="plan.cache.written.bulk")
