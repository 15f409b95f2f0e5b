"""Counts too large for the chain that stores and sums them are refused where they are entered
(the import's preview, the admin's form), with the row and column, on SQLite and PostgreSQL
alike — never accepted by the preview and then failing on confirm with "integer out of range".

A cell's count is at most 100.000 and a ward's own at most 1.000.000 (`reports.rules`): the
ward's sums of every cell stay far inside the summaries' 32-bit columns.
"""

from django.urls import reverse

from tests.reports.test_lost_updates import form_data
from tests.spreadsheets.conftest import (
    column_of,
    confirm_url,
    download,
    open_workbook,
    save_workbook,
    set_value,
    state,
    upload,
)
from tests.spreadsheets.test_import import issues_of

HUGE = 2_000_000_000  # two of them overflow a 32-bit sum


def test_two_cells_of_two_billion_members_are_refused_at_the_preview(ward, client_for, alice):
    client = client_for(alice)
    book = open_workbook(download(client, ward))
    for cell in ("Chi bộ Khu phố A1", "Chi bộ Trường A"):
        set_value(book["Chi bộ"], cell, "Đảng viên", HUGE)
    report = book["Báo cáo"]
    report.cell(row=2, column=column_of(report, "Tổng số đảng viên (đảng bộ khai)"), value=2 * HUGE)
    before = state()

    response = upload(client, ward, save_workbook(book))

    assert response.status_code == 400
    issues = issues_of(response)
    assert ("Chi bộ", "2", "Đảng viên", "Số liệu không vượt quá 100.000.") in issues
    assert ("Chi bộ", "3", "Đảng viên", "Số liệu không vượt quá 100.000.") in issues
    assert (
        "Báo cáo",
        "2",
        "Tổng số đảng viên (đảng bộ khai)",
        "Số liệu không vượt quá 1.000.000.",
    ) in issues
    assert client.post(confirm_url(ward), {"token": "x"}).status_code == 409
    assert state() == before


def test_the_admin_refuses_a_count_too_large_on_its_form(ward, client_for, admin):
    client = client_for(admin)
    url = reverse("admin:reports_report_change", args=[ward.report.pk])
    before = state()

    response = client.post(
        url,
        form_data(client.get(url), declared_members=2 * HUGE, **{"cell_figures-0-members": HUGE}),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["declared_members"] == [
        "Số liệu không vượt quá 1.000.000."
    ]
    cell_errors = response.context["inline_admin_formsets"][0].formset.errors
    assert cell_errors[0]["members"] == ["Số liệu không vượt quá 100.000."]
    assert state() == before


def test_a_count_of_five_thousand_digits_is_a_row_error_not_a_server_error(ward, client_for, alice):
    """int() refuses more than 4.300 digits with a ValueError: it once answered 500."""
    client = client_for(alice)
    book = open_workbook(download(client, ward))
    set_value(book["Chi bộ"], "Chi bộ Trường A", "Đảng viên", "9" * 5000)
    before = state()

    response = upload(client, ward, save_workbook(book))

    assert response.status_code == 400
    assert (
        "Chi bộ",
        "3",
        "Đảng viên",
        "Số có 5.000 chữ số là quá lớn để là một số đếm.",
    ) in issues_of(response)
    assert state() == before
