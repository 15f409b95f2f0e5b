"""Reads for the dashboards: each a fixed number of queries, whatever the number of wards.

Rows come from `WardPeriodFigures` (one per ward and period, kept current by the writes);
sorting, filtering and paging happen in the database.
"""

import datetime
from collections import defaultdict
from typing import NamedTuple

from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from wardstats.accounts import scope
from wardstats.accounts.models import Role, RoleKind
from wardstats.collation import vi_collate
from wardstats.hierarchy.models import (
    Level,
    Lineage,
    LineageKind,
    Unit,
    UnitLink,
    name_on_expression,
    valid_on_q,
)
from wardstats.indicators.models import Indicator, IndicatorValue, Status, WardPeriodFigures
from wardstats.indicators.selectors import (
    cadre_counts,
    indicator_values_of,
    staffing_against_quota,
    summary_of,
)
from wardstats.periods.models import Period
from wardstats.reports import stock
from wardstats.reports.models import CellFigures, ReportStatus

SUBMITTED = [ReportStatus.SUBMITTED, ReportStatus.APPROVED]


def in_area(area: Unit, period: Period) -> Q:
    """Summary rows (WardPeriodFigures, IndicatorValue) of the wards under `area` on the
    period's last day: on their district or province column, through an index.

    No scope filter is needed past the area itself: whoever sees an area sees every ward under
    it (the scope is the units of one's roles and everything below them), and every view
    fetches the area through `accounts.scope.unit_for` first."""
    if area.level == Level.DISTRICT:
        return Q(district=area.pk)
    if area.level == Level.PROVINCE:
        return Q(province=area.pk)
    if area.level == Level.COUNTRY:
        provinces = UnitLink.objects.filter(valid_on_q(period.end), parent=area).values("child")
        return Q(province__in=provinces)
    return Q(pk__in=[])


