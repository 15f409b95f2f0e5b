"""/healthz tells a load balancer whether the database answers: 200 or 503, never 500."""

import copy
from contextlib import contextmanager

import pytest
from django.db import connections
from django.db.utils import load_backend

pytestmark = pytest.mark.django_db


@contextmanager
def database_unreachable():
    """For the duration, `default` is a real connection to a database that cannot be reached.

    The test's own connection is set aside rather than closed: closing it would end the test's
    transaction, and on SQLite destroy the in-memory test database.
    """
    working = connections["default"]
    settings_dict = copy.deepcopy(working.settings_dict)
    if working.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-directory/wardstats.sqlite3"
    else:
        # Nothing listens on port 1; connection refused at once, and a timeout as a backstop.
        settings_dict.update(HOST="127.0.0.1", PORT="1")
        settings_dict["OPTIONS"] = {**settings_dict["OPTIONS"], "connect_timeout": 2}
    broken = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = broken
    try:
        yield
    finally:
        connections["default"] = working
        broken.close()


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_does_not_answer(client):
    with database_unreachable():
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_healthz_answers_200_again_once_the_database_is_back(client):
    with database_unreachable():
        client.get("/healthz")

    response = client.get("/healthz")

    assert response.status_code == 200


def test_healthz_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]
