"""Every change of the indicators and the province's targets. Either may change every ward's
status: the recomputation runs in the background (`core.changes`), and the change itself
answers at once."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wardstats.accounts import scope
from wardstats.core import changes
from wardstats.core.services import delete, save_changed, save_new
from wardstats.core.text import visible_text

from .models import Indicator, Target


def _judged_anew(obj, actor):
    changes.rules_changed(reason=f"{obj._meta.verbose_name}: {obj}", actor=actor)


def _set_periods(target: Target, periods):
    if periods is not None:
        target.periods.set(periods)


@transaction.atomic
def target_create(*, actor, target: Target, periods=None, reason: str = "") -> Target:
    """A target for the wards of an area the person may change; `periods`: the periods it
    applies to (none: every period)."""
    scope.require(actor, "indicators.add_target", units=[target.area_id, target.ward_id])
    save_new(target, actor=actor, reason=reason)
    _set_periods(target, periods)
    _judged_anew(target, actor)
    return target


@transaction.atomic
def target_change(*, actor, target: Target, seen_version, periods=None, reason: str = "") -> Target:
    stored = Target.objects.get(pk=target.pk)
    units = [target.area_id, stored.area_id, target.ward_id]
    scope.require(actor, "indicators.change_target", units=units)
    save_changed(target, actor=actor, seen_version=seen_version, reason=reason)
    _set_periods(target, periods)
    _judged_anew(target, actor)
    return target


@transaction.atomic
def target_revise_from(
    *, actor, target: Target, seen_version, start: datetime.date, reason: str = ""
) -> Target:
    """The target as changed judges the periods ending from `start` on (the first day of the
    first period it is to judge); the version in force keeps judging those before, unchanged.
    Returns the new version."""
    stored = Target.objects.get(pk=target.pk)
    scope.require(
        actor, "indicators.change_target", units=[stored.area_id, target.area_id, target.ward_id]
    )
    if stored.valid_from is not None and start <= stored.valid_from:
        raise ValidationError(
            _("The new version must begin after this one does (%(date)s).")
            % {"date": stored.valid_from.strftime("%d/%m/%Y")}
        )
    if stored.valid_to is not None and start > stored.valid_to:
        raise ValidationError(_("This version has ended before that period."))
    periods = list(stored.periods.all())
    old = Target.objects.get(pk=target.pk)
    old.valid_to = start - datetime.timedelta(days=1)
    why = reason or _("Changed from %(date)s on.") % {"date": start.strftime("%d/%m/%Y")}
    save_changed(old, actor=actor, seen_version=seen_version, reason=why)
    old.periods.set([p for p in periods if p.end < start])
    target.pk, target.id = None, None
    target.version = Target._meta.get_field("version").get_default()
    target.valid_from, target.valid_to = start, stored.valid_to
    save_new(target, actor=actor, reason=why)
    target.periods.set([p for p in periods if p.end >= start])
    _judged_anew(target, actor)
    return target


@transaction.atomic
def target_correct(*, actor, target: Target, seen_version, reason: str) -> Target:
    """A correction of the target for every period it judged, closed ones included: an
    explicit act, with its reason in the audit trail."""
    reason = visible_text(reason)
    if not reason:
        raise ValidationError(_("Say why the past is corrected."))
    return target_change(actor=actor, target=target, seen_version=seen_version, reason=reason)


@transaction.atomic
def target_delete(*, actor, target: Target, reason: str = ""):
    scope.require(actor, "indicators.delete_target", units=[target.area_id])
    delete(target, actor=actor, reason=reason)
    _judged_anew(target, actor)


@transaction.atomic
def indicator_create(*, actor, indicator: Indicator, reason: str = "") -> Indicator:
    """The catalogue is national: only a superuser changes it (accounts.backends)."""
    scope.require(actor, "indicators.add_indicator")
    save_new(indicator, actor=actor, reason=reason)
    _judged_anew(indicator, actor)
    return indicator


@transaction.atomic
def indicator_change(*, actor, indicator: Indicator, seen_version, reason: str = "") -> Indicator:
    scope.require(actor, "indicators.change_indicator")
    save_changed(indicator, actor=actor, seen_version=seen_version, reason=reason)
    _judged_anew(indicator, actor)
    return indicator


@transaction.atomic
def indicator_delete(*, actor, indicator: Indicator, reason: str = ""):
    scope.require(actor, "indicators.delete_indicator")
    delete(indicator, actor=actor, reason=reason)
    _judged_anew(indicator, actor)
