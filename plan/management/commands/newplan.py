from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from plan.models import Plan
from plan.rollover import plan_roll_over


class Command(BaseCommand):
    help = (
        "Start next year's plan from this year's: `newplan 2008 --from 2007` makes a draft 2008 plan with the "
        "2007 plan's sections, targets (same kind, unit, department and growth target; the value is left to be "
        "set) and measures (deadlines moved a year, progress reset). Departments are shared. No figure is "
        "copied: 2007's figures are 2008's base as they stand. Refuses, changing nothing, when the year has a "
        "plan already. The draft becomes the dashboard's plan once an admin sets it active."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="the new plan's year, e.g. 2008")
        parser.add_argument(
            "--from", dest="source_year", type=int, help="the plan to copy (default: the year before)"
        )

    # The history's reasons and the messages in the bureau's language, whatever the shell's.
    @translation.override(settings.LANGUAGE_CODE)
    def handle(self, *args, year, source_year, **options):
        source_year = source_year or year - 1
        source = Plan.objects.filter(year=source_year).first()
        if source is None:
            raise CommandError(f"There is no {source_year} plan to copy.")
        try:
            plan = plan_roll_over(source=source, year=year)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Made the draft {year} plan from the {source_year} plan: {plan.sections.count()} sections, "
            f"{plan.targets.count()} targets (values to be set), {plan.measures.count()} measures. "
            "Set the targets' values, then make the plan active (admin: Plans)."
        )
