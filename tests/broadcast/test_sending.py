"""Posting to the robots against a local stand-in that answers as DingTalk and WeCom do: signatures, keys, the
20-a-minute limit, timeouts and retries, long texts, one delivery per notice, and two senders at once."""

import datetime
import logging
import threading

import pytest
import time_machine
from django.db import connection, connections

from broadcast import robots, sending, services
from broadcast.models import Attempt, Delivery, Robot, Topic

from .conftest import SECRET

T0 = datetime.datetime(2007, 10, 15, 0, 0, tzinfo=datetime.UTC)  # Monday 08:00 in Beijing


def notice(number: int, **extra) -> dict:
    return {
        "topic": Topic.DIGEST,
        "key": f"notice-{number}",
        "title": f"通知{number}",
        "text": f"**通知{number}**",
        "link": "http://127.0.0.1:8000/",
        **extra,
    }


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def test_a_signed_dingtalk_message_is_accepted(make_robot, standin, clock):
    make_robot("ding", kind="dingtalk", secret=SECRET)
    assert services.announce(**notice(1)) == 1

    outcome = sending.send_due()

    assert outcome.sent == 1
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_errcode, delivery.sent_at) == ("sent", 1, 0, T0)
    [message] = standin.received
    assert message["payload"] == {
        "msgtype": "markdown",
        "markdown": {"title": "通知1", "text": "**通知1**\n\n[查看详情](http://127.0.0.1:8000/)"},
    }


def test_a_bad_signature_is_tried_three_times_then_failed(make_robot, standin, clock):
    make_robot("ding", kind="dingtalk", secret="SECwrong", server_secret=SECRET)
    services.announce(**notice(1))

    sending.send_due()
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_errcode) == ("queued", 1, 310000)
    assert "sign not match" in delivery.last_errmsg
    assert delivery.next_try_at == T0 + datetime.timedelta(seconds=30)

    clock.shift(30)
    sending.send_due()
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.next_try_at) == (2, T0 + datetime.timedelta(seconds=90))

    clock.shift(60)
    assert sending.send_due().failed == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_errcode) == ("failed", 3, 310000)
    clock.shift(3600)
    assert sending.send_due().sent == 0  # never again
    assert standin.received == [] and standin.answers == [310000] * 3


def test_dingtalk_s_too_fast_answer_waits_for_the_next_minute(make_robot, standin, clock):
    # Someone else posted 20 messages through the same robot this minute: the service answers 130101.
    make_robot("ding", kind="dingtalk", secret=SECRET)
    standin.fill_minute("token-ding")
    services.announce(**notice(1))

    outcome = sending.send_due()

    delivery = Delivery.objects.get()
    assert (outcome.waiting, delivery.state, delivery.last_errcode) == (1, "queued", 130101)
    assert delivery.next_try_at == T0 + datetime.timedelta(seconds=60)
    clock.shift(60)
    assert sending.send_due().sent == 1
    assert Delivery.objects.get().state == "sent"


def test_wecom_s_too_fast_answer_and_an_unknown_key(make_robot, standin, clock):
    make_robot("wecom")
    bad = make_robot("stale")
    bad.url = f"{standin.base}/cgi-bin/webhook/send?key=revoked"
    bad.save()
    standin.fill_minute("key-wecom")
    services.announce(**notice(1))

    sending.send_due()

    by_robot = {d.robot.name: d for d in Delivery.objects.select_related("robot")}
    assert (by_robot["wecom"].state, by_robot["wecom"].last_errcode) == ("queued", 45009)
    assert (by_robot["stale"].state, by_robot["stale"].last_errcode) == ("queued", 93000)


def test_a_timeout_is_retried_with_backoff(make_robot, standin, clock, monkeypatch):
    monkeypatch.setattr(robots, "TIMEOUT_SECONDS", 0.3)
    make_robot("wecom")
    services.announce(**notice(1))
    standin.slow = 1.0

    outcome = sending.send_due()

    delivery = Delivery.objects.get()
    assert (outcome.retrying, delivery.state, delivery.attempts) == (1, "queued", 1)
    assert delivery.last_errcode is None and delivery.last_http_status is None
    assert "timed out" in delivery.last_errmsg.lower()
    assert delivery.next_try_at == T0 + datetime.timedelta(seconds=30)

    standin.slow = 0
    clock.shift(29)
    assert sending.send_due().sent == 0  # not yet due
    clock.shift(1)
    assert sending.send_due().sent == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_errcode) == ("sent", 2, 0)
    assert list(Attempt.objects.order_by("started_at").values_list("errcode", flat=True)) == [None, 0]


