"""manage.py sendreminders: who is reminded of what, and that running it again sends nothing twice."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Notice, User
from plan.models import Measure, MonthlyReport, ReportingDeadline


@pytest.fixture
def bureau(plan_2007, trade_staff, markets_staff, leader, admin_user, outsider):
    """September 2007: trade has submitted its month, markets has not started, regulation has a draft.
    July and August are approved for every department."""
    from plan.models import Department

    for department in Department.objects.all():
        for month in (7, 8):
            MonthlyReport.objects.create(department=department, year=2007, month=month, state="approved")
    for person, address in (
        (trade_staff, "trade1@example.cn"),
        (markets_staff, "markets1@example.cn"),
        (leader, "leader@example.cn"),
    ):
        person.email = address
        person.save()
    MonthlyReport.objects.create(department=trade_staff.department, year=2007, month=9, state="submitted")
    MonthlyReport.objects.create(
        department_id=plan_2007.measures.filter(lead__code="regulation").first().lead_id, year=2007, month=9
    )
    # The 三色督办单: 3.1.1 (trade) due soon, 3.1.2 (trade) behind schedule, a markets measure overdue.
    Measure.objects.filter(code="3.1.1").update(due=dt.date(2007, 10, 15), status="in_progress")
    Measure.objects.filter(code="3.1.2").update(status="behind")
    overdue = plan_2007.measures.filter(lead__code="markets").order_by("order").first()
    overdue.due, overdue.status = dt.date(2007, 9, 30), "in_progress"
    overdue.save()
    return {"overdue": overdue}


def _run(day: str) -> str:
    out = io.StringIO()
    with time_machine.travel(dt.datetime.fromisoformat(day + " 08:00+08:00"), tick=False):
        call_command("sendreminders", stdout=out)
    return out.getvalue()


def _notices(user):
    return {(n.level, n.subject) for n in Notice.objects.filter(recipient=user)}


def test_three_days_before_the_deadline_staff_of_unsubmitted_departments_are_reminded(
    bureau, trade_staff, markets_staff, leader, outsider
):
    _run("2007-10-08")  # September's figures are due on 10 October
    markets = _notices(markets_staff)
    assert ("info", "市场体系建设科：请于 2007年10月10日 前提交 2007年1–9月 月报") in markets
    overdue = bureau["overdue"]
    assert ("red", f"逾期督办：{overdue}") in markets

    trade = _notices(trade_staff)
    assert not any(level == "info" for level, _ in trade)  # trade has submitted
    assert trade == {
        ("blue", "临近期限：3.1.1 壮大出口主体规模和实力"),
        ("yellow", f"进度滞后：{Measure.objects.get(code='3.1.2')}"),
    }
    # Leaders get the red escalation, not the blue and yellow notices; the late summary comes after the deadline.
    assert _notices(leader) == {("red", f"逾期督办：{overdue}")}
    assert not Notice.objects.filter(recipient=outsider).exists()

    # Each notice is e-mailed once to the accounts that have an address, and counted in the navigation.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["markets1@example.cn"] * 2 + ["trade1@example.cn"] * 2 + ["leader@example.cn"]
    )
    markets_staff.refresh_from_db()
    assert markets_staff.unread_notices == 2


def test_running_again_the_same_day_or_the_next_sends_nothing_twice(bureau, markets_staff):
    _run("2007-10-08")
    count, emails = Notice.objects.count(), len(mail.outbox)
    output = _run("2007-10-08")
    assert "Sent 0 notices" in output
    _run("2007-10-09")
    assert (Notice.objects.count(), len(mail.outbox)) == (count, emails)


def test_no_reminder_before_the_window(bureau, markets_staff):
    _run("2007-10-06")  # four days before the deadline
    assert not Notice.objects.filter(recipient=markets_staff, level="info").exists()


def test_after_the_deadline_leaders_get_one_summary_of_late_departments(bureau, leader, admin_user):
    _run("2007-10-11")
    _run("2007-10-12")
    summaries = Notice.objects.filter(recipient=leader, key="report-late:2007-09")
    assert summaries.count() == 1
    body = summaries.get().body
    assert "市场体系建设科" in body and "市场秩序科" in body and "对外贸易科" not in body
    assert not Notice.objects.filter(recipient=admin_user).exists()


def test_a_moved_deadline_moves_the_reminder(bureau, markets_staff):
    ReportingDeadline.objects.create(year=2007, month=9, due_on=dt.date(2007, 10, 20))
    _run("2007-10-08")
    assert not Notice.objects.filter(recipient=markets_staff, level="info").exists()
    _run("2007-10-17")
    assert Notice.objects.filter(recipient=markets_staff, level="info").count() == 1


def test_a_closed_measure_is_not_chased(bureau, leader):
    overdue = bureau["overdue"]
    overdue.status = Measure.Status.CLOSED
    overdue.save()
    _run("2007-10-08")
    assert not Notice.objects.filter(level="red").exists()


def test_dry_run_sends_nothing(bureau):
    out = io.StringIO()
    with time_machine.travel(dt.datetime(2007, 10, 8, 8, tzinfo=dt.UTC), tick=False):
        call_command("sendreminders", "--dry-run", stdout=out)
    assert "Would send 5 notices" in out.getvalue()
    assert not Notice.objects.exists() and not mail.outbox


def test_the_notices_page_lists_them_and_marks_them_read(client, bureau, markets_staff):
    _run("2007-10-08")
    client.force_login(User.objects.get(pk=markets_staff.pk))
    page = client.get(reverse("plan:dashboard")).content.decode()
    assert 'data-unread="2"' in page
    page = client.get(reverse("notices")).content.decode()
    assert "请于 2007年10月10日 前提交 2007年1–9月 月报" in page and "逾期督办" in page
    client.post(reverse("notices_read"))
    assert "data-unread" not in client.get(reverse("plan:dashboard")).content.decode()
    assert not Notice.objects.filter(recipient=markets_staff, read_at__isnull=True).exists()


def test_a_bad_date_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("sendreminders", "--date", "2007/10/08", stdout=io.StringIO())


def test_a_failing_mail_server_keeps_the_notices_and_makes_cron_report_it(bureau, markets_staff, monkeypatch):
    from django.core.management.base import CommandError

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("accounts.services.send_mail", refuse)
    with (
        time_machine.travel(dt.datetime(2007, 10, 8, 8, tzinfo=dt.UTC), tick=False),
        pytest.raises(CommandError, match="5 e-mails could not be sent"),
    ):
        call_command("sendreminders", stdout=io.StringIO())
    notices = Notice.objects.filter(recipient=markets_staff)
    assert notices.count() == 2 and not notices.filter(emailed_at__isnull=False).exists()


def test_january_is_reminded_of_with_february_only(bureau, markets_staff):
    # 1–2月 is due on 10 March: the reminder names February, never a January report of its own.
    _run("2007-03-08")
    subjects = {subject for _level, subject in _notices(markets_staff)}
    assert "市场体系建设科：请于 2007年3月10日 前提交 2007年1–2月 月报" in subjects
    assert not any("2007年1月 月报" in subject for subject in subjects)
