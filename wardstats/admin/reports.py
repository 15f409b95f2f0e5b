from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.utils import flatatt
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wardstats.accounts import scope
from wardstats.hierarchy.models import Cell
from wardstats.indicators.selectors import staffing_against_quota, summary_of
from wardstats.reports import services
from wardstats.reports.checks import report_problems
from wardstats.reports.figures import report_totals
from wardstats.reports.history import history_of
from wardstats.reports.models import (
    CELL_ENTRY_FIELDS,
    REPORT_FIELDS,
    CellFigures,
    Report,
    ReportStatus,
)

from .scoping import ScopedAdminMixin, WardListFilter, scoped_choices
from .writes import VersionedForm


class PlainSelect(forms.Select):
    """A dropdown written out directly rather than through a template per option: each of a
    report's rows lists its ward's cells, and a report of 107 cells has 107 rows — 11.449
    options, half the time of the admin's report page when each went through a template."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option["value"],
                    mark_safe(" selected") if option["selected"] else "",
                    option["label"],
                )
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options
        )


class PlainNumberInput(forms.NumberInput):
    """A number box written out directly, for the same reason: 107 rows of 25 figures."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>', widget["type"], name, shown, flatatt(widget["attrs"])
        )


class CellFiguresForm(forms.ModelForm):
    class Meta:
        widgets = {"cell": PlainSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Its check constraints said by its rules, not by a query each (CellFigures.
        # validate_constraints): 2.900 queries fewer for a report of 107 cells.
        self.instance.checked_by_rules = True


class CellFiguresInline(admin.TabularInline):
    """The report's cells, one row each. A new report lists every cell of its ward at the
    period's end, ready to fill; cells of other wards are never offered."""

    model = CellFigures
    form = CellFiguresForm
    formfield_overrides = {
        kind: {"widget": PlainNumberInput}
        for kind in (
            models.PositiveIntegerField,
            models.PositiveSmallIntegerField,
            models.DecimalField,
        )
    }
    extra = 0
    fields = ["cell", *CELL_ENTRY_FIELDS]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cell")

    # A submitted or approved report's cells are read-only, like the report itself.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or obj.is_editable)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable)

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
        # Evaluated once for all rows: a ward of 100 cells would otherwise query per row.
        cell_field.choices = list(cell_field.choices)
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


class ReportForm(VersionedForm):
    class Meta:
        model = Report
        fields = [
            "ward",
            "period",
            "declared_members",
            "training_attendances",
            "propagandists",
            "mass_mobilisation_models",
            "note",
        ]


@admin.register(Report)
class ReportAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = ReportForm
    change_form_template = "admin/reports/report/change_form.html"
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
            {"fields": list(REPORT_FIELDS)},
        ),
        (_("Totals of the cells and staffing"), {"fields": ["totals"]}),
        (None, {"fields": ["seen_version"], "classes": ["hidden"]}),
    ]

    def has_change_permission(self, request, obj=None):
        # Submitted and approved reports are read-only for everyone; the workflow moves them.
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return [f for f in fieldsets if "seen_version" not in f[1]["fields"]]
        return fieldsets

    def save_model(self, request, obj, form, change):
        # A new report is only its frame; a change is saved with its cells (save_related).
        if not change:
            services.report_create(actor=request.user, report=obj)

    def save_related(self, request, form, formsets, change):
        """The report's figures and its cells' figures: one service call, one edit."""
        if not change:
            return
        cells, removed = [], []
        for formset in formsets:
            # Builds the rows without saving them; fills the lists the change message reads.
            formset.save(commit=False)
            removed += formset.deleted_objects
            cells += formset.new_objects + [obj for obj, _f in formset.changed_objects]
        services.report_save(
            actor=request.user,
            report=form.instance,
            seen_version=form.cleaned_data.get("seen_version"),
            cells=cells,
            removed=removed,
        )

    def delete_model(self, request, obj):
        services.report_delete(actor=request.user, report=obj)

    def delete_queryset(self, request, queryset):
        for report in queryset:
            services.report_delete(actor=request.user, report=report)

    def get_urls(self):
        view = self.admin_site.admin_view(self.workflow_view)
        return [
            path("<int:pk>/workflow/<str:action>/", view, name="reports_report_workflow"),
            *super().get_urls(),
        ]

    ACTIONS = {
        "submit": (services.report_submit, False, _("The report was submitted.")),
        "approve": (services.report_approve, False, _("The report was approved.")),
        "return": (services.report_return, True, _("The report was returned to the ward.")),
        "reopen": (services.report_reopen, True, _("The report was reopened.")),
    }

    def workflow_view(self, request, pk, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        report = self.get_queryset(request).filter(pk=pk).first()
        if report is None or action not in self.ACTIONS:
            raise Http404
        service, needs_reason, done = self.ACTIONS[action]
        kwargs = {"report": report, "actor": request.user}
        if needs_reason:
            kwargs["reason"] = request.POST.get("reason", "")
        try:
            service(**kwargs)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
        return HttpResponseRedirect(reverse("admin:reports_report_change", args=[pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if report is not None:
            user = request.user
            editor = scope.may(user, report.ward_id, scope.EDIT)
            reviewer = scope.may(user, report.ward_id, scope.REVIEW)
            status = report.status
            extra.update(
                can_submit=editor and report.is_editable,
                can_review=reviewer and status == ReportStatus.SUBMITTED,
                can_approve=reviewer
                and status == ReportStatus.SUBMITTED
                and services.may_approve(user, report),
                can_reopen=reviewer and status == ReportStatus.APPROVED,
                problems=report_problems(report) if report.is_editable else [],
                history=history_of(report),
            )
        return super().change_view(request, object_id, form_url, extra)

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
        totals = report_totals(obj)
        figures = summary_of(obj.ward, obj.period)
        return render_to_string(
            "admin/reports/report_totals.html",
            {
                "report": obj,
                "totals": totals,
                "difference": obj.declared_members - totals["members"],
                "staffing": staffing_against_quota(figures) if figures else None,
            },
        )
