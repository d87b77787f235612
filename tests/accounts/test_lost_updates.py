"""Two administrators at work on the same account, department or reporting deadline, from their two browsers:
the later change of the same version is refused with the first one's change shown and what was typed kept;
a change without its version is refused too. Runs on SQLite and on PostgreSQL (the race on PostgreSQL)."""

import datetime
import re
import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from accounts.models import User
from plan import cycle
from plan.models import Department, ReportingDeadline
from tests.conftest import _make_user, threads_interleave


@pytest.fixture
def other_admin(db):
    return _make_user("admin2", "admin", name="第二管理员")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def version_on(client, url) -> str:
    """The version the page carries, read from its hidden field as a browser would send it."""
    return re.search(r'name="version" value="(\d*)"', client.get(url).content.decode()).group(1)


def account_post(account, **changes):
    data = {
        "username": account.username,
        "display_name": account.display_name,
        "email": account.email,
        "role": account.role,
        "department": account.department_id,
    }
    return {**data, **changes}


def test_the_second_change_of_an_account_is_refused_with_the_first_shown(
    admin_user, other_admin, trade_staff
):
    alice, bob = signed_in(admin_user), signed_in(other_admin)
    url = reverse("manage:account", args=[trade_staff.pk])
    alice_version, bob_version = version_on(alice, url), version_on(bob, url)
    assert alice_version == bob_version == "0"

    assert alice.post(url, {**account_post(trade_staff, email="trade@example.cn"), "version": alice_version})[
        "Location"
    ] == reverse("manage:accounts")
    response = bob.post(url, {**account_post(trade_staff, display_name="外贸科小王"), "version": bob_version})
    assert response.status_code == 200
    html = response.content.decode()
    assert "已保存过这里的内容" in html and "管理员" in html and "trade@example.cn" in html
    assert 'value="外贸科小王"' in html  # what Bob typed stays
    trade_staff.refresh_from_db()
    assert (trade_staff.display_name, trade_staff.email) == ("外贸填报员", "trade@example.cn")

    # The page now carries Alice's version: Bob saves again knowingly, and both changes are kept.
    assert re.search(r'name="version" value="1"', html)
    data = {**account_post(trade_staff, display_name="外贸科小王"), "version": "1"}
    assert bob.post(url, data).status_code == 302
    trade_staff.refresh_from_db()
    assert (trade_staff.display_name, trade_staff.email, trade_staff.version) == (
        "外贸科小王",
        "trade@example.cn",
        2,
    )


def test_an_account_change_without_a_version_is_refused(admin_user, trade_staff):
    response = signed_in(admin_user).post(
        reverse("manage:account", args=[trade_staff.pk]), account_post(trade_staff, display_name="改了")
    )
    assert response.status_code == 200 and "未附带所显示内容的版本号" in response.content.decode()
    trade_staff.refresh_from_db()
    assert trade_staff.display_name == "外贸填报员"


def test_a_stale_deactivation_or_password_reset_is_refused(admin_user, other_admin, trade_staff):
    alice, bob = signed_in(admin_user), signed_in(other_admin)
    page = reverse("manage:account", args=[trade_staff.pk])
    alice_version, bob_version = version_on(alice, page), version_on(bob, page)
    # Alice resets the password and reads it out over the telephone ...
    response = alice.post(
        reverse("manage:account_reset_password", args=[trade_staff.pk]), {"version": alice_version}
    )
    password = response.context["password"]
    # ... Bob's page, opened before, would replace it (or deactivate the account she just dealt with).
    response = bob.post(
        reverse("manage:account_reset_password", args=[trade_staff.pk]), {"version": bob_version}, follow=True
    )
    assert "已保存过这里的内容" in response.content.decode() and "须修改密码：是" in response.content.decode()
    response = bob.post(
        reverse("manage:account_set_active", args=[trade_staff.pk]),
        {"active": "0", "version": bob_version},
        follow=True,
    )
    assert "已保存过这里的内容" in response.content.decode()
    response = bob.post(
        reverse("manage:account_set_active", args=[trade_staff.pk]), {"active": "0"}, follow=True
    )
    assert "未附带所显示内容的版本号" in response.content.decode()
    trade_staff.refresh_from_db()
    assert trade_staff.check_password(password) and trade_staff.is_active


