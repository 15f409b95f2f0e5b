"""Import bombs and hidden content (issue [hardening] items 2 and 7): every hostile file of
`attacks` is refused with a message in Vietnamese that names the limit, and nothing is saved.

What each costs the server (time, memory) is measured by `make bench-uploads`, not here.
"""

import functools

import pytest
from django.test import override_settings

from tests.spreadsheets import attacks
from tests.spreadsheets.conftest import download, open_workbook, save_workbook, state, upload

pytestmark = pytest.mark.django_db

REFUSED = "Tệp bị từ chối; không có gì được lưu."
DAMAGED = "Không đọc được tệp này như một sổ Excel (.xlsx)"

XLSX_CASES = [
    ("declared dimension A1:XFD1048576", attacks.declared_dimension,
     "Trang tính “Chi bộ” vượt quá cột 40; chỉ đọc được tối đa 40 cột"),
    ("a dimension of 6.000 rows", functools.partial(attacks.declared_dimension, ref="A1:R6000"),
     "Trang tính “Chi bộ” vượt quá dòng 2.000; chỉ đọc được tối đa 2.000 dòng"),
    ("16.384 columns", attacks.wide_row,
     "Trang tính “Chi bộ” vượt quá cột 40; chỉ đọc được tối đa 40 cột"),
    ("row 1.048.576", attacks.far_row,
     "Trang tính “Chi bộ” vượt quá dòng 2.000; chỉ đọc được tối đa 2.000 dòng"),
    ("200.000 blank rows", attacks.blank_rows,
     "Trang tính “Chi bộ” vượt quá dòng 2.000; chỉ đọc được tối đa 2.000 dòng"),
    ("20 MB of whitespace", functools.partial(attacks.whitespace, megabytes=20),
     "chỉ đọc được tối đa 10,0\xa0MB"),
    ("20 MB of whitespace in a sheet",
     functools.partial(attacks.whitespace_in_sheet, megabytes=20),
     "chỉ đọc được tối đa 10,0\xa0MB"),
    ("a zip lying about its sizes", functools.partial(attacks.lying_sizes, megabytes=20),
     DAMAGED),
    ("a billion laughs", attacks.entities, "Sổ tính khai báo thực thể XML"),
    ("5.000 parts", attacks.many_parts, "chỉ đọc được tối đa 200 phần"),
    ("a million cell formats", attacks.styles, "Sổ tính chứa hơn 20.000 phần tử XML"),
    ("macros", attacks.macros, "Sổ tính có macro (.xlsm) không được nhập"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "attack", "message"), XLSX_CASES, ids=[c[0] for c in XLSX_CASES])
def test_a_hostile_workbook_is_refused_naming_the_limit(
    ward, client_for, alice, case, attack, message
):
    client = client_for(alice)
    content = attack(download(client, ward))
    before = state()

    response = upload(client, ward, content)

    assert response.status_code == 400, case
    html = response.content.decode()
    assert REFUSED in html
    assert message in html, html[html.find("<main") :][:1500]
    assert state() == before


CSV_CASES = [
    ("a million columns", attacks.csv_wide,
     "Trang tính “Chi bộ” vượt quá cột 40; chỉ đọc được tối đa 40 cột"),
    ("a million rows", attacks.csv_tall,
     "Trang tính “Chi bộ” vượt quá dòng 2.000; chỉ đọc được tối đa 2.000 dòng"),
    ("a value of 1,5 million characters", attacks.csv_long_value,
     "Không đọc được tệp CSV ở dòng 2"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "attack", "message"), CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_a_hostile_csv_is_refused_naming_the_limit(ward, client_for, alice, case, attack, message):
    client = client_for(alice)
    before = state()

    response = upload(client, ward, attack(), name="chi-bo.csv")

    assert response.status_code == 400, case
    html = response.content.decode()
    assert REFUSED in html
    assert message in html, html[html.find("<main") :][:1500]
    assert state() == before


def test_the_limits_are_settings(ward, client_for, alice):
    """An installation may set its own limits; the message names the one in force."""
    client = client_for(alice)
    content = download(client, ward)  # the cells' sheet has 3 rows and 30 columns
    with override_settings(WARDSTATS_IMPORT_MAX_COLUMNS=13):  # the report's sheet has 12
        response = upload(client, ward, content)
    html = response.content.decode()
    assert "Trang tính “Chi bộ” vượt quá cột 13" in html, html[html.find("<main") :][:1500]
    with override_settings(WARDSTATS_IMPORT_MAX_ROWS=2):
        response = upload(client, ward, content)
    assert "vượt quá dòng 2; chỉ đọc được tối đa 2 dòng" in response.content.decode()
    with override_settings(WARDSTATS_IMPORT_MAX_UNZIPPED_BYTES=1000):
        response = upload(client, ward, content)
    assert "chỉ đọc được tối đa 1000\xa0byte" in response.content.decode()


def test_a_file_at_the_limits_is_read(ward, client_for, alice):
    """The limits leave room: the ward's own workbook with its cells' sheet padded with blank
    cells out to the last column allowed and the last row allowed imports as unchanged."""
    client = client_for(alice)
    book = open_workbook(download(client, ward))
    book["Chi bộ"].cell(row=2000, column=40, value=" ")
    before = state()

    response = upload(client, ward, save_workbook(book))

    assert response.status_code == 200
    assert "Tệp này không thay đổi gì" in response.content.decode()
    assert state() == before


@pytest.mark.parametrize("visibility", ["hidden", "veryHidden"])
def test_a_hidden_sheet_is_refused(ward, client_for, alice, visibility):
    client = client_for(alice)
    book = open_workbook(download(client, ward))
    book["Cán bộ"].sheet_state = visibility
    before = state()

    response = upload(client, ward, save_workbook(book))

    assert response.status_code == 400
    html = response.content.decode()
    assert "Trang tính “Cán bộ” đang bị ẩn" in html
    assert state() == before


def test_a_macro_enabled_file_is_refused_by_its_name(ward, client_for, alice):
    client = client_for(alice)
    before = state()
    response = upload(client, ward, download(client, ward), name="so-lieu.xlsm")
    assert response.status_code == 400
    assert "Sổ tính có macro (.xlsm) không được nhập" in response.content.decode()
    assert state() == before
