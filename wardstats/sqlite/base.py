"""Django's SQLite backend, told SQLite's real limit of parameters per statement.

Django 5.2 assumes SQLite's old default of 999, so a bulk write of a few hundred rows (the
dashboards' summaries of 50 wards) is split into several INSERTs on SQLite but one on
PostgreSQL. SQLite builds since 3.32 allow 32,766 or more; we ask the library.
"""

import sqlite3

from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self):
        self.connection.ensure_connection()
        return self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
