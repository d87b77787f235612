"""Remove the account-history rows that recorded nothing: each log-in used to write one (issue 13).

A row is dropped when it is a change ("~") without a reason whose tracked fields equal those of the row before
it for the same account; the account pages then show the administrators' own changes again.
"""

from django.db import migrations

BOOKKEEPING = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}


def tracked_values(row, names):
    return tuple(getattr(row, name) for name in names)


def drop_rows_that_change_nothing(apps, schema_editor):
    HistoricalUser = apps.get_model("accounts", "HistoricalUser")
    names = [
        field.attname
        for field in HistoricalUser._meta.concrete_fields
        if field.name not in BOOKKEEPING and field.attname not in BOOKKEEPING
    ]
    empty = []
    previous = {}
    for row in HistoricalUser.objects.order_by("id", "history_date", "history_id").iterator():
        values = tracked_values(row, names)
        if row.history_type == "~" and not row.history_change_reason and previous.get(row.id) == values:
            empty.append(row.history_id)
        previous[row.id] = values
    for start in range(0, len(empty), 500):
        HistoricalUser.objects.filter(history_id__in=empty[start : start + 500]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_notices_and_temporary_passwords"),
    ]

    operations = [
        migrations.RunPython(drop_rows_that_change_nothing, migrations.RunPython.noop),
    ]
