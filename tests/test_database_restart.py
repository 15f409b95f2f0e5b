"""After the database drops a kept connection (a restart, an idle timeout), the next request of
the worker that kept it is answered: the connection is checked before use (CONN_HEALTH_CHECKS)
and replaced, instead of failing once per worker."""

import pytest
from django.db import connection
from django.db.utils import ConnectionHandler


def test_a_dropped_kept_connection_is_replaced_before_the_next_request(db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps no connection to a server that could drop it")
    kept = ConnectionHandler({"default": dict(connection.settings_dict)})["default"]
    assert kept.settings_dict["CONN_MAX_AGE"] > 0  # a worker keeps its connection
    try:
        with kept.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        with connection.cursor() as cursor:  # the server ends that session, as a restart does
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])

        kept.close_if_unusable_or_obsolete()  # what Django does as each request begins
        with kept.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
    finally:
        kept.close()
