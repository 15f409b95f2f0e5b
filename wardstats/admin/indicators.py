"""Indicators (national: a superuser's) and the provinces' targets, in the admin; every save
goes through `indicators.services`, which recomputes every ward in the background."""

from django.contrib import admin

from wardstats.indicators.models import Indicator, Target

from .scoping import ScopedAdminMixin
from .writes import ServiceAdminMixin


@admin.register(Indicator)
class IndicatorAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "unit", "numerator", "denominator", "order"]
    search_fields = ["name", "name_en", "code"]
    ordering = ["order", "code"]


@admin.register(Target)
class TargetAdmin(ServiceAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Targets of the areas the person can see; only their own areas' can be changed."""

    list_display = [
        "indicator",
        "comparison",
        "threshold",
        "warning_band",
        "area",
        "unit_class",
        "ward",
        "source_document",
    ]
    list_filter = ["indicator", "comparison", "unit_class"]
    search_fields = ["indicator__name", "source_document", "area__name", "ward__name"]
    list_select_related = ["indicator", "area", "ward"]
    filter_horizontal = ["periods"]
    fieldsets = [
        (None, {"fields": ["indicator", "comparison", "threshold", "threshold_upper"]}),
        (None, {"fields": ["warning_band", "use_ward_assigned"]}),
        (None, {"fields": ["area", "unit_class", "ward", "periods"]}),
        (None, {"fields": ["source_document", "note"]}),
    ]