def test_a_webhook_that_cannot_be_posted_to_is_a_robot_set_up_wrong(make_robot, clock):
    robot = make_robot("broken")
    Robot.objects.filter(pk=robot.pk).update(url="http://127.0.0.1:1/robot/send?access_token=令牌")
    services.announce(**notice(1))

    sending.send_due()

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.claimed_until) == ("queued", 1, None)
    assert delivery.last_errmsg == "UnicodeEncodeError: the webhook URL cannot be used"


def test_the_backoff_doubles_up_to_an_hour():
    assert [sending.backoff(n).total_seconds() for n in range(1, 10)] == [
        30, 60, 120, 240, 480, 960, 1920, 3600, 3600,
    ]  # fmt: skip


def test_25_notices_in_a_minute_20_go_and_5_wait_their_turn(make_robot, standin, clock):
    make_robot("wecom")
    for number in range(25):
        services.announce(**notice(number))

    outcome = sending.send_due()

    assert (outcome.sent, outcome.waiting) == (20, 5)
    assert len(standin.received) == 20 and set(standin.answers) == {0}  # the service never had to refuse
    waiting = Delivery.objects.filter(state="queued")
    assert waiting.count() == 5
    assert set(waiting.values_list("next_try_at", flat=True)) == {T0 + datetime.timedelta(seconds=61)}
    assert set(waiting.values_list("attempts", flat=True)) == {0}

    clock.shift(30)
    assert sending.send_due().sent == 0
    clock.shift(31)
    assert sending.send_due().sent == 5
    assert Delivery.objects.filter(state="sent").count() == 25
    assert [m["payload"]["markdown"]["content"].split("\n")[0] for m in standin.received][-5:] == [
        f"**通知{n}**" for n in range(20, 25)
    ]


def test_the_limit_is_per_robot(make_robot, standin, clock):
    make_robot("one")
    make_robot("two")
    for number in range(21):
        services.announce(**notice(number))

    outcome = sending.send_due()

    assert (outcome.sent, outcome.waiting) == (40, 2)


def test_the_same_notice_never_goes_twice_to_one_robot(make_robot, standin, clock):
    make_robot("wecom")
    assert services.announce(**notice(1)) == 1
    assert services.announce(**notice(1, text="changed")) == 0
    sending.send_due()
    clock.shift(3600)
    assert services.announce(**notice(1)) == 0
    sending.send_due()
    assert len(standin.received) == 1


def test_who_receives_what(make_robot, plan_2007):
    make_robot("digest-only")
    make_robot("late-all", topics=("late",))
    make_robot("late-trade", topics=("late",), departments=("trade",))
    make_robot("late-markets", topics=("late",), departments=("markets",))
    make_robot("off", topics=("late", "digest"), active=False)

    services.announce(**notice(1, topic=Topic.LATE, department_codes=["trade"]))
    services.announce(**notice(2, topic=Topic.DIGEST))

    sent = {(d.key, d.robot.name) for d in Delivery.objects.select_related("robot")}
    assert sent == {("notice-1", "late-all"), ("notice-1", "late-trade"), ("notice-2", "digest-only")}


def test_a_long_text_is_cut_at_a_character_boundary_and_keeps_its_link(make_robot, standin, clock):
    make_robot("wecom")
    make_robot("ding", kind="dingtalk", secret=SECRET)
    services.announce(**notice(1, text="商务局" * 3000, link="http://127.0.0.1:8000/plan/2007/"))

    assert sending.send_due().sent == 2

    by_kind = {("content" in m["payload"]["markdown"]): m["payload"]["markdown"] for m in standin.received}
    wecom = by_kind[True]["content"]
    assert len(wecom.encode()) <= 4096
    assert wecom.endswith("……\n\n[查看详情](http://127.0.0.1:8000/plan/2007/)")
    ding = by_kind[False]["text"]
    assert len(ding.encode()) <= 20000 and ding.endswith("……\n\n[查看详情](http://127.0.0.1:8000/plan/2007/)")


@pytest.mark.parametrize("limit", [20, 21, 22, 23, 89])
def test_fit_never_splits_a_character(limit):
    text = robots.fit("一二三四五六七八九十" * 3, "", limit)  # 90 bytes
    assert len(text.encode()) <= limit
    assert text.endswith("……")
    assert robots.fit("一二三四五六七八九十" * 3, "", 90) == "一二三四五六七八九十" * 3


