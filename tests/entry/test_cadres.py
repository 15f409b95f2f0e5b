"""The ward's cadre records on the secretary's screens: added, corrected (never over someone
else's correction), ended with the day the person left, the list confirmed for the period."""

import datetime

import pytest
from django.urls import reverse

from tests import factories
from wardstats.staffing.models import Cadre, CadreListConfirmation

pytestmark = pytest.mark.django_db


def url(name, ward, *args, period) -> str:
    return f"{reverse(name, args=[ward.pk, *args])}?period={period.pk}"


def record(**changes) -> dict:
    return {
        "full_name": "Trần Thị Mới",
        "position": "Công chức Tư pháp - Hộ tịch",
        "category": "civil_servant",
        "gender": "female",
        "birth_year": "1992",
        "education": "40",
        "political_theory": "20",
        "meets_standard": "on",
        "valid_from": "2025-03-01",
    } | changes


def test_a_record_is_added_and_listed(client_for, alice, hierarchy):
    h = hierarchy
    client = client_for(alice)
    response = client.post(url("entry:cadre_new", h.ward_a, period=h.period_2025), record())
    assert response.status_code == 302
    cadre = Cadre.objects.get(full_name="Trần Thị Mới")
    assert cadre.ward == h.ward_a and cadre.version == 1
    assert "Trần Thị Mới" in client.get(response.url).content.decode()


def test_a_bad_record_is_refused_with_its_reason_in_vietnamese(client_for, alice, hierarchy):
    h = hierarchy
    response = client_for(alice).post(
        url("entry:cadre_new", h.ward_a, period=h.period_2025), record(birth_year="2019")
    )
    assert response.status_code == 400
    assert "Cán bộ phải từ đủ 16 tuổi" in response.content.decode()
    assert not Cadre.objects.filter(full_name="Trần Thị Mới").exists()


def test_a_stale_correction_is_refused_with_what_changed(client_for, alice, hierarchy, admin):
    h = hierarchy
    cadre = factories.make_cadre(ward=h.ward_a, full_name="Nguyễn Văn An")
    from wardstats.staffing.services import cadre_change

    cadre.position = "Chủ tịch"
    cadre_change(actor=admin, cadre=cadre, seen_version=1)
    response = client_for(alice).post(
        url("entry:cadre_edit", h.ward_a, cadre.pk, period=h.period_2025),
        record(full_name="Nguyễn Văn An", seen_version="1"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Người khác đã lưu nội dung này" in html and "Chủ tịch" in html
    cadre.refresh_from_db()
    assert (cadre.position, cadre.version) == ("Chủ tịch", 2)


def test_a_person_who_left_is_ended_not_deleted(client_for, alice, hierarchy):
    h = hierarchy
    cadre = factories.make_cadre(ward=h.ward_a, full_name="Lê Văn Đi")
    response = client_for(alice).post(
        url("entry:cadre_end", h.ward_a, cadre.pk, period=h.period_2025),
        {"last_day": "2025-06-30", "seen_version": "1"},
    )
    assert response.status_code == 302
    cadre.refresh_from_db()
    assert cadre.valid_to == datetime.date(2025, 6, 30)
    figures = cadre.ward.period_figures.get(period=h.period_2025)
    assert figures.staff == 0  # not on duty on 31/12/2025


def test_confirming_the_list_clears_it_from_what_is_missing(client_for, alice, hierarchy):
    h = hierarchy
    client = client_for(alice)
    assert "Chưa xác nhận danh sách cán bộ" in client.get(reverse("home")).content.decode()
    response = client.post(url("entry:cadres_confirm", h.ward_a, period=h.period_2025))
    assert response.status_code == 302
    confirmation = CadreListConfirmation.objects.get(ward=h.ward_a, period=h.period_2025)
    assert confirmation.confirmed_by == alice
    assert "Chưa xác nhận danh sách cán bộ" not in client.get(reverse("home")).content.decode()
    # A record changed afterwards: the list is to be confirmed again.
    factories.make_cadre(ward=h.ward_a, full_name="Người Mới")
    assert "Chưa xác nhận danh sách cán bộ" in client.get(reverse("home")).content.decode()
