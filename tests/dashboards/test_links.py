"""Ids in links are never written as numbers for people: with thousands grouped (1.234 in
Vietnamese, 1,234 in English) `?period=1.234` would be another period, or none."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests import factories
from wardstats.accounts.models import RoleKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_ids(hierarchy):
    period = factories.make_period(year=2026, pk=1234)
    report = factories.make_report(ward=hierarchy.ward_a, period=period, declared_members=20)
    factories.make_cell_figures(report=report, cell=hierarchy.cell_a, members=20)
    editor = factories.make_user(username="eddie", is_staff=True)
    factories.make_role(user=editor, unit=hierarchy.ward_a, kind=RoleKind.WARD_EDITOR)
    officer = factories.make_user(username="otis")
    factories.make_role(user=officer, unit=hierarchy.district, kind=RoleKind.AREA_OFFICER)
    return period, editor, officer


@pytest.mark.parametrize("language", ["vi", "en"])
def test_period_ids_in_links_are_plain_digits(big_ids, hierarchy, client_for, language):
    period, editor, officer = big_ids
    pages = [
        (editor, reverse("dashboards:ward", args=[hierarchy.ward_a.pk])),
        (editor, reverse("printouts:ward_report", args=[hierarchy.ward_a.pk])),
        (editor, reverse("spreadsheets:import", args=[hierarchy.ward_a.pk])),
        (officer, reverse("dashboards:area", args=[hierarchy.district.pk])),
        (officer, reverse("dashboards:rollup", args=[hierarchy.district.pk])),
        (officer, reverse("dashboards:completeness", args=[hierarchy.district.pk])),
    ]
    for user, url in pages:
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = client.get(f"{url}?period=1234").content.decode()
        found = re.findall(r'(?:period=|name="period"[^>]*>.*?value=")([\d.,]+)', html)
        assert "period=1234" in html or 'value="1234"' in html, url
        assert not re.search(r"period=1[.,]234|value=\"1[.,]234\"", html), url
        assert found, url
