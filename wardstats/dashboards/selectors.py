"""Reads for the dashboards: each a fixed number of queries, whatever the number of wards.

Rows come from `WardPeriodFigures` (one per ward and period, kept current by the writes);
sorting, filtering and paging happen in the database.
"""

import datetime
from collections import defaultdict

from django.db.models import BigIntegerField, Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from wardstats.accounts.models import Role, RoleKind
from wardstats.collation import vi_collate
from wardstats.hierarchy.models import Level, Lineage, Unit, UnitLink, valid_on_q
from wardstats.indicators.models import Indicator, IndicatorValue, Status, WardPeriodFigures
from wardstats.reports.models import Period, ReportStatus

SUBMITTED = [ReportStatus.SUBMITTED, ReportStatus.APPROVED]


def unit_for_user(user, pk, *, levels=None) -> Unit:
    """The one way a dashboard fetches a unit: outside the user's scope it does not exist."""
    units = Unit.objects.visible_to(user)
    if levels:
        units = units.filter(level__in=levels)
    return get_object_or_404(units, pk=pk)


def periods_of(unit: Unit) -> list[Period]:
    """The periods whose last day falls while the unit exists, newest first."""
    periods = Period.objects.filter(end__gte=unit.valid_from)
    if unit.valid_to is not None:
        periods = periods.filter(end__lte=unit.valid_to)
    return list(periods.order_by("-end"))


def period_from(request, periods: list[Period]) -> Period:
    """The period asked for (among the unit's), else the latest that has started."""
    if not periods:
        raise Http404
    raw = request.GET.get("period")
    if raw:
        chosen = next((p for p in periods if str(p.pk) == raw), None)
        if chosen is None:
            raise Http404
        return chosen
    today = timezone.localdate()
    return next((p for p in periods if p.start <= today), periods[-1])


def wards_under(area: Unit, period: Period, user):
    """Commune-level units under `area` on the period's last day, within the user's scope."""
    return Unit.objects.visible_to(user).wards().valid_on(period.end).under(area, period.end)


def area_rows(area: Unit, period: Period, user):
    return (
        WardPeriodFigures.objects.filter(
            period=period, ward__in=wards_under(area, period, user).values("pk")
        )
        .select_related("ward")
        .order_by(vi_collate("ward__name").asc())
    )


def order_by_indicator(rows, indicator: Indicator, descending: bool):
    value = IndicatorValue.objects.filter(
        ward=OuterRef("ward_id"), period=OuterRef("period_id"), indicator=indicator
    ).values("value")[:1]
    key = f"sort_{indicator.code}"
    rows = rows.annotate(**{key: Subquery(value)})
    expression = F(key).desc(nulls_last=True) if descending else F(key).asc(nulls_last=True)
    return rows.order_by(expression, vi_collate("ward__name").asc())


def filter_by_status(rows, indicator: Indicator, status: str):
    match = IndicatorValue.objects.filter(
        ward=OuterRef("ward_id"), period=OuterRef("period_id"), indicator=indicator, status=status
    )
    return rows.filter(Exists(match))


def indicator_values_for(ward_ids, period) -> dict:
    """{(ward_id, indicator_id): IndicatorValue} for a page of wards: one query."""
    values = IndicatorValue.objects.filter(period=period, ward__in=list(ward_ids))
    return {(v.ward_id, v.indicator_id): v for v in values}


def met_counts(rows, period) -> dict:
    """For each indicator, how many of these wards meet its target, and how many are rated."""
    counts = (
        IndicatorValue.objects.filter(period=period, ward__in=rows.values("ward_id"))
        .values("indicator_id")
        .order_by()
        .annotate(
            met=Count("id", filter=Q(status=Status.MET)),
            rated=Count("id", filter=~Q(status=Status.NO_DATA)),
        )
    )
    return {row["indicator_id"]: row for row in counts}


def _holder(area_children: list[int], end: datetime.date):
    """The child of the area that holds a ward on a day: its parent, or the ward itself."""
    parent = UnitLink.objects.filter(
        valid_on_q(end), child=OuterRef("ward_id"), parent__in=area_children
    ).values("parent_id")[:1]
    return Coalesce(Subquery(parent), F("ward_id"), output_field=BigIntegerField())


def rollup(area: Unit, period: Period, user) -> list[dict]:
    """One row per child of `area` on the period's last day (districts before the 2025
    reform, wards after) with totals and, per indicator, the wards meeting its target.

    Four queries: the children, the figures summed per child, the statuses counted per child
    and indicator (the indicators are read by the caller).
    """
    end = period.end
    visible = Unit.objects.visible_to(user).values("pk")
    children = list(
        Unit.objects.children_of(area, end)
        .filter(pk__in=visible, level__in=[Level.DISTRICT, Level.COMMUNE])
        .order_by(vi_collate("name").asc())
    )
    child_ids = [c.pk for c in children]
    wards = wards_under(area, period, user).values("pk")
    holder = _holder(child_ids, end)
    totals = {
        row["holder"]: row
        for row in WardPeriodFigures.objects.filter(period=period, ward__in=wards)
        .annotate(holder=holder)
        .values("holder")
        .order_by()
        .annotate(
            wards=Count("id"),
            reports=Count("report_id"),
            submitted=Count("id", filter=Q(report_status__in=SUBMITTED)),
            cells=Sum("cells"),
            members=Sum("members"),
            women_members=Sum("women_members"),
            admitted=Sum("admitted"),
            staff=Sum("staff"),
            quota_staff=Sum("quota_staff"),
            ward_part_time=Sum("ward_part_time"),
        )
    }
    shares = defaultdict(dict)
    for row in (
        IndicatorValue.objects.filter(period=period, ward__in=wards)
        .annotate(holder=holder)
        .values("holder", "indicator_id")
        .order_by()
        .annotate(
            met=Count("id", filter=Q(status=Status.MET)),
            rated=Count("id", filter=~Q(status=Status.NO_DATA)),
        )
    ):
        shares[row["holder"]][row["indicator_id"]] = row
    return [
        {"unit": child, "totals": totals.get(child.pk, {}), "shares": shares.get(child.pk, {})}
        for child in children
    ]


