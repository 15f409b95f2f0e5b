"""The units' ancestry: every route up the dated links, stored once, kept by the hierarchy's
services, and read by the scope (any depth, any date) and by "under an area on a day"."""

import datetime

import pytest

from tests import factories
from wardstats.accounts import scope
from wardstats.accounts.models import RoleKind
from wardstats.hierarchy import ancestry, services
from wardstats.hierarchy.models import Unit, UnitAncestry, UnitKind, UnitLink

END_2024 = datetime.date(2024, 12, 31)
REFORM = datetime.date(2025, 7, 1)
END_2025 = datetime.date(2025, 12, 31)


@pytest.fixture
def country(db):
    return factories.make_unit(name="Việt Nam", kind=UnitKind.COUNTRY, code="VN")


def routes_of(unit) -> set[tuple[str, int, datetime.date | None, datetime.date | None]]:
    rows = UnitAncestry.objects.filter(descendant=unit).select_related("ancestor")
    return {(r.ancestor.name, r.depth, r.valid_from, r.valid_to) for r in rows}


def test_a_national_officer_sees_a_neighbourhood_four_levels_down(country, client_for):
    province = factories.make_province(parent=country, name="Tỉnh Sâu")
    district = factories.make_district(province=province, name="Huyện Sâu")
    ward = factories.make_ward(parent=district, name="Phường Sâu")
    street = factories.make_neighbourhood(ward=ward, name="Tổ dân phố Sâu")
    officer = factories.make_user(username="quocgia")
    factories.make_role(user=officer, unit=country, kind=RoleKind.AREA_OFFICER)

    seen = set(scope.visible(Unit.objects.all(), officer))
    assert {country, province, district, ward, street} <= seen
    # Asked the other way, from the neighbourhood up: the same answer, and one query.
    assert scope.may(officer, street.pk, scope.SEE)
    assert ("Việt Nam", 4, factories.LONG_AGO, None) in routes_of(street)


def test_a_ward_moved_on_1_july_2025_is_under_each_area_on_its_own_days(hierarchy):
    h = hierarchy
    moved = factories.make_ward(
        parent=h.district, name="Phường Chuyển", valid_to=None, code="99977"
    )
    UnitLink.objects.filter(child=moved).update(valid_to=REFORM - datetime.timedelta(days=1))
    factories.make_link(child=moved, parent=h.province, valid_from=REFORM)

    assert moved in Unit.objects.under(h.district, END_2024)
    assert moved not in Unit.objects.under(h.district, END_2025)
    assert moved in Unit.objects.under(h.province, END_2024)  # through its district
    assert moved in Unit.objects.under(h.province, END_2025)  # directly
    assert routes_of(moved) >= {
        ("Huyện Thử", 1, factories.LONG_AGO, REFORM - datetime.timedelta(days=1)),
        ("Tỉnh Thử", 2, factories.LONG_AGO, REFORM - datetime.timedelta(days=1)),
        ("Tỉnh Thử", 1, REFORM, None),
    }


def test_a_route_whose_links_never_hold_together_counts_for_scope_only(hierarchy, olga):
    h = hierarchy
    # The ward left the district at the end of 2021; its neighbourhood began in 2022.
    ward = factories.make_ward(parent=h.district, name="Phường Đi", code="99988")
    UnitLink.objects.filter(child=ward).update(valid_to=datetime.date(2021, 12, 31))
    late = factories.make_neighbourhood(
        ward=ward, name="Khu Mới", valid_from=datetime.date(2022, 1, 1)
    )
    ancestry.rebuild([ward.pk])

    assert ("Huyện Thử", 2, None, None) in routes_of(late)
    assert late not in Unit.objects.under(h.district, END_2024)
    # Who sees what is decided at any date: the district's officer sees the ward's history.
    assert scope.may(olga, late.pk, scope.SEE)


def test_moving_a_ward_through_the_service_moves_its_scope(hierarchy, admin, olga):
    h = hierarchy
    other = factories.make_district(province=h.province, name="Huyện Khác")
    oscar = factories.make_user(username="oscar")
    factories.make_role(user=oscar, unit=other, kind=RoleKind.AREA_OFFICER)
    assert scope.may(olga, h.neighbourhood_a.pk, scope.SEE)
    assert not scope.may(oscar, h.neighbourhood_a.pk, scope.SEE)

    link = UnitLink.objects.get(child=h.ward_a)
    link.parent = other
    services.link_change(actor=admin, link=link, seen_version=link.version)

    assert scope.may(oscar, h.neighbourhood_a.pk, scope.SEE)
    assert not scope.may(olga, h.neighbourhood_a.pk, scope.SEE)
    assert h.ward_a in Unit.objects.under(other, END_2024)


def test_changing_a_units_dates_through_the_service_changes_its_routes(hierarchy, admin):
    h = hierarchy
    h.ward_a.valid_to = datetime.date(2024, 12, 31)
    services.unit_change(actor=admin, unit=h.ward_a, seen_version=h.ward_a.version)
    assert ("Huyện Thử", 1, factories.LONG_AGO, datetime.date(2024, 12, 31)) in routes_of(h.ward_a)
    assert h.neighbourhood_a not in Unit.objects.under(h.district, END_2025)


def test_rebuilding_everything_gives_what_the_services_kept(hierarchy, admin):
    h = hierarchy
    link = UnitLink.objects.get(child=h.ward_b)
    link.valid_from = datetime.date(2021, 5, 1)
    services.link_change(actor=admin, link=link, seen_version=link.version)
    kept = set(UnitAncestry.objects.values_list("ancestor", "descendant", "depth", "valid_from"))
    ancestry.rebuild()
    rebuilt = set(UnitAncestry.objects.values_list("ancestor", "descendant", "depth", "valid_from"))
    assert kept == rebuilt
    assert len(rebuilt) == 17  # 6 units: themselves, and 11 routes up


def test_the_provinces_of_a_ward_include_those_of_what_it_was_merged_into(country):
    """A save to an old ward raises the versions of its province and of its successor's (whose
    page shows the old ward's figures as history): `provinces_of`, one query."""
    old_province = factories.make_province(parent=country, name="Tỉnh Cũ", code="81")
    new_province = factories.make_province(parent=country, name="Tỉnh Mới", code="82")
    elsewhere = factories.make_province(parent=country, name="Tỉnh Khác", code="83")
    old = factories.make_ward(parent=old_province, name="Xã Cũ", code="98101")
    new = factories.make_ward(parent=new_province, name="Xã Mới", code="98102")
    factories.make_ward(parent=elsewhere, name="Xã Khác", code="98103")
    factories.make_lineage(predecessor=old, successor=new)
    assert ancestry.provinces_of([old.pk]) == {old_province.pk, new_province.pk}
    assert ancestry.provinces_of([new.pk]) == {new_province.pk}
