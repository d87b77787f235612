from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.tables import write_table
from registers import spec as specs
from registers.tabular import export_table


class Command(BaseCommand):
    help = (
        "Write a register to a .csv or .xlsx file in the format importregister reads (Chinese headers). "
        "KIND is village-stores, overseas-projects or another registered register."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind")
        parser.add_argument("file")

    def handle(self, *args, kind, file, **options):
        spec = specs.get(kind)
        if spec is None:
            known = ", ".join(sorted(s.key for s in specs.all_registers()))
            raise CommandError(f"Unknown register {kind!r}; known: {known}")
        path = Path(file)
        fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
        queryset = spec.model.objects.select_related(*spec.select_related).order_by("pk")
        sheet = export_table(spec, queryset)
        path.write_bytes(write_table(sheet, fmt))
        self.stdout.write(f"Wrote {len(sheet.rows) - 1} {spec.key} records to {path}.")
