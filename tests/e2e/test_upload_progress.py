"""The figures upload in a browser: a large file shows how far it has got, then the preview replaces the page;
a confirm then stores the rows (issue 13)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_figures_journey import log_in
from trade.models import TradeFigure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_upload_shows_its_progress_then_the_preview(
    browser, live_server, plan_2007, trade_staff, tmp_path
):
    rows = "".join(
        f"export,{y},{m},{m * 1000}\nimport,{y},{m},{m * 700}\n"
        for y in range(1995, 2008)
        for m in range(1, 13)
    )
    path = tmp_path / "figures.csv"
    path.write_text("indicator,year,month,cumulative\n" + rows, encoding="utf-8")
    page = log_in(browser, live_server, "trade1")
    page.goto(f"{live_server.url}/figures/upload/")
    status = page.locator("[data-upload-status]")
    expect(status).to_be_hidden()
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="预览").click()
    expect(page.locator("#preview-summary")).to_contain_text(re.compile("312"))
    page.get_by_role("button", name=re.compile("保存")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert TradeFigure.objects.count() == 312
