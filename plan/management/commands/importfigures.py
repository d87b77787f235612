from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core.tables import TableError
from plan.figures.files import read_rows
from plan.figures.importing import figures_import


class Command(BaseCommand):
    help = (
        "Import monthly figures from a .csv or .xlsx file (columns indicator, year, month, cumulative, and "
        "optionally source, release, published_growth_pct, released_on, note; English or Chinese headers; "
        "indicators by code or Chinese name, release final/preliminary or 正式/快报). A row that warns (a "
        "cumulative that falls, an outlier) needs a note saying why it is right, or it is refused like a bad "
        "row; the note goes into the history. "
        "All rows or none: any bad row stores nothing and prints one line per bad row. A row replaces the "
        "stored figure of its indicator and month as a revision (the old value stays in the history). Rows for "
        "a submitted or approved month are refused. --as USERNAME imports as that account: a staff account may "
        "import only its own department's indicators. --dry-run reports what would change and stores nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="report what would change; store nothing")
        parser.add_argument(
            "--as", dest="username", help="import as this account (its department and rights)"
        )

    def handle(self, *args, file, dry_run, username, **options):
        with translation.override("en"):
            user = None
            if username:
                user = get_user_model().objects.filter(username=username, is_active=True).first()
                if user is None:
                    raise CommandError(f"No active account {username!r}.")
            path = Path(file)
            try:
                rows = read_rows(path.read_bytes(), path.name)
            except OSError as error:
                raise CommandError(f"Cannot read {file}: {error.strerror}") from error
            except TableError as error:
                raise CommandError(str(error)) from error
            result = figures_import(rows=rows, user=user, dry_run=dry_run, label=path.name)
            for line in result.errors:
                self.stderr.write(line)
            for line in result.warnings:
                self.stdout.write(f"warning: {line}")
            summary = (
                f"{result.count('new')} new, {result.count('changed')} changed, "
                f"{result.count('unchanged')} unchanged"
            )
            if result.errors:
                raise CommandError(f"{len(result.errors)} problem(s); nothing was stored.")
            if dry_run:
                self.stdout.write(f"Dry run: {summary}; nothing was stored.")
            else:
                self.stdout.write(f"Imported: {summary}.")
