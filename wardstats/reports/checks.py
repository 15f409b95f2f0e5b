"""The checks a report must pass before it goes up to the area: each problem in the person's
language, with the cell it concerns. An empty list means the report may be submitted."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from wardstats.core.numbers import grouped
from wardstats.core.text import visible_text
from wardstats.hierarchy.models import CellKind

from .figures import report_totals
from .models import CellFigures, Report


@dataclass(frozen=True)
class Problem:
    """One reason a report cannot be submitted, in the user's language."""

    message: str
    cell: str = ""

    def __str__(self):
        return f"{self.cell}: {self.message}" if self.cell else self.message


def jump_factor() -> float:
    return float(getattr(settings, "WARDSTATS_JUMP_FACTOR", 1.5))


def _n(value: int) -> str:
    return grouped(value)


def _total_problems(report: Report, totals: dict) -> list[Problem]:
    problems = []
    if totals["cells"] == 0:
        problems.append(Problem(_("The report has no cell figures.")))
    if totals["members"] != report.declared_members:
        problems.append(
            Problem(
                _("The cells' members add up to %(sum)s, but the ward declares %(declared)s.")
                % {"sum": _n(totals["members"]), "declared": _n(report.declared_members)}
            )
        )
    return problems


def _last_members(report: Report, figures: list[CellFigures]) -> dict[int, int]:
    """Each cell's members in the ward's latest earlier report that has it: one query."""
    previous = (
        CellFigures.objects.filter(
            cell__in=[row.cell_id for row in figures],
            report__ward=report.ward_id,
            report__period__end__lt=report.period.end,
        )
        .order_by("cell_id", "-report__period__end")
        .values("cell_id", "members")
    )
    last = {}
    for row in previous:
        last.setdefault(row["cell_id"], row["members"])
    return last


def _jumps(report: Report, figures: list[CellFigures]) -> list[Problem]:
    """Members that jumped by more than the jump factor since the last period, unexplained."""
    last, factor, problems = _last_members(report, figures), jump_factor(), []
    for row in figures:
        before = last.get(row.cell_id)
        if before is None or visible_text(row.comment):
            continue
        low, high = min(before, row.members), max(before, row.members)
        if high > 0 and (low == 0 or high / low > factor):
            message = _(
                "Members went from %(before)s to %(now)s since the last period: "
                "explain the change in the cell's comment."
            ) % {"before": _n(before), "now": _n(row.members)}
            problems.append(Problem(message, cell=row.cell.name))
    return problems


def report_problems(report: Report, *, figures=None, totals=None) -> list[Problem]:
    """The validation rules run on submission; an empty list means the report may go up.

    `figures` (the report's cells' figures with their cells) and `totals`
    (`figures.report_totals`): what the caller has read already, not read again."""
    problems = _total_problems(report, totals if totals is not None else report_totals(report))
    if figures is None:
        figures = list(report.cell_figures.select_related("cell"))
    problems += [
        Problem(_("This residential cell has no neighbourhood."), cell=row.cell.name)
        for row in figures
        if row.cell.kind == CellKind.RESIDENTIAL and row.cell.neighbourhood_id is None
    ]
    return problems + _jumps(report, figures)
