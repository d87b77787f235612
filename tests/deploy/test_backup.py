"""Backups restore identical: a database with the plans, accounts, sample data and history of every app is
backed up while it is live, restored elsewhere, and exports exactly the same data."""

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest
from django.db import connection

from registers import spec as specs
from tests.deploy.support import (
    BASE_DIR,
    canonical_export,
    manage,
    production_env,
    scratch_database,
    scratch_name,
)

pytestmark = pytest.mark.deploy


def _fill(database_url):
    """A database as the bureau's would be: migrated, the 2007 plan, accounts and every app's sample data, a
    drafted 2008 plan (with the history of all of it)."""
    manage("migrate", "--noinput", "-v0", database_url=database_url)
    manage("demo", database_url=database_url)
    manage("newplan", "2008", "--from", "2007", database_url=database_url)


def _section(exported, name):
    """The lines of one export in canonical_export's text (its header line first)."""
    text = exported.split(f"=== {name} ===\n", 1)[1].split("\n=== ", 1)[0]
    return [line for line in text.splitlines() if line]


def _holds_every_kind_of_data(exported):
    """The comparison means something: the export holds the plan with its history, the demo's figures
    (2006 in full and 2007 to September, trade's five indicators and retail) and every register."""
    assert '"model": "plan.target"' in exported and '"model": "plan.historicaltarget"' in exported
    assert '"model": "trade.historicaltradefigure"' in exported
    figures = _section(exported, "exportfigures")
    assert figures[0].startswith("indicator,year,month,cumulative")
    assert len(figures) - 1 == 12 * 6 + 8 * 6  # 2006: Jan–Dec; 2007: 1–2月 combined to 1–9月; 6 indicators
    assert "export,2006,12,44800,海关,final,,," in figures  # 2006's exports in full: 4.48 亿美元
    kinds = [spec.key for spec in specs.all_registers()]
    assert kinds
    for kind in kinds:
        assert _section(exported, f"exportregister {kind}"), kind
    assert (
        len(_section(exported, "exportregister village-stores")) > 1
    )  # the demo's stores, not just a header


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
    _holds_every_kind_of_data(exported)
    assert canonical_export(restored) == exported
    assert not (tmp_path / "backup.sqlite3.partial").exists()


def _report_state(path):
    """(integrity, version, the note's last line, history rows) of trade's 2007-11 report (a month the demo
    leaves empty) in a SQLite file."""
    db = sqlite3.connect(path)
    try:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        report_id, version = db.execute(
            "SELECT r.id, r.version FROM plan_monthlyreport r JOIN plan_department d "
            "ON d.id = r.department_id WHERE d.code = 'trade' AND r.year = 2007 AND r.month = 11"
        ).fetchone()
        # The note of trade's first target (tests/deploy/note_writer.py), saved with the report's version.
        (note,) = db.execute(
            "SELECT n.text FROM plan_targetnote n JOIN plan_target t ON t.id = n.target_id "
            "JOIN plan_plan p ON p.id = t.plan_id WHERE t.code = 'trade_total' AND p.year = 2007 AND n.month = 11"
        ).fetchone()
        history = db.execute(
            "SELECT count(*) FROM plan_historicalmonthlyreport WHERE id = ?", [report_id]
        ).fetchone()[0]
        return integrity, version, note.split("\n")[-1], history
    finally:
        db.close()


def test_sqlite_backup_while_people_save_is_a_consistent_snapshot(tmp_path):
    live_path = tmp_path / "db.sqlite3"
    live = f"sqlite:///{live_path}"
    manage("migrate", "--noinput", "-v0", database_url=live)
    manage("demo", database_url=live)
    # Someone saving the month's note over and over (each save: the row and a history row).
    writer = subprocess.Popen(
        [sys.executable, "tests/deploy/note_writer.py", "trade", "trade", "2007", "11", "5000", "w", "0"],
        env=production_env(live),
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(sqlite3.Error, TypeError):
                if _report_state(live_path)[1] >= 20:
                    break
            time.sleep(0.1)
        backups = [tmp_path / f"backup-{n}.sqlite3" for n in range(2)]
        for backup in backups:
            manage("backupdb", str(backup), database_url=live)
        still_writing = writer.poll() is None
    finally:
        writer.terminate()
        _, err = writer.communicate(timeout=30)
    assert still_writing, f"the writer stopped before the backups were taken: {err}"

    for backup in backups:
        integrity, version, last_line, history = _report_state(backup)
        assert integrity == "ok"
        assert 20 <= version < 5000  # taken in the middle of the saves ...
        # ... with the note and its version from the same moment (save n writes the line w-n, version n + 1),
        assert last_line == f"w-{version - 1}"
        assert history == version + 1  # and the history too (the creation, then one row per save).


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
        _holds_every_kind_of_data(exported)

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
