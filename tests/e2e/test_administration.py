"""In a real Chromium: an administrator resets a locked-out colleague's password, the colleague must choose a
new one; and no page breaks the Content-Security-Policy."""

import os

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SCREENSHOT_DIR")


def _log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def _watch_csp(page):
    violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    return violations


def _shoot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_admin_resets_a_locked_out_password_and_the_owner_must_change_it(
    browser, live_server, admin_user, trade_staff, plan_2007
):
    # Two people, two browsers (the contexts of pytest-playwright's `page` are in Chinese; these must be too).
    staff_page = browser.new_context(locale="zh-CN").new_page()
    for _ in range(5):
        _log_in(staff_page, live_server, "trade1", "wrong-password")
    expect(staff_page.get_by_role("heading", name="账号已锁定")).to_be_visible()

    page = browser.new_context(locale="zh-CN").new_page()
    violations = _watch_csp(page)
    _log_in(page, live_server, "admin1", PASSWORD)
    page.get_by_role("button", name="系统管理", exact=True).click()
    page.get_by_role("link", name="账号", exact=True).click()
    row = page.get_by_role("row").filter(has_text="trade1")
    expect(row).to_contain_text("已锁定")
    _shoot(page, "accounts-1280")
    row.get_by_role("link", name="trade1").click()
    page.get_by_role("button", name="重置密码").click()
    temporary = page.locator("#temporary-password").inner_text().strip()
    _shoot(page, "temporary-password")
    assert len(temporary) == 14

    _log_in(staff_page, live_server, "trade1", temporary)
    expect(staff_page).to_have_url(f"{live_server.url}/accounts/password/")
    staff_page.locator("#id_old_password").fill(temporary)
    staff_page.locator("#id_new_password1").fill("trade-new-secret-2007")
    staff_page.locator("#id_new_password2").fill("trade-new-secret-2007")
    staff_page.get_by_role("button", name="修改密码").click()
    staff_page.goto(f"{live_server.url}/")
    expect(staff_page.locator("#user-menu")).to_contain_text("外贸填报员")
    assert not violations, violations


@pytest.mark.parametrize("width", [1280, 375])
def test_administration_pages_fit_and_keep_the_policy(page, live_server, admin_user, plan_2007, width):
    from accounts.services import notice_send

    for level, subject in (
        ("red", "逾期督办：3.2.1 做好农家店验收和“回头看”工作"),
        ("yellow", "进度滞后：3.1.2"),
        ("blue", "临近期限：3.1.1"),
        ("info", "5 个科室未按期提交 2007年1–8月 月报"),
    ):
        notice_send(
            recipient=admin_user,
            key=level,
            level=level,
            subject=subject,
            body="完成时限为 2007-09-30，至今未销号。",
            link="/",
        )
    page.set_viewport_size({"width": width, "height": 800})
    violations = _watch_csp(page)
    _log_in(page, live_server, "admin1", PASSWORD)
    if width < 992:
        page.get_by_role("button", name="菜单").click()
    expect(page.locator("#nav-notices")).to_contain_text("4")
    for path in (
        "/manage/accounts/",
        "/manage/accounts/new/",
        "/manage/departments/",
        "/manage/deadlines/?year=2007",
        "/manage/deadlines/2007/9/",
        "/manage/log-ins/",
        "/accounts/notices/",
        "/admin/",
        "/admin/plan/measure/",
    ):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, path
        _shoot(page, path.strip("/").replace("/", "-").replace("?", "-") + f"-{width}")
    assert not violations, violations


def test_app_js_sets_bar_widths_from_data_attributes_under_the_policy(page, live_server, db):
    violations = _watch_csp(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        """() => { for (const value of ["75", "140", "-5", "x"]) {
             const bar = document.createElement("div"); bar.className = "bar"; bar.dataset.width = value;
             document.body.appendChild(bar); } }"""
    )
    page.add_script_tag(url="/static/js/app.js")
    widths = page.eval_on_selector_all(".bar", "bars => bars.map(bar => bar.style.width)")
    assert widths == ["75%", "100%", "0%", ""]
    assert not violations, violations
