"""Keeps `WardPeriodFigures` and `IndicatorValue` equal to what the entered figures say.

`refresh(period=…, ward_ids=…)` recomputes a set of wards for one period with a fixed number of
grouped queries (about a dozen, whatever the number of wards) and replaces their rows. Writes
call it inside their own transaction (through the signals in `signals.py`), so a dashboard read
after a save always sees it; `deferred()` collects the wards of a multi-row save and refreshes
them once at the end.
"""

import contextlib
import threading
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q, Sum

from wardstats.hierarchy.models import CellKind, Level, Unit, UnitLink, valid_on_q
from wardstats.reports.models import CellFigures, Period, QualityLevel, Report
from wardstats.staffing.models import (
    AgeBand,
    Cadre,
    Category,
    Education,
    PoliticalTheory,
    QuotaNorm,
    WardQuota,
)
from wardstats.staffing.selectors import age_band_case

from .models import DataVersion, Indicator, IndicatorValue, Status, Target, WardPeriodFigures

_state = threading.local()


def _pending() -> dict | None:
    return getattr(_state, "pending", None)


@contextlib.contextmanager
def suspended():
    """Ignore writes inside the block; the caller refreshes what it changed (bulk loads)."""
    previous = getattr(_state, "suspended", False)
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = previous


def is_suspended() -> bool:
    return getattr(_state, "suspended", False)


@contextlib.contextmanager
def deferred():
    """Collect the (ward, period) pairs dirtied inside the block; refresh each once at exit."""
    outer = _pending()
    if outer is not None:  # nested: the outermost block refreshes
        yield
        return
    _state.pending = defaultdict(set)
    _state.pending_all = False
    try:
        yield
        pending, everything = _state.pending, _state.pending_all
    finally:
        _state.pending, _state.pending_all = None, False
    if everything:
        refresh_all()
        return
    for period_id, ward_ids in pending.items():
        refresh(period=Period.objects.get(pk=period_id), ward_ids=ward_ids)


def mark_dirty(*, ward_id: int, period_ids: Iterable[int]):
    if is_suspended():
        return
    pending = _pending()
    if pending is not None:
        for period_id in period_ids:
            pending[period_id].add(ward_id)
        return
    for period in Period.objects.filter(pk__in=list(period_ids)):
        refresh(period=period, ward_ids=[ward_id])


def periods_touching(valid_from, valid_to) -> list[int]:
    """Periods whose last day falls inside a record's validity (its stock counts there)."""
    periods = Period.objects.filter(end__gte=valid_from)
    if valid_to is not None:
        periods = periods.filter(end__lte=valid_to)
    return list(periods.values_list("pk", flat=True))


def mark_all_dirty():
    """Rules, bands, indicators or targets changed: every ward of every period is affected."""
    if is_suspended():
        return
    if _pending() is not None:
        _state.pending_all = True
        return
    refresh_all()


def refresh_all():
    """Recompute every ward of every period (after changes to rules, targets, bands, bulk loads)."""
    for period in Period.objects.all():
        refresh(period=period)


def _young_age_limits(bands) -> tuple[int, int] | None:
    bands = [b for b in bands if b.is_young]
    if not bands:
        return None
    return min(b.min_age for b in bands), max(b.max_age for b in bands)


