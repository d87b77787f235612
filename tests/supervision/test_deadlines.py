"""The 批示's time, judged at a given date: due dates across month and year ends, 签收逾期, 即将逾期, 逾期, on time."""

import datetime

from supervision import deadlines
from supervision.models import Instruction, State, Urgency

D = datetime.date


def make(assigned, urgency=Urgency.NORMAL, **extra):
    due = extra.pop("due", None) or deadlines.due_from(urgency, assigned)
    return Instruction(
        assigned_on=assigned, urgency=urgency, due=due, state=extra.pop("state", State.ASSIGNED), **extra
    )


def test_due_dates_count_calendar_days_across_month_and_year_ends():
    assert deadlines.due_from(Urgency.URGENT, D(2007, 1, 29)) == D(2007, 2, 3)
    assert deadlines.due_from(Urgency.NORMAL, D(2007, 2, 20)) == D(2007, 3, 7)  # 2007: February has 28 days
    assert deadlines.due_from(Urgency.NORMAL, D(2008, 2, 20)) == D(2008, 3, 6)  # 2008: 29 days
    assert deadlines.due_from(Urgency.HARD, D(2007, 12, 15)) == D(2008, 1, 14)
    assert deadlines.due_from(Urgency.URGENT, D(2007, 12, 28)) == D(2008, 1, 2)


def test_not_signed_within_a_day_is_sign_overdue():
    instruction = make(D(2007, 12, 31))
    assert not deadlines.sign_overdue(instruction, D(2008, 1, 1))  # the day after: still in time
    assert deadlines.sign_overdue(instruction, D(2008, 1, 2))
    instruction.signed_on, instruction.state = D(2008, 1, 1), State.SIGNED
    assert not deadlines.sign_overdue(instruction, D(2008, 1, 5))
    late = make(D(2007, 3, 30), signed_on=D(2007, 4, 1), state=State.SIGNED)
    assert deadlines.sign_overdue(late, D(2007, 4, 1))
    # Judged on the day after 交办, before the late signing: not yet overdue then.
    assert not deadlines.sign_overdue(late, D(2007, 3, 31))


def test_due_soon_two_days_before_and_one_for_urgent():
    normal = make(D(2007, 12, 17))  # due 2008-01-01
    assert normal.due == D(2008, 1, 1)
    assert not deadlines.due_soon(normal, D(2007, 12, 29))
    assert deadlines.due_soon(normal, D(2007, 12, 30))
    assert deadlines.due_soon(normal, D(2008, 1, 1))
    assert not deadlines.due_soon(normal, D(2008, 1, 2))  # overdue now
    urgent = make(D(2007, 2, 24), Urgency.URGENT)  # due 2007-03-01
    assert urgent.due == D(2007, 3, 1)
    assert not deadlines.due_soon(urgent, D(2007, 2, 27))
    assert deadlines.due_soon(urgent, D(2007, 2, 28))


def test_overdue_after_the_due_date_without_a_report():
    instruction = make(D(2007, 1, 31), Urgency.HARD, state=State.IN_PROGRESS)  # due 2007-03-02
    assert instruction.due == D(2007, 3, 2)
    assert not deadlines.overdue(instruction, D(2007, 3, 2))
    assert deadlines.overdue(instruction, D(2007, 3, 3))
    # A report submitted on the due date: not overdue after it, and on time when accepted.
    instruction.state, instruction.reported_on = State.REPORTED, D(2007, 3, 2)
    assert not deadlines.overdue(instruction, D(2007, 3, 10))
    # Judged at a date before the report, it was overdue.
    instruction.reported_on = D(2007, 3, 5)
    assert deadlines.overdue(instruction, D(2007, 3, 4))
    instruction.state, instruction.closed_on = State.DONE, D(2007, 3, 6)
    assert deadlines.on_time(instruction) is False
    instruction.reported_on = D(2007, 3, 2)
    assert deadlines.on_time(instruction) is True


def test_a_stopped_one_is_neither_overdue_nor_due_soon():
    instruction = make(D(2007, 3, 1), state=State.STOPPED, closed_on=D(2007, 3, 10))
    assert not deadlines.overdue(instruction, D(2007, 4, 1))
    assert deadlines.overdue(instruction, D(2007, 3, 9)) is False  # not yet due then
    assert deadlines.on_time(instruction) is None


def test_the_week_of_a_date_spans_a_year_end():
    assert deadlines.week_of(D(2008, 1, 2)) == (D(2007, 12, 31), D(2008, 1, 6))
