"""Dashboard reads from a PostgreSQL streaming replica; everything else from the primary.

A request may read from the replica only when `ReplicaReadsMiddleware` (wardstats/middleware.py)
has marked it: a GET or HEAD of a dashboard, printout or export, by a person who has not written
in the last WARDSTATS_READ_YOUR_WRITES_SECONDS, and only until the request writes itself. The
mark is a context variable, so each thread and each asyncio task sees its own request's.

Who the person is and whether they may be here (sessions, users, login lockouts) is always read
from the primary: a logout, a password change or a lockout takes effect on the very next
request, whatever the replica's lag.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"
PRIMARY_ONLY_APPS = frozenset({"auth", "sessions", "axes"})

# True while the current request may read from the replica; set and reset by the middleware.
replica_reads: ContextVar[bool] = ContextVar("wardstats_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            replica_reads.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and replica_configured()
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read there may point at one read here.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A streaming replica is read-only and receives the schema from the primary.
        return db == DEFAULT_DB_ALIAS
