"""Issue 13, the smaller findings, each tried the way an attacker or an unlucky user would: a server error on
a page and in the API, a token kept after an administrator reset the password, the language cookie, copies
of private pages in caches, and an active user logged out by a short idle time-out."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.db import OperationalError, connection
from django.template import loader
from django.test import Client
from django.urls import reverse

from accounts import services
from api.models import ApiToken
from tests.conftest import PASSWORD

API = "/api/v1/progress/2007/"


def _token_for(user) -> str:
    token = ApiToken(user=user)
    key = token.set_new_key()
    token.save()
    return key


def _database_down(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


def _assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"} and body["error"]
    return body["error"]


# Server errors: a Chinese page for people, JSON for programs.


@pytest.mark.urls("tests.hardening.urls")
def test_a_server_error_shows_a_chinese_page_even_with_the_database_down(db):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(_database_down):
        response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "服务器错误" in page and 'id="server-error"' in page
    assert "vendor/bootstrap/bootstrap.min.css" in page
    assert "<h1>Server Error (500)</h1>" not in page  # not Django's bare English page
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.urls("tests.hardening.urls")
def test_a_logged_in_user_whose_session_cannot_be_read_still_gets_the_chinese_page(leader):
    client = Client(raise_request_exception=False)
    client.force_login(leader)
    with connection.execute_wrapper(_database_down):
        response = client.get(reverse("plan:dashboard"))
    assert response.status_code == 500
    assert "服务器错误" in response.content.decode()


def test_the_500_page_renders_from_an_empty_context_without_a_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        page = loader.get_template("500.html").render()
    assert "服务器错误" in page


@pytest.mark.urls("tests.hardening.urls")
def test_a_server_error_in_the_api_answers_json(db):
    client = Client(raise_request_exception=False)
    message = _assert_json_error(client.get("/api/v1/boom/"), 500)
    assert "服务器" in message and "Connection refused" not in message


def test_a_missing_page_is_a_chinese_page_in_the_site_layout(client, leader, plan_2007):
    client.force_login(leader)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page and 'id="not-found"' in page
    assert "app-navbar" in page  # base.html: the menu leads back


def test_the_api_answers_every_error_in_json(client, leader, plan_2007):
    _assert_json_error(client.get(API), 401)
    _assert_json_error(client.get("/api/v1/nothing/"), 404)
    _assert_json_error(client.get("/api/"), 404)
    key = _token_for(leader)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    _assert_json_error(client.get("/api/v1/progress/1999/", **auth), 404)
    _assert_json_error(client.get(API, {"as_of": "2007-13"}, **auth), 400)
    response = client.post(API, **auth)
    _assert_json_error(response, 405)
    assert response["Allow"] == "GET, HEAD"


# A token does not outlive a password reset.


def test_a_token_is_refused_while_its_account_holds_a_temporary_password(
    client, admin_user, leader, plan_2007
):
    key = _token_for(leader)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get(API, **auth).status_code == 200
    # The administrator resets the password (the account may be in someone else's hands).
    services.user_reset_password(by=admin_user, account=leader, expected_version=leader.version)
    message = _assert_json_error(client.get(API, **auth), 403)
    assert "临时密码" in message
    assert "targets" not in client.get(API, HTTP_AUTHORIZATION=f"Token {key}").json()
    # Once the owner has chosen a new password, the token works again.
    leader.refresh_from_db()
    owner = Client()
    owner.force_login(leader)
    response = owner.post(
        reverse("password_change"),
        {"old_password": "x", "new_password1": "owner-new-secret-1", "new_password2": "owner-new-secret-1"},
    )
    assert response.status_code == 200  # wrong old password: still refused
    leader.set_password(PASSWORD)
    leader.save(update_fields=["password"])
    owner.force_login(leader)
    response = owner.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "owner-new-secret-1",
            "new_password2": "owner-new-secret-1",
        },
    )
    assert response.status_code == 302
    assert client.get(API, **auth).status_code == 200


def test_a_session_with_a_temporary_password_gets_json_from_the_api_not_a_redirect(
    client, admin_user, trade_staff, plan_2007
):
    services.user_reset_password(by=admin_user, account=trade_staff, expected_version=trade_staff.version)
    trade_staff.refresh_from_db()
    client.force_login(trade_staff)
    _assert_json_error(client.get(API), 403)
    assert client.get(reverse("plan:dashboard"))["Location"] == reverse("password_change")


# The language cookie.


def test_the_language_cookie_is_secure_same_site_and_out_of_scripts_reach(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True


# Private pages stay out of shared caches and the browser's disk.


def test_dashboard_bulletin_and_api_say_private_no_store(client, leader, plan_2007):
    client.force_login(leader)
    for url in (reverse("plan:dashboard"), reverse("bulletin:page", args=[2007]), API):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
    other = Client()
    response = other.get(API, HTTP_AUTHORIZATION=f"Bearer {_token_for(leader)}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_view_s_own_policy_and_the_static_files_are_left_alone(settings, client, admin_user, trade_staff):
    client.force_login(admin_user)
    response = client.post(reverse("manage:account_reset_password", args=[trade_staff.pk]))
    assert "must-revalidate" in response["Cache-Control"]  # never_cache's own, stricter header
    settings.WHITENOISE_USE_FINDERS = True  # the test settings have no collectstatic output
    response = Client().get(settings.STATIC_URL + "css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# The idle time-out follows SESSION_IDLE_MINUTES, however short.

START = datetime.datetime(2007, 10, 9, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize("idle_minutes", [1, 2])
def test_an_active_user_stays_logged_in_with_a_short_idle_time(
    settings, client, leader, plan_2007, idle_minutes
):
    settings.SESSION_COOKIE_AGE = idle = idle_minutes * 60
    dashboard = reverse("plan:dashboard")
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(leader)
        assert client.get(dashboard).status_code == 200
        for _ in range(6):
            # A click 50 s after the last one (a fixed minute skipped its write), then a pause of 85 % of
            # the idle time: never idle for the idle time, so never logged out.
            clock.shift(50)
            assert client.get(dashboard).status_code == 200
            clock.shift(idle * 85 // 100)
            assert client.get(dashboard).status_code == 200
        # Idle for the whole idle time: logged out.
        clock.shift(idle)
        response = client.get(dashboard)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_refresh_interval_never_exceeds_a_tenth_of_the_idle_time(settings):
    from config.sessions import refresh_seconds

    settings.SESSION_COOKIE_AGE = 30 * 60
    assert refresh_seconds() == 60  # the usual minute
    settings.SESSION_COOKIE_AGE = 60
    assert refresh_seconds() == 6
    settings.SESSION_REFRESH_SECONDS = 600
    settings.SESSION_COOKIE_AGE = 120
    assert refresh_seconds() == 12
