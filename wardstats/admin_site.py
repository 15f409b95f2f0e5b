from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db import transaction


class WardstatsAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        """A POST saves the object, its inline rows and the dashboards' summaries in one
        transaction, refreshing each (ward, period) once rather than once per inline row."""
        from wardstats.indicators import summaries  # models are not loaded when this is

        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def wrapper(request, *args, **kwargs):
            if request.method != "POST":
                return inner(request, *args, **kwargs)
            with transaction.atomic(), summaries.deferred():
                return inner(request, *args, **kwargs)

        return wrapper


class WardstatsAdminConfig(AdminConfig):
    default_site = "wardstats.admin_site.WardstatsAdminSite"
