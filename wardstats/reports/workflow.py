"""A report's life: draft → submitted (by the ward) → approved, or returned with a reason (by
the area above it) → corrected and submitted again. Reopening an approved report is an
explicit act of the area, with a reason. Every step is a service function: it checks who may
take it, validates, saves, and leaves its reason in the audit trail.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wardstats.hierarchy.models import CellKind, Unit

from .models import EDITABLE_STATUSES, CellFigures, Report, ReportStatus


@dataclass(frozen=True)
class Problem:
    """One reason a report cannot be submitted, in the user's language."""

    message: str
    cell: str = ""


def jump_factor() -> float:
    return float(getattr(settings, "WARDSTATS_JUMP_FACTOR", 1.5))


def report_problems(report: Report) -> list[Problem]:
    """The validation rules run on submission; an empty list means the report may go up."""
    problems = []
    totals = report.totals()
    if totals["cells"] == 0:
        problems.append(Problem(_("The report has no cell figures.")))
    if totals["members"] != report.declared_members:
        problems.append(
            Problem(
                _("The cells' members add up to %(sum)s, but the ward declares %(declared)s.")
                % {"sum": totals["members"], "declared": report.declared_members}
            )
        )
    figures = list(report.cell_figures.select_related("cell"))
    for row in figures:
        if row.cell.kind == CellKind.RESIDENTIAL and row.cell.neighbourhood_id is None:
            problems.append(
                Problem(_("This residential cell has no neighbourhood."), cell=row.cell.name)
            )
    previous = (
        CellFigures.objects.filter(
            cell__in=[row.cell_id for row in figures],
            report__ward=report.ward_id,
            report__period__end__lt=report.period.end,
        )
        .order_by("cell_id", "-report__period__end")
        .values("cell_id", "members", "report__period__end")
    )
    last = {}
    for row in previous:
        last.setdefault(row["cell_id"], row["members"])
    factor = jump_factor()
    for row in figures:
        before = last.get(row.cell_id)
        if before is None or row.comment.strip():
            continue
        low, high = min(before, row.members), max(before, row.members)
        if high > 0 and (low == 0 or high / low > factor):
            problems.append(
                Problem(
                    _(
                        "Members went from %(before)s to %(now)s since the last period: "
                        "explain the change in the cell's comment."
                    )
                    % {"before": before, "now": row.members},
                    cell=row.cell.name,
                )
            )
    return problems


def _require(condition: bool, message: str):
    if not condition:
        raise PermissionDenied(message)


def _lock(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


def _move(report: Report, *, to: str, by, reason: str = "") -> Report:
    report.status = to
    report.version += 1  # the row is locked (_lock), so nobody else moved it meanwhile
    report._change_reason = reason
    report._history_user = by
    report.save(update_fields=["status", "version", "updated_at"])
    report.refresh_from_db()
    return report


@transaction.atomic
def report_submit(*, report: Report, by) -> Report:
    report = _lock(report)
    _require(
        Unit.objects.editable_by(by).filter(pk=report.ward_id).exists(),
        _("Only the ward's own editors submit its report."),
    )
    if report.status not in EDITABLE_STATUSES:
        raise ValidationError(_("Only a draft or returned report can be submitted."))
    problems = report_problems(report)
    if problems:
        raise ValidationError([f"{p.cell}: {p.message}" if p.cell else p.message for p in problems])
    return _move(report, to=ReportStatus.SUBMITTED, by=by)


def _reviewer(report: Report, by):
    _require(
        Unit.objects.reviewable_by(by).filter(pk=report.ward_id).exists(),
        _("Only the area above the ward approves, returns or reopens its report."),
    )


@transaction.atomic
def report_approve(*, report: Report, by) -> Report:
    report = _lock(report)
    _reviewer(report, by)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be approved."))
    return _move(report, to=ReportStatus.APPROVED, by=by)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason: the ward will read it."))
    return reason


@transaction.atomic
def report_return(*, report: Report, by, reason: str) -> Report:
    reason = _reason(reason)
    report = _lock(report)
    _reviewer(report, by)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    return _move(report, to=ReportStatus.RETURNED, by=by, reason=reason)


@transaction.atomic
def report_reopen(*, report: Report, by, reason: str) -> Report:
    reason = _reason(reason)
    report = _lock(report)
    _reviewer(report, by)
    if report.status != ReportStatus.APPROVED:
        raise ValidationError(_("Only an approved report can be reopened."))
    return _move(report, to=ReportStatus.RETURNED, by=by, reason=reason)
