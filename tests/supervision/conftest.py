import datetime

import pytest
import time_machine

from tests.conftest import _make_user

# 2007-03-12, a Monday, 09:00 in Hohhot (UTC+8).
START = datetime.datetime(2007, 3, 12, 1, 0, tzinfo=datetime.UTC)


@pytest.fixture
def office_staff(db):
    return _make_user("office1", "staff", "office", name="办公室督查员")


@pytest.fixture
def clock():
    """The clock stopped at START; `clock.move_to(...)` moves it."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def write(plan_2007, leader, clock):
    """A 批示 by the leader on the trade target, trade leading and markets helping (一般: due in 15 days)."""
    from plan.models import Department
    from supervision import services

    def make(**extra):
        options = {
            "by": leader,
            "text": "请外贸科加大稳外贸工作力度，月底前报送情况。",
            "lead": Department.objects.get(code="trade"),
            "co_departments": [Department.objects.get(code="markets")],
            "year": 2007,
            "target": plan_2007.targets.get(code="trade_total"),
        }
        options.update(extra)
        return services.instruction_create(**options)

    return make


def step(instruction, kind, by, text="", **extra):
    from supervision import services
    from supervision.models import Instruction

    instruction = Instruction.objects.get(pk=instruction.pk)
    return services.instruction_step(
        instruction=instruction, step=kind, by=by, text=text, expected_version=instruction.version, **extra
    )
