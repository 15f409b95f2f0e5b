"""What was approved stays as approved: the figures a report was approved with are its summary
from then on — its printout, its indicators, the area's exports — whatever happens to the
ward's records, cells, quotas, rules or targets afterwards, until the area reopens it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests import factories
from wardstats.hierarchy import services as hierarchy_services
from wardstats.indicators import services as indicator_services
from wardstats.indicators.models import IndicatorValue, WardPeriodFigures
from wardstats.reports import services
from wardstats.staffing import services as staffing_services
from wardstats.staffing.models import WardQuota

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(hierarchy, alice, olga, admin):
    """Ward A's 2024 report, approved: 30 members in its cell; 3 staff on 31/12/2024, 2 of
    them meeting the standard (66,7 %), against a target of 100 %."""
    h = hierarchy
    factories.make_target(indicator="staff_meeting_standard", area=h.province, threshold=100)
    report = factories.make_report(ward=h.ward_a, period=h.period_2024, declared_members=30)
    factories.make_cell_figures(report=report, cell=h.cell_a, members=30, women=12)
    for n, meets in enumerate((True, True, False)):
        factories.make_cadre(ward=h.ward_a, full_name=f"Cán bộ {n}", meets_standard=meets)
    services.report_submit(actor=alice, report=report)
    return services.report_approve(actor=olga, report=report)


def printout(client, report):
    url = reverse("printouts:ward_report", args=[report.ward_id])
    return client.get(f"{url}?period={report.period_id}").context


def standard(report) -> IndicatorValue:
    return IndicatorValue.objects.get(
        ward=report.ward_id, period=report.period_id, indicator__code="staff_meeting_standard"
    )


def test_a_cadre_record_changed_later_does_not_change_what_was_approved(
    approved, client_for, olga, admin
):
    before = printout(client_for(olga), approved)
    assert (before["cadres"]["total"], before["cadres"]["meets_standard"]) == (3, 2)
    assert standard(approved).value == Decimal("66.7")
    cadre = approved.ward.cadres.get(full_name="Cán bộ 0")
    cadre.meets_standard = False
    staffing_services.cadre_change(actor=admin, cadre=cadre, seen_version=cadre.version)
    staffing_services.cadre_end(
        actor=admin,
        cadre=approved.ward.cadres.get(full_name="Cán bộ 1"),
        seen_version=1,
        last_day=datetime.date(2024, 6, 30),
    )
    after = printout(client_for(olga), approved)
    assert (after["cadres"]["total"], after["cadres"]["meets_standard"]) == (3, 2)
    assert standard(approved).value == Decimal("66.7")
    assert after["values"] == before["values"]
    # The next period, still open, follows the records.
    figures_2025 = WardPeriodFigures.objects.get(ward=approved.ward, period__year=2025)
    assert (figures_2025.staff, figures_2025.staff_meeting_standard) == (2, 0)


def test_a_cell_renamed_later_keeps_its_name_in_the_approved_report(
    approved, client_for, olga, admin, hierarchy
):
    cell = hierarchy.cell_a
    cell.name = "Chi bộ Khu phố A1 (tên mới)"
    hierarchy_services.cell_change(actor=admin, cell=cell, seen_version=cell.version)
    rows = printout(client_for(olga), approved)["cells"]
    assert [row.name_as_reported for row in rows] == ["Chi bộ Khu phố A1"]
    page = client_for(olga).get(
        f"{reverse('dashboards:ward', args=[approved.ward_id])}?period={approved.period_id}"
    )
    assert "Chi bộ Khu phố A1 (tên mới)" not in page.content.decode()


def test_a_target_or_quota_changed_later_does_not_rejudge_the_approved_report(
    approved, admin, hierarchy
):
    target = standard(approved).target
    target.threshold = 50
    indicator_services.target_change(actor=admin, target=target, seen_version=target.version)
    staffing_services.ward_quota_create(
        actor=admin,
        quota=WardQuota(ward=hierarchy.ward_a, period=hierarchy.period_2024,
                        cadres_civil_servants=1),
    )  # fmt: skip
    value = standard(approved)
    assert (value.threshold, value.status) == (Decimal("100.00"), "missed")
    summary = WardPeriodFigures.objects.get(ward=approved.ward, period=approved.period)
    assert summary.quota_staff != 1


def test_reopening_lets_the_report_follow_the_records_again(approved, olga, admin):
    cadre = approved.ward.cadres.get(full_name="Cán bộ 2")
    cadre.meets_standard = True
    staffing_services.cadre_change(actor=admin, cadre=cadre, seen_version=cadre.version)
    assert standard(approved).value == Decimal("66.7")
    services.report_reopen(actor=olga, report=approved, reason="Cập nhật chuẩn cán bộ")
    assert standard(approved).value == Decimal("100.0")


def test_the_approval_itself_is_recorded_in_the_summary(approved):
    figures = WardPeriodFigures.objects.get(ward=approved.ward, period=approved.period)
    assert figures.report_status == "approved"
    assert figures.staff == 3
