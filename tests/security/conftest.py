"""Personas and the world of fixtures the security tests share."""

from types import SimpleNamespace

import pytest

from tests.conftest import _make_user

# --- personas ---------------------------------------------------------------------------------------------
ANON = "anonymous"
TRADE, MARKETS, REGULATION, OUTREACH, OFFICE = "trade", "markets", "regulation", "outreach", "office"
STAFF = (TRADE, MARKETS, REGULATION, OUTREACH, OFFICE)
LEADER, ADMIN, DEACTIVATED, RESET = "leader", "admin", "deactivated", "reset"
SIGNED_IN = (*STAFF, LEADER, ADMIN)
WRITTEN = (ANON, *SIGNED_IN, DEACTIVATED)  # the personas the table spells out; RESET is derived

# --- the world --------------------------------------------------------------------------------------------


@pytest.fixture
def world(plan_2007, trade_staff, markets_staff, leader, admin_user, outsider):
    from plan.services import report_get

    people = {
        TRADE: trade_staff,
        MARKETS: markets_staff,
        REGULATION: _make_user("regulation1", "staff", "regulation"),
        OUTREACH: _make_user("outreach1", "staff", "outreach"),
        OFFICE: _make_user("office1", "staff", "office"),
        LEADER: leader,
        ADMIN: admin_user,
        DEACTIVATED: outsider,
        RESET: _make_user("reset1", "staff", "trade", must_change_password=True),
    }
    report = report_get(department=trade_staff.department, year=2007, month=9)
    return SimpleNamespace(plan=plan_2007, people=people, report=report, trade_staff=trade_staff)
