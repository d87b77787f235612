"""The 批示's time, every rule in one place, each judged AT A GIVEN DATE (the date the screen shows).

- Due: 急件 5, 一般 15, 难件 30 calendar days after 交办, or an explicit date; a 延期 moves it only when approved.
- 签收逾期: not signed within 1 day of 交办 (signed later than the day after, or not signed and that day past).
- 即将逾期: 2 days or fewer before the due date (急件: 1 day), not yet reported.
- 逾期: past the due date without a 反馈 (a report submitted by that date).
- On time: done, and the accepted 反馈 was submitted by the due date in force.
"""

import datetime

from .models import State, Urgency

DAYS = {Urgency.URGENT: 5, Urgency.NORMAL: 15, Urgency.HARD: 30}
SIGN_WITHIN_DAYS = 1
NEAR_DAYS = {Urgency.URGENT: 1, Urgency.NORMAL: 2, Urgency.HARD: 2}

CLOSED = (State.DONE, State.STOPPED)


def due_from(urgency: str, assigned_on: datetime.date) -> datetime.date:
    """The due date of an urgency, counted in calendar days from 交办 (month and year ends included)."""
    return assigned_on + datetime.timedelta(days=DAYS[urgency])


def sign_due(instruction) -> datetime.date:
    return instruction.assigned_on + datetime.timedelta(days=SIGN_WITHIN_DAYS)


def _on_record(day: datetime.date | None, on: datetime.date) -> bool:
    """Whether something dated `day` had happened by `on`."""
    return day is not None and day <= on


def sign_overdue(instruction, on: datetime.date) -> bool:
    """签收逾期 at `on`: not signed by the day after 交办 (a stopped 批示 never signed counts until it stopped)."""
    if on < instruction.assigned_on:
        return False
    limit = sign_due(instruction)
    if _on_record(instruction.signed_on, on):
        return instruction.signed_on > limit
    if instruction.state == State.STOPPED and _on_record(instruction.closed_on, on):
        return instruction.closed_on > limit
    return on > limit


def reported_by(instruction, on: datetime.date) -> bool:
    """Whether a 反馈 stood at `on` (the lead department's report, not returned since)."""
    return _on_record(instruction.reported_on, on) or (
        instruction.state == State.DONE and _on_record(instruction.closed_on, on)
    )


def is_open_on(instruction, on: datetime.date) -> bool:
    """Assigned by `on` and not yet done or stopped at `on`."""
    if on < instruction.assigned_on:
        return False
    return not (instruction.state in CLOSED and _on_record(instruction.closed_on, on))


def overdue(instruction, on: datetime.date) -> bool:
    """逾期 at `on`: open, past the due date in force, and no 反馈 submitted."""
    return is_open_on(instruction, on) and on > instruction.due and not reported_by(instruction, on)


def days_left(instruction, on: datetime.date) -> int:
    return (instruction.due - on).days


def due_soon(instruction, on: datetime.date) -> bool:
    """即将逾期 at `on`: open, not reported, and the due date 2 days away or fewer (急件: 1 day)."""
    if not is_open_on(instruction, on) or reported_by(instruction, on):
        return False
    return 0 <= days_left(instruction, on) <= NEAR_DAYS[instruction.urgency]


def on_time(instruction) -> bool | None:
    """For a 批示 办结: whether its accepted 反馈 was submitted by the due date in force; None while not done."""
    if instruction.state != State.DONE or instruction.reported_on is None:
        return None
    return instruction.reported_on <= instruction.due


def week_of(on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday and Sunday of the week of `on` (the list's 'due this week')."""
    monday = on - datetime.timedelta(days=on.weekday())
    return monday, monday + datetime.timedelta(days=6)


def flag(instruction, on: datetime.date) -> str:
    """The one time flag a list shows: "overdue", "due_soon", "sign_overdue" or ""."""
    if overdue(instruction, on):
        return "overdue"
    if due_soon(instruction, on):
        return "due_soon"
    if instruction.state == State.ASSIGNED and sign_overdue(instruction, on):
        return "sign_overdue"
    return ""
