"""Garbage posted to every form: empty, huge, unicode, full-width, SQL and HTML fragments, wrong types.

The forms are found by opening every page of the permission matrix (tests/security/test_permission_matrix.py)
as the first persona allowed to, and reading its own <form method="post"> fields; endpoints that only take a
POST (the forms a page sends elsewhere: the cycle steps, measure updates, milestones, 销号 ...) are listed in
POST_ONLY with their fields. The registers' pages are fuzzed for every register kind. VALID gives a valid
post for forms that start empty. For each, hypothesis posts generated values and the test asserts:
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
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.conftest import ADMIN, ANON, LEADER, TRADE, record_data
from tests.security.test_permission_matrix import MATRIX, PROJECT_APPS, PerRegister, cases

FILE = "file"  # marks a file field in place of the values a page offers
TEXT: set = set()  # a field that offers no values of its own
# Endpoints that take a POST without a page of their own: their fields and the values the page offers.
POST_ONLY = {
    # 考核: an objection to a line, and its decision
    "assessment:object": {"line": {"report_late:2007-08"}, "month": {"9"}, "reason": TEXT},
    "assessment:decide": {"decision": TEXT, "uphold": {"1", "0"}, "version": {"0", "1"}},
    # 督办: a step of a 批示, from its timeline
    "supervision:step": {"step": {"sign", "reply", "remind"}, "text": TEXT, "version": {"1", "2"}},
    "manage:account_set_active": {"active": {"1", "0"}, "version": {"0", "1"}},
    "manage:account_reset_password": {"version": {"0", "1"}},
    "manage:account_unlock": {},
    "notices_read": {},
    # the monthly cycle's steps, from the month page
    "plan:month_submit": {"version": {"0", "1", "2"}},
    "plan:month_approve": {},
    "plan:month_return": {"message": TEXT},
    "plan:month_unlock": {"reason": TEXT},
    "plan:figures_upload_confirm": {},
    # the bulletin's draft: issued or drafted again from its edit page
    "bulletin:issue": {"version": {"0", "1"}, "confirm": {"1", ""}},
    "bulletin:redraft": {"version": {"0", "1"}},
    # a measure's page: progress with evidence, milestones, 销号
    "plan:measure_update": {
        "month": {str(m) for m in range(1, 13)},
        "text": TEXT,
        "progress_pct": {"0", "60", "100"},
        "status": {"not_started", "in_progress", "behind", "done"},
        "evidence": FILE,
        # the version of the department's update for each month the form offers (0: none yet)
        **{f"version_{m}": {"0", "1", "2"} for m in range(1, 13)},
    },
    "plan:milestone_add": {"title": TEXT, "due": TEXT},
    "plan:milestone_done": {"done": {"1", "0"}, "version": {"0", "1"}},
    "plan:measure_close": {"note": TEXT, "version": {"0", "1", "2"}},
    "plan:measure_send_back": {"reason": TEXT, "version": {"0", "1", "2"}},
    # a village store's 回头看 inspections, an outreach event's preparation tasks
    "markets:inspection_add": {
        "inspected_on": TEXT,
        "result": {"passed", "rectify", "failed"},
        "problems": TEXT,
        "inspector": TEXT,
    },
    "outreach:task_add": {"title": TEXT, "owner": TEXT, "due_on": TEXT},
    "outreach:task_toggle": {"done": {"1", "0"}, "version": {"0", "1"}},
}
# A valid post for forms that start empty (edit forms start from the record they show), so that many examples
# change only one or two fields and reach the checks behind the first refusal.
VALID = {
    "login": {"username": "trade1", "password": "correct-horse-battery-staple"},
    "manage:account_create": {"username": "newcomer", "display_name": "新同事", "role": "leader"},
    "manage:department_create": {"code": "newdept", "name": "新科室", "order": "9"},
    "manage:deadline": {"due_on": "2007-10-12", "reason": "国庆长假顺延"},
    "plan:month": {
        "unit": "wan",
        "action": "save",
        "export__cumulative": "45,000",
        "note__export": "出口平稳",
    },
    "plan:month_return": {"message": "请补充出口下降的原因"},
    "plan:month_unlock": {"reason": "海关修订了7月数据"},
    "plan:measure_update": {
        "month": "9",
        "text": "走访企业",
        "progress_pct": "60",
        "status": "in_progress",
        "version_9": "1",  # the world's update of September
    },
    "plan:milestone_add": {"title": "召开座谈会", "due": "2007-11-15"},
    "plan:measure_send_back": {"reason": "缺少会议纪要", "version": "1"},
    "markets:inspection_add": {"inspected_on": "2007-09-20", "result": "passed", "inspector": "李四"},
    "outreach:task_add": {"title": "联系接待单位", "owner": "外经科", "due_on": "2007-08-01"},
}
# The registers' forms, fuzzed for every kind; a new record's valid post is the kind's own (record_data).
REGISTER_FORMS = ("registers:create", "registers:edit", "registers:import")
# Forms that are not posted to with garbage here, and why.
NOT_FUZZED = {
    "logout": "no fields; covered by the matrix",
    "set_language": "Django's own view; no stored data",
    "registers:list": "its only form is a GET filter",
    "registers:detail": "its forms post to inspection_add and task_add, fuzzed as POST_ONLY",
    "registers:export": "a download",
    "registers:file": "a download",
    "broadcast:robot_test": "no fields (it sends a test message to the robot); covered by the matrix",
}
# Pages that read or download only: no POST form of their own (a measure's forms post to POST_ONLY endpoints,
# the dashboard's and the lists' forms are GET filters). test_the_pages_without_a_form_have_none keeps it so.
NO_FORM = {
    **dict.fromkeys(
        ("api:progress", "bulletin:docx", "bulletin:issued-docx", "bulletin:xlsx", "favicon", "healthz"),
        "an answer or a download, not a page",
    ),
    **dict.fromkeys(
        ("plan:evidence", "plan:figures_export", "plan:figures_template"), "a download, not a page"
    ),
    **dict.fromkeys(
        (
            "bulletin:archive",
            "bulletin:issued",
            "bulletin:page",
            "manage:access_log",
            "manage:accounts",
            "manage:deadlines",
            "manage:departments",
            "manage:index",
            "markets:village_stores",
            "notices",
            "password_change_done",
            "plan:dashboard",
            "plan:department",
            "plan:document",
            "plan:indicator_history",
            "plan:measures",
            "plan:month_history",
            "plan:months",
            "plan:review",
            "plan:target",
        ),
        "a page to read: its forms, if any, are GET filters",
    ),
    "plan:measure": "its forms post to measure_update, milestone_add, 销号 ..., fuzzed as POST_ONLY",
    # The API answers JSON (its description and its page read only); tests/api/test_openapi.py fuzzes it from
    # its OpenAPI description instead.
    **dict.fromkeys(
        (
            "api:api-root",
            "api:instruction",
            "api:instruction_create",
            "api:instruction_step",
            "api:instructions",
            "api:openapi-json",
            "api:openapi-view",
            "api:scores",
        ),
        "the JSON API, fuzzed from its OpenAPI description (tests/api/test_openapi.py)",
    ),
    **dict.fromkeys(
        ("assessment:document", "assessment:workbook", "supervision:document", "supervision:file"),
        "a download, not a page",
    ),
    **dict.fromkeys(
        ("assessment:ranking", "broadcast:deliveries", "supervision:list"),
        "a page to read: its forms, if any, are GET filters",
    ),
    "assessment:department": "its forms post to assessment:object and assessment:decide, fuzzed as POST_ONLY",
    "supervision:detail": "its forms post to supervision:step, fuzzed as POST_ONLY",
    "broadcast:robots": "its only forms post to broadcast:robot_test (no fields, in NOT_FUZZED)",
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


def _find_form(client, world, name, kind=""):
    """(persona, url, fields, valid post) of the page's form, or None when the page has none."""
    case = dict(cases(name))[kind]
    url = case.url(name, world)
    valid = VALID.get(name, {})
    if name == "registers:create":
        data, _files = record_data(kind)
        valid = {**data, "name": data["name"] + "（二）"}
    if name in POST_ONLY:
        persona = next(p for p in POSTERS if case.post and case.post[p] not in (403, "sent to log-in"))
        return persona, url, POST_ONLY[name], valid
    for persona in (ANON, *POSTERS) if case.get.get(ANON) == 200 else POSTERS:
        if case.get.get(persona) != 200:
            continue
        _log_in(client, world, persona)
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html"):
            return None  # a download
        finder = FormFinder(url)
        finder.feed(response.content.decode())
        if not finder.fields:
            return None
        fields = {f: (FILE if f in finder.files else offered) for f, offered in finder.fields.items()}
        return persona, url, fields, finder.current | valid
    return None


