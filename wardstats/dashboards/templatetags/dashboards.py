from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wardstats.indicators.recompute import progress
from wardstats.reports.models import ReportStatus
from wardstats.staffing.models import Education, Gender, PoliticalTheory

from ..tables import format_indicator, format_number
from ..tables import status_badge as _status_badge

register = template.Library()


@register.inclusion_tag("dashboards/_recomputation.html", takes_context=True)
def recomputation_notice(context):
    """ "Đang tính lại …" while a change of rules is being recomputed in the background: the
    page's figures may still show the old statuses. Read with the data version on a cached page
    (`cache.read_state`), else one query."""
    request = context.get("request")
    state = getattr(request, "recomputation", False)
    if state is False:
        state = progress()
    if state is None:
        return {"running": False}
    done, steps = state
    return {"running": True, "percent": int(100 * done / steps) if steps else 0}


@register.filter
def num(value):
    """1493 → 1.493 in Vietnamese, 1,493 in English; nothing → —."""
    return format_number(value)


@register.filter
def num1(value):
    return format_number(value, 1)


@register.simple_tag
def indicator_value(value, indicator):
    return format_indicator(value, indicator)


@register.simple_tag
def status_badge(status):
    return _status_badge(status)


@register.simple_tag
def education_label(level):
    return Education(level).label


@register.simple_tag
def theory_label(level):
    return PoliticalTheory(level).label


@register.simple_tag
def gender_label(gender):
    return Gender(gender).label


@register.simple_tag
def report_status_label(status):
    if not status:
        return format_html('<span class="muted">{}</span>', _("no report"))
    return ReportStatus(status).label
