"""Cached progress, invalidated by the database itself.

The dashboard and the progress API compute the same progress for every reader until a figure, a register
record, a measure or a report changes. A computed result is kept in this process's memory under the token of
plan.models.DataVersion, and the token is read (one query) on every request before anything else:

- Database triggers, installed after every `migrate` for every table the computation reads (the plan's own
  and those each registered actuals or summary function declares in `reads`), replace the token with a fresh
  random one on every INSERT, UPDATE and DELETE, and TRUNCATE on PostgreSQL. No write path can skip them:
  forms, imports, the admin, bulk_create, QuerySet.update() and raw SQL alike. On SQLite (one writer at a
  time) they do it at once, within the writing transaction. On PostgreSQL the token is replaced as the writing
  transaction commits, so it becomes visible with the data, and concurrent writers cannot deadlock over its
  row; until then the writing transaction itself is marked and neither reads nor fills the cache.
- A token is random, never a counter, so a token written by a transaction that was rolled back never comes
  back, and nothing cached under it is ever served.
- The token is read before the data. The data read after it is at least as new, so a result cached under a
  token never holds data older than that token: whoever reads the token again after a later write gets a new
  token and a new computation.
- A computation that reads a table without the triggers (a function that does not declare `reads`, a table
  added since the last migrate, a database other than PostgreSQL or SQLite) is not cached at all.
- The key also holds today's date (overdue measures and late reports depend on it), the status thresholds
  and whatever the caller adds (plan, month, language).
"""

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from . import registry
from .models import DataVersion, Department, Measure, MonthlyReport, Plan, ReportingDeadline, Section, Target

T = TypeVar("T")

# What plan.progress.compute and the dashboard read of the plan itself.
PLAN_READS = [Plan, Target, Section, Measure, Department, MonthlyReport, ReportingDeadline]
CACHE_SIZE = 64
TRIGGER = "plan_data_version"
# Transaction-local settings of the PostgreSQL triggers: this transaction wrote / already replaced the token.
WRITTEN = "plan.data_written"
BUMPED = "plan.data_version_bumped"


def new_token() -> str:
    return secrets.token_hex(16)


def watched_tables() -> frozenset[str] | None:
    """The tables the computation reads now, or None when some registered function does not say which."""
    models = set(PLAN_READS)
    for func in registry.functions():
        reads = getattr(func, "reads", None)
        if reads is None:
            return None
        models.update(reads)
    return frozenset(model._meta.db_table for model in models)


# Installing the triggers.


def _postgresql(cursor, tables):
    # Two triggers per table. The first, at once and without any lock, marks the writing transaction, which
    # then computes afresh and caches nothing (its own writes are not yet what anyone else sees). The second is
    # deferred to the commit: it replaces the token (once per transaction), so the new token becomes visible
    # together with the data. Taking the token's row lock only while committing, after every other lock, keeps
    # concurrent writers from deadlocking over it; a rolled-back transaction never changes the token.
    cursor.execute(
        f"""CREATE OR REPLACE FUNCTION {TRIGGER}_mark() RETURNS trigger AS $$
        BEGIN
            PERFORM set_config('{WRITTEN}', 'yes', true);
            RETURN NULL;
        END $$ LANGUAGE plpgsql"""
    )
    cursor.execute(
        f"""CREATE OR REPLACE FUNCTION {TRIGGER}_bump() RETURNS trigger AS $$
        BEGIN
            IF current_setting('{BUMPED}', true) IS DISTINCT FROM 'yes' THEN
                UPDATE plan_dataversion SET token = md5(random()::text || clock_timestamp()::text) WHERE id = 1;
                PERFORM set_config('{BUMPED}', 'yes', true);
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql"""
    )
    cursor.execute(
        f"""CREATE OR REPLACE FUNCTION {TRIGGER}_truncated() RETURNS trigger AS $$
        BEGIN
            UPDATE plan_dataversion SET token = md5(random()::text || clock_timestamp()::text) WHERE id = 1;
            PERFORM set_config('{WRITTEN}', 'yes', true);
            RETURN NULL;
        END $$ LANGUAGE plpgsql"""
    )
    for table in tables:
        for name in (f"{TRIGGER}_mark", f"{TRIGGER}_bump", f"{TRIGGER}_truncate", TRIGGER):
            cursor.execute(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
        cursor.execute(
            f'CREATE TRIGGER {TRIGGER}_mark AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}_mark()"
        )
        cursor.execute(
            f'CREATE CONSTRAINT TRIGGER {TRIGGER}_bump AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {TRIGGER}_bump()"
        )
        # TRUNCATE (flush) cannot have a deferred trigger: it replaces the token at once, and marks.
        cursor.execute(
            f'CREATE TRIGGER {TRIGGER}_truncate AFTER TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}_truncated()"
        )


def _sqlite(cursor, tables):
    for table in tables:
        for operation in ("insert", "update", "delete"):
            name = f"{TRIGGER}_{table}_{operation}"
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            cursor.execute(
                f'CREATE TRIGGER "{name}" AFTER {operation.upper()} ON "{table}" BEGIN '
                "UPDATE plan_dataversion SET token = lower(hex(randomblob(16))) WHERE id = 1; END"
            )


INSTALLERS = {"postgresql": _postgresql, "sqlite": _sqlite}


def install_triggers(*, using="default", **kwargs) -> None:
    """(post_migrate) Put the triggers on every watched table that exists, and start from a fresh token."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if DataVersion._meta.db_table not in existing:
        return
    wanted = watched_tables()
    installer = INSTALLERS.get(connection.vendor)
    tables = sorted(wanted & existing) if wanted is not None and installer else []
    with transaction.atomic(using=using):
        if tables:
            with connection.cursor() as cursor:
                installer(cursor, tables)
        DataVersion.objects.using(using).update_or_create(
            pk=1, defaults={"token": new_token(), "tables": ",".join(tables)}
        )


def suspend(*, using="default", **kwargs) -> None:
    """(pre_migrate) Cache nothing while migrations run: rebuilding a table on SQLite drops its triggers."""
    connection = connections[using]
    if DataVersion._meta.db_table in connection.introspection.table_names():
        DataVersion.objects.using(using).filter(pk=1).update(token=new_token(), tables="")


# Reading the token and the cache.


@lru_cache(maxsize=16)
def _tables(text: str) -> frozenset[str]:
    return frozenset(filter(None, text.split(",")))


def current_token() -> str | None:
    """The data's token, or None when the computation may not be cached (one query, or none)."""
    wanted = watched_tables()
    if wanted is None:
        return None
    connection = connections["default"]
    written = f"current_setting('{WRITTEN}', true)" if connection.vendor == "postgresql" else "NULL"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token, tables, {written} FROM plan_dataversion WHERE id = 1")
        row = cursor.fetchone()
    if row is None or row[2] == "yes" or not wanted <= _tables(row[1]):
        return None
    return row[0]


class _Results:
    """The last CACHE_SIZE results of this process, shared by its threads."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return True, self.items[key]
        return False, None

    def put(self, key, value):
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self):
        with self.lock:
            self.items.clear()


results = _Results(CACHE_SIZE)


def cached(kind: str, parts: tuple, compute: Callable[[], T]) -> T:
    """compute(), or what it returned before for the same data, day, thresholds and parts."""
    token = current_token()
    if token is None:
        return compute()
    key = (kind, token, timezone.localdate(), repr(sorted(settings.PROGRESS_STATUS.items())), *parts)
    found, value = results.get(key)
    if found:
        return value
    value = compute()
    results.put(key, value)
    return value
