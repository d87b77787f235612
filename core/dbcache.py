"""Django's database cache, writing any number of entries in one statement.

Django's DatabaseCache writes an entry in four round trips (count the table, a transaction, look the key up,
then update or insert), and `set_many` repeats them for every entry: the dashboard's parts and the API's answer
computed after a write cost some twenty queries to store. Here `set` and `set_many` count the table once (to
cull it when it is over MAX_ENTRIES, as Django does) and store every entry with one INSERT … ON CONFLICT DO
UPDATE, which PostgreSQL and SQLite both run as one atomic statement: a concurrent writer of the same key never
makes it fail, the last one wins. The entries are encoded exactly as Django encodes them, so either backend
reads what the other wrote. Other databases, and add/touch, are Django's own.
"""

import base64
import contextlib
import pickle
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now

UPSERT_VENDORS = frozenset({"postgresql", "sqlite"})


class DatabaseCache(DjangoDatabaseCache):
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.set_many({key: value}, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        """Store every entry of `data` in one statement; the keys that could not be stored (all or none)."""
        if not data:
            return []
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        if connection.vendor not in UPSERT_VENDORS:
            return super().set_many(data, timeout, version)
        expires = connection.ops.adapt_datetimefield_value(self._expiry(timeout))
        rows = []
        for key, value in data.items():
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            rows.extend([self.make_and_validate_key(key, version=version), encoded, expires])
        quote = connection.ops.quote_name
        sql = (
            f"INSERT INTO {quote(self._table)} ({quote('cache_key')}, {quote('value')}, {quote('expires')}) "
            f"VALUES {', '.join(['(%s, %s, %s)'] * len(data))} "
            f"ON CONFLICT ({quote('cache_key')}) DO UPDATE SET "
            f"{quote('value')} = excluded.{quote('value')}, {quote('expires')} = excluded.{quote('expires')}"
        )
        # Within a transaction a failed statement must not abort the caller's: a savepoint holds it. Outside
        # one, the statement is its own transaction.
        guard = transaction.atomic(using=db) if connection.in_atomic_block else contextlib.nullcontext()
        try:
            with guard, connection.cursor() as cursor:
                self._cull_if_full(db, cursor)
                cursor.execute(sql, rows)
        except DatabaseError:
            # As Django's cache: a write that fails is not an error (the value is computed again).
            return list(data)
        return []

    def _expiry(self, timeout) -> datetime:
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            return datetime.max
        return datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None).replace(microsecond=0)

    def _cull_if_full(self, db, cursor) -> None:
        cursor.execute(f"SELECT COUNT(*) FROM {connections[db].ops.quote_name(self._table)}")
        count = cursor.fetchone()[0]
        if count > self._max_entries:
            self._cull(db, cursor, tz_now().replace(microsecond=0), count)
