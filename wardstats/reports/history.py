"""A report's audit trail: its own changes and its cells' figures', read back for people
(`core.audit` turns the records into entries)."""

from django.utils.translation import gettext as _

from wardstats.core.audit import Entry, entries

from .models import CellFigures, Report


def _cell_records(report: Report):
    return (
        CellFigures.history.filter(report_id=report.pk)
        .select_related("history_user", "cell")
        .order_by("history_date", "history_id")
    )


def history_of(report: Report) -> list[Entry]:
    """Every recorded change of the report and its cells' figures, newest first."""
    report_records = Report.history.filter(id=report.pk).select_related("history_user")
    found = entries(list(report_records), lambda r: _("report"))
    found += entries(
        list(_cell_records(report)), lambda r: r.cell.name if r.cell_id else _("cell figures")
    )
    return sorted(found, key=lambda e: e.when, reverse=True)
