"""Log-in, log-out, lock-out after five failures, and password change — in Chinese."""

from django.urls import reverse

from tests.conftest import PASSWORD


def _attempt(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_is_in_chinese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_login_with_the_right_password_lands_on_the_dashboard(client, leader, plan_2007):
    response = _attempt(client, "leader1", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("plan:dashboard")


def test_wrong_password_says_so_in_chinese(client, leader):
    response = _attempt(client, "leader1", "wrong")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_five_failures_lock_the_account_even_with_the_right_password(client, leader):
    for _ in range(5):
        _attempt(client, "leader1", "wrong")
    response = _attempt(client, "leader1", PASSWORD)
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, leader, plan_2007):
    for _ in range(4):
        _attempt(client, "leader1", "wrong")
    assert _attempt(client, "leader1", PASSWORD).status_code == 302


def test_a_lock_on_one_account_leaves_others_alone(client, leader, trade_staff, plan_2007):
    for _ in range(5):
        _attempt(client, "leader1", "wrong")
    assert _attempt(client, "trade1", PASSWORD).status_code == 302


def test_deactivated_account_cannot_log_in(client, outsider):
    response = _attempt(client, "gone1", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(client, leader, plan_2007):
    client.force_login(leader)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("plan:dashboard")).status_code == 302


def test_password_change(client, trade_staff):
    client.force_login(trade_staff)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "new-secret-for-trade",
            "new_password2": "new-secret-for-trade",
        },
    )
    assert response.status_code == 302
    trade_staff.refresh_from_db()
    assert trade_staff.check_password("new-secret-for-trade")


def test_password_change_refuses_a_short_password_in_chinese(client, trade_staff):
    client.force_login(trade_staff)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "short1", "new_password2": "short1"},
    )
    assert response.status_code == 200
    assert "密码长度太短：至少需要 10 个字符" in response.content.decode()
