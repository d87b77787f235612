"""异议 (docs/rules.md, "考核"): within 5 days of the month's scores, a department objects to one of its lines; an
admin or the 办公室 upholds (the line goes, the reason kept) or rejects it; each role held to its part."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from assessment import scores, services
from assessment.models import Objection
from plan import cycle
from tests.conftest import _make_user


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def late_march(plan_2007, trade_staff):
    """Trade submitted March on 12 April (Beijing time): two days late, −2."""
    with at(2007, 4, 12, 2, 0):
        report = cycle.report_get(department=trade_staff.department, year=2007, month=3)
        cycle.report_submit(user=trade_staff, report=report, expected_version=report.version)
    return "report_late:2007-03"


@pytest.fixture
def office_staff(db):
    return _make_user("office1", "staff", "office", name="办公室督查员")


def trade_lines(today):
    return scores.compute(_plan(), 4, today=today).for_department("trade").lines


def _plan():
    from plan.models import Plan

    return Plan.objects.get(year=2007)


@pytest.mark.django_db
def test_an_upheld_objection_takes_the_line_out_and_keeps_the_reasons(late_march, trade_staff, office_staff):
    today = datetime.date(2007, 5, 12)  # April's deadline is 10 May: the window runs to 15 May
    result = scores.compute(_plan(), 4, today=today)
    before = result.for_department("trade").score
    objection = services.objection_raise(
        user=trade_staff,
        scores=result,
        department=trade_staff.department,
        line_key=late_march,
        reason="系统故障，4月10日已电话报告",
        today=today,
    )
    pending = {line.key: line for line in trade_lines(today)}[late_march]
    assert pending.objection == objection  # shown beside the line, which still counts
    services.objection_decide(
        user=office_staff, objection=objection, uphold=True, decision="经核实属实", expected_version=0
    )
    after = scores.compute(_plan(), 4, today=today).for_department("trade")
    assert after.score == before + 2
    (withdrawn,) = [line for line in after.lines if line.kind == "objection"]
    assert withdrawn.points == Decimal(0)
    assert "经核实属实" in withdrawn.reason and "逾期2天" in withdrawn.reason
    assert late_march not in {line.key for line in after.lines}


@pytest.mark.django_db
def test_a_rejected_objection_keeps_the_line(late_march, trade_staff, admin_user):
    today = datetime.date(2007, 5, 12)
    result = scores.compute(_plan(), 4, today=today)
    objection = services.objection_raise(
        user=trade_staff,
        scores=result,
        department=trade_staff.department,
        line_key=late_march,
        reason="理由",
        today=today,
    )
    services.objection_decide(
        user=admin_user, objection=objection, uphold=False, decision="无证据", expected_version=0
    )
    row = scores.compute(_plan(), 4, today=today).for_department("trade")
    assert row.score == result.for_department("trade").score
    objection.refresh_from_db()
    assert objection.state == Objection.State.REJECTED and objection.decision == "无证据"
    # Decided once: a second decision is refused.
    with pytest.raises(ValidationError):
        services.objection_decide(
            user=admin_user, objection=objection, uphold=True, decision="再议", expected_version=1
        )


@pytest.mark.django_db
def test_the_window_closes_five_days_after_the_months_deadline(late_march, trade_staff):
    result = scores.compute(_plan(), 4, today=datetime.date(2007, 5, 16))
    with pytest.raises(ValidationError, match="2007年5月15日"):
        services.objection_raise(
            user=trade_staff,
            scores=result,
            department=trade_staff.department,
            line_key=late_march,
            reason="迟了",
            today=datetime.date(2007, 5, 16),
        )


@pytest.mark.django_db
def test_who_may_object_and_decide(late_march, trade_staff, markets_staff, leader, office_staff):
    today = datetime.date(2007, 5, 12)
    result = scores.compute(_plan(), 4, today=today)
    for user in (markets_staff, leader, office_staff):
        with pytest.raises(PermissionDenied):
            services.objection_raise(
                user=user,
                scores=result,
                department=trade_staff.department,
                line_key=late_march,
                reason="代为提出",
                today=today,
            )
    objection = services.objection_raise(
        user=trade_staff,
        scores=result,
        department=trade_staff.department,
        line_key=late_march,
        reason="理由",
        today=today,
    )
    for user in (trade_staff, markets_staff, leader):
        with pytest.raises(PermissionDenied):
            services.objection_decide(
                user=user, objection=objection, uphold=True, decision="x", expected_version=0
            )
    # A stale decision (another decided first) is refused.
    with pytest.raises(ValidationError):
        services.objection_decide(
            user=office_staff, objection=objection, uphold=True, decision="x", expected_version=7
        )


@pytest.mark.django_db
def test_the_pages_of_an_objection(late_march, trade_staff, office_staff, client):
    with at(2007, 5, 12, 2, 0):
        client.force_login(trade_staff)
        page = client.get("/assessment/2007/trade/?month=4")
        assert "提出异议" in page.content.decode()
        empty = client.post("/assessment/2007/trade/object/", {"line": late_march, "month": 4, "reason": ""})
        assert empty.status_code == 400 and "异议理由" in empty.content.decode()
        done = client.post(
            "/assessment/2007/trade/object/", {"line": late_march, "month": 4, "reason": "系统故障"}
        )
        assert done.status_code == 302
        objection = Objection.objects.get()
        client.force_login(office_staff)
        decided = client.post(
            f"/assessment/objections/{objection.pk}/decide/",
            {"uphold": "1", "decision": "属实", "version": objection.version},
        )
        assert decided.status_code == 302
        shown = client.get("/assessment/2007/trade/?month=4").content.decode()
    assert "异议成立" in shown and "属实" in shown and "系统故障" in shown
