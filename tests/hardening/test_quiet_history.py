"""Issue 13, "noise in the audit trail": log-ins go to the log-in record only; the account history (/manage/)
shows the real changes. Seen from the side of someone who logs in and out all day to bury an administrator's
change under rows that say nothing."""

import importlib

import pytest
from axes.models import AccessLog
from django.urls import reverse

from accounts import services
from accounts.models import User
from tests.conftest import PASSWORD


def _log_in(client, username, password=PASSWORD):
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, response
    return response


def test_fifty_log_ins_write_no_account_history_but_fifty_log_in_records(client, admin_user, trade_staff):
    trade_staff.role = User.Role.STAFF
    services.user_update(
        by=admin_user, account=trade_staff, expected_version=trade_staff.version
    )  # the administrator's real change
    rows_before = trade_staff.history.count()
    for _ in range(50):
        _log_in(client, "trade1")
        client.post(reverse("logout"))
    assert trade_staff.history.count() == rows_before
    assert AccessLog.objects.filter(username="trade1").count() == 50
    trade_staff.refresh_from_db()
    assert trade_staff.last_login is not None  # still kept on the account, only not as "a change"


def test_the_account_page_shows_the_administrators_change_after_many_log_ins(
    client, admin_user, trade_staff, plan_2007
):
    trade_staff.email = "trade@example.cn"
    services.user_update(by=admin_user, account=trade_staff, expected_version=trade_staff.version)
    for _ in range(25):  # more than the 20 rows the page shows
        _log_in(client, "trade1")
        client.post(reverse("logout"))
    client.force_login(admin_user)
    response = client.get(reverse("manage:account", args=[trade_staff.pk]))
    history = list(response.context["history"])
    assert [row.history_change_reason for row in history] == ["账号已修改", None]
    assert "账号已修改" in response.content.decode()


def test_a_password_re_hash_and_the_notice_counter_write_no_history(trade_staff):
    rows_before = trade_staff.history.count()
    trade_staff.set_password("another-long-password")
    trade_staff.save(update_fields=["password"])
    trade_staff.unread_notices = 3
    trade_staff.save(update_fields=["unread_notices", "last_login"])
    assert trade_staff.history.count() == rows_before
    # A save that changes a tracked field alongside still writes its row.
    trade_staff.display_name = "新名字"
    trade_staff.save(update_fields=["display_name", "last_login"])
    assert trade_staff.history.count() == rows_before + 1


def test_the_owners_password_change_is_one_row_that_says_so(client, trade_staff, plan_2007):
    client.force_login(trade_staff)
    rows_before = trade_staff.history.count()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "new-secret-for-trade",
            "new_password2": "new-secret-for-trade",
        },
    )
    assert response.status_code == 302
    assert trade_staff.history.count() == rows_before + 1
    assert trade_staff.history.first().history_change_reason == "密码已由本人修改"


@pytest.mark.django_db
def test_the_migration_drops_the_rows_earlier_log_ins_left(admin_user, trade_staff):
    from django.apps import apps

    services.user_update(by=admin_user, account=trade_staff, expected_version=trade_staff.version)
    # What every log-in used to leave: a "~" row without a reason, equal to the one before it.
    for _ in range(5):
        trade_staff.history.model.objects.create(
            **{
                field.attname: getattr(trade_staff.history.first(), field.attname)
                for field in trade_staff.history.model._meta.concrete_fields
                if field.attname not in ("history_id", "history_change_reason", "history_date")
            },
            history_date=trade_staff.history.first().history_date,
        )
    assert trade_staff.history.count() == 7
    migration = importlib.import_module("accounts.migrations.0004_drop_login_history_rows")
    migration.drop_rows_that_change_nothing(apps, None)
    assert [row.history_change_reason for row in trade_staff.history.all()] == ["账号已修改", None]
