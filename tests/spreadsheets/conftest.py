"""Ward A with a draft report for 2024 (two cells) and three cadre records, and helpers to
download its workbook, change it as a ward secretary would in Excel, and upload it.

    Phường A (99901), 2024, draft, declared 45:
        Chi bộ Khu phố A1   residential, Khu phố A1   30 members, 12 women
        Chi bộ Trường A     school                    15 members,  9 women
    Cadres: Nguyễn Văn An (civil servant, planning 2020-2025), Trần Thị Bình (cadre),
            Lê Văn Cường (part-time in Khu phố A1)
"""

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories
from wardstats.accounts.models import RoleKind
from wardstats.hierarchy.models import CellKind
from wardstats.reports.models import CellFigures, Report
from wardstats.staffing.models import Cadre, Category, Gender


@pytest.fixture
def vera(ward_a):
    user = factories.make_user(username="vera", is_staff=True)
    factories.make_role(user=user, unit=ward_a, kind=RoleKind.WARD_VIEWER)
    return user


@pytest.fixture
def ward(hierarchy):
    h = hierarchy
    school = factories.make_cell(ward=h.ward_a, name="Chi bộ Trường A", kind=CellKind.SCHOOL)
    report = factories.make_report(ward=h.ward_a, period=h.period_2024, declared_members=45)
    factories.make_cell_figures(report=report, cell=h.cell_a, members=30, women=12, admitted=2)
    factories.make_cell_figures(report=report, cell=school, members=15, women=9)
    term = factories.make_planning_term(start_year=2020, end_year=2025)
    factories.make_planning_term(start_year=2025, end_year=2030)
    an = factories.make_cadre(ward=h.ward_a, full_name="Nguyễn Văn An", planning_terms=[term])
    binh = factories.make_cadre(
        ward=h.ward_a,
        full_name="Trần Thị Bình",
        position="Phó Bí thư Đảng ủy",
        category=Category.CADRE,
        gender=Gender.FEMALE,
    )
    cuong = factories.make_cadre(
        ward=h.ward_a,
        full_name="Lê Văn Cường",
        position="Trưởng khu phố",
        category=Category.NEIGHBOURHOOD_PART_TIME,
        neighbourhood=h.neighbourhood_a,
    )
    return SimpleNamespace(
        h=h,
        unit=h.ward_a,
        period=h.period_2024,
        report=report,
        school=school,
        an=an,
        binh=binh,
        cuong=cuong,
    )


def export_url(ward, sheet="workbook", fmt="xlsx"):
    return reverse("spreadsheets:export", args=[ward.unit.pk, sheet, fmt]) + (
        f"?period={ward.period.pk}"
    )


def import_url(ward):
    return reverse("spreadsheets:import", args=[ward.unit.pk]) + f"?period={ward.period.pk}"


def confirm_url(ward):
    return reverse("spreadsheets:confirm", args=[ward.unit.pk]) + f"?period={ward.period.pk}"


def download(client, ward, sheet="workbook", fmt="xlsx") -> bytes:
    response = client.get(export_url(ward, sheet, fmt))
    assert response.status_code == 200, response.status_code
    return response.content


def open_workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def save_workbook(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def column_of(sheet, heading: str) -> int:
    """The 1-based index of the column with this heading in the sheet's first row."""
    for cell in sheet[1]:
        if cell.value == heading:
            return cell.column
    raise AssertionError(f"no column {heading!r} in {[c.value for c in sheet[1]]}")


def row_of(sheet, heading: str, value) -> int:
    column = column_of(sheet, heading)
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=column).value == value:
            return row
    raise AssertionError(f"no row with {heading} = {value!r}")


def set_value(sheet, row_value: str, heading: str, value, *, key="Chi bộ"):
    sheet.cell(row=row_of(sheet, key, row_value), column=column_of(sheet, heading), value=value)


def upload(client, ward, content: bytes, name="so-lieu.xlsx"):
    return client.post(import_url(ward), {"file": SimpleUploadedFile(name, content)})


def state(ward=None) -> dict:
    """Everything an import could change (of one ward, or of all), and the audit trail: equal
    before and after means nothing was saved."""
    reports = Report.objects.order_by("pk")
    figures = CellFigures.objects.order_by("pk")
    cadres = Cadre.objects.order_by("pk").prefetch_related("planning_terms")
    if ward is not None:
        reports, figures, cadres = (
            reports.filter(ward=ward),
            figures.filter(report__ward=ward),
            cadres.filter(ward=ward),
        )
    return {
        "reports": [
            (r.pk, r.declared_members, r.training_attendances, r.propagandists,
             r.mass_mobilisation_models, r.note, r.status, r.version)
            for r in reports
        ],
        "cells": [tuple(model_to_dict(f).items()) for f in figures],
        "cadres": [
            (tuple(model_to_dict(c, exclude=["planning_terms"]).items()),
             tuple(sorted(t.pk for t in c.planning_terms.all())))
            for c in cadres
        ],
        "history": (
            Report.history.count(),
            CellFigures.history.count(),
            Cadre.history.count(),
        ),
    }  # fmt: skip
