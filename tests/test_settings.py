"""The settings read the environment: SQLite without DATABASE_URL, PostgreSQL with it, and no
start in production without a real secret key.

Each case runs in a fresh interpreter with a controlled environment, since settings are read once
per process.
"""

import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PRINT_ENGINE = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DATABASES['default']['ENGINE'])"
)
# 50 characters, many distinct: what Django's own deploy check calls strong.
STRONG_KEY = "q8V#r2!LmZ0x$Tn5&wKp9@Hs3^Jd7*Fb1(Gc4)Yv6_Ne-Ua+Xi"


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """Python with only the environment given here (plus what any process needs)."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "wardstats.settings",
        **env,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_database_url_the_database_is_sqlite():
    result = run(["-c", PRINT_ENGINE], DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wardstats.sqlite"


def test_with_a_postgresql_database_url_the_database_is_postgresql():
    result = run(
        ["-c", PRINT_ENGINE],
        DJANGO_DEBUG="true",
        DATABASE_URL="postgresql://u@127.0.0.1:5432/x",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_with_another_kind_of_database_url_the_app_refuses_to_start():
    result = run(["-c", PRINT_ENGINE], DJANGO_DEBUG="true", DATABASE_URL="mysql://u@h/x")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_without_a_secret_key_refuses_to_start():
    result = run(["-c", PRINT_ENGINE], DJANGO_DEBUG="false")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_is_the_default_when_debug_is_unset():
    result = run(["-c", PRINT_ENGINE])

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_with_a_short_secret_key_refuses_to_start():
    result = run(["-c", PRINT_ENGINE], DJANGO_DEBUG="false", DJANGO_SECRET_KEY="short-key")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_with_a_long_secret_key_starts():
    result = run(["-c", PRINT_ENGINE], DJANGO_DEBUG="false", DJANGO_SECRET_KEY=STRONG_KEY)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wardstats.sqlite"


def test_a_debug_value_that_is_not_a_boolean_refuses_to_start():
    result = run(["-c", PRINT_ENGINE], DJANGO_DEBUG="maybe")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_sqlite_is_told_its_real_parameter_limit(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        assert connection.features.max_query_params is None  # PostgreSQL has no such limit
        return
    # Django 5.2 assumes 999; our backend asks the library (32,766 or more since SQLite 3.32).
    assert connection.features.max_query_params > 999


# What a production response carries, asked of the real settings in a fresh interpreter: the
# test client over HTTPS to /healthz (it needs no static files and no tables).
PRINT_PRODUCTION_RESPONSE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/healthz", secure=True, HTTP_HOST="example.org")
print(json.dumps({
    "status": response.status_code,
    "headers": dict(response.headers),
    "backends": settings.AUTHENTICATION_BACKENDS,
    "middleware": settings.MIDDLEWARE,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "axes": [settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds(),
             settings.AXES_LOCKOUT_PARAMETERS, settings.AXES_RESET_ON_SUCCESS],
    "validators": [v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS],
}))
"""


def production_response() -> dict:
    import json

    result = run(
        ["-c", PRINT_PRODUCTION_RESPONSE],
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
        DATABASE_URL="sqlite://:memory:",
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_responses_carry_the_content_security_policy_and_hsts():
    answer = production_response()
    headers = answer["headers"]

    assert answer["status"] == 200
    policy = {
        directive.split()[0]: directive.split()[1:]
        for directive in headers["Content-Security-Policy"].split("; ")
    }
    assert policy == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_production_cookies_are_secure_and_logins_throttled():
    answer = production_response()

    assert answer["session_cookie_secure"] and answer["csrf_cookie_secure"]
    assert answer["session_cookie_httponly"]
    assert answer["backends"][0] == "axes.backends.AxesStandaloneBackend"
    assert "wardstats.accounts.backends.RoleBackend" in answer["backends"]
    assert answer["middleware"][-1] == "axes.middleware.AxesMiddleware"
    assert "csp.middleware.CSPMiddleware" in answer["middleware"]
    assert answer["axes"] == [5, 900.0, [["username", "ip_address"]], True]
    assert answer["validators"] == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]


def test_without_debug_plain_http_is_sent_to_https():
    result = run(
        [
            "-c",
            "import django; django.setup(); from django.test import Client; "
            "r = Client().get('/healthz', HTTP_HOST='example.org'); "
            "print(r.status_code, r['Location'])",
        ],
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
        DATABASE_URL="sqlite://:memory:",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["301", "https://example.org/healthz"]


PRINT_LANGUAGE_COOKIE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from django.urls import reverse
response = Client().post(reverse("set_language"), {"language": "en", "next": "/healthz"},
                         secure=True, HTTP_HOST="example.org")
cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
print(json.dumps({"value": cookie.value, "secure": cookie["secure"],
                  "samesite": cookie["samesite"]}))
"""


def test_production_language_cookie_is_secure_and_same_site():
    """The language chosen travels over HTTPS only, and not with other sites' requests."""
    result = run(
        ["-c", PRINT_LANGUAGE_COOKIE],
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
        DATABASE_URL="sqlite://:memory:",
    )
    assert result.returncode == 0, result.stderr
    import json

    cookie = json.loads(result.stdout.strip().splitlines()[-1])
    assert cookie == {"value": "en", "secure": True, "samesite": "Lax"}


def test_database_connections_are_checked_before_reuse():
    """A connection kept between requests (conn_max_age) is checked first, so that after a
    database restart no worker answers its first request with an error."""
    result = run(
        [
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "d = settings.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        ],
        DJANGO_DEBUG="true",
        DATABASE_URL="postgresql://u@127.0.0.1:5432/x",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["60", "True"]


PRINT_CACHE = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.CACHES['default']['BACKEND'])"
)


def test_without_redis_url_each_process_caches_in_memory():
    result = run(["-c", PRINT_CACHE], DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


def test_with_redis_url_the_cache_is_shared_in_redis():
    result = run(["-c", PRINT_CACHE], DJANGO_DEBUG="true", REDIS_URL="redis://127.0.0.1:6379/3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


def test_a_redis_url_of_another_scheme_is_refused():
    result = run(["-c", PRINT_CACHE], DJANGO_DEBUG="true", REDIS_URL="http://127.0.0.1:6379")
    assert result.returncode != 0
    assert "REDIS_URL must be" in result.stderr


def test_server_side_cursors_can_be_switched_off_for_pgbouncer():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'])"
    )
    url = "postgresql://u@127.0.0.1:5432/x"
    plain = run(["-c", code], DJANGO_DEBUG="true", DATABASE_URL=url)
    switched = run(
        ["-c", code],
        DJANGO_DEBUG="true",
        DATABASE_URL=url,
        DATABASE_DISABLE_SERVER_SIDE_CURSORS="true",
    )
    assert (plain.stdout.strip(), switched.stdout.strip()) == ("False", "True"), switched.stderr
