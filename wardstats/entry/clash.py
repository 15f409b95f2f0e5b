"""When someone else saved the report after the person opened it: her edits are kept on the
screen, beside what the other person changed, for her to save again with one click.

The figures she started from are read back from the audit trail (the report's record of the
version she opened, and its cells' figures as they were just before the next save). For each
field: where she changed nothing, the screen takes the other person's value; where she changed
it and they did not, hers stays; where both changed it differently, hers stays in the input
and theirs is shown beside it. The form then carries the newest version, so pressing Save
applies her edits.
"""

from wardstats.reports.models import REPORT_FIELDS, CellFigures, Report

from .forms import CellRow, stored_values

WARD_FIELDS = REPORT_FIELDS


def _next_save(report: Report | None, seen_version: int | None):
    """When the first save after the version she opened was made (the report's record; its
    cells' figures are saved just after it, in the same edit); None when there was none."""
    if report is None:
        return None
    newer = Report.history.filter(id=report.pk, version__gt=seen_version or 0)
    record = newer.order_by("history_date", "history_id").first()
    return record.history_date if record else None


def base_cells(report: Report | None, seen_version: int | None) -> dict[int, dict]:
    """{cell id: the values she started from} for the cells the report had then."""
    moment = _next_save(report, seen_version)
    if moment is None or not seen_version:
        return {}
    then = CellFigures.history.as_of(moment).filter(report_id=report.pk)
    return {figures.cell_id: stored_values(figures) for figures in then}


def base_ward(report: Report | None, seen_version: int | None) -> dict:
    if report is None or not seen_version:
        return dict.fromkeys(WARD_FIELDS, "")
    record = (
        Report.history.filter(id=report.pk, version=seen_version)
        .order_by("history_date", "history_id")
        .last()
    )
    if record is None:
        return dict.fromkeys(WARD_FIELDS, "")
    return {name: _text(getattr(record, name)) for name in WARD_FIELDS}


def _text(value) -> str:
    return "" if value is None else str(value)


def merge(hers: dict, base: dict, current: dict) -> tuple[dict, dict]:
    """(what the inputs show, {field: their value} where both changed it differently)."""
    shown, theirs = {}, {}
    for name, mine in hers.items():
        start, now = base.get(name, mine), current.get(name, mine)
        if mine == start:
            shown[name] = now
        else:
            shown[name] = mine
            if now != start and now != mine:
                theirs[name] = now
    return shown, theirs


def merge_rows(rows: list[CellRow], report: Report, seen_version) -> int:
    """Merges every row in place; returns how many fields both changed."""
    base = base_cells(report, seen_version)
    both = 0
    for row in rows:
        start = base.get(row.cell.pk, stored_values(None))
        row.shown, row.theirs = merge(row.shown, start, stored_values(row.stored))
        both += len(row.theirs)
    return both
