"""In a real Chromium: the leader logs in, sees the 2007 targets and opens the plan."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_logs_in_and_reads_the_plan(page, live_server, leader, plan_2007, tmp_path):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    page.get_by_label("用户名").fill("leader1")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect(page.locator("#card-trade_total")).to_contain_text("8.70 亿美元")
    expect(page.locator("#card-retail_sales")).to_contain_text("400.00 亿元")

    page.get_by_role("link", name="阅读工作要点").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("呼和浩特市商务局2007年工作要点")
    expect(page.locator("#measure-3\\.4\\.3")).to_contain_text("伊利集团")
    page.screenshot(path=str(tmp_path / "plan.png"), full_page=True)


def test_phone_width_has_a_menu_button(page, live_server, leader, plan_2007):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("leader1")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    menu = page.get_by_role("button", name="菜单")
    expect(menu).to_be_visible()
    menu.click()
    page.get_by_role("button", name="工作要点").click()
    expect(page.get_by_role("link", name="工作措施")).to_be_visible()
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
