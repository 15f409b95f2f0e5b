"""Every change of the reporting periods. A period's dates decide which records count in its
stocks and which rules apply: every ward is recomputed, in the background."""

from django.db import transaction

from wardstats.core import changes
from wardstats.core.services import delete, save_changed, save_new

from .models import Period


@transaction.atomic
def period_create(*, actor, period: Period, reason: str = "") -> Period:
    save_new(period, actor=actor, reason=reason)
    changes.rules_changed(reason=str(period), actor=actor)
    return period


@transaction.atomic
def period_change(*, actor, period: Period, seen_version, reason: str = "") -> Period:
    save_changed(period, actor=actor, seen_version=seen_version, reason=reason)
    changes.rules_changed(reason=str(period), actor=actor)
    return period


@transaction.atomic
def period_delete(*, actor, period: Period, reason: str = ""):
    """A period with reports is protected by the database; its summaries go with it."""
    delete(period, actor=actor, reason=reason)
    changes.rules_changed(reason=str(period), actor=actor)
