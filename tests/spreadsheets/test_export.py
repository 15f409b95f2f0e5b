"""A ward's spreadsheets: exactly the figures stored, Vietnamese headings (English ones in an
English interface), within the user's scope; and who may import."""

import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse

from tests.spreadsheets.conftest import (
    download,
    export_url,
    import_url,
    open_workbook,
    upload,
)
from wardstats.reports.models import CellFigures

pytestmark = pytest.mark.django_db


def rows_of(sheet) -> list[dict]:
    headings = [c.value for c in sheet[1]]
    return [
        dict(zip(headings, [c.value for c in row], strict=True))
        for row in sheet.iter_rows(min_row=2)
    ]


def test_the_workbook_holds_instructions_report_cells_structure_and_cadres(ward, client_for, vera):
    book = open_workbook(download(client_for(vera), ward))
    assert book.sheetnames == ["Hướng dẫn", "Báo cáo", "Chi bộ", "Cơ cấu đảng viên", "Cán bộ"]
    assert "Phường A (99901)" in book["Hướng dẫn"]["A1"].value
    (report,) = rows_of(book["Báo cáo"])
    assert (report["Mã đơn vị"], report["Kỳ báo cáo"]) == ("99901", "Năm 2024")
    assert report["Tổng số đảng viên (đảng bộ khai)"] == 45


def test_the_cells_sheet_has_every_cell_with_its_stored_figures(ward, client_for, vera):
    rows = rows_of(open_workbook(download(client_for(vera), ward))["Chi bộ"])
    stored = {f.cell.name: f for f in CellFigures.objects.select_related("cell")}
    assert [r["Chi bộ"] for r in rows] == ["Chi bộ Khu phố A1", "Chi bộ Trường A"]
    for row in rows:
        figures = stored[row["Chi bộ"]]
        assert row["Đảng viên"] == figures.members
        assert row["Trong đó nữ"] == figures.women
        assert row["Kết nạp"] == figures.admitted
    first = rows[0]
    assert (first["Loại chi bộ"], first["Thôn, tổ dân phố"]) == ("khu dân cư", "Khu phố A1")
    assert first["Đã kiểm điểm"] == "Không"


def test_the_cadres_sheet_lists_the_records_in_post_with_their_numbers(ward, client_for, vera):
    rows = rows_of(open_workbook(download(client_for(vera), ward))["Cán bộ"])
    by_name = {r["Họ và tên"]: r for r in rows}
    assert set(by_name) == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"}
    an = by_name["Nguyễn Văn An"]
    assert (an["Mã hồ sơ"], an["Quy hoạch"], an["Năm sinh"]) == (ward.an.pk, "2020-2025", 1985)
    assert by_name["Lê Văn Cường"]["Thôn, tổ dân phố"] == "Khu phố A1"
    assert by_name["Trần Thị Bình"]["Giới tính"] == "nữ"


def test_a_record_that_left_before_the_period_ended_is_not_listed(ward, client_for, vera):
    import datetime

    ward.binh.valid_to = datetime.date(2024, 6, 30)
    ward.binh.save()
    rows = rows_of(open_workbook(download(client_for(vera), ward))["Cán bộ"])
    assert "Trần Thị Bình" not in {r["Họ và tên"] for r in rows}


def test_csv_has_a_byte_order_mark_and_the_same_rows(ward, client_for, vera):
    client = client_for(vera)
    content = download(client, ward, "cells", "csv")
    assert content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert [(r["Chi bộ"], r["Đảng viên"]) for r in rows] == [
        ("Chi bộ Khu phố A1", "30"),
        ("Chi bộ Trường A", "15"),
    ]


def test_one_sheet_as_xlsx(ward, client_for, vera):
    book = open_workbook(download(client_for(vera), ward, "cadres", "xlsx"))
    assert book.sheetnames == ["Cán bộ"]
    assert len(rows_of(book["Cán bộ"])) == 3


def test_an_english_interface_gets_english_headings_that_import_back(ward, client_for, alice):
    client = client_for(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    book = open_workbook(download(client, ward))
    assert book.sheetnames == ["Instructions", "Report", "Cells", "Membership structure", "Cadres"]
    assert [c.value for c in book["Cells"][1]][:5] == [
        "unit code",
        "cell",
        "kind of cell",
        "neighbourhood",
        "members",
    ]
    response = upload(client, ward, download(client, ward))
    assert "The file changes nothing" in response.content.decode()


@pytest.mark.parametrize(
    ("sheet", "fmt"), [("workbook", "csv"), ("people", "xlsx"), ("cells", "pdf")]
)
def test_an_unknown_sheet_or_format_is_404(ward, client_for, vera, sheet, fmt):
    assert client_for(vera).get(export_url(ward, sheet, fmt)).status_code == 404


@pytest.mark.parametrize("sheet", ["workbook", "cells", "cadres", "report"])
def test_another_wards_editor_cannot_export_this_ward(ward, client_for, bob, sheet):
    fmt = "xlsx" if sheet == "workbook" else "csv"
    assert client_for(bob).get(export_url(ward, sheet, fmt)).status_code == 404


def test_the_district_officer_exports_the_wards_below(ward, client_for, olga):
    assert client_for(olga).get(export_url(ward)).status_code == 200


@pytest.mark.parametrize(("persona", "status"), [("vera", 403), ("olga", 403), ("bob", 404)])
def test_only_editors_of_the_ward_may_import(ward, client_for, request, persona, status):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(import_url(ward)).status_code == status
    before = CellFigures.objects.get(cell=ward.school).members
    assert upload(client, ward, b"x,y\n1,2\n", name="a.csv").status_code == status
    assert CellFigures.objects.get(cell=ward.school).members == before


def test_anonymous_people_are_sent_to_log_in(ward, client):
    response = client.get(import_url(ward))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_ward_page_links_spreadsheets_and_import_only_for_editors(
    ward, client_for, alice, vera
):
    url = reverse("dashboards:ward", args=[ward.unit.pk]) + f"?period={ward.period.pk}"
    editor = client_for(alice).get(url).content.decode()
    viewer = client_for(vera).get(url).content.decode()
    workbook = reverse("spreadsheets:export", args=[ward.unit.pk, "workbook", "xlsx"])
    importer = reverse("spreadsheets:import", args=[ward.unit.pk])
    assert workbook in editor and workbook in viewer
    assert importer in editor
    assert importer not in viewer


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_cadre_list_in_the_admin_exports_the_selection_within_scope(
    ward, client_for, alice, fmt
):
    from tests import factories
    from wardstats.staffing.models import Cadre

    other = factories.make_cadre(ward=ward.h.ward_b, full_name="Người Phường B")
    client = client_for(alice)
    response = client.post(
        reverse("admin:staffing_cadre_changelist"),
        {
            "action": f"export_{fmt}",
            "_selected_action": [c.pk for c in Cadre.objects.all()],  # ward B's too
            "index": 0,
        },
    )
    assert response.status_code == 200
    if fmt == "xlsx":
        rows = rows_of(open_workbook(response.content)["Cán bộ"])
    else:
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = {r["Họ và tên"] for r in rows}
    assert names == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"}
    assert other.full_name not in names
    if fmt == "xlsx":  # what the admin exports imports back into the ward unchanged
        imported = upload(client, ward, response.content)
        assert "Tệp này không thay đổi gì" in imported.content.decode()
