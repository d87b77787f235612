"""In a real Chromium (1366 px and 375 px): a leader writes a 批示 on the trade card, the 办公室 sends a 催办, trade
signs, a co-department replies, trade reports, the leader returns it, trade reports again, the leader closes it
and downloads the 办理情况报告. Screenshots go to screenshots/supervision/."""

import io
import pathlib

import pytest
from docx import Document
from playwright.sync_api import expect

from plan.models import Department
from supervision.models import Instruction
from tests.conftest import _make_user
from tests.e2e.journeys import fits_a_phone, log_in, shot

JOURNEY = "supervision"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def take(page, step, text=""):
    form = page.locator(f"#step-{step}")
    if text:
        form.locator("textarea[name=text]").fill(text)
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_an_instruction_from_the_card_to_its_report(
    page, live_server, plan_2007, leader, trade_staff, markets_staff
):
    _make_user("office1", "staff", "office", name="办公室督查员")
    page.set_viewport_size({"width": 1366, "height": 900})
    url = live_server.url

    # The leader writes on the trade card.
    log_in(page, url, "leader1")
    page.goto(f"{url}/?year=2007")
    page.locator("#card-trade_total .badge-action").click()
    expect(page.locator("#subject")).to_contain_text(plan_2007.targets.get(code="trade_total").name)
    page.locator("textarea[name=text]").fill("请外贸科会同市场科研究稳外贸措施，按期报送。")
    markets = Department.objects.get(code="markets")
    page.locator(f"input[name=co_departments][value='{markets.pk}']").check()
    fits_a_phone(page, JOURNEY, "write")
    page.locator("#assign").click()
    expect(page.locator("#state")).to_have_attribute("data-state", "assigned")
    instruction = Instruction.objects.get()
    detail = f"{url}{instruction.get_absolute_url()}"
    assert instruction.lead.code == "trade" and instruction.written_by == leader
    # The card now counts it.
    page.goto(f"{url}/?year=2007")
    expect(page.locator("#card-trade_total .badge-count")).to_be_visible()

    # The office reminds.
    log_in(page, url, "office1")
    page.goto(detail)
    take(page, "remind", "请今日签收。")

    # Trade signs; its desk showed it first.
    log_in(page, url, "trade1")
    page.goto(f"{url}/supervision/")
    expect(page.locator(f".desk-to-sign #instruction-{instruction.pk}")).to_be_visible()
    fits_a_phone(page, JOURNEY, "list")
    page.goto(detail)
    take(page, "sign")
    expect(page.locator("#state")).to_have_attribute("data-state", "signed")

    # The co-department replies.
    log_in(page, url, "markets1")
    page.goto(detail)
    expect(page.locator("#step-report")).to_have_count(0)
    take(page, "reply", "市场科已完成重点企业摸底。")

    # Trade reports; the leader returns it; trade reports again.
    log_in(page, url, "trade1")
    page.goto(detail)
    take(page, "report", "已制定稳外贸措施十条。")
    log_in(page, url, "leader1")
    page.goto(detail)
    take(page, "return", "请补充进口方面的措施。")
    expect(page.locator("#state")).to_have_attribute("data-state", "in_progress")
    log_in(page, url, "trade1")
    page.goto(detail)
    take(page, "report", "已补充扩大进口措施三条。")

    # The leader closes it and downloads the 办理情况报告.
    log_in(page, url, "leader1")
    page.goto(detail)
    take(page, "accept")
    expect(page.locator("#state")).to_have_attribute("data-state", "done")
    expect(page.locator("#timeline li")).to_have_count(8)
    shot(page, JOURNEY, "timeline-1366")
    fits_a_phone(page, JOURNEY, "timeline")
    with page.expect_download() as download:
        page.locator("#download-report").click()
    content = pathlib.Path(download.value.path()).read_bytes()
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "请外贸科会同市场科研究稳外贸措施" in text
    assert (
        text.index("市场科已完成重点企业摸底")
        < text.index("请补充进口方面的措施")
        < text.index("已补充扩大进口措施")
    )
    assert "已办结" in text
