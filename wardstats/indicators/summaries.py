"""Keeps `WardPeriodFigures` and `IndicatorValue` equal to what the entered figures say.

`refresh(period=…, ward_ids=…)` recomputes a set of wards for one period — their figures from
the one computation (`figures.ward_figures`), each indicator's value and its status against the
target that applies — and replaces their rows, with a fixed number of queries whatever the
number of wards. The services call it through `core.changes` (`recompute.Recompute`): a ward's
save in its own transaction, a change of rules in the background.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q

from wardstats.periods.models import Period
from wardstats.reports.models import ReportStatus

from .figures import CADRE_FIGURES, REPORT_FIGURES, ward_figures
from .models import Indicator, IndicatorValue, Status, Target, WardPeriodFigures


def _summary_fields() -> dict:
    """Every figure column of WardPeriodFigures with the value it takes when nothing counts."""
    skip = {"id", "ward", "period"}
    fields = {}
    for field in WardPeriodFigures._meta.concrete_fields:
        if field.name in skip:
            continue
        fields[field.attname] = field.get_default() if field.has_default() else None
    fields["report_status"] = ""
    return fields


SUMMARY_FIELDS = _summary_fields()
APPROVED = ReportStatus.APPROVED
VALUE_FIELDS = [
    "numerator", "denominator", "value", "status", "target", "threshold", "district", "province",
]  # fmt: skip


@transaction.atomic
def refresh(*, period: Period, ward_ids: Iterable[int] | None = None, approved_too=False):
    """Recomputes the wards (all when `ward_ids` is None) for one period and stores them.

    A ward whose report is approved keeps the summary it was approved with — what was approved
    stays as approved, whatever changes later in its records, rules or targets — unless
    `approved_too` (the approval itself, which writes that summary). One approved without a
    summary yet (loaded in bulk) gets its first."""
    ward_ids = None if ward_ids is None else set(ward_ids)
    figures = ward_figures(period=period, ward_ids=ward_ids)
    _drop_absent(period, ward_ids, set(figures))
    if not approved_too:
        kept = _kept_as_approved(period, figures)
        figures = {pk: f for pk, f in figures.items() if pk not in kept}
    if not figures:
        return
    values = indicator_values(period, figures)
    _store(period, figures, values)


def _kept_as_approved(period, figures: dict) -> set[int]:
    """The approved wards among `figures` whose summary as approved is stored."""
    approved = [pk for pk, f in figures.items() if f.get("report_status") == APPROVED]
    if not approved:
        return set()
    stored = WardPeriodFigures.objects.filter(
        period=period, ward__in=approved, report_status=APPROVED
    )
    return set(stored.values_list("ward_id", flat=True))


def refresh_all():
    """Recomputes every ward of every period (after a bulk load)."""
    for period in Period.objects.all():
        refresh(period=period)


def _drop_absent(period, ward_ids, present: set[int]):
    """Wards that do not exist on the period's last day keep no summary row."""
    rows = WardPeriodFigures.objects.filter(period=period)
    values = IndicatorValue.objects.filter(period=period)
    if ward_ids is not None:
        rows, values = rows.filter(ward__in=ward_ids), values.filter(ward__in=ward_ids)
    rows.exclude(ward__in=present).delete()
    values.exclude(ward__in=present).delete()


def _store(period, figures: dict, values: list[IndicatorValue]):
    met, rated = defaultdict(int), defaultdict(int)
    for value in values:
        if value.target_id is not None and value.status != Status.NO_DATA:
            rated[value.ward_id] += 1
            met[value.ward_id] += value.status == Status.MET
    rows = [
        WardPeriodFigures(
            period=period,
            ward_id=pk,
            **{
                **{field: row.get(field, default) for field, default in SUMMARY_FIELDS.items()},
                "targets_met": met[pk],
                "targets_rated": rated[pk],
            },
        )
        for pk, row in figures.items()
    ]
    # Upserts, not delete-and-insert: two saves refreshing one ward at once must both succeed.
    WardPeriodFigures.objects.bulk_create(
        rows,
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
        update_fields=VALUE_FIELDS,
    )


