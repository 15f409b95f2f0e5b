"""The scope asked two ways must agree: `visible_to` builds every unit a person sees (for
lists), `seen_by` asks of one unit whether its ancestors carry one of the person's roles (for
fetching one unit cheaply); `editable_by` and `with_can_edit` likewise. Checked for every
persona and every unit of the access world, predecessors and neighbourhoods included."""

import pytest

from wardstats.hierarchy.models import Unit

PERSONAS = ["alice", "bob", "vera", "olga", "oscar", "petra"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_seen_by_agrees_with_visible_to_for_every_unit(world, persona):
    user = getattr(world, persona)
    units = list(Unit.objects.values_list("pk", flat=True))
    visible = set(Unit.objects.visible_to(user).values_list("pk", flat=True))
    seen = {pk for pk in units if Unit.objects.filter(pk=pk).seen_by(user).exists()}
    assert seen == visible
    assert visible, "the persona sees nothing: the comparison would prove nothing"


@pytest.mark.parametrize("persona", PERSONAS)
def test_can_edit_agrees_with_editable_by_for_every_unit(world, persona):
    user = getattr(world, persona)
    editable = set(Unit.objects.editable_by(user).values_list("pk", flat=True))
    annotated = set(
        Unit.objects.with_can_edit(user).filter(can_edit=True).values_list("pk", flat=True)
    )
    assert annotated == editable
