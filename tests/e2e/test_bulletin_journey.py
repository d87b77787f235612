"""In a real Chromium: the office drafts the 1–9月 bulletin, edits one sentence, issues it and downloads the Word
file; a leader opens it from the archive. Screenshots (1366 px and 375 px) go to screenshots/bulletin/."""

import io
import pathlib

import pytest
from docx import Document
from playwright.sync_api import expect

from plan.models import Department, MonthlyReport, TargetNote
from tests.conftest import PASSWORD, _make_user
from tests.plan.fakes import actuals, seed_2006_2007  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = pathlib.Path(__file__).resolve().parents[2] / "screenshots" / "bulletin"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def narrow(page, name):
    """The same page on a phone: nothing wider than the window."""
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, f"{name}-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1366, "height": 900})


def test_office_issues_the_september_bulletin_and_a_leader_reads_it(
    page,
    live_server,
    leader,
    plan_2007,
    actuals,  # noqa: F811
):
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
    _make_user("office1", "staff", "office", name="办公室文秘")
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server.url, "office1")

    # From the dashboard to the bulletin: the drafted text beside the numbers.
    page.goto(f"{live_server.url}/?year=2007&month=9")
    page.locator("#bulletin-link").click()
    text = page.locator("#bulletin-text")
    expect(text).to_contain_text("1–9月，全市外贸进出口总额6.28亿美元，同比增长11.9%")
    expect(page.locator("#bulletin-import")).to_have_attribute("data-status", "red")
    shot(page, "page-draft-1366")
    narrow(page, "page-draft")

    # 编辑: one sentence changed in the plain form, saved.
    page.locator("#edit-link").click()
    body = page.get_by_label("正文")
    original = body.input_value()
    sentence = "1–9月，全市外贸进出口总额6.28亿美元"
    assert sentence in original
    body.fill(original.replace(sentence, "1–9月，全市外贸进出口总额累计实现6.28亿美元"))
    page.locator("#save-button").click()
    expect(page.locator(".alert-success")).to_contain_text("草稿已保存")
    expect(page.locator("#draft-version")).to_contain_text("第1版")
    expect(page.locator("#draft-history")).to_contain_text("办公室文秘")
    shot(page, "edit-1366")
    narrow(page, "edit")

    # 印发: the number, the issuer, read-only.
    page.locator("#issue-button").click()
    # It asks once, naming the number it takes.
    expect(page.locator("#issue-confirm")).to_contain_text("2007年第1期")
    page.locator("#confirm-issue-button").click()
    expect(page.locator("#issued-meta")).to_contain_text("2007年第1期")
    expect(page.locator("#issued-meta")).to_contain_text("办公室文秘")
    expect(page.locator("#bulletin-text")).to_contain_text("全市外贸进出口总额累计实现6.28亿美元")
    shot(page, "issued-1366")

    # 下载Word: the edited sentence is in the document.
    with page.expect_download() as info:
        page.locator("#issued-docx").click()
    download = info.value
    assert download.suggested_filename == "bulletin-2007-09-1.docx"
    document = Document(io.BytesIO(pathlib.Path(download.path()).read_bytes()))
    texts = [p.text for p in document.paragraphs]
    assert "2007年第1期" in texts
    assert any("全市外贸进出口总额累计实现6.28亿美元" in t for t in texts)

    # The bulletin page of the month now says it is issued and offers no issue button.
    page.goto(f"{live_server.url}/plan/2007/bulletin/?month=9")
    expect(page.locator("#bulletin-state")).to_contain_text("2007年第1期")
    expect(page.locator("#issue-button")).to_have_count(0)

    # A leader opens it from the archive.
    page.context.clear_cookies()
    log_in(page, live_server.url, "leader1")
    page.get_by_role("link", name="简报通报").click()
    row = page.locator("#bulletin-archive tbody tr").first
    expect(row).to_contain_text("2007年第1期")
    expect(row).to_contain_text("办公室文秘")
    shot(page, "archive-1366")
    narrow(page, "archive")
    row.get_by_role("link", name="2007年第1期").click()
    expect(page.locator("#bulletin-text")).to_contain_text("全市外贸进出口总额累计实现6.28亿美元")
    with page.expect_download() as info:
        page.locator("#issued-docx").click()
    assert info.value.suggested_filename == "bulletin-2007-09-1.docx"
    narrow(page, "issued")
    # The leader may read but not edit.
    page.goto(f"{live_server.url}/plan/2007/bulletin/?month=9")
    expect(page.locator("#edit-link")).to_have_count(0)
