from django.core.management.base import BaseCommand, CommandError

from bulletin import services, wording, workbook
from bulletin.models import Bulletin
from core import months
from plan import progress
from plan.models import Plan


class Command(BaseCommand):
    help = (
        "Writes the month's bulletin (工作进展通报): the latest issued one, else the draft, else the text as it "
        "would be drafted from the figures now. --docx writes the Word file (an issued bulletin's file as it was "
        "issued), --xlsx the workbook of the month's numbers, --text prints the title and the paragraphs. "
        "With none of them, says which bulletin it would write."
    )

    def add_arguments(self, parser):
        parser.add_argument("month", metavar="YYYY-MM", help="the as-of month, e.g. 2007-09")
        parser.add_argument("--docx", metavar="FILE", help="write the Word document to FILE")
        parser.add_argument("--xlsx", metavar="FILE", help="write the workbook of the numbers to FILE")
        parser.add_argument("--text", action="store_true", help="print the text")

    def handle(self, *args, **options):
        try:
            year, month = months.parse_year_month(options["month"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        plan = Plan.objects.filter(year=year).first()
        if plan is None:
            raise CommandError(f"There is no plan for {year}.")
        bulletin = services.latest_issued(plan, month) or services.draft_of(plan, month)
        if bulletin is None:
            drafted = wording.draft(progress.compute(plan, month))
            bulletin = Bulletin(plan=plan, month=month, title=drafted.title, body=drafted.body)
            kind = "drafted from the figures, not saved"
        elif bulletin.is_issued:
            kind = f"issued {bulletin.issue_label}"
        else:
            kind = f"draft, version {bulletin.version}"
        self.stderr.write(f"{year}-{month:02d}: {kind}")
        if options["docx"]:
            content, _name = services.month_docx(plan, month)
            with open(options["docx"], "wb") as out:
                out.write(content)
            self.stderr.write(f"wrote {options['docx']}")
        if options["xlsx"]:
            with open(options["xlsx"], "wb") as out:
                out.write(workbook.workbook_bytes(progress.compute(plan, month)))
            self.stderr.write(f"wrote {options['xlsx']}")
        if options["text"]:
            self.stdout.write(bulletin.title)
            for paragraph in bulletin.paragraphs:
                self.stdout.write(paragraph)
