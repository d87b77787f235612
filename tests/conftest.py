"""Shared fixtures: the named people of the bureau, the loaded plan, and the browser set-up.

The people (like healthchecks' alice, bob and charlie): `trade_staff` and `markets_staff` (staff of two
departments), `leader`, `admin_user`, and `outsider` (a deactivated account).
"""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery-staple"


def pytest_configure(config):
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False


def threads_interleave() -> bool:
    """Whether two threads' transactions can really race here: on PostgreSQL (row locks), or on SQLite in a
    file (tests/file_db_settings.py), where a writer waits for the other (transaction_mode IMMEDIATE, as in
    production). The in-memory SQLite database of a plain run shares one connection's cache: no race."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return True
    name = str((connection.settings_dict.get("TEST") or {}).get("NAME") or "")
    return connection.vendor == "sqlite" and bool(name) and "memory" not in name


def import_figures(*rows) -> None:
    """Figures entered through the import path (its checks, the figures' history, the months' reports and the
    cache's tokens, as a file would), each row (indicator, year, month, cumulative); fails on any refusal."""
    from plan.figures.importing import ImportRow, figures_import

    result = figures_import(
        rows=[
            ImportRow(number=n, indicator=i, year=str(y), month=str(m), cumulative=str(v))
            for n, (i, y, m, v) in enumerate(rows, start=2)
        ],
        label="test",
    )
    assert not result.errors, result.errors


@pytest.fixture
def plan_2007(db):
    from plan.models import Plan
    from plan.plan_data import load_plan

    load_plan(2007)
    return Plan.objects.get(year=2007)


def _make_user(username, role, department_code=None, **extra):
    from accounts.models import User
    from plan.models import Department

    if department_code and not Department.objects.filter(code=department_code).exists():
        # A transactional test before this one flushed the tables, the departments of the data migration too.
        from importlib import import_module

        from django.apps import apps

        import_module("plan.migrations.0002_departments").create_departments(apps, None)
    department = Department.objects.get(code=department_code) if department_code else None
    user = User(username=username, role=role, department=department, display_name=extra.pop("name", username))
    for key, value in extra.items():
        setattr(user, key, value)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def trade_staff(db):
    return _make_user("trade1", "staff", "trade", name="外贸填报员")


@pytest.fixture
def markets_staff(db):
    return _make_user("markets1", "staff", "markets", name="市场填报员")


@pytest.fixture
def regulation_staff(db):
    return _make_user("regulation1", "staff", "regulation", name="市场秩序填报员")


@pytest.fixture
def outreach_staff(db):
    return _make_user("outreach1", "staff", "outreach", name="外经填报员")


@pytest.fixture
def leader(db):
    return _make_user("leader1", "leader", name="王局长")


@pytest.fixture
def admin_user(db):
    return _make_user("admin1", "admin", name="管理员")


@pytest.fixture
def outsider(db):
    """A deactivated account: it must see nothing."""
    return _make_user("gone1", "staff", "trade", is_active=False)


@pytest.fixture
def login_as(client):
    def login(user):
        client.force_login(user)
        return client

    return login


# Browser tests (pytest-playwright) on the system's Chromium; never a downloaded browser.
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def chromium_available() -> bool:
    return bool(shutil.which(CHROMIUM_PATH) or os.path.isfile(CHROMIUM_PATH))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Chromium for the browser tests, and there is none at {CHROMIUM_PATH}")
        pytest.skip(
            f"No Chromium at {CHROMIUM_PATH} (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH)"
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM_PATH,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
