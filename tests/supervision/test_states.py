"""The 批示's state machine: every state × step × persona, allowed or refused (docs/rules.md, 督办), and a refused
step changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from supervision import states
from supervision.models import Instruction, InstructionEvent, State

from .conftest import step

Kind = InstructionEvent.Kind

# Handwritten from docs/rules.md: only the lead department signs and reports; lead and co-departments reply; only a
# leader accepts, returns, answers a 延期 and stops; a leader or the 办公室 (or an admin) reminds; the lead
# department asks for a 延期 while the 批示 is in hand.
IN_HAND = {
    Kind.REPLY: {"lead", "co"},
    Kind.REPORT: {"lead"},
    Kind.EXTEND: {"lead"},
    Kind.APPROVE_EXTENSION: {"leader"},
    Kind.REFUSE_EXTENSION: {"leader"},
    Kind.REMIND: {"leader", "office", "admin"},
    Kind.STOP: {"leader"},
}
ALLOWED = {
    State.ASSIGNED: {Kind.SIGN: {"lead"}, Kind.REMIND: {"leader", "office", "admin"}, Kind.STOP: {"leader"}},
    State.SIGNED: IN_HAND,
    State.IN_PROGRESS: IN_HAND,
    State.REPORTED: {
        Kind.ACCEPT: {"leader"},
        Kind.RETURN: {"leader"},
        Kind.APPROVE_EXTENSION: {"leader"},
        Kind.REFUSE_EXTENSION: {"leader"},
        Kind.STOP: {"leader"},
    },
    State.DONE: {},
    State.STOPPED: {},
}
PERSONAS = ["lead", "co", "leader", "office", "admin", "other"]


def _reach(instruction, state, people, *, pending_extension):
    """Take the instruction to `state` by allowed steps (with a 延期 waiting, when asked and possible)."""
    lead, leader = people["lead"], people["leader"]
    later = instruction.due + datetime.timedelta(days=10)
    if state == State.ASSIGNED:
        return
    if state == State.STOPPED:
        step(instruction, Kind.STOP, leader, "不再需要")
        return
    step(instruction, Kind.SIGN, lead)
    if state in (State.IN_PROGRESS,):
        step(instruction, Kind.REPLY, lead, "已开展调研")
    if pending_extension and state in (State.SIGNED, State.IN_PROGRESS, State.REPORTED):
        step(instruction, Kind.EXTEND, lead, "需要更多时间", due=later)
    if state in (State.REPORTED, State.DONE):
        step(instruction, Kind.REPORT, lead, "已办理完毕")
    if state == State.DONE:
        step(instruction, Kind.ACCEPT, leader)


def test_every_state_step_and_persona(
    write, trade_staff, markets_staff, leader, office_staff, admin_user, regulation_staff
):
    people = {
        "lead": trade_staff,
        "co": markets_staff,
        "leader": leader,
        "office": office_staff,
        "admin": admin_user,
        "other": regulation_staff,
    }
    outcomes = {}
    for state in State.values:
        for kind in states.STEPS:
            for persona in PERSONAS:
                with transaction.atomic():
                    instruction = write()
                    pending = kind in (Kind.APPROVE_EXTENSION, Kind.REFUSE_EXTENSION)
                    _reach(instruction, state, people, pending_extension=pending)
                    instruction.refresh_from_db()
                    assert instruction.state == state
                    before = (instruction.version, instruction.events.count())
                    extra = (
                        {"due": instruction.due + datetime.timedelta(days=5)} if kind == Kind.EXTEND else {}
                    )
                    try:
                        step(instruction, kind, people[persona], "说明", **extra)
                        outcomes[state, kind, persona] = True
                    except (PermissionDenied, ValidationError):
                        outcomes[state, kind, persona] = False
                        instruction.refresh_from_db()
                        assert (instruction.version, instruction.events.count()) == before
                    transaction.set_rollback(True)
    wrong = [
        (state, kind, persona, allowed)
        for (state, kind, persona), allowed in outcomes.items()
        if allowed != (persona in ALLOWED[state].get(kind, set()))
    ]
    assert wrong == []


def test_the_table_moves_states_as_domain_md_says():
    assert states.rule(State.ASSIGNED, Kind.SIGN).after == State.SIGNED
    assert states.rule(State.SIGNED, Kind.REPLY).after == State.IN_PROGRESS
    assert states.rule(State.IN_PROGRESS, Kind.REPORT).after == State.REPORTED
    assert states.rule(State.REPORTED, Kind.ACCEPT).after == State.DONE
    assert states.rule(State.REPORTED, Kind.RETURN).after == State.IN_PROGRESS
    assert states.rule(State.IN_PROGRESS, Kind.STOP).after == State.STOPPED
    assert states.rule(State.DONE, Kind.STOP) is None


def test_a_full_round_with_a_return(write, trade_staff, markets_staff, leader, office_staff):
    instruction = write()
    assert (instruction.state, instruction.due) == (State.ASSIGNED, datetime.date(2007, 3, 27))
    step(instruction, Kind.REMIND, office_staff, "请尽快签收")
    step(instruction, Kind.SIGN, trade_staff)
    step(instruction, Kind.REPLY, markets_staff, "市场科已配合摸底")
    step(instruction, Kind.REPORT, trade_staff, "已完成")
    step(instruction, Kind.RETURN, leader, "数据不全")
    instruction.refresh_from_db()
    assert instruction.state == State.IN_PROGRESS and instruction.reported_on is None
    step(instruction, Kind.REPORT, trade_staff, "已补充数据")
    done = step(instruction, Kind.ACCEPT, leader, "同意办结")
    assert done.state == State.DONE
    kinds = list(done.events.values_list("kind", flat=True))
    assert kinds == ["assign", "remind", "sign", "reply", "report", "return", "report", "accept"]
    # Who acted for which department is kept.
    reply = done.events.get(kind="reply")
    assert reply.department.code == "markets" and reply.by == markets_staff


def test_extension_changes_the_due_date_only_on_approval(write, trade_staff, leader):
    instruction = write()
    step(instruction, Kind.SIGN, trade_staff)
    step(instruction, Kind.EXTEND, trade_staff, "需协调海关数据", due=datetime.date(2007, 4, 10))
    instruction.refresh_from_db()
    assert instruction.due == datetime.date(2007, 3, 27) and instruction.asked_due == datetime.date(
        2007, 4, 10
    )
    with pytest.raises(ValidationError):
        step(instruction, Kind.EXTEND, trade_staff, "再次申请", due=datetime.date(2007, 4, 20))
    step(instruction, Kind.REFUSE_EXTENSION, leader, "请按期完成")
    instruction.refresh_from_db()
    assert instruction.due == datetime.date(2007, 3, 27) and instruction.asked_due is None
    step(instruction, Kind.EXTEND, trade_staff, "确需延期", due=datetime.date(2007, 4, 5))
    step(instruction, Kind.APPROVE_EXTENSION, leader)
    instruction.refresh_from_db()
    assert instruction.due == datetime.date(2007, 4, 5)
    approved = instruction.events.get(kind="approve_extension")
    # The history keeps both dates.
    assert (approved.old_due, approved.new_due) == (datetime.date(2007, 3, 27), datetime.date(2007, 4, 5))


def test_extension_is_asked_before_the_due_date(write, trade_staff, clock):
    instruction = write(urgency="urgent")
    step(instruction, Kind.SIGN, trade_staff)
    clock.move_to(datetime.datetime(2007, 3, 18, 1, tzinfo=datetime.UTC))  # due 3-17: passed
    with pytest.raises(ValidationError):
        step(instruction, Kind.EXTEND, trade_staff, "来不及", due=datetime.date(2007, 3, 30))


def test_steps_need_their_text(write, trade_staff):
    instruction = write()
    step(instruction, Kind.SIGN, trade_staff)
    with pytest.raises(ValidationError):
        step(instruction, Kind.REPORT, trade_staff, "  ")


def test_a_stale_version_is_refused_and_nothing_changes(write, trade_staff):
    from core.versions import ConflictError
    from supervision import services

    instruction = write()
    seen = instruction.version
    step(instruction, Kind.SIGN, trade_staff)
    with pytest.raises(ConflictError):
        services.instruction_step(
            instruction=instruction, step=Kind.REPLY, by=trade_staff, text="旧页面", expected_version=seen
        )
    with pytest.raises(ConflictError):
        services.instruction_step(
            instruction=instruction, step=Kind.REPLY, by=trade_staff, text="无版本", expected_version=None
        )
    instruction.refresh_from_db()
    assert instruction.state == State.SIGNED and instruction.version == seen + 1
    assert not instruction.events.filter(kind="reply").exists()


def test_only_leaders_and_the_office_write(write, trade_staff, office_staff, admin_user, leader):
    from plan.models import Department
    from supervision import services

    with pytest.raises(PermissionDenied):
        write(by=trade_staff)
    # On a leader's behalf: recorded as such.
    entered = write(by=office_staff, written_by=leader)
    assert (entered.written_by, entered.entered_by) == (leader, office_staff)
    with pytest.raises(ValidationError):
        write(by=admin_user)  # must name the leader
    mine = write()
    assert (mine.written_by, mine.entered_by) == (leader, None)
    with pytest.raises(ValidationError):
        services.instruction_create(
            by=leader,
            text="两个对象",
            lead=Department.objects.get(code="trade"),
            year=2007,
            target=mine.target,
            bulletin=(2007, 2),
        )
    assert Instruction.objects.count() == 2
