"""The membership's structure in the ward's workbook (sheet "Cơ cấu đảng viên"): a row per
category of each breakdown of the year's forms, exported with the stored counts, read back with
the same all-or-nothing preview as the other sheets, saved through the report's service with
its audit trail; an unknown category or a repeated one is refused at its row and column."""

import pytest

from tests.spreadsheets.conftest import (
    confirm_url,
    download,
    open_workbook,
    save_workbook,
    upload,
)
from tests.spreadsheets.test_import import issues_of
from wardstats.reports.models import MembershipCount
from wardstats.reports.structure import structure_for

pytestmark = pytest.mark.django_db

SHEET = "Cơ cấu đảng viên"


def rows(book) -> list[tuple]:
    sheet = book[SHEET]
    return [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=2)]


def set_count(book, dimension: str, category: str, count):
    sheet = book[SHEET]
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == dimension and row[2].value == category:
            row[3].value = count
            return row[0].row
    raise AssertionError(f"no row {dimension} / {category}")


def counts(report) -> dict:
    return {(m.dimension, m.category): m.count for m in MembershipCount.objects.filter(
        report=report)}  # fmt: skip


def test_the_workbook_holds_every_category_of_the_years_forms_with_its_count(
    ward, client_for, alice
):
    book = open_workbook(download(client_for(alice), ward))
    version = structure_for(ward.period)
    expected = [
        (category.label, counts(ward.report).get((d.code, category.code)))
        for d in version.dimensions
        for category in d.categories
    ]
    assert [(r[2], r[3]) for r in rows(book)] == expected
    assert {r[0] for r in rows(book)} == {ward.unit.code}
    assert "Dưới 30" not in {r[2] for r in rows(book)}  # the forms' words, not ours


def test_a_changed_count_is_previewed_then_saved_with_its_history(ward, client_for, alice):
    client = client_for(alice)
    book = open_workbook(download(client, ward))
    age = structure_for(ward.period).dimension("age")
    first, second = age.categories[0], age.categories[1]
    stored = counts(ward.report)
    set_count(book, "tuổi đời", first.label, stored[("age", first.code)] - 5)
    set_count(book, "tuổi đời", second.label, 5)
    preview = upload(client, ward, save_workbook(book))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert f"{stored[('age', first.code)]} → <strong>{stored[('age', first.code)] - 5}" in html
    assert counts(ward.report) == stored, "a preview saves nothing"
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    assert client.post(confirm_url(ward), {"token": token}).status_code == 302
    now = counts(ward.report)
    assert now[("age", first.code)] == stored[("age", first.code)] - 5
    assert now[("age", second.code)] == 5
    row = MembershipCount.objects.get(report=ward.report, dimension="age", category=second.code)
    assert row.history.latest().history_user == alice


def test_an_unknown_or_repeated_category_is_refused_at_its_row_and_nothing_is_saved(
    ward, client_for, alice
):
    client = client_for(alice)
    book = open_workbook(download(client, ward))
    sheet = book[SHEET]
    sheet.cell(row=2, column=3, value="Từ 18 đến 25 tuổi")
    sheet.cell(row=4, column=3, value=sheet.cell(row=3, column=3).value)
    stored = counts(ward.report)
    issues = issues_of(upload(client, ward, save_workbook(book)))
    assert issues[0][:3] == (SHEET, "2", "hạng mục")
    assert "Từ 18 đến 25 tuổi" in issues[0][3]
    assert issues[1][:3] == (SHEET, "4", "hạng mục")
    assert "dòng 3" in issues[1][3]
    assert counts(ward.report) == stored
