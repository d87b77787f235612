"""The reasons kept in the histories are as long as their forms allow, on PostgreSQL too: simple-history's
default 100-character column made an unlock reason of 101 characters, or a return message of 90, a server
error there (SQLite does not enforce the length)."""

import pytest

from plan import cycle
from plan.models import Department


@pytest.fixture
def submitted(db, trade_staff):
    report = cycle.report_get(department=Department.objects.get(code="trade"), year=2007, month=9)
    return cycle.report_submit(user=trade_staff, report=report, expected_version=report.version)


def test_a_long_unlock_reason_is_kept_whole(submitted, leader, admin_user):
    report = cycle.report_approve(user=leader, report=submitted)
    reason = "海关正式数据修订，" * 50  # 450 characters, within the form's 500
    report = cycle.report_unlock(user=admin_user, report=report, reason=reason)
    assert report.history.first().history_change_reason == f"解锁：{reason}"


def test_a_long_return_message_is_kept_whole(submitted, leader):
    message = "请补充出口下降的原因分析。" * 100  # 1,300 characters
    report = cycle.report_return(user=leader, report=submitted, message=message)
    assert report.review_message == message
    assert report.history.first().history_change_reason.endswith(message)
