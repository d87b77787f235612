"""What the browser journeys share: logging in as someone, a screenshot under screenshots/<journey>/, and the
check that a page fits a phone (375 px) without scrolling sideways."""

import pathlib

from tests.conftest import PASSWORD

SCREENSHOTS = pathlib.Path(__file__).resolve().parents[2] / "screenshots"


def shot(page, journey: str, name: str) -> None:
    folder = SCREENSHOTS / journey
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def log_in(page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def fits_a_phone(page, journey: str, name: str) -> None:
    """The same page on a phone: nothing wider than the window; then back to 1366 px."""
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, journey, f"{name}-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1366, "height": 900})
