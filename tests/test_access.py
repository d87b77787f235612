"""Who may open which page: anonymous visitors are sent to log in; every role reads the plan's pages."""

import pytest
from django.urls import reverse

PAGES = [
    ("plan:dashboard", []),
    ("plan:document", [2007]),
    ("plan:target", [2007, "export"]),
    ("plan:measures", [2007]),
    ("plan:measure", [2007, "3.1.1"]),
    ("plan:department", ["trade"]),
    ("password_change", []),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anonymous_is_sent_to_log_in(client, plan_2007, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize(("name", "args"), PAGES)
@pytest.mark.parametrize("person", ["trade_staff", "markets_staff", "leader", "admin_user"])
def test_every_role_reads_the_plan(client, plan_2007, request, person, name, args):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse(name, args=args)).status_code == 200


def test_a_deactivated_account_sees_nothing(client, plan_2007, outsider):
    client.force_login(outsider)
    response = client.get(reverse("plan:dashboard"))
    assert response.status_code == 302


def test_django_admin_is_for_admins_only(client, plan_2007, leader, admin_user):
    client.force_login(leader)
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_unknown_year_and_codes_are_404(client, plan_2007, leader):
    client.force_login(leader)
    assert client.get(reverse("plan:document", args=[1999])).status_code == 404
    assert client.get(reverse("plan:target", args=[2007, "nope"])).status_code == 404
    assert client.get(reverse("plan:department", args=["nope"])).status_code == 404
