"""Roles: one of each kind per person and unit, and each kind held on the right level."""

import pytest
from django.utils.translation import gettext_lazy

from tests import factories
from tests.database import constraint_message, full_clean_errors, refused_by_database
from wardstats.accounts.models import Role, RoleKind


def test_database_refuses_the_same_role_twice(alice, ward_a):
    with refused_by_database(Role, "role_unique_per_user_unit_kind"):
        factories.make_role(user=alice, unit=ward_a, kind=RoleKind.WARD_EDITOR)


def test_database_accepts_another_kind_of_role_on_the_same_unit(alice, ward_a):
    factories.make_role(user=alice, unit=ward_a, kind=RoleKind.WARD_VIEWER)

    assert alice.roles.count() == 2


def test_full_clean_explains_the_same_role_twice(alice, ward_a):
    twin = Role(user=alice, unit=ward_a, kind=RoleKind.WARD_EDITOR)

    errors = full_clean_errors(twin)

    assert errors == {"__all__": [constraint_message(Role, "role_unique_per_user_unit_kind")]}


WARD_ROLE = gettext_lazy("Ward roles are held on a commune-level unit.")
AREA_ROLE = gettext_lazy("Area officers are held on a district, a province or the country.")
PROVINCE_ROLE = gettext_lazy("Provincial administrators hold a province.")

ACCEPTED_LEVELS = [
    (RoleKind.WARD_EDITOR, "ward_b"),
    (RoleKind.WARD_VIEWER, "ward_b"),
    (RoleKind.AREA_OFFICER, "district"),
    (RoleKind.AREA_OFFICER, "province"),
    (RoleKind.PROVINCE_ADMIN, "province"),
]
REFUSED_LEVELS = [
    (RoleKind.WARD_EDITOR, "district", WARD_ROLE),
    (RoleKind.WARD_EDITOR, "province", WARD_ROLE),
    (RoleKind.WARD_EDITOR, "neighbourhood_b", WARD_ROLE),
    (RoleKind.WARD_VIEWER, "district", WARD_ROLE),
    (RoleKind.AREA_OFFICER, "ward_b", AREA_ROLE),
    (RoleKind.AREA_OFFICER, "neighbourhood_b", AREA_ROLE),
    (RoleKind.PROVINCE_ADMIN, "district", PROVINCE_ROLE),
    (RoleKind.PROVINCE_ADMIN, "ward_b", PROVINCE_ROLE),
]


@pytest.mark.parametrize(("kind", "unit_fixture"), ACCEPTED_LEVELS)
def test_a_role_held_on_its_own_level_is_accepted(request, alice, kind, unit_fixture):
    role = Role(user=alice, unit=request.getfixturevalue(unit_fixture), kind=kind)

    role.full_clean()  # raises if the level were refused
    role.save()

    assert alice.roles.filter(kind=kind, unit=role.unit).exists()


@pytest.mark.parametrize(("kind", "unit_fixture", "message"), REFUSED_LEVELS)
def test_a_role_held_on_another_level_is_refused(request, alice, kind, unit_fixture, message):
    role = Role(user=alice, unit=request.getfixturevalue(unit_fixture), kind=kind)

    errors = full_clean_errors(role)

    assert errors == {"unit": [message]}
