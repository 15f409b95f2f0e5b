"""The tiny hierarchy and the personas every test may ask for.

    Tỉnh Thử (province)
    └── Huyện Thử (district)
        ├── Phường A ── Khu phố A1 ── Chi bộ Khu phố A1 (residential cell)
        └── Phường B ── Khu phố B1 ── Chi bộ Khu phố B1 (residential cell)

Periods: the years 2024 and 2025.

Personas:
    admin  a superuser
    alice  edits ward A
    bob    edits ward B
    olga   area officer of the district: sees both wards, edits neither
    anon   not logged in
alice, bob and olga are staff, since the admin is the entry interface for now.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from tests import factories
from wardstats.accounts.models import RoleKind
from wardstats.hierarchy.models import UnitClass


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Each fixture's rows are followed by one recomputation of what they changed, when they
    are all there (factories.deferred), rather than one after every row."""
    with factories.deferred():
        return (yield)


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no cached page (the cache is per process, tests are not)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def province(db):
    return factories.make_province(name="Tỉnh Thử", code="99")


@pytest.fixture
def district(province):
    return factories.make_district(province=province, name="Huyện Thử", code="999")


@pytest.fixture
def ward_a(district):
    return factories.make_ward(
        parent=district, name="Phường A", code="99901", unit_class=UnitClass.II
    )


@pytest.fixture
def ward_b(district):
    return factories.make_ward(
        parent=district, name="Phường B", code="99902", unit_class=UnitClass.II
    )


@pytest.fixture
def neighbourhood_a(ward_a):
    return factories.make_neighbourhood(ward=ward_a, name="Khu phố A1")


@pytest.fixture
def neighbourhood_b(ward_b):
    return factories.make_neighbourhood(ward=ward_b, name="Khu phố B1")


@pytest.fixture
def cell_a(ward_a, neighbourhood_a):
    return factories.make_cell(ward=ward_a, name="Chi bộ Khu phố A1", neighbourhood=neighbourhood_a)


@pytest.fixture
def cell_b(ward_b, neighbourhood_b):
    return factories.make_cell(ward=ward_b, name="Chi bộ Khu phố B1", neighbourhood=neighbourhood_b)


@pytest.fixture
def period_2024(db):
    return factories.make_period(year=2024)


@pytest.fixture
def period_2025(db):
    return factories.make_period(year=2025)


@pytest.fixture
def hierarchy(
    province,
    district,
    ward_a,
    ward_b,
    neighbourhood_a,
    neighbourhood_b,
    cell_a,
    cell_b,
    period_2024,
    period_2025,
):
    """The whole tiny hierarchy at once, for tests that need every unit to exist."""
    return SimpleNamespace(
        province=province,
        district=district,
        ward_a=ward_a,
        ward_b=ward_b,
        neighbourhood_a=neighbourhood_a,
        neighbourhood_b=neighbourhood_b,
        cell_a=cell_a,
        cell_b=cell_b,
        period_2024=period_2024,
        period_2025=period_2025,
    )


# --- Personas ----------------------------------------------------------------------------


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser(
        username="admin", email="admin@example.org", password="pw"
    )


@pytest.fixture
def alice(ward_a):
    user = factories.make_user(username="alice", is_staff=True)
    factories.make_role(user=user, unit=ward_a, kind=RoleKind.WARD_EDITOR)
    return user


@pytest.fixture
def bob(ward_b):
    user = factories.make_user(username="bob", is_staff=True)
    factories.make_role(user=user, unit=ward_b, kind=RoleKind.WARD_EDITOR)
    return user


@pytest.fixture
def olga(district):
    user = factories.make_user(username="olga", is_staff=True)
    factories.make_role(user=user, unit=district, kind=RoleKind.AREA_OFFICER)
    return user


@pytest.fixture
def anon():
    return AnonymousUser()


@pytest.fixture
def client_for(db):
    """`client_for(alice)` is a test client logged in as alice; `client_for(anon)` is not."""

    def logged_in(user) -> Client:
        client = Client()
        if user.is_authenticated:
            client.force_login(user)
        return client

    return logged_in
