"""The monthly cycle: draft → submitted → approved (locked) / returned; unlock by an admin with a reason."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from plan import cycle
from plan.models import Department, MonthlyReport, ReportingDeadline, TargetNote


@pytest.fixture
def trade(db):
    return Department.objects.get(code="trade")


@pytest.fixture
def report(trade):
    return cycle.report_get(department=trade, year=2007, month=9)


def test_staff_edit_their_own_department_only(
    trade, trade_staff, markets_staff, leader, admin_user, outsider
):
    assert cycle.ensure_can_edit(user=trade_staff, department=trade, year=2007, month=9)
    assert cycle.ensure_can_edit(user=admin_user, department=trade, year=2007, month=9)
    for user in (markets_staff, leader, outsider):
        with pytest.raises(PermissionDenied):
            cycle.ensure_can_edit(user=user, department=trade, year=2007, month=9)


@time_machine.travel(datetime.datetime(2007, 10, 9, 17, 0, tzinfo=datetime.UTC), tick=False)
def test_submit_before_the_deadline_is_on_time_and_locks(report, trade_staff):
    report = cycle.report_submit(user=trade_staff, report=report, expected_version=report.version)
    assert report.state == MonthlyReport.State.SUBMITTED
    assert report.on_time is True
    assert report.submitted_by == trade_staff
    with pytest.raises(PermissionDenied):
        cycle.ensure_can_edit(user=trade_staff, department=report.department, year=2007, month=9)


@time_machine.travel(datetime.datetime(2007, 10, 10, 15, 59, tzinfo=datetime.UTC), tick=False)
def test_the_deadline_day_counts_in_local_time(report, trade_staff):
    # 15:59 UTC on the 10th is 23:59 in Hohhot: still on time.
    assert (
        cycle.report_submit(user=trade_staff, report=report, expected_version=report.version).on_time is True
    )


@time_machine.travel(datetime.datetime(2007, 10, 10, 16, 1, tzinfo=datetime.UTC), tick=False)
def test_after_the_deadline_is_late(report, trade_staff):
    # 00:01 on the 11th in Hohhot.
    assert (
        cycle.report_submit(user=trade_staff, report=report, expected_version=report.version).on_time is False
    )


@time_machine.travel(datetime.datetime(2007, 10, 12, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_an_admin_moved_deadline_is_honoured(report, trade_staff):
    ReportingDeadline.objects.create(year=2007, month=9, due_on=datetime.date(2007, 10, 15))
    assert (
        cycle.report_submit(user=trade_staff, report=report, expected_version=report.version).on_time is True
    )


def test_only_a_leader_approves_and_approval_locks(report, trade_staff, admin_user, leader):
    report = cycle.report_submit(user=trade_staff, report=report, expected_version=report.version)
    for user in (trade_staff, admin_user):
        with pytest.raises(PermissionDenied):
            cycle.report_approve(user=user, report=report)
    report = cycle.report_approve(user=leader, report=report)
    assert report.state == MonthlyReport.State.APPROVED
    assert report.reviewed_by == leader
    for user in (trade_staff, admin_user):
        with pytest.raises(PermissionDenied):
            cycle.ensure_can_edit(user=user, department=report.department, year=2007, month=9)


def test_a_draft_cannot_be_approved_or_returned(report, leader):
    with pytest.raises(ValidationError):
        cycle.report_approve(user=leader, report=report)
    with pytest.raises(ValidationError):
        cycle.report_return(user=leader, report=report, message="重填")


def test_return_needs_a_message_and_reopens_the_month(report, trade_staff, leader):
    report = cycle.report_submit(user=trade_staff, report=report, expected_version=report.version)
    with pytest.raises(ValidationError):
        cycle.report_return(user=leader, report=report, message="  ")
    report = cycle.report_return(user=leader, report=report, message="出口数据与海关快报不符")
    assert report.state == MonthlyReport.State.RETURNED
    assert report.review_message == "出口数据与海关快报不符"
    assert cycle.ensure_can_edit(user=trade_staff, department=report.department, year=2007, month=9)


def test_unlock_is_for_admins_with_a_reason_and_is_in_the_history(report, trade_staff, leader, admin_user):
    report = cycle.report_submit(user=trade_staff, report=report, expected_version=report.version)
    report = cycle.report_approve(user=leader, report=report)
    with pytest.raises(PermissionDenied):
        cycle.report_unlock(user=leader, report=report, reason="更正")
    with pytest.raises(ValidationError):
        cycle.report_unlock(user=admin_user, report=report, reason="")
    report = cycle.report_unlock(user=admin_user, report=report, reason="海关正式数据修订")
    assert report.state == MonthlyReport.State.DRAFT
    steps = [
        (h.state, h.history_user, h.history_change_reason) for h in report.history.order_by("history_id")
    ]
    assert steps[-3:] == [
        ("submitted", trade_staff, "已提交"),
        ("approved", leader, "已审核"),
        ("draft", admin_user, "解锁：海关正式数据修订"),
    ]


def test_a_save_from_a_stale_page_is_refused(trade, trade_staff, plan_2007):
    def save(text, **version):
        return cycle.report_save_notes(
            user=trade_staff, department=trade, year=2007, month=9, notes={"export": text}, **version
        )

    def stored():
        return TargetNote.objects.get(target__code="export", month=9).text

    report = save("first", expected_version=0)
    loaded_version = report.version
    save("second", expected_version=loaded_version)
    with pytest.raises(cycle.ConflictError):
        save("third", expected_version=loaded_version)
    assert stored() == "second"
    # A save that does not say which version it changes is refused too, not last-write-wins.
    with pytest.raises(cycle.ConflictError):
        save("fourth")
    with pytest.raises(cycle.ConflictError):
        cycle.report_submit(user=trade_staff, report=report)
    assert stored() == "second"


@time_machine.travel(datetime.datetime(2007, 12, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_prior_year_base_months_are_not_reports(plan_2007, trade, trade_staff, client):
    # 2006 has no plan of its own and 2007 has: its figures are the base of 同比, never late nor overdue.
    assert not cycle.reports_due(2006) and cycle.reports_due(2007)
    base = cycle.report_submit(
        user=trade_staff,
        report=cycle.report_get(department=trade, year=2006, month=9),
        expected_version=0,
    )
    assert base.on_time is None
    client.force_login(trade_staff)
    months_2006 = client.get("/months/trade/", {"year": 2006}).content.decode()
    months_2007 = client.get("/months/trade/", {"year": 2007}).content.decode()
    assert "badge text-bg-danger" not in months_2006
    assert "text-danger" not in months_2006  # the submitted base month is not "late" either
    assert "badge text-bg-danger" in months_2007  # 2007's unsubmitted months past their deadline
    # January has no deadline of its own: its row is due with February and not overdue without a report.
    january = months_2007.split('href="/months/trade/2007/1/"')[1].split("</tr>")[0]
    assert "2007-03-10" in january and "text-bg-danger" not in january
    # Its month page names no deadline (2006-10-10 would be the default one).
    assert "2006-10-10" not in client.get("/months/trade/2006/9/").content.decode()
