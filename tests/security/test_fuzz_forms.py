"""Garbage posted to every form: empty, huge, unicode, full-width, SQL and HTML fragments, wrong types.

The forms are found by opening every page of the permission matrix (tests/security/test_permission_matrix.py)
as the first persona allowed to, and reading its own <form method="post"> fields; endpoints that only take a
POST are listed in POST_ONLY. For each, hypothesis posts generated values and the test asserts:
- no server error;
- a refused post re-renders with a clear message in Chinese and stores nothing;
- an accepted post stores no garbage (no NUL or control characters, no padding, user names as one logs in).
"""

import re
import unicodedata
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.conftest import ADMIN, ANON, LEADER, TRADE
from tests.security.test_permission_matrix import MATRIX

PROJECT_APPS = ("accounts", "plan", "trade", "markets", "outreach")

# Endpoints that take a POST without a page of their own: their fields.
POST_ONLY = {
    "manage:account_set_active": ["active"],
    "manage:account_reset_password": [],
    "manage:account_unlock": [],
    "notices_read": [],
}
# A valid post for forms that start empty (edit forms start from the record they show), so that many examples
# change only one or two fields and reach the checks behind the first refusal.
VALID = {
    "login": {"username": "trade1", "password": "correct-horse-battery-staple"},
    "manage:account_create": {"username": "newcomer", "display_name": "新同事", "role": "leader"},
    "manage:department_create": {"code": "newdept", "name": "新科室", "order": "9"},
    "manage:deadline": {"due_on": "2007-10-12", "reason": "国庆长假顺延"},
}
# Forms that are not posted to with garbage here, and why.
NOT_FUZZED = {
    "logout": "no fields; covered by the matrix",
    "set_language": "Django's own view; no stored data",
}
# Who posts: the first of these personas that may open the page.
POSTERS = (ADMIN, TRADE, LEADER)

NASTY = [
    "",
    " ",
    "\t\n",
    "0",
    "-1",
    "1e309",
    "NaN",
    "9" * 40,
    "１２３４５",
    "２００７－１０－１５",
    "ｔｒａｄｅ",
    "2007-02-30",
    "1,234.5",
    "'; DROP TABLE accounts_user; --",
    "' OR '1'='1",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "../../etc/passwd",
    "\u202eevil",
    "a\x00b",
    "😀" * 30,
    "null",
    "[]",
    "x" * 100_000,
]
values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.dates().map(lambda d: d.isoformat()),
)


# Values a person might well type, so that many posts pass some fields and reach the deeper checks.
PLAUSIBLE = ["", "zhang3", "ｚｈａｎｇ３", "外贸科测试", " 王五 ", "2007-10-15", "12", "1", "0"]


FILE = "file"  # marks a file field in place of the values a page offers
# Uploads: the wrong kind, a disguised kind, empty, binary noise, a spreadsheet's head with garbage after it.
files = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    st.sampled_from(
        ["figures.xlsx", "figures.csv", "数据.xlsx", "photo.jpg", "report.pdf", "virus.exe", "noext", ".csv"]
    ),
    st.one_of(
        st.binary(max_size=2000),
        st.sampled_from(
            [b"", b"PK\x03\x04", b"MZ\x90\x00", b"<script>alert(1)</script>", b"%PDF-1.4", b"\xff\xd8\xff"]
        ),
        st.text(max_size=500).map(lambda t: ("指标,年份,月份,累计值\n" + t).encode("utf-8", "surrogatepass")),
    ),
)


def _field_values(offered):
    """Mostly plausible values (what the page offers, or what a person types), else garbage, sometimes several
    values where one is expected; so some posts are valid and get stored, and what is stored is checked."""
    if offered == FILE:
        return st.one_of(files, values)  # a file, or text where a file is expected
    plausible = st.sampled_from(sorted(offered) + PLAUSIBLE)
    return st.one_of(
        plausible, plausible, values, st.lists(st.one_of(plausible, values), min_size=2, max_size=3)
    )


CJK = re.compile(r"[\u4e00-\u9fff]")
MESSAGE = re.compile(
    r'class="[^"]*(?:invalid-feedback|alert-danger|errorlist)[^"]*"[^>]*>(.*?)</(?:span|div|ul|p)>', re.S
)


