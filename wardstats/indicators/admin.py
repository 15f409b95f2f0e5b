from django.contrib import admin

from wardstats.accounts.scope import ScopedChoicesMixin
from wardstats.hierarchy.models import Unit

from .models import Indicator, Target


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit", "numerator", "denominator", "order"]
    search_fields = ["name", "name_en", "code"]
    ordering = ["order", "code"]


@admin.register(Target)
class TargetAdmin(ScopedChoicesMixin, admin.ModelAdmin):
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

    def get_queryset(self, request):
        visible = Unit.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(area__in=visible)

    def _editable(self, request, obj) -> bool:
        return Unit.objects.editable_by(request.user).filter(pk=obj.area_id).exists()

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))
