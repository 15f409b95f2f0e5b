"""A workbook downloaded before the interface took the Party's own words still imports: its
former headings ("Khu phố, thôn", "Xóa tên, khai trừ", "Đưa ra khỏi Đảng" …) and labels
("chưa có"; "cử nhân", now one level with "cao cấp") are read as the new ones."""

import pytest

from tests.spreadsheets.conftest import download, state, upload
from tests.spreadsheets.test_import import _rename_column, _value, _workbook_with
from wardstats.staffing.models import Cadre, PoliticalTheory

pytestmark = pytest.mark.django_db

FORMER = [
    ("Chi bộ", "Thôn, tổ dân phố", "Khu phố, thôn"),
    ("Chi bộ", "Xóa tên", "Xóa tên, khai trừ"),
    ("Chi bộ", "Xóa tên", "Đưa ra khỏi Đảng"),
    ("Chi bộ", "Bí thư kiêm trưởng thôn, tổ dân phố", "Bí thư kiêm trưởng khu"),
    ("Cán bộ", "Thôn, tổ dân phố", "Khu phố, thôn"),
]


@pytest.mark.parametrize(("sheet", "heading", "former"), FORMER)
def test_a_former_heading_reads_as_the_new_one(ward, client_for, alice, sheet, heading, former):
    client = client_for(alice)
    content = _workbook_with(client, ward, _rename_column(sheet, heading, former))
    before = state()
    response = upload(client, ward, content)
    assert response.status_code == 200
    assert "Tệp này không thay đổi gì" in response.content.decode()
    assert state() == before


@pytest.mark.parametrize("word", ["cử nhân", "Cao cấp", "bachelor (cử nhân)"])
def test_a_former_theory_label_reads_as_the_one_level(ward, client_for, alice, word):
    client = client_for(alice)
    change = _value("Cán bộ", "Lê Văn Cường", "Lý luận chính trị", word, key="Họ và tên")
    response = upload(client, ward, _workbook_with(client, ward, change))
    assert response.status_code == 200
    html = response.content.decode()
    assert "cao cấp, cử nhân" in html
    assert Cadre.objects.get(pk=ward.cuong.pk).political_theory != PoliticalTheory.ADVANCED
    assert "Lưu các thay đổi này" in html


def test_the_export_writes_the_one_level(ward, client_for, alice):
    import io

    from openpyxl import load_workbook

    Cadre.objects.filter(pk=ward.cuong.pk).update(political_theory=PoliticalTheory.ADVANCED)
    book = load_workbook(io.BytesIO(download(client_for(alice), ward)))
    values = [c.value for row in book["Cán bộ"].iter_rows() for c in row]
    assert "cao cấp, cử nhân" in values
