from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wardstats.accounts.scope import ScopedAdminMixin, WardListFilter, scoped_choices
from wardstats.hierarchy.models import Cell

from .models import CellFigures, Period, Report


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "start", "end", "deadline", "uses_quality_score"]
    list_filter = ["kind", "year"]
    ordering = ["-end"]


class CellFiguresInline(admin.TabularInline):
    """The report's cells, one row each. A new report lists every cell of its ward at the
    period's end, ready to fill; cells of other wards are never offered."""

    model = CellFigures
    extra = 0
    fields = [
        "cell",
        "members",
        "probationary",
        "women",
        "admitted",
        "transferred_in",
        "transferred_out",
        "deaths",
        "removals",
        "secretary_is_head",
        "standing_member_in_charge",
        "quality_level",
        "quality_score",
        "review_held",
        "comment",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cell")

    def _missing_cells(self, report):
        if report is None:
            return Cell.objects.none()
        present = report.cell_figures.values("cell")
        return (
            Cell.objects.filter(ward=report.ward_id)
            .valid_on(report.period.end)
            .exclude(pk__in=present)
            .order_by("name")
        )

    def get_extra(self, request, obj=None, **kwargs):
        return self._missing_cells(obj).count() if obj else 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        cells = (
            Cell.objects.filter(ward=obj.ward_id).valid_on(obj.period.end)
            if obj
            else Cell.objects.none()
        )
        cells = cells & scoped_choices(Cell, request.user)
        cell_field = formset.form.base_fields["cell"]
        cell_field.queryset = cells
        # Cells are managed on their own page; icons beside every row's dropdown only clutter.
        widget = cell_field.widget
        widget.can_add_related = widget.can_change_related = False
        widget.can_delete_related = widget.can_view_related = False
        missing = list(self._missing_cells(obj).values_list("pk", flat=True)) if obj else []

        class PrefilledFormSet(formset):
            def __init__(self, *args, **kw):
                kw.setdefault("initial", [{"cell": pk} for pk in missing])
                super().__init__(*args, **kw)

        return PrefilledFormSet


@admin.register(Report)
class ReportAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["ward", "period", "status", "declared_members", "cells_count", "updated_at"]
    list_filter = ["period", "status", WardListFilter, "is_sample"]
    search_fields = ["ward__name", "ward__code"]
    list_select_related = ["ward", "period"]
    date_hierarchy = None
    readonly_fields = ["status", "totals"]
    inlines = [CellFiguresInline]
    fieldsets = [
        (None, {"fields": ["ward", "period", "status"]}),
        (
            _("Ward-level figures"),
            {
                "fields": [
                    "declared_members",
                    "training_attendances",
                    "propagandists",
                    "mass_mobilisation_models",
                    "note",
                ]
            },
        ),
        (_("Totals of the cells and staffing"), {"fields": ["totals"]}),
    ]

    def get_queryset(self, request):
        from django.db.models import Count

        return (
            super()
            .get_queryset(request)
            .select_related("ward", "period")
            .annotate(cells_count=Count("cell_figures"))
        )

    def get_readonly_fields(self, request, obj=None):
        # Ward and period identify the report: fixed once it exists, so its cells stay its own.
        if obj is not None:
            return [*self.readonly_fields, "ward", "period"]
        return self.readonly_fields

    def get_inline_instances(self, request, obj=None):
        # Cells are offered once the report knows its ward and period, i.e. after the first save.
        return super().get_inline_instances(request, obj) if obj is not None else []

    def response_add(self, request, obj, post_url_continue=None):
        # A new report is only its frame: go straight on to its cells, listed ready to fill.
        if "_addanother" not in request.POST and "_popup" not in request.POST:
            messages.info(request, _("Now enter each cell's figures below, then save."))
            return HttpResponseRedirect(reverse("admin:reports_report_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    @admin.display(description=_("cells"), ordering="cells_count")
    def cells_count(self, obj):
        return obj.cells_count

    @admin.display(description=_("totals"))
    def totals(self, obj):
        if obj is None or obj.pk is None:
            return _("Shown once the report is saved.")
        from wardstats.staffing.selectors import staffing_against_quota

        totals = obj.totals()
        return render_to_string(
            "admin/reports/report_totals.html",
            {
                "report": obj,
                "totals": totals,
                "difference": obj.declared_members - totals["members"],
                "staffing": staffing_against_quota(ward=obj.ward, period=obj.period),
            },
        )
