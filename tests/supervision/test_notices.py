"""Notices of a 批示: at once on 交办, 催办, 退回, 办结 and a 延期 answer, daily on 即将逾期/逾期 through sendreminders;
each sent once; and the signal for the robots."""

import datetime
import io

from django.core import mail
from django.core.management import call_command

from accounts.models import Notice
from supervision.models import InstructionEvent
from supervision.signals import instruction_event

from .conftest import step

Kind = InstructionEvent.Kind


def keys(user):
    return sorted(Notice.objects.filter(recipient=user).values_list("key", flat=True))


def test_steps_reach_the_people_concerned_once(
    write, trade_staff, markets_staff, leader, office_staff, django_capture_on_commit_callbacks
):
    trade_staff.email = "trade@example.org"
    trade_staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        instruction = write()
    assigned = [k for k in keys(trade_staff) if k.startswith("instruction-assign")]
    assert len(assigned) == 1 and len(keys(markets_staff)) == 1
    assert [m.to for m in mail.outbox] == [["trade@example.org"]]
    assert instruction.number in mail.outbox[0].subject
    step(instruction, Kind.REMIND, office_staff, "请今天签收")
    step(instruction, Kind.SIGN, trade_staff)  # nobody is told of a signing
    step(instruction, Kind.REPORT, trade_staff, "已完成")
    assert [k.split(":")[0] for k in keys(leader)] == ["instruction-report"]
    step(instruction, Kind.RETURN, leader, "请补充")
    step(instruction, Kind.REPORT, trade_staff, "已补充")
    step(instruction, Kind.ACCEPT, leader)
    kinds = sorted(k.split(":")[0] for k in keys(trade_staff))
    assert kinds == ["instruction-accept", "instruction-assign", "instruction-remind", "instruction-return"]
    # The co-department hears of 交办, 催办 and 办结, not of the return.
    assert sorted(k.split(":")[0] for k in keys(markets_staff)) == [
        "instruction-accept",
        "instruction-assign",
        "instruction-remind",
    ]
    trade_staff.refresh_from_db()
    assert trade_staff.unread_notices == 4


def test_an_extension_answer_reaches_the_lead(write, trade_staff, markets_staff, leader):
    instruction = write()
    step(instruction, Kind.SIGN, trade_staff)
    step(instruction, Kind.EXTEND, trade_staff, "需要时间", due=datetime.date(2007, 4, 30))
    assert any(k.startswith("instruction-extend") for k in keys(leader))
    step(instruction, Kind.APPROVE_EXTENSION, leader)
    assert any(k.startswith("instruction-approve_extension") for k in keys(trade_staff))
    assert not any(k.startswith("instruction-approve_extension") for k in keys(markets_staff))


def test_the_signal_goes_with_every_step(write, trade_staff):
    heard = []

    def listener(sender, *, instruction, event, kind, **kwargs):
        heard.append((kind, event.kind if event else None))

    instruction_event.connect(listener)
    try:
        instruction = write()
        step(instruction, Kind.SIGN, trade_staff)
    finally:
        instruction_event.disconnect(listener)
    assert heard == [("assign", "assign"), ("sign", "sign")]


def test_sendreminders_adds_due_soon_and_overdue_once(write, trade_staff, leader, clock):
    heard = []

    def listener(sender, *, instruction, event, kind, **kwargs):
        heard.append(kind)

    instruction = write(urgency="urgent")  # assigned 2007-03-12, due 2007-03-17
    step(instruction, Kind.SIGN, trade_staff)
    instruction_event.connect(listener)
    try:
        call_command("sendreminders", "--date", "2007-03-15", stdout=io.StringIO())
        assert not any("due_soon" in k for k in keys(trade_staff))  # 急件: 1 day before only
        call_command("sendreminders", "--date", "2007-03-16", stdout=io.StringIO())
        call_command("sendreminders", "--date", "2007-03-16", stdout=io.StringIO())
        assert [k for k in keys(trade_staff) if "due_soon" in k] == [
            f"instruction-due_soon:{instruction.pk}:2007-03-17"
        ]
        call_command("sendreminders", "--date", "2007-03-18", stdout=io.StringIO())
        call_command("sendreminders", "--date", "2007-03-19", stdout=io.StringIO())
        overdue = f"instruction-overdue:{instruction.pk}:2007-03-17"
        assert overdue in keys(trade_staff) and overdue in keys(leader)
        assert Notice.objects.get(recipient=trade_staff, key=overdue).level == Notice.Level.RED
    finally:
        instruction_event.disconnect(listener)
    assert heard == ["due_soon", "overdue"]


def test_a_dry_run_sends_nothing(write, trade_staff):
    write(urgency="urgent")
    call_command("sendreminders", "--date", "2007-03-20", "--dry-run", stdout=io.StringIO())
    assert not any("overdue" in k for k in keys(trade_staff))
