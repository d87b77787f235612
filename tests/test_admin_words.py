"""The admin site speaks the bureau's language: every model's names in Chinese (no "文件s"), django-axes'
pages too, and the header names the person once."""

import re

from django.contrib import admin
from django.utils import translation


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_every_registered_model_has_chinese_names():
    with translation.override("zh-hans"):
        for model in admin.site._registry:
            names = (str(model._meta.verbose_name), str(model._meta.verbose_name_plural))
            for name in names:
                assert not re.search(r"[A-Za-z]", name), f"{model._meta.label}: {names}"


def test_the_admin_index_and_axes_pages_in_chinese(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    header = plain(html[html.index('id="header"') : html.index("</header>")] if "</header>" in html else html)
    assert header.count(str(admin_user.display_name)) == 1, header
    text = plain(html)
    assert "文件s" not in text and "Axes" not in text
    for url in ("/admin/axes/accessattempt/", "/admin/axes/accesslog/", "/admin/axes/accessfailurelog/"):
        page = plain(client.get(url).content.decode())
        for english in ("IP Address", "User Agent", "Attempt Time", "access attempt", "access log", "Path"):
            assert english not in page, f"{url}: {english}"
