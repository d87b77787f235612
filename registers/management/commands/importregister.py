from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core.tables import TableError, read_table
from plan.models import Department
from registers import spec as specs
from registers.tabular import ImportFailed, import_reason, import_rows


class Command(BaseCommand):
    help = (
        "Import a register from a .csv or .xlsx file: KIND is village-stores, overseas-projects or another "
        "registered register. Headers in English or Chinese, any column order; dates YYYY-MM-DD. A row whose "
        "name (with the same county or enterprise) matches an existing record updates it. All rows or none: "
        "a bad row fails the import with one line per problem and stores nothing. --dry-run reports what "
        "would change and stores nothing. --as USERNAME records the change as that account's, which must be "
        "allowed to change the register's department."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind")
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--as", dest="username")

    def handle(self, *args, **options):
        # The messages of docs/interface.md are English ("row 7: cumulative: ..."), whatever the settings' language.
        with translation.override("en"):
            return self._import(**options)

    def _import(self, *, kind, file, dry_run, username, **options):
        spec = specs.get(kind)
        if spec is None:
            known = ", ".join(sorted(s.key for s in specs.all_registers()))
            raise CommandError(f"Unknown register {kind!r}; known: {known}")
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No account {username!r}")
            department = Department.objects.get(code=spec.department)
            if not user.can_edit_department(department):
                raise CommandError(f"{username} may not change the registers of {department.code}")
        try:
            table = read_table(Path(file).read_bytes(), file, max_rows=settings.REGISTER_MAX_ROWS)
            result = import_rows(
                spec,
                table,
                user=user,
                dry_run=dry_run,
                reason=import_reason(file, user) if not dry_run else "",
            )
        except FileNotFoundError:
            raise CommandError(f"No such file: {file}") from None
        except TableError as error:
            raise CommandError(f"Nothing imported: {error}") from None
        except ImportFailed as failure:
            for line in failure.errors:
                self.stderr.write(line)
            raise CommandError(f"Nothing imported: {len(failure.errors)} problem(s).") from None
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} {spec.key}: {result.created} new, {result.updated} updated, {result.unchanged} unchanged."
        )