def area_rows(area: Unit, period: Period):
    """The summary rows of the wards under `area` in `period`, each with `called`: its name in
    the period. They are sorted by today's names (a column, where sorting 3,321 rows by the
    looked-up name cost 70 ms): the name is looked up for the rows of the page alone, after the
    sort and the limit."""
    return (
        WardPeriodFigures.objects.filter(in_area(area, period), period=period)
        .select_related("ward")
        .annotate(called=name_on_expression(period.end, "ward"))
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


class Shown(NamedTuple):
    """An indicator's value and status in a table's cell."""

    value: object
    status: str


def indicator_values_for(ward_ids, period) -> dict:
    """{(ward_id, indicator_id): Shown} for a page of wards: one query, plain tuples (325
    model instances cost a third of a province page's Python)."""
    values = IndicatorValue.objects.filter(period=period, ward__in=list(ward_ids)).values_list(
        "ward_id", "indicator_id", "value", "status"
    )
    return {(ward, indicator): Shown(value, status) for ward, indicator, value, status in values}


def met_counts(rows, period, *, area: Unit | None = None) -> dict:
    """For each indicator, how many of these wards meet its target, and how many are rated.

    With `area` (the rows are all of the area's wards, unfiltered) the values are selected on
    their own area column, through an index, instead of joining the rows (3× faster for the
    whole country)."""
    values = IndicatorValue.objects.filter(period=period)
    if area is not None:
        values = values.filter(in_area(area, period))
    else:
        values = values.filter(ward__in=rows.values("ward_id"))
    counts = (
        values.values("indicator_id")
        .order_by()
        .annotate(
            # Counted on a column of the area's index (status is never null), not the id: the
            # index answers alone (an index-only scan of a province's 1.300 values, 0,2 ms
            # where reading the rows took 5 ms).
            met=Count("status", filter=Q(status=Status.MET)),
            rated=Count("status", filter=~Q(status=Status.NO_DATA)),
        )
    )
    return {row["indicator_id"]: row for row in counts}


def _holder(area: Unit):
    """The child of the area that holds a ward: its province under the country, its district
    (before 1 Jul 2025) or itself under a province, itself under a district."""
    if area.level == Level.COUNTRY:
        return F("province_id")
    if area.level == Level.PROVINCE:
        return Coalesce(F("district_id"), F("ward_id"), output_field=BigIntegerField())
    return F("ward_id")


def rollup(area: Unit, period: Period) -> list[dict]:
    """One row per child of `area` on the period's last day (provinces under the country,
    districts before the 2025 reform, wards after) with totals and, per indicator, the wards
    meeting its target.

    Three queries: the children, the figures summed per child, the statuses counted per child
    and indicator (the indicators are read by the caller). Whoever sees the area sees its
    children (see `in_area`).
    """
    end = period.end
    children = list(
        Unit.objects.filter(
            pk__in=UnitLink.objects.filter(valid_on_q(end), parent=area).values("child"),
            level__in=[Level.PROVINCE, Level.DISTRICT, Level.COMMUNE],
        ).order_by(vi_collate("name").asc())
    )
    holder = _holder(area)
    within = in_area(area, period)
    totals = {
        row["holder"]: row
        for row in WardPeriodFigures.objects.filter(within, period=period)
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
        IndicatorValue.objects.filter(within, period=period)
        .annotate(holder=holder)
        .values("holder", "indicator_id")
        .order_by()
        .annotate(
            # Counted on a column of the area's index (status is never null), not the id: the
            # index answers alone (an index-only scan of a province's 1.300 values, 0,2 ms
            # where reading the rows took 5 ms).
            met=Count("status", filter=Q(status=Status.MET)),
            rated=Count("status", filter=~Q(status=Status.NO_DATA)),
        )
    ):
        shares[row["holder"]][row["indicator_id"]] = row
    return [
        {"unit": child, "totals": totals.get(child.pk, {}), "shares": shares.get(child.pk, {})}
        for child in children
    ]


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
        top = (
            Unit.objects.filter(level__in=[Level.COUNTRY, Level.PROVINCE])
            .valid_on(today)
            .order_by("level", "name")
            .first()
        )
        if top:
            return "area", top
    return None, None


def completeness_counts(rows) -> dict:
    return rows.aggregate(
        wards=Count("id"),
        reports=Count("report_id"),
        submitted=Count("id", filter=Q(report_status__in=SUBMITTED)),
    )


def parent_of(unit: Unit, on: datetime.date, user) -> tuple[Unit | None, bool]:
    """The unit's parent on a day, and whether the user sees it: one query."""
    link = (
        UnitLink.objects.filter(valid_on_q(on), child=unit)
        .select_related("parent")
        .annotate(visible=scope.sees(user, "parent_id"))
        .first()
    )
    return (link.parent, link.visible) if link else (None, False)


class Predecessor(NamedTuple):
    """A unit merged (whole or in part) into the ward on `effective`."""

    unit: Unit
    kind: str
    effective: datetime.date


def _lineage(ward: Unit, user) -> tuple[list[Predecessor], list]:
    """The ward's predecessors (how and when they merged) and successors the user sees: one
    query."""
    links = (
        Lineage.objects.filter(Q(successor=ward) | Q(predecessor=ward))
        .select_related("predecessor", "successor")
        .annotate(
            predecessor_visible=scope.sees(user, "predecessor_id"),
            successor_visible=scope.sees(user, "successor_id"),
        )
    )
    predecessors, successors = [], []
    for link in links:
        if link.successor_id == ward.pk and link.predecessor_visible:
            predecessors.append(Predecessor(link.predecessor, link.kind, link.effective))
        elif link.predecessor_id == ward.pk and link.successor_visible:
            successors.append(link.successor)
    predecessors.sort(key=lambda p: (p.effective, p.unit.name))
    successors.sort(key=lambda unit: unit.name)
    return predecessors, successors


def ward_page(ward: Unit, period: Period, user) -> dict:
    """Everything the ward page shows, in a fixed number of queries: the summary row (with the
    report and the staffing breakdowns), the indicator values, the cells, the lineage, and the
    history of values and of summary rows (for the chart and the table over the periods)."""
    figures = summary_of(ward, period)
    report = figures.report if figures is not None else None
    values = indicator_values_of(ward, period)
    cells = (
        list(
            CellFigures.objects.filter(report=report)
            .select_related("cell__neighbourhood")
            .order_by(vi_collate("cell__name").asc())
        )
        if report
        else []
    )
    predecessors, successors = _lineage(ward, user)
    history_units = [ward, *(p.unit for p in predecessors)]
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
    whole = [p for p in predecessors if p.kind == LineageKind.WHOLE]
    partial = {p.unit.pk for p in predecessors if p.kind == LineageKind.PART}
    return {
        "figures": figures,
        "values": values,
        "report": report,
        "cells": cells,
        "staffing": staffing_against_quota(figures) if figures else None,
        "counts": cadre_counts(figures) if figures else None,
        "predecessors": predecessors,
        "successors": successors,
        "chart": _chart_data(ward, history_units, values, history, whole, partial),
        "figures_history": figures_history,
        "partial_ids": partial,
        "on_todays_boundary": _summed(ward, whole, figures_history),
        "stock": _stock(figures, period),
    }


def _stock(figures, period) -> dict | None:
    """The members form's statement from the summary row, as the printout has it."""
    if figures is None or figures.report_id is None:
        return None
    values = {name: getattr(figures, name) or 0 for name in stock.STATEMENT_FIELDS}
    return stock.statement(values, figures.opening_members, period)


SUMMED_FIELDS = ("cells", "members", "women_members", "admitted", "staff")


def _summed(ward: Unit, whole: list[Predecessor], rows: list) -> list[dict]:
    """The counts of the periods before a merge on today's boundary: the whole predecessors
    not yet merged at the period's end, plus the ward's own figures where it already existed
    (Đức Chính 2023 = Đức Chính + Phường Đông Triều, merged on 01/11/2024). A predecessor merged
    in part is shown apart, never added."""
    if not whole:
        return []
    merged_on = {p.unit.pk: p.effective for p in whole}
    last_merge = max(merged_on.values())
    pending = {}
    for row in rows:
        if row.ward_id in merged_on and row.period.end < merged_on[row.ward_id]:
            pending.setdefault(row.period_id, []).append(row)
    by_period = {}
    for row in rows:
        own = row.ward_id == ward.pk and row.period.end < last_merge
        if row.period_id in pending and (own or row in pending[row.period_id]):
            entry = by_period.setdefault(row.period_id, {"period": row.period, "units": 0})
            entry["units"] += 1
            for field in SUMMED_FIELDS:
                entry[field] = entry.get(field, 0) + (getattr(row, field) or 0)
    return sorted(by_period.values(), key=lambda entry: entry["period"].end)


def _summed_series(ward, indicator, ends, whole: list[Predecessor], by_key) -> list:
    """Per period end: the ward's own count plus those of its whole predecessors not merged
    yet; the ward's own alone once every merge has happened."""
    points = []
    for end in ends:
        own = by_key.get((ward.pk, indicator.pk, end))
        parts = [by_key.get((p.unit.pk, indicator.pk, end)) for p in whole if end < p.effective]
        parts = [part for part in parts if part is not None]
        if parts:
            points.append(float(sum(parts) + (own or 0)))
        elif own is not None:
            points.append(float(own))
        else:
            points.append(None)
    return points


def _chart_data(ward, units, values, history, whole=(), partial=frozenset()) -> dict:
    """{indicator code: {name, unit, labels, series: [{name, data}]}} for the trend chart. For a
    count, one more series: before the ward existed, its whole predecessors summed on today's
    boundary, then the ward's own; a predecessor merged in part is marked and not added."""
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
                name = str(unit)
                if unit.pk in partial:
                    name = _("%(unit)s (merged in part: not added)") % {"unit": name}
                series.append(
                    {"name": name, "data": [None if p is None else float(p) for p in data]}
                )
        if indicator.unit == "count" and whole:
            summed = _summed_series(ward, indicator, ends, whole, by_key)
            if any(point is not None for point in summed):
                name = _("%(ward)s on today's boundary") % {"ward": ward.name}
                series.append({"name": name, "data": summed, "summed": True})
        chart[indicator.code] = {
            "name": indicator.display_name(),
            "unit": indicator.unit,
            "labels": labels,
            "series": series,
            "threshold": None if value.threshold is None else float(value.threshold),
        }
    return chart
