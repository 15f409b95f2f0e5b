"""A target's versions, and what a change of one would do before it is made.

A target judges the periods whose last day falls in its range (`Target.valid_from`,
`valid_to`). Changing how it judges (comparison, thresholds, band, the ward's assigned number)
or the document it cites would rewrite what closed periods reported at the time; so the change
is first shown as its effect — per period, the wards meeting it before and after — and then made
either from a chosen period on (a new version, `services.target_revise_from`) or as an explicit
correction of the past with its reason (`services.target_correct`).

A period is closed once its deadline has passed (`Period.is_closed`).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery

from wardstats.periods.models import Period
from wardstats.reports.models import Report, ReportStatus

from .models import IndicatorValue, Status, Target, WardPeriodFigures

# What a change of which re-judges the wards, or changes what their reports cite.
JUDGING_FIELDS = ("comparison", "threshold", "threshold_upper", "warning_band", "use_ward_assigned")
GUARDED_FIELDS = (*JUDGING_FIELDS, "source_document")


def changed_fields(stored: Target, target: Target) -> list[str]:
    return [f for f in GUARDED_FIELDS if getattr(stored, f) != getattr(target, f)]


@dataclass(frozen=True)
class PeriodEffect:
    period: Period
    closed: bool
    judged: int  # wards with a value judged by the target
    met_before: int
    met_after: int
    kept: int  # wards whose approved report keeps its statuses

    @property
    def changes(self) -> bool:
        return self.met_before != self.met_after


def judged_periods(target: Target) -> list[Period]:
    """The periods in which the target (as stored) judged at least one ward, latest first."""
    ids = IndicatorValue.objects.filter(target=target).values("period")
    return list(Period.objects.filter(pk__in=ids).order_by("-end"))


def closed_periods_judged(target: Target) -> list[Period]:
    return [period for period in judged_periods(target) if period.is_closed]


def effect_of(stored: Target, changed: Target) -> list[PeriodEffect]:
    """Per period the stored target judged: the wards meeting it now, and those that would
    with the changed values. A ward whose report is approved keeps what it was approved with."""
    assigned = WardPeriodFigures.objects.filter(
        ward=OuterRef("ward"), period=OuterRef("period")
    ).values("admissions_target")[:1]
    approved = Report.objects.filter(
        ward=OuterRef("ward"), period=OuterRef("period"), status=ReportStatus.APPROVED
    )
    rows = (
        IndicatorValue.objects.filter(target=stored)
        .annotate(assigned=Subquery(assigned), approved=Exists(approved))
        .values_list("period_id", "value", "status", "assigned", "approved")
        .order_by()
    )
    counts = defaultdict(lambda: [0, 0, 0, 0])  # judged, before, after, kept
    for period_id, value, status, assigned_number, is_approved in rows:
        count = counts[period_id]
        if value is None:
            continue
        after = status if is_approved else changed.status_of(value, assigned_number)
        count[0] += 1
        count[1] += status == Status.MET
        count[2] += after == Status.MET
        count[3] += bool(is_approved)
    periods = Period.objects.filter(pk__in=list(counts)).order_by("-end")
    return [PeriodEffect(p, p.is_closed, *counts[p.pk]) for p in periods]
