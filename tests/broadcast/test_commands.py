"""`manage.py robot` and the late reports the daily reminders give the robots."""

import datetime
import io
import logging

import pytest
import time_machine
from django.core.management import CommandError, call_command

from accounts import reminders
from broadcast import services
from broadcast.models import Delivery, Robot
from plan.models import Department, MonthlyReport

SECRET = "SECcommand0123456789secret"
URL = "https://oapi.dingtalk.com/robot/send?access_token=cmdtoken0123"


def run(*args) -> str:
    out = io.StringIO()
    call_command("robot", *args, stdout=out)
    return out.getvalue()


def test_add_list_and_remove(db, monkeypatch, caplog):
    monkeypatch.setenv("ROBOT_SECRET", SECRET)
    with caplog.at_level(logging.DEBUG):
        added = run(
            "add", "局领导群", "--kind", "dingtalk", "--url", URL, "--secret-env", "ROBOT_SECRET",
            "--receives", "digest,late", "--departments", "trade,markets",
        )  # fmt: skip
    robot = Robot.objects.get()
    assert (robot.secret, robot.url, robot.topics) == (SECRET, URL, ["digest", "late"])
    assert sorted(robot.departments.values_list("code", flat=True)) == ["markets", "trade"]
    assert (
        added == "Saved robot 局领导群 (dingtalk, https://oapi.dingtalk.com/robot/send?access_token=***).\n"
    )

    listed = run("list")
    assert listed == (
        "局领导群\tdingtalk\tactive\tdigest,late\ttrade,markets\t"
        "https://oapi.dingtalk.com/robot/send?access_token=***\tsecret set\n"
    )
    assert run("remove", "局领导群") == "Robot 局领导群 deactivated; its history and deliveries are kept.\n"
    robot.refresh_from_db()
    assert robot.active is False and robot.history.count() >= 2
    assert "\tremoved\t" in run("list")
    for text in (added, listed, caplog.text):
        assert SECRET not in text and "cmdtoken0123" not in text


def test_add_refuses_what_it_cannot_use(db, monkeypatch):
    monkeypatch.delenv("NO_SUCH_VAR", raising=False)
    with pytest.raises(CommandError, match="NO_SUCH_VAR is empty or not set"):
        run("add", "a", "--kind", "dingtalk", "--url", URL, "--secret-env", "NO_SUCH_VAR")
    with pytest.raises(CommandError, match="unknown weather"):
        run("add", "a", "--kind", "wecom", "--url", URL, "--receives", "weather")
    with pytest.raises(CommandError, match="no department nowhere"):
        run("add", "a", "--kind", "wecom", "--url", URL, "--departments", "trade,nowhere")
    with pytest.raises(CommandError, match="No robot named 'b'"):
        run("remove", "b")
    assert not Robot.objects.exists()


def test_the_daily_reminders_tell_the_robots_of_late_reports_once(plan_2007, make_robot, standin):
    assert services.late_reported in reminders.late_listeners  # registered by BroadcastConfig.ready
    make_robot("trade-group", topics=("late",), departments=("trade",))
    make_robot("everyone-late", kind="dingtalk", secret=SECRET, topics=("late",))
    make_robot("digest-only")
    for department in Department.objects.exclude(code="trade"):
        MonthlyReport.objects.create(
            department=department, year=2007, month=10, state="submitted", on_time=True
        )
    for department in Department.objects.all():
        for month in (8, 9):
            MonthlyReport.objects.create(department=department, year=2007, month=month, state="submitted")

    with time_machine.travel(datetime.datetime(2007, 11, 12, 1, 0, tzinfo=datetime.UTC), tick=False):
        call_command("sendreminders", stdout=io.StringIO())
        call_command("sendreminders", stdout=io.StringIO())  # the same day again
        call_command("sendreminders", "--date", "2007-11-13", stdout=io.StringIO())  # and the next

    deliveries = Delivery.objects.select_related("robot").order_by("robot__name")
    assert [(d.robot.name, d.key, d.state) for d in deliveries] == [
        ("everyone-late", "late:trade:2007-10", "sent"),
        ("trade-group", "late:trade:2007-10", "sent"),
    ]
    assert deliveries[0].title == "对外贸易科2007年10月月报逾期未报"
    messages = [m["payload"]["markdown"] for m in standin.received]
    assert len(messages) == 2
    assert (
        messages[0]
        .get("content", messages[0].get("text"))
        .startswith(
            "**对外贸易科2007年10月月报逾期未报**\n\n报送截止日期为2007年11月10日。\n\n[查看详情]("
            "http://127.0.0.1:8000/months/trade/2007/10/)"
        )
    )


def test_a_dry_run_of_the_reminders_tells_no_robot(plan_2007, make_robot):
    make_robot("everyone-late", topics=("late",))
    call_command("sendreminders", "--date", "2007-11-12", "--dry-run", stdout=io.StringIO())
    assert not Delivery.objects.exists()
