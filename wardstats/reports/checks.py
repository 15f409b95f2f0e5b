"""The checks a report must pass before it goes up to the area: each problem in the person's
language, with the cell it concerns. An empty list means the report may be submitted."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from wardstats.core.numbers import grouped
from wardstats.core.text import visible_text
from wardstats.hierarchy.models import CellKind
from wardstats.periods.models import PeriodKind

from .figures import report_totals
from .models import CellFigures, QualityLevel, Report
from .ratings import RATED, RATING_FIELDS, level_for_score, rated, rules_for, unrated
from .stock import DECREASES, INCREASES, expected_closing, previous_closings
from .structure import structure_for


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


def _jumps(figures: list[CellFigures], last: dict) -> list[Problem]:
    """Members that jumped by more than the jump factor since the last period, unexplained
    (`last`: each cell's closing stock of the last period)."""
    factor, problems = jump_factor(), []
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


def report_problems(report: Report, *, figures=None, totals=None, membership=None) -> list[Problem]:
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
    last = previous_closings(report.ward_id, report.period, [row.cell_id for row in figures])
    problems += _stock_problems(report, figures, last) + _rating_problems(report, figures)
    problems += _structure_problems(report, figures, membership)
    return problems + _jumps(figures, last)


def _flows(values: dict) -> dict:
    return {
        "increases": _n(sum(values[f] or 0 for f in INCREASES)),
        "decreases": _n(sum(values[f] or 0 for f in DECREASES)),
    }


def _stock_problems(report: Report, figures: list[CellFigures], last: dict) -> list[Problem]:
    """Opening + increases − decreases = closing, for every cell and for the ward (the members
    form, reports.stock); each cell's opening as the last period closed (`last`)."""
    problems, sums = [], dict.fromkeys((*INCREASES, *DECREASES, "members"), 0)
    for row in figures:
        values = {name: getattr(row, name) for name in (*sums, "opening")}
        for name in sums:
            sums[name] += values[name] or 0
        expected = expected_closing(values)
        if expected is None:
            problems.append(Problem(_("Enter the cell's members at the start of the period."),
                                    cell=row.cell.name))  # fmt: skip
        elif expected != row.members:
            problems.append(Problem(_(
                "The stock does not add up: %(opening)s at the start + %(increases)s − "
                "%(decreases)s = %(expected)s, but the cell has %(members)s members."
            ) % {"opening": _n(row.opening), **_flows(values), "expected": _n(expected),
                 "members": _n(row.members)}, cell=row.cell.name))  # fmt: skip
        if row.cell_id in last and row.opening is not None and row.opening != last[row.cell_id]:
            problems.append(Problem(_(
                "%(opening)s at the start of the period, but %(closing)s at the end of the "
                "last one."
            ) % {"opening": _n(row.opening), "closing": _n(last[row.cell_id])},
                cell=row.cell.name))  # fmt: skip
    if not figures:
        return problems
    if report.opening_members is None:
        problems.append(Problem(_("Enter the ward's members at the start of the period.")))
        return problems
    expected = expected_closing({**sums, "opening": report.opening_members})
    if expected != sums["members"]:
        problems.append(Problem(_(
            "The ward's stock does not add up: %(opening)s at the start + %(increases)s − "
            "%(decreases)s = %(expected)s, but its cells have %(members)s members."
        ) % {"opening": _n(report.opening_members), **_flows(sums), "expected": _n(expected),
             "members": _n(sums["members"])}))  # fmt: skip
    return problems


def _level_label(level: str) -> str:
    return str(QualityLevel(level).label)


def _band_problem(rules, score, level, cell: str = "") -> list[Problem]:
    """A 100-point score and a level that disagree under the period's bands."""
    expected = level_for_score(rules, score)
    if expected is None or not level or expected == level:
        return []
    message = _("A score of %(score)s gives “%(expected)s”, not “%(level)s” (%(source)s).") % {
        "score": grouped(score, 1), "expected": _level_label(expected),
        "level": _level_label(level), "source": rules.bands_source,
    }  # fmt: skip
    return [Problem(message, cell=cell)]


def _rating_problems(report: Report, figures: list[CellFigures]) -> list[Problem]:
    """The year-end ratings (reports.ratings), by the rules of the period: every member of a
    cell rated or said why not; "xuất sắc" within its cap; a score and its level agree."""
    if report.period.kind != PeriodKind.YEAR:
        return []
    rules, problems, sums = rules_for(report.period), [], dict.fromkeys(RATED, 0)
    for row in figures:
        values = {name: getattr(row, name) for name in RATING_FIELDS}
        for name in RATED:
            sums[name] += values[name] or 0
        if rated(values) + unrated(values) != row.members:
            problems.append(Problem(_(
                "The members' ratings add up to %(sum)s (%(rated)s rated, %(unrated)s not "
                "rated), but the cell has %(members)s members."
            ) % {"sum": _n(rated(values) + unrated(values)), "rated": _n(rated(values)),
                 "unrated": _n(unrated(values)), "members": _n(row.members)},
                cell=row.cell.name))  # fmt: skip
        problems += _band_problem(rules, row.quality_score, row.quality_level, row.cell.name)
    excellent, good = sums["rated_excellent"], sums["rated_good"]
    if (
        rules is not None
        and rules.excellent_cap is not None
        and excellent * 100 > (rules.excellent_cap * good)
    ):
        problems.append(Problem(_(
            "%(excellent)s members rated “excellently completed tasks” are more than %(cap)s%% "
            "of the %(good)s rated “well completed tasks” (%(source)s)."
        ) % {"excellent": _n(excellent), "cap": _n(rules.excellent_cap), "good": _n(good),
             "source": rules.cap_source}))  # fmt: skip
    return problems + _band_problem(rules, report.organisation_score, report.organisation_level)


def _structure_problems(report: Report, figures: list[CellFigures], counts=None) -> list:
    """Each breakdown of a year's membership (reports.structure) adds up to the members of the
    ward's cells (one query, unless `counts`, {(breakdown, category): members}, were read)."""
    if report.period.kind != PeriodKind.YEAR or not figures:
        return []
    members = sum(row.members for row in figures)
    if counts is None:
        rows = report.membership.values_list("dimension", "category", "count")
        counts = {(dimension, category): count for dimension, category, count in rows}
    problems = []
    for dimension in structure_for(report.period).dimensions:
        total = sum(counts.get((dimension.code, c.code), 0) for c in dimension.categories)
        if not dimension.whole:  # some of the members: at most all of them
            if total > members:
                message = _(
                    "The members counted for %(breakdown)s are %(sum)s, more than the cells' "
                    "%(members)s."
                ) % {"breakdown": dimension.label, "sum": _n(total), "members": _n(members)}
                problems.append(Problem(message))
            continue
        if total != members:
            message = _(
                "The members by %(breakdown)s add up to %(sum)s, but the cells have %(members)s."
            ) % {"breakdown": dimension.label, "sum": _n(total), "members": _n(members)}
            problems.append(Problem(message))
    return problems
