"""Every change of a ward's report: its figures, and its life.

Draft → submitted (by the ward) → approved, or returned with a reason (by the area above it) →
corrected and submitted again. Reopening an approved report is an explicit act of the area,
with a reason. Each service is atomic, checks who may act (`accounts.scope`) and the version
the person started from, saves with its audit entry, and has the ward's summaries recomputed
in the same transaction (`core.changes`), so the next page shows the change.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wardstats.accounts import scope
from wardstats.core import changes
from wardstats.core.audit import audited
from wardstats.core.versioning import check_version

from .checks import report_problems
from .models import EDITABLE_STATUSES, CellFigures, Report, ReportLocked, ReportStatus


def _require(condition: bool, message: str):
    if not condition:
        raise PermissionDenied(message)


def _editor(actor, report: Report):
    _require(
        scope.may(actor, report.ward_id, scope.EDIT),
        _("Only the ward's own editors change or submit its report."),
    )


def _reviewer(actor, report: Report):
    _require(
        scope.may(actor, report.ward_id, scope.REVIEW),
        _("Only the area above the ward approves, returns or reopens its report."),
    )


def _refuse_if_locked(status: str):
    if status not in EDITABLE_STATUSES:
        raise ReportLocked(
            _("This report is %(status)s: it cannot be changed.")
            % {"status": ReportStatus(status).label}
        )


def _figures_changed(report: Report):
    changes.wards_changed(ward_ids=[report.ward_id], period_ids=[report.period_id])


@transaction.atomic
def report_create(*, actor, report: Report, reason: str = "") -> Report:
    """A new report of a ward for a period, as a draft: its own figures, cells to follow."""
    _editor(actor, report)
    report.status, report.version = ReportStatus.DRAFT, 1
    report.full_clean()
    audited(report, actor=actor, reason=reason).save()
    _figures_changed(report)
    return report


def _save_cells(report: Report, cells: Iterable[CellFigures], actor, reason: str):
    for figures in cells:
        figures.report = report
        # The model's rules in Python; the database checks its constraints once more.
        figures.full_clean(validate_unique=False, validate_constraints=False)
        audited(figures, actor=actor, reason=reason).save()


@transaction.atomic
def report_save(
    *,
    actor,
    report: Report,
    seen_version,
    cells: Iterable[CellFigures] = (),
    removed: Iterable[CellFigures] = (),
    reason: str = "",
) -> Report:
    """Saves the report's own figures and its cells' figures as one edit, or nothing.

    `cells`: the cells' figures to save (new or changed); `removed`: those to delete. Refused
    when someone else saved the report since `seen_version` (with what they changed), and
    once the report has been submitted.
    """
    _editor(actor, report)
    stored = check_version(report, seen_version)
    _refuse_if_locked(stored.status)
    report.status = stored.status
    report.full_clean(exclude=["ward", "period"])
    audited(report, actor=actor, reason=reason).save()
    _save_cells(report, cells, actor, reason)
    for figures in removed:
        audited(figures, actor=actor, reason=reason).delete()
    _figures_changed(report)
    return report


@transaction.atomic
def report_delete(*, actor, report: Report, reason: str = ""):
    """A draft or returned report, with its cells' figures."""
    _editor(actor, report)
    stored = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_if_locked(stored.status)
    for figures in stored.cell_figures.all():
        audited(figures, actor=actor, reason=reason).delete()
    audited(stored, actor=actor, reason=reason).delete()
    _figures_changed(report)


def _lock(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


def _move(report: Report, *, to: str, actor, reason: str = "") -> Report:
    report.status = to
    report.version += 1  # the row is locked (_lock), so nobody else moved it meanwhile
    audited(report, actor=actor, reason=reason)
    report.save(update_fields=["status", "version", "updated_at"])
    _figures_changed(report)
    report.refresh_from_db()
    return report


@transaction.atomic
def report_submit(*, actor, report: Report) -> Report:
    report = _lock(report)
    _editor(actor, report)
    if report.status not in EDITABLE_STATUSES:
        raise ValidationError(_("Only a draft or returned report can be submitted."))
    problems = report_problems(report)
    if problems:
        raise ValidationError([str(p) for p in problems])
    return _move(report, to=ReportStatus.SUBMITTED, actor=actor)


@transaction.atomic
def report_approve(*, actor, report: Report) -> Report:
    report = _lock(report)
    _reviewer(actor, report)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be approved."))
    return _move(report, to=ReportStatus.APPROVED, actor=actor)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason: the ward will read it."))
    return reason


@transaction.atomic
def report_return(*, actor, report: Report, reason: str) -> Report:
    reason = _reason(reason)
    report = _lock(report)
    _reviewer(actor, report)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    return _move(report, to=ReportStatus.RETURNED, actor=actor, reason=reason)


@transaction.atomic
def report_reopen(*, actor, report: Report, reason: str) -> Report:
    reason = _reason(reason)
    report = _lock(report)
    _reviewer(actor, report)
    if report.status != ReportStatus.APPROVED:
        raise ValidationError(_("Only an approved report can be reopened."))
    return _move(report, to=ReportStatus.RETURNED, actor=actor, reason=reason)
