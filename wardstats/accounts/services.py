"""Every change of a person's roles. A role decides what its holder sees: cached pages go
(`core.changes`). A provincial administrator gives roles to the people they manage, on the
units of their province, and never to themselves (`scope.may_administer`)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from wardstats.core import changes
from wardstats.core.services import delete, save_changed, save_new

from . import scope
from .models import Role


def _require(actor, role: Role):
    if not scope.may_administer(actor, role.user):
        raise PermissionDenied(_("You may not change this person's roles."))
    if not scope.administered_units(actor).filter(pk=role.unit_id).exists():
        raise ValidationError({"unit": _("You may not give a role on this unit.")})


@transaction.atomic
def person_create(*, actor, person, role: Role | None, reason: str = ""):
    """A new account, with its first role. A provincial administrator must give one, on a unit
    of their province: an account without a role would be no one's to manage but a
    superuser's (`scope.manageable_users`)."""
    if not actor.is_superuser:
        if role is None:
            raise ValidationError(_("Give the person a role on a unit of your province."))
        if person.is_superuser or not scope.administered_units(actor).exists():
            raise PermissionDenied(_("You may not create this account."))
    person.save()
    if role is not None:
        role.user = person
        if not scope.administered_units(actor).filter(pk=role.unit_id).exists():
            raise ValidationError({"unit": _("You may not give a role on this unit.")})
        save_new(role, actor=actor, reason=reason)
        changes.names_changed()
    return person


@transaction.atomic
def role_grant(*, actor, role: Role, reason: str = "") -> Role:
    _require(actor, role)
    save_new(role, actor=actor, reason=reason)
    changes.names_changed()
    return role


@transaction.atomic
def role_change(*, actor, role: Role, seen_version, reason: str = "") -> Role:
    stored = Role.objects.select_related("user").get(pk=role.pk)
    _require(actor, stored)
    _require(actor, role)
    save_changed(role, actor=actor, seen_version=seen_version, reason=reason)
    changes.names_changed()
    return role


def keeps_a_role(actor, role: Role) -> bool:
    """Whether revoking `role` leaves its holder a role. A provincial administrator may not
    revoke the last (the account would leave the province for no one's hands but a
    superuser's); a person leaving is made inactive instead."""
    return actor.is_superuser or Role.objects.filter(user=role.user_id).exclude(pk=role.pk).exists()


LAST_ROLE = _lazy(
    "A person keeps at least one role: give the new role first, or untick “Active” to end "
    "the person's access."
)


@transaction.atomic
def role_revoke(*, actor, role: Role, reason: str = ""):
    _require(actor, role)
    if not keeps_a_role(actor, role):
        raise ValidationError(LAST_ROLE)
    delete(role, actor=actor, reason=reason)
    changes.names_changed()
