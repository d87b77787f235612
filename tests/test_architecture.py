"""What the import contracts (pyproject.toml [tool.importlinter], checked by `make lint`) cannot say alone:
every project app is under them, migrations import no app code, and plan's templates name no register URL."""

import ast
import re
import tomllib
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ROOT_PACKAGES = PYPROJECT["tool"]["importlinter"]["root_packages"]


def local_apps():
    """The installed apps whose module is in the project's folder (not a library's, not a test's own)."""
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(ROOT)
        and not Path(config.path).resolve().is_relative_to(ROOT / "tests")
        # (A virtualenv made in the project's folder, as `make` makes it, holds the libraries' apps.)
        and not Path(config.path).resolve().is_relative_to(ROOT / ".venv")
    ]


def test_every_local_app_is_under_the_import_contracts():
    missing = [config.name for config in local_apps() if config.name.split(".")[0] not in ROOT_PACKAGES]
    assert not missing, f"add {missing} to root_packages and to the layers in pyproject.toml"


def test_every_local_app_is_first_party_for_ruff():
    first_party = PYPROJECT["tool"]["ruff"]["lint"]["isort"]["known-first-party"]
    assert {config.name.split(".")[0] for config in local_apps()} <= set(first_party)


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
    return found


def test_migrations_import_no_app_code():
    """A migration runs against the models as they were (apps.get_model), so importing today's code from one
    would break it when that code changes; and the arrows then need no exceptions for migrations. The only
    imports allowed are what makemigrations itself writes: a manager of its own app's models (used in
    migrations) and a field's validator from core, which imports no app."""
    offending = {}
    for config in local_apps():
        allowed = {f"{config.name}.models"}
        for path in sorted((Path(config.path) / "migrations").glob("*.py")):
            bad = {
                module
                for module in imported_modules(path)
                if (module.startswith(".") or module.split(".")[0] in ROOT_PACKAGES)
                and module not in allowed
                and module.split(".")[0] != "core"
            }
            if bad:
                offending[str(path.relative_to(ROOT))] = sorted(bad)
    assert not offending


def test_plan_templates_name_no_register_url():
    """Registers hand plan a ready link (registers.spec.Register.counted_link, the plug-in's nav entries):
    plan sits below registers and names none of its pages."""
    named = {}
    for path in sorted((ROOT / "templates" / "plan").rglob("*.html")):
        found = re.findall(r"""\{%\s*url\s+['"](registers:[\w-]+)""", path.read_text(encoding="utf-8"))
        if found or "/registers/" in path.read_text(encoding="utf-8"):
            named[path.name] = found or ["/registers/"]
    assert not named
