"""Load benchmark (not a test): simulated users against gunicorn on PostgreSQL, over loopback only.

    make load                                   # 100 users for 60 s, on a database of its own
    .venv/bin/python tests/bench/load.py --users 100 --duration 60 --think 1.0
    .venv/bin/python tests/bench/load.py --url http://127.0.0.1:8000   # a server already running

Without --url it prepares DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bureau_load: migrate,
createcachetable, demo --if-empty; never run it on a production database) and starts gunicorn with the
repository's gunicorn.conf.py and production settings. Each simulated user logs in once (not measured), then
repeats its scenario's requests with a random think time between them. The report gives requests per second,
p50/p95 per page and errors (any answer but the expected status, or no answer), and compares every page's p95
with the log-in page's under the same load. Aim: 0 errors; every p95 under 5× the log-in page's.

Add scenarios to SCENARIOS as pages land (the dashboard with its year and month, the progress API, the
figure entry form's save, an import): a Step is a name, a method, a path and, for a POST, a function that
builds the form from the user's number and the step's count.
"""

import argparse
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.deploy.browser import Browser  # noqa: E402
from tests.deploy.support import AppServer, manage  # noqa: E402

DEMO_PASSWORD = "demo-password-for-tests"  # tests.deploy.support.production_env
LOGIN_PAGE = "log-in page"


@dataclass
class Step:
    name: str
    path: str
    method: str = "GET"
    form: Callable[[int, int], dict] | None = None  # (user number, count) -> POST data
    expect: int = 200


@dataclass
class Scenario:
    name: str
    usernames: list[str]  # the simulated users take these accounts in turn; empty: anonymous
    share: float  # of the simulated users
    steps: list[Step] = field(default_factory=list)


SCENARIOS = [
    Scenario(
        "leader reading",
        ["leader", "admin"],
        0.4,
        [
            Step("dashboard", "/"),
            Step("plan document", "/plan/2007/"),
            Step("target page", "/plan/2007/targets/export/"),
            Step("measures", "/plan/2007/measures/"),
            # Step("progress API", "/api/v1/progress/2007/"),  # when the API lands
        ],
    ),
    Scenario(
        "staff at work",
        ["trade", "markets", "regulation", "outreach", "office"],
        0.5,
        [
            Step("dashboard", "/"),
            Step("department page", "/departments/{department}/"),
            Step("measures of the department", "/plan/2007/measures/?department={department}"),
            Step("measure page", "/plan/2007/measures/3.1.1/"),
            # The figure entry form's save, when it lands, e.g.:
            # Step("save figures", "/trade/2007/9/", "POST", lambda user, n: {...}, expect=302),
        ],
    ),
    # The yardstick: the log-in form, which does almost nothing, under the same load.
    Scenario("anonymous", [], 0.1, [Step(LOGIN_PAGE, "/accounts/login/")]),
]


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.seconds = defaultdict(list)
        self.errors = defaultdict(int)
        self.examples = {}

    def add(self, name, seconds, error=None):
        with self.lock:
            self.seconds[name].append(seconds)
            if error:
                self.errors[name] += 1
                self.examples.setdefault(name, error)


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def simulated_user(number, scenario, base_url, sessions, stop_at, think, results):
    rng = random.Random(number)
    browser = Browser()
    username = scenario.usernames[number % len(scenario.usernames)] if scenario.usernames else ""
    if username:
        browser.cookies = dict(sessions[username])
    department = username if username in {"trade", "markets", "regulation", "outreach", "office"} else "trade"
    count = 0
    time.sleep(rng.uniform(0, think))  # users do not all arrive at the same instant
    while time.monotonic() < stop_at:
        for step in scenario.steps:
            if time.monotonic() >= stop_at:
                break
            path = step.path.format(department=department)
            data = step.form(number, count) if step.form else None
            started = time.monotonic()
            try:
                response = browser.request(base_url, step.method, path, data)
                error = None if response.status == step.expect else f"{response.status} for {path}"
                results.add(step.name, response.seconds, error)
            except Exception as exc:  # noqa: BLE001 - every failure counts as an error
                results.add(step.name, time.monotonic() - started, f"{type(exc).__name__}: {exc}")
                browser.close()
            count += 1
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))
    browser.close()


def log_in_everyone(base_url):
    """One session per account, made with the real log-in form; simulated users of an account share it."""
    sessions = {}
    for name in {u for scenario in SCENARIOS for u in scenario.usernames}:
        browser = Browser()
        response = browser.log_in(base_url, name, os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD))
        if response.status != 302:
            raise SystemExit(f"Could not log in as {name} ({response.status}); is the demo data loaded?")
        sessions[name] = dict(browser.cookies)
        browser.close()
    return sessions


