"""The 批示's state machine as data: (state, step) → (the state after, who may take the step).

One table, read by `supervision.services.instruction_step` (which applies it) and by the timeline page (which
offers each person the steps they may take). What the table cannot say — a 延期 is asked before the due date
and answered only while one is pending — is checked in `supervision.services`, beside the step.
"""

from dataclasses import dataclass

from .models import OFFICE as OFFICE_CODE
from .models import InstructionEvent, State

Kind = InstructionEvent.Kind

# Who: the lead department's staff (主办), a co-department's staff (协办), a leader, the 办公室's staff or an
# administrator (督查).
LEAD, CO, LEADER, OFFICE = "lead", "co", "leader", "office"


@dataclass(frozen=True)
class Rule:
    after: str  # the state after the step (the same state for a step that does not move it)
    who: frozenset[str]


def _rule(after, *who) -> Rule:
    return Rule(after=after, who=frozenset(who))


OPEN = (State.ASSIGNED, State.SIGNED, State.IN_PROGRESS, State.REPORTED)

TABLE: dict[tuple[str, str], Rule] = {
    (State.ASSIGNED, Kind.SIGN): _rule(State.SIGNED, LEAD),
    (State.SIGNED, Kind.REPLY): _rule(State.IN_PROGRESS, LEAD, CO),
    (State.IN_PROGRESS, Kind.REPLY): _rule(State.IN_PROGRESS, LEAD, CO),
    (State.SIGNED, Kind.REPORT): _rule(State.REPORTED, LEAD),
    (State.IN_PROGRESS, Kind.REPORT): _rule(State.REPORTED, LEAD),
    (State.REPORTED, Kind.ACCEPT): _rule(State.DONE, LEADER),
    (State.REPORTED, Kind.RETURN): _rule(State.IN_PROGRESS, LEADER),
    (State.SIGNED, Kind.EXTEND): _rule(State.SIGNED, LEAD),
    (State.IN_PROGRESS, Kind.EXTEND): _rule(State.IN_PROGRESS, LEAD),
    **{(state, Kind.APPROVE_EXTENSION): _rule(state, LEADER) for state in OPEN},
    **{(state, Kind.REFUSE_EXTENSION): _rule(state, LEADER) for state in OPEN},
    **{(state, Kind.REMIND): _rule(state, LEADER, OFFICE) for state in OPEN if state != State.REPORTED},
    **{(state, Kind.STOP): _rule(State.STOPPED, LEADER) for state in OPEN},
}

# The steps that need a text (a reason, what was done); the others may have one.
NEEDS_TEXT = frozenset({Kind.REPLY, Kind.REPORT, Kind.RETURN, Kind.EXTEND, Kind.REMIND, Kind.STOP})
# The steps that may carry evidence files.
WITH_FILES = frozenset({Kind.REPLY, Kind.REPORT})
# The steps taken through instruction_step (交办 is instruction_create).
STEPS = tuple(kind for kind in Kind.values if kind != Kind.ASSIGN)


def personas(user, instruction) -> frozenset[str]:
    """Who `user` is for `instruction`: any of LEAD, CO, LEADER, OFFICE (none for anyone else)."""
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    found = set()
    if user.is_leader:
        found.add(LEADER)
    if user.is_admin or (user.department_id and user.department.code == OFFICE_CODE):
        found.add(OFFICE)
    if user.role == user.Role.STAFF and user.department_id:
        if user.department_id == instruction.lead_id:
            found.add(LEAD)
        elif user.department_id in {d.pk for d in instruction.co_departments.all()}:
            found.add(CO)
    return frozenset(found)


def rule(state: str, step: str) -> Rule | None:
    return TABLE.get((state, step))


def allowed_steps(user, instruction) -> list[str]:
    """The steps the table lets `user` take on `instruction` now, in the order of InstructionEvent.Kind."""
    mine = personas(user, instruction)
    return [step for step in STEPS if (r := rule(instruction.state, step)) is not None and r.who & mine]