def in_force_q(period: Period, prefix: str = "") -> Q:
    """The versions of targets that judge `period` (by its last day)."""
    end = period.end
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": end})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": end})
    )


# Up to this many wards, their own targets are looked up by id; beyond, every ward's target.
FEW_WARDS = 500


def _targets_for(period: Period, figures: dict) -> dict[int, list[Target]]:
    """The targets that may apply in the period to the wards of `figures`, per indicator: those
    of their districts and provinces, and their own (a save of one ward reads its province's
    targets, not the country's)."""
    areas = {f.get(key) for f in figures.values() for key in ("district_id", "province_id")}
    own = Q(ward__in=list(figures)) if len(figures) <= FEW_WARDS else Q(ward__isnull=False)
    targets = (
        Target.objects.filter(Q(periods=period) | Q(periods__isnull=True))
        .filter(in_force_q(period))
        .filter(Q(area__in=areas - {None}) | own)
        .distinct()
        .select_related("indicator", "area")
        .annotate(period_count=Count("periods"))
    )
    by_indicator = defaultdict(list)
    for target in targets:
        by_indicator[target.indicator_id].append(target)
    return by_indicator


def _value(indicator: Indicator, ward_figures: dict):
    """(numerator, denominator, value): no value where the ward has no report or no cadre
    records for the figures the indicator counts."""
    numerator, denominator, value = indicator.compute(ward_figures)
    if "report_id" not in ward_figures and indicator.numerator in REPORT_FIGURES:
        value = None
    if ward_figures.get("on_duty", 0) == 0 and indicator.numerator in CADRE_FIGURES:
        value = None  # a ward with no cadre records has no staffing data, not zero
    return numerator, denominator, value


def _judged(target: Target | None, value, assigned) -> tuple[str, object]:
    """The status of a value against its target, and the threshold it was judged by."""
    if target is None:
        return Status.NO_DATA, None
    own = target.use_ward_assigned and assigned is not None
    return target.status_of(value, assigned), assigned if own else target.threshold


def indicator_values(period: Period, figures: dict) -> list[IndicatorValue]:
    """Each indicator's value and status for each ward, from its figures and the most
    specific target that applies to it."""
    indicators = list(Indicator.objects.all())
    targets = _targets_for(period, figures)
    rows = []
    for pk, ward in figures.items():
        areas = {ward.get("district_id"), ward.get("province_id")} - {None}
        for indicator in indicators:
            numerator, denominator, value = _value(indicator, ward)
            target = most_specific(targets[indicator.pk], pk, ward["unit"], areas)
            status, threshold = _judged(target, value, ward.get("admissions_target"))
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
                    district_id=ward.get("district_id"),
                    province_id=ward.get("province_id"),
                )
            )
    return rows


def most_specific(targets, ward_id, ward, areas) -> Target | None:
    """The target that applies to a ward: one ward's own beats a class's, beats an area's;
    a lower area (district) beats a higher one (province); one for named periods beats a
    standing one."""
    best, best_rank = None, None
    for target in targets:
        if target.ward_id is not None and target.ward_id != ward_id:
            continue
        if target.unit_class and target.unit_class != ward["unit_class"]:
            continue
        if target.area_id not in areas and target.ward_id is None:
            continue
        rank = (target.specificity, target.area.level, target.period_count > 0, target.pk)
        if best_rank is None or rank > best_rank:
            best, best_rank = target, rank
    return best


def backfill(migration: str):
    """For a migration that changes what the summaries hold: recomputes them all, unless a
    later migration of this app exists (it runs against that migration's schema, and today's
    code writes today's columns: the latest migration recomputes)."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    leaves = MigrationLoader(connection, ignore_no_migrations=True).graph.leaf_nodes("indicators")
    if ("indicators", migration) in leaves:
        refresh_all()
