"""After an unlock the month's header says who unlocked it, when and why — until it is approved again."""

import re

import pytest

from plan import cycle
from plan.models import Department


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def unlocked(plan_2007, trade_staff, leader, admin_user):
    trade = Department.objects.get(code="trade")
    report = cycle.report_get(department=trade, year=2007, month=9)
    report = cycle.report_submit(user=trade_staff, report=report, expected_version=report.version)
    report = cycle.report_approve(user=leader, report=report)
    return cycle.report_unlock(user=admin_user, report=report, reason="海关正式数据修订")


@pytest.mark.parametrize("who", ["trade_staff", "leader", "admin_user"])
def test_the_month_header_names_who_unlocked(client, unlocked, who, request):
    client.force_login(request.getfixturevalue(who))
    html = client.get("/months/trade/2007/9/").content.decode()
    message = re.search(r'id="unlock-message">(.*?)</div>', html, re.S)
    assert message, "no unlock message"
    text = plain(message.group(1))
    assert text.startswith("管理员于") and text.endswith("解锁本月，理由：海关正式数据修订。")


def test_approved_again_the_message_goes(client, unlocked, trade_staff, leader):
    report = cycle.report_submit(user=trade_staff, report=unlocked, expected_version=unlocked.version)
    cycle.report_approve(user=leader, report=report)
    client.force_login(leader)
    assert 'id="unlock-message"' not in client.get("/months/trade/2007/9/").content.decode()
