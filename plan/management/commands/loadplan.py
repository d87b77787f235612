from django.core.management.base import BaseCommand, CommandError

from plan.plan_data import load_plan, plan_data_path


class Command(BaseCommand):
    help = (
        "Load a year's plan (sections, targets, measures, departments) from plan/data/plan_<year>.json. "
        "Only what is missing is created: running it again changes nothing, and entered figures, registers "
        "and progress are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2007)

    def handle(self, *args, year, **options):
        if not plan_data_path(year).is_file():
            raise CommandError(f"No data file for {year}: {plan_data_path(year)}")
        result = load_plan(year)
        if result.changed:
            created = ", ".join(f"{count} {kind}" for kind, count in result.created.items())
            self.stdout.write(f"Loaded the {year} plan: created {created}.")
        else:
            self.stdout.write(f"The {year} plan is already loaded; nothing changed.")
