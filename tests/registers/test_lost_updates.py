"""Two people editing the same register record, from their two browsers: the later save of the same version is
refused with the other person's change shown, never silently putting it back; a save without its version is
refused too. Runs on PostgreSQL when DATABASE_URL names one (make test), and on SQLite."""

import io
import re
import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from markets.models import County, VillageStore
from registers import spec as specs
from registers.services import record_save
from tests.conftest import _make_user, threads_interleave


@pytest.fixture
def store(plan_2007, markets_staff):
    return VillageStore.objects.create(
        name="大召农家店", county=County.objects.get(name="玉泉区"), kind="new", category="general"
    )


@pytest.fixture
def colleague(db):
    return _make_user("markets2", "staff", "markets", name="市场科同事")


def post(client, store, version, **changes):
    data = {"name": store.name, "county": store.county_id, "kind": "new", "category": "general"}
    data.update(changes)
    if version is not None:
        data["version"] = version
    return client.post(reverse("registers:edit", args=["village-stores", store.pk]), data)


def opened(client, store) -> int:
    """The version the edit page carries, read from its hidden field as a browser would send it."""
    page = client.get(reverse("registers:edit", args=["village-stores", store.pk])).content.decode()
    return int(re.search(r'name="version" value="(\d+)"', page).group(1))


def test_the_second_of_two_saves_of_the_same_version_is_refused(store, markets_staff, colleague):
    alice, bob = Client(), Client()
    alice.force_login(markets_staff)
    bob.force_login(colleague)
    alice_version, bob_version = opened(alice, store), opened(bob, store)
    assert alice_version == bob_version

    assert post(alice, store, alice_version, village="大召村").status_code == 302
    response = post(bob, store, bob_version, operator="维多利连锁")
    assert response.status_code == 200
    page = response.content.decode()
    # Bob is told who saved, and what: Alice's village; his own entry is still in the form.
    assert "市场填报员" in page and "大召村" in page
    assert 'value="维多利连锁"' in page
    store.refresh_from_db()
    assert (store.village, store.operator) == ("大召村", "")

    # The page now carries Alice's version: Bob saves again knowingly, and both changes are kept.
    assert post(bob, store, opened(bob, store), village="大召村", operator="维多利连锁").status_code == 302
    store.refresh_from_db()
    assert (store.village, store.operator) == ("大召村", "维多利连锁")
    assert store.version == 2 and store.history.count() == 3


@pytest.mark.parametrize("version", [None, "", "abc", "-1", "²", "99999999999999999999"])
def test_a_save_without_a_usable_version_is_refused(store, markets_staff, version):
    client = Client()
    client.force_login(markets_staff)
    response = post(client, store, version, village="改了")
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    store.refresh_from_db()
    assert store.village == "" and store.version == 0


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_wins(plan_2007, markets_staff, colleague):
    """Two saves of the same version racing in two database connections: the row lock makes the second wait
    and then see the first's version, so exactly one is stored."""
    if not threads_interleave():
        pytest.skip("needs two connections that can race: PostgreSQL, or SQLite in a file")
    store = VillageStore.objects.create(name="双人店", county=County.objects.get(name="玉泉区"))
    spec = specs.get("village-stores")
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(user, village):
        try:
            record = VillageStore.objects.get(pk=store.pk)
            record.village = village
            barrier.wait(5)
            record_save(user=user, spec=spec, record=record, expected_version=0)
            outcomes[village] = "saved"
        except Exception as error:  # noqa: BLE001 (the outcome is what the test reads)
            outcomes[village] = type(error).__name__
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=args) for args in ((markets_staff, "甲村"), (colleague, "乙村"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(outcomes.values()) == ["ConflictError", "saved"]
    store.refresh_from_db()
    assert store.version == 1 and store.village == next(v for v, o in outcomes.items() if o == "saved")


def test_an_import_that_changes_a_record_refuses_a_page_opened_before_it(store, markets_staff, tmp_path):
    from django.core.management import call_command

    client = Client()
    client.force_login(markets_staff)
    version = opened(client, store)
    path = tmp_path / "s.csv"
    path.write_text("店名,旗县区,村\n大召农家店,玉泉区,导入村\n", encoding="utf-8")
    call_command("importregister", "village-stores", str(path), stdout=io.StringIO())
    store.refresh_from_db()
    assert (store.village, store.version) == ("导入村", 1)
    assert store.history.latest().history_change_reason.endswith("从 s.csv 导入")
    assert post(client, store, version, operator="维多利连锁").status_code == 200
    store.refresh_from_db()
    assert (store.village, store.operator) == ("导入村", "")
