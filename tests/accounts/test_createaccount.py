import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User


def test_creates_a_staff_account_with_department_and_name(db, monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", "a-long-enough-secret")
    out = io.StringIO()
    call_command(
        "createaccount",
        "zhang",
        "--role",
        "staff",
        "--department",
        "trade",
        "--name",
        "张三",
        "--password-env",
        "NEW_PASSWORD",
        stdout=out,
    )
    user = User.objects.get(username="zhang")
    assert (user.role, user.department.code, user.display_name) == ("staff", "trade", "张三")
    assert user.check_password("a-long-enough-secret")
    assert not user.is_staff  # no Django admin for staff
    assert "Created account zhang" in out.getvalue()


def test_running_again_updates_the_account(db, monkeypatch):
    monkeypatch.setenv("PW", "a-long-enough-secret")
    call_command(
        "createaccount",
        "li",
        "--role",
        "staff",
        "--department",
        "trade",
        "--password-env",
        "PW",
        stdout=io.StringIO(),
    )
    monkeypatch.setenv("PW", "another-long-secret")
    out = io.StringIO()
    call_command("createaccount", "li", "--role", "admin", "--password-env", "PW", stdout=out)
    user = User.objects.get(username="li")
    assert user.role == "admin" and user.is_superuser and user.is_staff
    assert user.check_password("another-long-secret")
    assert User.objects.filter(username="li").count() == 1
    assert "Updated account li" in out.getvalue()


def test_password_is_asked_twice_when_not_given(db, monkeypatch):
    answers = iter(["typed-password-123", "typed-password-123"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("createaccount", "wang", "--role", "leader", stdout=io.StringIO())
    assert User.objects.get(username="wang").check_password("typed-password-123")


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--role", "staff"], {"PW": "a-long-enough-secret"}, "needs --department"),
        (["--role", "staff", "--department", "nope"], {"PW": "a-long-enough-secret"}, "Unknown department"),
        (["--role", "leader"], {"PW": "short"}, "Password refused"),
        (["--role", "leader"], {}, "not set"),
    ],
)
def test_refuses_bad_input_and_creates_nothing(db, monkeypatch, args, env, message):
    monkeypatch.delenv("PW", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(CommandError, match=message):
        call_command("createaccount", "bad", *args, "--password-env", "PW", stdout=io.StringIO())
    assert not User.objects.filter(username="bad").exists()


def test_role_decides_django_admin_access(db):
    user = User.objects.create_superuser("root", password="x-long-password-1")
    assert user.role == "admin"
    user.role = User.Role.LEADER
    user.save()
    user.refresh_from_db()
    assert not user.is_superuser and not user.is_staff
