"""Running the app as in production, outside the test process: manage.py commands, gunicorn servers, and
scratch PostgreSQL databases next to the test database."""

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg2
from django.db import connection

# The repository: app servers run from it. (Not from config.settings, so the load benchmark can import this.)
BASE_DIR = Path(__file__).resolve().parents[2]

SECRET_KEY = "deploy-tests-shared-secret-0123456789abcdefghijklmnopqrstuvwxyz"


def production_env(database_url: str, **extra) -> dict[str, str]:
    """The environment of an app server: production settings (DEBUG off) on `database_url`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT"}
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        # Every app server must have the same key: it signs the session's authentication hash.
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "DEMO_PASSWORD": "demo-password-for-tests",
        **extra,
    }


def manage(*args: str, database_url: str, **extra) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        env=production_env(database_url, **extra),
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


# Writes every figure (exportfigures) and every register of every kind (exportregister) into a folder, through
# the commands themselves, in one process: a file per export, and the list of register kinds.
_EXPORT_ALL = """
import os, pathlib
from django.core.management import call_command
from registers import spec
folder = pathlib.Path(os.environ["EXPORT_FOLDER"])
call_command("exportfigures", str(folder / "figures.csv"))
kinds = sorted(s.key for s in spec.all_registers())
for kind in kinds:
    call_command("exportregister", kind, str(folder / f"register-{kind}.csv"))
(folder / "kinds.txt").write_text("\\n".join(kinds))
"""


def canonical_export(database_url: str) -> str:
    """Every row of every model in a fixed order (dumpdata), then the bureau's own exports: the figures file of
    `exportfigures` and the file of `exportregister` for every register kind. Two databases holding the same
    data give the same text."""
    rows = json.loads(manage("dumpdata", "--format=json", database_url=database_url))
    rows.sort(key=lambda row: (row["model"], str(row["pk"])))
    sections = [("dumpdata", json.dumps(rows, sort_keys=True, ensure_ascii=False, indent=1))]
    with tempfile.TemporaryDirectory(prefix="bureau-export-") as folder:
        manage("shell", "-c", _EXPORT_ALL, database_url=database_url, EXPORT_FOLDER=folder)
        path = Path(folder)
        sections.append(("exportfigures", (path / "figures.csv").read_text(encoding="utf-8-sig")))
        for kind in (path / "kinds.txt").read_text().split("\n"):
            text = (path / f"register-{kind}.csv").read_text(encoding="utf-8-sig")
            sections.append((f"exportregister {kind}", text))
    return "".join(f"=== {name} ===\n{text}\n" for name, text in sections)


def collect_static(static_root: Path) -> Path:
    """collectstatic into `static_root`, as every app server does after an install or upgrade (the pages
    refer to the hashed names of its manifest, so a server without it answers 500)."""
    manage(
        "collectstatic", "--noinput", "-v0", database_url="sqlite://:memory:", STATIC_ROOT=str(static_root)
    )
    return static_root


# PostgreSQL scratch databases, on the server of the test database.


def postgres_url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _admin_connection():
    s = connection.settings_dict
    conn = psycopg2.connect(
        dbname="postgres", user=s["USER"], password=s.get("PASSWORD") or None, host=s["HOST"], port=s["PORT"]
    )
    conn.autocommit = True
    return conn


@contextlib.contextmanager
def scratch_database(name: str):
    """A fresh, empty PostgreSQL database, dropped afterwards."""
    conn = _admin_connection()
    try:
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield postgres_url(name)
    finally:
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


def scratch_name(suffix: str) -> str:
    # Next to the test database of this run, so that parallel runs with other names never collide.
    return f"{connection.settings_dict['NAME']}_{suffix}"


# gunicorn app servers on loopback.


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """A gunicorn server started with the repository's gunicorn.conf.py, as systemd starts it."""

    def __init__(self, database_url: str, *, workers: int = 2, log_path=None, **extra):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "config.wsgi",
            ],
            env=production_env(database_url, GUNICORN_WORKERS=str(workers), **extra),
            cwd=BASE_DIR,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_healthy(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self._log is not subprocess.DEVNULL:
            self._log.close()
