"""The race tests in every `make test`: two threads saving the same thing on two connections skip on the
in-memory SQLite database of a plain run, so a child pytest runs them on SQLite in a file
(tests/file_db_settings.py), where the second writer waits for the first (transaction_mode IMMEDIATE, as in
production). On PostgreSQL the plain run has them already."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

RACES = [
    "tests/plan/test_concurrency.py",
    "tests/plan/test_measure_lost_updates.py::test_two_reports_of_the_same_month_at_the_same_moment_one_wins",
    "tests/registers/test_lost_updates.py::test_two_saves_at_the_same_moment_one_wins",
    "tests/accounts/test_lost_updates.py::test_two_first_changes_of_a_deadline_at_the_same_moment_one_wins",
]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plain run races on the database server itself")
def test_the_races_run_on_sqlite_in_a_file():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--ds=tests.file_db_settings",
            "-q",
            "-p",
            "no:randomly",
            "-rs",
            *RACES,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    # Every race ran: none skipped for want of a racing database.
    assert "skipped" not in result.stdout.splitlines()[-1], result.stdout[-3000:]
