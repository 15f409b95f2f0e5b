"""No developer's words for a non-developer: the error pages are Vietnamese and in the site's
look, and the admin's, the pager's and the filters' own strings are translated where their
libraries leave them in English."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from tests import factories

pytestmark = pytest.mark.django_db


def test_a_missing_page_says_so_in_vietnamese_in_the_sites_look(client_for, alice):
    response = client_for(alice).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html and 'class="topbar"' in html
    assert "Not Found" not in html


def test_a_refusal_says_so_in_vietnamese_with_its_reason(client_for, hierarchy):
    viewer = factories.make_user(username="vera")
    factories.make_role(user=viewer, unit=hierarchy.ward_a, kind="ward_viewer")
    url = reverse("entry:cadre_new", args=[hierarchy.ward_a.pk])
    response = client_for(viewer).get(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Không được phép" in html and "không được sửa hồ sơ" in html
    assert "403 Forbidden" not in html


def test_a_server_error_is_explained_in_both_languages():
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Đã có lỗi trên máy chủ" in html and "Server error" in html


def test_a_stale_form_is_explained_in_vietnamese(client_for, alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert "Biểu mẫu đã cũ" in response.content.decode()


@pytest.mark.parametrize(
    ("english", "plural"),
    [
        ("Please correct the error below.", "Please correct the errors below."),
        ("Show counts", None),
        ("next", None),
        ("previous", None),
        ("All", None),
    ],
)
def test_the_libraries_strings_people_meet_are_vietnamese(english, plural):
    with translation.override("vi"):
        shown = translation.ngettext(english, plural, 2) if plural else translation.gettext(english)
    assert shown != english and shown.strip()


def test_the_admins_error_banner_is_vietnamese(client_for, hierarchy):
    petra = factories.make_user(username="petra", is_staff=True)
    factories.make_role(user=petra, unit=hierarchy.province, kind="province_admin")
    response = client_for(petra).post(reverse("admin:staffing_ageband_add"), {"label": ""})
    assert response.status_code == 200
    assert "Hãy sửa các lỗi dưới đây." in response.content.decode()
