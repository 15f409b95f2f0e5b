"""The audit trail, read back for people: who changed what, when, from what to what, and why.

Recorded by django-simple-history on every save of the audited models (reports and their cell
figures, cadre records, quotas, targets, roles); read-only: the app offers no way to edit or
delete it.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from .models import CellFigures, Report

KIND = {"+": "created", "~": "changed", "-": "deleted"}
# The reason on the baseline records seed_demo writes for rows it bulk-loads: they exist so a
# later change has old values to show, and are not shown themselves.
BASELINE_REASON = "seed_demo"


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


def _display(record, field_name: str, value) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


IGNORED = {"version", "updated_at", "created_at"}


def _entries(records, what) -> list[Entry]:
    """Entries from historical records (any order); each is compared with the previous record
    of the same object, found in the same list, so reading history costs one query."""
    entries = []
    previous = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        prev, previous[record.id] = previous.get(record.id), record
        if record.history_type == "+" and record.history_change_reason == BASELINE_REASON:
            continue
        changes = []
        if record.history_type == "~" and prev is not None:
            delta = record.diff_against(prev)
            for change in delta.changes:
                if change.field in IGNORED:
                    continue
                label = str(record.instance_type._meta.get_field(change.field).verbose_name)
                changes.append(
                    (
                        label,
                        _display(record, change.field, change.old),
                        _display(record, change.field, change.new),
                    )
                )
            if not changes and not record.history_change_reason:
                continue
        user = record.history_user
        entries.append(
            Entry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else _("the system"),
                what=what(record),
                kind=KIND[record.history_type],
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _cell_records(report: Report):
    return (
        CellFigures.history.filter(report_id=report.pk)
        .select_related("history_user", "cell")
        .order_by("history_date", "history_id")
    )


def history_of(report: Report) -> list[Entry]:
    """Every recorded change of the report and its cells' figures, newest first."""
    report_records = Report.history.filter(id=report.pk).select_related("history_user")
    entries = _entries(list(report_records), lambda r: _("report"))
    entries += _entries(
        list(_cell_records(report)), lambda r: r.cell.name if r.cell_id else _("cell figures")
    )
    return sorted(entries, key=lambda e: e.when, reverse=True)


def changes_since(report: Report, version: int) -> list[str]:
    """What others changed after the person opened version `version` of the report: every
    entry from the first save that made a newer version on."""
    newer = (
        Report.history.filter(id=report.pk, version__gt=version).order_by("history_date").first()
    )
    if newer is None:
        return []
    return [str(e) for e in history_of(report) if e.when >= newer.history_date]
