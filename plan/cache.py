"""Computed progress kept in the configured cache (CACHE_URL), under versions the database itself keeps.

The dashboard and the progress API show the same thing to every reader until a figure, a register record, a
measure or a report changes. What they compute is kept in Django's cache (settings.CACHES, the database cache
by default, shared by every app server), each part under a key of its own, with the tokens of the tables it
read when it was computed; it is served only while those tokens are the current ones:

- Database triggers, installed after every `migrate` on every table the computation reads (the plan's own and
  those each registered actuals or summary function declares in `reads`), replace that table's token in
  plan.models.DataVersion with a fresh random one on every INSERT, UPDATE and DELETE, and TRUNCATE on
  PostgreSQL. No write path can skip them: forms, imports, the admin, bulk_create, QuerySet.update(), raw SQL
  and management commands, on any server. On SQLite (one writer at a time) they do it at once, within the
  writing transaction. On PostgreSQL the tokens are replaced as the writing transaction commits, so they
  become visible with the data, all in the one row's single lock taken last (concurrent writers cannot
  deadlock over it); until then the writing transaction itself is marked and neither reads nor fills the
  cache (what it would store is not yet what anyone else sees).
- A token is random, never a counter, so a token written by a transaction that was rolled back never comes
  back, and nothing cached under it is ever served.
- The tokens are read (one query) before the data. The data read after them is at least as new, so a part
  cached under a token never holds data older than that token.
- A part whose tables are not all known (a function that does not declare `reads`, a table added since the
  last migrate, a database other than PostgreSQL or SQLite) is not cached: it is computed every time.
- A key also holds today's date (overdue measures and late reports depend on it), the status thresholds and
  whatever the caller adds (plan, month, language).

Because each part has its own tables, a write recomputes only what reads the table it wrote: a revised figure
redraws the target cards, not the 300 measures or the register summaries.
"""

import functools
import hashlib
import json
import logging
import secrets
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import caches
from django.db import connections, transaction
from django.utils import timezone, translation

from core import after_response

from . import registry
from .models import (
    DataVersion,
    Department,
    Measure,
    MonthlyReport,
    Plan,
    ReportingDeadline,
    Section,
    Target,
    TargetNote,
)

logger = logging.getLogger(__name__)

# What plan.progress.compute and the dashboard read of the plan itself.
PLAN_READS = (Plan, Target, TargetNote, Section, Measure, Department, MonthlyReport, ReportingDeadline)
# An entry is checked against the tokens it was computed under, and overwritten when they change; this only
# bounds how long an unused one is kept.
TIMEOUT = 24 * 60 * 60
TRIGGER = "plan_data_version"
# Transaction-local settings of the PostgreSQL triggers: the tables this transaction wrote / tokens replaced.
WRITTEN = "plan.data_written"
BUMPED = "plan.data_version_bumped"


def new_token() -> str:
    return secrets.token_hex(16)


def tables(models: Iterable) -> frozenset[str]:
    return frozenset(model._meta.db_table for model in models)


def reads(funcs: Iterable) -> frozenset[str] | None:
    """The tables the registered functions read, or None when one of them does not say."""
    models = set()
    for func in funcs:
        declared = getattr(func, "reads", None)
        if declared is None:
            return None
        models.update(declared)
    return tables(models)


def watched_tables() -> frozenset[str]:
    """The tables that get the triggers: the plan's own and every table a registered function declares."""
    models = set(PLAN_READS)
    for func in [*registry.functions(), *registry.badge_sources()]:
        models.update(getattr(func, "reads", None) or ())
    return tables(models)


def all_reads() -> frozenset[str] | None:
    """Everything plan.progress.compute reads, or None when some registered function does not say."""
    found = reads(registry.functions())
    return None if found is None else found | tables(PLAN_READS)


# Installing the triggers.


