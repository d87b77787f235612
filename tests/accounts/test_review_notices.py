"""People hear of what happens to their work when it happens: a return, an unlock, an approval and a refused
销号 reach the people concerned at once, in the app and by e-mail, once each; a broken mail server loses
nothing and does not fail the reviewer's step."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Notice
from plan import cycle, measure_updates
from plan.models import Department, Measure, MonthlyReport
from tests.conftest import _make_user


@pytest.fixture
def trade_month(plan_2007, trade_staff):
    """Trade's September 2007, submitted by trade_staff (who has an e-mail address)."""
    trade_staff.email = "trade1@example.cn"
    trade_staff.save()
    report = cycle.report_get(department=Department.objects.get(code="trade"), year=2007, month=9)
    return cycle.report_submit(user=trade_staff, report=report, expected_version=report.version)


@pytest.fixture
def second_trade_staff(db):
    return _make_user("trade2", "staff", "trade", name="外贸填报员二")  # no e-mail address


def _post(client, user, name, report, data, on_commit):
    client.force_login(user)
    url = reverse(f"plan:{name}", args=["trade", report.year, report.month])
    with on_commit(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content
    return response


def test_a_returned_month_reaches_every_staffer_of_the_department_at_once(
    client,
    trade_month,
    trade_staff,
    second_trade_staff,
    markets_staff,
    leader,
    outsider,
    django_capture_on_commit_callbacks,
):
    _post(
        client,
        leader,
        "month_return",
        trade_month,
        {"message": "出口数据与海关快报不符"},
        django_capture_on_commit_callbacks,
    )

    for person in (trade_staff, second_trade_staff):
        notice = Notice.objects.get(recipient=person)
        assert (
            "出口数据与海关快报不符" in notice.body
            and "2007年1–9月" in notice.subject
            and "2007-09" not in notice.subject
        )
        assert notice.link == reverse("plan:month", args=["trade", 2007, 9])
        person.refresh_from_db()
        assert person.unread_notices == 1
    # Not the other department, not the deactivated trade account, not the leader who returned it.
    assert not Notice.objects.filter(recipient__in=[markets_staff, outsider, leader]).exists()
    # E-mailed to the one who has an address, and marked so.
    assert [m.to for m in mail.outbox] == [["trade1@example.cn"]]
    assert "出口数据与海关快报不符" in mail.outbox[0].body
    assert Notice.objects.get(recipient=trade_staff).emailed_at is not None
    assert Notice.objects.get(recipient=second_trade_staff).emailed_at is None


def test_an_approval_reaches_the_staffer_who_submitted(
    client, trade_month, trade_staff, second_trade_staff, leader, django_capture_on_commit_callbacks
):
    _post(client, leader, "month_approve", trade_month, {}, django_capture_on_commit_callbacks)
    assert list(Notice.objects.values_list("recipient__username", flat=True)) == ["trade1"]
    assert len(mail.outbox) == 1


def test_an_approval_reaches_the_department_when_the_submitter_is_gone(
    trade_month, trade_staff, second_trade_staff, leader
):
    trade_staff.is_active = False
    trade_staff.save()
    cycle.report_approve(user=leader, report=trade_month)
    assert list(Notice.objects.values_list("recipient__username", flat=True)) == ["trade2"]


def test_an_unlock_reaches_the_department_and_each_event_is_sent_once(
    client, trade_month, trade_staff, leader, admin_user, django_capture_on_commit_callbacks
):
    cycle.report_approve(user=leader, report=trade_month)
    report = MonthlyReport.objects.get(pk=trade_month.pk)
    _post(
        client,
        admin_user,
        "month_unlock",
        report,
        {"reason": "海关修订8月数据"},
        django_capture_on_commit_callbacks,
    )
    unlock = Notice.objects.get(recipient=trade_staff, key__startswith="report-unlocked:")
    assert "海关修订8月数据" in unlock.body

    # The same month approved and unlocked a second time: a second event, a second notice; none twice.
    report.refresh_from_db()
    cycle.report_submit(user=trade_staff, report=report, expected_version=report.version)
    cycle.report_approve(user=leader, report=report)
    cycle.report_unlock(user=admin_user, report=report, reason="再次修订")
    keys = list(Notice.objects.filter(recipient=trade_staff).values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 4  # approved, unlocked, approved, unlocked
    trade_staff.refresh_from_db()
    assert trade_staff.unread_notices == 4


def test_a_refused_close_reaches_the_lead_department(
    client, plan_2007, markets_staff, trade_staff, leader, django_capture_on_commit_callbacks
):
    markets_staff.email = "markets1@example.cn"
    markets_staff.save()
    measure = plan_2007.measures.get(code="3.2.1")  # markets leads it
    measure_updates.measure_update_save(
        user=markets_staff,
        measure=measure,
        year=2007,
        month=11,
        text="已完成",
        progress_pct=100,
        status="done",
        expected_version=0,
    )
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("plan:measure_send_back", args=[2007, "3.2.1"]),
            {"reason": "回头看未完成", "version": Measure.objects.get(pk=measure.pk).version},
        )
    notice = Notice.objects.get(recipient=markets_staff)
    assert "3.2.1" in notice.subject and "回头看未完成" in notice.body
    assert notice.link == measure.get_absolute_url()
    assert not Notice.objects.filter(recipient=trade_staff).exists()
    assert [m.to for m in mail.outbox] == [["markets1@example.cn"]]


def test_a_failing_mail_server_keeps_the_notice_and_the_leader_s_step(
    client, trade_month, trade_staff, leader, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("accounts.services.send_mail", refuse)
    _post(
        client,
        leader,
        "month_return",
        trade_month,
        {"message": "请补充说明"},
        django_capture_on_commit_callbacks,
    )
    assert MonthlyReport.objects.get(pk=trade_month.pk).state == MonthlyReport.State.RETURNED
    notice = Notice.objects.get(recipient=trade_staff)
    assert notice.emailed_at is None
    assert "mail server down" in caplog.text or "failed" in caplog.text


def test_the_notice_is_in_the_bureau_s_language_whatever_the_reviewer_reads(
    trade_month, trade_staff, leader, settings
):
    from django.utils.translation import override

    with override("en"):
        cycle.report_return(user=leader, report=trade_month, message="重填")
    with override(settings.LANGUAGE_CODE):
        from django.utils.translation import gettext

        expected = gettext("Returned: %(department)s %(period)s") % {
            "department": trade_month.department,
            "period": "2007年1–9月",
        }
    assert Notice.objects.get(recipient=trade_staff).subject == expected
