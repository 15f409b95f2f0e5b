"""The new Phường Mạo Khê's 2025 report of 107 cells, on the demo data itself: its entry screen
is at most 150 KB of HTML and 15 queries on each part of the screen (29 figures a cell and the
structure, in three parts as the Party's forms are)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wardstats.entry.rendering import PARTS
from wardstats.hierarchy.models import Unit
from wardstats.reports.models import Report
from wardstats_dev import reference
from wardstats_dev.users import DEMO_USERS

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def test_the_new_mao_khes_107_cell_report_is_light(seeded):
    from django.contrib.auth import get_user_model

    ward = Unit.objects.get(code=reference.MAO_KHE_CODE, valid_from=reference.REFORM)
    report = Report.objects.get(ward=ward, period__year=2025)
    assert report.cell_figures.count() == 107
    (secretary,) = [u for u in DEMO_USERS if u.username == "maokhe"]
    client = Client()
    client.force_login(get_user_model().objects.get(username=secretary.username))
    url = f"{reverse('entry:report', args=[ward.pk])}?period={report.period_id}"
    for part in PARTS:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"{url}&part={part.slug}")
        assert page.status_code == 200
        print(f"{part.slug}: {len(page.content):,} bytes, {len(queries)} queries")
        assert len(page.content) <= 150 * 1024, f"{part.slug}: {len(page.content):,} bytes"
        assert len(queries) <= 15, (part.slug, len(queries))
