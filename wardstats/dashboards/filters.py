import django_filters
from django.utils.translation import gettext_lazy as _

from wardstats.hierarchy.models import UnitClass
from wardstats.indicators.models import Indicator, Status

from . import selectors


class AreaFilter(django_filters.FilterSet):
    """Filters of the area dashboard, all applied in the database."""

    unit_class = django_filters.ChoiceFilter(
        label=_("class"), field_name="ward__unit_class", choices=UnitClass.choices
    )
    report = django_filters.ChoiceFilter(
        label=_("report"),
        choices=[
            ("submitted", _("submitted or approved")),
            ("not_submitted", _("not submitted")),
            ("none", _("no report")),
        ],
        method="filter_report",
    )
    # The indicators come from the view (already read for the table): no query of their own.
    indicator = django_filters.ChoiceFilter(label=_("indicator"), method="filter_nothing")
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=Status.choices, method="filter_nothing"
    )

    def __init__(self, *args, indicators: list[Indicator], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = {str(i.pk): i for i in indicators}
        self.filters["indicator"].extra["choices"] = [
            (str(i.pk), i.display_name()) for i in indicators
        ]

    def filter_report(self, queryset, name, value):
        if value == "submitted":
            return queryset.filter(report_status__in=selectors.SUBMITTED)
        if value == "not_submitted":
            return queryset.exclude(report_status__in=selectors.SUBMITTED)
        return queryset.filter(report__isnull=True)

    def filter_nothing(self, queryset, name, value):
        return queryset  # indicator and status act together, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        indicator = self.indicators.get(self.form.cleaned_data.get("indicator") or "")
        status = self.form.cleaned_data.get("status")
        if indicator and status:
            queryset = selectors.filter_by_status(queryset, indicator, status)
        return queryset
