"""Every save and delete of the admin goes through the owning app's service.

`WRITES` says, for each model the admin edits, which services create, change and delete it;
`ServiceAdminMixin` (a ModelAdmin) and `ServiceInlineMixin` call them in place of Django's own
saves, and `VersionedForm` carries the version a person started from, so that a stale edit is
refused on the form (by `core.versioning.check_version`, the one mechanism) before anything is
saved. The admin's own views already run each POST in one transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms

from wardstats.accounts import services as accounts
from wardstats.accounts.models import Role
from wardstats.core.versioning import Versioned, check_version
from wardstats.hierarchy import services as hierarchy
from wardstats.hierarchy.models import Cell, Lineage, Unit, UnitFacts, UnitLink, UnitNaming
from wardstats.indicators import services as indicators
from wardstats.indicators.models import Indicator, Target
from wardstats.periods import services as periods
from wardstats.periods.models import Period
from wardstats.staffing import services as staffing
from wardstats.staffing.models import (
    AgeBand,
    Cadre,
    PlanningTerm,
    QuotaNorm,
    QuotaRuleSet,
    WardQuota,
)


@dataclass(frozen=True)
class Writes:
    create: Callable  # (actor, obj, form)
    change: Callable  # (actor, obj, form, seen_version)
    delete: Callable  # (actor, obj)


def _m2m(form, name: str):
    """A many-to-many field's new value from the form; None leaves it as it is."""
    if form is None or name not in getattr(form, "cleaned_data", {}):
        return None
    return form.cleaned_data[name]


def _plain(create, change, delete, noun: str) -> Writes:
    """Services that take the object under the keyword `noun` and nothing else."""
    return Writes(
        create=lambda actor, obj, form: create(actor=actor, **{noun: obj}),
        change=lambda actor, obj, form, seen: change(actor=actor, seen_version=seen, **{noun: obj}),
        delete=lambda actor, obj: delete(actor=actor, **{noun: obj}),
    )


_RULES = _plain(staffing.rule_create, staffing.rule_change, staffing.rule_delete, "rule")

WRITES: dict[type, Writes] = {
    Unit: _plain(hierarchy.unit_create, hierarchy.unit_change, hierarchy.unit_delete, "unit"),
    UnitLink: _plain(hierarchy.link_create, hierarchy.link_change, hierarchy.link_delete, "link"),
    Lineage: _plain(
        hierarchy.lineage_record, hierarchy.lineage_change, hierarchy.lineage_delete, "lineage"
    ),
    UnitNaming: _plain(
        hierarchy.naming_record, hierarchy.naming_change, hierarchy.naming_delete, "naming"
    ),
    UnitFacts: _plain(
        hierarchy.facts_record, hierarchy.facts_change, hierarchy.facts_delete, "facts"
    ),
    Cell: _plain(hierarchy.cell_create, hierarchy.cell_change, hierarchy.cell_delete, "cell"),
    Period: _plain(periods.period_create, periods.period_change, periods.period_delete, "period"),
    Cadre: Writes(
        create=lambda actor, obj, form: staffing.cadre_create(
            actor=actor, cadre=obj, planning_terms=_m2m(form, "planning_terms")
        ),
        change=lambda actor, obj, form, seen: staffing.cadre_change(
            actor=actor, cadre=obj, seen_version=seen, planning_terms=_m2m(form, "planning_terms")
        ),
        delete=lambda actor, obj: staffing.cadre_delete(actor=actor, cadre=obj),
    ),
    WardQuota: _plain(
        staffing.ward_quota_create, staffing.ward_quota_change, staffing.ward_quota_delete, "quota"
    ),
    QuotaRuleSet: _RULES,
    QuotaNorm: _RULES,
    AgeBand: _RULES,
    PlanningTerm: _RULES,
    Target: Writes(
        create=lambda actor, obj, form: indicators.target_create(
            actor=actor, target=obj, periods=_m2m(form, "periods")
        ),
        change=lambda actor, obj, form, seen: indicators.target_change(
            actor=actor, target=obj, seen_version=seen, periods=_m2m(form, "periods")
        ),
        delete=lambda actor, obj: indicators.target_delete(actor=actor, target=obj),
    ),
    Indicator: _plain(
        indicators.indicator_create,
        indicators.indicator_change,
        indicators.indicator_delete,
        "indicator",
    ),
    Role: _plain(accounts.role_grant, accounts.role_change, accounts.role_revoke, "role"),
}


class VersionedForm(forms.ModelForm):
    """Carries the version the person started from; a save on top of someone else's newer
    save is refused on the form, with what they changed, instead of overwriting it."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and isinstance(self.instance, Versioned):
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        # Unchanged rows of an inline are not saved, so not checked.
        if self.instance.pk and isinstance(self.instance, Versioned) and self.has_changed():
            # Locks the row until the admin's transaction ends: the check holds for the save.
            check_version(self.instance, cleaned.get("seen_version"))
        return cleaned


def _seen(form) -> int | None:
    return form.cleaned_data.get("seen_version") if form is not None else None


class ServiceInlineMixin:
    form = VersionedForm

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), "seen_version"]


class ServiceFormsetMixin:
    """Inline rows saved and deleted through `WRITES`."""

    def save_formset(self, request, form, formset, change):
        writes = WRITES[formset.model]
        # Builds the rows without saving them; fills the lists the change message reads.
        formset.save(commit=False)
        rows = {id(row.instance): row for row in formset.forms}
        for obj in formset.deleted_objects:
            writes.delete(request.user, obj)
        for obj in formset.new_objects:
            writes.create(request.user, obj, rows.get(id(obj)))
        for obj, _fields in formset.changed_objects:
            row = rows.get(id(obj))
            writes.change(request.user, obj, row, _seen(row))


class ServiceAdminMixin(ServiceFormsetMixin):
    """Saves and deletes through `WRITES`: the services validate, check the version, write the
    audit entry and have the summaries follow."""

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and self.has_change_permission(request, obj):
            hidden = {"fields": ["seen_version"], "classes": ["hidden"]}
            return [*fieldsets, (None, hidden)]
        return fieldsets

    def get_fields(self, request, obj=None):
        return [f for f in super().get_fields(request, obj) if f != "seen_version"]

    def save_model(self, request, obj, form, change):
        writes = WRITES[type(obj)]
        if change:
            writes.change(request.user, obj, form, _seen(form))
        else:
            writes.create(request.user, obj, form)

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields went to the services with the object (save_model).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        WRITES[type(obj)].delete(request.user, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
