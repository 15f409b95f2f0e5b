"""The figures summed from a report's cells, defined once: the submit checks, the summaries the
dashboards read and the printed report all count with these aggregates."""

from django.db.models import Count, F, Q, Sum

from wardstats.hierarchy.models import CellKind

from .meetings import thematic_required
from .models import CellFigures, QualityLevel
from .ratings import RATED, RATING_FIELDS
from .stock import DECREASES, INCREASES, expected_closing

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
    "exempt": "exempt",
}


def _unreconciled() -> Q:
    """A cell whose stock does not add up (opening + increases − decreases ≠ members), or whose
    opening stock is not given (reports.stock)."""
    expected = F("opening")
    for name in INCREASES:
        expected += F(name)
    for name in DECREASES:
        expected -= F(name)
    return Q(opening__isnull=True) | ~Q(members=expected)


def cell_aggregates(period) -> dict:
    """Every figure of a set of cells' figures for a period, as aggregates for `aggregate` or
    `annotate`."""
    residential = Q(cell__kind=CellKind.RESIDENTIAL)
    good = Q(quality_level__in=[QualityLevel.EXCELLENT, QualityLevel.GOOD])
    required = thematic_required(period)
    thematic = Q(pk__in=[]) if required is None else Q(thematic_meetings__gte=required)
    return {
        # First: the sums below take the fields' names, and a later F() would read the sum.
        "cells_unreconciled": Count("id", filter=_unreconciled()),
        "cells": Count("id"),
        **{name: Sum(field, default=0) for name, field in SUMMED.items()},
        "residential_cells": Count("id", filter=residential),
        "secretary_is_head": Count("id", filter=residential & Q(secretary_is_head=True)),
        "with_standing_member": Count("id", filter=~Q(standing_member_in_charge="")),
        "rated_cells": Count("id", filter=~Q(quality_level="")),
        "good_or_better": Count("id", filter=good),
        "reviewed": Count("id", filter=Q(review_held=True)),
        "cells_with_committee": Count("id", filter=Q(has_committee=True)),
        "cells_thematic": Count("id", filter=thematic),
    }


def with_ratings(totals: dict) -> dict:
    """The sums of the ratings: members rated at any level, and "tốt" or better."""
    totals["members_rated"] = sum(totals[name] or 0 for name in RATED)
    totals["members_good_or_better"] = (totals["rated_excellent"] or 0) + (
        totals["rated_good"] or 0
    )
    return totals


def stock_reconciled(totals: dict, opening_members: int | None) -> int | None:
    """1 when the stock adds up for every cell and for the ward (the ward's opening stock +
    its cells' increases − decreases = their members), else 0; None without cells. The same
    rule the submit checks apply (checks._stock_problems), as a figure."""
    if not totals.get("cells"):
        return None
    expected = expected_closing({**totals, "opening": opening_members})
    return int(totals["cells_unreconciled"] == 0 and expected == totals["members"])


def report_totals(report) -> dict:
    """One report's figures summed over its cells: one query."""
    totals = with_ratings(
        CellFigures.objects.filter(report=report).aggregate(**cell_aggregates(report.period))
    )
    totals["stock_reconciled"] = stock_reconciled(totals, report.opening_members)
    return totals


def totals_by_ward(*, period, ward_ids) -> dict[int, dict]:
    """{ward id: figures} of the wards' reports for the period: one grouped query."""
    rows = (
        CellFigures.objects.filter(report__period=period, report__ward__in=list(ward_ids))
        .values("report__ward_id")
        .order_by()
        .annotate(**cell_aggregates(period))
    )
    return {row.pop("report__ward_id"): with_ratings(row) for row in rows}
