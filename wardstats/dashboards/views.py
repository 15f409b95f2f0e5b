"""The dashboards: every view fetches its unit through `accounts.scope` (`unit_for`,
`ward_for`), so a unit outside the user's scope answers 404, and reads its rows below it."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig
from django_tables2.export import TableExport
from tablib import Dataset

from wardstats.accounts import scope
from wardstats.core import exports
from wardstats.hierarchy.models import Level, called_on
from wardstats.indicators.models import Indicator
from wardstats.periods.selectors import period_from, periods_of
from wardstats.reports.history import history_of
from wardstats.reports.models import Report

from . import selectors
from .cache import cached_page, shared_rows_key
from .filters import AreaFilter
from .tables import AreaTable, CompletenessTable, RollupTable, cell_rows_html

AREA_LEVELS = [Level.COUNTRY, Level.PROVINCE, Level.DISTRICT]
EXPORT_FORMATS = ("csv", "xlsx")


def _area_breadcrumbs(area, period, current: str | None = None):
    crumbs = [
        (_("Home"), reverse("home")),
        (area.name, None if current is None else _area_url(area, period)),
    ]
    if current:
        crumbs.append((current, None))
    return crumbs


def _export(request, table, area, name: str):
    """The whole table (every row, not the page) as CSV or XLSX when `?_export=` asks for it;
    None for the HTML page; 404 for an unknown format."""
    export_format = request.GET.get("_export")
    if not export_format:
        return None
    if export_format not in EXPORT_FORMATS:
        raise Http404
    RequestConfig(request, paginate=False).configure(table)
    exporter = SafeExport(export_format, table, dataset_kwargs={"title": area.name[:31]})
    return exporter.response(f"{name}.{export_format}")


class SafeExport(TableExport):
    """django-tables2's export, safe to open in Excel: every text that a spreadsheet would read
    as a formula is neutralised (`core.exports`), and the CSV starts with a byte-order mark."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        safe = Dataset(headers=exports.neutralised_row(dataset.headers or []))
        safe.title = dataset.title
        for row in dataset:
            safe.append(exports.neutralised_row(row))
        return safe

    def export(self):
        content = super().export()
        return exports.BOM + content if self.format == self.CSV else content


class BoundedPaginator(Paginator):
    """A page of 1 to MAX_PER_PAGE rows, whatever `?per_page=` asks (-1 once answered 500)."""

    MAX_PER_PAGE = 200

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(
            object_list, min(max(int(per_page), 1), self.MAX_PER_PAGE), *args, **kwargs
        )


def _pages(per_page: int) -> dict:
    return {"per_page": per_page, "paginator_class": BoundedPaginator}


def _area_url(area, period) -> str:
    return f"{reverse('dashboards:area', args=[area.pk])}?period={period.pk}"


@login_required
@cached_page
def area(request, pk):
    area = scope.unit_for(request.user, pk, levels=AREA_LEVELS)
    periods = periods_of(area)
    period = period_from(request, periods)
    indicators = list(Indicator.objects.all())
    rows = selectors.area_rows(area, period)
    filterset = AreaFilter(request.GET or None, queryset=rows, indicators=indicators)
    filtered = (
        filterset.is_bound and filterset.is_valid() and any(filterset.form.cleaned_data.values())
    )
    rows = filterset.qs if filtered else rows
    table = AreaTable(
        rows,
        indicators=indicators,
        period=period,
        met_counts=selectors.met_counts(rows, period, area=None if filtered else area),
    )
    export = _export(request, table, area, f"{area.code}-{period.year}-{period.number}")
    if export is not None:
        return export
    RequestConfig(request, paginate=_pages(25)).configure(table)
    table.shared_key = shared_rows_key(request, area)
    return render(
        request,
        "dashboards/area.html",
        {
            "area": area,
            "period": period,
            "periods": periods,
            "table": table,
            "filter": filterset,
            "breadcrumbs": _area_breadcrumbs(area, period),
            "export_formats": EXPORT_FORMATS,
        },
    )


COMPLETENESS_CHOICES = ("missing", "late", "submitted")


