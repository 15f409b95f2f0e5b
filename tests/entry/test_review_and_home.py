"""The area's review on the report's own screen, and the secretary's home: what is due, what is
missing, and — when the report came back — why, from whom, when."""

import pytest
from django.urls import reverse

from tests import factories
from tests.entry.conftest import report_url
from wardstats.reports import services
from wardstats.reports.models import Report, ReportStatus

pytestmark = pytest.mark.django_db

REASON = "Số đảng viên nữ chưa khớp sổ"


@pytest.fixture
def submitted(hierarchy, alice):
    h = hierarchy
    report = factories.make_report(ward=h.ward_a, period=h.period_2025, declared_members=30)
    factories.make_cell_figures(report=report, cell=h.cell_a, members=30, women=12)
    return services.report_submit(actor=alice, report=report)


def review(client, report, **data):
    url = f"{reverse('entry:review', args=[report.ward_id])}?period={report.period_id}"
    return client.post(url, data)


def test_the_area_returns_a_report_with_its_reason(client_for, olga, submitted):
    page = client_for(olga).get(report_url(submitted)).content.decode()
    assert 'name="reason"' in page and 'value="approve"' in page
    response = review(client_for(olga), submitted, action="return", reason=REASON)
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.RETURNED


def test_a_return_without_a_reason_is_refused(client_for, olga, submitted):
    response = review(client_for(olga), submitted, action="return", reason="  ")
    assert response.status_code == 302
    assert Report.objects.get(pk=submitted.pk).status == ReportStatus.SUBMITTED


def test_an_approval_asks_for_confirmation(client_for, olga, submitted):
    review(client_for(olga), submitted, action="approve")
    assert Report.objects.get(pk=submitted.pk).status == ReportStatus.SUBMITTED
    review(client_for(olga), submitted, action="approve", confirm="yes")
    assert Report.objects.get(pk=submitted.pk).status == ReportStatus.APPROVED


def test_the_ward_cannot_review_its_own_report(client_for, alice, submitted):
    assert review(client_for(alice), submitted, action="approve", confirm="yes").status_code == 403
    assert Report.objects.get(pk=submitted.pk).status == ReportStatus.SUBMITTED


def test_a_returned_report_shows_its_reason_first_on_the_home(client_for, alice, olga, submitted):
    olga.first_name, olga.last_name = "Trần Thị", "Olga"
    olga.save()
    review(client_for(olga), submitted, action="return", reason=REASON)
    home = client_for(alice).get(reverse("home"))
    html = home.content.decode()
    (card,) = home.context["cards"]
    assert card.returned.reason == REASON and card.returned.who == "Trần Thị Olga"
    assert html.index(REASON) < html.index("Nhập/sửa báo cáo năm 2025")
    assert "đã bị Trần Thị Olga trả lại" in html


def test_the_home_lists_what_is_still_missing(client_for, alice, hierarchy):
    h = hierarchy
    report = factories.make_report(ward=h.ward_a, period=h.period_2025, declared_members=4390)
    factories.make_cell(ward=h.ward_a, name="Chi bộ Trường", kind="school")
    factories.make_cell_figures(report=report, cell=h.cell_a, members=30)
    html = client_for(alice).get(reverse("home")).content.decode()
    assert "1 trong 2 chi bộ chưa có số liệu" in html
    assert "Tổng đảng viên của các chi bộ là 30, đảng bộ kê khai 4.390" in html
    assert "Chưa xác nhận danh sách cán bộ" in html
    assert "Bản nháp" in html and "hạn nộp 20/01/2026" in html


def test_the_labels_of_the_phone_layout_follow_the_language(client):
    css = client.get(reverse("entry:labels", args=["vi", "m-w"])).content.decode()
    assert 'nth-child(2):not(:empty)::before { content: "Đảng viên"; }' in css
    assert 'nth-child(3):not(:empty)::before { content: "Nữ"; }' in css
    english = client.get(reverse("entry:labels", args=["en", "m"])).content.decode()
    assert '"Members"' in english
    assert client.get(reverse("entry:labels", args=["fr", "m"])).status_code == 404
    assert client.get(reverse("entry:labels", args=["vi", "zz"])).status_code == 404
