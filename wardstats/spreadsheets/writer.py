"""A ward's figures for a period as spreadsheets: the workbook (instructions, report, cells,
the membership's structure, cadres) that is both the export and the template to fill, or one
sheet as CSV or XLSX.

The rows are exactly what an import reads back, so exporting and importing again changes
nothing. Headings and labels are in the user's language; both languages are read back.
"""

import datetime
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from wardstats.collation import vi_collate
from wardstats.core import exports
from wardstats.hierarchy.models import Cell, CellKind
from wardstats.periods.models import PeriodKind
from wardstats.reports.models import CELL_ENTRY_FIELDS, REPORT_FIELDS, QualityLevel, Report
from wardstats.reports.structure import structure_for
from wardstats.staffing.models import Cadre, Category, Education, PoliticalTheory

from .columns import (
    CADRE_SHEET,
    CELL_SHEET,
    INSTRUCTIONS_TITLE,
    REPORT_SHEET,
    SHEETS,
    STRUCTURE_SHEET,
    YES_NO,
    Sheet,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def _row(sheet: Sheet, values: dict) -> list:
    return [column.write(values.get(column.field)) for column in sheet.columns]


def report_rows(ward, period) -> list[list]:
    report = Report.objects.filter(ward=ward, period=period).first()
    values = {"unit_code": ward.code, "unit_name": ward.name, "period": str(period)}
    if report is not None:
        values |= {name: getattr(report, name) for name in REPORT_FIELDS}
    return [_row(REPORT_SHEET, values)]


def cell_rows(ward, period) -> list[list]:
    """Every cell of the ward at the period's end, with its figures where the report has them
    (blank, ready to fill, where not)."""
    cells = (
        Cell.objects.filter(ward=ward)
        .valid_on(period.end)
        .select_related("neighbourhood")
        .order_by(vi_collate("name").asc())
    )
    report = Report.objects.filter(ward=ward, period=period).first()
    figures = {f.cell_id: f for f in report.cell_figures.all()} if report else {}
    rows = []
    for cell in cells:
        values = {
            "unit_code": ward.code,
            "cell": cell.name,
            "kind": cell.kind,
            "neighbourhood": cell.neighbourhood.name if cell.neighbourhood_id else "",
        }
        row = figures.get(cell.pk)
        if row is not None:
            values |= {name: getattr(row, name) for name in CELL_ENTRY_FIELDS}
        rows.append(_row(CELL_SHEET, values))
    return rows


def cadre_rows(ward, period) -> list[list]:
    """The ward's cadre records in post at the period's end."""
    return rows_of_cadres(Cadre.objects.of_ward(ward).on(period.end))


def rows_of_cadres(cadres) -> list[list]:
    """Rows of the cadre sheet for any (scoped) queryset of records, of one ward or several."""
    cadres = (
        cadres.select_related("ward", "neighbourhood")
        .prefetch_related("planning_terms")
        .order_by(vi_collate("ward__name").asc(), "ward_id", "category",
                  vi_collate("full_name").asc(), "pk")
    )  # fmt: skip
    rows = []
    for cadre in cadres:
        values = {c.field: getattr(cadre, c.field, None) for c in CADRE_SHEET.columns[1:]}
        values["unit_code"] = cadre.ward.code
        values["neighbourhood"] = cadre.neighbourhood.name if cadre.neighbourhood_id else ""
        values["planning_terms"] = "; ".join(
            str(t) for t in sorted(cadre.planning_terms.all(), key=lambda t: t.start_year)
        )
        rows.append(_row(CADRE_SHEET, values))
    return rows


def structure_rows(ward, period) -> list[list]:
    """A row per category of each breakdown of the period's forms, with the members the
    report has in it (blank, ready to fill, where it has none); none for a period that is not
    a year (the structure is a year's)."""
    if period.kind != PeriodKind.YEAR:
        return []
    report = Report.objects.filter(ward=ward, period=period).first()
    stored = {}
    if report is not None:
        rows = report.membership.values_list("dimension", "category", "count")
        stored = {(dimension, category): count for dimension, category, count in rows}
    return [
        _row(STRUCTURE_SHEET, {
            "unit_code": ward.code, "dimension": str(dimension.label),
            "category": category.label, "count": stored.get((dimension.code, category.code)),
        })
        for dimension in structure_for(period).dimensions
        for category in dimension.categories
    ]  # fmt: skip


ROWS = {
    "report": report_rows,
    "cells": cell_rows,
    "structure": structure_rows,
    "cadres": cadre_rows,
}


def _instructions(worksheet, ward, period):
    def labels(choices):
        return "; ".join(str(label) for label in choices.labels)

    lines = [
        (_("Figures of %(ward)s (%(code)s) for %(period)s") % {
            "ward": ward.name, "code": ward.code, "period": period}, True),
        (_("Fill in the sheets “%(report)s”, “%(cells)s” and “%(cadres)s”, then import the "
           "file on the ward's page. Nothing is saved before you confirm the preview.") % {
            "report": REPORT_SHEET.title, "cells": CELL_SHEET.title, "cadres": CADRE_SHEET.title,
        }, False),
        (_("Keep the column headings as they are. Write values, not formulas. Counts are whole "
           "numbers, never negative. Dates as dd/mm/yyyy."), False),
        (_("A cell's figures: one row per cell of the ward; the cell's name as listed."), False),
        (_("The membership's structure (“%(structure)s”): one row per category of each "
           "breakdown, named as listed; each breakdown adds up to the cells' members.") % {
            "structure": STRUCTURE_SHEET.title}, False),
        (_("A cadre record: keep its number to change it; leave the number empty for a new "
           "person. A record left out of the file is not deleted."), False),
        (_("Yes/no columns: “%(yes)s” or “%(no)s”.") % {
            "yes": YES_NO[True], "no": YES_NO[False]}, False),
        (_("Kinds of cell: %(list)s") % {"list": labels(CellKind)}, False),
        (_("Quality ratings: %(list)s") % {"list": labels(QualityLevel)}, False),
        (_("Categories: %(list)s") % {"list": labels(Category)}, False),
        (_("Professional education: %(list)s") % {"list": labels(Education)}, False),
        (_("Political theory: %(list)s") % {"list": labels(PoliticalTheory)}, False),
        (_("Planning terms: e.g. 2020-2025; 2025-2030"), False),
    ]  # fmt: skip
    worksheet.column_dimensions["A"].width = 120
    for number, (text, bold) in enumerate(lines, start=1):
        cell = worksheet.cell(row=number, column=1, value=exports.neutralised(text))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True, size=13)


