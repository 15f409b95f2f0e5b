"""The audit trail: written by the services, read back for people.

Every audited model keeps its history with django-simple-history. A service says who acted and
why (`audited`) before it saves; reading turns the historical records into entries — who
changed what, when, from what to what, and why — in the reader's language. Read-only: the app
offers no way to edit or delete the trail.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from wardstats.core.numbers import grouped

KIND = {"+": "created", "~": "changed", "-": "deleted"}
# The reason on the baseline records the demo loader writes for the rows it bulk-loads: they
# exist so that a later change has old values to show, and are not shown themselves.
BASELINE_REASON = "seed_demo"
# Bookkeeping, not content: never listed as a change.
IGNORED = {"version", "updated_at", "created_at"}


def audited(obj, *, actor, reason: str = ""):
    """Marks who makes the next save of `obj` and why, for its history record."""
    obj._history_user = actor if getattr(actor, "is_authenticated", False) else None
    obj._change_reason = (reason or "")[:2000]
    return obj


@dataclass
class Entry:
    when: datetime
    who: str
    what: str
    kind: str
    reason: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return {"created": _("created"), "changed": _("changed"), "deleted": _("deleted")}[
            self.kind
        ]

    def __str__(self):
        changed = "; ".join(f"{name}: {old} → {new}" for name, old, new in self.changes)
        stamp = date_format(localtime(self.when), "SHORT_DATETIME_FORMAT")
        parts = [f"{stamp} {self.who}: {self.what} {self.kind_label}", changed, self.reason]
        return " — ".join(p for p in parts if p)


def display(record, field_name: str, value) -> str:
    """A stored value as people read it: the label of a choice, yes or no, a count as the pages
    write it (4.390), a year as it is (1985), — for nothing."""
    model_field = record.instance_type._meta.get_field(field_name)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int) and not model_field.is_relation and "year" not in field_name:
        return grouped(value)
    return str(value)


def _changes(record, previous) -> list[tuple[str, str, str]]:
    changes = []
    for change in record.diff_against(previous).changes:
        if change.field in IGNORED:
            continue
        label = str(record.instance_type._meta.get_field(change.field).verbose_name)
        old = display(record, change.field, change.old)
        changes.append((label, old, display(record, change.field, change.new)))
    return changes


def entries(records, what) -> list[Entry]:
    """Entries from historical records (any order); each is compared with the previous record
    of the same object, found in the same list, so reading history costs one query."""
    result = []
    previous = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        prev, previous[record.id] = previous.get(record.id), record
        if record.history_type == "+" and record.history_change_reason == BASELINE_REASON:
            continue
        changes = []
        if record.history_type == "~" and prev is not None:
            changes = _changes(record, prev)
            if not changes and not record.history_change_reason:
                continue
        user = record.history_user
        result.append(
            Entry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else _("the system"),
                what=what(record),
                kind=KIND[record.history_type],
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return result


def history_of(obj) -> list[Entry]:
    """Every recorded change of `obj`, newest first. A model whose trail spans other rows (a
    report and its cells' figures) says so with its own `audit_trail()`."""
    if hasattr(obj, "audit_trail"):
        return obj.audit_trail()
    records = type(obj).history.filter(id=obj.pk).select_related("history_user")
    found = entries(list(records), lambda record: str(type(obj)._meta.verbose_name))
    return sorted(found, key=lambda e: e.when, reverse=True)


def changes_since(obj, version: int) -> list[str]:
    """What others changed after a person opened version `version` of `obj`: every entry from
    the first save that made a newer version on, one line each."""
    newer = (
        type(obj)
        .history.filter(id=obj.pk, version__gt=version)
        .order_by("history_date", "history_id")
        .first()
    )
    if newer is None:
        return []
    return [str(e) for e in history_of(obj) if e.when >= newer.history_date]
