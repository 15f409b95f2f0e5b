"""The periods a unit reports in, and the one a page shows."""

from django.http import Http404
from django.utils import timezone

from .models import Period


def periods_of(unit) -> list[Period]:
    """The periods whose last day falls while the unit exists, newest first."""
    periods = Period.objects.filter(end__gte=unit.valid_from)
    if unit.valid_to is not None:
        periods = periods.filter(end__lte=unit.valid_to)
    return list(periods.order_by("-end"))


def period_from(request, periods: list[Period]) -> Period:
    """The period a page asks for (`?period=`, among the unit's), else the latest that has
    started; 404 for another."""
    if not periods:
        raise Http404
    raw = request.GET.get("period")
    if raw:
        chosen = next((p for p in periods if str(p.pk) == raw), None)
        if chosen is None:
            raise Http404
        return chosen
    today = timezone.localdate()
    return next((p for p in periods if p.start <= today), periods[-1])
