"""In a real Chromium: a store is recorded and accepted and the count rises; the Yili project reaches
核准/备案; a leader closes (销号) a finished measure."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_markets_staffer_records_and_accepts_a_store(page, live_server, plan_2007, markets_staff, tmp_path):
    log_in(page, live_server, "markets1")
    page.goto(f"{live_server.url}/markets/village-stores/?year=2007&month=12")
    expect(page.locator("#stores-counted")).to_have_text("0 家")

    page.get_by_role("link", name="新增农家店").click()
    page.get_by_label("店名").fill("沙尔沁村农家店")
    page.get_by_label("旗县区").select_option(label="土默特左旗")
    page.get_by_label("业态").select_option(label="综合")
    page.get_by_label("建成日期").fill("2007-05-10")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("沙尔沁村农家店")

    page.goto(f"{live_server.url}/markets/village-stores/?year=2007&month=12")
    expect(page.locator("#stores-counted")).to_have_text("0 家")
    expect(page.locator("#stores-awaiting")).to_have_text("1 家")

    page.get_by_role("link", name="农家店台账").click()
    page.get_by_role("link", name="沙尔沁村农家店").click()
    page.get_by_role("link", name="修改").click()
    page.get_by_label("验收日期").fill("2007-06-28")
    page.get_by_label("修改原因").fill("6月验收合格")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#record-fields")).to_contain_text("2007-06-28")
    expect(page.locator(".history-list")).to_contain_text("6月验收合格")
    # Counted now: a change needs 修改原因, and the reason goes into the history.
    page.get_by_role("link", name="修改").click()
    page.get_by_label("补助资金").fill("2")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#id_reason")).to_have_class(re.compile(r"is-invalid"))
    expect(page.locator("form.app-form")).to_contain_text("这项记录已计入计划完成数，请说明修改原因")
    page.get_by_label("修改原因").fill("补助资金到位")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".history-list")).to_contain_text("补助资金到位")

    page.goto(f"{live_server.url}/markets/village-stores/?year=2007&month=12")
    expect(page.locator("#stores-counted")).to_have_text("1 家")
    expect(page.locator("#county-table")).to_contain_text("土默特左旗")
    page.screenshot(path=str(tmp_path / "stores.png"), full_page=True)


def test_outreach_staffer_moves_the_yili_project_to_approval(page, live_server, plan_2007, outreach_staff):
    log_in(page, live_server, "outreach1")
    page.goto(f"{live_server.url}/registers/overseas-projects/")
    page.get_by_role("link", name="伊利集团蒙古国乳制品加工厂").click()
    page.get_by_role("link", name="修改").click()
    page.get_by_label("阶段").select_option(label="核准/备案")
    page.get_by_role("button", name="保存").click()
    # Without the approval date the 实现 rule cannot count it: refused, with the field named.
    expect(page.locator("#id_approved_on")).to_have_class(re.compile(r"is-invalid"))
    page.get_by_label("核准日期").fill("2007-09-18")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#record-fields")).to_contain_text("核准/备案")
    expect(page.locator("#record-fields")).to_contain_text("2007-09-18")


def test_leader_closes_a_finished_measure(page, live_server, plan_2007, markets_staff, leader):
    from plan import measure_updates

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
    log_in(page, live_server, "leader1")
    page.goto(f"{live_server.url}/plan/2007/measures/?status=done")
    page.get_by_role("link", name="做好农家店验收和“回头看”工作").click()
    expect(page.locator("#measure-status")).to_contain_text("已完成")
    page.get_by_label("说明").fill("材料齐全")
    page.get_by_role("button", name="销号").click()
    expect(page.locator("#measure-status")).to_contain_text("已销号")
    expect(page.locator("#closure")).to_have_count(0)
