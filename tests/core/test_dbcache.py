"""The database cache stores any number of entries in one statement, as Django's own would read them."""

import pytest
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connection, transaction

from core.dbcache import DatabaseCache

pytestmark = pytest.mark.django_db


def cache(**options):
    return DatabaseCache("bureau_cache", {"OPTIONS": options})


@pytest.fixture(autouse=True)
def empty_cache():
    cache().clear()


@pytest.mark.django_db(transaction=True)
def test_set_many_is_two_queries_however_many_entries(django_assert_num_queries):
    entries = {f"part-{n}": {"n": n, "text": "出口 12.8%"} for n in range(20)}
    with django_assert_num_queries(2):  # count the table (to cull it when full), then one upsert
        assert cache().set_many(entries, 60) == []
    assert cache().get_many(list(entries)) == entries


def test_a_second_write_replaces_the_value():
    cache().set("part", "old", 60)
    cache().set_many({"part": "new", "other": 1}, 60)
    assert cache().get("part") == "new"
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM bureau_cache")
        assert cursor.fetchone()[0] == 2


def test_django_s_backend_reads_what_it_writes_and_the_other_way_round():
    django_cache = DjangoDatabaseCache("bureau_cache", {})
    cache().set("ours", [1, "二"], None)
    django_cache.set("theirs", {"a": 3}, 60)
    assert django_cache.get("ours") == [1, "二"]
    assert cache().get("theirs") == {"a": 3}


def test_an_expired_entry_is_not_served():
    cache().set("part", "value", -1)
    assert cache().get("part") is None


def test_the_table_is_culled_when_over_its_size():
    small = cache(MAX_ENTRIES=5, CULL_FREQUENCY=2)
    for n in range(30):
        small.set(f"part-{n}", n, 60)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM bureau_cache")
        assert cursor.fetchone()[0] <= 6
    assert small.get("part-29") == 29


def test_a_failing_write_inside_a_transaction_leaves_the_transaction_usable():
    broken = DatabaseCache("no_such_cache_table", {})
    with transaction.atomic():
        assert broken.set_many({"a": 1, "b": 2}, 60) == ["a", "b"]
        with connection.cursor() as cursor:  # on PostgreSQL an aborted transaction would refuse this
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
