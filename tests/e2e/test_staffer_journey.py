"""In a real Chromium, what the staffer met (issue 11): the month page on a phone, 当月 compared like with like
while typing, and a figures file whose warning needs a note in the upload's preview. Screenshots (1366 px and
375 px) go to screenshots/staffer/."""

import pathlib
import re
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from markets.models import RetailFigure
from tests.conftest import PASSWORD
from trade.models import TradeFigure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = pathlib.Path(__file__).resolve().parents[2] / "screenshots" / "staffer"
PHONE = {"width": 375, "height": 740}
DESK = {"width": 1366, "height": 900}


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(browser, live_server, username, viewport=DESK):
    page = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=viewport).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    return page


def seed(model, code, year, values):
    for month, value in values.items():
        model.objects.create(indicator=code, year=year, month=month, cumulative=D(value))


def cells(page, code):
    row = page.locator(f"#row-{code}")
    return {
        name: re.sub(r"\s+", " ", row.locator(f'[data-cell="{name}"]').inner_text()).strip()
        for name in ("alone", "alone-growth")
    }


def test_on_a_phone_each_indicator_is_a_block_with_its_box_and_live_figures(
    browser, live_server, plan_2007, trade_staff
):
    seed(TradeFigure, "export", 2007, {8: 33533})
    seed(TradeFigure, "export", 2006, {8: 28000, 9: 32000})
    staff = log_in(browser, live_server, "trade1", viewport=PHONE)
    staff.goto(f"{live_server.url}/months/trade/2007/9/")
    box = staff.get_by_label("出口", exact=True)
    box.fill("37916")
    expect(staff.locator('#row-export [data-cell="alone"]')).to_contain_text("4,383.00")
    expect(staff.locator('#row-export [data-cell="alone-growth"]')).to_have_text("增长 9.6%")
    # Nothing scrolls sideways: the page, and the table inside its box.
    assert staff.evaluate("document.documentElement.scrollWidth") <= 375
    assert staff.evaluate("document.querySelector('.table-responsive').scrollWidth") <= 375
    for code in ("export", "import", "export_mech_elec", "export_hitech", "export_hitech_mech_union"):
        row = staff.locator(f"#row-{code}")
        parts = [row.locator("[data-cumulative]"), row.locator('[data-cell="alone"]')]
        parts.append(row.locator('[data-cell="alone-growth"]'))
        boxes = [part.bounding_box() for part in parts]
        for found in boxes:
            assert found["x"] >= 0 and found["x"] + found["width"] <= 375, (code, found)
        # The box across the block, 本月 and its 同比 side by side right under it.
        assert boxes[0]["width"] > 250
        assert boxes[1]["y"] == boxes[2]["y"] and boxes[1]["y"] > boxes[0]["y"]
        assert boxes[1]["y"] - (boxes[0]["y"] + boxes[0]["height"]) < 80
    shoot(staff, "month-375")
    staff.set_viewport_size(DESK)
    # On a desk the same page is the table of columns.
    expect(staff.locator(".figures-table thead")).to_be_visible()
    shoot(staff, "month-1366")


def test_jan_feb_is_compared_with_jan_feb_while_typing_and_after_saving(
    browser, live_server, plan_2007, markets_staff
):
    # This year has January; last year only the combined 1–2月 release.
    seed(RetailFigure, "retail_sales", 2007, {1: 300000})
    seed(RetailFigure, "retail_sales", 2006, {2: 570000})
    staff = log_in(browser, live_server, "markets1", viewport=PHONE)
    staff.goto(f"{live_server.url}/months/markets/2007/2/")
    staff.get_by_label("社会消费品零售总额", exact=True).fill("655000")
    expect(staff.locator('#row-retail_sales [data-cell="alone-growth"]')).to_have_text("增长 14.9%")
    typed = cells(staff, "retail_sales")
    assert typed == {"alone": "655,000.00 1–2月合并", "alone-growth": "增长 14.9%"}
    staff.get_by_role("button", name="保存", exact=True).click()
    expect(staff.locator(".alert-success")).to_contain_text("已保存")
    # The page as the server renders it says the same as the script said while typing.
    assert cells(staff, "retail_sales") == typed
    shoot(staff, "jan-feb-375")
    # January alone has nothing to compare with last year: "—", while typing and as stored.
    staff.goto(f"{live_server.url}/months/markets/2007/1/")
    expect(staff.locator('#row-retail_sales [data-cell="alone-growth"]')).to_have_text("—")
    staff.get_by_label("社会消费品零售总额", exact=True).fill("310000")
    expect(staff.locator('#row-retail_sales [data-cell="alone"]')).to_contain_text("310,000.00")
    expect(staff.locator('#row-retail_sales [data-cell="alone-growth"]')).to_have_text("—")


def test_an_uploaded_warning_is_stored_only_with_the_note_asked_in_the_preview(
    browser, live_server, plan_2007, trade_staff
):
    seed(TradeFigure, "export", 2007, {8: 33533})
    csv = "指标,年份,月份,累计值,版本,说明\n出口,2007,9,33000,正式,\n进口,2007,9,25518,快报,\n"
    staff = log_in(browser, live_server, "trade1")
    staff.goto(f"{live_server.url}/figures/upload/")
    staff.locator("#id_file").set_input_files(
        files=[{"name": "九月.csv", "mimeType": "text/csv", "buffer": csv.encode("utf-8")}]
    )
    staff.get_by_role("button", name="预览").click()
    notes = staff.locator("#import-notes-needed")
    expect(notes).to_contain_text("第 2 行：说明：累计值由1–8月的 33,533.00 降至 33,000.00")
    expect(staff.locator("#preview")).to_contain_text("需填写说明")
    note = staff.get_by_label("第 2 行的说明")
    expect(note).to_be_visible()
    expect(staff.get_by_label("第 3 行的说明")).to_have_count(0)
    shoot(staff, "upload-preview-1366")
    staff.set_viewport_size(PHONE)
    shoot(staff, "upload-preview-375")
    staff.set_viewport_size(DESK)
    # Without the note the browser does not send it; the server would refuse it too (tests/plan/test_import.py).
    staff.get_by_role("button", name="保存这些数据").click()
    assert not TradeFigure.objects.filter(month=9).exists()
    note.fill("海关调减了8月快报数")
    staff.get_by_role("button", name="保存这些数据").click()
    expect(staff.locator(".alert-success")).to_contain_text("已导入 九月.csv：新增 2 条")
    figure = TradeFigure.objects.get(indicator="export", month=9)
    assert figure.history.latest().history_change_reason == "从 九月.csv 导入；说明：海关调减了8月快报数"
    assert TradeFigure.objects.get(indicator="import", month=9).release == "preliminary"