def predecessors_of(ward: Unit):
    return Unit.objects.filter(
        pk__in=Lineage.objects.filter(successor=ward).values("predecessor")
    ).order_by("name")


def successors_of(ward: Unit):
    return Unit.objects.filter(
        pk__in=Lineage.objects.filter(predecessor=ward).values("successor")
    ).order_by("name")


def home_target(user):
    """Where `/` takes a person: their area's dashboard, or their ward's page."""
    today = timezone.localdate()
    roles = list(
        Role.objects.filter(user=user)
        .select_related("unit")
        .order_by("unit__level", "-unit__valid_from")
    )
    area_roles = [r for r in roles if r.kind in (RoleKind.AREA_OFFICER, RoleKind.PROVINCE_ADMIN)]
    if area_roles:
        return "area", area_roles[0].unit
    ward_roles = [r for r in roles if r.kind in (RoleKind.WARD_EDITOR, RoleKind.WARD_VIEWER)]
    if ward_roles:
        current = [r for r in ward_roles if r.unit.is_valid_on(today)]
        return "ward", (current or ward_roles)[0].unit
    if user.is_superuser:
        province = (
            Unit.objects.filter(level=Level.PROVINCE).valid_on(today).order_by("name").first()
        )
        if province:
            return "area", province
    return None, None


def is_visible(user, unit: Unit) -> bool:
    return Unit.objects.visible_to(user).filter(pk=unit.pk).exists()


def completeness_counts(rows) -> dict:
    return rows.aggregate(
        wards=Count("id"),
        reports=Count("report_id"),
        submitted=Count("id", filter=Q(report_status__in=SUBMITTED)),
    )


def ward_page(ward: Unit, period: Period, user) -> dict:
    """Everything the ward page shows: a fixed number of queries for one ward."""
    from wardstats.reports.history import history_of
    from wardstats.reports.models import CellFigures, Report
    from wardstats.staffing.selectors import cadre_counts, staffing_against_quota

    figures = WardPeriodFigures.objects.filter(ward=ward, period=period).first()
    counts = cadre_counts(ward=ward, period=period)
    values = list(
        IndicatorValue.objects.filter(ward=ward, period=period)
        .select_related("indicator", "target")
        .order_by("indicator__order", "indicator__code")
    )
    report = Report.objects.filter(ward=ward, period=period).first()
    cells = (
        list(
            CellFigures.objects.filter(report=report)
            .select_related("cell__neighbourhood")
            .order_by(vi_collate("cell__name").asc())
        )
        if report
        else []
    )
    visible = Unit.objects.visible_to(user).values("pk")
    predecessors = list(predecessors_of(ward).filter(pk__in=visible))
    successors = list(successors_of(ward).filter(pk__in=visible))
    lineage_kinds = dict(
        Lineage.objects.filter(successor=ward).values_list("predecessor_id", "kind")
    )
    history_units = [ward, *predecessors]
    history = (
        IndicatorValue.objects.filter(ward__in=history_units)
        .select_related("period")
        .order_by("period__end")
        .values("ward_id", "indicator_id", "period__end", "period_id", "value")
    )
    figures_history = list(
        WardPeriodFigures.objects.filter(ward__in=history_units)
        .select_related("period", "ward")
        .order_by("period__end", "ward__name")
    )
    return {
        "figures": figures,
        "values": values,
        "report": report,
        "cells": cells,
        "staffing": staffing_against_quota(ward=ward, period=period, counts=counts),
        "counts": counts,
        "predecessors": [(p, lineage_kinds.get(p.pk)) for p in predecessors],
        "successors": successors,
        "chart": _chart_data(history_units, values, history),
        "figures_history": figures_history,
        "history": history_of(report) if report else [],
    }


def _chart_data(units, values, history) -> dict:
    """{indicator code: {name, unit, labels, series: [{name, data}]}} for the trend chart."""
    ends = sorted({row["period__end"] for row in history})
    labels = [f"{end:%d/%m/%Y}" for end in ends]
    by_key = {
        (row["ward_id"], row["indicator_id"], row["period__end"]): row["value"] for row in history
    }
    chart = {}
    for value in values:
        indicator = value.indicator
        series = []
        for unit in units:
            data = [by_key.get((unit.pk, indicator.pk, end)) for end in ends]
            if any(point is not None for point in data):
                series.append(
                    {"name": str(unit), "data": [None if p is None else float(p) for p in data]}
                )
        chart[indicator.code] = {
            "name": indicator.display_name(),
            "unit": indicator.unit,
            "labels": labels,
            "series": series,
            "threshold": None if value.threshold is None else float(value.threshold),
        }
    return chart
