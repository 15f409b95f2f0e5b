"""Every change of a person's roles. A role decides what its holder sees: cached pages go
(`core.changes`). A provincial administrator gives roles to the people they manage, on the
units of their province, and never to themselves (`scope.may_administer`)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

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


@transaction.atomic
def role_revoke(*, actor, role: Role, reason: str = ""):
    _require(actor, role)
    delete(role, actor=actor, reason=reason)
    changes.names_changed()
