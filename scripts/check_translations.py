#!/usr/bin/env python3
"""Fail when the zh-Hans catalogue misses a string of the source, has a fuzzy or untranslated entry, or when
the committed .mo is not the compiled .po. Runs makemessages on a copy, so the tree is left as it was.

Needs GNU gettext (xgettext, msgattrib, msgfmt).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"


def run(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


def main() -> int:
    env = {**os.environ, "DEBUG": "true"}
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        saved = Path(tmp) / "saved"
        shutil.copytree(CATALOGUE, saved)
        try:
            run(
                sys.executable,
                "manage.py",
                "makemessages",
                "-l",
                "zh_Hans",
                "--add-location=file",
                "-i",
                ".venv/*",
                "-i",
                "static/*",
                "-i",
                "staticfiles/*",
                "-i",
                "tests/*",
                cwd=ROOT,
                env=env,
            )
            refreshed = CATALOGUE / "django.po"
            untranslated = run("msgattrib", "--untranslated", "--no-obsolete", str(refreshed)).stdout
            fuzzy = run("msgattrib", "--only-fuzzy", "--no-obsolete", str(refreshed)).stdout
            if untranslated.strip():
                problems.append(
                    "untranslated strings (run `make translations` and translate them):\n" + untranslated
                )
            if fuzzy.strip():
                problems.append(
                    "fuzzy strings (check the translation, then remove the fuzzy flag):\n" + fuzzy
                )
            compiled = Path(tmp) / "django.mo"
            run("msgfmt", "--check-format", "-o", str(compiled), str(saved / "django.po"))
            if compiled.read_bytes() != (saved / "django.mo").read_bytes():
                problems.append(
                    "locale/zh_Hans/LC_MESSAGES/django.mo is not the compiled django.po: run `make translations`"
                )
        finally:
            shutil.rmtree(CATALOGUE)
            shutil.copytree(saved, CATALOGUE)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print("Translations: complete, no fuzzy entries, .mo up to date.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
