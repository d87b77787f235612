"""Settings for the test suite: the production settings with DEBUG off, plus what tests need.

The database still comes from DATABASE_URL, so `make test` runs on PostgreSQL when it names one.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-0123456789abcdefghijklmnopqrstuvwxyz-0123456789")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from config.settings import *  # noqa: E402, F403
from config.settings import STORAGES  # noqa: E402

# The manifest storage needs collectstatic; the tests serve the plain files.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
WHITENOISE_AUTOREFRESH = True
