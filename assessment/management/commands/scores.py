from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment import documents, scores
from core import months, tables
from plan import progress
from plan.models import Plan


class Command(BaseCommand):
    help = (
        "The 考核 scores of a plan year (docs/rules.md, '考核'): each department's score and its lines, computed "
        "from the record as the pages and the API compute them. --as-of YYYY-MM picks the month (default: the "
        "dashboard's default month); --xlsx FILE writes the workbook instead of the table on stdout."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--as-of", dest="as_of")
        parser.add_argument("--xlsx")

    def handle(self, *args, year, as_of=None, xlsx=None, **options):
        plan = Plan.objects.filter(year=year).first()
        if plan is None:
            raise CommandError(f"There is no plan for {year}.")
        if as_of:
            try:
                as_of_year, month = months.parse_year_month(as_of)
            except ValueError:
                raise CommandError(f"--as-of: {as_of!r} is not a month written YYYY-MM.") from None
            if as_of_year != year:
                raise CommandError(f"--as-of: {as_of} is not a month of the {year} plan.")
        else:
            month = progress.compute(plan).month
        result = scores.compute(plan, month)
        if xlsx:
            Path(xlsx).write_bytes(tables.write_table(documents.workbook_sheet(result), "xlsx"))
            self.stdout.write(f"Wrote {xlsx}")
            return
        self.stdout.write(f"{year} as of {result.as_of}, judged at {result.on.isoformat()}")
        for row in sorted(result.departments, key=lambda row: (row.rank, row.department.order)):
            self.stdout.write(f"{row.rank:>2}  {row.department.code:<12} {row.score:>6}")
            for line in row.lines:
                self.stdout.write(f"      {line.points:>+6}  {line.kind:<20} {line.reason}")
