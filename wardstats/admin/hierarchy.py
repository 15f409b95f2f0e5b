"""Units, their dated links and lineage, and the wards' Party cells, in the admin: what a person
sees comes from `accounts.scope`; every save goes through `hierarchy.services`."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wardstats.accounts import scope
from wardstats.hierarchy.models import Cell, Lineage, Unit, UnitFacts, UnitLink, UnitNaming

from .scoping import ScopedAdminMixin, ScopedChoicesMixin, ScopedInlineMixin, WardListFilter
from .writes import ServiceAdminMixin, ServiceInlineMixin


class ParentLinkInline(ServiceInlineMixin, ScopedInlineMixin, admin.TabularInline):
    model = UnitLink
    fk_name = "child"
    extra = 0
    fields = ["parent", "valid_from", "valid_to"]
    verbose_name = _("parent unit")
    verbose_name_plural = _("parent units (dated)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")


class PredecessorInline(ServiceInlineMixin, ScopedInlineMixin, admin.TabularInline):
    model = Lineage
    fk_name = "successor"
    extra = 0
    fields = ["predecessor", "kind", "effective", "note"]
    verbose_name = _("predecessor")
    verbose_name_plural = _("predecessors (units merged into this one)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("predecessor")


class NamingInline(ServiceInlineMixin, ScopedInlineMixin, admin.TabularInline):
    model = UnitNaming
    fk_name = "unit"
    extra = 0
    fields = ["name", "kind", "valid_from", "valid_to", "source"]
    verbose_name = _("earlier name")
    verbose_name_plural = _("earlier names (before a change of name or type)")


@admin.register(Unit)
class UnitAdmin(ServiceAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    name_ordering_field = "name"
    list_display = ["name", "code", "kind", "unit_class", "valid_from", "valid_to", "is_sample"]
    list_filter = ["level", "kind", "unit_class", "is_sample"]
    search_fields = ["name", "code"]
    fields = ["code", "name", "kind", "unit_class", "valid_from", "valid_to", "is_sample"]
    inlines = [ParentLinkInline, PredecessorInline, NamingInline]
    list_per_page = 50


class _ScopedBySubquery(ServiceAdminMixin, ScopedChoicesMixin, admin.ModelAdmin):
    """Rows seen by whoever sees their unit (`scope_path`), with their units fetched."""

    related = ()

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related(*self.related)
        return scope.visible(rows, request.user)


@admin.register(Lineage)
class LineageAdmin(_ScopedBySubquery):
    related = ("successor", "predecessor")
    list_display = ["successor", "predecessor", "kind", "effective"]
    list_filter = ["kind", "effective"]
    search_fields = ["successor__name", "predecessor__name", "successor__code"]
    list_select_related = ["successor", "predecessor"]
    autocomplete_fields = ["predecessor", "successor"]


@admin.register(UnitLink)
class UnitLinkAdmin(_ScopedBySubquery):
    related = ("child", "parent")
    list_display = ["child", "parent", "valid_from", "valid_to"]
    list_filter = ["parent__level", "valid_from"]
    search_fields = ["child__name", "parent__name", "child__code"]
    autocomplete_fields = ["child", "parent"]


@admin.register(UnitFacts)
class UnitFactsAdmin(_ScopedBySubquery):
    related = ("unit",)
    list_display = [
        "unit", "population", "area_km2", "regular_police_chief", "valid_from", "valid_to",
    ]  # fmt: skip
    list_filter = ["regular_police_chief", "valid_from"]
    search_fields = ["unit__name", "unit__code", "source"]
    autocomplete_fields = ["unit"]


@admin.register(Cell)
class CellAdmin(ServiceAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    name_ordering_field = "name"
    list_display = ["name", "ward", "kind", "neighbourhood", "valid_from", "valid_to"]
    list_filter = [WardListFilter, "kind", "is_sample"]
    search_fields = ["name", "ward__name", "neighbourhood__name"]
    list_select_related = ["ward", "neighbourhood"]
    fields = ["ward", "name", "kind", "neighbourhood", "valid_from", "valid_to", "is_sample"]
    list_per_page = 50
