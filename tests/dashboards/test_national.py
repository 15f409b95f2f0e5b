"""The country above the provinces: a national officer's roll-up by province and list of
every ward, from the same area views, within the same scope rules."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories
from tests.dashboards.pages import data_table, vi_number
from wardstats.accounts.models import Role, RoleKind
from wardstats.hierarchy.models import UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def country(area):
    country = factories.make_unit(name="Việt Nam", kind=UnitKind.COUNTRY, code="VN")
    factories.make_link(child=area.h.province, parent=country)
    other = factories.make_province(name="Tỉnh Khác", code="98")
    factories.make_link(child=other, parent=country)
    factories.make_ward(parent=other, name="Phường Xa", code="98001")
    from wardstats.indicators import summaries

    summaries.refresh_all()  # the links changed after the wards' summaries were written
    return country


@pytest.fixture
def nina(country):
    user = factories.make_user(username="nina")
    factories.make_role(user=user, unit=country, kind=RoleKind.AREA_OFFICER)
    return user


def test_the_national_rollup_has_a_row_per_province_with_its_totals(
    country, area, client_for, nina
):
    url = reverse("dashboards:rollup", args=[country.pk]) + f"?period={area.period.pk}"
    response = client_for(nina).get(url)
    assert response.status_code == 200
    table = data_table(response.content.decode())
    rows = {row[table.headers[0]].text: row for row in table.rows}
    assert set(rows) == {"Tỉnh Thử", "Tỉnh Khác"}
    wards = table.headers[1]
    assert vi_number(rows["Tỉnh Thử"][wards].text) == 4  # Phường A–D, under its district
    assert vi_number(rows["Tỉnh Khác"][wards].text) == 1


def test_the_national_list_has_every_ward_of_every_province(country, area, client_for, nina):
    url = reverse("dashboards:area", args=[country.pk]) + f"?period={area.period.pk}"
    response = client_for(nina).get(url)
    table = data_table(response.content.decode())
    names = {row[table.headers[0]].text for row in table.rows}
    assert names == {"Phường A", "Phường B", "Phường C", "Phường D", "Phường Xa"}


def test_a_province_officer_cannot_open_the_country(country, area, client_for, olga):
    url = reverse("dashboards:area", args=[country.pk])
    assert client_for(olga).get(url).status_code == 404


def test_a_national_officer_sees_a_ward_page_and_a_provincial_role_stays_provincial(
    country, area, client_for, nina
):
    ward = reverse("dashboards:ward", args=[area.ward_a.pk])
    assert client_for(nina).get(ward).status_code == 200
    role = Role(user=nina, unit=country, kind=RoleKind.PROVINCE_ADMIN)
    with pytest.raises(ValidationError) as refused:
        role.full_clean()
    assert "unit" in refused.value.message_dict
