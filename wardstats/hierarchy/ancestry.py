"""Keeps `UnitAncestry` equal to what the parent links say.

`rebuild(unit_ids)` recomputes the routes of some units and of everything below them;
`rebuild()` all of them (after a bulk load, and the migration that created the table). The
hierarchy's services call it after every change of a unit's dates or of a link, inside their
transaction. Parents always sit at a higher level than their children (UnitLink.clean), so
the units are computed top-down, level by level, each from its parents' routes.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from .models import Level, Lineage, Unit, UnitAncestry, UnitLink

# A route: (ancestor id, depth, first day, last day); both days None when it never holds.
Route = tuple[int, int, datetime.date | None, datetime.date | None]


def _overlap(a_from, a_to, b_from, b_to):
    """The days two ranges share (None as `_to` = open); (None, None) when none."""
    if a_from is None or b_from is None:
        return None, None
    start = max(a_from, b_from)
    ends = [d for d in (a_to, b_to) if d is not None]
    end = min(ends) if ends else None
    if end is not None and end < start:
        return None, None
    return start, end


def _below(roots: set[int], children: dict[int, list[int]]) -> set[int]:
    found, frontier = set(roots), list(roots)
    while frontier:
        for child in children.get(frontier.pop(), ()):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


def _stored_routes(unit_ids: set[int]) -> dict[int, list[Route]]:
    routes = defaultdict(list)
    rows = UnitAncestry.objects.filter(descendant__in=unit_ids).values_list(
        "descendant_id", "ancestor_id", "depth", "valid_from", "valid_to"
    )
    for descendant, ancestor, depth, start, end in rows.iterator(chunk_size=5000):
        routes[descendant].append((ancestor, depth, start, end))
    return routes


def _routes_of(unit, parent_links, routes) -> list[Route]:
    pk, level, start, end = unit
    own = [(pk, 0, start, end)]
    for parent, link_from, link_to in parent_links.get(pk, ()):
        # The days the link holds while the child exists, then while the parent's route does.
        days = _overlap(link_from, link_to, start, end)
        for ancestor, depth, route_from, route_to in routes.get(parent, ()):
            first, last = _overlap(*days, route_from, route_to)
            own.append((ancestor, depth + 1, first, last))
    return own


def _index_links(links):
    parent_links, children = defaultdict(list), defaultdict(list)
    for child, parent, start, end in links:
        parent_links[child].append((parent, start, end))
        children[parent].append(child)
    return parent_links, children


def routes(units, links, known=None) -> dict[int, list[Route]]:
    """Every route of `units` ((pk, level, valid_from, valid_to) each) up the `links`
    ((child, parent, valid_from, valid_to) each); `known`: the routes of parents not among
    `units`. Pure: the migration that built the table uses it on its own model classes."""
    parent_links, _children = _index_links(links)
    found = dict(known or {})
    for unit in sorted(units, key=lambda u: u[1]):
        found[unit[0]] = _routes_of(unit, parent_links, found)
    return {unit[0]: found[unit[0]] for unit in units}


def rows(model, computed: dict[int, list[Route]]) -> list:
    """`model` (UnitAncestry, or its historical twin in a migration) rows for `computed`."""
    return [
        model(ancestor_id=a, descendant_id=pk, depth=d, valid_from=f, valid_to=t)
        for pk, found in computed.items()
        for a, d, f, t in found
    ]


@transaction.atomic
def rebuild(unit_ids: Iterable[int] | None = None) -> int:
    """Recomputes the routes of `unit_ids` and of every unit below them (all units when None).
    Returns the number of routes written."""
    links = list(UnitLink.objects.values_list("child_id", "parent_id", "valid_from", "valid_to"))
    parent_links, children = _index_links(links)
    units = Unit.objects.values_list("pk", "level", "valid_from", "valid_to")
    stale, known = UnitAncestry.objects.all(), {}
    if unit_ids is not None:
        affected = _below(set(unit_ids), children)
        units = units.filter(pk__in=affected)
        outside = {p for pk in affected for p, _f, _t in parent_links.get(pk, ())} - affected
        known = _stored_routes(outside)
        stale = stale.filter(descendant__in=affected)
    new = rows(UnitAncestry, routes(list(units), links, known))
    stale.delete()
    UnitAncestry.objects.bulk_create(new, batch_size=5000)
    return len(new)


def provinces_of(unit_ids: Iterable[int]) -> set[int]:
    """The provinces the units belong to, by any route and on any date, and those of the units
    they were merged into (whose pages show their figures as history): one query."""
    ids = list(unit_ids)
    successors = Lineage.objects.filter(predecessor__in=ids).values("successor")
    provinces = UnitAncestry.objects.filter(ancestor__level=Level.PROVINCE)
    # A UNION of two index look-ups: "descendant in (ids) OR in (successors)" read every row.
    own = provinces.filter(descendant__in=ids).values_list("ancestor_id", flat=True)
    theirs = provinces.filter(descendant__in=successors).values_list("ancestor_id", flat=True)
    return set(own.union(theirs))
