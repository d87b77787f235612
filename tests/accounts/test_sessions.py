"""Sessions end after SESSION_IDLE_MINUTES without a request (30 by default) and when the browser closes."""

import datetime as dt

import time_machine
from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD

START = dt.datetime(2007, 9, 3, 9, 0, tzinfo=dt.UTC)


def _log_in(client):
    response = client.post(reverse("login"), {"username": "trade1", "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_the_idle_limit_is_thirty_minutes_and_the_cookie_dies_with_the_browser(
    client, trade_staff, plan_2007
):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_SAVE_EVERY_REQUEST
    with time_machine.travel(START, tick=False):
        response = _log_in(client)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    # No Max-Age or Expires: the browser forgets the session when it closes.
    assert not cookie["max-age"] and not cookie["expires"]
    assert cookie["httponly"]


def test_activity_keeps_the_session_alive_and_thirty_idle_minutes_end_it(client, trade_staff, plan_2007):
    dashboard = reverse("plan:dashboard")
    with time_machine.travel(START, tick=False) as clock:
        _log_in(client)
        # Working every 20 minutes for two hours: each request moves the end of the session.
        for _ in range(6):
            clock.shift(dt.timedelta(minutes=20))
            assert client.get(dashboard).status_code == 200
        # 29 idle minutes: still in.
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(dashboard).status_code == 200
        # 31 idle minutes: sent to log in again.
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(dashboard)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
