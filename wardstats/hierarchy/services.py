"""Every change of the units, their links, their lineage and their Party cells.

Each service is atomic, checks the version the person started from (a change), saves with its
audit entry, keeps the ancestry (`ancestry.rebuild`) and says what it changed
(`core.changes`). Who may make the change is the caller's to check, with `accounts.scope`
(this floor lies below the people): the admin offers only what a person may change.
"""

from django.db import transaction

from wardstats.core import changes
from wardstats.core.services import delete, save_changed, save_new

from . import ancestry
from .models import Cell, Level, Lineage, Unit, UnitAncestry, UnitFacts, UnitLink, UnitNaming


def _wards_at_or_below(unit_ids) -> set[int]:
    """The commune-level units among `unit_ids` and every unit below them (at any date)."""
    below = UnitAncestry.objects.filter(ancestor__in=list(unit_ids)).values("descendant")
    return set(Unit.objects.filter(pk__in=below, level=Level.COMMUNE).values_list("pk", flat=True))


def _unit_moved(unit_ids):
    """A unit's dates or links changed: its routes and those below it, then its wards'
    summaries (which area holds them on each period's last day)."""
    ancestry.rebuild(unit_ids)
    changes.wards_changed(ward_ids=_wards_at_or_below(unit_ids))


@transaction.atomic
def unit_create(*, actor, unit: Unit, reason: str = "") -> Unit:
    save_new(unit, actor=actor, reason=reason)
    _unit_moved([unit.pk])
    return unit


@transaction.atomic
def unit_change(*, actor, unit: Unit, seen_version, reason: str = "") -> Unit:
    """A new name only changes what people read; new dates, a new kind or class change the
    ward's routes and its quota, so its summaries are recomputed."""
    stored = save_changed(unit, actor=actor, seen_version=seen_version, reason=reason)
    fields = ("valid_from", "valid_to", "kind", "unit_class")
    if any(getattr(stored, f) != getattr(unit, f) for f in fields):
        _unit_moved([unit.pk])
    else:
        changes.names_changed()
    return unit


@transaction.atomic
def unit_delete(*, actor, unit: Unit, reason: str = ""):
    """A unit still holding figures, cells or children is protected by the database."""
    delete(unit, actor=actor, reason=reason)
    changes.names_changed()


@transaction.atomic
def link_create(*, actor, link: UnitLink, reason: str = "") -> UnitLink:
    save_new(link, actor=actor, reason=reason)
    _unit_moved([link.child_id])
    return link


@transaction.atomic
def link_change(*, actor, link: UnitLink, seen_version, reason: str = "") -> UnitLink:
    stored = save_changed(link, actor=actor, seen_version=seen_version, reason=reason)
    _unit_moved({link.child_id, stored.child_id})
    return link


@transaction.atomic
def link_delete(*, actor, link: UnitLink, reason: str = ""):
    child = link.child_id
    delete(link, actor=actor, reason=reason)
    _unit_moved([child])


@transaction.atomic
def lineage_record(*, actor, lineage: Lineage, reason: str = "") -> Lineage:
    """A predecessor is part of its successor's history: whoever sees the one sees the other."""
    save_new(lineage, actor=actor, reason=reason)
    changes.names_changed()
    return lineage


@transaction.atomic
def lineage_change(*, actor, lineage: Lineage, seen_version, reason: str = "") -> Lineage:
    save_changed(lineage, actor=actor, seen_version=seen_version, reason=reason)
    changes.names_changed()
    return lineage


@transaction.atomic
def lineage_delete(*, actor, lineage: Lineage, reason: str = ""):
    delete(lineage, actor=actor, reason=reason)
    changes.names_changed()


@transaction.atomic
def cell_create(*, actor, cell: Cell, reason: str = "") -> Cell:
    save_new(cell, actor=actor, reason=reason)
    changes.wards_changed(ward_ids=[cell.ward_id])
    return cell


@transaction.atomic
def cell_change(*, actor, cell: Cell, seen_version, reason: str = "") -> Cell:
    """A cell's kind decides whether it counts as residential; its dates, in which periods."""
    stored = save_changed(cell, actor=actor, seen_version=seen_version, reason=reason)
    changes.wards_changed(ward_ids={cell.ward_id, stored.ward_id})
    return cell


@transaction.atomic
def cell_delete(*, actor, cell: Cell, reason: str = ""):
    """A cell with figures in a report is protected by the database: end it instead."""
    ward = cell.ward_id
    delete(cell, actor=actor, reason=reason)
    changes.wards_changed(ward_ids=[ward])


@transaction.atomic
def facts_record(*, actor, facts: UnitFacts, reason: str = "") -> UnitFacts:
    """A unit's population, area or police chief from a date: its staffing norm may change."""
    save_new(facts, actor=actor, reason=reason)
    changes.wards_changed(ward_ids=[facts.unit_id], since=facts.valid_from)
    return facts


@transaction.atomic
def facts_change(*, actor, facts: UnitFacts, seen_version, reason: str = "") -> UnitFacts:
    stored = save_changed(facts, actor=actor, seen_version=seen_version, reason=reason)
    since = min(stored.valid_from, facts.valid_from)
    changes.wards_changed(ward_ids={facts.unit_id, stored.unit_id}, since=since)
    return facts


@transaction.atomic
def facts_delete(*, actor, facts: UnitFacts, reason: str = ""):
    ward, since = facts.unit_id, facts.valid_from
    delete(facts, actor=actor, reason=reason)
    changes.wards_changed(ward_ids=[ward], since=since)


@transaction.atomic
def naming_record(*, actor, naming: UnitNaming, reason: str = "") -> UnitNaming:
    """What a unit was called before a change of name or kind: only what people read."""
    save_new(naming, actor=actor, reason=reason)
    changes.names_changed()
    return naming


@transaction.atomic
def naming_change(*, actor, naming: UnitNaming, seen_version, reason: str = "") -> UnitNaming:
    save_changed(naming, actor=actor, seen_version=seen_version, reason=reason)
    changes.names_changed()
    return naming


@transaction.atomic
def naming_delete(*, actor, naming: UnitNaming, reason: str = ""):
    delete(naming, actor=actor, reason=reason)
    changes.names_changed()