def test_a_claimed_delivery_is_not_claimed_again(make_robot, clock):
    make_robot("wecom")
    services.announce(**notice(1))
    pk = Delivery.objects.get().pk
    assert sending.claim(pk, T0) is True
    assert sending.claim(pk, T0) is False  # the other sender
    # A sender that died lets go after CLAIM_SECONDS.
    assert sending.claim(pk, T0 + datetime.timedelta(seconds=sending.CLAIM_SECONDS + 1)) is True


def test_no_secret_and_no_webhook_key_in_the_logs(make_robot, standin, clock, caplog, monkeypatch):
    monkeypatch.setattr(robots, "TIMEOUT_SECONDS", 0.3)
    make_robot("ding", kind="dingtalk", secret=SECRET)
    make_robot("bad", kind="dingtalk", secret="SECwrongwrongwrong", server_secret=SECRET)
    make_robot("wecom")
    services.announce(**notice(1))
    with caplog.at_level(logging.DEBUG):
        sending.send_due()
        standin.slow = 0.6
        clock.shift(60)
        services.announce(**notice(2))
        sending.send_due()
    logged = caplog.text + "".join(Delivery.objects.values_list("last_errmsg", flat=True))
    assert "robot ding delivery" in caplog.text
    for credential in (SECRET, "SECwrongwrongwrong", "token-ding", "token-bad", "key-wecom"):
        assert credential not in logged


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two connections writing at once need PostgreSQL"
)
def test_two_senders_at_once_never_send_one_delivery_twice(make_robot, standin):
    # (Django's test_settings on SQLite share one in-memory database between threads; DATABASE_URL=postgres://…
    # runs this one. On SQLite the claim's single UPDATE is checked by the test above.)
    make_robot("one")
    make_robot("two")
    for number in range(25):
        services.announce(**notice(number))
    start = threading.Barrier(2)

    def sender():
        try:
            start.wait(5)
            sending.send_due()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    # 20 a minute per robot between them, the other 5 each waiting; none posted twice, none refused.
    assert Delivery.objects.filter(state="sent").count() == 40
    assert Delivery.objects.filter(state="queued", attempts=0).count() == 10
    keys = [(m["robot"], m["payload"]["markdown"]["content"].split("\n")[0]) for m in standin.received]
    assert len(keys) == 40 and len(set(keys)) == 40
    assert set(standin.answers) == {0}
    assert Attempt.objects.count() == 40


def test_a_instructions_assignment_and_reminder_reach_the_robots_of_its_departments_once(
    plan_2007, leader, django_capture_on_commit_callbacks
):
    """督办 to the robots: 交办 and 催办 queue a message for each robot receiving "instructions" for the lead or a
    co-department; a robot for another department hears nothing; the same event is never queued twice."""
    from broadcast.models import Delivery, Robot
    from plan.models import Department
    from supervision import services as supervision

    trade, markets = Department.objects.get(code="trade"), Department.objects.get(code="markets")
    ours = Robot.objects.create(
        name="外贸群",
        kind="wecom",
        url="http://127.0.0.1:9/cgi-bin/webhook/send?key=k",
        receives_digest=False,
        receives_instructions=True,
    )
    ours.departments.set([trade])
    other = Robot.objects.create(
        name="市场群",
        kind="wecom",
        url="http://127.0.0.1:9/cgi-bin/webhook/send?key=m",
        receives_digest=False,
        receives_instructions=True,
    )
    other.departments.set([markets])
    with django_capture_on_commit_callbacks(execute=True):
        instruction = supervision.instruction_create(
            by=leader, text="请分析出口下滑原因", lead=trade, year=2007
        )
    with django_capture_on_commit_callbacks(execute=True):
        supervision.instruction_step(
            instruction=instruction,
            step="remind",
            by=leader,
            text="请抓紧签收",
            expected_version=instruction.version,
        )
    titles = list(Delivery.objects.filter(robot=ours).order_by("pk").values_list("title", flat=True))
    assert titles == [f"【督办·交办】{instruction.number}", f"【督办·催办】{instruction.number}"]
    assert not Delivery.objects.filter(robot=other).exists()
    assert "请抓紧签收" in Delivery.objects.filter(robot=ours).order_by("pk").last().text
