"""`manage.py demo`: the demo log-ins and sample data of every app, all marked as sample data."""

import io

from django.core.management import call_command

from accounts.models import User
from markets.models import RetailFigure, VillageStore
from plan.models import Measure, MeasureUpdate
from trade.models import TradeFigure


def test_demo_creates_the_log_ins_and_marked_sample_data(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "password: demo-password-for-tests (from DEMO_PASSWORD)" in out.getvalue()
    usernames = set(User.objects.values_list("username", flat=True))
    assert usernames == {"admin", "leader", "trade", "markets", "regulation", "outreach", "office"}
    assert User.objects.get(username="trade").check_password("demo-password-for-tests")

    assert TradeFigure.objects.exists() and not TradeFigure.objects.filter(is_sample=False).exists()
    assert RetailFigure.objects.exists() and not RetailFigure.objects.filter(is_sample=False).exists()
    assert VillageStore.objects.exists() and not VillageStore.objects.filter(is_sample=False).exists()
    assert MeasureUpdate.objects.exists() and not MeasureUpdate.objects.filter(is_sample=False).exists()
    # The measures' states follow the sample updates: one behind, one awaiting 销号, one closed.
    status = dict(Measure.objects.filter(plan__year=2007).values_list("code", "status"))
    assert (status["3.2.1"], status["3.1.5"], status["3.5.2"]) == ("behind", "done", "closed")


def test_demo_if_empty_leaves_a_used_database_alone(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("demo", stdout=io.StringIO())
    counts = (TradeFigure.objects.count(), MeasureUpdate.objects.count(), VillageStore.objects.count())
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "already has accounts" in out.getvalue()
    assert (
        TradeFigure.objects.count(),
        MeasureUpdate.objects.count(),
        VillageStore.objects.count(),
    ) == counts