@transaction.atomic
def refresh(*, period: Period, ward_ids: Iterable[int] | None = None):
    # Cached dashboard pages from before this write are not served again: the new number is
    # seen together with the new figures, when this transaction commits.
    DataVersion.bump()
    end = period.end
    wards = Unit.objects.filter(level=Level.COMMUNE).filter(valid_on_q(end))
    if ward_ids is not None:
        wards = wards.filter(pk__in=list(ward_ids))
    ward_rows = {u["pk"]: u for u in wards.values("pk", "kind", "unit_class")}
    ids = list(ward_rows)
    # Wards that do not exist at the period's end keep no summary row.
    if ward_ids is not None:
        stale = set(ward_ids) - set(ids)
        WardPeriodFigures.objects.filter(period=period, ward__in=stale).delete()
        IndicatorValue.objects.filter(period=period, ward__in=stale).delete()
    else:
        WardPeriodFigures.objects.filter(period=period).exclude(ward__in=ids).delete()
        IndicatorValue.objects.filter(period=period).exclude(ward__in=ids).delete()
    if not ids:
        return

    figures = {pk: {"ward_id": pk} for pk in ids}

    reports = Report.objects.filter(period=period, ward__in=ids)
    for row in reports.values("ward_id", "pk", "status", "declared_members"):
        figures[row["ward_id"]].update(
            report_id=row["pk"],
            report_status=row["status"],
            declared_members=row["declared_members"],
            cells=0,
            members=0,
            probationary=0,
            women_members=0,
            admitted=0,
            residential_cells=0,
            secretary_is_head=0,
            with_standing_member=0,
            rated_cells=0,
            good_or_better=0,
            reviewed=0,
        )

    residential = Q(cell__kind=CellKind.RESIDENTIAL)
    cell_sums = (
        CellFigures.objects.filter(report__period=period, report__ward__in=ids)
        .values("report__ward_id")
        .order_by()
        .annotate(
            cells=Count("id"),
            members=Sum("members"),
            probationary=Sum("probationary"),
            women_members=Sum("women"),
            admitted=Sum("admitted"),
            residential_cells=Count("id", filter=residential),
            secretary_is_head=Count("id", filter=residential & Q(secretary_is_head=True)),
            with_standing_member=Count("id", filter=~Q(standing_member_in_charge="")),
            rated_cells=Count("id", filter=~Q(quality_level="")),
            good_or_better=Count(
                "id", filter=Q(quality_level__in=[QualityLevel.EXCELLENT, QualityLevel.GOOD])
            ),
            reviewed=Count("id", filter=Q(review_held=True)),
        )
    )
    for row in cell_sums:
        ward_id = row.pop("report__ward_id")
        figures[ward_id].update(row)

    on_duty = Cadre.objects.filter(ward__in=ids).filter(valid_on_q(end))
    staff = Q(category__in=[Category.CADRE, Category.CIVIL_SERVANT])
    for row in (
        on_duty.values("ward_id")
        .order_by()
        .annotate(
            staff=Count("id", filter=staff),
            staff_meeting_standard=Count("id", filter=staff & Q(meets_standard=True)),
            ward_part_time=Count("id", filter=Q(category=Category.WARD_PART_TIME)),
            on_duty=Count("id"),
        )
    ):
        figures[row.pop("ward_id")].update(row)

    per_neighbourhood = defaultdict(list)
    per_neighbourhood_ids = defaultdict(dict)
    for row in (
        on_duty.filter(category=Category.NEIGHBOURHOOD_PART_TIME)
        .values("ward_id", "neighbourhood_id")
        .order_by()
        .annotate(n=Count("id"))
    ):
        per_neighbourhood[row["ward_id"]].append(row["n"])
        per_neighbourhood_ids[row["ward_id"]][str(row["neighbourhood_id"])] = row["n"]

    for row in (
        UnitLink.objects.filter(valid_on_q(end), parent__in=ids, child__level=Level.NEIGHBOURHOOD)
        .filter(valid_on_q(end, "child__"))
        .values("parent_id")
        .order_by()
        .annotate(n=Count("child_id"))
    ):
        figures[row["parent_id"]]["neighbourhoods"] = row["n"]

    year = end.year
    bands = list(AgeBand.objects.all())
    young = _young_age_limits(bands)
    young_q = (
        Q(birth_year__gte=year - young[1], birth_year__lte=year - young[0])
        if young
        else Q(pk__in=[])
    )
    pool = on_duty.filter(planning_terms__start_year__lte=year, planning_terms__end_year__gte=year)
    for row in (
        pool.values("ward_id")
        .order_by()
        .annotate(
            pool=Count("id", distinct=True),
            pool_university=Count(
                "id", distinct=True, filter=Q(education__gte=Education.UNIVERSITY)
            ),
            pool_theory=Count(
                "id", distinct=True, filter=Q(political_theory__gte=PoliticalTheory.INTERMEDIATE)
            ),
            pool_women=Count("id", distinct=True, filter=Q(gender="female")),
            pool_young=Count("id", distinct=True, filter=young_q),
        )
    ):
        figures[row.pop("ward_id")].update(row)

    norms = {
        (n.unit_kind, n.unit_class): n
        for n in QuotaNorm.objects.filter(rule_set__effective_from__lte=end)
        .filter(Q(rule_set__effective_to__isnull=True) | Q(rule_set__effective_to__gte=end))
        .select_related("rule_set")
        .order_by("rule_set__effective_from")
    }
    staffing = _staffing(ids, on_duty.filter(staff), on_duty, year, bands, per_neighbourhood_ids)
    own = {q.ward_id: q for q in WardQuota.objects.filter(period=period, ward__in=ids)}
    for pk, ward in ward_rows.items():
        norm = norms.get((ward["kind"], ward["unit_class"]))
        quota = own.get(pk)
        sources = {}
        for field, key in (
            ("cadres_civil_servants", "quota_staff"),
            ("ward_part_time", "quota_ward_part_time"),
            ("neighbourhood_part_time", "quota_neighbourhood_part_time"),
        ):
            value = getattr(quota, field, None) if quota else None
            # The source as quota_for gives it; "" for the province's own quota without one.
            sources[field] = {"own": False, "source": ""}
            if value is not None:
                sources[field] = {"own": True, "source": quota.legal_source}
            if value is None and norm is not None:
                value = getattr(norm, field)
                sources[field] = {"own": False, "source": norm.rule_set.legal_source}
            figures[pk][key] = value
        figures[pk]["staffing"] = {**staffing[pk], "sources": sources}
        figures[pk]["admissions_target"] = quota.admissions_target if quota else None
        limit = figures[pk]["quota_neighbourhood_part_time"]
        counts = per_neighbourhood.get(pk, [])
        figures[pk]["neighbourhoods_over_quota"] = (
            None if limit is None else sum(1 for n in counts if n > limit)
        )

    ancestors = _ancestors(period, ids)
    for pk in ids:
        figures[pk].update(_areas(ancestors[pk]))
    values = _indicator_values(period, ward_rows, figures, ancestors)

    met = defaultdict(int)
    rated = defaultdict(int)
    for value in values:
        if value.target_id is not None and value.status != Status.NO_DATA:
            rated[value.ward_id] += 1
            met[value.ward_id] += value.status == Status.MET
    summary_rows = []
    for pk, row in figures.items():
        row = {**row, "targets_met": met[pk], "targets_rated": rated[pk]}
        summary_rows.append(
            WardPeriodFigures(
                period=period,
                ward_id=pk,
                **{field: row.get(field, default) for field, default in SUMMARY_FIELDS.items()},
            )
        )
    # Upserts, not delete-and-insert: two saves refreshing one ward at once must both succeed.
    WardPeriodFigures.objects.bulk_create(
        summary_rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["ward", "period"],
        update_fields=list(SUMMARY_FIELDS),
    )
    IndicatorValue.objects.bulk_create(
        values,
        batch_size=5000,
        update_conflicts=True,
        unique_fields=["ward", "period", "indicator"],
        update_fields=[
            "numerator",
            "denominator",
            "value",
            "status",
            "target",
            "threshold",
            "district",
            "province",
        ],
    )


