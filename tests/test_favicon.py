"""A favicon: linked from every page and served at /favicon.ico, for anyone, logged in or not."""

from django.contrib.staticfiles import finders
from django.templatetags.static import static


def test_favicon_is_served_at_the_root_and_linked_from_every_page(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("favicon.ico")
    assert finders.find("favicon.ico") and finders.find("favicon.svg")
    with open(finders.find("favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get("/accounts/login/").content.decode()
    assert f'rel="icon" href="{static("favicon.ico")}"' in page
    assert f'rel="icon" href="{static("favicon.svg")}" type="image/svg+xml"' in page
