"""Who gets what from every URL of the app: each URL pattern × each persona, with the expected answer.

The table MATRIX below is the contract. A URL pattern that is not in it fails `test_every_url_is_in_the_matrix`,
so a new page cannot slip in without someone deciding who may open it. To add a page, add one line:

    "trade:figures": Case(args=lambda w: [2007, 9], get=department_edit(TRADE)),

`args` turns the world of fixtures (`w.plan`, `w.trade_staff`, `w.report`, ...) into the URL's arguments;
`get` (and `post`, for endpoints that change something, posted with no data) map each persona to its answer.
The helpers everyone(), admins_only(), public() ... build the usual rows; override single personas with `|`.
The persona RESET (an account whose password an admin reset) is derived, not written: it reaches nothing but
the password pages (accounts.middleware).

Django's admin site is one entry ("admin/"): every page of it for every registered model is opened.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.middleware import PasswordChangeRequiredMiddleware
from tests.security.conftest import (
    ADMIN,
    ANON,
    DEACTIVATED,
    LEADER,
    RESET,
    SIGNED_IN,
    STAFF,
    TRADE,
    WRITTEN,
)
from tests.security.urls import all_patterns

# --- answers ----------------------------------------------------------------------------------------------
OK = 200
NO_CONTENT = 204
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
LOCKED_OUT = 429
LOGIN = "sent to log-in"  # 302 to /accounts/login/?next=...
PASSWORD = "sent to change the password"  # 302 to the password page
REDIRECT = "redirected"  # 302 anywhere else: the step is done, or the page says where to go


def everyone(answer=OK, *, anonymous=LOGIN):
    """Every signed-in account gets `answer`; anonymous visitors and deactivated accounts are sent to log in."""
    return {ANON: anonymous, DEACTIVATED: anonymous, **dict.fromkeys(SIGNED_IN, answer)}


def admins_only(answer=OK):
    return everyone(FORBIDDEN) | {ADMIN: answer}


def public(answer=OK):
    return dict.fromkeys(WRITTEN, answer)


def department_edit(department=TRADE, answer=OK, *, leader=FORBIDDEN):
    """A page that changes one department's data: its own staff and admins may; other departments' staff get
    403; leaders read and review but do not enter data (pass leader=OK for a page they may open)."""
    return everyone(FORBIDDEN) | {department: answer, ADMIN: answer, LEADER: leader}


def leaders_only(answer=OK):
    """Approving or returning a month, closing (销号) a measure."""
    return everyone(FORBIDDEN) | {LEADER: answer}


@dataclass
class Case:
    args: Callable = lambda w: []  # noqa: E731 - the world → the URL's arguments
    get: dict = field(default_factory=dict)
    post: dict | None = None  # posted with no data; None: not a POST endpoint (or POST is covered elsewhere)


# --- the matrix -------------------------------------------------------------------------------------------
MATRIX: dict[str, Case] = {
    # accounts
    "login": Case(get=public(OK) | dict.fromkeys(SIGNED_IN, REDIRECT)),
    "logout": Case(get=public(NOT_ALLOWED), post=public(REDIRECT)),
    "password_change": Case(get=everyone(OK)),
    "password_change_done": Case(get=everyone(OK)),
    "notices": Case(get=everyone(OK)),
    "notices_read": Case(get=everyone(NOT_ALLOWED), post=everyone(REDIRECT)),
    "set_language": Case(get=public(REDIRECT), post=public(REDIRECT)),
    # administration (系统管理)
    "manage:accounts": Case(get=admins_only()),
    "manage:account_create": Case(get=admins_only()),
    "manage:account": Case(args=lambda w: [w.trade_staff.pk], get=admins_only()),
    "manage:account_set_active": Case(
        args=lambda w: [w.trade_staff.pk], get=admins_only(NOT_ALLOWED), post=admins_only(REDIRECT)
    ),
    "manage:account_reset_password": Case(
        args=lambda w: [w.trade_staff.pk], get=admins_only(NOT_ALLOWED), post=admins_only(OK)
    ),
    "manage:account_unlock": Case(
        args=lambda w: [w.trade_staff.pk], get=admins_only(NOT_ALLOWED), post=admins_only(REDIRECT)
    ),
    "manage:departments": Case(get=admins_only()),
    "manage:department_create": Case(get=admins_only()),
    "manage:department": Case(args=lambda w: ["trade"], get=admins_only()),
    "manage:deadlines": Case(get=admins_only()),
    "manage:deadline": Case(args=lambda w: [2007, 9], get=admins_only()),
    "manage:access_log": Case(get=admins_only()),
    # the plan: every role reads it
    "plan:dashboard": Case(get=everyone()),
    "plan:document": Case(args=lambda w: [w.plan.year], get=everyone()),
    "plan:target": Case(args=lambda w: [w.plan.year, "export"], get=everyone()),
    "plan:measures": Case(args=lambda w: [w.plan.year], get=everyone()),
    "plan:measure": Case(args=lambda w: [w.plan.year, "3.1.1"], get=everyone()),
    "plan:department": Case(args=lambda w: ["trade"], get=everyone()),
}

# Django's admin site, for administrators only; the others are sent to the admin's own log-in page.
ADMIN_PREFIX = "admin/"


def _answer(response) -> object:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login") + "?next="):
            return LOGIN
        if location == reverse("password_change"):
            return PASSWORD
        return REDIRECT
    return response.status_code


def _expected_for_reset(case_answers: dict, name: str):
    if name in PasswordChangeRequiredMiddleware.ALLOWED_NAMES:
        return case_answers[TRADE]
    return PASSWORD


def _check(client, world, name, case) -> list[str]:
    url = reverse(name, args=case.args(world))
    wrong = []
    for method, expected in (("get", case.get), ("post", case.post)):
        if expected is None:
            continue
        assert set(expected) == set(WRITTEN), f"{name} {method}: give an answer for every persona"
        for persona in (*WRITTEN, RESET):
            want = expected[persona] if persona != RESET else _expected_for_reset(expected, name)
            client.logout()
            if persona != ANON:
                client.force_login(world.people[persona])
            got = _answer(getattr(client, method)(url))
            if got != want:
                wrong.append(f"{method.upper()} {url} as {persona}: expected {want!r}, got {got!r}")
    return wrong


# --- the tests --------------------------------------------------------------------------------------------


def test_every_url_is_in_the_matrix():
    keys = {p.key for p in all_patterns() if not p.route.startswith(ADMIN_PREFIX)}
    missing = sorted(keys - set(MATRIX))
    assert not missing, f"URL patterns without an entry in MATRIX (who may open them?): {missing}"
    stale = sorted(set(MATRIX) - keys)
    assert not stale, f"MATRIX entries for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_persona_as_the_matrix_says(client, world, name):
    wrong = _check(client, world, name, MATRIX[name])
    assert not wrong, "\n".join(wrong)


def _admin_url(pattern, world) -> str:
    """A URL for an admin pattern, pointing at a real object of its model (and history) when it takes one."""
    from django.contrib.contenttypes.models import ContentType

    model = next(
        (
            m
            for m in admin.site._registry
            if pattern.route.startswith(f"admin/{m._meta.app_label}/{m._meta.model_name}/")
        ),
        None,
    )
    obj = model.objects.order_by("pk").first() if model else None
    history = getattr(obj, "history", None) if obj else None
    first_history = history.order_by("pk").first() if history is not None else None
    values = {
        "object_id": str(obj.pk) if obj else "1",
        "id": str(obj.pk) if obj else "1",
        "history_id": str(first_history.pk) if first_history else "1",
        "app_label": "plan",
        "content_type_id": str(ContentType.objects.get_for_model(world.plan).pk),
        "url": "no-such-page/",
    }
    # Positional groups (simple-history's views): the object, then its history record.
    values |= {"#1": values["object_id"], "#2": values["history_id"]}
    if pattern.params and pattern.params[0].startswith("#"):
        return reverse(pattern.name, args=[values[name] for name in pattern.params])
    kwargs = {name: values[name] for name in pattern.params}
    if pattern.name:
        return reverse(pattern.name, kwargs=kwargs)
    if "url" in kwargs:
        return "/admin/" + kwargs["url"]
    return "/" + pattern.route.replace("<path:object_id>", kwargs["object_id"])


def test_django_admin_is_for_administrators_only(client, world):
    from axes.models import AccessAttempt

    from accounts.services import notice_send

    notice_send(recipient=world.trade_staff, key="matrix", level="info", subject="s", body="b")
    client.post(reverse("login"), {"username": "trade1", "password": "wrong"})  # an axes record
    assert AccessAttempt.objects.exists()
    login = reverse("admin:login")
    wrong = []
    patterns = [p for p in all_patterns() if p.route.startswith(ADMIN_PREFIX)]
    for pattern in patterns:
        url = _admin_url(pattern, world)
        for persona in (ANON, *STAFF, LEADER, DEACTIVATED):
            client.logout()
            if persona != ANON:
                client.force_login(world.people[persona])
            response = client.get(url)
            if pattern.name in ("admin:login", "admin:logout"):
                ok = response.status_code in (200, 302, 405)
            else:
                ok = response.status_code == 302 and response["Location"].startswith(login)
            if not ok:
                wrong.append(f"{url} as {persona}: {response.status_code}")
        client.force_login(world.people[ADMIN])
        response = client.get(url)
        redirected_to_login = response.status_code == 302 and response["Location"].startswith(login)
        if response.status_code >= 500 or redirected_to_login and pattern.name != "admin:logout":
            wrong.append(f"{url} as admin: {response.status_code}")
    assert len(patterns) > 40
    assert not wrong, "\n".join(wrong)


def test_the_row_helpers_say_what_they_mean():
    row = department_edit(TRADE)
    assert (row[TRADE], row[ADMIN], row[LEADER], row["markets"], row[ANON]) == (
        OK,
        OK,
        FORBIDDEN,
        FORBIDDEN,
        LOGIN,
    )
    row = leaders_only()
    assert (row[LEADER], row[ADMIN], row[TRADE], row[DEACTIVATED]) == (OK, FORBIDDEN, FORBIDDEN, LOGIN)
    assert set(admins_only()) == set(everyone()) == set(public()) == set(WRITTEN)
