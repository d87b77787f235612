"""The reasons kept in the histories are as long as their forms allow, on PostgreSQL too: simple-history's
default 100-character column made an unlock reason of 101 characters, or a return message of 90, a server
error there (SQLite does not enforce the length)."""

import pytest
from django.urls import reverse

from plan import cycle, measure_updates
from plan.models import Department, Measure


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


# Nothing lost: a refused return, unlock or send-back comes back on its page with what was typed, and the
# problem named by its field in Chinese (it used to redirect, and the text was gone).


def _page_after(response) -> str:
    assert response.status_code == 400
    return response.content.decode()


def test_a_too_long_return_message_keeps_what_was_typed(client, submitted, leader):
    client.force_login(leader)
    message = "请补充出口下降的原因分析。" * 200  # 2,600 characters, over the form's 2,000
    html = _page_after(
        client.post(reverse("plan:month_return", args=["trade", 2007, 9]), {"message": message})
    )
    assert message in html
    assert "退回原因：" in html
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_a_too_long_unlock_reason_keeps_what_was_typed(client, submitted, leader, admin_user):
    cycle.report_approve(user=leader, report=submitted)
    client.force_login(admin_user)
    reason = "海关正式数据修订，" * 60  # 540 characters, over 500
    html = _page_after(client.post(reverse("plan:month_unlock", args=["trade", 2007, 9]), {"reason": reason}))
    assert f'value="{reason}"' in html
    assert "解锁原因：" in html and "500" in html
    submitted.refresh_from_db()
    assert submitted.state == "approved"


def test_a_too_long_send_back_reason_keeps_what_was_typed(client, plan_2007, markets_staff, leader):
    measure = plan_2007.measures.get(code="3.2.1")
    measure_updates.measure_update_save(
        user=markets_staff,
        measure=measure,
        year=2007,
        month=11,
        text="全部验收完毕",
        progress_pct=100,
        status="done",
        expected_version=0,
    )
    client.force_login(leader)
    reason = "回头看未完成，" * 80  # 560 characters
    version = Measure.objects.get(pk=measure.pk).version
    html = _page_after(
        client.post(
            reverse("plan:measure_send_back", args=[2007, measure.code]),
            {"reason": reason, "version": version},
        )
    )
    assert f'value="{reason}"' in html
    assert "原因：" in html and "500" in html
    assert Measure.objects.get(pk=measure.pk).status == "done"
