"""One scope, asked two ways from the same roots: down (`scope.visible`, `scope.editable`: every
unit below a person's roles, for lists) and up (`scope.sees`, `scope.can_edit`: whether a role
sits above one unit, for fetching it). Both read the ancestry, so they agree by construction;
checked for every persona and every unit of the access world, predecessors and neighbourhoods
included, so that a change to either shows here."""

import pytest

from wardstats.accounts import scope
from wardstats.hierarchy.models import Unit

PERSONAS = ["alice", "bob", "vera", "olga", "oscar", "petra"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_looking_up_agrees_with_looking_down_for_every_unit(world, persona):
    user = getattr(world, persona)
    visible = set(scope.visible(Unit.objects.all(), user).values_list("pk", flat=True))
    seen = set(Unit.objects.filter(scope.sees(user, "pk")).values_list("pk", flat=True))
    assert seen == visible
    assert visible, "the persona sees nothing: the comparison would prove nothing"


@pytest.mark.parametrize("persona", PERSONAS)
def test_can_edit_agrees_with_editable_for_every_unit(world, persona):
    user = getattr(world, persona)
    editable = set(scope.editable(Unit.objects.all(), user).values_list("pk", flat=True))
    annotated = set(
        Unit.objects.annotate(can_edit=scope.can_edit(user, "pk"))
        .filter(can_edit=True)
        .values_list("pk", flat=True)
    )
    assert annotated == editable
