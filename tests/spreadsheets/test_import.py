"""Importing a ward's workbook: preview, confirm, all or nothing; every malformed file refused
with its message in Vietnamese, at its sheet, row and column, and the database unchanged."""

import csv
import io
import zipfile

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.spreadsheets.conftest import (
    column_of,
    confirm_url,
    download,
    import_url,
    open_workbook,
    row_of,
    save_workbook,
    set_value,
    state,
    upload,
)
from wardstats.indicators.models import WardPeriodFigures
from wardstats.reports.models import CellFigures, Report, ReportStatus
from wardstats.staffing.models import Cadre

pytestmark = pytest.mark.django_db


def issues_of(response) -> list[tuple[str, str, str, str]]:
    """The problems table of a preview: (sheet, row, column, message) per line."""
    html = response.content.decode()
    assert 'class="data issues"' in html, "the preview shows no problems table"
    body = html.split('class="data issues"', 1)[1].split("</table>", 1)[0]
    rows = []
    for tr in body.split("<tr>")[2:]:
        cells = [c.split("</td>", 1)[0] for c in tr.split("<td")[1:]]
        cells = [c.split(">", 1)[1] if ">" in c else c for c in cells]
        rows.append(tuple(cells))
    return rows


def test_the_exported_workbook_imports_as_unchanged_and_offers_nothing_to_save(
    ward, client_for, alice
):
    client = client_for(alice)
    before = state()
    response = upload(client, ward, download(client, ward))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tệp này không thay đổi gì" in html
    assert "Lưu các thay đổi này" not in html
    assert state() == before


def test_a_changed_figure_is_previewed_then_saved_with_the_reason_and_the_dashboards_show_it(
    ward, client_for, alice
):
    client = client_for(alice)
    book = open_workbook(download(client, ward))
    set_value(book["Chi bộ"], "Chi bộ Trường A", "Đảng viên", 17)
    set_value(book["Chi bộ"], "Chi bộ Trường A", "Trong đó nữ", 10)
    set_value(book["Báo cáo"], "99901", "Tổng số đảng viên (đảng bộ khai)", 47, key="Mã đơn vị")
    before = state()

    preview = upload(client, ward, save_workbook(book))

    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Đảng viên: 15 → <strong>17</strong>" in html
    assert "Trong đó nữ: 9 → <strong>10</strong>" in html
    assert state() == before, "a preview saves nothing"

    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    done = client.post(confirm_url(ward), {"token": token})

    assert done.status_code == 302
    figures = CellFigures.objects.get(report=ward.report, cell=ward.school)
    assert (figures.members, figures.women) == (17, 10)
    report = Report.objects.get(pk=ward.report.pk)
    assert report.declared_members == 47
    assert report.version == ward.report.version + 1
    record = figures.history.latest()
    assert record.history_change_reason == "Nhập từ bảng tính so-lieu.xlsx"
    assert record.history_user == alice
    summary = WardPeriodFigures.objects.get(ward=ward.unit, period=ward.period)
    assert summary.members == 47
    # The other cell, unchanged in the file, has no new history record.
    assert CellFigures.objects.get(cell=ward.h.cell_a).history.count() == 1


