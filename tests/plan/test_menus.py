"""Menus offer only what the person may do: every link of every persona's menu opens (issue 17).

For the staff of each department, a leader and an admin: render the dashboard, collect the links of the menu
bar (the <nav>), follow each, and expect a page — never a 403 or a 404 behind a link the menu offered."""

import re

import pytest

from plan.models import Department
from tests.conftest import _make_user


def menu_links(html: str) -> set[str]:
    nav = html[html.index("<nav") : html.index("</nav>")]
    return {href for href in re.findall(r'href="([^"#]+)"', nav) if href.startswith("/")}


def personas():
    people = [("leader", "leader", None), ("admin", "admin", None)]
    people += [(f"staff-{code}", "staff", code) for code in Department.objects.values_list("code", flat=True)]
    return people


@pytest.mark.django_db
def test_every_menu_link_of_every_persona_opens(client, plan_2007):
    seen_import = {}
    for name, role, department in personas():
        user = _make_user(name, role, department)
        client.force_login(user)
        links = menu_links(client.get("/").content.decode())
        assert links, name
        for url in sorted(links):
            response = client.get(url)
            assert response.status_code == 200, f"{name}: {url} answers {response.status_code}"
        seen_import[name] = "/figures/upload/" in links
        client.logout()
    # The import is offered to the staff who enter figures and to admins, never to a leader.
    assert seen_import["leader"] is False and seen_import["admin"] is True
    assert seen_import["staff-trade"] is True
