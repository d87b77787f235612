from django.apps import AppConfig


class AddingConfig(AppConfig):
    """A test-only domain app: outreach's first monthly figure (外商直接投资实际到位) and a register kind."""

    name = "tests.adding"
    label = "adding"
    verbose_name = "Adding (test only)"
    plan_plugin = "tests.adding.plugin.PLUGIN"
