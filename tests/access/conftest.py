"""The personas of the permission matrix, and one object of every admin model in ward A.

The tiny hierarchy of tests/conftest.py, its personas alice, bob and olga as defined there,
and three more:

    Tỉnh Thử (province)                          petra  provincial administrator
    ├── Huyện Thử (district)                     olga   area officer
    │   ├── Phường A ── Khu phố A1, A2, (A3)     alice  editor, vera viewer
    │   └── Phường B ── Khu phố B1, B2, (B3)     bob    editor
    └── Huyện Khác (another district)            oscar  area officer
        └── Phường E
    Khu phố A3, B3: linked to their ward until 31/12/2024 only.
    Phường A cũ: under Huyện Thử until it merged into Phường A on 01/07/2025 (its history,
    read-only for A's people)

`world` holds, for each admin model, one object of ward A (the matrix requests it) and, where
the model belongs to a ward, its twin in ward B (the scope tests request those as alice).

The matrix runs some 1,400 requests: the world is built once per test module, inside a
transaction that each test's own (the `db` fixture) nests in and rolls back to, as
TestCase.setUpTestData does. Tests therefore read what they compare from the database, not
from these objects, and change state with queryset updates.
"""

import datetime
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client

from tests import factories
from wardstats.accounts.models import RoleKind
from wardstats.hierarchy.models import CellKind, UnitClass, UnitKind
from wardstats.indicators.models import Indicator
from wardstats.periods.models import PeriodKind
from wardstats.reports.models import CellFigures
from wardstats.staffing.models import CadreListConfirmation, Category


def _staff(username: str, unit, kind: str):
    user = factories.make_user(username=username, is_staff=True)
    factories.make_role(user=user, unit=unit, kind=kind)
    return user


def _ward_objects(h, ward, neighbourhood, cell, letter: str, indicator):
    """A ward's work, each object deletable: a draft report that may be submitted (its cell
    adds up to the declared total), spare neighbourhoods and a spare cell, two cadres, a quota
    and a target of the district for this ward alone."""
    report = factories.make_report(ward=ward, period=h.period_2024, declared_members=30)
    figures = factories.make_cell_figures(report=report, cell=cell, members=30, women=12)
    spare = factories.make_neighbourhood(ward=ward, name=f"Khu phố {letter}2")
    # A neighbourhood whose link to the ward ended: a new link may start after it.
    unlinked = factories.make_unit(name=f"Khu phố {letter}3", kind=UnitKind.RESIDENTIAL_AREA)
    factories.make_link(child=unlinked, parent=ward, valid_to=datetime.date(2024, 12, 31))
    return SimpleNamespace(
        ward=ward,
        neighbourhood=neighbourhood,
        cell=cell,
        report=report,
        figures=figures,
        spare_neighbourhood=spare,
        link=spare.parent_links.get(),
        unlinked_neighbourhood=unlinked,
        school=factories.make_cell(ward=ward, name=f"Chi bộ Trường {letter}", kind=CellKind.SCHOOL),
        cadre=factories.make_cadre(ward=ward, full_name=f"Cán bộ {letter}"),
        part_timer=factories.make_cadre(
            ward=ward,
            full_name=f"Người KCT {letter}",
            category=Category.NEIGHBOURHOOD_PART_TIME,
            neighbourhood=neighbourhood,
        ),
        quota=factories.make_ward_quota(ward=ward, period=h.period_2024, admissions_target=2),
        target=factories.make_target(indicator=indicator, area=h.district, ward=ward, threshold=1),
    )