def _postgresql(cursor, names):
    # Two triggers per table. The first, at once and without any lock, adds the table to the transaction's
    # list of written tables, which also marks the transaction: it then computes afresh and caches nothing.
    # The second is deferred to the commit: once per transaction it replaces the token of every table written,
    # in the one row of plan_dataversion, so the new tokens become visible together with the data. Taking
    # that row's lock only while committing, after every other lock, keeps concurrent writers from
    # deadlocking over it; a rolled-back transaction changes no token.
    cursor.execute(
        f"""CREATE OR REPLACE FUNCTION {TRIGGER}_mark() RETURNS trigger AS $$
        BEGIN
            PERFORM set_config('{WRITTEN}',
                coalesce(current_setting('{WRITTEN}', true), '') || ',' || TG_TABLE_NAME, true);
            RETURN NULL;
        END $$ LANGUAGE plpgsql"""
    )
    cursor.execute(
        f"""CREATE OR REPLACE FUNCTION {TRIGGER}_bump() RETURNS trigger AS $$
        BEGIN
            IF current_setting('{BUMPED}', true) IS DISTINCT FROM 'yes' THEN
                UPDATE plan_dataversion SET tokens = tokens || coalesce((
                    SELECT jsonb_object_agg(name, md5(random()::text || clock_timestamp()::text || name))
                    FROM unnest(string_to_array(current_setting('{WRITTEN}', true), ',')) AS name
                    WHERE tokens ? name), '{{}}'::jsonb)
                WHERE id = 1;
                PERFORM set_config('{BUMPED}', 'yes', true);
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql"""
    )
    cursor.execute(
        f"""CREATE OR REPLACE FUNCTION {TRIGGER}_truncated() RETURNS trigger AS $$
        BEGIN
            UPDATE plan_dataversion
                SET tokens = jsonb_set(tokens, ARRAY[TG_TABLE_NAME], to_jsonb(md5(random()::text)))
                WHERE id = 1 AND tokens ? TG_TABLE_NAME;
            PERFORM set_config('{WRITTEN}', 'truncated', true);
            RETURN NULL;
        END $$ LANGUAGE plpgsql"""
    )
    for table in names:
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


def _sqlite(cursor, names):
    for table in names:
        for operation in ("insert", "update", "delete"):
            name = f"{TRIGGER}_{table}_{operation}"
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            cursor.execute(
                f'CREATE TRIGGER "{name}" AFTER {operation.upper()} ON "{table}" BEGIN '
                f"UPDATE plan_dataversion SET tokens = json_set(tokens, '$.\"{table}\"', "
                "lower(hex(randomblob(16)))) WHERE id = 1; END"
            )


INSTALLERS = {"postgresql": _postgresql, "sqlite": _sqlite}


def install_triggers(*, using="default", **kwargs) -> None:
    """(post_migrate) Put the triggers on every watched table that exists, each with a fresh token."""
    _migrating.discard(using)
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if DataVersion._meta.db_table not in existing:
        return
    installer = INSTALLERS.get(connection.vendor)
    names = sorted(watched_tables() & existing) if installer else []
    with transaction.atomic(using=using):
        if names:
            with connection.cursor() as cursor:
                installer(cursor, names)
        DataVersion.objects.using(using).update_or_create(
            pk=1, defaults={"tokens": {name: new_token() for name in names}}
        )


def suspend(*, using="default", **kwargs) -> None:
    """(pre_migrate) Cache nothing while migrations run; install_triggers starts afresh after them. On SQLite
    the triggers go too: rebuilding a table drops its own, and the others must not name a table being rebuilt."""
    _migrating.add(using)
    connection = connections[using]
    if DataVersion._meta.db_table not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        # Raw SQL: the migrations about to run may be those that bring the table to the model.
        cursor.execute(f"DELETE FROM {DataVersion._meta.db_table}")
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{TRIGGER}_%"]
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{name}"')


# Reading the tokens and the cache.


def current_tokens() -> dict[str, str] | None:
    """{table: token} of the tables with triggers, or None when nothing may be cached now (one query)."""
    connection = connections["default"]
    written = f"current_setting('{WRITTEN}', true)" if connection.vendor == "postgresql" else "NULL"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tokens, {written} FROM plan_dataversion WHERE id = 1")
        row = cursor.fetchone()
    if row is None or row[1]:
        return None
    return json.loads(row[0]) if isinstance(row[0], str) else row[0]


def key(
    tokens: dict[str, str] | None, kind: str, reads: frozenset[str] | None, parts: tuple
) -> tuple[str, str] | None:
    """(The cache key, the signature) of a part that reads the tables `reads`, or None when it may not be
    cached. The key names the part (its kind and `parts`: plan, month, language); the signature is what its
    value depends on besides: the tokens of its tables, the day and the status thresholds. One entry a part,
    overwritten as the data changes, so the cache does not grow with every write (and the database cache does
    not cull what was just computed to make room)."""
    if tokens is None or reads is None or not reads <= tokens.keys():
        return None
    thresholds = sorted(settings.PROGRESS_STATUS.items())
    signature = repr((sorted((name, tokens[name]) for name in reads), timezone.localdate(), thresholds))
    name = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"plan.{kind}.{name}", hashlib.sha256(signature.encode()).hexdigest()


# A part: (kind, the tables it reads or None, what else its value depends on, how to compute it).
Part = tuple[str, frozenset[str] | None, tuple, Callable]


