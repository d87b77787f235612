"""In a real Chromium: the trade staffer enters 1–9月, sees a warning, confirms it with a note and submits;
the leader approves; the staffer can no longer edit; the admin unlocks with a reason; the history shows it."""

import pytest
from playwright.sync_api import expect

from plan.figures.importing import figures_import
from tests.conftest import PASSWORD
from trade import demo
from trade.models import TradeFigure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(browser, live_server, username):
    page = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    return page


def test_a_month_from_entry_to_unlock(
    browser, live_server, plan_2007, trade_staff, leader, admin_user, tmp_path
):
    # Last year in full and 1–2月 … 1–8月 of this year are in already.
    result = figures_import(rows=demo._rows(2006, range(1, 13)) + demo._rows(2007, range(2, 9)), label="seed")
    assert not result.errors

    staff = log_in(browser, live_server, "trade1")
    staff.get_by_role("button", name="月报").click()
    staff.get_by_role("link", name="外贸数据").click()
    staff.get_by_role("link", name="2007年1–9月").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("对外贸易科 · 2007年1–9月")
    export_row = staff.locator("#row-export")
    expect(export_row.locator('[data-cell="previous"]')).to_have_text("33,533.00")

    # Typed with full-width digits and a separator; 当月 follows as the staffer types.
    staff.get_by_label("出口", exact=True).fill("３３，０００")
    expect(export_row.locator('[data-cell="alone"]')).to_contain_text("-533.00")
    staff.get_by_label("进口", exact=True).fill("25518")
    expect(staff.locator("#row-import [data-cell='growth']")).to_contain_text("增长")
    staff.get_by_label("机电产品出口", exact=True).fill("9858")
    staff.get_by_label("高新技术产品出口", exact=True).fill("3792")
    staff.get_by_label("高新技术和机电产品出口（去重）", exact=True).fill("11375")
    staff.get_by_label("出口 · 原因分析及措施", exact=True).fill("出口受钢材退税调整影响，已走访重点企业。")
    # Save and submit asks once; the staffer agrees.
    asked = []
    staff.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    staff.get_by_role("button", name="保存并提交").click()

    # The cumulative falls below 1–8月: a warning, nothing stored until confirmed with a note.
    expect(staff.locator("#row-export .field-warning")).to_contain_text(
        "累计值由1–8月的 33,533.00 降至 33,000.00"
    )
    expect(staff.get_by_label("出口", exact=True)).to_have_value("33,000")
    staff.get_by_label("已核实带提示的数据，确认无误").check()
    staff.get_by_label("核实说明（数据变动原因）").fill("海关调减了8月快报数")
    staff.get_by_role("button", name="保存并提交").click()
    expect(staff.locator(".alert-success")).to_contain_text("已保存并提交审核")
    expect(staff.locator("#month-state")).to_have_text("已提交")
    assert len(asked) == 2 and "提交后本月将锁定" in asked[0]
    staff.screenshot(path=str(tmp_path / "submitted.png"), full_page=True)

    boss = log_in(browser, live_server, "leader1")
    boss.get_by_role("button", name="月报").click()
    boss.get_by_role("link", name="待审核").click()
    expect(boss.locator("#review-list")).to_contain_text("对外贸易科")
    boss.get_by_role("link", name="审核", exact=True).click()
    expect(boss.locator('[data-target="export"] .month-note')).to_contain_text("钢材退税")
    boss.get_by_role("button", name="审核通过").click()
    expect(boss.locator("#month-state")).to_have_text("已审核")

    staff.reload()
    expect(staff.locator("#locked-message")).to_be_visible()
    expect(staff.get_by_label("出口", exact=True)).to_have_count(0)
    expect(staff.get_by_role("button", name="保存")).to_have_count(0)

    admin = log_in(browser, live_server, "admin1")
    admin.goto(f"{live_server.url}/months/trade/2007/9/")
    admin.get_by_label("解锁原因").fill("海关发布正式数据，需要更正")
    admin.get_by_role("button", name="解锁").click()
    expect(admin.locator("#month-state")).to_have_text("草稿")

    staff.reload()
    expect(staff.get_by_label("出口", exact=True)).to_have_value("33,000.00")
    staff.get_by_role("link", name="历史记录").first.click()
    steps = staff.locator("#cycle-steps")
    for shown in ["外贸填报员", "已提交", "王局长", "已审核", "管理员", "解锁：海关发布正式数据，需要更正"]:
        expect(steps).to_contain_text(shown)
    changes = staff.locator("#figure-changes")
    expect(changes).to_contain_text("已确认提示：海关调减了8月快报数")
    expect(changes).to_contain_text("33,000.00")
    staff.screenshot(path=str(tmp_path / "history.png"), full_page=True)


def test_the_month_page_fits_a_phone(browser, live_server, plan_2007, trade_staff):
    staff = log_in(browser, live_server, "trade1")
    staff.set_viewport_size({"width": 375, "height": 740})
    staff.goto(f"{live_server.url}/months/trade/2007/9/")
    expect(staff.get_by_label("出口", exact=True)).to_be_visible()
    assert staff.evaluate("document.documentElement.scrollWidth") <= 375


def test_amounts_typed_in_yi_are_stored_in_wan(browser, live_server, plan_2007, trade_staff):
    result = figures_import(rows=demo._rows(2007, range(2, 9)), label="seed")
    assert not result.errors
    staff = log_in(browser, live_server, "trade1")
    staff.goto(f"{live_server.url}/months/trade/2007/9/")
    staff.get_by_label("填报单位").select_option("yi")
    expect(staff.locator("#row-export [data-unit-label]")).to_have_text("亿美元")
    # In 亿 the page shows at most two decimals (3.3533 亿 is 3.35), and what is typed is taken as typed.
    expect(staff.locator('#row-export [data-cell="previous"]')).to_have_text("3.35")
    staff.get_by_label("出口", exact=True).fill("3.7916")
    expect(staff.locator('#row-export [data-cell="alone"]')).to_contain_text("0.44")
    # Switching back converts what was typed.
    staff.get_by_label("填报单位").select_option("wan")
    expect(staff.get_by_label("出口", exact=True)).to_have_value("37,916")
    # Into 亿 again: the box shows two decimals, and the figure stays exact.
    staff.get_by_label("填报单位").select_option("yi")
    expect(staff.get_by_label("出口", exact=True)).to_have_value("3.79")
    cells = staff.locator("#month-form .figure-row td[data-cell]").all_inner_texts()
    assert all(len(cell.split(".")[-1]) <= 2 for cell in cells if cell[:1].isdigit()), cells
    staff.get_by_role("button", name="保存", exact=True).click()
    expect(staff.locator(".alert-success")).to_contain_text("已保存")
    # The page comes back in 亿, as it was typed (issue 17, item 10): the switch, the label and the box.
    expect(staff.get_by_label("填报单位")).to_have_value("yi")
    expect(staff.locator("#row-export [data-unit-label]")).to_have_text("亿美元")
    expect(staff.get_by_label("出口", exact=True)).to_have_value("3.7916")
    assert TradeFigure.objects.get(indicator="export", year=2007, month=9).cumulative == 37916
