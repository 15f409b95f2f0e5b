"""The admin site: for provincial administrators and the unit structure (ward secretaries have
their own screens). Every ModelAdmin lives in this package, the top floor: it may use every
app's services and scope (DEVELOPERS.md), and no app imports it."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class WardstatsAdminSite(admin.AdminSite):
    pass


class WardstatsAdminConfig(AdminConfig):
    default_site = "wardstats.admin.site.WardstatsAdminSite"

    def ready(self):
        super().ready()
        from django_tasks_db.models import DBTaskResult

        # The registrations: one module per app, in this package (apps have no admin.py).
        from wardstats.admin import (  # noqa: F401
            accounts,
            hierarchy,
            indicators,
            periods,
            reports,
            staffing,
        )

        # The task queue's own pages (English only, internals) are not for the province's
        # people: a recomputation's progress shows on the pages themselves.
        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)
