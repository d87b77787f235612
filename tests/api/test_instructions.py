"""督办 through the API (docs/interface.md, "The API"): a 批示 written, signed, replied to,
reported, returned, reported again and accepted by the right people only, each step on the version seen;
a wrong person 403, a step out of order or a stale version 409, and nothing changed either way."""

import io
import json

import pytest
from django.core.management import call_command

from supervision.models import Instruction
from tests.conftest import _make_user


@pytest.fixture
def office_staff(db):
    return _make_user("office1", "staff", "office", name="办公室督查员")


def token(user) -> dict:
    out = io.StringIO()
    call_command("apitoken", user.username, stdout=out, stderr=io.StringIO())
    return {"HTTP_AUTHORIZATION": f"Bearer {out.getvalue().strip()}"}


def post(client, url, body, auth):
    return client.post(url, json.dumps(body), content_type="application/json", **auth)


@pytest.mark.django_db
def test_a_batch_of_steps_from_first_to_last(
    client, plan_2007, leader, trade_staff, markets_staff, office_staff
):
    as_leader, as_trade, as_markets, as_office = (
        token(leader),
        token(trade_staff),
        token(markets_staff),
        token(office_staff),
    )
    created = post(
        client,
        "/api/v1/instructions/",
        {
            "text": "外贸低于序时进度，请分析原因、提出措施。",
            "on": {"target": "trade_total"},
            "lead": "trade",
            "co": ["markets"],
            "urgency": "urgent",
        },
        as_leader,
    )
    assert created.status_code == 201, created.content
    record = created.json()
    assert record["state"] == "assigned" and record["on"] == {"target": "trade_total"}
    assert record["lead"] == "trade" and record["co"] == ["markets"] and record["written_by"] == "leader1"
    url = f"/api/v1/instructions/{record['id']}/"

    def step(name, auth, version, **extra):
        return post(client, f"{url}{name}/", {"version": version, **extra}, auth)

    # The co-department may not sign (only the lead): 403, nothing changed.
    refused = step("sign", as_markets, record["version"])
    assert refused.status_code == 403 and "error" in refused.json()
    # Accepting before a report is out of order: 409.
    early = step("accept", as_leader, record["version"])
    assert early.status_code == 409
    assert client.get(url, **as_leader).json()["state"] == "assigned"

    reminded = step("remind", as_office, record["version"], text="请抓紧签收")
    assert reminded.status_code == 200
    version = reminded.json()["version"]
    # A stale version (the one before the 催办) is refused: 409.
    assert step("sign", as_trade, record["version"]).status_code == 409
    version = step("sign", as_trade, version).json()["version"]
    version = step("reply", as_markets, version, text="市场体系建设科已提供零售数据").json()["version"]
    version = step("report", as_trade, version, text="已分析原因并制定六项措施").json()["version"]
    returned = step("return", as_leader, version, text="措施不具体，请细化")
    assert returned.json()["state"] == "in_progress"
    version = step("report", as_trade, returned.json()["version"], text="措施已细化到企业").json()["version"]
    done = step("accept", as_leader, version, text="同意办结")
    assert done.status_code == 200 and done.json()["state"] == "done"
    kinds = [event["kind"] for event in done.json()["events"]]
    assert kinds == ["assign", "remind", "sign", "reply", "report", "return", "report", "accept"]
    assert done.json()["events"][3]["by"] == "markets1"


@pytest.mark.django_db
def test_who_sees_which(client, plan_2007, leader, trade_staff, markets_staff):
    as_leader = token(leader)
    record = post(client, "/api/v1/instructions/", {"text": "请研究", "lead": "trade"}, as_leader).json()
    assert [
        row["id"] for row in client.get("/api/v1/instructions/", **token(trade_staff)).json()["instructions"]
    ] == [record["id"]]
    as_markets = token(markets_staff)
    assert client.get("/api/v1/instructions/", **as_markets).json()["instructions"] == []
    assert client.get(f"/api/v1/instructions/{record['id']}/", **as_markets).status_code == 404
    # Staff do not write 批示.
    assert (
        post(client, "/api/v1/instructions/", {"text": "x", "lead": "trade"}, token(trade_staff)).status_code
        == 403
    )
    assert Instruction.objects.count() == 1
    assert client.get("/api/v1/instructions/").status_code == 401


@pytest.mark.django_db
def test_bad_requests_name_the_field(client, plan_2007, leader):
    as_leader = token(leader)
    unknown = post(client, "/api/v1/instructions/", {"text": "x", "lead": "nosuch"}, as_leader)
    assert unknown.status_code == 409 and "lead" in unknown.json()["error"]
    missing = post(client, "/api/v1/instructions/", {"lead": "trade"}, as_leader)
    assert missing.status_code == 400 and "text" in missing.json()["error"]
    urgency = post(
        client, "/api/v1/instructions/", {"text": "x", "lead": "trade", "urgency": "soon"}, as_leader
    )
    assert urgency.status_code == 400 and "urgency" in urgency.json()["error"]
    assert Instruction.objects.count() == 0


@pytest.mark.django_db
def test_a_session_write_needs_its_csrf_token(plan_2007, leader):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(leader)
    refused = browser.post(
        "/api/v1/instructions/", json.dumps({"text": "x", "lead": "trade"}), content_type="application/json"
    )
    assert refused.status_code == 403
    assert Instruction.objects.count() == 0


@pytest.mark.django_db
def test_apitoken_replaces_the_old_key(client, plan_2007, leader, outsider):
    first = token(leader)
    second = token(leader)
    assert client.get("/api/v1/progress/2007/", **first).status_code == 401
    assert client.get("/api/v1/progress/2007/", **second).status_code == 200
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("apitoken", outsider.username, stdout=io.StringIO(), stderr=io.StringIO())
