"""Every change of the indicators and the province's targets. Either may change every ward's
status: the recomputation runs in the background (`core.changes`), and the change itself
answers at once."""

from django.db import transaction

from wardstats.accounts import scope
from wardstats.core import changes
from wardstats.core.services import delete, save_changed, save_new

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
