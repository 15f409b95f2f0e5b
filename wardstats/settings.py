"""Settings for wardstats, read from the environment.

SQLite under var/ when DATABASE_URL is unset; PostgreSQL when it is set.
With DJANGO_DEBUG off the app refuses to start without a real secret key.
"""

import datetime
import importlib.util
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# A placeholder only a developer's machine may use: production refuses it below.
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE)}, not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (50+ random characters) or run with "
            "DJANGO_DEBUG=true on a developer's machine."
        )
    SECRET_KEY = DEV_SECRET_KEY
elif not DEBUG and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is too weak for production: use 32+ characters.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "wardstats.admin.site.WardstatsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "wardstats.core",
    "wardstats.periods",
    "wardstats.hierarchy",
    "wardstats.reports",
    "wardstats.staffing",
    "wardstats.accounts",
    "wardstats.indicators",
    "wardstats.dashboards",
    "wardstats.entry",
    "wardstats.spreadsheets",
    "wardstats.printouts",
]
# The demo and scale generators (seed_demo, demo_credentials, generate_scale) are a development
# package (dev/, installed by `make install`): a production install has no demo commands.
if importlib.util.find_spec("wardstats_dev") is not None:
    INSTALLED_APPS.append("wardstats_dev")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Sends CONTENT_SECURITY_POLICY (set below when DEBUG is off) on every response.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wardstats.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Dashboard reads from the replica, except for whoever has just written (when configured).
    "wardstats.middleware.ReplicaReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change in the audit trail.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wardstats.urls"
WSGI_APPLICATION = "wardstats.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wardstats.dashboards.context_processors.navigation",
            ],
        },
    },
]


# SQLite, for a developer's machine: concurrent saves wait their turn (up to 20 s) instead of
# failing with "database is locked". A write transaction takes its lock when it begins
# (IMMEDIATE), so two that read then write cannot deadlock; readers never block the writer
# (WAL).
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}


def database_from_url(name: str, url: str) -> dict:
    """The primary and the replica are read alike: same checks, same persistent connections."""
    if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured(f"{name} must be a postgresql:// (or sqlite://) URL.")
    # A connection kept between requests is checked before use: after the database restarts,
    # the first request of each worker is answered instead of failing on a dead connection.
    database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    # Behind pgbouncer in transaction mode a server-side cursor does not survive the
    # transaction: DATABASE_DISABLE_SERVER_SIDE_CURSORS=true makes .iterator() fetch plainly.
    database["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
        "DATABASE_DISABLE_SERVER_SIDE_CURSORS", False
    )
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["ENGINE"] = "wardstats.sqlite"
        database["OPTIONS"] = {**SQLITE_OPTIONS, **database.get("OPTIONS", {})}
    return database


# The cache of rendered pages (wardstats/dashboards/cache.py): each process's memory unless
# REDIS_URL names a Redis server, which every worker and app server then shares.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("REDIS_URL must be a redis://, rediss:// or unix:// URL.")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "wardstats",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Database: SQLite file under var/ unless DATABASE_URL names another (PostgreSQL in production).
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    DATABASES = {"default": database_from_url("DATABASE_URL", DATABASE_URL)}
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            # Django's SQLite backend, told SQLite's real parameter limit (wardstats/sqlite).
            "ENGINE": "wardstats.sqlite",
            "NAME": BASE_DIR / "var" / "wardstats.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
