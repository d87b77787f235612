"""A new database needs exactly `manage.py migrate` then `manage.py loadplan` (README, "Set-up"): after these two
every page and the API answer, with no `createcachetable` or any other command; and a cache that fails never
fails a page (plan.cache)."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest

from plan import cache

BASE_DIR = Path(__file__).resolve().parents[1]
POSTGRES = "postgres://postgres@127.0.0.1:5432"

# Run in a fresh process on the fresh database: the two commands, then a leader's pages and the API with a
# token; then the cache's table is dropped and the same pages asked three times each, counting the cache's
# failure lines in the log.
SCRIPT = """
import json, logging
import django
django.setup()
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client

call_command("migrate", verbosity=0)
call_command("loadplan", verbosity=0)

from accounts.models import User
from api.models import ApiToken

leader = User.objects.create_user("setup-leader", role=User.Role.LEADER)
token = ApiToken(user=leader)
key = token.set_new_key()
token.save()
browser = Client()
browser.force_login(leader)
system = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
pages = [(browser, "/"), (browser, "/?year=2007"), (browser, "/api/v1/progress/2007/"),
         (system, "/api/v1/progress/2007/")]
with connection.cursor() as cursor:
    cached = {table: table in connection.introspection.table_names(cursor)
              for table in [caches["default"]._table]}

def statuses():
    return [who.get(url).status_code for who, url in pages for _ in range(3)]

first = statuses()

class Count(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []
    def emit(self, record):
        self.records.append(record.getMessage())

failures = Count()
logging.getLogger("plan.cache").addHandler(failures)
with connection.cursor() as cursor:
    cursor.execute(f"DROP TABLE {connection.ops.quote_name(caches['default']._table)}")
second = statuses()
body = system.get("/api/v1/progress/2007/").json()
print("RESULT " + json.dumps({"cached": cached, "first": first, "second": second,
                              "failures": failures.records, "targets": len(body["targets"])}))
"""


def run_setup(database_url: str) -> dict:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": database_url,
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    [line] = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    return json.loads(line.removeprefix("RESULT "))


def check(result: dict) -> None:
    # migrate made the database cache's table: nobody ran createcachetable.
    assert all(result["cached"].values()), result["cached"]
    assert set(result["first"]) == {200}, result["first"]
    assert result["targets"] > 0
    # Without the table every page still answers, and the failure is one line in the log, not one a request.
    assert set(result["second"]) == {200}, result["second"]
    assert len(result["failures"]) == 1, result["failures"]


def test_migrate_and_loadplan_serve_every_page_on_sqlite(tmp_path):
    check(run_setup(f"sqlite:///{tmp_path / 'new.sqlite3'}"))


def postgres_reachable() -> bool:
    try:
        psycopg2.connect(f"{POSTGRES}/postgres", connect_timeout=2).close()
    except psycopg2.OperationalError:
        return False
    return True


@pytest.mark.skipif(not postgres_reachable(), reason="PostgreSQL is not reachable at 127.0.0.1:5432")
def test_migrate_and_loadplan_serve_every_page_on_postgresql():
    name = f"bureau_setup_{secrets.token_hex(4)}"
    admin = psycopg2.connect(f"{POSTGRES}/postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        try:
            check(run_setup(f"{POSTGRES}/{name}"))
        finally:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


class Broken:
    """A cache whose every call fails, as the database cache does once its table is gone."""

    calls = 0

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            Broken.calls += 1
            raise RuntimeError("no such table: bureau_cache")

        return fail


def test_a_failing_cache_is_logged_once_and_tried_again_later(monkeypatch, caplog):
    clock = [1000.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(cache, "_broken_since", None)
    monkeypatch.setattr(cache, "caches", {"default": Broken()})
    Broken.calls = 0
    part = ("test", frozenset({"t"}), (), lambda: "computed")
    tokens = {"t": "token"}
    with caplog.at_level(logging.WARNING, logger="plan.cache"):
        for _ in range(5):
            assert cache.fetch(tokens, [part]) == ["computed"]
        # The first read failed; the cache was left alone after it, not asked again on every request.
        assert Broken.calls == 1
        assert [r.levelno for r in caplog.records] == [logging.ERROR]
        clock[0] += cache.RETRY_SECONDS + 1
        assert cache.fetch(tokens, [part]) == ["computed"]
        assert Broken.calls == 2  # tried again after a while, still failing: not logged again
        assert [r.levelno for r in caplog.records] == [logging.ERROR]
        # It works again: used, and said once.
        stored = {}
        working = type(
            "Working",
            (),
            {"get_many": lambda self, keys: {}, "set_many": lambda self, data, timeout: stored.update(data)},
        )()
        monkeypatch.setattr(cache, "caches", {"default": working})
        clock[0] += cache.RETRY_SECONDS + 1
        assert cache.fetch(tokens, [part]) == ["computed"]
        assert len(stored) == 1
        assert [r.levelno for r in caplog.records] == [logging.ERROR, logging.WARNING]
