"""Two app servers on one PostgreSQL, as a province runs them: whatever one server does, the other sees.

Two gunicorn servers (the repository's gunicorn.conf.py, production settings) serve one scratch database.
A log-in on one works on the other, a log-out on one ends the session on both, failed log-ins count together,
and concurrent saves through both lose nothing and break no constraint.

To add a kind of save as its page lands (monthly figures, imports): write a `save_<thing>(browser, server, i)`
that performs one save through the page, run it with `concurrently()` against both servers, and check the
database afterwards in `query()` that every save is there once.
"""

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg2
import pytest
from django.db import connection

from config.settings import BASE_DIR
from tests.deploy.browser import Browser
from tests.deploy.support import AppServer, manage, production_env, scratch_database, scratch_name

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
        manage("createcachetable", database_url=url)
        manage("demo", database_url=url)
        yield url


@pytest.fixture(scope="module")
def servers(database, tmp_path_factory):
    logs = tmp_path_factory.mktemp("gunicorn")
    started = [AppServer(database, log_path=logs / f"server-{name}.log") for name in "ab"]
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

    def change(index, name):
        server = b if index % 2 else a
        return browsers[name].post(
            server,
            "/accounts/password/",
            {
                "old_password": PASSWORD,
                "new_password1": f"new-{name}-passphrase-2008",
                "new_password2": f"new-{name}-passphrase-2008",
            },
        )

    responses = concurrently([lambda i=i, n=n: change(i, n) for i, n in enumerate(people)])
    assert [r.status for r in responses] == [302] * len(people), [r.text[:300] for r in responses]
    for i, name in enumerate(people):
        other = a if i % 2 else b
        assert browsers[name].get(other, "/").status == 200  # the session survives its own change
        assert Browser().log_in(other, name, f"new-{name}-passphrase-2008").status == 302
        assert Browser().log_in(other, name, PASSWORD).status == 200  # the old one is refused


def test_concurrent_saves_of_one_month_lose_nothing(database):
    """Two processes (as two app servers) save the same department's monthly note 25 times each, every save
    based on the version it read: none overwrites another, and the month is one row."""
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
        "SELECT r.note, r.version FROM plan_monthlyreport r JOIN plan_department d ON d.id = r.department_id "
        "WHERE d.code = 'trade' AND r.year = 2007 AND r.month = 9",
    )
    assert len(rows) == 1
    note, version = rows[0]
    lines = note.split("\n")
    assert sorted(lines) == sorted([f"a-{i}" for i in range(25)] + [f"b-{i}" for i in range(25)])
    assert version == 50
    # Each writer's lines are in its own order: no save was based on a stale note.
    for tag in ("a", "b"):
        assert [line for line in lines if line.startswith(tag)] == [f"{tag}-{i}" for i in range(25)]
