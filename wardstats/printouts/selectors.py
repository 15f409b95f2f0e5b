"""What the printed report of a ward and period shows, shaped like the year-end statistics
forms (guide 11-HD/BTCTW, 2021): year-end stocks on the period's last day.

A fixed number of queries whatever the number of cells. Every total, count and indicator is
read from the ward's summary, as the ward page and the dashboards read it (`indicators`): the
printout says what the screens say.
"""

from decimal import Decimal

from wardstats.collation import vi_collate
from wardstats.hierarchy.models import CellKind, Unit, UnitKind, called_on
from wardstats.indicators.selectors import (
    cadre_counts,
    indicator_values_of,
    staffing_against_quota,
    summary_of,
)
from wardstats.periods.models import Period, PeriodKind
from wardstats.reports import ratings, stock, structure
from wardstats.reports.figures import SUMMED
from wardstats.reports.meetings import meeting_rule, thematic_required
from wardstats.reports.models import CellFigures
from wardstats.staffing.models import Education, Gender, PoliticalTheory

# Names that start with the kind of unit: the place line of a form names the place alone
# ("Mạo Khê, ngày …"), not the unit ("Phường Mạo Khê").
_UNIT_PREFIXES = ("Phường ", "Xã ", "Thị trấn ", "Đặc khu ")


def place_name(name: str) -> str:
    """Phường Mạo Khê → Mạo Khê, for the place and date line."""
    for prefix in _UNIT_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def share(part: int, whole: int) -> Decimal | None:
    """A percentage to one decimal, as the indicators round theirs; nothing of nothing → None."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def cell_totals(figures) -> dict:
    """The sum of every count over the cells (the total row of section I), from the summary."""
    return {field: getattr(figures, name) for name, field in SUMMED.items()}


def members_by_gender(totals: dict) -> list[dict]:
    """Men and women among the members: the forms count women, men are the rest."""
    members, women = totals["members"], totals["women"]
    men = members - women
    return [
        {"label": Gender.MALE.label, "count": men, "share": share(men, members)},
        {"label": Gender.FEMALE.label, "count": women, "share": share(women, members)},
    ]


def _structure(report, totals, period) -> dict | None:
    """The membership's structure of a year's report (one query)."""
    if report is None or period.kind != PeriodKind.YEAR:
        return None
    rows = report.membership.values_list("dimension", "category", "count")
    counts = {(dimension, category): count for dimension, category, count in rows}
    return structure.tables(counts, totals["members"], period)


def organisations(cells, figures, period) -> dict:
    """The cells by kind, with a committee and holding the thematic meetings due (the rows
    from the cells' figures read for section I, the total from the summary, as every page)."""
    required = thematic_required(period)
    rows = []
    for kind in CellKind:
        of_kind = [c for c in cells if c.cell.kind == kind]
        if of_kind:
            rows.append({
                "label": kind.label,
                "cells": len(of_kind),
                "with_committee": sum(1 for c in of_kind if c.has_committee),
                "thematic": sum(
                    1 for c in of_kind if required is not None and c.thematic_meetings >= required
                ),
            })  # fmt: skip
    return {
        "rows": rows,
        "cells": figures.cells,
        "with_committee": figures.cells_with_committee,
        "thematic": figures.cells_thematic,
        "required": required,
        "rule": meeting_rule(period),
        "exempt": figures.exempt,
    }


def _label(field: str) -> str:
    return CellFigures._meta.get_field(field).verbose_name


def cadre_tables(counts: dict) -> dict:
    """The staff (cadres and civil servants) counted by education, political theory, age band
    and gender: every level of the scale listed, with its zero, as the paper forms list them."""
    total = counts["staff"]["total"]
    by_band = counts["staff_by_age_band"]
    return {
        "total": total,
        "meets_standard": counts["staff"]["meets_standard"],
        "education": _scale(Education, counts["staff_by_education"]),
        "political_theory": _scale(PoliticalTheory, counts["staff_by_political_theory"]),
        "age_bands": by_band,
        # Staff whose age falls in no configured band (the bands are the province's choice).
        "outside_bands": total - sum(n for _band, n in by_band),
        "gender": _scale(Gender, counts["staff_by_gender"]),
    }


def _scale(choices, counted: dict) -> list[tuple]:
    """(label, count) for every level of a scale, in its order, zeros included."""
    return [(level.label, counted.get(level, 0)) for level in choices]


def ward_report(*, ward: Unit, period: Period) -> dict:
    """Everything the printed report shows, for one ward and period.

    Queries: the ward's parent on the period's end; the names both had then; the summary with
    its report; its cells' figures (one query for all cells); the indicator values with their
    indicators and targets.
    """
    parent = ward.parent_on(period.end)
    called = called_on([ward, parent], period.end)  # the names of the period, not today's
    figures = summary_of(ward, period)
    report = figures.report if figures is not None else None
    cells = (
        list(
            CellFigures.objects.filter(report=report)
            .select_related("cell")
            .order_by(vi_collate("cell__name").asc())
        )
        if report
        else []
    )
    totals = cell_totals(figures) if report else None
    counts = cadre_counts(figures) if figures is not None else None
    return {
        # A period just created, before the background recomputation reaches the ward.
        "pending": figures is None,
        "parent": parent,
        "report": report,
        "cells": cells,
        "totals": totals,
        "by_gender": members_by_gender(totals) if report else [],
        "stock": stock.statement(totals, report.opening_members, period) if report else None,
        "ratings": ratings.summary(totals, report, period) if report else None,
        "structure": _structure(report, totals, period),
        "organisations": organisations(cells, figures, period) if report else None,
        "staffing": staffing_against_quota(figures) if counts else None,
        "cadres": cadre_tables(counts) if counts else None,
        "values": indicator_values_of(ward, period),
        "place": place_name(called[ward.pk][0]),
        "ward_name": called[ward.pk][0],
        "ward_kind": UnitKind(called[ward.pk][1]).label,
        "parent_name": called[parent.pk][0] if parent else "",
        "is_sample": ward.is_sample or bool(report and report.is_sample),
    }
