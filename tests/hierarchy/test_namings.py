"""A unit is named as it was called on a day (issue [periods], item 3): Thị xã Đông Triều until
31/10/2024, Thành phố Đông Triều from 01/11/2024 (Nghị quyết 1199/NQ-UBTVQH15)."""

import datetime

import pytest

from tests import factories
from wardstats.hierarchy.models import UnitKind, UnitNaming, called_on, name_on

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def dong_trieu(province):
    city = factories.make_unit(
        name="Thành phố Đông Triều", kind=UnitKind.CITY, parent=province, code="205",
        valid_from=D(2000, 1, 1), valid_to=D(2025, 6, 30),
    )  # fmt: skip
    UnitNaming.objects.create(
        unit=city,
        name="Thị xã Đông Triều",
        kind=UnitKind.TOWN,
        valid_from=D(2000, 1, 1),
        valid_to=D(2024, 10, 31),
        source="Nghị quyết 1199/NQ-UBTVQH15 (28/09/2024)",
    )
    return city


@pytest.mark.parametrize(
    ("day", "name", "kind"),
    [
        (D(2018, 12, 31), "Thị xã Đông Triều", UnitKind.TOWN),
        (D(2024, 10, 31), "Thị xã Đông Triều", UnitKind.TOWN),
        (D(2024, 11, 1), "Thành phố Đông Triều", UnitKind.CITY),
        (D(2025, 6, 30), "Thành phố Đông Triều", UnitKind.CITY),
    ],
)
def test_the_name_of_the_day(dong_trieu, day, name, kind):
    assert name_on(dong_trieu, day) == name
    assert called_on([dong_trieu], day) == {dong_trieu.pk: (name, kind)}


def test_many_units_in_one_query(dong_trieu, ward_a, django_assert_num_queries):
    with django_assert_num_queries(1):
        called = called_on([dong_trieu, ward_a, None], D(2019, 12, 31))
    assert called == {
        dong_trieu.pk: ("Thị xã Đông Triều", UnitKind.TOWN),
        ward_a.pk: (ward_a.name, ward_a.kind),
    }
