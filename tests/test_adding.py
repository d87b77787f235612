"""Adding is cheap: a throwaway indicator with a target (outreach's first monthly figure) and a register kind,
added the way docs/architecture.md says (tests/adding/), and the app and the count-sensitive parts of the
suite still pass with them. Run in a child pytest under tests.adding.settings, since the app's tables and the
plan with one target more must exist before the test database is made."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The end-to-end checks of the added kinds, and the suite's tests that once counted targets, registers or
# departments, or pinned what the added target changes (the plan file, the default month, the bulletin).
CHECKS = [
    "tests/adding/checks_adding.py",
    "tests/plan/test_loadplan.py",
    "tests/plan/test_settled_scenario.py",
    "tests/plan/test_dashboard.py",
    "tests/plan/test_api.py",
    "tests/plan/test_pages.py",
    "tests/bulletin/test_bulletins.py",
]


@pytest.mark.skipif(bool(os.environ.get("BUREAU_ADDING_CHILD")), reason="the child run itself")
def test_the_app_and_the_suite_pass_with_an_indicator_a_target_and_a_register_more(tmp_path):
    env = {**os.environ, "BUREAU_ADDING_CHILD": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--ds=tests.adding.settings",
            "-q",
            "-x",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            *CHECKS,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
