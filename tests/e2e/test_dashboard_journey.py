"""In a real Chromium on a phone-sized window: the leader reads the dashboard, moves the as-of month, opens a
target's drill-down and prints the monthly bulletin. Screenshots go to screenshots/dashboard/."""

import pathlib

import pytest
from playwright.sync_api import expect

from plan.models import Department, MonthlyReport, TargetNote
from tests.conftest import PASSWORD
from tests.plan.fakes import actuals, seed_2006_2007  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Not under test-results/: pytest-playwright empties that folder at the start of every session.
SHOTS = pathlib.Path(__file__).resolve().parents[2] / "screenshots" / "dashboard"


# Names the elements wider than the window, for a useful failure message.
WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_leader_on_a_phone_follows_the_plan(page, live_server, leader, plan_2007, actuals):  # noqa: F811
    seed_2006_2007(actuals)
    MonthlyReport.objects.create(
        department=Department.objects.get(code="trade"),
        year=2007,
        month=9,
        state="submitted",
        on_time=False,
    )
    TargetNote.objects.create(
        target=plan_2007.targets.get(code="import"), month=9, text="进口原油减少，正协调重点企业扩大进口。"
    )
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("leader1")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    # The latest month with figures is September: 序时进度 75 %.
    expect(page.locator("#as-of")).to_contain_text("75.0%")
    expect(page.locator("#card-export [data-status]")).to_have_attribute("data-status", "green")
    expect(page.locator("#card-import [data-status]")).to_have_attribute("data-status", "red")
    expect(page.locator("#card-import")).to_contain_text("进口原油减少")
    expect(page.locator("#card-retail_sales")).to_contain_text("示例数据")
    expect(page.locator("#completeness-trade")).to_contain_text("迟报")
    shot(page, "dashboard-phone-2007-09")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, page.evaluate(WIDEST)

    # June: 序时进度 50 %, and the import card has no note for June.
    page.locator("#sel-month").select_option("6")
    expect(page.locator("#as-of")).to_contain_text("50.0%")
    expect(page).to_have_url(f"{live_server.url}/?year=2007&month=6")
    expect(page.locator("#card-import")).not_to_contain_text("进口原油减少")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "dashboard-phone-2007-06")

    page.locator("#card-export").get_by_role("link", name="出口").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("出口")
    # 1–2月 combined, then 4422 万美元 a month (39800 × m / 9, rounded).
    expect(page.locator("#row-2")).to_contain_text("1–2月")
    expect(page.locator("#row-6 td").nth(2)).to_have_text("2.65 亿美元")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "target-export-phone")

    page.goto(f"{live_server.url}/")
    page.locator("#bulletin-link").click()
    expect(page.locator(".bulletin-title")).to_be_visible()
    expect(page.locator("#bulletin-import")).to_have_attribute("data-status", "red")
    expect(page.locator("#note-import")).to_contain_text("进口原油减少")
    expect(page.locator("#late-departments")).to_contain_text("对外贸易科")
    expect(page.locator("nav.app-navbar")).to_have_count(0)
    shot(page, "bulletin-phone")
    # The print button (bulletin/static/bulletin/bulletin.js, no inline handler) opens the browser's print dialog.
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("window.printed") is True
    # As printed: A4 is 794 px wide at 96 dpi.
    page.set_viewport_size({"width": 794, "height": 1123})
    page.emulate_media(media="print")
    shot(page, "bulletin-print")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(SHOTS / "bulletin.pdf"), format="A4")
    assert (SHOTS / "bulletin.pdf").stat().st_size > 10_000
