"""An account is in one state, computed in one place (User.state): 正常, 已停用 or 已锁定 — never a plan's
"执行中"; and 系统管理 opens on the account list."""

import datetime

import time_machine
from axes.models import AccessAttempt
from django.urls import reverse

from accounts.models import AccountState, User


def _fail_log_ins(client, username, times):
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "wrong"})


def test_the_state_follows_activation_and_the_lock_out(client, trade_staff, markets_staff, outsider):
    _fail_log_ins(client, "markets1", 5)
    _fail_log_ins(client, "gone1", 5)  # deactivated and locked: deactivated is what matters
    assert trade_staff.state == AccountState.ACTIVE
    assert User.objects.get(pk=markets_staff.pk).state == AccountState.LOCKED
    assert User.objects.get(pk=outsider.pk).state == AccountState.DEACTIVATED
    # The list's annotation says the same as the one-account query.
    states = {u.username: u.state for u in User.objects.with_login_failures()}
    assert states == {"trade1": "active", "markets1": "locked", "gone1": "deactivated"}


def test_a_lock_out_ends_with_the_cool_off_as_axes_judges_it(client, markets_staff, settings):
    _fail_log_ins(client, "markets1", 5)
    assert User.objects.get(pk=markets_staff.pk).state == AccountState.LOCKED
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(
        hours=settings.AXES_COOLOFF_TIME, minutes=1
    )
    with time_machine.travel(later):
        assert User.objects.get(pk=markets_staff.pk).state == AccountState.ACTIVE
    assert AccessAttempt.objects.filter(username="markets1").exists()


def test_the_account_list_shows_one_plain_chinese_state_per_account(
    client, admin_user, trade_staff, markets_staff, outsider, plan_2007
):
    _fail_log_ins(client, "markets1", 5)
    client.force_login(admin_user)
    page = client.get(reverse("manage:accounts")).content.decode()
    assert "执行中" not in page
    for username, state in (("trade1", "active"), ("markets1", "locked"), ("gone1", "deactivated")):
        row = page[page.index(f">{username}</a>") :].split("</tr>")[0]
        assert row.count("account-state-") == 1, row
        assert f"account-state-{state}" in row
    # The filter by state.
    for state, expected in (
        ("locked", ["markets1"]),
        ("deactivated", ["gone1"]),
        ("active", ["admin1", "trade1"]),
    ):
        response = client.get(reverse("manage:accounts"), {"state": state})
        assert sorted(a.username for a in response.context["page"]) == expected
    account_page = client.get(reverse("manage:account", args=[markets_staff.pk])).content.decode()
    assert account_page.count("account-state-") == 1 and "执行中" not in account_page


def test_the_state_labels_are_plain_chinese():
    from django.utils.translation import override

    with override("zh-hans"):
        shown = [str(choice.label) for choice in AccountState]
    assert shown == ["正常", "已停用", "已锁定"]


def test_manage_opens_the_account_list(client, admin_user, trade_staff, plan_2007):
    client.force_login(admin_user)
    response = client.get("/manage/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("manage:accounts")
    assert response.status_code == 200
    client.force_login(trade_staff)
    assert client.get("/manage/", follow=True).status_code == 403