# A streaming replica of the primary: the dashboards read there (wardstats/db_router.py). Tests
# never create it: the replica alias is the test database of `default` (MIRROR).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    if not DATABASE_URL:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL: a primary to follow.")
    DATABASES["replica"] = {
        **database_from_url("DATABASE_REPLICA_URL", DATABASE_REPLICA_URL),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["wardstats.db_router.ReplicaRouter"]
# After a write, the person's reads go to the primary this long: longer than any sane lag.
_read_your_writes = os.environ.get("WARDSTATS_READ_YOUR_WRITES_SECONDS", "10").strip()
if not _read_your_writes.isdigit():
    raise ImproperlyConfigured(
        "WARDSTATS_READ_YOUR_WRITES_SECONDS must be a whole number, 0 or more."
    )
WARDSTATS_READ_YOUR_WRITES_SECONDS = int(_read_your_writes)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background tasks — the recomputation of every ward after a change of rules or targets
# (wardstats/indicators/recompute.py): "database" queues them in the database for
# `manage.py db_worker` (django-tasks-db); "immediate" runs them inline, in the request that
# queues them (tests; a developer's machine without a worker).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
WARDSTATS_TASKS = os.environ.get("WARDSTATS_TASKS", "database").strip()
if WARDSTATS_TASKS not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"WARDSTATS_TASKS must be one of {sorted(TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[WARDSTATS_TASKS]}}

AUTHENTICATION_BACKENDS = [
    # First: refuses any login, even with the right password, while the account is locked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "wardstats.accounts.backends.RoleBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English second. Django's `vi` formats leave grouping unset, so 1493
# would render without its dot: FORMAT_MODULE_PATH supplies the grouping.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "wardstats" / "locale"]
FORMAT_MODULE_PATH = ["wardstats.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "wardstats" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): after 5 failed logins for one username from one address,
# that username is refused from that address for 15 minutes, even with the right password.
# A successful login clears the count. A provincial administrator can unlock an account early
# from the list of users (action "Unlock sign-in"); `manage.py axes_reset_username` also does.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"  # status 429
# Lockouts are cleared from the users' list, each administrator for their own people; axes's
# own admin pages (English only, every account's attempts) are not added to the admin.
AXES_ENABLE_ADMIN = False
# Behind the reverse proxy every request comes from 127.0.0.1: with DJANGO_BEHIND_PROXY=true
# the client's address is read from X-Real-IP, which the proxy must set (and overwrite).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
AXES_CLIENT_IP_CALLABLE = "wardstats.accounts.backends.client_ip_address"

SESSION_COOKIE_HTTPONLY = True
# The language chosen is sent to this site only on its own pages (and, below, over HTTPS only).
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Content security policy (django-csp): everything from this site, nothing inline (neither the
# admin nor our templates have an inline script, style element or style attribute), no
# plugins, no framing by other sites. Sent when DEBUG is off.
CONTENT_SECURITY_POLICY_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# Production hardening, on whenever DEBUG is off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": CONTENT_SECURITY_POLICY_DIRECTIVES}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# A ward's report page posts ~16 fields per cell; a ward of 100+ cells exceeds Django's 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Separation of duties: the person who submitted a report may not approve it. With this off (a
# district of one officer), they may, and each such approval says so in the report's history.
WARDSTATS_SUBMITTER_MAY_APPROVE = env_bool("WARDSTATS_SUBMITTER_MAY_APPROVE", False)
# Reasons for returning or reopening a report may be longer than 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# A cell's members changing by more than this factor since the last period needs a comment
# before the report can be submitted.
WARDSTATS_JUMP_FACTOR = float(os.environ.get("WARDSTATS_JUMP_FACTOR", "1.5"))

# Spreadsheet imports: a larger file, or a sheet with more rows, is refused before reading on.
WARDSTATS_IMPORT_MAX_BYTES = int(os.environ.get("WARDSTATS_IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))
WARDSTATS_IMPORT_MAX_ROWS = int(os.environ.get("WARDSTATS_IMPORT_MAX_ROWS", "2000"))
# …and, for a workbook (a zip of XML), its unpacked size, and every sheet's rows (blank ones
# too: the last row number) and columns, checked as the file is scanned before it is read.
WARDSTATS_IMPORT_MAX_UNZIPPED_BYTES = int(
    os.environ.get("WARDSTATS_IMPORT_MAX_UNZIPPED_BYTES", str(10 * 1024 * 1024))
)
WARDSTATS_IMPORT_MAX_COLUMNS = int(os.environ.get("WARDSTATS_IMPORT_MAX_COLUMNS", "40"))
