"""The idle time-out (issue 6) with the session refreshed at most once a minute (config/sessions.py)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session

START = datetime.datetime(2007, 10, 9, 9, 0, tzinfo=datetime.UTC)


def expiry(client):
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).expire_date


def test_settings_keep_the_sliding_time_out():
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == 30 * 60


@pytest.mark.django_db
def test_the_session_is_written_at_most_once_a_minute(client, leader):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(leader)
        client.get("/")
        first = expiry(client)
        assert first == START + datetime.timedelta(minutes=30)
        # 59 s later: still the same expiry, nothing written.
        clock.shift(59)
        assert client.get("/").status_code == 200
        assert expiry(client) == first
        # A minute after the refresh: refreshed again, 30 minutes from now.
        clock.shift(1)
        client.get("/")
        assert expiry(client) == START + datetime.timedelta(seconds=60, minutes=30)


@pytest.mark.django_db
def test_an_active_user_stays_logged_in_and_an_idle_one_is_logged_out(client, leader):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(leader)
        # A request every 50 s for 40 minutes: never idle for 30 minutes, never logged out.
        for _ in range(48):
            assert client.get("/").status_code == 200
            clock.shift(50)
        # Then 30 minutes without a request: the next one is sent to log in.
        clock.shift(30 * 60)
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_idle_for_just_under_the_time_out_less_the_minute_is_still_logged_in(client, leader):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(leader)
        client.get("/")  # refreshed at 09:00:00, expires 09:30:00
        clock.shift(59)
        client.get("/")  # not written: the expiry stays 09:30:00
        clock.shift(29 * 60)  # 09:29:59, idle 29 minutes since the last request
        assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_changed_session_is_saved_at_once(rf, leader):
    from django.http import HttpResponse

    from config.sessions import SessionMiddleware

    with time_machine.travel(START, tick=False) as clock:
        store = SessionMiddleware(lambda request: HttpResponse()).SessionStore()
        store["_refreshed_at"] = int(START.timestamp())
        store.save()

        def request_changing(value):
            def view(request):
                if value is not None:
                    request.session["choice"] = value
                return HttpResponse()

            request = rf.get("/")
            request.COOKIES[settings.SESSION_COOKIE_NAME] = store.session_key
            middleware = SessionMiddleware(view)
            return middleware(request)

        clock.shift(10)
        request_changing(None)
        assert Session.objects.get(session_key=store.session_key).expire_date == START + datetime.timedelta(
            minutes=30
        )
        request_changing("a")  # changed within the minute: saved at once, with a fresh expiry
        saved = Session.objects.get(session_key=store.session_key)
        assert saved.get_decoded()["choice"] == "a"
        assert saved.expire_date == START + datetime.timedelta(seconds=10, minutes=30)
