"""Serving: the health check, the request log, and what several app servers need from the settings."""

import json
import logging
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import DatabaseError
from django.urls import reverse

from config.settings import BASE_DIR


def test_healthz_says_ok_without_a_log_in(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_a_load_balancer_probing_by_address_over_http(client, db, settings):
    # A load balancer probes each app server by its address over plain HTTP; every other page is sent to
    # HTTPS, and an unknown host is refused.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("healthz"), HTTP_HOST="10.0.0.11:8000").status_code == 200
    assert client.get(reverse("login")).status_code == 301
    assert client.get(reverse("login"), HTTP_HOST="10.0.0.11:8000", secure=True).status_code == 400


def test_healthz_answers_503_when_the_database_is_down(client, db, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(CursorWrapper, "execute", broken)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_every_request_is_logged_with_its_id_user_and_status(client, trade_staff, caplog):
    client.force_login(trade_staff)
    with caplog.at_level(logging.INFO, logger="bureau.request"):
        response = client.get("/", HTTP_X_REQUEST_ID="req-42")
    assert response["X-Request-ID"] == "req-42"
    (record,) = [r for r in caplog.records if r.name == "bureau.request"]
    assert record.getMessage().startswith("GET / 200 user=trade1 ")
    assert record.request_id == "req-42"


def test_a_missing_or_odd_request_id_is_replaced(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="bureau.request"):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="evil\nheader value")
    assert response["X-Request-ID"] != "evil\nheader value"
    assert len(response["X-Request-ID"]) == 32
    assert " 200 user=- " in caplog.records[-1].getMessage()


def test_anonymous_requests_are_logged_as_anonymous(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="bureau.request"):
        client.get("/")
    assert "GET / 302 user=anonymous" in caplog.records[-1].getMessage()


def test_nothing_is_kept_in_one_server_s_memory():
    # Sessions, log-in lock-outs and the cache live in the shared database.
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.CACHES["default"]["BACKEND"] == "core.dbcache.DatabaseCache"
    assert getattr(settings, "AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler") == (
        "axes.handlers.database.AxesDatabaseHandler"
    )


def test_media_root_comes_from_the_environment():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.MEDIA_ROOT)",
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "MEDIA_ROOT": "/srv/bureau-media"},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/srv/bureau-media"


@pytest.mark.deploy
def test_collectstatic_builds_hashed_compressed_files(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "STATIC_ROOT": str(tmp_path)},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    hashed = manifest["paths"]["vendor/bootstrap/bootstrap.min.css"]
    assert re.fullmatch(r"vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css", hashed)
    # whitenoise serves the compressed copy to browsers that accept it.
    assert (tmp_path / f"{hashed}.gz").is_file()
    assert (tmp_path / manifest["paths"]["css/app.css"]).is_file()


def _gunicorn_config(**env):
    """gunicorn's settings after reading gunicorn.conf.py, in an environment with only `env` set for it."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--print-config", "config.wsgi"],
        env={**clean, **env},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    lines = (line.partition("=") for line in result.stdout.splitlines())
    return {name.strip(): value.strip() for name, _, value in lines}


@pytest.mark.deploy
def test_gunicorn_takes_its_workers_and_address_from_the_environment():
    config = _gunicorn_config(GUNICORN_WORKERS="3", GUNICORN_THREADS="4", GUNICORN_BIND="10.0.0.11:8000")
    assert config["workers"] == "3"
    assert config["threads"] == "4" and config["worker_class"] == "gthread"
    assert config["bind"] == "['10.0.0.11:8000']"
    # Both logs on stdout, for the journal.
    assert config["accesslog"] == "-" and config["errorlog"] == "-"


@pytest.mark.deploy
def test_gunicorn_defaults_to_loopback():
    assert _gunicorn_config()["bind"] == "['127.0.0.1:8000']"
