"""The Content-Security-Policy and the other security headers are on every page, and no page or template
carries code that the policy would have to allow with 'unsafe-inline'."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.security.conftest import ADMIN, ANON
from tests.security.html import inline_code
from tests.security.test_permission_matrix import MATRIX, cases

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"]


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def test_the_policy_forbids_inline_code_and_framing():
    from csp.constants import UNSAFE_INLINE

    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for name in ("script-src", "style-src", "default-src"):
        assert UNSAFE_INLINE not in directives[name]
        assert "'unsafe-eval'" not in directives[name]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


# /healthz answers load balancers in plain text before any other middleware (config/health.py): no page.
ANSWERED_BEFORE_THE_HEADERS = {"healthz"}


def test_every_page_sends_the_policy_and_the_security_headers(client, world):
    checked = 0
    for name, label, case in ((n, label, c) for n in sorted(MATRIX) for label, c in cases(n)):
        if name in ANSWERED_BEFORE_THE_HEADERS:
            continue
        for persona in (ANON, ADMIN):
            client.logout()
            if persona == ADMIN:
                client.force_login(world.people[ADMIN])
            response = client.get(case.url(name, world))
            policy = _policy(response)
            assert policy.get("script-src") == ["'self'"], f"{name} {label} as {persona}: {response.headers}"
            assert policy.get("frame-ancestors") == ["'none'"], name
            assert response.headers["X-Frame-Options"] == "DENY", name
            assert response.headers["Referrer-Policy"] == "same-origin", name
            assert response.headers["X-Content-Type-Options"] == "nosniff", name
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                problems = inline_code(response.content.decode())
                assert not problems, f"{name} {label} as {persona}: {problems}"
                checked += 1
    assert checked >= len(MATRIX) // 2


def test_django_admin_pages_carry_the_policy(client, world):
    client.force_login(world.people[ADMIN])
    for url in (
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:plan_measure_add"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert _policy(response)["script-src"] == ["'self'"]
        assert not [p for p in inline_code(response.content.decode()) if "style=" not in p], url


def _templates():
    """Every page's template. (An e-mail's HTML is not a page: mail readers drop style sheets, so its styles are
    written on its elements, and no script runs in it.)"""
    for folder in TEMPLATE_DIRS:
        yield from sorted(path for path in folder.rglob("*.html") if not path.name.endswith("_email.html"))
    for app in ("accounts", "plan", "trade", "markets", "outreach"):
        yield from sorted((Path(settings.BASE_DIR) / app / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", list(_templates()), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_template_has_inline_script_handlers_or_styles(path):
    problems = inline_code(path.read_text(encoding="utf-8"), template=True)
    assert not problems, f"{path}: {problems} — move the code to static/js/ and read data- attributes"


def test_the_scanner_finds_what_it_must():
    page = (
        '<script>alert(1)</script><script src="/static/a.js"></script>'
        '<script type="application/json" id="d">{}</script>'
        '<button onclick="x()">b</button><div style="color:red"></div><a href="javascript:void(0)">a</a>'
    )
    problems = inline_code(page)
    assert len(problems) == 4, problems
    assert inline_code('<a href="{% url "x" %}" class="{% if a %}b{% endif %}">', template=True) == []
