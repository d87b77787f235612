"""The database cache's table (settings.CACHES, `dbcache://bureau_cache` by default), made by `migrate`.

A new database needs exactly `manage.py migrate` then `manage.py loadplan` (README, "Set-up"): this migration
runs what `manage.py createcachetable` runs, for every configured database cache that this database holds, so
no deployer or script has to remember that command. A table that already exists (a database set up with
createcachetable before this migration) is left as it is. Reversed, it drops the tables it would have made.
A cache configured later under a new table name (a changed CACHE_URL) is made by `createcachetable`; until
then the pages compute without the cache (plan.cache).
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.core.management import call_command
from django.db import migrations, router


def database_cache_tables(alias: str) -> list[str]:
    """The tables of the configured database caches that belong on the database `alias`."""
    names = []
    for cache_alias in settings.CACHES:
        cache = caches[cache_alias]
        if isinstance(cache, BaseDatabaseCache) and router.allow_migrate_model(alias, cache.cache_model_class):
            names.append(cache._table)
    return sorted(set(names))


def create(apps, schema_editor):
    if database_cache_tables(schema_editor.connection.alias):
        call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    quote = schema_editor.connection.ops.quote_name
    for name in database_cache_tables(schema_editor.connection.alias):
        schema_editor.execute(f"DROP TABLE IF EXISTS {quote(name)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create, drop, elidable=False)]