def run(base_url, users, duration, think):
    sessions = log_in_everyone(base_url)
    # Warm up every page once (worker start-up and first queries are not what is measured).
    warm = Browser()
    warm.cookies = dict(sessions["leader"])
    for scenario in SCENARIOS:
        for step in scenario.steps:
            if step.method == "GET":
                warm.get(base_url, step.path.format(department="trade"))
    warm.close()

    results = Results()
    plan = []
    for scenario in SCENARIOS:
        plan += [scenario] * round(users * scenario.share)
    plan = (plan + [SCENARIOS[0]] * users)[:users]
    stop_at = time.monotonic() + duration
    threads = [
        threading.Thread(
            target=simulated_user, args=(n, s, base_url, sessions, stop_at, think, results), daemon=True
        )
        for n, s in enumerate(plan)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started


def report(results, elapsed, users, think):
    total = sum(len(v) for v in results.seconds.values())
    errors = sum(results.errors.values())
    login_p95 = percentile(results.seconds[LOGIN_PAGE], 95) if results.seconds[LOGIN_PAGE] else None
    lines = [
        f"{users} users, think time {think:.1f} s (±50%), {elapsed:.0f} s: {total} requests, "
        f"{total / elapsed:.1f} requests/s, {errors} errors",
        "",
        "| page | requests | req/s | p50 ms | p95 ms | max ms | p95 / log-in p95 | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    worst = 0.0
    for name, values in results.seconds.items():
        p95 = percentile(values, 95)
        ratio = p95 / login_p95 if login_p95 else float("nan")
        if name != LOGIN_PAGE:
            worst = max(worst, ratio)
        lines.append(
            f"| {name} | {len(values)} | {len(values) / elapsed:.1f} | {statistics.median(values) * 1000:.0f} | "
            f"{p95 * 1000:.0f} | {max(values) * 1000:.0f} | {ratio:.2f} | {results.errors[name]} |"
        )
    every = [s for values in results.seconds.values() for s in values]
    lines.append(
        f"| **all** | {total} | {total / elapsed:.1f} | {statistics.median(every) * 1000:.0f} | "
        f"{percentile(every, 95) * 1000:.0f} | {max(every) * 1000:.0f} | | {errors} |"
    )
    for name, example in results.examples.items():
        lines.append(f"\nfirst error of {name}: {example}")
    met = errors == 0 and worst < 5
    lines.append(
        f"\nAim (0 errors, every page's p95 under 5× the log-in page's): {'met' if met else 'NOT met'} "
        f"(worst ratio {worst:.2f})"
    )
    print("\n".join(lines))
    return met


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a user's requests")
    parser.add_argument("--url", help="a running server on loopback (default: start gunicorn)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bureau_load"),
    )
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: its config)")
    args = parser.parse_args()

    if args.url:
        host = urllib.parse.urlsplit(args.url).hostname
        if host not in {"127.0.0.1", "localhost", "::1"}:
            raise SystemExit("Only loopback addresses: this benchmark must never load someone else's server.")
        met = report(*run(args.url, args.users, args.duration, args.think), args.users, args.think)
        raise SystemExit(0 if met else 1)

    if not args.database_url.startswith("postgres"):
        raise SystemExit("The benchmark runs on PostgreSQL: give --database-url postgres://...")
    _ensure_database(args.database_url)
    print(f"Preparing {args.database_url} ...", flush=True)
    manage("migrate", "--noinput", "-v0", database_url=args.database_url)
    manage("createcachetable", database_url=args.database_url)
    manage("demo", "--if-empty", database_url=args.database_url)
    extra = {"GUNICORN_WORKERS": str(args.workers)} if args.workers else {}
    server = AppServer(args.database_url, log_path=Path("/tmp/bureau-load-gunicorn.log"), **extra)
    try:
        server.wait_until_healthy()
        print(
            f"gunicorn at {server.url} (log: /tmp/bureau-load-gunicorn.log); {args.users} users ...",
            flush=True,
        )
        met = report(*run(server.url, args.users, args.duration, args.think), args.users, args.think)
    finally:
        server.stop()
    raise SystemExit(0 if met else 1)


def _ensure_database(database_url):
    import psycopg2

    parts = urllib.parse.urlsplit(database_url)
    conn = psycopg2.connect(
        dbname="postgres", user=parts.username, password=parts.password, host=parts.hostname, port=parts.port
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        name = parts.path.lstrip("/")
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


if __name__ == "__main__":
    main()
