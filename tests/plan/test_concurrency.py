"""No lost updates: two people save the same month at the same time, on two database connections.

Runs on PostgreSQL (row locks) and on SQLite in a file (tests/test_concurrency_in_a_file.py), where the second
writer waits for the first to commit (transaction_mode IMMEDIATE); not on the in-memory database.
"""

import threading
from decimal import Decimal as D

import pytest
from django.db import connections

from plan import cycle
from plan.figures import month as figure_month
from plan.figures.month import FigureEntry
from plan.models import Department, TargetNote
from tests.conftest import threads_interleave
from trade.models import TradeFigure

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not threads_interleave(),
        reason="needs two connections that can race: PostgreSQL, or SQLite in a file",
    ),
]


def test_the_later_of_two_interleaved_saves_is_refused(plan_2007, trade_staff, admin_user, monkeypatch):
    trade = Department.objects.get(code="trade")
    loaded_version = cycle.report_get(department=trade, year=2007, month=9).version  # both pages open

    first_holds_the_month = threading.Event()
    let_first_commit = threading.Event()
    real_apply = figure_month._apply

    def slow_apply(*args, **kwargs):
        # The first save stops inside its transaction, after it has locked the month.
        if threading.current_thread().name == "first":
            first_holds_the_month.set()
            assert let_first_commit.wait(10)
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(figure_month, "_apply", slow_apply)
    outcomes = {}

    def save(user, value):
        try:
            figure_month.figures_save_month(
                user=user,
                department=trade,
                year=2007,
                month=9,
                entries={"export": FigureEntry(cumulative=D(value))},
                notes={"export": f"by {user.username}"},
                expected_version=loaded_version,
            )
            outcomes[threading.current_thread().name] = "saved"
        except cycle.ConflictError as error:
            outcomes[threading.current_thread().name] = error.message
        finally:
            connections.close_all()

    first = threading.Thread(target=save, args=(trade_staff, "37916"), name="first")
    second = threading.Thread(target=save, args=(admin_user, "40000"), name="second")
    first.start()
    assert first_holds_the_month.wait(10)
    second.start()
    second.join(1)  # the second save waits for the month's row lock
    assert second.is_alive()
    let_first_commit.set()
    first.join(10)
    second.join(10)

    assert outcomes["first"] == "saved"
    # The second is told who saved what, and nothing of it is stored.
    assert "外贸填报员" in outcomes["second"] and "37,916.00" in outcomes["second"]
    assert TradeFigure.objects.get(indicator="export").cumulative == D(37916)
    # The note of the target (the notes belong to targets): the first one's, alone.
    assert TargetNote.objects.get(target__code="export", month=9).text == "by trade1"
