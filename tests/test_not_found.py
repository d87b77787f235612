"""Every 404 is the app's own page, in the bureau's language, for people logged in or not, on every path."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-page/",
        "/plan/2007/measures/9.9.9/",  # a view's own 404
        "/manage/accounts/999999/",  # get_object_or_404
        "/admin/no-such-model/",  # the Django admin's catch-all
    ],
)
def test_a_missing_page_is_the_app_s_own(client, admin_user, plan_2007, path):
    client.force_login(admin_user)
    response = client.get(path)
    assert response.status_code == 404
    assert [t.name for t in response.templates][0] == "404.html"
    page = response.content.decode()
    assert 'id="not-found"' in page and 'lang="zh-hans"' in page
    assert reverse("plan:dashboard") in page and "Not Found" not in page


def test_a_missing_page_for_someone_not_logged_in(client, db):
    response = client.get("/accounts/no-such-page/")
    assert response.status_code == 404
    assert 'id="not-found"' in response.content.decode()
