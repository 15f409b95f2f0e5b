from django.contrib import admin

from wardstats.periods.models import Period

from .writes import ServiceAdminMixin


@admin.register(Period)
class PeriodAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "start", "end", "deadline", "uses_quality_score"]
    list_filter = ["kind", "year"]
    ordering = ["-end"]
