from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wardstats.accounts.scope import (
    ScopedAdminMixin,
    ScopedChoicesMixin,
    ScopedInlineMixin,
    WardListFilter,
)

from .models import Cell, Lineage, Unit, UnitLink


class UnitScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Units are their own scope: `Unit.objects.visible_to` decides."""


class ParentLinkInline(ScopedInlineMixin, admin.TabularInline):
    model = UnitLink
    fk_name = "child"
    extra = 0
    fields = ["parent", "valid_from", "valid_to"]
    verbose_name = _("parent unit")
    verbose_name_plural = _("parent units (dated)")

    def get_queryset(self, request):
        return admin.TabularInline.get_queryset(self, request).select_related("parent")


class PredecessorInline(ScopedInlineMixin, admin.TabularInline):
    model = Lineage
    fk_name = "successor"
    extra = 0
    fields = ["predecessor", "kind", "effective", "note"]
    verbose_name = _("predecessor")
    verbose_name_plural = _("predecessors (units merged into this one)")

    def get_queryset(self, request):
        return admin.TabularInline.get_queryset(self, request).select_related("predecessor")


@admin.register(Unit)
class UnitAdmin(UnitScopedAdmin):
    name_ordering_field = "name"
    list_display = ["name", "code", "kind", "unit_class", "valid_from", "valid_to", "is_sample"]
    list_filter = ["level", "kind", "unit_class", "is_sample"]
    search_fields = ["name", "code"]
    fields = ["code", "name", "kind", "unit_class", "valid_from", "valid_to", "is_sample"]
    inlines = [ParentLinkInline, PredecessorInline]
    list_per_page = 50


@admin.register(Lineage)
class LineageAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    list_display = ["successor", "predecessor", "kind", "effective"]
    list_filter = ["kind", "effective"]
    search_fields = ["successor__name", "predecessor__name", "successor__code"]
    list_select_related = ["successor", "predecessor"]
    autocomplete_fields = ["predecessor", "successor"]

    def get_queryset(self, request):
        visible = Unit.objects.visible_to(request.user).values("pk")
        return (
            super()
            .get_queryset(request)
            .filter(successor__in=visible)
            .select_related("successor", "predecessor")
        )


@admin.register(UnitLink)
class UnitLinkAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    list_display = ["child", "parent", "valid_from", "valid_to"]
    list_filter = ["parent__level", "valid_from"]
    search_fields = ["child__name", "parent__name", "child__code"]
    autocomplete_fields = ["child", "parent"]

    def get_queryset(self, request):
        visible = Unit.objects.visible_to(request.user).values("pk")
        return (
            super()
            .get_queryset(request)
            .filter(child__in=visible)
            .select_related("child", "parent")
        )


@admin.register(Cell)
class CellAdmin(ScopedAdminMixin, admin.ModelAdmin):
    name_ordering_field = "name"
    list_display = ["name", "ward", "kind", "neighbourhood", "valid_from", "valid_to"]
    list_filter = [WardListFilter, "kind", "is_sample"]
    search_fields = ["name", "ward__name", "neighbourhood__name"]
    list_select_related = ["ward", "neighbourhood"]
    fields = ["ward", "name", "kind", "neighbourhood", "valid_from", "valid_to", "is_sample"]
    list_per_page = 50
