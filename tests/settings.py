"""Test settings: the real settings, on a developer's footing, with a fast password hasher."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")

from wardstats.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the apps as in development: tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Django's replica test settings: a `replica` alias that is the test database of `default`
# (MIRROR), so tests can tell which connection ran a query (tests/test_replica.py). Nothing is
# routed there unless a test installs wardstats.db_router.ReplicaRouter, even when the
# environment names a real replica: other tests count their queries on `default`.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASE_ROUTERS = []
WARDSTATS_TASKS = "immediate"
TASKS = {"default": {"BACKEND": TASK_BACKENDS[WARDSTATS_TASKS]}}  # noqa: F405
