"""Backups restore identical: a database with the plans, accounts, sample data and history of every app is
backed up while it is live, restored elsewhere, and exports exactly the same data."""

import os
import shutil
import subprocess

import pytest
from django.db import connection

from tests.deploy.support import canonical_export, manage, scratch_database, scratch_name

pytestmark = pytest.mark.deploy


def _fill(database_url):
    """A database as the bureau's would be: migrated, the 2007 plan, accounts and every app's sample data, a
    drafted 2008 plan (with the history of all of it)."""
    manage("migrate", "--noinput", "-v0", database_url=database_url)
    manage("createcachetable", database_url=database_url)
    manage("demo", database_url=database_url)
    manage("newplan", "2008", "--from", "2007", database_url=database_url)


def test_sqlite_online_backup_restores_identical(tmp_path):
    live = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    _fill(live)
    out = manage("backupdb", str(tmp_path / "backup.sqlite3"), database_url=live)
    assert "Backed up the sqlite database" in out

    # Restore as docs/deploy.md says: the copy takes the place of the database file.
    restored_dir = tmp_path / "restored"
    restored_dir.mkdir()
    shutil.copy(tmp_path / "backup.sqlite3", restored_dir / "db.sqlite3")
    restored = f"sqlite:///{restored_dir / 'db.sqlite3'}"

    exported = canonical_export(live)
    assert '"model": "plan.target"' in exported and '"model": "plan.historicaltarget"' in exported
    assert canonical_export(restored) == exported
    assert not (tmp_path / "backup.sqlite3.partial").exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump/pg_restore need PostgreSQL: run with DATABASE_URL=postgres://... (CI's PostgreSQL pass)",
)
@pytest.mark.skipif(not shutil.which("pg_restore"), reason="pg_dump/pg_restore are not installed")
def test_postgresql_dump_restores_identical(tmp_path):
    dump = tmp_path / "bureau.dump"
    with scratch_database(scratch_name("backup_live")) as live:
        _fill(live)
        out = manage("backupdb", str(dump), database_url=live)
        assert "Backed up the postgresql database" in out
        exported = canonical_export(live)

    # Restore as docs/deploy.md says, into a new, empty database (the live one is gone by now).
    with scratch_database(scratch_name("backup_restored")) as restored:
        name = restored.rsplit("/", 1)[1]
        s = connection.settings_dict
        result = subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "-h",
                s["HOST"],
                "-p",
                str(s["PORT"]),
                "-U",
                s["USER"],
                "-d",
                name,
                str(dump),
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""},
        )
        assert result.returncode == 0, result.stderr
        assert canonical_export(restored) == exported
