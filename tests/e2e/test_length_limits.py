"""In a real Chromium: the month note box counts what is typed and turns red past its limit, cuts nothing
off, and a note one character too long comes back from the server with the field named and the text whole
(issue 13)."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_note_box_counts_warns_and_keeps_everything(browser, live_server, plan_2007, trade_staff):
    page = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("trade1")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/months/trade/2007/9/")

    box = page.get_by_label("出口 · 原因分析及措施", exact=True)
    counter = page.locator("#id_note__export + .char-counter")
    expect(page.locator("#id_note__export_help")).to_have_text("最多 2,000 字。")
    expect(counter).to_have_text("0 / 2,000")
    box.fill("说明" * 1000 + "多")  # one character too many, as if pasted from a report
    expect(counter).to_have_text("2,001 / 2,000")
    expect(counter).to_have_class("form-text text-end char-counter text-danger fw-bold")
    assert len(box.input_value()) == 2001  # the browser cut nothing

    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("#form-errors")).to_contain_text("原因分析及措施：最多 2,000 字，现有 2,001 字")
    assert len(page.get_by_label("出口 · 原因分析及措施", exact=True).input_value()) == 2001
