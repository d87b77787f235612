"""Two app servers on one PostgreSQL, as a province runs them: whatever one server does, the other sees.

Two gunicorn servers (the repository's gunicorn.conf.py, production settings) serve one scratch database.
A log-in on one works on the other, a log-out on one ends the session on both, failed log-ins count together,
and concurrent saves through both lose nothing and break no constraint: the month page's figures, a month saved
by two people at once (the later is refused), figure imports (preview on one server, confirm on the other), the
registers, and uploaded files (both servers share MEDIA_ROOT, as the NFS mount of docs/deploy.md).

Every save goes through the real pages over HTTP, as a browser behind nginx sends it; the database is checked
afterwards with `query()`.
"""

import re
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import psycopg2
import pytest
from django.db import connection

from config.settings import BASE_DIR
from tests.deploy.browser import Browser
from tests.deploy.support import (
    AppServer,
    collect_static,
    manage,
    production_env,
    scratch_database,
    scratch_name,
)

pytestmark = [
    pytest.mark.deploy,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several app servers share a PostgreSQL database: run with DATABASE_URL=postgres://... "
        "(CI's PostgreSQL pass runs it)",
    ),
]

PASSWORD = "demo-password-for-tests"  # DEMO_PASSWORD in support.production_env
STAFF = ["trade", "markets", "regulation", "outreach", "office"]


