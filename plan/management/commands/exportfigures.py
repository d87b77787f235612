from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plan.figures.files import figure_table, write


class Command(BaseCommand):
    help = (
        "Write the stored monthly figures (of --year, or all years) to a .csv or .xlsx file in the format "
        "importfigures reads, with English headers; importing the file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, help="only this year's figures")
        parser.add_argument(
            "--chinese-headers",
            action="store_true",
            help="write the Chinese column names, indicator names and release words (正式/快报)",
        )

    def handle(self, *args, file, year, chinese_headers, **options):
        path = Path(file)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError("The file must end in .csv or .xlsx.")
        table = figure_table(year=year, chinese=chinese_headers)
        path.write_bytes(write(table, path.name))
        self.stdout.write(f"Wrote {len(table) - 1} figure(s) to {path}.")