@login_required
@cached_page
def completeness(request, pk):
    area = scope.unit_for(request.user, pk, levels=AREA_LEVELS)
    periods = periods_of(area)
    period = period_from(request, periods)
    today = timezone.localdate()
    rows = selectors.area_rows(area, period).select_related("report")
    counts = selectors.completeness_counts(rows)
    shown = request.GET.get("show")
    if shown == "missing":
        rows = rows.filter(report__isnull=True)
    elif shown == "late":
        rows = (
            rows.exclude(report_status__in=selectors.SUBMITTED)
            if today > period.deadline
            else rows.none()
        )
    elif shown == "submitted":
        rows = rows.filter(report_status__in=selectors.SUBMITTED)
    table = CompletenessTable(rows, period=period, today=today)
    export = _export(request, table, area, f"{area.code}-{period.year}-completeness")
    if export is not None:
        return export
    RequestConfig(request, paginate=_pages(50)).configure(table)
    return render(
        request,
        "dashboards/completeness.html",
        {
            "area": area,
            "period": period,
            "periods": periods,
            "table": table,
            "counts": counts,
            "shown": shown,
            "past_deadline": period.is_closed,
            "breadcrumbs": _area_breadcrumbs(area, period, _("Completeness")),
            "export_formats": EXPORT_FORMATS,
        },
    )


@login_required
@cached_page
def rollup(request, pk):
    area = scope.unit_for(request.user, pk, levels=AREA_LEVELS)
    periods = periods_of(area)
    period = period_from(request, periods)
    indicators = list(Indicator.objects.all())
    rows = selectors.rollup(area, period)
    for row in rows:
        row["cells_by_indicator"] = [
            row["shares"].get(indicator.pk, {"met": 0, "rated": 0}) for indicator in indicators
        ]
    called = called_on([area, *(row["unit"] for row in rows)], period.end)
    for row in rows:
        row["name"] = called[row["unit"].pk][0]  # as it was called in the period
    table = RollupTable(rows, indicators=indicators)
    export = _export(request, table, area, f"{area.code}-{period.year}-{period.number}-rollup")
    if export is not None:
        return export
    return render(
        request,
        "dashboards/rollup.html",
        {
            "area": area,
            "period": period,
            "periods": periods,
            "rows": rows,
            "area_name": called[area.pk][0],
            "indicators": indicators,
            "breadcrumbs": _area_breadcrumbs(area, period, _("Roll-up")),
            "export_formats": EXPORT_FORMATS,
        },
    )


@login_required
@cached_page
def ward(request, pk):
    ward = scope.ward_for(request.user, pk)
    periods = periods_of(ward)
    period = period_from(request, periods)
    context = selectors.ward_page(ward, period, request.user)
    parent, parent_visible = selectors.parent_of(ward, period.end, request.user)
    called = called_on([ward, parent], period.end)  # as they were called in the period
    crumbs = [(_("Home"), reverse("home"))]
    if parent is not None and parent_visible:
        crumbs.append((called[parent.pk][0], _area_url(parent, period)))
    crumbs.append((called[ward.pk][0], None))
    context.update(
        {
            "ward": ward,
            "ward_name": called[ward.pk][0],
            "period": period,
            "periods": periods,
            "parent": parent,
            "breadcrumbs": crumbs,
            "can_edit": ward.can_edit,
            "cells_html": cell_rows_html(context["cells"]),
        }
    )
    return render(request, "dashboards/ward.html", context)


@login_required
def ward_history(request, pk):
    """The audit trail of the ward's report for a period: who changed what, when and why."""
    ward = scope.unit_for(request.user, pk, levels=[Level.COMMUNE])
    periods = periods_of(ward)
    period = period_from(request, periods)
    report = Report.objects.filter(ward=ward, period=period).first()
    crumbs = [
        (_("Home"), reverse("home")),
        (ward.name, f"{reverse('dashboards:ward', args=[ward.pk])}?period={period.pk}"),
        (_("History"), None),
    ]
    return render(
        request,
        "dashboards/ward_history.html",
        {
            "ward": ward,
            "period": period,
            "periods": periods,
            "report": report,
            "history": history_of(report) if report else [],
            "breadcrumbs": crumbs,
        },
    )