class FormFinder(HTMLParser):
    """The field names of the page's own POST forms (no action, or an action pointing at the page)."""

    def __init__(self, url):
        super().__init__()
        self.url, self.inside, self.select = url, False, None
        self.fields: dict[str, set] = {}  # name → the values the page offers (options, current values)
        self.current: dict[str, str] = {}  # name → the value the form holds now (an edit form's record)
        self.files: set[str] = set()  # the names of <input type="file">: imports and attachments

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form":
            action = attributes.get("action") or ""
            self.inside = (attributes.get("method") or "").lower() == "post" and action in ("", self.url)
        elif not self.inside:
            return
        elif tag in ("input", "select", "textarea", "button") and name not in (None, "csrfmiddlewaretoken"):
            self.fields.setdefault(name, set())
            if tag == "input" and attributes.get("type") == "file":
                self.files.add(name)
            if attributes.get("value"):
                self.fields[name].add(attributes["value"])
                if tag == "input" and attributes.get("type") not in ("submit", "checkbox", "radio"):
                    self.current[name] = attributes["value"]
            self.select = name if tag == "select" else None
        elif tag == "option" and self.select and attributes.get("value"):
            self.fields[self.select].add(attributes["value"])
            if "selected" in attributes:
                self.current[self.select] = attributes["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def _log_in(client, world, persona):
    client.logout()
    if persona != ANON:
        client.force_login(world.people[persona])


def _find_form(client, world, name):
    """(persona, url, field names) of the page's form, or None when the page has none."""
    case = MATRIX[name]
    url = reverse(name, args=case.args(world))
    if name in POST_ONLY:
        persona = next(p for p in POSTERS if case.post and case.post[p] not in (403, "sent to log-in"))
        return persona, url, dict.fromkeys(POST_ONLY[name], {"1", "0"}), {}
    for persona in (ANON, *POSTERS) if case.get.get(ANON) == 200 else POSTERS:
        if case.get.get(persona) != 200:
            continue
        _log_in(client, world, persona)
        finder = FormFinder(url)
        finder.feed(client.get(url).content.decode())
        if not finder.fields:
            return None
        fields = {f: (FILE if f in finder.files else offered) for f, offered in finder.fields.items()}
        return persona, url, fields, finder.current | VALID.get(name, {})
    return None


def _counts():
    return {
        model._meta.label: model.objects.count()
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
    }


def _garbage():
    """Stored text that no form should have let through."""
    found = []
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            fields = [f.name for f in model._meta.fields if isinstance(f, models.CharField) and not f.choices]
            for row in model.objects.values("pk", *fields):
                for field in fields:
                    value = row[field] or ""
                    if "\x00" in value or any(unicodedata.category(c) == "Cc" for c in value):
                        found.append(
                            f"{model._meta.label}.{field} #{row['pk']}: control characters {value!r}"
                        )
                    if field == "username" and value != unicodedata.normalize("NFKC", value):
                        found.append(f"{model._meta.label}.username #{row['pk']}: not normalised {value!r}")
                    if field in ("display_name", "name", "title") and value != value.strip():
                        found.append(f"{model._meta.label}.{field} #{row['pk']}: padded {value!r}")
    return found


@pytest.mark.parametrize("name", sorted(set(MATRIX) - set(NOT_FUZZED)))
def test_garbage_posted_to_every_form_is_refused_clearly_or_stored_clean(client, world, name):
    form = _find_form(client, world, name)
    if form is None:
        pytest.skip("no form on this page")
    persona, url, fields, valid = form

    @settings(
        max_examples=50,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        data=st.one_of(
            # Anything at all, fields left out ...
            st.fixed_dictionaries({}, optional={f: _field_values(offered) for f, offered in fields.items()}),
            # ... or a valid post with one field spoilt.
            st.sampled_from(sorted(fields) or [""]).flatmap(
                lambda spoilt: st.builds(
                    lambda value: {**valid, spoilt: value},
                    st.one_of(st.sampled_from(PLAUSIBLE + NASTY), _field_values(fields.get(spoilt, set()))),
                )
            ),
        ),
        as_json=st.integers(0, 5).map(lambda n: n == 0),
    )
    def post_garbage(data, as_json):
        _log_in(client, world, persona)
        before = _counts()
        if as_json:  # the wrong content type altogether
            import json

            plain = {k: v for k, v in data.items() if not isinstance(v, SimpleUploadedFile)}
            response = client.post(url, json.dumps(plain, default=str), content_type="application/json")
        else:
            response = client.post(url, data)
        assert response.status_code < 500
        page = response.content.decode() if response["Content-Type"].startswith("text/html") else ""
        messages = [m for m in MESSAGE.findall(page) if CJK.search(m)]
        if response.status_code == 200 and ("is-invalid" in page or "alert-danger" in page):
            assert messages, f"{name}: refused without a clear message"
            assert _counts() == before, f"{name}: a refused post stored something"
        elif response.status_code == 429:
            assert "账号已锁定" in page
        else:
            assert response.status_code in (200, 302), response.status_code
        assert not _garbage(), _garbage()

    post_garbage()


def test_the_forms_are_found(client, world):
    """The discovery above must keep finding the forms it is meant to fuzz."""
    found = {name for name in MATRIX if name not in NOT_FUZZED and _find_form(client, world, name)}
    assert {
        "login",
        "password_change",
        "manage:account_create",
        "manage:account",
        "manage:department_create",
        "manage:department",
        "manage:deadline",
        *POST_ONLY,
    } <= found
