"""docs/rules.md stays honest: every module, function and test file it names exists.

A backticked dotted name that starts with one of the project's apps (`plan.cumulative.month_alone`) must
import, module by module, then attribute by attribute; a backticked path (`tests/plan/test_cycle.py`,
`static/js/month_figures.js`) must be a file of the project.
"""

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "docs" / "rules.md"
APPS = (
    "accounts", "api", "assessment", "broadcast", "bulletin", "config", "core",
    "markets", "outreach", "plan", "registers", "supervision", "trade",
)  # fmt: skip
DOTTED = re.compile(rf"^(?:{'|'.join(APPS)})(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")
PATH = re.compile(r"^[\w./-]+/[\w.-]+\.(?:py|js|json|html|md)$")


def backticked() -> list[str]:
    return sorted(set(re.findall(r"`([^`\n]+)`", RULES.read_text(encoding="utf-8"))))


def resolves(name: str) -> bool:
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(found, attribute):
                return False
            found = getattr(found, attribute)
        return True
    return False


NAMES = [name for name in backticked() if DOTTED.match(name)]
PATHS = [name for name in backticked() if PATH.match(name)]


def test_the_page_names_code_and_tests():
    assert len(NAMES) > 50 and len(PATHS) > 30


@pytest.mark.parametrize("name", NAMES)
def test_each_named_module_or_function_exists(name):
    assert resolves(name), f"docs/rules.md names `{name}`, which does not import"


@pytest.mark.parametrize("path", PATHS)
def test_each_named_file_exists(path):
    assert (ROOT / path).is_file(), f"docs/rules.md names `{path}`, which is not a file"