@pytest.fixture(scope="module")
def database():
    with scratch_database(scratch_name("two_servers")) as url:
        manage("migrate", "--noinput", "-v0", database_url=url)
        manage("demo", database_url=url)
        yield url


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    """The uploads folder both servers mount (NFS in production)."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def servers(database, media_root, tmp_path_factory):
    logs = tmp_path_factory.mktemp("gunicorn")
    static_root = collect_static(tmp_path_factory.mktemp("static"))
    started = [
        AppServer(
            database,
            log_path=logs / f"server-{name}.log",
            MEDIA_ROOT=str(media_root),
            STATIC_ROOT=str(static_root),
        )
        for name in "ab"
    ]
    try:
        for server in started:
            server.wait_until_healthy()
        yield [server.url for server in started]
    finally:
        for server in started:
            server.stop()


def query(database_url, sql, params=()):
    conn = psycopg2.connect(database_url.replace("postgres://", "postgresql://"))
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        conn.close()


def concurrently(jobs):
    """Run the callables at once (one thread each) and return their results in order; errors propagate."""
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return [future.result() for future in [pool.submit(job) for job in jobs]]


def test_a_log_in_on_one_server_works_on_the_other(servers):
    a, b = servers
    browser = Browser()
    response = browser.log_in(a, "leader", PASSWORD)
    assert response.status == 302 and response.location == "/"
    response = browser.get(b, "/")
    assert response.status == 200
    assert "王局长" in response.text

    # A log-out on the other server ends the session everywhere.
    assert browser.post(b, "/accounts/logout/").status == 302
    response = browser.get(a, "/")
    assert response.status == 302 and response.location.startswith("/accounts/login/")


def test_concurrent_log_ins_on_both_servers_each_work_on_the_other(servers, database):
    a, b = servers
    people = ["admin", "leader", *STAFF]
    browsers = {name: Browser() for name in people}

    def log_in_then_cross(index, name):
        first, other = (a, b) if index % 2 == 0 else (b, a)
        assert browsers[name].log_in(first, name, PASSWORD).status == 302
        return browsers[name].get(other, "/")

    responses = concurrently([lambda i=i, n=n: log_in_then_cross(i, n) for i, n in enumerate(people)])
    assert [r.status for r in responses] == [200] * len(people)
    assert "市场体系建设科" in responses[people.index("markets")].text
    sessions = query(database, "SELECT count(*) FROM django_session WHERE expire_date > now()")[0][0]
    assert sessions >= len(people)


def test_failed_log_ins_count_across_servers(servers, database):
    a, b = servers
    # Five failures, alternating servers, lock the account on both (axes keeps its counts in the database).
    for attempt in range(5):
        response = Browser().log_in(a if attempt % 2 else b, "office", "wrong-password-123")
        assert response.status in (200, 429), response.status
    for server in (a, b):
        response = Browser().log_in(server, "office", PASSWORD)
        assert response.status != 302, "a locked account logged in"
        assert "账号已锁定" in response.text or "Account locked" in response.text
    failures = query(
        database, "SELECT failures_since_start FROM axes_accessattempt WHERE username = 'office'"
    )
    assert failures[0][0] >= 5


def test_password_changes_saved_through_both_servers_all_hold(servers):
    a, b = servers
    people = ["trade", "markets", "regulation", "outreach"]
    browsers = {name: Browser() for name in people}
    for i, name in enumerate(people):
        assert browsers[name].log_in(a if i % 2 else b, name, PASSWORD).status == 302

    def change(index, name, old, new):
        server = b if index % 2 else a
        return browsers[name].post(
            server, "/accounts/password/", {"old_password": old, "new_password1": new, "new_password2": new}
        )

    def new_password(name):
        return f"new-{name}-passphrase-2008"

    responses = concurrently(
        [lambda i=i, n=n: change(i, n, PASSWORD, new_password(n)) for i, n in enumerate(people)]
    )
    assert [r.status for r in responses] == [302] * len(people), [r.text[:300] for r in responses]
    for i, name in enumerate(people):
        other = a if i % 2 else b
        assert browsers[name].get(other, "/").status == 200  # the session survives its own change
        assert Browser().log_in(other, name, new_password(name)).status == 302
        assert Browser().log_in(other, name, PASSWORD).status == 200  # the old one is refused

    # And back again, through the other servers (the later tests log in with the demo password).
    responses = concurrently(
        [lambda i=i, n=n: change(i + 1, n, new_password(n), PASSWORD) for i, n in enumerate(people)]
    )
    assert [r.status for r in responses] == [302] * len(people), [r.text[:300] for r in responses]
    for i, name in enumerate(people):
        assert Browser().log_in(a if i % 2 else b, name, PASSWORD).status == 302


def test_concurrent_saves_of_one_month_lose_nothing(database):
    """Two processes (as two app servers) save the same department's monthly note 25 times each, every save
    based on the version it read: none overwrites another, and the month is one row."""
    # September already holds the demo's figures (their import counted as a change of the month).
    ((before,),) = query(
        database,
        "SELECT r.version FROM plan_monthlyreport r JOIN plan_department d ON d.id = r.department_id "
        "WHERE d.code = 'trade' AND r.year = 2007 AND r.month = 9",
    )
    start_at = str(time.time() + 3)
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "tests/deploy/note_writer.py",
                "trade",
                "trade",
                "2007",
                "9",
                "25",
                tag,
                start_at,
            ],
            env=production_env(database),
            cwd=BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    conflicts = 0
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        conflicts += int(out)
    # The writers did overlap: some saves were refused as stale and redone.
    assert conflicts > 0

    rows = query(
        database,
        "SELECT n.text, r.version FROM plan_monthlyreport r JOIN plan_department d ON d.id = r.department_id "
        "JOIN plan_target t ON t.department_id = d.id AND t.code = 'trade_total' "
        "JOIN plan_plan p ON p.id = t.plan_id AND p.year = 2007 "
        "JOIN plan_targetnote n ON n.target_id = t.id AND n.month = r.month "
        "WHERE d.code = 'trade' AND r.year = 2007 AND r.month = 9",
    )
    assert len(rows) == 1
    note, version = rows[0]
    lines = note.split("\n")
    assert sorted(lines) == sorted([f"a-{i}" for i in range(25)] + [f"b-{i}" for i in range(25)])
    assert version == before + 50
    # Each writer's lines are in its own order: no save was based on a stale note.
    for tag in ("a", "b"):
        assert [line for line in lines if line.startswith(tag)] == [f"{tag}-{i}" for i in range(25)]


# -- Figures on the department month page ---------------------------------------------------------------------

# The demo's pace carried on to the year end (domain: 1–N月累计; 2007 in full: exports 5.26 亿美元, imports
# 3.54 亿美元, 机电 26%, 高新 10% and their union 30% of exports; retail 404 亿元), so no check warns.
TRADE_Q4 = {
    10: {"export": 42518, "import": 28615, "export_mech_elec": 11055, "export_hitech": 4252, "export_hitech_mech_union": 12755},  # noqa: E501
    11: {"export": 47340, "import": 31860, "export_mech_elec": 12308, "export_hitech": 4734, "export_hitech_mech_union": 14202},  # noqa: E501
    12: {"export": 52600, "import": 35400, "export_mech_elec": 13676, "export_hitech": 5260, "export_hitech_mech_union": 15780},  # noqa: E501
}  # fmt: skip
RETAIL_Q4 = {10: {"retail_sales": 3299333}, 11: {"retail_sales": 3652833}, 12: {"retail_sales": 4040000}}
CONFLICT = "已保存了本月数据，因此您的本次保存未执行，未存入任何内容"


def month_path(department, year, month):
    return f"/months/{department}/{year}/{month}/"


def open_month(browser, server, department, year, month):
    """The month page as its owner opens it: the version it was loaded at (the form's hidden field)."""
    response = browser.get(server, month_path(department, year, month))
    assert response.status == 200, response.status
    return int(re.search(r'name="version" value="(\d+)"', response.text).group(1))


def month_form(version, values, note="", action="save"):
    """The month page's post; `note` goes into the box of the department's first target (trade's total, the
    markets' retail sales: one box per target; a box the department does not have is ignored)."""
    data = {"version": str(version), "unit": "wan", "action": action}
    data.update({"note__trade_total": note, "note__retail_sales": note})
    if action == "submit":
        data["submit_confirmed"] = "1"  # what the page's script sets when the staffer confirms
    for code, value in values.items():
        data[f"{code}__cumulative"] = str(value)
        data[f"{code}__release"] = "final"
    return data


def logged_in(server, username):
    browser = Browser()
    assert browser.log_in(server, username, PASSWORD).status == 302
    return browser


def test_two_departments_save_their_months_through_both_servers_at_once(servers, database):
    """Trade and markets each save October to December three times over (every save a revision of all their
    figures), at the same time, each page opened on one server and saved through the other."""
    a, b = servers
    rounds = 3

    def work(username, plan):
        browser = logged_in(a, username)
        saved = 0
        for revision in range(rounds):
            for month, values in plan.items():
                opened_on, saved_on = (a, b) if saved % 2 == 0 else (b, a)
                version = open_month(browser, opened_on, username, 2007, month)
                typed = {code: value + revision for code, value in values.items()}
                response = browser.post(
                    saved_on, month_path(username, 2007, month), month_form(version, typed, f"第{revision}稿")
                )
                assert response.status == 302, re.sub(r"<[^>]+>", " ", response.text)[-3000:]
                assert response.location == month_path(username, 2007, month)
                # The other server shows the save at once.
                page = browser.get(opened_on, response.location).text
                assert "已保存。" in page
                first = next(iter(typed))
                assert f'value="{int(typed[first]):,}.00"' in page  # as the bureau writes it: 42,518.00
                saved += 1
        return saved

    assert concurrently([lambda: work("trade", TRADE_Q4), lambda: work("markets", RETAIL_Q4)]) == [9, 9]

    for table, plan in [("trade_tradefigure", TRADE_Q4), ("markets_retailfigure", RETAIL_Q4)]:
        rows = query(
            database,
            f"SELECT indicator, month, cumulative, (SELECT count(*) FROM {table.replace('_', '_historical', 1)} h "
            f"WHERE h.id = f.id) FROM {table} f WHERE year = 2007 AND month >= 10",
        )
        # One row per figure holding the last revision, and a history row for every save (created, changed twice).
        expected = {
            (code, month): value + rounds - 1
            for month, values in plan.items()
            for code, value in values.items()
        }  # noqa: E501
        assert {(code, month): int(value) for code, month, value, _history in rows} == expected
        assert {history for *_figure, history in rows} == {rounds}
    versions = query(
        database,
        "SELECT d.code, r.month, r.version, n.text FROM plan_monthlyreport r "
        "JOIN plan_department d ON d.id = r.department_id "
        "JOIN plan_target t ON t.department_id = d.id AND t.code IN ('trade_total', 'retail_sales') "
        "JOIN plan_plan p ON p.id = t.plan_id AND p.year = 2007 "
        "JOIN plan_targetnote n ON n.target_id = t.id AND n.month = r.month "
        "WHERE r.year = 2007 AND r.month >= 10",
    )
    assert sorted(versions) == [
        (code, month, rounds, f"第{rounds - 1}稿") for code in ("markets", "trade") for month in (10, 11, 12)
    ]


def test_the_later_of_two_saves_of_one_month_is_refused_not_overwritten(servers, database):
    """The trade clerk and the administrator open trade's January 2008, each on another server, and save."""
    a, b = servers
    clerk, admin = logged_in(a, "trade"), logged_in(b, "admin")
    clerk_version = open_month(clerk, a, "trade", 2008, 1)
    admin_version = open_month(admin, b, "trade", 2008, 1)
    assert clerk_version == admin_version == 0

    response = clerk.post(
        a, month_path("trade", 2008, 1), month_form(clerk_version, {"export": 4000}, "海关快报")
    )
    assert response.status == 302
    response = admin.post(b, month_path("trade", 2008, 1), month_form(admin_version, {"export": 4100}, "改"))
    assert response.status == 200
    page = response.text
    # Refused, saying who saved what; what the administrator typed stays in the form.
    assert "张明 已保存了本月数据" in page and CONFLICT in page
    assert "出口 4,000.00 万美元" in page
    assert 'value="4100"' in page
    assert query(
        database, "SELECT cumulative FROM trade_tradefigure WHERE indicator = 'export' AND year = 2008"
    ) == [(4000,)]

    # Now both save at the very same moment, five times: each time exactly one is stored, the other refused.
    barrier = threading.Barrier(2)
    for round_ in range(1, 6):
        version = open_month(clerk, b, "trade", 2008, 1)
        assert open_month(admin, a, "trade", 2008, 1) == version

        clerk_value, admin_value = 4000 + 10 * round_ + 1, 4000 + 10 * round_ + 2
        saves = [
            (clerk, a, month_form(version, {"export": clerk_value})),
            (admin, b, month_form(version, {"export": admin_value})),
        ]
        responses = concurrently([lambda save=save: save_at_once(barrier, *save) for save in saves])
        assert sorted(r.status for r in responses) == [200, 302]
        winner = clerk_value if responses[0].status == 302 else admin_value
        refused = responses[0] if responses[0].status == 200 else responses[1]
        assert CONFLICT in refused.text and f"出口 {winner:,}.00 万美元" in refused.text
        assert query(
            database, "SELECT cumulative FROM trade_tradefigure WHERE indicator = 'export' AND year = 2008"
        ) == [(winner,)]

    (version,) = query(
        database,
        "SELECT r.version FROM plan_monthlyreport r JOIN plan_department d ON d.id = r.department_id "
        "WHERE d.code = 'trade' AND r.year = 2008 AND r.month = 1",
    )[0]
    assert version == 6  # the first save and one per round: no refused save left a trace
    history = query(
        database,
        "SELECT count(*) FROM trade_historicaltradefigure WHERE indicator = 'export' AND year = 2008",
    )
    assert history == [(6,)]


def save_at_once(barrier, browser, server, data):
    barrier.wait()
    return browser.post(server, month_path("trade", 2008, 1), data)


# -- Figure imports -------------------------------------------------------------------------------------------


def figures_csv(rows):
    lines = ["indicator,year,month,cumulative,source,release"]
    lines += [f"{code},{year},{month},{value},导入测试,final" for code, year, month, value in rows]
    return ("\n".join(lines) + "\n").encode()


def preview(browser, server, filename, content):
    response = browser.post(server, "/figures/upload/", files={"file": (filename, content)})
    assert response.status == 200
    return response


def test_imports_through_both_servers_at_once_store_every_revision(servers, database):
    """Four uploads of 2009's first quarter, overlapping on every figure, each previewed on one server and
    confirmed on the other at the same moment: every figure is one row, and its history holds each file's
    value once."""
    a, b = servers
    trade_codes, months = ("export", "import"), (1, 2, 3)
    base = {"export": 4400, "import": 2900, "retail_sales": 330000}
    uploads = [  # (who, codes, where previewed, where confirmed)
        ("trade", trade_codes, a, b),
        ("trade", trade_codes, b, a),
        ("admin", (*trade_codes, "retail_sales"), a, b),
        ("markets", ("retail_sales",), b, a),
    ]
    files = {
        n: [(code, 2009, month, base[code] * month + n) for code in codes for month in months]
        for n, (_who, codes, _p, _c) in enumerate(uploads)
    }
    browsers = [logged_in(previewed, who) for who, _codes, previewed, _confirmed in uploads]

    previews = concurrently(
        [
            lambda n=n: preview(browsers[n], uploads[n][2], f"q1-{n}.csv", figures_csv(files[n]))
            for n in range(len(uploads))
        ]
    )
    for n, response in enumerate(previews):
        assert response.text.count('class="outcome-new"') == len(files[n])
        assert "保存这些数据" in response.text
    assert query(database, "SELECT count(*) FROM trade_tradefigure WHERE year = 2009") == [(0,)]

    barrier = threading.Barrier(len(uploads))

    def confirm(n):
        barrier.wait()
        return browsers[n].post(uploads[n][3], "/figures/upload/confirm/")

    responses = concurrently([lambda n=n: confirm(n) for n in range(len(uploads))])
    assert [r.status for r in responses] == [302] * len(uploads), [r.text[-2000:] for r in responses]
    for n, (_who, _codes, previewed, _confirmed) in enumerate(uploads):
        page = browsers[n].get(previewed, "/figures/upload/").text
        assert f"已导入 q1-{n}.csv" in page, re.findall(r"alert[^>]*>(.*?)<", page, re.S)

    for table, model in [
        ("trade_tradefigure", "trade_historicaltradefigure"),
        ("markets_retailfigure", "markets_historicalretailfigure"),
    ]:  # noqa: E501
        current = query(database, f"SELECT indicator, month, cumulative FROM {table} WHERE year = 2009")
        history = query(
            database,
            f"SELECT indicator, month, cumulative, history_change_reason FROM {model} "
            "WHERE year = 2009 ORDER BY history_id",
        )
        keys = {(code, month) for code, month, _value in current}
        assert len(keys) == len(current)  # one row per figure (the unique constraint held)
        for code, month, value in current:
            revisions = [(v, reason) for c, m, v, reason in history if (c, m) == (code, month)]
            uploaded = {
                (base[code] * month + n, f"从 q1-{n}.csv 导入")
                for n in files
                if (code, 2009, month, base[code] * month + n) in files[n]
            }
            # Every file's value is in the history once, with its file as the reason; the last one stands.
            assert sorted(revisions) == sorted(uploaded)
            assert revisions[-1][0] == value
    assert len(query(database, "SELECT 1 FROM trade_tradefigure WHERE year = 2009")) == 6
    assert len(query(database, "SELECT 1 FROM markets_retailfigure WHERE year = 2009")) == 3
    versions = query(
        database,
        "SELECT d.code, r.month, r.version FROM plan_monthlyreport r JOIN plan_department d "
        "ON d.id = r.department_id WHERE r.year = 2009",
    )
    # Each import bumped each month it touched once: three imports of trade's months, two of markets'.
    assert sorted(versions) == [("markets", m, 2) for m in months] + [("trade", m, 3) for m in months]


def test_an_import_is_all_or_none_when_a_month_locks_between_preview_and_confirm(servers, database):
    a, b = servers
    markets = logged_in(a, "markets")
    content = figures_csv([("retail_sales", 2010, 1, 330000), ("retail_sales", 2010, 2, 640000)])
    assert "保存这些数据" in preview(markets, a, "jan-feb.csv", content).text

    # Meanwhile February is submitted for review through the other server, which locks it.
    version = open_month(markets, b, "markets", 2010, 2)
    response = markets.post(b, month_path("markets", 2010, 2), month_form(version, {}, "二月说明", "submit"))
    assert response.status == 302

    response = markets.post(a, "/figures/upload/confirm/")
    assert response.status == 200
    assert "市场体系建设科 2010-02 已提交，已锁定" in response.text
    # January, which was fine, is not stored either.
    assert query(database, "SELECT count(*) FROM markets_retailfigure WHERE year = 2010") == [(0,)]
    assert query(database, "SELECT count(*) FROM markets_historicalretailfigure WHERE year = 2010") == [(0,)]


# -- Registers and uploaded files -----------------------------------------------------------------------------


def test_register_records_created_through_both_servers_are_all_seen_on_either(servers, database):
    a, b = servers
    (county,) = query(database, "SELECT id FROM markets_county WHERE name = '武川县'")[0]
    clerks = [logged_in(a, "markets"), logged_in(b, "markets")]

    def create(n):
        server = (a, b)[n % 2]
        browser = Browser()  # a tab of the clerk's (one connection each), in the clerk's session
        browser.cookies = dict(clerks[n % 2].cookies)
        response = browser.post(
            server,
            "/registers/village-stores/new/",
            {"name": f"双服务器农家店{n:02d}", "county": county, "kind": "new", "category": "general"},
        )
        assert response.status == 302, response.text[-2000:]
        return response.location

    locations = concurrently([lambda n=n: create(n) for n in range(20)])
    assert len(set(locations)) == 20
    # Each record is readable through the other server, by someone else.
    leader_a, leader_b = logged_in(a, "leader"), logged_in(b, "leader")
    for n, location in enumerate(locations):
        response = (leader_b if n % 2 == 0 else leader_a).get((b, a)[n % 2], location)
        assert response.status == 200 and f"双服务器农家店{n:02d}" in response.text
    listed = leader_b.get(b, "/registers/village-stores/?q=" + urllib.parse.quote("双服务器"))
    assert listed.text.count("双服务器农家店") == 20
    names = query(database, "SELECT name FROM markets_villagestore WHERE name LIKE '双服务器农家店%%'")
    assert sorted(name for (name,) in names) == [f"双服务器农家店{n:02d}" for n in range(20)]


def test_a_file_uploaded_through_one_server_is_downloaded_through_the_other(servers, database, media_root):
    a, b = servers
    report = b"%PDF-1.4 2007\xe5\xb9\xb410\xe6\x9c\x88\xe5\xb8\x82\xe5\x9c\xba\xe8\xbf\x90\xe8\xa1\x8c\n" * 50
    regulation = logged_in(a, "regulation")
    response = regulation.post(
        a,
        "/registers/monitoring-reports/new/",
        {"name": "10月市场运行分析", "period": "2007年10月", "published_on": "2007-11-05"},
        files={"file": ("october.pdf", report)},
    )
    assert response.status == 302, response.text[-2000:]
    leader = logged_in(b, "leader")
    response = leader.get(b, response.location + "file/")
    assert response.status == 200 and response.body == report

    # Evidence attached to a measure's progress through the other server, read back through the first.
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["参展企业"] + ["伊利集团"] * 20)
    buffer = io.BytesIO()
    book.save(buffer)
    evidence = buffer.getvalue()  # a real workbook: the content, not the name, is checked
    trade = logged_in(b, "trade")
    # The version of October's update, as the measure's page carries it.
    page = trade.get(b, "/plan/2007/measures/3.1.5/").text
    version = re.search(r'name="version_10" value="(\d+)"', page).group(1)
    response = trade.post(
        b,
        "/plan/2007/measures/3.1.5/progress/",
        {
            "month": "10",
            "text": "已组织企业参展",
            "progress_pct": "80",
            "status": "in_progress",
            "version_10": version,
        },
        files={"evidence": ("exhibitors.xlsx", evidence)},
    )
    assert response.status == 302, response.text[-2000:]
    ((pk, name),) = query(database, "SELECT id, file FROM plan_measureevidence ORDER BY id DESC LIMIT 1")
    response = logged_in(a, "leader").get(a, f"/evidence/{pk}/")
    assert response.status == 200 and response.body == evidence
    # Both files are on the shared storage, under private/ (never served as /media/).
    assert (media_root / name).read_bytes() == evidence
    assert sorted(p.parent.parent.name for p in media_root.glob("private/*/*/*")) == [
        "evidence",
        "monitoring",
    ]


