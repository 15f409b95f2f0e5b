"""Indicators (national: a superuser's) and the provinces' targets, in the admin; every save
goes through `indicators.services`, which recomputes every ward in the background.

A target that judged closed periods is not changed in place: its form refuses a change of how
it judges (or of the document it cites) and links to *revise* (`revise_view`), which shows the
change's effect per period first, then makes it from a chosen period on (a new version) or as a
correction of the past with its reason."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wardstats.indicators import services, versions
from wardstats.indicators.models import Indicator, Target
from wardstats.periods.models import Period

from .scoping import ScopedAdminMixin
from .writes import ServiceAdminMixin, VersionedForm


@admin.register(Indicator)
class IndicatorAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "unit", "numerator", "denominator", "order"]
    search_fields = ["name", "name_en", "code"]
    ordering = ["order", "code"]


class TargetForm(VersionedForm):
    """Refuses a change of how a target judges, or of what it cites, once it has judged a
    closed period: that change is made with `revise`, which shows its effect first."""

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        stored = Target.objects.get(pk=self.instance.pk)
        changed = [
            f for f in versions.GUARDED_FIELDS if f in cleaned and cleaned[f] != getattr(stored, f)
        ]
        closed = versions.closed_periods_judged(stored) if changed else []
        if closed:
            url = reverse("admin:indicators_target_revise", args=[stored.pk])
            raise ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _(
                        "This target judged closed periods (%(periods)s): changing it here "
                        "would rewrite what they reported."
                    )
                    % {"periods": ", ".join(str(p) for p in closed)},
                    url,
                    _("See the effect first, then change it from a period on or correct the past"),
                )
            )
        return cleaned


class RevisionForm(forms.ModelForm):
    FROM, CORRECT = "from", "correct"

    seen_version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=gettext_lazy("how"),
        widget=forms.RadioSelect,
        required=False,
        choices=[
            (FROM, gettext_lazy("from a period on: the periods before keep the target as it was")),
            (CORRECT, gettext_lazy("correct the past: every period it judged, with the reason")),
        ],
    )
    start = forms.ChoiceField(label=gettext_lazy("first period judged by the new version"),
                              required=False)  # fmt: skip
    reason = forms.CharField(
        label=gettext_lazy("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Target
        fields = [*versions.GUARDED_FIELDS, "note"]

    def __init__(self, *args, starts, **kwargs):
        super().__init__(*args, **kwargs)
        self.starts = starts  # value → (label, first day)
        self.fields["start"].choices = [(value, label) for value, (label, _day) in starts.items()]

    def start_day(self) -> datetime.date:
        return self.starts[self.cleaned_data["start"]][1]


def _starts(target: Target) -> dict[str, tuple[str, datetime.date]]:
    """The periods a new version may begin with: those the target judges after its own start
    (latest first), and the periods still to come."""
    periods = [
        p
        for p in Period.objects.order_by("-end", "kind")
        if target.applies_on(p.end) and (target.valid_from is None or p.start > target.valid_from)
    ]
    choices = {}
    last = Period.objects.order_by("-end").first()
    if last is not None and target.applies_on(last.end + datetime.timedelta(days=1)):
        after = last.end + datetime.timedelta(days=1)
        choices["next"] = (_("periods after %(period)s") % {"period": last}, after)
    for period in periods:
        choices[str(period.pk)] = (str(period), period.start)
    return choices


@admin.register(Target)
class TargetAdmin(ServiceAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Targets of the areas the person can see; only their own areas' can be changed."""

    form = TargetForm
    list_display = [
        "indicator",
        "comparison",
        "threshold",
        "warning_band",
        "area",
        "unit_class",
        "ward",
        "valid_from",
        "valid_to",
        "source_document",
    ]
    list_filter = ["indicator", "comparison", "unit_class"]
    search_fields = ["indicator__name", "source_document", "area__name", "ward__name"]
    list_select_related = ["indicator", "area", "ward"]
    filter_horizontal = ["periods"]
    fieldsets = [
        (None, {"fields": ["indicator", "comparison", "threshold", "threshold_upper"]}),
        (None, {"fields": ["warning_band", "use_ward_assigned"]}),
        (None, {"fields": ["area", "unit_class", "ward", "periods", "valid_from", "valid_to"]}),
        (None, {"fields": ["source_document", "note"]}),
    ]

    def get_urls(self):
        view = self.admin_site.admin_view(self.revise_view)
        return [
            path("<int:pk>/revise/", view, name="indicators_target_revise"),
            *super().get_urls(),
        ]

    def revise_view(self, request, pk):
        """GET: the target's values to change. POST "preview": the effect per period, and the
        choice. POST "apply": the change, made as chosen."""
        target = self.get_queryset(request).filter(pk=pk).first()
        if target is None:
            raise Http404
        if not self.has_change_permission(request, target):
            raise PermissionDenied
        stored = Target.objects.get(pk=pk)
        starts = _starts(stored)
        data = request.POST if request.method == "POST" else None
        initial = {"seen_version": stored.version, "decision": RevisionForm.FROM}
        form = RevisionForm(data, instance=target, initial=initial, starts=starts)
        effects = None
        if data is not None and form.is_valid():
            effects = versions.effect_of(stored, form.instance)
            if "apply" in request.POST:
                done = self._apply(request, form)
                if done:
                    return redirect(reverse("admin:indicators_target_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change a target: its effect first"),
            "opts": self.model._meta,
            "original": stored,
            "form": form,
            "effects": effects,
            "changed": versions.changed_fields(stored, form.instance) if effects else [],
        }
        return TemplateResponse(request, "admin/indicators/target/revise.html", context)

    def _apply(self, request, form) -> bool:
        decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
        target, seen = form.instance, form.cleaned_data["seen_version"]
        try:
            if decision == RevisionForm.CORRECT:
                services.target_correct(
                    actor=request.user, target=target, seen_version=seen, reason=reason
                )
                messages.success(request, _("The target was corrected for every period."))
            elif decision == RevisionForm.FROM and form.cleaned_data["start"] in form.starts:
                start = form.start_day()
                services.target_revise_from(
                    actor=request.user, target=target, seen_version=seen, start=start,
                    reason=reason,
                )  # fmt: skip
                messages.success(
                    request,
                    _("A new version judges the periods from %(date)s on.")
                    % {"date": start.strftime("%d/%m/%Y")},
                )
            else:
                form.add_error("decision", _("Choose how to make the change."))
                return False
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return False
        return True
