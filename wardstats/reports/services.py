"""Every change of a ward's report: its figures, and its life.

Draft → submitted (by the ward) → approved, or returned with a reason (by the area above it) →
corrected and submitted again. Reopening an approved report is an explicit act of the area,
with a reason. Each service is atomic, checks who may act (`accounts.scope`) and the version
the person started from, saves with its audit entry, and has the ward's summaries recomputed
in the same transaction (`core.changes`), so the next page shows the change.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.utils.translation import gettext as _

from wardstats.accounts import scope
from wardstats.core import changes
from wardstats.core.audit import audited
from wardstats.core.text import visible_text
from wardstats.core.versioning import check_version
from wardstats.hierarchy.models import Cell

from .checks import report_problems
from .models import (
    EDITABLE_STATUSES,
    CellFigures,
    MembershipCount,
    Report,
    ReportLocked,
    ReportStatus,
)


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


def _figures_changed(report: Report, *, approved_too: bool = False):
    changes.wards_changed(
        ward_ids=[report.ward_id], period_ids=[report.period_id], approved_too=approved_too
    )


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


def _save_membership(report: Report, counts: dict, actor, reason: str):
    """{(breakdown, category): members}: each saved where it is new or changed."""
    stored = {(m.dimension, m.category): m for m in report.membership.all()}
    for (dimension, category), count in counts.items():
        row = stored.get((dimension, category))
        if row is not None and row.count == count:
            continue
        if row is None:
            row = MembershipCount(report=report, dimension=dimension, category=category)
        row.count = count
        row.full_clean(exclude=["report"], validate_unique=False, validate_constraints=False)
        audited(row, actor=actor, reason=reason).save()


@transaction.atomic
def report_save(
    *,
    actor,
    report: Report,
    seen_version,
    cells: Iterable[CellFigures] = (),
    removed: Iterable[CellFigures] = (),
    membership: dict | None = None,
    reason: str = "",
) -> Report:
    """Saves the report's own figures, its cells' figures and the structure of its membership
    as one edit, or nothing.

    `cells`: the cells' figures to save (new or changed); `removed`: those to delete;
    `membership`: {(breakdown, category): members} (reports.structure). Refused when someone
    else saved the report since `seen_version` (with what they changed), and once the report
    has been submitted.
    """
    _editor(actor, report)
    stored = check_version(report, seen_version)
    _refuse_if_locked(stored.status)
    report.status = stored.status
    report.full_clean(exclude=["ward", "period"])
    audited(report, actor=actor, reason=reason).save()
    _save_cells(report, cells, actor, reason)
    _save_membership(report, membership or {}, actor, reason)
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
    # An approval writes the summary the report keeps from then on; it and its cells' names
    # stay as approved until the area reopens it.
    approving = to == ReportStatus.APPROVED
    _stamp_cell_names(report, approving)
    _figures_changed(report, approved_too=approving)
    report.refresh_from_db()
    return report


def _stamp_cell_names(report: Report, approving: bool):
    """The cells' names as approved (written at the approval, cleared at a reopening)."""
    name = Subquery(Cell.objects.filter(pk=OuterRef("cell_id")).values("name")[:1])
    CellFigures.objects.filter(report=report).update(
        approved_cell_name=name if approving else Value("")
    )


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
    reason = ""
    if submitted_by(report) == actor.pk:
        if not settings.WARDSTATS_SUBMITTER_MAY_APPROVE:
            # Separation of duties (settings.WARDSTATS_SUBMITTER_MAY_APPROVE, off by default).
            raise ValidationError(
                _("You submitted this report: another person of the area approves it.")
            )
        reason = _(
            "Approved by the person who submitted it "
            "(allowed by the setting WARDSTATS_SUBMITTER_MAY_APPROVE)."
        )
    return _move(report, to=ReportStatus.APPROVED, actor=actor, reason=reason)


def submitted_by(report: Report) -> int | None:
    """Who submitted the report last (its history), or None."""
    return (
        report.history.filter(status=ReportStatus.SUBMITTED)
        .order_by("-history_date", "-history_id")
        .values_list("history_user_id", flat=True)
        .first()
    )


def may_approve(actor, report: Report) -> bool:
    """Whether the approval is theirs to give: not the submitter's own, unless allowed."""
    return settings.WARDSTATS_SUBMITTER_MAY_APPROVE or submitted_by(report) != actor.pk


def _reason(reason: str) -> str:
    reason = visible_text(reason)
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
