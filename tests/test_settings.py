"""The settings refuse to run a production server without a secret, and are safe when DEBUG is off."""

import os
import subprocess
import sys

from django.conf import settings

from config.settings import BASE_DIR

# The test settings and conftest put these into this environment; a child process must not inherit them.
ENV_SET_BY_TEST_SETTINGS = {
    "SECRET_KEY",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _django_setup(**env):
    clean = {k: v for k, v in os.environ.items() if k not in ENV_SET_BY_TEST_SETTINGS}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _django_setup(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_runs_with_a_development_key():
    result = _django_setup(DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_production_with_a_secret_starts():
    result = _django_setup(DEBUG="false", SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr


def test_production_settings_trust_the_proxy_and_lock_down_cookies():
    # The test settings are the production settings with DEBUG off (and SSL redirect off for the test client).
    assert settings.DEBUG is False
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    assert settings.X_FRAME_OPTIONS == "DENY"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_check_deploy_is_clean_with_production_settings():
    clean = {k: v for k, v in os.environ.items() if k not in ENV_SET_BY_TEST_SETTINGS}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **clean,
            "DEBUG": "false",
            "SECRET_KEY": "k" * 20 + "-production-secret-" + "z" * 30,
            "ALLOWED_HOSTS": "bureau.example",
        },
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_makemigrations_check_answers_without_any_settings():
    """A clean clone, no .env, no DEBUG, no key: `manage.py makemigrations --check` still says whether a model
    change lacks its migration (and refuses nothing else: see the first test above)."""
    clean = {k: v for k, v in os.environ.items() if k not in ENV_SET_BY_TEST_SETTINGS}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        env={**clean, "DEBUG": "false"},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
