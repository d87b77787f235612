"""Writing many rows of one model at once, each with its history row (django-simple-history): the imports of
figures and registers. One statement prepared once for the lot instead of a save per row."""

import zlib

from django.db import connection
from django.dispatch import Signal
from simple_history.utils import bulk_create_with_history

# Sent (sender=the model) after rows were written here, where Django's post_save is not: whoever keeps
# something computed from the model's table listens (plan.cache).
written_in_bulk = Signal()


def create_in_bulk(model, records: list, *, user, reason: str) -> None:
    """INSERT the new `records`, and their history rows (who, why), in batches."""
    if records:
        bulk_create_with_history(
            records, model, batch_size=500, default_user=user, default_change_reason=reason or None
        )
        written_in_bulk.send(sender=model)


def update_in_bulk(model, records: list, names: list[str], *, user, reason: str) -> None:
    """UPDATE the fields `names` of the stored `records` (one prepared statement through executemany:
    QuerySet.bulk_update builds a CASE per field whose cost grows with the square of the rows), and their
    history rows. Callers have checked every record (full_clean) and hold the transaction."""
    if not records:
        return
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(model._meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in fields),
        quote(model._meta.pk.column),
    )
    rows = [
        [field.get_db_prep_save(getattr(record, field.attname), connection) for field in fields] + [record.pk]
        for record in records
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    model.history.bulk_history_create(
        records, update=True, default_user=user, default_change_reason=reason or None
    )
    written_in_bulk.send(sender=model)


def one_writer_at_a_time(name: str) -> None:
    """Within the caller's transaction, wait until no other transaction holds `name` (PostgreSQL's
    transaction-level advisory lock; SQLite lets one writer at a time anyway). Two imports decide what is new
    and what changed from what they read: run one after the other, the second sees the first's rows instead of
    inserting the same figure twice."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(name.encode())])
