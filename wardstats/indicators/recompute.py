"""How the summaries follow the writes (`core.changes` calls these, registered at start-up).

A ward's change is recomputed at once, in the write's own transaction: the next page shows it.
A change of rules (a period, a target, a norm, a band …) concerns every ward of every period:
it is recorded as a `Recomputation` and run by a task in the background — the database task
queue (`manage.py db_worker`), or inline where settings choose the immediate backend (tests,
a developer's machine without a worker) — while the pages say "đang tính lại" and how far.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from wardstats.core.models import DataVersion
from wardstats.periods.models import Period

from . import summaries
from .models import Recomputation

try:  # Django 6 has the tasks framework built in; Django 5.2 has its backport.
    from django.tasks import task
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


class Recompute:
    """What `core.changes` calls: the implementation of `core.changes.Recomputation`."""

    def wards(self, *, ward_ids, period_ids=None, since=None, approved_too=False):
        periods = Period.objects.all()
        if period_ids is not None:
            periods = periods.filter(pk__in=list(period_ids))
        elif since is not None:
            periods = periods.filter(end__gte=since)
        for period in periods:
            summaries.refresh(period=period, ward_ids=ward_ids, approved_too=approved_too)

    def everything(self, *, reason: str, actor=None):
        """Queues a recomputation of every ward, unless one is queued and not started yet
        (it will read the rules as they are when it starts)."""
        waiting = Recomputation.objects.filter(started_at__isnull=True).first()
        if waiting is not None:
            waiting.reason = f"{waiting.reason}; {reason}"[:300]
            waiting.save(update_fields=["reason"])
            return
        user = actor if getattr(actor, "is_authenticated", False) else None
        recomputation = Recomputation.objects.create(reason=reason[:300], requested_by=user)
        recompute_everything.enqueue(recomputation_id=recomputation.pk)


def unfinished():
    """The recomputations queued or running, oldest first (the pages' notice shows the first)."""
    return Recomputation.objects.filter(finished_at__isnull=True).order_by("pk")


def progress() -> tuple[int, int] | None:
    """(done, steps) of the recomputation under way, or None: one query."""
    return unfinished().values_list("done", "steps").first()


def _step(recomputation_id: int, period: Period, done: int):
    with transaction.atomic():
        summaries.refresh(period=period)
        Recomputation.objects.filter(pk=recomputation_id).update(done=done)
        DataVersion.bump()


def run(recomputation: Recomputation, periods: Iterable[Period] | None = None):
    """Recomputes every ward of every period, newest first, one period per transaction, and
    records its progress; a failure is recorded too (and the next change runs it again)."""
    periods = list(periods if periods is not None else Period.objects.order_by("-end"))
    Recomputation.objects.filter(pk=recomputation.pk).update(steps=len(periods), done=0)
    try:
        for done, period in enumerate(periods, start=1):
            _step(recomputation.pk, period, done)
    except Exception as error:
        Recomputation.objects.filter(pk=recomputation.pk).update(
            finished_at=timezone.now(), error=repr(error)[:2000]
        )
        raise
    Recomputation.objects.filter(pk=recomputation.pk).update(finished_at=timezone.now())
    DataVersion.bump()


def claim(recomputation_id: int) -> Recomputation | None:
    """Marks a queued recomputation started; None if another worker took it first."""
    queued = Recomputation.objects.filter(pk=recomputation_id, started_at__isnull=True)
    if not queued.update(started_at=timezone.now()):
        return None
    return Recomputation.objects.get(pk=recomputation_id)


@task()
def recompute_everything(recomputation_id: int):
    recomputation = claim(recomputation_id)
    if recomputation is not None:
        run(recomputation)
