import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections


class Command(BaseCommand):
    help = (
        "Back up the database to FILE while the app keeps running. SQLite: a consistent copy made with "
        "SQLite's online backup API (restore: stop the app, put the copy in place of the database file). "
        "PostgreSQL: `pg_dump --format=custom` (restore with pg_restore; docs/deploy.md). An existing FILE is "
        "replaced only when the backup has succeeded."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default="default")

    def handle(self, *args, file, database, **options):
        connection = connections[database]
        partial = file.with_name(file.name + ".partial")
        if connection.vendor == "sqlite":
            self._sqlite(connection, partial)
        elif connection.vendor == "postgresql":
            self._postgresql(connection.settings_dict, partial)
        else:
            raise CommandError(f"No backup for {connection.vendor} databases.")
        partial.replace(file)
        self.stdout.write(
            f"Backed up the {connection.vendor} database to {file} ({file.stat().st_size} bytes)."
        )

    def _sqlite(self, connection, target: Path):
        connection.ensure_connection()
        target.unlink(missing_ok=True)
        copy = sqlite3.connect(target)
        try:
            # Copies page by page; writers that commit meanwhile make it start over, so the copy is a
            # consistent snapshot.
            connection.connection.backup(copy)
        finally:
            copy.close()

    def _postgresql(self, settings_dict, target: Path):
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise CommandError("pg_dump is not installed (apt-get install postgresql-client).")
        env = {**os.environ}
        for key, variable in [
            ("HOST", "PGHOST"),
            ("PORT", "PGPORT"),
            ("USER", "PGUSER"),
            ("PASSWORD", "PGPASSWORD"),
        ]:
            if settings_dict.get(key):
                env[variable] = str(settings_dict[key])
        result = subprocess.run(
            [pg_dump, "--format=custom", "--file", str(target), "--dbname", settings_dict["NAME"]],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            target.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
