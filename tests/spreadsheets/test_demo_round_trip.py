"""The demo ward's spreadsheets, exported and imported again, change nothing: the article's
Mạo Khê of 2018 (1.493 members, 41 cells) and the Mạo Khê formed in 2025, as the ward's own
secretary, whole workbook and each sheet as CSV."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from tests.spreadsheets.conftest import open_workbook, state
from wardstats.hierarchy.models import Level, Unit
from wardstats.periods.models import Period
from wardstats.reports.models import Report
from wardstats_dev import reference

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def mao_khe(year: int):
    period = Period.objects.get(kind="year", year=year)
    ward = Unit.objects.valid_on(period.end).get(level=Level.COMMUNE, code=reference.MAO_KHE_CODE)
    return ward, period


def secretary() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="maokhe"))
    return client


def round_trip(client, ward, period, sheet: str, fmt: str):
    export = reverse("spreadsheets:export", args=[ward.pk, sheet, fmt])
    content = client.get(f"{export}?period={period.pk}").content
    imported = reverse("spreadsheets:import", args=[ward.pk])
    return content, client.post(
        f"{imported}?period={period.pk}",
        {"file": SimpleUploadedFile(f"{ward.code}.{fmt}", content)},
    )


@pytest.mark.parametrize("year", [2018, 2025])
@pytest.mark.parametrize(
    ("sheet", "fmt"),
    [("workbook", "xlsx"), ("report", "csv"), ("cells", "csv"), ("cadres", "csv")],
)
def test_the_demo_ward_exported_then_imported_changes_nothing(demo, year, sheet, fmt):
    ward, period = mao_khe(year)
    client = secretary()
    before = state(ward)

    content, response = round_trip(client, ward, period, sheet, fmt)

    assert response.status_code == 200, response.content.decode()[-3000:]
    html = response.content.decode()
    assert "Tệp này không thay đổi gì" in html
    assert 'name="token"' not in html
    assert state(ward) == before


def test_the_article_figures_are_in_the_export(demo):
    ward, period = mao_khe(2018)
    content, _response = round_trip(secretary(), ward, period, "workbook", "xlsx")
    book = open_workbook(content)
    cells = list(book["Chi bộ"].iter_rows(min_row=2, values_only=True))
    members = [c.value for c in book["Chi bộ"][1]].index("Đảng viên")
    assert len(cells) == 41
    assert sum(row[members] for row in cells) == 1493
    report = Report.objects.get(ward=ward, period=period)
    assert book["Báo cáo"]["D2"].value == report.declared_members == 1493
