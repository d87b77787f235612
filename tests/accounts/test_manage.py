"""Account administration (系统管理) by an administrator: accounts, temporary passwords, unlocking,
departments and reporting deadlines."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from accounts.models import User
from plan.models import Department, ReportingDeadline
from tests.conftest import PASSWORD


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_list_searches_by_name_and_filters_by_department(admin_client, trade_staff, markets_staff, leader):
    response = admin_client.get(reverse("manage:accounts"), {"q": "外贸"})
    page = response.content.decode()
    assert "trade1" in page and "markets1" not in page
    response = admin_client.get(reverse("manage:accounts"), {"department": "markets"})
    page = response.content.decode()
    assert "markets1" in page and "trade1" not in page and "leader1" not in page
    response = admin_client.get(reverse("manage:accounts"), {"role": "leader"})
    assert [a.username for a in response.context["page"]] == ["leader1"]


def test_list_runs_a_constant_number_of_queries(
    admin_client, django_assert_num_queries, plan_2007, trade_staff, leader
):
    from tests.conftest import _make_user

    for i in range(15):
        _make_user(f"extra{i}", "staff", "markets")
    # 1 session, 2 the admin, 3 count of accounts, 4 the page of accounts with departments and axes' failure
    # counts, 5 the plan year of the navigation, 6 departments for the filter,
    # 7-9 the session saved again (SESSION_SAVE_EVERY_REQUEST: savepoint, update, release)
    with django_assert_num_queries(9):
        response = admin_client.get(reverse("manage:accounts"))
    assert response.status_code == 200
    assert len(response.context["page"]) == 18


def test_create_gives_a_temporary_password_the_owner_must_change(admin_client, client, plan_2007):
    response = admin_client.post(
        reverse("manage:account_create"),
        {
            "username": "zhao",
            "display_name": " 赵六 ",
            "email": "zhao@example.cn",
            "role": "staff",
            "department": Department.objects.get(code="regulation").pk,
        },
    )
    assert response.status_code == 200
    password = response.context["password"]
    assert password in response.content.decode()
    account = User.objects.get(username="zhao")
    assert (account.display_name, account.department.code, account.must_change_password) == (
        "赵六",
        "regulation",
        True,
    )
    assert account.history.first().history_change_reason == "账号已创建"

    # The owner logs in with it and reaches nothing but the password page ...
    admin_client.logout()
    assert _login(client, "zhao", password)["Location"] == reverse("plan:dashboard")
    assert client.get(reverse("plan:dashboard"))["Location"] == reverse("password_change")
    assert client.get(reverse("manage:accounts"))["Location"] == reverse("password_change")
    # ... cannot keep the temporary password ...
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": password, "new_password2": password},
    )
    assert "请另选一个与当前密码不同的密码" in response.content.decode()
    # ... and once a new one is chosen, works normally.
    response = client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "zhao-new-secret-1",
            "new_password2": "zhao-new-secret-1",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("plan:dashboard")).status_code == 200
    account.refresh_from_db()
    assert not account.must_change_password


def test_a_staff_account_needs_a_department(admin_client):
    response = admin_client.post(reverse("manage:account_create"), {"username": "nodept", "role": "staff"})
    assert response.status_code == 200
    assert "科室填报员账号必须指定科室" in response.content.decode()
    assert not User.objects.filter(username="nodept").exists()


def test_a_taken_user_name_is_refused_and_what_was_typed_stays(admin_client, trade_staff):
    response = admin_client.post(
        reverse("manage:account_create"), {"username": "trade1", "display_name": "重复", "role": "leader"}
    )
    page = response.content.decode()
    assert "已存在" in page and 'value="重复"' in page
    assert User.objects.filter(username="trade1").count() == 1


def test_edit_changes_role_and_department_with_history(admin_client, admin_user, trade_staff):
    response = admin_client.post(
        reverse("manage:account", args=[trade_staff.pk]),
        {
            "username": "trade1",
            "display_name": "外贸填报员",
            "role": "staff",
            "department": Department.objects.get(code="outreach").pk,
            "version": trade_staff.version,
        },
    )
    assert response.status_code == 302
    trade_staff.refresh_from_db()
    assert trade_staff.department.code == "outreach"
    record = trade_staff.history.first()
    assert (record.history_user, record.history_change_reason) == (admin_user, "账号已修改")


def test_deactivate_ends_access_and_reactivate_restores_it(admin_client, client, trade_staff, plan_2007):
    from django.test import Client

    colleague = Client()
    colleague.force_login(trade_staff)  # logged in elsewhere when the account is deactivated
    admin_client.post(
        reverse("manage:account_set_active", args=[trade_staff.pk]), {"active": "0", "version": "0"}
    )
    trade_staff.refresh_from_db()
    assert not trade_staff.is_active
    assert colleague.get(reverse("plan:dashboard"))["Location"].startswith(reverse("login"))
    admin_client.logout()
    assert _login(client, "trade1", PASSWORD).status_code == 200  # refused
    assert "_auth_user_id" not in client.session

    client.force_login(User.objects.get(username="admin1"))
    client.post(reverse("manage:account_set_active", args=[trade_staff.pk]), {"active": "1", "version": "1"})
    client.logout()
    assert _login(client, "trade1", PASSWORD)["Location"] == reverse("plan:dashboard")


def test_an_admin_cannot_deactivate_themselves(admin_client, admin_user):
    response = admin_client.post(
        reverse("manage:account_set_active", args=[admin_user.pk]),
        {"active": "0", "version": admin_user.version},
        follow=True,
    )
    assert "不能停用自己的账号" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_lock_out_then_unlock(client, admin_user, leader, plan_2007):
    for _ in range(5):
        _login(client, "leader1", "wrong")
    assert _login(client, "leader1", PASSWORD).status_code == 429

    client.force_login(admin_user)
    page = client.get(reverse("manage:account", args=[leader.pk])).content.decode()
    assert "已锁定" in page
    log = client.get(reverse("manage:access_log")).content.decode()
    assert "leader1" in log
    response = client.post(reverse("manage:account_unlock", args=[leader.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="leader1").exists()
    client.logout()
    assert _login(client, "leader1", PASSWORD).status_code == 302


def test_password_reset_unlocks_and_replaces_the_password(client, admin_user, trade_staff, plan_2007):
    for _ in range(5):
        _login(client, "trade1", "wrong")
    client.force_login(admin_user)
    response = client.post(
        reverse("manage:account_reset_password", args=[trade_staff.pk]), {"version": trade_staff.version}
    )
    password = response.context["password"]
    assert len(password) == 14 and password in response.content.decode()
    client.logout()
    assert _login(client, "trade1", PASSWORD).status_code == 200  # the old password no longer works
    assert _login(client, "trade1", password)["Location"] == reverse("plan:dashboard")
    assert client.get(reverse("plan:measures", args=[2007]))["Location"] == reverse("password_change")


def test_the_log_in_record_shows_log_ins_and_failures(client, admin_user, leader, plan_2007):
    _login(client, "leader1", "wrong")
    _login(client, "leader1", PASSWORD)
    client.force_login(admin_user)
    response = client.get(reverse("manage:access_log"))
    assert "leader1" in [entry.username for entry in response.context["logins"]]
    assert [f.username for f in response.context["failures"]] == ["leader1"]


def test_departments_are_created_and_renamed_but_codes_stay(admin_client):
    response = admin_client.post(
        reverse("manage:department_create"), {"code": "foreign", "name": "外资科", "order": 9}
    )
    assert response.status_code == 302
    response = admin_client.post(
        reverse("manage:department", args=["foreign"]),
        {"code": "changed", "name": "外商投资科", "order": 9, "version": 0},
    )
    assert response.status_code == 302
    department = Department.objects.get(code="foreign")
    assert department.name == "外商投资科"
    response = admin_client.post(
        reverse("manage:department_create"), {"code": "trade", "name": "重复", "order": 1}
    )
    assert "已存在" in response.content.decode()


def test_a_deadline_is_moved_with_a_reason_and_back_to_the_default(admin_client, admin_user, plan_2007):
    url = reverse("manage:deadline", args=[2007, 9])
    response = admin_client.post(url, {"due_on": "2007-10-15", "reason": "国庆长假顺延", "version": 0})
    assert response.status_code == 302
    assert ReportingDeadline.due_for(2007, 9) == datetime.date(2007, 10, 15)
    record = ReportingDeadline.history.get(year=2007, month=9)
    assert (record.history_user, record.history_change_reason) == (admin_user, "国庆长假顺延")
    page = admin_client.get(reverse("manage:deadlines"), {"year": 2007}).content.decode()
    assert "2007-10-15" in page and "2007-11-10" in page  # September moved, October the default
    # In a table 2007-10-15; in a sentence 2007年10月15日.
    form_page = admin_client.get(url).content.decode()
    assert "2007年10月15日" in form_page and "2007年10月10日" in form_page

    admin_client.post(url, {"reset": "1", "version": 1})
    assert ReportingDeadline.due_for(2007, 9) == datetime.date(2007, 10, 10)
    # The row stays, with no date and its version counting on; the list shows the default.
    assert ReportingDeadline.objects.get(year=2007, month=9).version == 2
    page = admin_client.get(reverse("manage:deadlines"), {"year": 2007}).content.decode()
    assert "2007-10-15" not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"due_on": "2007-09-20", "reason": "x"}, "必须在该月之后"),
        ({"due_on": "2007-10-15", "reason": "  "}, "这个字段是必填项"),
        ({"due_on": "十月十五", "reason": "x"}, "输入一个有效的日期"),
    ],
)
def test_a_bad_deadline_is_refused_with_a_message(admin_client, plan_2007, data, message):
    response = admin_client.post(reverse("manage:deadline", args=[2007, 9]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReportingDeadline.objects.exists()


def test_staff_and_leaders_cannot_administer(client, trade_staff, leader, markets_staff):
    for person in (trade_staff, leader):
        client.force_login(person)
        response = client.post(reverse("manage:account_reset_password", args=[markets_staff.pk]))
        assert response.status_code == 403
        response = client.post(
            reverse("manage:deadline", args=[2007, 9]), {"due_on": "2007-10-15", "reason": "x"}
        )
        assert response.status_code == 403
    markets_staff.refresh_from_db()
    assert markets_staff.check_password(PASSWORD) and not markets_staff.must_change_password
    assert not ReportingDeadline.objects.exists()


def test_a_full_width_user_name_is_stored_as_one_logs_in(admin_client, client, plan_2007):
    admin_client.post(reverse("manage:account_create"), {"username": "ｚｈａｎｇ３", "role": "leader"})
    assert User.objects.filter(username="zhang3").exists()


def test_the_temporary_password_is_never_cached(admin_client, trade_staff):
    response = admin_client.post(
        reverse("manage:account_reset_password", args=[trade_staff.pk]), {"version": trade_staff.version}
    )
    assert "temporary_password" in response.templates[0].name
    assert "no-store" in response["Cache-Control"]


def test_an_over_long_user_name_at_log_in_is_refused_before_it_reaches_the_lock_out_records(client, db):
    response = client.post(reverse("login"), {"username": "x" * 100_000, "password": "whatever"})
    assert response.status_code == 200
    assert "不超过 150 字符" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_the_log_in_record_and_the_notices_run_a_constant_number_of_queries(
    client, admin_user, plan_2007, django_assert_num_queries
):
    from accounts.services import notice_send

    for i in range(12):
        client.post(reverse("login"), {"username": f"nobody{i}", "password": "wrong"})
        notice_send(recipient=admin_user, key=f"k{i}", level="red", subject=f"第{i}条", body="正文")
    client.force_login(admin_user)
    # 1 session, 2 the admin, 3 log-ins, 4 failures, 5 counting attempts, 6 their accounts, 7 the plan year
    # of the navigation, 8-10 the session saved with its first idle-time stamp (config/sessions.py)
    with django_assert_num_queries(10):
        assert client.get(reverse("manage:access_log")).status_code == 200
    # 1 session, 2 the admin, 3 count, 4 the page of notices, 5 the plan year (the session was saved less
    # than a minute ago, so it is not saved again)
    with django_assert_num_queries(5):
        response = client.get(reverse("notices"))
    assert len(response.context["page"]) == 12