def test_new_cadre_and_changed_planning_terms(ward, client_for, alice):
    client = client_for(alice)
    book = open_workbook(download(client, ward))
    sheet = book["Cán bộ"]
    set_value(sheet, "Nguyễn Văn An", "Quy hoạch", "2020-2025; 2025-2030", key="Họ và tên")
    new_row = sheet.max_row + 1
    values = {
        "Mã đơn vị": "99901",
        "Họ và tên": "Phạm Thị Dung",
        "Chức vụ": "Công chức Tư pháp - Hộ tịch",
        "Loại cán bộ": "công chức",
        "Giới tính": "nữ",
        "Năm sinh": 1990,
        "Trình độ chuyên môn": "đại học",
        "Lý luận chính trị": "trung cấp",
        "Đạt chuẩn chức danh": "Có",
        "Từ ngày": "01/03/2024",
    }
    for heading, value in values.items():
        sheet.cell(row=new_row, column=column_of(sheet, heading), value=value)

    preview = upload(client, ward, save_workbook(book))
    assert preview.status_code == 200, issues_of(preview)
    token = preview.content.decode().split('name="token" value="', 1)[1].split('"', 1)[0]
    assert client.post(confirm_url(ward), {"token": token}).status_code == 302

    dung = Cadre.objects.get(full_name="Phạm Thị Dung")
    assert (dung.ward, dung.birth_year, dung.valid_from.isoformat()) == (
        ward.unit,
        1990,
        "2024-03-01",
    )
    terms = sorted(str(t) for t in Cadre.objects.get(pk=ward.an.pk).planning_terms.all())
    assert terms == ["2020-2025", "2025-2030"]


def test_a_single_sheet_as_csv_imports(ward, client_for, alice):
    client = client_for(alice)
    text = download(client, ward, "cells", "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    members = rows[0].index("Đảng viên")
    for row in rows[1:]:
        if row[1] == "Chi bộ Khu phố A1":
            row[members] = "31"
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)  # Excel in Vietnamese writes semicolons

    preview = upload(client, ward, out.getvalue().encode("utf-8"), name="chi-bo.csv")

    assert preview.status_code == 200, issues_of(preview)
    token = preview.content.decode().split('name="token" value="', 1)[1].split('"', 1)[0]
    client.post(confirm_url(ward), {"token": token})
    assert CellFigures.objects.get(cell=ward.h.cell_a).members == 31


def _changed_and_previewed(client, ward):
    book = open_workbook(download(client, ward))
    set_value(book["Chi bộ"], "Chi bộ Trường A", "Đảng viên", 16)
    preview = upload(client, ward, save_workbook(book))
    return preview.content.decode().split('name="token" value="', 1)[1].split('"', 1)[0]


def test_confirming_after_someone_else_changed_the_figures_saves_nothing(ward, client_for, alice):
    client = client_for(alice)
    token = _changed_and_previewed(client, ward)
    # Meanwhile, in the admin, a colleague corrects the same cell.
    figures = CellFigures.objects.get(cell=ward.school)
    figures.members = 14
    figures.save()
    before = state()

    response = client.post(confirm_url(ward), {"token": token})

    assert response.status_code == 409
    assert "Số liệu đã thay đổi kể từ khi bạn xem trước" in response.content.decode()
    assert "Đảng viên: 14 → <strong>16</strong>" in response.content.decode()
    assert state() == before


def test_confirming_twice_or_with_a_stale_token_saves_nothing_more(ward, client_for, alice):
    client = client_for(alice)
    token = _changed_and_previewed(client, ward)
    assert client.post(confirm_url(ward), {"token": "0" * 32}).status_code == 409
    assert CellFigures.objects.get(cell=ward.school).members == 15
    assert client.post(confirm_url(ward), {"token": token}).status_code == 302
    after = state()
    again = client.post(confirm_url(ward), {"token": token})
    assert again.status_code == 409
    assert "Bản xem trước này không còn hiệu lực" in again.content.decode()
    assert state() == after


def test_a_submitted_report_refuses_changed_figures(ward, client_for, alice):
    client = client_for(alice)
    content = download(client, ward)
    Report.objects.filter(pk=ward.report.pk).update(status=ReportStatus.SUBMITTED)
    book = open_workbook(content)
    set_value(book["Chi bộ"], "Chi bộ Trường A", "Đảng viên", 16)
    before = state()

    response = upload(client, ward, save_workbook(book))

    assert response.status_code == 400
    assert "Báo cáo đang ở trạng thái đã gửi" in response.content.decode()
    assert "Lưu các thay đổi này" not in response.content.decode()
    assert state() == before