# A cache that fails (its table dropped, Redis down) never fails a page: the page computes without it. The failure
# is logged once; the cache is then left alone for RETRY_SECONDS (no failing round trip on every request) and
# tried again, and its recovery is logged too. One flag per process: each server's log says it once.
RETRY_SECONDS = 60
_broken_since: float | None = None


def _cache_call(method: str, *args):
    """caches["default"].<method>(*args), or None when the cache fails or failed less than RETRY_SECONDS ago."""
    global _broken_since
    now = time.monotonic()
    if _broken_since is not None and now - _broken_since < RETRY_SECONDS:
        return None
    try:
        result = getattr(caches["default"], method)(*args)
    except Exception:
        if _broken_since is None:
            logger.exception(
                "The cache (CACHE_URL) failed; pages are computed without it until it works again "
                "(tried again every %s s). A database cache's table is made by `manage.py migrate`.",
                RETRY_SECONDS,
            )
        _broken_since = now
        return None
    if _broken_since is not None:
        logger.warning("The cache (CACHE_URL) works again.")
        _broken_since = None
    return result


def fetch(tokens: dict[str, str] | None, parts: list[Part]) -> list:
    """The value of every part: from the cache when it holds it for these tokens (one read for them all),
    else computed and stored."""
    keys = [key(tokens, kind, reads, extra) for kind, reads, extra, _compute in parts]
    wanted = [k[0] for k in keys if k is not None]
    found = (_cache_call("get_many", wanted) or {}) if wanted else {}
    values, new = [], {}
    for k, (_kind, _reads, _extra, compute) in zip(keys, parts, strict=True):
        entry = found.get(k[0]) if k is not None else None
        if entry is not None and entry[0] == k[1]:
            values.append(entry[1])
            continue
        value = compute()
        values.append(value)
        if k is not None:
            new[k[0]] = (k[1], value)
    if new:
        _cache_call("set_many", new, TIMEOUT)
    return values


def ask_actuals(tokens: dict[str, str] | None):
    """For registry.actuals_for_years: each batched function's answer from the cache, under the tokens of the
    tables it reads (one cache read for them all), so that a revised trade figure does not count the village
    stores again."""

    def ask(batches: list, years: list[int]) -> dict:
        parts = [
            (
                f"actuals.{batch.many.__module__}.{batch.many.__qualname__}",
                None if batch.reads is None else tables(batch.reads),
                tuple(years),
                functools.partial(batch.many, years),
            )
            for batch in batches
        ]
        return {batch.many: value for batch, value in zip(batches, fetch(tokens, parts), strict=True)}

    return ask


# Computing again as a write commits.
#
# In a bureau every write is followed by someone looking. So that the first reader after a figure, a record or a
# measure changes does not pay for the computation, the writer computes what it changed as its transaction
# commits: the parts each warmer asks for (the dashboard a leader opens, the progress API's answer) are then in
# the cache under the new tokens. Every save() or delete() of a watched model, and every bulk write of the
# imports (core.bulk.written_in_bulk), schedules it once per transaction; in a web request it runs after the
# response has been sent (the person who saved does not wait), in a command at once. A write that does neither
# (raw SQL, QuerySet.update()) is still seen at once: its first reader computes, as before. What a warmer fails
# to compute is logged and left to the next reader; the write itself is never undone by it.

_warmers: list[Callable[[dict], None]] = []
# The databases whose migrations are running (between suspend and install_triggers): nothing is warmed there.
_migrating: set[str] = set()


def warmer(func: Callable[[dict], None]) -> Callable[[dict], None]:
    """Register `func(tokens)`, run by warm(): it fills the cache with what readers will ask first."""
    if func not in _warmers:
        _warmers.append(func)
    return func


def warm() -> None:
    """Compute now, in the site's language, what every warmer asks for, under the tokens the database holds."""
    tokens = current_tokens()
    if tokens is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        for func in _warmers:
            func(tokens)


@functools.cache
def _watched() -> frozenset[str]:
    return watched_tables()


def after_write(using: str = "default") -> None:
    """warm() once the current transaction commits (at once outside one); once per transaction however many
    writes it makes. In a web request, after its response is sent (core.after_response)."""
    connection = connections[using]
    # Django keeps a transaction's callbacks as (savepoints, func, robust); one of ours is enough.
    if any(func is _committed for _savepoints, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_committed, using=using, robust=True)


def _committed() -> None:
    after_response.run_after_response(warm)


def written(sender, using="default", **kwargs) -> None:
    """(post_save, post_delete, core.bulk.written_in_bulk) A watched table was written: after_write()."""
    if using not in _migrating and sender._meta.db_table in _watched():
        after_write(using)