def test_the_second_change_of_a_department_is_refused_with_the_first_shown(admin_user, other_admin):
    alice, bob = signed_in(admin_user), signed_in(other_admin)
    url = reverse("manage:department", args=["office"])
    alice_version, bob_version = version_on(alice, url), version_on(bob, url)
    assert (
        alice.post(url, {"name": "办公室（综合科）", "order": 5, "version": alice_version}).status_code == 302
    )
    response = bob.post(url, {"name": "局办公室", "order": 5, "version": bob_version})
    assert response.status_code == 200
    html = response.content.decode()
    assert "已保存过这里的内容" in html and "办公室（综合科）" in html and 'value="局办公室"' in html
    assert Department.objects.get(code="office").name == "办公室（综合科）"
    response = bob.post(url, {"name": "局办公室", "order": 5})
    assert "未附带所显示内容的版本号" in response.content.decode()
    assert bob.post(url, {"name": "局办公室", "order": 5, "version": "1"}).status_code == 302
    assert Department.objects.get(code="office").name == "局办公室"


def test_the_second_change_of_a_deadline_is_refused_with_the_first_shown(admin_user, other_admin, plan_2007):
    alice, bob = signed_in(admin_user), signed_in(other_admin)
    url = reverse("manage:deadline", args=[2007, 9])
    alice_version, bob_version = version_on(alice, url), version_on(bob, url)
    assert alice_version == bob_version == "0"  # never changed
    assert (
        alice.post(
            url, {"due_on": "2007-10-15", "reason": "国庆长假顺延", "version": alice_version}
        ).status_code
        == 302
    )
    response = bob.post(url, {"due_on": "2007-10-12", "reason": "统计局晚发布", "version": bob_version})
    assert response.status_code == 200
    html = response.content.decode()
    assert "已保存过这里的内容" in html and "管理员" in html and "2007-10-15" in html
    assert 'value="统计局晚发布"' in html
    assert ReportingDeadline.due_for(2007, 9) == datetime.date(2007, 10, 15)
    response = bob.post(url, {"due_on": "2007-10-12", "reason": "统计局晚发布"})
    assert "未附带所显示内容的版本号" in response.content.decode()


def test_a_reset_deadline_keeps_counting_its_versions(admin_user, other_admin, plan_2007):
    """ABA: set, reset, set again. A page opened after the first change must not pass for one opened after
    the last: the reset keeps the row (with no date), so the versions never repeat."""
    alice, bob = signed_in(admin_user), signed_in(other_admin)
    url = reverse("manage:deadline", args=[2007, 9])
    assert alice.post(url, {"due_on": "2007-10-15", "reason": "顺延", "version": "0"}).status_code == 302
    bob_version = version_on(bob, url)  # Bob sees 15 October
    assert alice.post(url, {"reset": "1", "version": "1"}).status_code == 302
    assert ReportingDeadline.due_for(2007, 9) == datetime.date(2007, 10, 10)
    assert alice.post(url, {"due_on": "2007-10-20", "reason": "再顺延", "version": "2"}).status_code == 302
    response = bob.post(url, {"reset": "1", "version": bob_version})
    assert response.status_code == 200 and "已保存过这里的内容" in response.content.decode()
    assert ReportingDeadline.due_for(2007, 9) == datetime.date(2007, 10, 20)
    assert ReportingDeadline.objects.get(year=2007, month=9).version == 3
    history = alice.get(url).content.decode()
    assert "默认期限" in history  # the reset is in the deadline's history


@pytest.mark.django_db(transaction=True)
def test_two_first_changes_of_a_deadline_at_the_same_moment_one_wins(plan_2007):
    """Two first changes of a month's deadline (no row to lock yet) in two database connections: the unique
    constraint makes the second a conflict, never a server error nor a silent overwrite."""
    if not threads_interleave():
        pytest.skip("needs two connections that can race: PostgreSQL, or SQLite in a file")
    first, second = (
        _make_user("admin1", "admin", name="管理员"),
        _make_user("admin2", "admin", name="第二管理员"),
    )
    barrier = threading.Barrier(2)
    outcomes = {}

    def change(user, day):
        try:
            barrier.wait(5)
            cycle.deadline_set(
                user=user,
                year=2007,
                month=9,
                due_on=datetime.date(2007, 10, day),
                reason="顺延",
                expected_version=0,
            )
            outcomes[day] = "saved"
        except Exception as error:  # noqa: BLE001 (the outcome is what the test reads)
            outcomes[day] = type(error).__name__
        finally:
            connections.close_all()

    threads = [threading.Thread(target=change, args=args) for args in ((first, 15), (second, 20))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(outcomes.values()) == ["ConflictError", "saved"]
    deadline = ReportingDeadline.objects.get(year=2007, month=9)
    assert deadline.version == 1
    assert deadline.due_on.day == next(day for day, outcome in outcomes.items() if outcome == "saved")
    assert User.objects.count() == 2