def _staffing(ids, staff, on_duty, year: int, bands, per_neighbourhood: dict) -> dict:
    """Per ward: the breakdowns the ward page shows, in five grouped queries for all wards."""
    result = defaultdict(
        lambda: {"by_category": {}, "by_gender": {}, "by_education": {}, "by_theory": {}}
    )
    for queryset, field, key in (
        (on_duty, "category", "by_category"),
        (staff, "gender", "by_gender"),
        (staff, "education", "by_education"),
        (staff, "political_theory", "by_theory"),
    ):
        for row in queryset.values("ward_id", field).order_by().annotate(n=Count("id")):
            result[row["ward_id"]][key][str(row[field])] = row["n"]
    by_band = defaultdict(dict)
    for row in (
        staff.annotate(band=age_band_case(year, bands))
        .values("ward_id", "band")
        .order_by()
        .annotate(n=Count("id"))
    ):
        by_band[row["ward_id"]][row["band"]] = row["n"]
    for ward_id in ids:
        result[ward_id]["by_age_band"] = [
            [band.label, by_band[ward_id].get(band.pk, 0)] for band in bands
        ]
        result[ward_id]["per_neighbourhood"] = per_neighbourhood.get(ward_id, {})
    return result


def _summary_fields() -> dict:
    """Every figure column of WardPeriodFigures with the value it takes when nothing counts."""
    skip = {"id", "ward", "period"}
    fields = {}
    for field in WardPeriodFigures._meta.concrete_fields:
        if field.name in skip:
            continue
        name = field.attname
        fields[name] = field.get_default() if field.has_default() else None
    fields["report_status"] = ""
    return fields


