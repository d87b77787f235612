"""The Django admin's change forms under the same rule as the pages (core.versioned_admin): two administrators
change the same object there, the later save of the same version is refused on the form with the first one's
change shown; a save without the version is refused; a save bumps the version, so a page of the app opened
before it is refused in turn."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from markets.models import County, StoreInspection, VillageStore
from plan.models import Department
from tests.conftest import _make_user


@pytest.fixture
def admins(db):
    first, second = Client(), Client()
    first.force_login(_make_user("root1", "admin", name="管理员甲", is_staff=True, is_superuser=True))
    second.force_login(_make_user("root2", "admin", name="管理员乙", is_staff=True, is_superuser=True))
    return first, second


def opened(client, url) -> dict:
    """What the admin's change form would send back unchanged: its fields' current values."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return data


@pytest.mark.parametrize("model", ["department", "inspection"])
def test_the_second_admin_save_of_the_same_version_is_refused(admins, plan_2007, model):
    if model == "department":
        obj = Department.objects.get(code="office")
        field, first_value, second_value = "name", "办公室（综合科）", "局办公室"
    else:
        store = VillageStore.objects.create(name="大召农家店", county=County.objects.get(name="玉泉区"))
        obj = StoreInspection.objects.create(
            store=store, inspected_on=datetime.date(2007, 9, 20), result="passed", inspector="李四"
        )
        field, first_value, second_value = "inspector", "张三", "王五"
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    alice, bob = admins
    alice_data, bob_data = opened(alice, url), opened(bob, url)
    assert alice_data["loaded_version"] == bob_data["loaded_version"] == 0

    assert alice.post(url, {**alice_data, field: first_value}).status_code == 302
    response = bob.post(url, {**bob_data, field: second_value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "已保存过这里的内容" in html and first_value in html
    if model == "inspection":  # departments keep no history: who saved is not known there
        assert "管理员甲" in html
    assert second_value in html  # what Bob typed stays in the form
    obj.refresh_from_db()
    assert (getattr(obj, field), obj.version) == (first_value, 1)

    without = {k: v for k, v in bob_data.items() if k != "loaded_version"}
    response = bob.post(url, {**without, field: second_value})
    assert response.status_code == 200 and "未附带所显示内容的版本号" in response.content.decode()

    # The refused form carries Alice's version: Bob saves again knowingly.
    assert bob.post(url, {**bob_data, "loaded_version": 1, field: second_value}).status_code == 302
    obj.refresh_from_db()
    assert (getattr(obj, field), obj.version) == (second_value, 2)


def test_an_admin_save_refuses_an_app_page_opened_before_it(admins, plan_2007, admin_user):
    url = reverse("admin:plan_department_change", args=[Department.objects.get(code="office").pk])
    alice, _bob = admins
    app = Client()
    app.force_login(admin_user)
    page = reverse("manage:department", args=["office"])
    app.get(page)
    assert alice.post(url, {**opened(alice, url), "name": "综合办公室"}).status_code == 302
    response = app.post(page, {"name": "局办公室", "order": 5, "version": 0})
    assert response.status_code == 200 and "综合办公室" in response.content.decode()
    assert Department.objects.get(code="office").name == "综合办公室"


@pytest.mark.parametrize("model", ["target", "county", "figure"])
def test_objects_without_a_version_are_held_by_what_the_form_showed(admins, plan_2007, model):
    """The plan's targets, the counties and the figures have no version field: the admin's form carries the
    fingerprint of the stored row instead, and the later of two saves is refused the same way."""
    from decimal import Decimal

    from plan.models import Target
    from trade.models import TradeFigure

    if model == "target":
        obj = Target.objects.get(plan=plan_2007, code="export")
        field, first_value, second_value = "name", "出口总额（修订）", "外贸出口"
    elif model == "county":
        obj = County.objects.get(name="玉泉区")
        field, first_value, second_value = "name", "玉泉区（城区）", "玉泉"
    else:
        obj = TradeFigure.objects.create(indicator="export", year=2007, month=9, cumulative=Decimal(36000))
        field, first_value, second_value = "source", "市统计局月报", "海关快报"
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    alice, bob = admins
    alice_data, bob_data = opened(alice, url), opened(bob, url)
    assert alice_data["loaded_version"] == bob_data["loaded_version"]

    assert alice.post(url, {**alice_data, field: first_value}).status_code == 302
    response = bob.post(url, {**bob_data, field: second_value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "已保存过这里的内容" in html and first_value in html
    assert second_value in html  # what Bob typed stays in the form
    obj.refresh_from_db()
    assert getattr(obj, field) == first_value

    without = {k: v for k, v in bob_data.items() if k != "loaded_version"}
    response = bob.post(url, {**without, field: second_value})
    assert response.status_code == 200 and "未附带所显示内容的版本号" in response.content.decode()

    # Reopened, the form shows what is stored now: Bob saves knowingly.
    assert bob.post(url, {**opened(bob, url), field: second_value}).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == second_value
