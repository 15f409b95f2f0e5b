"""What the secretary's home says of each of her wards: the period to report, its deadline and
the days left, the report's status in words with who acts next, what is still missing, and —
when the report was returned — why, by whom and when."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wardstats.accounts.models import Role, RoleKind
from wardstats.core.audit import entries
from wardstats.core.numbers import grouped
from wardstats.hierarchy.models import Cell
from wardstats.indicators.selectors import summary_of
from wardstats.periods.models import Period
from wardstats.periods.selectors import periods_of
from wardstats.reports.models import CellFigures, Report, ReportStatus
from wardstats.staffing.models import Cadre, CadreListConfirmation

WARD_ROLES = (RoleKind.WARD_EDITOR, RoleKind.WARD_VIEWER)


@dataclass
class Returned:
    reason: str
    who: str
    when: datetime.datetime


@dataclass
class WardCard:
    ward: object
    can_edit: bool
    period: Period | None
    report: Report | None = None
    missing: list[str] = field(default_factory=list)
    returned: Returned | None = None
    confirmation: CadreListConfirmation | None = None

    @property
    def days_left(self) -> int | None:
        if self.period is None:
            return None
        return (self.period.deadline - timezone.localdate()).days

    @property
    def days_late(self) -> int:
        return -(self.days_left or 0)

    @property
    def status(self) -> str:
        return self.report.status if self.report else ""


def my_wards(user) -> list[tuple[object, bool]]:
    """The wards of the person's ward roles — those that exist today, else all — and whether
    they may edit each."""
    today = timezone.localdate()
    roles = Role.objects.filter(user=user, kind__in=WARD_ROLES).select_related("unit")
    wards = {}
    for role in roles.order_by("unit__name"):
        editing = wards.get(role.unit, False) or role.kind == RoleKind.WARD_EDITOR
        wards[role.unit] = editing
    current = {w: e for w, e in wards.items() if w.is_valid_on(today)}
    return list((current or wards).items())


def reporting_period(ward) -> Period | None:
    """The period the ward reports in now: the latest that has started."""
    today = timezone.localdate()
    return next((p for p in periods_of(ward) if p.start <= today), None)


def last_return(report: Report) -> Returned | None:
    """The reason, the person and the moment of the last return (or reopening)."""
    records = Report.history.filter(id=report.pk, status=ReportStatus.RETURNED)
    record = records.select_related("history_user").order_by("-history_date").first()
    if record is None or not record.history_change_reason:
        return None
    (entry,) = entries([record], lambda r: "")
    return Returned(reason=entry.reason, who=entry.who, when=entry.when)


def _n(value: int) -> str:
    return grouped(value)


def _missing(card: WardCard) -> list[str]:
    ward, period, report = card.ward, card.period, card.report
    missing = []
    cells = Cell.objects.filter(ward=ward).valid_on(period.end).count()
    entered = CellFigures.objects.filter(report=report).count() if report else 0
    if cells > entered:
        missing.append(
            _("%(n)s of %(total)s cells have no figures yet.")
            % {"n": _n(cells - entered), "total": _n(cells)}
        )
    figures = summary_of(ward, period)
    if report and figures and figures.members != report.declared_members:
        missing.append(
            _("The cells add up to %(sum)s members, the ward declares %(declared)s.")
            % {"sum": _n(figures.members or 0), "declared": _n(report.declared_members)}
        )
    if not confirmed(card):
        missing.append(_("The cadre records are not confirmed for this period."))
    return missing


def confirmed(card: WardCard) -> bool:
    """Confirmed for the period, and no record changed since."""
    confirmation = card.confirmation
    if confirmation is None:
        return False
    changed = Cadre.history.filter(ward_id=card.ward.pk).aggregate(last=Max("history_date"))
    return changed["last"] is None or changed["last"] <= confirmation.confirmed_at


def cards(user) -> list[WardCard]:
    """One card per ward of the person (a handful of queries each; a person holds one or two
    wards)."""
    result = []
    for ward, can_edit in my_wards(user):
        card = WardCard(ward=ward, can_edit=can_edit, period=reporting_period(ward))
        if card.period is not None:
            card.report = Report.objects.filter(ward=ward, period=card.period).first()
            card.confirmation = CadreListConfirmation.objects.filter(
                ward=ward, period=card.period
            ).first()
            if card.report and card.report.status == ReportStatus.RETURNED:
                card.returned = last_return(card.report)
            card.missing = _missing(card)
        result.append(card)
    return result