def test_a_ward_without_a_report_gets_one_from_the_report_sheet(ward, client_for, alice):
    client = client_for(alice)
    period = ward.h.period_2025
    url = reverse("spreadsheets:export", args=[ward.unit.pk, "workbook", "xlsx"])
    book = open_workbook(client.get(f"{url}?period={period.pk}").content)
    set_value(book["Báo cáo"], "99901", "Tổng số đảng viên (đảng bộ khai)", 32, key="Mã đơn vị")
    set_value(book["Chi bộ"], "Chi bộ Khu phố A1", "Đảng viên", 32)
    set_value(book["Chi bộ"], "Chi bộ Trường A", "Đảng viên", 0)
    imported = reverse("spreadsheets:import", args=[ward.unit.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    preview = client.post(
        f"{imported}?period={period.pk}",
        {"file": SimpleUploadedFile("2025.xlsx", save_workbook(book))},
    )
    assert preview.status_code == 200, issues_of(preview)
    token = preview.content.decode().split('name="token" value="', 1)[1].split('"', 1)[0]
    confirm = reverse("spreadsheets:confirm", args=[ward.unit.pk])
    assert client.post(f"{confirm}?period={period.pk}", {"token": token}).status_code == 302
    report = Report.objects.get(ward=ward.unit, period=period)
    assert (report.declared_members, report.status, report.cell_figures.count()) == (
        32,
        ReportStatus.DRAFT,
        2,
    )


# --- Malformed files: each refused with its message, nothing changed --------------------


def _workbook_with(client, ward, change):
    book = open_workbook(download(client, ward))
    change(book)
    return save_workbook(book)


def _delete_column(sheet_name, heading):
    def change(book):
        sheet = book[sheet_name]
        sheet.delete_cols(column_of(sheet, heading))

    return change


def _rename_column(sheet_name, heading, new):
    def change(book):
        sheet = book[sheet_name]
        sheet.cell(row=1, column=column_of(sheet, heading), value=new)

    return change


def _value(sheet_name, row_value, heading, value, key="Chi bộ"):
    def change(book):
        set_value(book[sheet_name], row_value, heading, value, key=key)

    return change


def _duplicate_cell(book):
    sheet = book["Chi bộ"]
    source = row_of(sheet, "Chi bộ", "Chi bộ Trường A")
    target = sheet.max_row + 1
    for column in range(1, sheet.max_column + 1):
        sheet.cell(row=target, column=column, value=sheet.cell(row=source, column=column).value)


def _headings_only(book):
    for name in ("Báo cáo", "Chi bộ", "Cơ cấu đảng viên", "Cán bộ"):
        sheet = book[name]
        sheet.delete_rows(2, sheet.max_row)


# (case, file builder, expected sheet, row, column, message fragment)
MALFORMED_WORKBOOKS = [
    ("missing column", _delete_column("Chi bộ", "Trong đó nữ"),
     "Chi bộ", "1", "Trong đó nữ", "Thiếu cột “Trong đó nữ” (hoặc cột đã bị đổi tên)."),
    ("renamed column", _rename_column("Chi bộ", "Kết nạp", "Số kết nạp mới"),
     "Chi bộ", "1", "—", "Cột không rõ “Số kết nạp mới”."),
    ("text in a number cell", _value("Chi bộ", "Chi bộ Trường A", "Đảng viên", "mười lăm"),
     "Chi bộ", "3", "Đảng viên", "“mười lăm” không phải là số nguyên."),
    ("negative count", _value("Chi bộ", "Chi bộ Trường A", "Từ trần", -1),
     "Chi bộ", "3", "Từ trần", "Số lượng không được âm (-1)."),
    ("duplicate cell", _duplicate_cell,
     "Chi bộ", "4", "Chi bộ", "Chi bộ “Chi bộ Trường A” đã có ở dòng 3."),
    ("unknown neighbourhood (cell)",
     _value("Chi bộ", "Chi bộ Khu phố A1", "Thôn, tổ dân phố", "Khu phố Không Có"),
     "Chi bộ", "2", "Thôn, tổ dân phố", "Phường A không có thôn, tổ dân phố “Khu phố Không Có”"),
    ("unknown neighbourhood (cadre)",
     _value("Cán bộ", "Lê Văn Cường", "Thôn, tổ dân phố", "Thôn Lạ", key="Họ và tên"),
     "Cán bộ", "4", "Thôn, tổ dân phố", "Phường A không có thôn, tổ dân phố “Thôn Lạ”"),
    ("row of another ward", _value("Chi bộ", "Chi bộ Trường A", "Mã đơn vị", "99902"),
     "Chi bộ", "3", "Mã đơn vị", "Dòng này thuộc đơn vị “99902”, không phải Phường A (99901)."),
    ("formula instead of a value", _value("Chi bộ", "Chi bộ Trường A", "Đảng viên", "=9+6"),
     "Chi bộ", "3", "Đảng viên", "Công thức (=9+6): hãy ghi chính giá trị"),
    ("women above members", _value("Chi bộ", "Chi bộ Trường A", "Trong đó nữ", 16),
     "Chi bộ", "3", "Trong đó nữ", "Số đảng viên nữ không được vượt quá số đảng viên của chi bộ."),
    ("unknown cell", _value("Chi bộ", "Chi bộ Trường A", "Chi bộ", "Chi bộ Trường Z"),
     "Chi bộ", "3", "Chi bộ", "Phường A không có chi bộ “Chi bộ Trường Z”"),
    ("unknown cadre record", _value("Cán bộ", "Nguyễn Văn An", "Mã hồ sơ", 999999, key="Họ và tên"),
     "Cán bộ", "3", "Mã hồ sơ", "Phường A không có hồ sơ số 999999"),
    ("unknown choice", _value("Cán bộ", "Nguyễn Văn An", "Giới tính", "khác", key="Họ và tên"),
     "Cán bộ", "3", "Giới tính", "“khác” không thuộc các giá trị: nam; nữ."),
    ("bad date", _value("Cán bộ", "Nguyễn Văn An", "Từ ngày", "31/02/2020", key="Họ và tên"),
     "Cán bộ", "3", "Từ ngày", "“31/02/2020” không phải là ngày (ghi theo dd/mm/yyyy)."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "change", "sheet", "row", "column", "message"),
    MALFORMED_WORKBOOKS,
    ids=[case[0] for case in MALFORMED_WORKBOOKS],
)
def test_a_malformed_workbook_is_refused_at_its_row_and_column(
    ward, client_for, alice, case, change, sheet, row, column, message
):
    client = client_for(alice)
    content = _workbook_with(client, ward, change)
    before = state()

    response = upload(client, ward, content)

    assert response.status_code == 400, case
    html = response.content.decode()
    assert "không có gì được lưu" in html
    assert "Lưu các thay đổi này" not in html
    found = [i for i in issues_of(response) if message in i[3]]
    assert found, issues_of(response)
    assert found[0][:3] == (sheet, row, column), found
    assert state() == before
    assert client.post(confirm_url(ward), {"token": "x"}).status_code == 409
    assert state() == before


def _damage(content: bytes, member: str) -> bytes:
    """The workbook with one of its XML parts cut short: a valid zip, broken inside."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename == member else data)
    return out.getvalue()


MALFORMED_FILES = [
    ("empty file", "so-lieu.xlsx", lambda content: b"", "Tệp rỗng."),
    ("not a spreadsheet", "ghi-chu.txt", lambda content: "Báo cáo năm".encode(),
     "Đây không phải bảng tính"),
    ("a damaged workbook", "so-lieu.xlsx", lambda content: content[: len(content) // 2],
     "Không đọc được tệp này như một sổ Excel (.xlsx)"),
    ("a workbook whose XML is damaged", "so-lieu.xlsx",
     lambda content: _damage(content, "xl/workbook.xml"),
     "Không đọc được tệp này như một sổ Excel (.xlsx)"),
    ("a sheet whose XML is damaged", "so-lieu.xlsx",
     lambda content: _damage(content, "xl/worksheets/sheet3.xml"),
     "Không đọc được tệp này như một sổ Excel (.xlsx)"),
    ("an old Excel file", "so-lieu.xls", lambda content: b"\xd0\xcf\x11\xe0" + b"\x00" * 64,
     "Không đọc được loại tệp này"),
    ("a CSV not in UTF-8", "chi-bo.csv",
     lambda content: "Mã,Chi bô\n99901,Chi bô Trường A\n".encode("latin-1", "replace"),
     "Tệp CSV không ở dạng UTF-8"),
    ("a CSV of something else", "khac.csv", lambda content: b"a,b,c\n1,2,3\n",
     "Dòng đầu của tệp CSV phải là tiêu đề các cột"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "name", "make", "message"), MALFORMED_FILES, ids=[c[0] for c in MALFORMED_FILES]
)
def test_a_file_that_is_not_a_readable_spreadsheet_is_refused(
    ward, client_for, alice, case, name, make, message
):
    client = client_for(alice)
    content = make(download(client, ward))
    before = state()

    response = upload(client, ward, content, name=name)

    assert response.status_code == 400, case
    html = response.content.decode()
    assert "Tệp bị từ chối; không có gì được lưu." in html
    assert message in html, html[html.find("<main") :][:1500]
    assert state() == before


def test_a_workbook_with_headings_but_no_rows_is_refused(ward, client_for, alice):
    client = client_for(alice)
    before = state()
    response = upload(client, ward, _workbook_with(client, ward, _headings_only))
    assert response.status_code == 400
    assert "Tệp không có dòng số liệu nào dưới tiêu đề cột." in response.content.decode()
    assert state() == before


def test_a_file_over_the_size_limit_is_refused(ward, client_for, alice):
    client = client_for(alice)
    content = download(client, ward)
    before = state()
    with override_settings(WARDSTATS_IMPORT_MAX_BYTES=1024):
        response = upload(client, ward, content)
    assert response.status_code == 400
    assert "chỉ nhập được tối đa 1,0\xa0KB" in response.content.decode()
    assert state() == before


def test_a_file_with_an_unknown_sheet_is_refused(ward, client_for, alice):
    client = client_for(alice)
    content = _workbook_with(client, ward, lambda book: book.create_sheet("Trang tính 2"))
    before = state()
    response = upload(client, ward, content)
    assert response.status_code == 400
    assert "Trang tính “Trang tính 2” không thuộc sổ này" in response.content.decode()
    assert state() == before


def test_several_problems_are_all_listed_at_once(ward, client_for, alice):
    client = client_for(alice)

    def change(book):
        set_value(book["Chi bộ"], "Chi bộ Trường A", "Đảng viên", "abc")
        set_value(book["Chi bộ"], "Chi bộ Khu phố A1", "Kết nạp", -2)
        set_value(book["Cán bộ"], "Trần Thị Bình", "Năm sinh", 1800, key="Họ và tên")

    response = upload(client, ward, _workbook_with(client, ward, change))
    assert response.status_code == 400
    places = {(sheet, row, column) for sheet, row, column, _message in issues_of(response)}
    assert {("Chi bộ", "3", "Đảng viên"), ("Chi bộ", "2", "Kết nạp")} <= places
    assert any(place[0] == "Cán bộ" and place[2] == "Năm sinh" for place in places)


def test_the_import_page_explains_the_steps_and_links_the_template(ward, client_for, alice):
    response = client_for(alice).get(import_url(ward))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("spreadsheets:export", args=[ward.unit.pk, "workbook", "xlsx"]) in html
    assert 'type="file"' in html
