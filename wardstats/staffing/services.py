"""Every change of the staffing: cadre records, the quotas the province assigns, and the rules
behind them (quota rule sets and norms, age bands, planning terms).

A record or a quota changes one ward: its summaries are recomputed now, in the same
transaction. A rule changes every ward: the recomputation runs in the background
(`core.changes`). Each service checks who may act, the version the person started from, and
saves with its audit entry.
"""

from django.db import transaction
from django.utils import timezone

from wardstats.accounts import scope
from wardstats.core import changes
from wardstats.core.audit import audited
from wardstats.core.services import delete, save_changed, save_new

from .models import (
    AgeBand,
    Cadre,
    CadreListConfirmation,
    PlanningTerm,
    QuotaNorm,
    QuotaRuleSet,
    WardQuota,
)


def _set_terms(cadre: Cadre, planning_terms):
    if planning_terms is not None:
        cadre.planning_terms.set(planning_terms)


@transaction.atomic
def cadre_create(*, actor, cadre: Cadre, planning_terms=None, reason: str = "") -> Cadre:
    """A person taking up a post in a ward; `planning_terms`: the planning pools they are in."""
    scope.require(actor, "staffing.add_cadre", units=[cadre.ward_id])
    save_new(cadre, actor=actor, reason=reason)
    _set_terms(cadre, planning_terms)
    changes.wards_changed(ward_ids=[cadre.ward_id], since=cadre.valid_from)
    return cadre


@transaction.atomic
def cadre_change(
    *, actor, cadre: Cadre, seen_version, planning_terms=None, reason: str = ""
) -> Cadre:
    """A correction of a record. Every period whose stock it counted in, before or after the
    correction, is recomputed."""
    stored = Cadre.objects.get(pk=cadre.pk)
    scope.require(actor, "staffing.change_cadre", units=[cadre.ward_id, stored.ward_id])
    stored = save_changed(cadre, actor=actor, seen_version=seen_version, reason=reason)
    _set_terms(cadre, planning_terms)
    since = min(stored.valid_from, cadre.valid_from)
    changes.wards_changed(ward_ids={cadre.ward_id, stored.ward_id}, since=since)
    return cadre


@transaction.atomic
def cadre_end(*, actor, cadre: Cadre, seen_version, last_day, reason: str = "") -> Cadre:
    """The person left the post: the record ends on `last_day` (and counts no more after)."""
    cadre.valid_to = last_day
    return cadre_change(actor=actor, cadre=cadre, seen_version=seen_version, reason=reason)


@transaction.atomic
def cadre_delete(*, actor, cadre: Cadre, reason: str = ""):
    """A record entered by mistake. A person who left is ended (`cadre_end`), not deleted."""
    scope.require(actor, "staffing.delete_cadre", units=[cadre.ward_id])
    ward, since = cadre.ward_id, cadre.valid_from
    delete(cadre, actor=actor, reason=reason)
    changes.wards_changed(ward_ids=[ward], since=since)


@transaction.atomic
def ward_quota_create(*, actor, quota: WardQuota, reason: str = "") -> WardQuota:
    """The quota the province assigns a ward for a period (chỉ tiêu tỉnh giao)."""
    scope.require(actor, "staffing.add_wardquota", units=[quota.ward_id])
    save_new(quota, actor=actor, reason=reason)
    changes.wards_changed(ward_ids=[quota.ward_id], period_ids=[quota.period_id])
    return quota


@transaction.atomic
def ward_quota_change(*, actor, quota: WardQuota, seen_version, reason: str = "") -> WardQuota:
    stored = WardQuota.objects.get(pk=quota.pk)
    scope.require(actor, "staffing.change_wardquota", units=[quota.ward_id, stored.ward_id])
    stored = save_changed(quota, actor=actor, seen_version=seen_version, reason=reason)
    changes.wards_changed(
        ward_ids={quota.ward_id, stored.ward_id},
        period_ids={quota.period_id, stored.period_id},
    )
    return quota


@transaction.atomic
def ward_quota_delete(*, actor, quota: WardQuota, reason: str = ""):
    scope.require(actor, "staffing.delete_wardquota", units=[quota.ward_id])
    ward, period = quota.ward_id, quota.period_id
    delete(quota, actor=actor, reason=reason)
    changes.wards_changed(ward_ids=[ward], period_ids=[period])


@transaction.atomic
def cadre_list_confirm(*, actor, ward, period, reason: str = "") -> CadreListConfirmation:
    """The ward confirms its cadre records for the period (again, after a change)."""
    scope.require(actor, "staffing.change_cadre", units=[ward.pk])
    confirmation = CadreListConfirmation.objects.select_for_update().filter(
        ward=ward, period=period
    ).first() or CadreListConfirmation(ward=ward, period=period)
    confirmation.confirmed_by = actor
    confirmation.confirmed_at = timezone.now()
    audited(confirmation, actor=actor, reason=reason).save()
    changes.names_changed()
    return confirmation


# --- Rules: every ward is judged anew, in the background ------------------------------------


def _rule_changed(obj, actor):
    changes.rules_changed(reason=f"{obj._meta.verbose_name}: {obj}", actor=actor)


def _permission(obj, action: str) -> str:
    return f"{obj._meta.app_label}.{action}_{obj._meta.model_name}"


@transaction.atomic
def rule_create(*, actor, rule, reason: str = ""):
    """A new quota rule set, staffing norm, age band or planning term."""
    _check_rule(rule)
    scope.require(actor, _permission(rule, "add"))
    save_new(rule, actor=actor, reason=reason)
    _rule_changed(rule, actor)
    return rule


@transaction.atomic
def rule_change(*, actor, rule, seen_version, reason: str = ""):
    _check_rule(rule)
    scope.require(actor, _permission(rule, "change"))
    save_changed(rule, actor=actor, seen_version=seen_version, reason=reason)
    _rule_changed(rule, actor)
    return rule


@transaction.atomic
def rule_delete(*, actor, rule, reason: str = ""):
    _check_rule(rule)
    scope.require(actor, _permission(rule, "delete"))
    delete(rule, actor=actor, reason=reason)
    _rule_changed(rule, actor)


RULE_MODELS = (QuotaRuleSet, QuotaNorm, AgeBand, PlanningTerm)


def _check_rule(rule):
    if not isinstance(rule, RULE_MODELS):
        raise TypeError(f"{type(rule).__name__} is not a staffing rule")
