"""In a real Chromium, on a phone and a desk: an administrator adds a DingTalk robot; its secret and webhook are
not on any page afterwards; the robots' pages fit the width and keep the Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.test_administration import _log_in, _shoot, _watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "SECbrowser0123456789secret"
TOKEN = "browsertoken0123456789"


@pytest.mark.parametrize("width", [1280, 375])
def test_admin_adds_a_robot_and_its_secret_is_never_shown(page, live_server, admin_user, plan_2007, width):
    from broadcast.models import Robot

    page.set_viewport_size({"width": width, "height": 800})
    violations = _watch_csp(page)
    _log_in(page, live_server, "admin1", PASSWORD)
    page.goto(f"{live_server.url}/manage/robots/new/")
    page.locator("#id_name").fill("局领导群")
    page.locator("#id_kind").select_option("dingtalk")
    page.locator("#id_url").fill(f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}")
    page.locator("#id_secret").fill(SECRET)
    page.locator("#id_receives_late").check()
    page.locator("form[novalidate] button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("局领导群")
    robot = Robot.objects.get()
    assert robot.secret == SECRET

    for path in ("/manage/robots/", f"/manage/robots/{robot.pk}/", "/manage/robots/deliveries/"):
        page.goto(live_server.url + path)
        html = page.content()
        assert SECRET not in html and TOKEN not in html, path
        assert page.locator("#id_secret").count() == 0 or page.locator("#id_secret").input_value() == ""
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, path
        _shoot(page, path.strip("/").replace("/", "-") + f"-{width}")
    assert not violations, violations