def _fill(worksheet, sheet: Sheet, rows: list[list]):
    heading_fill = PatternFill("solid", fgColor="DDE6F0")
    for index, column in enumerate(sheet.columns, start=1):
        cell = worksheet.cell(row=1, column=index, value=exports.neutralised(str(column.heading)))
        cell.font = Font(bold=True)
        cell.fill = heading_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    for number, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            cell = worksheet.cell(row=number, column=index, value=exports.neutralised(value))
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(value, Decimal):
                cell.number_format = "0.00"
    worksheet.freeze_panes = "A2"


def sheet_response(sheet: Sheet, rows: list[list], fmt: str, name: str) -> HttpResponse:
    """One sheet's rows as a CSV or XLSX download called `name`.`fmt`."""
    if fmt == "csv":
        content, content_type = _csv(sheet, rows), CSV_TYPE
    else:
        book = Workbook()
        _fill(book.active, sheet, rows)
        book.active.title = str(sheet.title)
        out = io.BytesIO()
        book.save(out)
        content, content_type = out.getvalue(), XLSX_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def workbook_bytes(ward, period, sheets=SHEETS, *, instructions=True) -> bytes:
    book = Workbook()
    first = book.active
    if instructions:
        first.title = str(INSTRUCTIONS_TITLE)
        _instructions(first, ward, period)
    else:
        book.remove(first)
    for sheet in sheets:
        _fill(book.create_sheet(str(sheet.title)), sheet, ROWS[sheet.key](ward, period))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_value(value):
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


def csv_bytes(ward, period, sheet: Sheet) -> bytes:
    return _csv(sheet, ROWS[sheet.key](ward, period))


def _csv(sheet: Sheet, rows: list[list]) -> bytes:
    headings = [str(column.heading) for column in sheet.columns]
    return exports.csv_bytes([headings, *([_csv_value(v) for v in row] for row in rows)])