def _build_world() -> SimpleNamespace:
    # The tiny hierarchy, as tests/conftest.py builds it.
    province = factories.make_province(name="Tỉnh Thử", code="99")
    district = factories.make_district(province=province, name="Huyện Thử", code="999")
    ward_a = factories.make_ward(
        parent=district, name="Phường A", code="99901", unit_class=UnitClass.II
    )
    ward_b = factories.make_ward(
        parent=district, name="Phường B", code="99902", unit_class=UnitClass.II
    )
    neighbourhood_a = factories.make_neighbourhood(ward=ward_a, name="Khu phố A1")
    neighbourhood_b = factories.make_neighbourhood(ward=ward_b, name="Khu phố B1")
    h = SimpleNamespace(
        province=province,
        district=district,
        ward_a=ward_a,
        ward_b=ward_b,
        neighbourhood_a=neighbourhood_a,
        neighbourhood_b=neighbourhood_b,
        cell_a=factories.make_cell(
            ward=ward_a, name="Chi bộ Khu phố A1", neighbourhood=neighbourhood_a
        ),
        cell_b=factories.make_cell(
            ward=ward_b, name="Chi bộ Khu phố B1", neighbourhood=neighbourhood_b
        ),
        period_2024=factories.make_period(year=2024),
        period_2025=factories.make_period(year=2025),
    )
    h.other_district = factories.make_district(province=province, name="Huyện Khác", code="998")
    h.ward_e = factories.make_ward(parent=h.other_district, name="Phường E", code="99801")

    personas = {
        "alice": _staff("alice", ward_a, RoleKind.WARD_EDITOR),
        "bob": _staff("bob", ward_b, RoleKind.WARD_EDITOR),
        "vera": _staff("vera", ward_a, RoleKind.WARD_VIEWER),
        "olga": _staff("olga", district, RoleKind.AREA_OFFICER),
        "oscar": _staff("oscar", h.other_district, RoleKind.AREA_OFFICER),
        "petra": _staff("petra", province, RoleKind.PROVINCE_ADMIN),
        "anon": AnonymousUser(),
    }
    indicator = Indicator.objects.order_by("order", "code").first()
    old_a = factories.make_ward(
        parent=district, name="Phường A cũ", valid_to=datetime.date(2025, 6, 30)
    )
    rule_set = factories.make_rule_set()
    factories.make_norm(rule_set=rule_set)
    # The role the role pages act on: one of a viewer's two roles (a person's last role is not
    # revoked by the province: accounts.services.keeps_a_role).
    van = _staff("van", ward_a, RoleKind.WARD_VIEWER)
    factories.make_role(user=van, unit=ward_b, kind=RoleKind.WARD_VIEWER)
    return SimpleNamespace(
        h=h,
        a=_ward_objects(h, ward_a, neighbourhood_a, h.cell_a, "A", indicator),
        b=_ward_objects(h, ward_b, neighbourhood_b, h.cell_b, "B", indicator),
        admin=get_user_model().objects.create_superuser(
            username="admin", email="admin@example.org", password="pw"
        ),
        lineage=factories.make_lineage(predecessor=old_a, successor=ward_a),
        facts=factories.make_unit_facts(unit=ward_a, population=9_000, area_km2=5),
        period=factories.make_period(year=2025, kind=PeriodKind.QUARTER, number=1),
        rule_set=rule_set,
        term=factories.make_planning_term(),
        age_band=factories.make_age_band(label="Dưới 35", min_age=18, max_age=35, is_young=True),
        indicator=indicator,
        role=van.roles.get(unit=ward_a),
        user=personas["vera"],
        **personas,
    )


@pytest.fixture(scope="module")
def _world_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(_world_once, db):
    """The world, for one test: what the test changes is rolled back after it."""
    return _world_once


# --- Helpers for the tests of this package -------------------------------------------------


def _field_data(form) -> dict:
    """A form's current values as a browser would post them."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field, forms.NullBooleanField):
            data[key] = {True: "true", False: "false"}.get(value, "unknown")
        elif isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif value is None:
            continue
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            data[key] = str(value)
    return data


def admin_form_data(response) -> dict:
    """An admin page's form and its inlines' existing rows, as they would be posted."""
    data = _field_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        existing = formset.initial_form_count()
        prefix = formset.prefix
        data |= {
            f"{prefix}-TOTAL_FORMS": str(existing),
            f"{prefix}-INITIAL_FORMS": str(existing),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
        for form in formset.forms[:existing]:
            data |= _field_data(form)
    return data


def superuser_form_data(w, url: str) -> dict:
    """The form of an admin page as the superuser sees it: what a POST starts from."""
    client = Client()
    client.force_login(w.admin)
    response = client.get(url)
    assert response.status_code == 200, f"the superuser cannot open {url}"
    return admin_form_data(response)


def _snapshot_models():
    models = {get_user_model(), CellFigures, CadreListConfirmation, *admin.site._registry}
    for model in list(models):
        models |= {f.remote_field.through for f in model._meta.many_to_many}
    return sorted(models, key=lambda m: m._meta.label)


def snapshot() -> dict:
    """Every row of every model the admin reaches, to prove that a refused POST left them.

    Without the users' last login, which logging a test client in sets.
    """
    return {
        model._meta.label: [
            {name: value for name, value in row.items() if name != "last_login"}
            for row in model._base_manager.order_by("pk").values()
        ]
        for model in _snapshot_models()
    }
