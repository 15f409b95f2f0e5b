"""Who sees, changes and reviews what: decided here and only here, from a person's roles and the
units' ancestry (`hierarchy.UnitAncestry`), at any depth, on SQLite and PostgreSQL alike.

A person's *roots* are the units their roles sit on — and, for seeing, the wards those units
were formed from (a ward's predecessors are its own history). They see every unit below a
root, at any date, and every row that belongs to such a unit; they change what lies below a
root of an editing role, and review the reports below a root of a reviewing role.

The scope is asked two ways, from the same roots:
- down, for lists: `visible(queryset, user)`, `editable(…)`, `reviewable(…)` keep the rows whose
  unit is among the roots' descendants;
- up, for one unit: `unit_for(user, pk)`, or the expressions `sees(user, column)` and
  `can_edit(user, column)`, which ask whether one of the unit's ancestors is a root — a few
  index look-ups, for fetching one unit or annotating a handful.

Each model says which of its fields holds its unit (`scope_path`: "pk" for a unit, "ward" for
a ward's rows, "report__ward" for a report's cells' figures …).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, Value
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from wardstats.hierarchy.models import Level, Lineage, Unit, UnitAncestry

from .models import EDITING_ROLES, REVIEWING_ROLES, Role, RoleKind

SEE, EDIT, REVIEW, ADMINISTER = "see", "edit", "review", "administer"
_KINDS = {
    SEE: None,
    EDIT: EDITING_ROLES,
    REVIEW: REVIEWING_ROLES,
    # Giving roles to people: a provincial administrator, on the units of their province.
    ADMINISTER: (RoleKind.PROVINCE_ADMIN,),
}


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _roots(user, right: str) -> Q:
    """Ancestry rows whose ancestor is one of the person's roots for `right`."""
    roles = Role.objects.filter(user=user)
    if _KINDS[right] is not None:
        roles = roles.filter(kind__in=_KINDS[right])
    units = roles.values("unit")
    roots = Q(ancestor__in=units)
    if right == SEE:
        roots |= Q(ancestor__in=Lineage.objects.filter(successor__in=units).values("predecessor"))
    return roots


def units_in_scope(user, right: str = SEE):
    """The ids of every unit the person may see (or edit, or review): a subquery."""
    return UnitAncestry.objects.filter(_roots(user, right)).values("descendant")


def _filtered(queryset, user, right: str):
    if not _active(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    path = queryset.model.scope_path
    return queryset.filter(**{f"{path}__in": units_in_scope(user, right)})


def visible(queryset, user):
    """The rows of `queryset` the person may see."""
    return _filtered(queryset, user, SEE)


def editable(queryset, user):
    """The rows of `queryset` the person may change."""
    return _filtered(queryset, user, EDIT)


def reviewable(queryset, user):
    """The rows whose reports the person approves, returns or reopens."""
    return _filtered(queryset, user, REVIEW)


def _covers(user, column: str, right: str):
    """Whether a root of the person's sits on the unit whose id is the outer query's `column`,
    or on one of its ancestors (an expression)."""
    if not _active(user):
        return Value(False)
    if user.is_superuser:
        return Value(True)
    paths = UnitAncestry.objects.filter(_roots(user, right), descendant=OuterRef(column))
    return Exists(paths)


def sees(user, column: str):
    return _covers(user, column, SEE)


def can_edit(user, column: str):
    return _covers(user, column, EDIT)


def may(user, unit_id, right: str) -> bool:
    """Whether the person may see, edit or review one unit (one query)."""
    if not _active(user) or user.is_superuser:
        return _active(user)
    return Unit.objects.filter(pk=unit_id).filter(_covers(user, "pk", right)).exists()


def unit_for(user, pk, *, levels=None) -> Unit:
    """The one way a page fetches a unit: outside the person's scope it does not exist (404)."""
    units = Unit.objects.filter(pk=pk).filter(sees(user, "pk"))
    if levels:
        units = units.filter(level__in=levels)
    return get_object_or_404(units)


def ward_for(user, pk) -> Unit:
    """A commune-level unit in the person's scope (else 404), with `can_edit`: whether they may
    change its figures. One query."""
    units = (
        Unit.objects.filter(pk=pk, level=Level.COMMUNE)
        .filter(sees(user, "pk"))
        .annotate(can_edit=can_edit(user, "pk"))
    )
    return get_object_or_404(units)


def require(actor, permission: str, *, units=(), right: str = EDIT):
    """Refuses (PermissionDenied) unless the person holds `permission` (what their roles allow
    on such objects, `accounts.backends`) and may `right` each of `units` (their ids)."""
    allowed = actor.has_perm(permission) and all(
        may(actor, unit_id, right) for unit_id in {u for u in units if u is not None}
    )
    if not allowed:
        raise PermissionDenied(gettext("You may not make this change."))


# --- People: who gives roles to whom ---------------------------------------------------------

# The levels a role is held on (Role.clean): neighbourhoods never carry one.
ROLE_LEVELS = (Level.COUNTRY, Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


def administered_units(user):
    """The units a person gives roles on: everything, for a superuser; for a provincial
    administrator, their provinces and every unit below them; nothing for anyone else.

    Only the provincial administrator's roles count: being a ward editor somewhere does not
    make one the manager of that ward's people.
    """
    return _filtered(Unit.objects.all(), user, ADMINISTER)


def manageable_users(user):
    """The people a person may see and change in the admin.

    A provincial administrator: people who are not superusers, hold at least one role and
    every role in the administered units, and have no permission of their own outside the
    roles (direct permissions or groups, which only a superuser gives). An account with no
    role belongs to no province: whoever set its password could take it over once a national
    role is granted, so only a superuser manages it. (A provincial administrator creates an
    account with its first role at once: `services.person_create`.)
    """
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if not _active(user):
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    if not user.roles.filter(kind=RoleKind.PROVINCE_ADMIN).exists():
        return User.objects.none()
    units = administered_units(user)
    inside = Role.objects.filter(unit__in=units).values("user")
    outside = Role.objects.exclude(unit__in=units).values("user")
    return (
        User.objects.filter(is_superuser=False, pk__in=inside)
        .exclude(pk__in=outside)
        .exclude(pk__in=User.user_permissions.through.objects.values("user"))
        .exclude(pk__in=User.groups.through.objects.values("user"))
    )


def may_administer(actor, person) -> bool:
    """Whether `actor` may give `person` roles: a person they manage, never themselves (a
    superuser excepted)."""
    if person.pk == actor.pk and not actor.is_superuser:
        return False
    return manageable_users(actor).filter(pk=person.pk).exists()
