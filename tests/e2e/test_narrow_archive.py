"""At 375 px: the archive of issued bulletins and the unread-notice badge in the menu fit the phone's width.
Screenshots go to screenshots/bulletin/ (archive-375.png, notices-badge-375.png)."""

import pathlib

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import services as account_services
from accounts.models import Notice
from bulletin.models import Bulletin
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = pathlib.Path(__file__).resolve().parents[2] / "screenshots" / "bulletin"
WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376)
  .map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5)"""


def log_in(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_the_archive_and_the_notice_badge_at_375_px(page, live_server, plan_2007, leader, admin_user):
    for number in (1, 2, 3):
        Bulletin.objects.create(
            plan=plan_2007,
            month=number + 6,
            state="issued",
            number=number,
            title=f"2007年1–{number + 6}月全市商务工作进展情况通报",
            body="正文",
            issued_by=admin_user,
            issued_at=timezone.now(),
            created_by=admin_user,
        )
    for index in range(12):
        account_services.notice_send(
            recipient=leader,
            key=f"narrow-{index}",
            level=Notice.Level.INFO,
            subject=f"已审核通过：对外贸易科 2007年1–{index % 9 + 1}月",
            body="该月已锁定。",
            link="",
        )
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server.url, "leader1")
    page.goto(f"{live_server.url}/bulletins/")
    expect(page.locator("#bulletin-archive")).to_contain_text("2007年第3期")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "archive-375.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, page.evaluate(WIDEST)
    # Every issue is reachable without scrolling sideways: its number, title and Word link are on screen.
    for row in page.locator("#bulletin-archive tbody tr").all():
        for link in row.locator("a:visible").all():
            box = link.bounding_box()
            assert box and box["x"] + box["width"] <= 375

    # With the menu folded, the unread count stays in sight beside the menu button, and opens the notices.
    folded = page.locator("#nav-notices-narrow")
    expect(folded).to_be_visible()
    expect(folded).to_contain_text("通知 12")
    # …on the brand's line: the menu button does not wrap below it.
    toggler = page.locator(".navbar-toggler").bounding_box()
    brand = page.locator(".navbar-brand").bounding_box()
    assert abs(toggler["y"] + toggler["height"] / 2 - (brand["y"] + brand["height"] / 2)) < 8
    box = folded.bounding_box()
    assert box and box["x"] + box["width"] <= 375
    page.screenshot(path=str(SHOTS / "notices-folded-375.png"), full_page=False)

    # The menu opened on a phone: the badge with its count sits inside the window.
    page.locator(".navbar-toggler").click()
    expect(page.locator("#main-nav")).to_have_class("navbar-collapse collapse show")
    badge = page.locator("#nav-notices .badge")
    expect(badge).to_be_visible()
    expect(badge).to_contain_text("12")
    box = badge.bounding_box()
    assert box and box["x"] + box["width"] <= 375
    page.screenshot(path=str(SHOTS / "notices-badge-375.png"), full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, page.evaluate(WIDEST)

    folded.click() if folded.is_visible() else page.locator("#nav-notices").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/notices/")