def _targets():
    """What the fuzz test posts to: every MATRIX name, and the registers' forms for every kind."""
    found = []
    for name in sorted(set(MATRIX) - set(NOT_FUZZED) - set(NO_FORM)):
        if isinstance(MATRIX[name], PerRegister):
            found += [pytest.param(name, kind, id=f"{name}-{kind}") for kind, _case in cases(name)]
        else:
            found.append(pytest.param(name, "", id=name))
    return found


def _counts():
    return {
        model._meta.label: model._default_manager.count()
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
    }


LINE_BREAKS = set("\t\n\r")


def _garbage():
    """Stored text that no form should have let through: control characters (in a text area, other than line
    breaks and tabs), user names not as one logs in, padded names."""
    found = []
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            texts = {f.name for f in model._meta.fields if isinstance(f, models.TextField)}
            fields = [
                f.name
                for f in model._meta.fields
                if isinstance(f, models.CharField | models.TextField) and not f.choices
            ]
            for row in model.objects.values("pk", *fields):
                for field in fields:
                    value = row[field] or ""
                    allowed = LINE_BREAKS if field in texts else set()
                    if any(unicodedata.category(c) == "Cc" and c not in allowed for c in value):
                        found.append(
                            f"{model._meta.label}.{field} #{row['pk']}: control characters {value!r}"
                        )
                    if field == "username" and value != unicodedata.normalize("NFKC", value):
                        found.append(f"{model._meta.label}.username #{row['pk']}: not normalised {value!r}")
                    if field in ("display_name", "name", "title") and value != value.strip():
                        found.append(f"{model._meta.label}.{field} #{row['pk']}: padded {value!r}")
    return found


