"""Staffing in the admin: rule sets and norms, age bands and planning terms (the province's
rules), ward quotas and cadre records; every save goes through `staffing.services`."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wardstats.spreadsheets import writer
from wardstats.spreadsheets.columns import CADRE_SHEET
from wardstats.staffing.models import (
    AgeBand,
    Cadre,
    PlanningTerm,
    QuotaNorm,
    QuotaRuleSet,
    WardQuota,
)

from .scoping import ScopedAdminMixin, WardListFilter
from .writes import ServiceAdminMixin, ServiceInlineMixin


class QuotaNormInline(ServiceInlineMixin, admin.TabularInline):
    model = QuotaNorm
    extra = 0
    fields = [
        "unit_kind",
        "unit_class",
        "cadres_civil_servants",
        "ward_part_time",
        "neighbourhood_part_time",
        "population_standard",
        "population_step",
        "area_standard_km2",
        "police_chief_takes_a_post",
    ]


@admin.register(QuotaRuleSet)
class QuotaRuleSetAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "legal_source", "effective_from", "effective_to", "verified"]
    list_filter = ["verified"]
    search_fields = ["name", "legal_source"]
    inlines = [QuotaNormInline]


@admin.register(WardQuota)
class WardQuotaAdmin(ServiceAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "ward",
        "period",
        "cadres_civil_servants",
        "ward_part_time",
        "neighbourhood_part_time",
        "admissions_target",
        "legal_source",
    ]
    list_filter = ["period", WardListFilter]
    search_fields = ["ward__name", "ward__code", "legal_source"]
    list_select_related = ["ward", "period"]


@admin.register(PlanningTerm)
class PlanningTermAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "start_year", "end_year"]


@admin.register(AgeBand)
class AgeBandAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["label", "min_age", "max_age", "is_young"]


@admin.register(Cadre)
class CadreAdmin(ServiceAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    name_ordering_field = "full_name"
    list_display = [
        "full_name",
        "position",
        "category",
        "ward",
        "neighbourhood",
        "gender",
        "birth_year",
        "education",
        "political_theory",
        "meets_standard",
        "valid_from",
        "valid_to",
    ]
    list_filter = [
        WardListFilter,
        "category",
        "gender",
        "education",
        "political_theory",
        "meets_standard",
        "planning_terms",
    ]
    search_fields = ["full_name", "position", "ward__name"]
    list_select_related = ["ward", "neighbourhood"]
    actions = ["export_xlsx", "export_csv"]
    filter_horizontal = ["planning_terms"]
    list_per_page = 50

    # The selection comes from the changelist's own (scoped) queryset; the columns are the
    # cadre sheet's, so one ward's rows import back.
    @admin.action(description=_("Export the selected records (XLSX)"))
    def export_xlsx(self, request, queryset):
        return writer.sheet_response(CADRE_SHEET, writer.rows_of_cadres(queryset), "xlsx", "can-bo")

    @admin.action(description=_("Export the selected records (CSV)"))
    def export_csv(self, request, queryset):
        return writer.sheet_response(CADRE_SHEET, writer.rows_of_cadres(queryset), "csv", "can-bo")

    fieldsets = [
        (None, {"fields": ["ward", "full_name", "position", "category", "neighbourhood"]}),
        (None, {"fields": ["gender", "birth_year", "education", "political_theory"]}),
        (None, {"fields": ["meets_standard", "planning_terms", "valid_from", "valid_to"]}),
    ]
