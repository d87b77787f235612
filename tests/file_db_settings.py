"""The test settings on an SQLite database in a file, for the tests where threads race on two connections
(tests/test_concurrency_in_a_file.py runs them so in every `make test`)."""

import atexit
import shutil
import tempfile
from pathlib import Path

from config.test_settings import *  # noqa: F403
from config.test_settings import DATABASES

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _folder = Path(tempfile.mkdtemp(prefix="bureau-test-db-"))
    atexit.register(shutil.rmtree, _folder, ignore_errors=True)
    DATABASES["default"]["TEST"] = {"NAME": str(_folder / "test.sqlite3")}
