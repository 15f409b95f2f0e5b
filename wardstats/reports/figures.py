"""The figures summed from a report's cells, defined once: the submit checks, the summaries the
dashboards read and the printed report all count with these aggregates."""

from django.db.models import Count, Q, Sum

from wardstats.hierarchy.models import CellKind

from .models import CellFigures, QualityLevel
from .ratings import RATED, RATING_FIELDS

# The counts a cell enters, summed over the cells, under the summaries' names.
SUMMED = {
    "members": "members",
    "probationary": "probationary",
    "women_members": "women",
    "admitted": "admitted",
    "transferred_in": "transferred_in",
    "reinstated": "reinstated",
    "deaths": "deaths",
    "expelled": "expelled",
    "struck_off": "struck_off",
    "resigned": "resigned",
    "transferred_out": "transferred_out",
    "recognised_full": "recognised_full",
    **{name: name for name in RATING_FIELDS},
}


def cell_aggregates() -> dict:
    """Every figure of a set of cells' figures, as aggregates for `aggregate` or `annotate`."""
    residential = Q(cell__kind=CellKind.RESIDENTIAL)
    good = Q(quality_level__in=[QualityLevel.EXCELLENT, QualityLevel.GOOD])
    return {
        "cells": Count("id"),
        **{name: Sum(field, default=0) for name, field in SUMMED.items()},
        "residential_cells": Count("id", filter=residential),
        "secretary_is_head": Count("id", filter=residential & Q(secretary_is_head=True)),
        "with_standing_member": Count("id", filter=~Q(standing_member_in_charge="")),
        "rated_cells": Count("id", filter=~Q(quality_level="")),
        "good_or_better": Count("id", filter=good),
        "reviewed": Count("id", filter=Q(review_held=True)),
    }


def with_ratings(totals: dict) -> dict:
    """The sums of the ratings: members rated at any level, and "tốt" or better."""
    totals["members_rated"] = sum(totals[name] or 0 for name in RATED)
    totals["members_good_or_better"] = (totals["rated_excellent"] or 0) + (
        totals["rated_good"] or 0
    )
    return totals


def report_totals(report) -> dict:
    """One report's figures summed over its cells: one query."""
    return with_ratings(CellFigures.objects.filter(report=report).aggregate(**cell_aggregates()))


def totals_by_ward(*, period, ward_ids) -> dict[int, dict]:
    """{ward id: figures} of the wards' reports for the period: one grouped query."""
    rows = (
        CellFigures.objects.filter(report__period=period, report__ward__in=list(ward_ids))
        .values("report__ward_id")
        .order_by()
        .annotate(**cell_aggregates())
    )
    return {row.pop("report__ward_id"): with_ratings(row) for row in rows}
