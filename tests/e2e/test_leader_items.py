"""In a real Chromium (issue 11, items 1 and 2): the leader approves with open eyes, and the dashboard's default
month follows the settled rule and says why. Screenshots (1366 px and 375 px) go to screenshots/leader/."""

import pathlib

import pytest
from playwright.sync_api import expect

from plan.models import MonthlyReport
from tests.conftest import PASSWORD
from tests.plan.fakes import actuals  # noqa: F401  (the fixture)
from tests.plan.test_review import _submit_a_falling_export
from tests.plan.test_settled_scenario import scenario  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Not under test-results/: pytest-playwright empties that folder at the start of every session.
SHOTS = pathlib.Path(__file__).resolve().parents[2] / "screenshots" / "leader"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("leader1")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


@pytest.mark.parametrize("width", [1366, 375])
def test_the_leader_reviews_a_month_with_its_warnings(
    page, live_server, client, plan_2007, trade_staff, leader, width
):
    _submit_a_falling_export(client, trade_staff)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server)
    page.goto(f"{live_server.url}/months/trade/2007/9/")
    warned = page.locator("#warned-export")
    expect(warned).to_contain_text("⚠")
    expect(warned).to_contain_text("海关修订了8月数")
    expect(page.locator("#warned-import")).to_have_count(0)
    # The warnings sit above the buttons.
    warnings_box = page.locator("#review-warnings").bounding_box()
    buttons_box = page.locator("#review-forms").bounding_box()
    assert warnings_box["y"] + warnings_box["height"] <= buttons_box["y"]
    page.locator("#review-warnings").scroll_into_view_if_needed()
    shot(page, f"review-{width}")
    if width <= 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    # Returning needs a message: the browser will not send an empty one, and the server refuses one of spaces.
    page.locator("#review-forms").get_by_role("button", name="退回").click()
    assert MonthlyReport.objects.get(department__code="trade", month=9).state == "submitted"
    page.locator("#id_message").fill("请核实出口下降原因")
    page.locator("#review-forms").get_by_role("button", name="退回").click()
    expect(page.locator("#review-message")).to_contain_text("请核实出口下降原因")
    assert MonthlyReport.objects.get(department__code="trade", month=9).state == "returned"


@pytest.mark.parametrize("width", [1366, 375])
def test_the_default_month_waits_for_every_amount_and_says_why(
    page,
    live_server,
    leader,
    plan_2007,
    actuals,  # noqa: F811
    width,
):
    # Trade is in to September; the markets department has already entered October.
    for code, values in {
        "export": {2: 8000, 9: 39800},
        "import": {2: 5000, 9: 23000},
        "trade_total": {2: 13000, 9: 62800},
        "export_hitech_mech_share": {2: 28, 9: 28.5},
        "retail_sales": {2: 600000, 9: 2850000, 10: 3200000},
    }.items():
        actuals.set(code, 2007, values)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server)
    expect(page.locator("#sel-month")).to_have_value("9")
    reason = page.locator("#month-reason")
    expect(reason).to_have_attribute("data-reason", "all_amounts")
    expect(reason).to_contain_text("1–9月")
    expect(reason).to_contain_text("社会消费品零售总额")
    # The retail card shows September, not "no figure yet".
    expect(page.locator("#card-retail_sales .target-actual")).to_contain_text("285.00 亿元")
    expect(page.locator("#card-retail_sales")).not_to_contain_text("暂无")
    shot(page, f"default-month-{width}")
    if width <= 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    # Picking October says it was picked; retail has October, trade has none yet.
    page.locator("#sel-month").select_option("10")
    expect(page.locator("#month-reason")).to_have_attribute("data-reason", "chosen")
    expect(page.locator("#card-retail_sales .target-actual")).to_contain_text("320.00 亿元")


@pytest.mark.parametrize("width", [1366, 375])
def test_drill_downs_and_the_bulletin_on_the_edge_of_the_rules(
    page,
    live_server,
    leader,
    scenario,  # noqa: F811
    width,
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server)
    page.goto(f"{live_server.url}/plan/2007/targets/village_stores/?month=9")
    expect(page.locator("#card-village_stores .projected")).to_have_text("9 家")
    expect(page.locator("#register-link")).to_be_visible()
    shot(page, f"village-stores-{width}")
    page.locator("#register-link").click()
    expect(page.locator("#id_f_counts")).to_have_value("2007-09")
    shot(page, f"village-stores-register-{width}")
    page.goto(f"{live_server.url}/plan/2007/targets/export_hitech_mech_share/?month=9")
    expect(page.locator("#card-export_hitech_mech_share .threshold")).to_have_text("-3.0 个百分点")
    shot(page, f"share-{width}")
    page.goto(f"{live_server.url}/plan/2007/bulletin/?month=9")
    expect(page.locator("#bulletin-export_hitech_mech_share .completion")).to_have_text("—")
    expect(page.locator("#bulletin-export_hitech_mech_share .gap")).to_have_text("—")
    shot(page, f"bulletin-{width}")
