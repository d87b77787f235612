"""The progress API of docs/interface.md: its shape, its numbers, its log-ins and its refusals."""

import re

import pytest
from django.urls import reverse

from api.models import ApiToken
from plan.models import Department, MonthlyReport, Target
from tests.plan.fakes import seed_2006_2007

URL = "/api/v1/progress/2007/"


@pytest.fixture
def seeded(plan_2007, actuals):
    seed_2006_2007(actuals)
    return actuals


def token_for(user) -> str:
    token = ApiToken(user=user)
    key = token.set_new_key()
    token.save()
    return key


def test_url_is_the_one_interface_md_names():
    assert reverse("api:progress", args=[2007]) == URL


def test_anonymous_gets_401_and_no_data(client, seeded):
    response = client.get(URL)
    assert response.status_code == 401
    assert "targets" not in response.json()
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer wrong-key", "Basic abc", "Bearer ", ""])
def test_a_bad_token_gets_401(client, seeded, leader, header):
    token_for(leader)
    response = client.get(URL, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "targets" not in response.json()


def test_a_deactivated_account_s_token_stops_working(client, seeded, leader):
    key = token_for(leader)
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    leader.is_active = False
    leader.save()
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_session_log_in_works_for_any_role(login_as, seeded, trade_staff):
    response = login_as(trade_staff).get(URL)
    assert response.status_code == 200


def test_shape_and_numbers_of_september(client, seeded, leader):
    MonthlyReport.objects.create(
        department=Department.objects.get(code="trade"), year=2007, month=9, state="approved", on_time=True
    )
    key = token_for(leader)
    data = client.get(URL, {"as_of": "2007-09"}, HTTP_AUTHORIZATION=f"Token {key}").json()
    assert data["plan"] == {"year": 2007, "title": "呼和浩特市商务局2007年工作要点"}
    assert data["as_of"] == "2007-09"
    assert data["time_pct"] == 75.0
    assert [t["code"] for t in data["targets"]] == list(
        Target.objects.filter(plan__year=2007).order_by("order").values_list("code", flat=True)
    )
    by_code = {t["code"]: t for t in data["targets"]}
    trade_total = by_code["trade_total"]
    assert set(trade_total) >= {
        "code",
        "name",
        "unit",
        "target",
        "growth_target_pct",
        "actual",
        "completion_pct",
        "yoy_growth_pct",
        "seasonal_expected_pct",
        "projected",
        "status",
    }
    assert trade_total == trade_total | {
        "name": "外贸进出口总额",
        "unit": "万美元",
        "target": 87000.0,
        "growth_target_pct": 16.0,
        # 39800 + 23000
        "actual": 62800.0,
        # 62800 / 87000 = 72.183…
        "completion_pct": 72.18,
        # 2006 1–9月 33600 + 22500 = 56100: 6700 / 56100 = 11.942…
        "yoy_growth_pct": 11.94,
        # 2006 full year 44800 + 30000 = 74800: 56100 / 74800 = 75.0
        "seasonal_expected_pct": 75.0,
        # 62800 × 74800 / 56100 = 83733.33…
        "projected": 83733.33,
        "status": "red",
    }
    share = by_code["export_hitech_mech_share"]
    assert share["actual"] == 28.5 and share["status"] == "yellow" and share["yoy_growth_pct"] is None
    stores = by_code["village_stores"]
    assert stores["actual"] == 160.0 and stores["completion_pct"] == 80.0 and stores["status"] == "green"

    assert len(data["measures"]) == 26
    measure = data["measures"][0]
    assert set(measure) >= {"code", "title", "department", "status", "due", "overdue"}
    assert measure["due"] == "2007-12-31" and measure["overdue"] is False
    completeness = {row["department"]: row for row in data["completeness"]}
    assert completeness["trade"] == completeness["trade"] | {
        "month": "2007-09",
        "state": "approved",
        "on_time": True,
    }
    assert completeness["office"]["state"] == "not_started" and completeness["office"]["on_time"] is None


def test_without_as_of_the_latest_month_with_figures(login_as, seeded, leader):
    assert login_as(leader).get(URL).json()["as_of"] == "2007-09"


def test_january_is_grey_when_january_and_february_come_together(login_as, seeded, leader):
    data = login_as(leader).get(URL, {"as_of": "2007-01"}).json()
    export = next(t for t in data["targets"] if t["code"] == "export")
    assert export["status"] == "grey"
    assert export["actual"] is None and export["completion_pct"] is None and export["projected"] is None


@pytest.mark.parametrize("value", ["2007-13", "2007-9", "07-09", "abc", "", "2007-00"])
def test_a_bad_as_of_gets_400_saying_why(login_as, seeded, leader, value):
    response = login_as(leader).get(URL, {"as_of": value})
    assert response.status_code == 400
    assert "as_of" in response.json()["error"]
    assert value in response.json()["error"]


def test_as_of_outside_the_plan_year_gets_400(login_as, seeded, leader):
    response = login_as(leader).get(URL, {"as_of": "2008-01"})
    assert response.status_code == 400
    assert "2007" in response.json()["error"]


def test_unknown_plan_year_gets_404(login_as, seeded, leader):
    assert login_as(leader).get("/api/v1/progress/1999/").status_code == 404


def test_post_is_not_allowed(login_as, seeded, leader):
    assert login_as(leader).post(URL).status_code == 405


def test_an_admin_issues_a_token_in_the_admin_and_sees_it_once(client, seeded, admin_user, leader):
    client.force_login(admin_user)
    response = client.post("/admin/api/apitoken/add/", {"user": leader.pk}, follow=True)
    html = response.content.decode()
    key = re.search(r"：([A-Za-z0-9_\-]{40,})", html).group(1)
    token = ApiToken.objects.get(user=leader)
    assert key not in token.key_hash  # only the hash is stored
    client.logout()
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
