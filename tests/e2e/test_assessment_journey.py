"""In a real Chromium: the admin publishes the 考核方案, trade objects to a line of its scores, the 办公室
upholds the objection, and the leader sees the ranking with trade's score restored (1366 px and 375 px).

The clock is 12 May 2007 (Beijing): trade's March report went in on 12 April, two days late (−2), and April's
scores may be objected to until 15 May (April's deadline, 10 May, + 5 days)."""

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from plan import cycle
from tests.conftest import _make_user
from tests.e2e.journeys import fits_a_phone, log_in, shot

JOURNEY = "assessment"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_scheme_published_an_objection_upheld_and_the_ranking(
    page, live_server, plan_2007, leader, admin_user, trade_staff
):
    _make_user("office1", "staff", "office", name="办公室督查员")
    with time_machine.travel(datetime.datetime(2007, 4, 12, 2, 0, tzinfo=datetime.UTC), tick=False):
        report = cycle.report_get(department=trade_staff.department, year=2007, month=3)
        cycle.report_submit(user=trade_staff, report=report, expected_version=report.version)
    url = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    with time_machine.travel(datetime.datetime(2007, 5, 12, 1, 0, tzinfo=datetime.UTC), tick=True):
        # The admin publishes the default scheme.
        log_in(page, url, admin_user.username)
        page.goto(f"{url}/assessment/2007/scheme/")
        page.get_by_label("发布考核方案").check()
        page.get_by_role("button", name="保存").click()
        expect(page.locator(".alert-success")).to_contain_text("考核方案已保存")
        expect(page.locator("body")).to_contain_text("发布")

        # Trade objects to its late March.
        log_in(page, url, trade_staff.username)
        page.goto(f"{url}/assessment/2007/")  # staff are sent to their own department's lines
        expect(page).to_have_url(f"{url}/assessment/2007/trade/")
        page.goto(f"{url}/assessment/2007/trade/?month=4")
        line = page.locator('tr[data-key="report_late:2007-03"]')
        expect(line).to_contain_text("2007年3月月报逾期2天")
        before = page.locator("#score strong").inner_text()
        line.get_by_placeholder("异议理由").fill("4月10日系统故障，已电话报告办公室")
        line.get_by_role("button", name="提出异议").click()
        expect(page.locator(".alert-success")).to_contain_text("异议已提交")
        expect(page.locator('tr[data-key="report_late:2007-03"]')).to_contain_text("待处理")
        fits_a_phone(page, JOURNEY, "department-objected")

        # The office upholds it.
        log_in(page, url, "office1")
        page.goto(f"{url}/assessment/2007/trade/?month=4")
        objection = page.locator("[id^=objection-]").first
        objection.get_by_placeholder("处理意见及理由").fill("经核实系统故障属实")
        objection.get_by_role("button", name="异议成立").click()
        expect(page.locator(".alert-success")).to_contain_text("处理结果已记录")
        expect(page.locator('tr[data-kind="objection"]')).to_contain_text("经核实系统故障属实")
        after = page.locator("#score strong").inner_text()
        assert float(after) == float(before) + 2

        # The leader sees the ranking, trade's score as restored.
        log_in(page, url, leader.username)
        page.goto(f"{url}/assessment/2007/?month=4")
        expect(page.locator('#ranking tr[data-department="trade"] .score')).to_have_text(after)
        expect(page.locator("canvas[data-scores-chart]")).to_be_visible()
        shot(page, JOURNEY, "ranking-1366")
        fits_a_phone(page, JOURNEY, "ranking")