def test_what_one_server_or_a_command_writes_shows_at_once_on_the_other_s_dashboard(
    servers, database, tmp_path
):
    """The dashboard's parts and the API's answer are kept in the shared cache (plan.cache): a village store
    recorded through server a, and one imported by a command run elsewhere, count at once on server b."""
    import json

    a, b = servers
    leader = logged_in(b, "leader")

    def stores():
        response = leader.get(b, "/api/v1/progress/2007/?as_of=2007-12")
        assert response.status == 200, response.text[-2000:]
        return next(t for t in json.loads(response.text)["targets"] if t["code"] == "village_stores")[
            "actual"
        ]

    def dashboard():
        response = leader.get(b, "/?year=2007&month=12")
        assert response.status == 200
        return re.search(r'id="card-village_stores".*?target-actual">(.*?)</div>', response.text, re.S).group(
            1
        )

    before, card = stores(), dashboard()
    assert stores() == before and dashboard() == card  # now from the cache
    (county,) = query(database, "SELECT id FROM markets_county WHERE name = '武川县'")[0]
    response = logged_in(a, "markets").post(
        a,
        "/registers/village-stores/new/",
        {
            "name": "缓存测试农家店",
            "county": county,
            "kind": "new",
            "category": "general",
            "built_on": "2007-03-01",
            "accepted_on": "2007-04-01",
        },
    )
    assert response.status == 302, response.text[-2000:]
    assert stores() == before + 1
    assert dashboard() != card
    path = tmp_path / "stores.csv"
    path.write_text(
        "name,county,kind,category,built_on,accepted_on\n命令导入农家店,武川县,new,general,2007-05-01,2007-06-01\n",
        encoding="utf-8",
    )
    manage("importregister", "village-stores", str(path), database_url=database)
    assert stores() == before + 2
