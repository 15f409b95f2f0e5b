"""Every write that changes a figure refreshes the summaries, in the write's own transaction.

Saves through the admin run inside its transaction, so the dashboards read after a save show
it. Bulk loads (`bulk_create`, `update`) send no signals: they run under
`summaries.suspended()` and call `summaries.refresh_all()` themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from wardstats.hierarchy.models import Level, Unit, UnitLink
from wardstats.reports.models import CellFigures, Period, Report
from wardstats.staffing.models import (
    AgeBand,
    Cadre,
    PlanningTerm,
    QuotaNorm,
    QuotaRuleSet,
    WardQuota,
)

from . import summaries
from .models import DataVersion, Indicator, Target


def _all_periods() -> list[int]:
    return list(Period.objects.values_list("pk", flat=True))


@receiver([post_save, post_delete], sender=CellFigures)
def cell_figures_changed(sender, instance, **kwargs):
    report = Report.objects.filter(pk=instance.report_id).values("ward_id", "period_id").first()
    if report:
        summaries.mark_dirty(ward_id=report["ward_id"], period_ids=[report["period_id"]])


@receiver([post_save, post_delete], sender=Report)
@receiver([post_save, post_delete], sender=WardQuota)
def report_or_quota_changed(sender, instance, **kwargs):
    summaries.mark_dirty(ward_id=instance.ward_id, period_ids=[instance.period_id])


@receiver(pre_save, sender=Cadre)
def remember_cadre_range(sender, instance, **kwargs):
    if instance.pk:
        instance._previous = (
            Cadre.objects.filter(pk=instance.pk).values("ward_id", "valid_from").first()
        )


@receiver([post_save, post_delete], sender=Cadre)
def cadre_changed(sender, instance, **kwargs):
    previous = getattr(instance, "_previous", None)
    start = instance.valid_from
    if previous and previous["valid_from"] < start:
        start = previous["valid_from"]
    periods = summaries.periods_touching(start, None)
    summaries.mark_dirty(ward_id=instance.ward_id, period_ids=periods)
    if previous and previous["ward_id"] != instance.ward_id:
        summaries.mark_dirty(ward_id=previous["ward_id"], period_ids=periods)


@receiver(m2m_changed, sender=Cadre.planning_terms.through)
def planning_terms_changed(sender, instance, action, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Cadre):
        cadres = [instance]
    elif pk_set:  # from the term's side: term.cadres.add(...)
        cadres = list(Cadre.objects.filter(pk__in=pk_set))
    else:  # term.cadres.clear(): who was in it is gone; recompute all
        summaries.mark_all_dirty()
        return
    for cadre in cadres:
        periods = summaries.periods_touching(cadre.valid_from, cadre.valid_to)
        summaries.mark_dirty(ward_id=cadre.ward_id, period_ids=periods)


@receiver([post_save, post_delete], sender=Unit)
def unit_changed(sender, instance, **kwargs):
    if instance.level == Level.COMMUNE:
        summaries.mark_dirty(ward_id=instance.pk, period_ids=_all_periods())


@receiver([post_save, post_delete], sender=UnitLink)
def link_changed(sender, instance, **kwargs):
    child = Unit.objects.filter(pk=instance.child_id).values("level").first()
    if child and child["level"] == Level.COMMUNE:
        summaries.mark_dirty(ward_id=instance.child_id, period_ids=_all_periods())
    elif child and child["level"] < Level.COMMUNE:
        summaries.mark_all_dirty()


@receiver([post_save, post_delete], sender=QuotaNorm)
@receiver([post_save, post_delete], sender=QuotaRuleSet)
@receiver([post_save, post_delete], sender=AgeBand)
@receiver([post_save, post_delete], sender=PlanningTerm)
@receiver([post_save, post_delete], sender=Indicator)
@receiver([post_save, post_delete], sender=Target)
@receiver([post_save, post_delete], sender=Period)
def rules_changed(sender, instance, **kwargs):
    """Rules, bands, indicators and targets touch every ward: recompute everything.

    Rare (the provincial board's work, a few times a year) and a fixed number of grouped
    queries per period.
    """
    summaries.mark_all_dirty()


@receiver(m2m_changed, sender=Target.periods.through)
def target_periods_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        summaries.mark_all_dirty()


@receiver([post_save, post_delete], sender="accounts.Role")
def role_changed(sender, instance, **kwargs):
    """A role given or taken changes what its holder sees: no cached page may outlive it."""
    DataVersion.bump()
