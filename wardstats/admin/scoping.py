"""The admin's half of "one access path": every changelist, form choice and object lookup
goes through `accounts.scope` (`visible`, `editable`), as the pages do."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wardstats.accounts import scope
from wardstats.collation import vi_collate
from wardstats.hierarchy.models import Cell, Unit


class ScopedChoicesMixin:
    """Dropdowns offer, and accept, only the units and cells the person may change: a unit of
    another province linked in would pull that province into someone's scope."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scoped = scoped_choices(db_field.related_model, request.user)
        if scoped is not None:
            kwargs["queryset"] = scoped
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedAdminMixin(ScopedChoicesMixin):
    """For models with a `scope_path` (see `accounts.scope`).

    An object outside the user's scope is not listed and its URL answers like a missing one;
    one inside but not editable is shown read-only; dropdowns only offer what the user may use.
    """

    name_ordering_field: str | None = None

    def get_queryset(self, request):
        return scope.visible(self.model.objects.all(), request.user)

    def get_ordering(self, request):
        if self.name_ordering_field:
            return [vi_collate(self.name_ordering_field).asc(), "pk"]
        return super().get_ordering(request)

    def _editable(self, request, obj) -> bool:
        return scope.editable(self.model.objects.filter(pk=obj.pk), request.user).exists()

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))


def scoped_choices(model, user):
    """What a user may pick in a dropdown of `model`, in Vietnamese order; None: no limit."""
    if model is Unit:
        return scope.editable(Unit.objects.all(), user).order_by(
            vi_collate("name").asc(), "valid_from"
        )
    if model is Cell:
        return scope.editable(Cell.objects.all(), user).order_by(vi_collate("name").asc())
    return None


class ScopedInlineMixin(ScopedChoicesMixin):
    def get_queryset(self, request):
        return scope.visible(super().get_queryset(request), request.user)


class WardListFilter(admin.SimpleListFilter):
    """Filter by ward, offering only the wards the user can see, in Vietnamese order."""

    title = _("ward")
    parameter_name = "ward"
    field_path = "ward"

    def lookups(self, request, model_admin):
        wards = (
            scope.visible(Unit.objects.wards(), request.user)
            .filter(pk__in=model_admin.get_queryset(request).values(self.field_path))
            .order_by(vi_collate("name").asc(), "valid_from")
        )
        return [(str(w.pk), str(w)) for w in wards]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.field_path: self.value()})
        return queryset
