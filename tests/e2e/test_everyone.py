"""In a real Chromium, what everyone meets (issue 11, "Everyone"): the top menu on one line at 1366 px for the
administrator, the leader and every department's staffer; a leader's return reaching the department's staff at
once; the account states; the app's own 404 page. Screenshots go to screenshots/everyone/."""

import pathlib

import pytest
from django.core.management import call_command
from django.utils.translation import gettext, override
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = pathlib.Path(__file__).resolve().parents[2] / "screenshots" / "everyone"
DEMO_PASSWORD = "demo-password-for-the-menu-2007"
PEOPLE = ["admin", "leader", "trade", "markets", "regulation", "outreach", "office"]


def _zh(text) -> str:
    """What a Chinese page shows for a msgid (new ones are in locale/new/everyone.json until the merge fills
    the catalogue; tests/test_everyone_translations.py checks their Chinese)."""
    with override("zh-hans"):
        return str(gettext(text) if isinstance(text, str) else text)


def _shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def _log_in(page, live_server, username, password=DEMO_PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#user-menu")).to_be_attached()


def _log_out(page):
    page.locator("#user-menu").click()
    page.get_by_role("button", name="退出登录").click()


@pytest.fixture
def demo(monkeypatch):
    """The demo's accounts (their real names and departments make the menu as wide as it gets) and data."""
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _menu_rows(page) -> list[int]:
    """The distinct vertical positions of the brand and of every top-level menu entry (one line: one)."""
    return page.evaluate(
        """() => {
          const items = [document.querySelector('.navbar-brand'),
                         ...document.querySelectorAll('#main-nav > ul > li')];
          return [...new Set(items.map(el => Math.round(el.getBoundingClientRect().top)))];
        }"""
    )


def test_the_top_menu_fits_on_one_line_at_1366_px_for_everyone(page, live_server, demo):
    page.set_viewport_size({"width": 1366, "height": 768})
    for username in PEOPLE:
        _log_in(page, live_server, username)
        page.goto(f"{live_server.url}/")
        toggler = page.locator(".navbar-toggler")
        assert not toggler.is_visible(), "the menu collapsed at 1366 px"
        assert len(_menu_rows(page)) == 1, (username, _menu_rows(page))
        navbar = page.locator(".app-navbar").bounding_box()
        assert navbar["height"] < 70, (username, navbar)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        if username == "admin":
            # The admin's extra links are under 系统管理, the entries of everyone's menu are all there.
            for name in ("仪表板",):
                expect(page.locator("#main-nav").get_by_role("link", name=name, exact=True)).to_be_visible()
            expect(page.locator("#nav-notices")).to_be_visible()
            page.locator("#manage-menu").click()
            expect(page.get_by_role("link", name="登录记录")).to_be_visible()
            _shoot(page, f"menu-{username}-1366-open")
        _shoot(page, f"menu-{username}-1366")
        _log_out(page)


def test_the_top_menu_fits_on_one_line_in_english_too(page, live_server, demo):
    page.set_viewport_size({"width": 1366, "height": 768})
    for username in ("admin", "regulation"):
        _log_in(page, live_server, username)
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert len(_menu_rows(page)) == 1, (username, _menu_rows(page))
        _shoot(page, f"menu-{username}-1366-en")
        page.get_by_role("button", name="简体中文").click()
        _log_out(page)


def test_the_menu_on_a_phone_opens_from_the_toggler(page, live_server, demo):
    page.set_viewport_size({"width": 375, "height": 800})
    _log_in(page, live_server, "admin")
    page.get_by_role("button", name="菜单").click()
    expect(page.locator("#manage-menu")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 376
    _shoot(page, "menu-admin-375-open")


def test_a_returned_month_reaches_the_staffer_at_once(browser, live_server, demo):
    from plan import cycle
    from plan.models import Department, MonthlyReport

    trade = Department.objects.get(code="trade")
    report = cycle.report_get(department=trade, year=2007, month=11)
    MonthlyReport.objects.filter(pk=report.pk).update(state=MonthlyReport.State.SUBMITTED)

    leader = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()
    _log_in(leader, live_server, "leader")
    leader.goto(f"{live_server.url}/months/trade/2007/11/")
    leader.locator("textarea[name=message]").fill("11月出口数据与海关快报不符，请核对")
    leader.locator("form[action$='/return/'] button[type=submit]").click()
    expect(leader.locator(".alert-success")).to_be_visible()

    for width in (1366, 375):
        staff = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800}).new_page()
        _log_in(staff, live_server, "trade")
        if width < 992:
            staff.get_by_role("button", name="菜单").click()
        expect(staff.locator("#nav-notices [data-unread]")).to_be_visible()
        staff.locator("#nav-notices").click()
        notice = staff.locator(".notice").filter(has_text="11月出口数据与海关快报不符").first
        expect(notice).to_contain_text("2007年1–11月")
        assert staff.evaluate("document.documentElement.scrollWidth") <= width + 1
        _shoot(staff, f"notice-returned-{width}")
        notice.get_by_role("link").click()
        expect(staff).to_have_url(f"{live_server.url}/months/trade/2007/11/")
        staff.context.close()


def test_account_states_the_404_page_and_the_favicon(page, live_server, demo):
    from accounts.models import AccountState, User

    User.objects.filter(username="office").update(is_active=False)
    page.set_viewport_size({"width": 1366, "height": 900})
    for _ in range(5):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill("outreach")
        page.get_by_label("密码").fill("wrong-password")
        page.get_by_role("button", name="登录").click()
    _log_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/manage/")
    expect(page).to_have_url(f"{live_server.url}/manage/accounts/")
    for username, state in (("trade", "active"), ("outreach", "locked"), ("office", "deactivated")):
        row = page.get_by_role("row").filter(has=page.get_by_role("link", name=username, exact=True))
        expect(row.locator(".account-state")).to_have_text(_zh(AccountState(state).label))
    expect(page.locator("main")).not_to_contain_text("执行中")
    _shoot(page, "accounts-1366")

    for width in (1366, 375):
        page.set_viewport_size({"width": width, "height": 800})
        response = page.goto(f"{live_server.url}/no-such-page/")
        assert response.status == 404
        expect(page.get_by_role("heading", name=_zh("Page not found"))).to_be_visible()
        _shoot(page, f"not-found-{width}")

    # The favicon, asked for at the root as browsers do, arrives as the icon file.
    response = page.goto(f"{live_server.url}/favicon.ico")
    assert response.status == 200 and response.body()[:4] == b"\x00\x00\x01\x00"