SUMMARY_FIELDS = _summary_fields()


def _ancestors(period: Period, ids: list[int]) -> dict[int, dict[int, int]]:
    """Each ward's ancestors on the period's last day, {ancestor id: level} (two queries: the
    tree is shallow — a ward's parent, and the parent's parent)."""
    end = period.end
    parents = {
        child: (parent, level)
        for child, parent, level in UnitLink.objects.filter(
            valid_on_q(end), child__in=ids
        ).values_list("child_id", "parent_id", "parent__level")
    }
    grand = {
        child: (parent, level)
        for child, parent, level in UnitLink.objects.filter(
            valid_on_q(end), child__in={p for p, _level in parents.values()}
        ).values_list("child_id", "parent_id", "parent__level")
    }
    result = {}
    for pk in ids:
        chain = {}
        found = parents.get(pk)
        while found is not None and found[0] not in chain:
            chain[found[0]] = found[1]
            found = grand.get(found[0])
        result[pk] = chain
    return result


def _areas(chain: dict[int, int]) -> dict:
    """The district and province holding a ward (from its ancestors), for the dashboards."""
    by_level = {level: pk for pk, level in chain.items()}
    return {
        "district_id": by_level.get(Level.DISTRICT),
        "province_id": by_level.get(Level.PROVINCE),
    }


def _targets_for(period: Period) -> list[Target]:
    return list(
        Target.objects.filter(Q(periods=period) | Q(periods__isnull=True))
        .distinct()
        .select_related("indicator", "area")
        .annotate(period_count=Count("periods"))
    )


def _indicator_values(period, ward_rows, figures, ancestors) -> list[IndicatorValue]:
    indicators = list(Indicator.objects.all())
    targets = _targets_for(period)
    by_indicator = defaultdict(list)
    for target in targets:
        by_indicator[target.indicator_id].append(target)
    rows = []
    for pk, ward in ward_rows.items():
        ward_figures = figures[pk]
        has_report = "report_id" in ward_figures
        has_staff_records = ward_figures.get("on_duty", 0) > 0
        for indicator in indicators:
            numerator, denominator, value = indicator.compute(ward_figures)
            if not has_report and indicator.numerator in REPORT_FIGURES:
                value = None
            if not has_staff_records and indicator.numerator in CADRE_FIGURES:
                value = None  # a ward with no cadre records has no staffing data, not zero
            target = _most_specific(by_indicator[indicator.pk], pk, ward, ancestors.get(pk, ()))
            assigned = ward_figures.get("admissions_target")
            if target is None:
                status, threshold = Status.NO_DATA, None
            else:
                status = target.status_of(value, assigned)
                threshold = (
                    assigned
                    if target.use_ward_assigned and assigned is not None
                    else target.threshold
                )
            rows.append(
                IndicatorValue(
                    ward_id=pk,
                    period=period,
                    indicator=indicator,
                    numerator=numerator,
                    denominator=denominator,
                    value=value,
                    status=status,
                    target=target,
                    threshold=threshold,
                    district_id=ward_figures.get("district_id"),
                    province_id=ward_figures.get("province_id"),
                )
            )
    return rows


REPORT_FIGURES = {
    "cells",
    "members",
    "declared_members",
    "probationary",
    "women_members",
    "admitted",
    "residential_cells",
    "secretary_is_head",
    "with_standing_member",
    "rated_cells",
    "good_or_better",
    "reviewed",
}


CADRE_FIGURES = {
    "staff",
    "staff_meeting_standard",
    "ward_part_time",
    "neighbourhoods_over_quota",
    "pool",
    "pool_university",
    "pool_theory",
    "pool_women",
    "pool_young",
}


def _most_specific(targets, ward_id, ward, ancestors) -> Target | None:
    """The target that applies to a ward: one ward's own beats a class's, beats an area's;
    a lower area (district) beats a higher one (province); one for named periods beats a
    standing one."""
    best, best_rank = None, None
    for target in targets:
        if target.ward_id is not None and target.ward_id != ward_id:
            continue
        if target.unit_class and target.unit_class != ward["unit_class"]:
            continue
        if target.area_id not in ancestors and target.ward_id is None:
            continue
        rank = (target.specificity, target.area.level, target.period_count > 0, target.pk)
        if best_rank is None or rank > best_rank:
            best, best_rank = target, rank
    return best
