"""People and their roles in the admin.

A superuser manages everyone. A provincial administrator manages the people of their province:
those who hold a role there and none elsewhere (an account with no role is a superuser's to
manage). They create accounts, each with its first role, give roles on the units of their
province only, never see or make a superuser, and cannot change their own roles. Nobody else
sees the people at all (accounts.backends grants the permissions; `accounts.scope` decides the
rows; accounts and roles are saved by `accounts.services`).
"""

from collections import Counter

from axes.utils import reset
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wardstats.accounts import services
from wardstats.accounts.models import Role, RoleKind
from wardstats.accounts.scope import ROLE_LEVELS, administered_units, manageable_users
from wardstats.collation import vi_collate
from wardstats.hierarchy.models import Unit

from .writes import ServiceAdminMixin, ServiceFormsetMixin, ServiceInlineMixin

User = get_user_model()


def role_units(user):
    """The units offered for a role: administered, of a level a role is held on, the province
    first, then its districts, then its communes, each in Vietnamese order."""
    return (
        administered_units(user)
        .filter(level__in=ROLE_LEVELS)
        .order_by("level", vi_collate("name").asc(), "valid_from")
    )


def _without(fields, *names) -> tuple:
    return tuple(field for field in fields if field not in names)


def _own(request, user) -> bool:
    """Whether `user` is the person making the request, who is not a superuser."""
    return user is not None and user.pk == request.user.pk and not request.user.is_superuser


class RoleFormSet(BaseInlineFormSet):
    """A provincial administrator leaves the person at least one role
    (`services.keeps_a_role`)."""

    actor = None

    def clean(self):
        super().clean()
        if self.actor is None or self.actor.is_superuser or self.instance.pk is None:
            return
        kept = [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        if not kept:
            raise ValidationError(services.LAST_ROLE)


class RoleInline(ServiceInlineMixin, admin.TabularInline):
    """The roles of the person on the page; one's own are shown read-only."""

    model = Role
    formset = RoleFormSet
    fk_name = "user"
    fields = ["kind", "unit"]
    extra = 0
    verbose_name = _("role")
    verbose_name_plural = _("roles (what the person may see and do, and where)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"actor": request.user})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = role_units(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _own(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _own(request, obj)


class PersonCreationForm(AdminUserCreationForm):
    """A new account and its first role: required of a provincial administrator (`role_required`,
    set per request with the units they may give), optional for a superuser."""

    role_required = False
    role_kind = forms.ChoiceField(
        label=_("role"), choices=[("", "---------"), *RoleKind.choices], required=False
    )
    role_unit = forms.ModelChoiceField(
        label=_("unit"), queryset=Unit.objects.none(), required=False
    )

    def clean(self):
        cleaned = super().clean()
        kind, unit = cleaned.get("role_kind"), cleaned.get("role_unit")
        if self.role_required or kind or unit:
            if not kind:
                self.add_error("role_kind", _("Choose the person's role."))
            if not unit:
                self.add_error("role_unit", _("Choose the unit of the role."))
        if kind and unit:
            try:
                Role(kind=kind, unit=unit).clean()
            except ValidationError as error:
                for message in error.messages:
                    self.add_error("role_unit", message)
        return cleaned

    def first_role(self) -> Role | None:
        kind, unit = self.cleaned_data.get("role_kind"), self.cleaned_data.get("role_unit")
        return Role(kind=kind, unit=unit) if kind and unit else None


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(ServiceFormsetMixin, DjangoUserAdmin):
    # Permissions follow from roles: no groups, no permissions of one's own in the form.
    # (Django's own fieldsets otherwise, so that their titles keep Django's translations.)
    fieldsets = tuple(
        (name, {**options, "fields": _without(options["fields"], "groups", "user_permissions")})
        for name, options in DjangoUserAdmin.fieldsets
    )
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "is_staff",
        "role_list",
    ]
    list_filter = ["is_active", "is_staff", "roles__kind"]
    filter_horizontal = ()
    inlines = [RoleInline]
    add_form = PersonCreationForm
    actions = ["unlock_sign_in"]

    def get_queryset(self, request):
        return manageable_users(request.user).prefetch_related("roles__unit")

    def get_inlines(self, request, obj):
        # Roles are given once the account exists (the add page leads to the change page).
        return self.inlines if obj is not None else []

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return ["is_superuser", *self.list_filter]
        return self.list_filter

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            return form
        units, required = role_units(request.user), not request.user.is_superuser

        class FormOfThisRequest(form):
            role_required = required

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["role_unit"].queryset = units
                self.fields["role_kind"].required = self.fields["role_unit"].required = required

        return FormOfThisRequest

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return [*fieldsets, (_("First role"), {"fields": ["role_kind", "role_unit"]})]
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": _without(options["fields"], "is_superuser")})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["last_login", "date_joined"]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or request.user.is_superuser or not obj.is_superuser)

    def save_model(self, request, obj, form, change):
        # Their form has no is_superuser field; refuse a superuser all the same.
        if obj.is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        if change:
            super().save_model(request, obj, form, change)
        else:
            services.person_create(actor=request.user, person=obj, role=form.first_role())

    @admin.display(description=_("roles"))
    def role_list(self, user):
        return format_html_join(
            ", ", "{} — {}", ((r.get_kind_display(), r.unit.name) for r in user.roles.all())
        )

    @admin.action(
        description=_("Unlock sign-in (clear failed login attempts)"), permissions=["change"]
    )
    def unlock_sign_in(self, request, queryset):
        unlocked = [user.username for user in queryset if reset(username=user.username)]
        self.message_user(
            request,
            ngettext(
                "Sign-in unlocked for %(count)d person.",
                "Sign-in unlocked for %(count)d people.",
                len(unlocked),
            )
            % {"count": len(unlocked)},
            messages.SUCCESS,
        )


@admin.register(Role)
class RoleAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Roles one by one. A provincial administrator sees the roles of the people they manage,
    gives roles on their province's units only, and cannot change their own."""

    list_display = ["user", "kind", "unit"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user"]

    def get_ordering(self, request):
        return ["user__username", vi_collate("unit__name").asc()]

    def get_queryset(self, request):
        roles = super().get_queryset(request)
        if request.user.is_superuser:
            return roles
        return roles.filter(user__in=manageable_users(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = role_units(request.user)
        elif db_field.name == "user":
            users = manageable_users(request.user).order_by("username")
            if not request.user.is_superuser:
                users = users.exclude(pk=request.user.pk)
            kwargs["queryset"] = users
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not _own(request, obj.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (
            obj is None
            or (not _own(request, obj.user) and services.keeps_a_role(request.user, obj))
        )

    def delete_queryset(self, request, queryset):
        # The list's "delete selected": a person's last role stays (one message, nothing
        # deleted), as on the role's own page.
        if not request.user.is_superuser:
            chosen = Counter(queryset.values_list("user", flat=True))
            held = Counter(Role.objects.filter(user__in=chosen).values_list("user", flat=True))
            if any(held[user] <= count for user, count in chosen.items()):
                raise PermissionDenied(services.LAST_ROLE)
        super().delete_queryset(request, queryset)


# Permissions follow from roles (accounts.backends.RoleBackend): groups would be a second,
# competing list, so they are not offered.
admin.site.unregister(Group)