@pytest.mark.parametrize(("name", "kind"), _targets())
def test_garbage_posted_to_every_form_is_refused_clearly_or_stored_clean(client, world, name, kind):
    form = _find_form(client, world, name, kind)
    assert form is not None, f"{name}: no form found (a page without one belongs in NO_FORM)"
    persona, url, fields, valid = form

    @settings(
        # Each register kind's pages share one view and one form factory: fewer examples each.
        max_examples=12 if kind else 40,
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
        if response.status_code in (200, 400) and ("is-invalid" in page or "alert-danger" in page):
            assert messages, f"{name}: refused without a clear message"
            assert _counts() == before, f"{name}: a refused post stored something"
        elif response.status_code == 403:  # e.g. a step on a month that an earlier example locked
            assert CJK.search(page), f"{name}: refused without a clear message"
            assert _counts() == before, f"{name}: a refused post stored something"
        elif response.status_code == 429:
            assert "账号已锁定" in page
        else:
            assert response.status_code in (200, 302, 400), response.status_code
        assert not _garbage(), _garbage()

    post_garbage()


def test_the_forms_are_found(client, world):
    """The discovery above must keep finding the forms it is meant to fuzz."""
    found = {
        name
        for name in MATRIX
        if name not in {*NOT_FUZZED, *REGISTER_FORMS} and _find_form(client, world, name)
    }
    assert {
        "login",
        "password_change",
        "manage:account_create",
        "manage:account",
        "manage:department_create",
        "manage:department",
        "manage:deadline",
        "plan:month",
        "plan:figures_upload",
        *POST_ONLY,
    } <= found
    for name in REGISTER_FORMS:
        for kind, _case in cases(name):
            persona, _url, fields, _valid = _find_form(client, world, name, kind)
            assert persona == ADMIN and fields, (name, kind)
    # The month page's form holds every figure of the department's indicators.
    _persona, _url, fields, _valid = _find_form(client, world, "plan:month")
    assert {"export__cumulative", "import__cumulative", "note__export", "note__import", "version"} <= set(
        fields
    )


def test_the_pages_without_a_form_have_none(client, world):
    """What NO_FORM leaves out of the fuzzing must really have no POST form of its own."""
    assert set(NO_FORM) <= set(MATRIX)
    with_form = [name for name in NO_FORM if _find_form(client, world, name) is not None]
    assert not with_form, f"{with_form} have a form now: take them out of NO_FORM"
