"""Settings, all from the environment (django-environ; a `.env` file is read when present).

See the settings table in README.md. With DEBUG off the app is production-safe: it expects a reverse proxy
that terminates TLS and sends X-Forwarded-Proto.
"""

import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DEBUG", default=False)

# A development key is only acceptable while DEBUG is on; a production server must be given its own. The one
# exception signs nothing: `manage.py makemigrations` compares the models with the migrations, so that
# `manage.py makemigrations --check` answers on a clean clone with no settings at all.
SECRET_KEY = env.str("SECRET_KEY", default="")
KEYLESS_COMMAND = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] == ["makemigrations"]
if not SECRET_KEY:
    if not (DEBUG or KEYLESS_COMMAND):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "accounts.login_protection.AxesConfig",  # django-axes, under a Chinese name in the admin
    "csp",
    # The API's documentation page from its own vendored Swagger UI (no CDN): api.endpoints.
    "ninja",
    # The project's own commands (demo, backupdb): config/management/.
    "config",
    "accounts",
    "plan",
    "registers",
    "trade",
    "markets",
    "outreach",
    "supervision",
    "assessment",
    "api",
    "bulletin",
    "broadcast",
]

MIDDLEWARE = [
    # First, so that every request gets its id and a log line, whatever answers it.
    "config.middleware.RequestLogMiddleware",
    # Before anything checks the Host header or redirects to HTTPS (config/health.py).
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files stay cacheable): every page and API answer is private, no-store.
    "config.middleware.PrivateCacheMiddleware",
    # What the request's writes changed on the dashboard is computed, and what it announced to the group robots
    # is posted, after its response is sent (core.after_response).
    "config.middleware.AfterResponseMiddleware",
    # Django's, saving the session at most once a minute when nothing in it changed (config/sessions.py).
    "config.sessions.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # After authentication: an account given a temporary password may only change it.
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    # Axes last, so that it sees the outcome of every log-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "plan.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at the start of a transaction, so two writers queue instead of one
    # failing half-way with "database is locked"; WAL lets readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "core.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plan:dashboard"
LOGOUT_REDIRECT_URL = "login"

# django-axes: five failed log-ins for one username lock that username out. Counting by username rather than
# by address, because the bureau's staff share one intranet address behind NAT.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=1)
# axes.W006 warns that username-only counting ignores the address; that is the intent here (see above).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Failed log-ins kept for the administrators' log-in record (accounts: 登录记录), beside axes' AccessLog.
AXES_ENABLE_ACCESS_FAILURE_LOG = True

SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# config/sessions.py skips the session write while its last refresh is younger than this many seconds, and
# never longer than a tenth of the idle time, so a short SESSION_IDLE_MINUTES still slides with activity.
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=60)

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# The language choice (/i18n/setlang/) is a cookie like the session's: HTTPS only, not sent by other sites'
# requests, out of reach of scripts (app.js never reads it).
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads live under MEDIA_ROOT, which every app server must share (an NFS mount; docs/deploy.md).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Several app servers share one database and nothing else: sessions (Django's default database engine),
# axes' lock-outs (its database handler) and the cache all live in the database, never in one server's memory.
# The database cache's table is made by `manage.py migrate` (config/migrations/0001_cache_table.py); a cache
# that fails never fails a page (plan.cache).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://bureau_cache")}
# A database cache stores what it is given in one statement (core.dbcache), not four round trips an entry.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
    CACHES["default"]["BACKEND"] = "core.dbcache.DatabaseCache"

# The reasons of the histories (an unlock's, a return's message) are longer than simple-history's default
# 100-character column, which PostgreSQL enforces: a text column instead.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")

# The address the app is reached at, for the links in e-mails and robot messages (broadcast): no request to
# read it from when a command sends them.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Behind the bureau's reverse proxy, which terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env.bool("USE_X_FORWARDED_HOST", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts and styles only from the app's own static files, no inline
# code or style attributes; Bootstrap's CSS draws some icons as data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Uploads (core/uploads.py, core/tables.py): the largest file any upload accepts, in megabytes, and the most
# rows an imported table may have (a larger file is refused before it is read, with the limit in the message).
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=10)
FIGURES_MAX_ROWS = env.int("FIGURES_MAX_ROWS", default=5000)
REGISTER_MAX_ROWS = env.int("REGISTER_MAX_ROWS", default=20000)

# Reminders (manage.py sendreminders): staff are reminded this many days before a month's reporting
# deadline; a measure is "near its deadline" (blue) this many days before it.
REMINDER_DAYS_BEFORE = env.int("REMINDER_DAYS_BEFORE", default=3)
MEASURE_NEAR_DAYS = env.int("MEASURE_NEAR_DAYS", default=14)

# Traffic-light rules of docs/rules.md ("Progress against the plan"); a bureau may tune them without a code change.
PROGRESS_STATUS = {
    # Amounts and counts: yellow down to this fraction of 序时进度 ...
    "yellow_time_ratio": env.float("STATUS_YELLOW_TIME_RATIO", default=0.9),
    # ... and down to this many 个百分点 below the growth target.
    "yellow_growth_margin": env.float("STATUS_YELLOW_GROWTH_MARGIN", default=3.0),
    # Share targets: yellow down to this value (the target itself is green).
    "share_yellow_floor": env.float("STATUS_SHARE_YELLOW_FLOOR", default=27.0),
}

# One line per record on stdout (systemd's journal keeps them), each with the id of the request it belongs to.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.middleware.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # The request log (config.middleware) says the same, with the request id and the user.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}
