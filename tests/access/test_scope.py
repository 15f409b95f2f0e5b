"""One scope everywhere: what is outside a person's units does not exist for them.

The Mạo Khê check: alice, the editor of ward A, tries ward B's objects through every URL that
names one, with edited ids, and through every dropdown and autocomplete that could offer one;
oscar, the area officer of another district, tries our district and its wards; petra, the
provincial administrator, tries a unit of another province. Nothing is shown, nothing offered,
and a POST that names such an object changes nothing.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.urls import reverse

from tests import factories
from tests.access.conftest import snapshot, superuser_form_data
from wardstats.accounts import scope
from wardstats.accounts.models import Role
from wardstats.hierarchy.models import Cell, Lineage, Unit, UnitKind, UnitLink
from wardstats.reports.models import CellFigures, Report


def _admin_url(obj, view: str) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def assert_not_shown(response):
    """The admin's "does not exist" (a redirect to its index), a 404, or a 403 for a person
    who may not use that kind of object at all: never the object."""
    if response.status_code == 302:
        assert response["Location"] == reverse("admin:index")
    else:
        assert response.status_code in (403, 404), response.status_code


def pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


# --- alice against ward B, through the admin's object URLs --------------------------------

# Ward B's objects of every admin model that belongs to a ward.
WARD_B_OBJECTS = {
    "report": lambda w: w.b.report,
    "residential cell": lambda w: w.b.cell,
    "school cell": lambda w: w.b.school,
    "cadre": lambda w: w.b.cadre,
    "neighbourhood part-timer": lambda w: w.b.part_timer,
    "quota": lambda w: w.b.quota,
    "target for ward B": lambda w: w.b.target,
    "ward B": lambda w: w.h.ward_b,
    "neighbourhood B1": lambda w: w.h.neighbourhood_b,
    "neighbourhood B2": lambda w: w.b.spare_neighbourhood,
    "neighbourhood B3": lambda w: w.b.unlinked_neighbourhood,
    "parent link of B2": lambda w: w.b.link,
    "bob's role": lambda w: w.bob.roles.get(),
    "bob": lambda w: w.bob,
}

# What a change POST would alter in each, were it accepted.
EDITS = {
    "report": {"declared_members": "99"},
    "residential cell": {"name": "Chi bộ bị sửa"},
    "school cell": {"name": "Chi bộ bị sửa"},
    "cadre": {"position": "Bị sửa"},
    "neighbourhood part-timer": {"position": "Bị sửa"},
    "quota": {"admissions_target": "9"},
    "target for ward B": {"threshold": "9"},
    "ward B": {"name": "Phường bị sửa"},
    "neighbourhood B1": {"name": "Khu phố bị sửa"},
    "neighbourhood B2": {"name": "Khu phố bị sửa"},
    "neighbourhood B3": {"name": "Khu phố bị sửa"},
    "parent link of B2": {"valid_from": "2020-01-02"},
    "bob's role": {"kind": "ward_viewer"},
    "bob": {"first_name": "Bị sửa"},
}


@pytest.mark.parametrize("view", ["change", "history", "delete"])
@pytest.mark.parametrize("name", list(WARD_B_OBJECTS))
def test_ward_editor_cannot_open_another_wards_objects_by_their_ids(world, client_for, name, view):
    obj = WARD_B_OBJECTS[name](world)
    response = client_for(world.alice).get(_admin_url(obj, view))
    assert_not_shown(response)


@pytest.mark.parametrize("name", list(WARD_B_OBJECTS))
def test_ward_editors_change_of_another_wards_object_changes_nothing(world, client_for, name):
    obj = WARD_B_OBJECTS[name](world)
    data = superuser_form_data(world, _admin_url(obj, "change")) | EDITS[name]
    before = snapshot()

    response = client_for(world.alice).post(_admin_url(obj, "change"), data)

    assert_not_shown(response)
    assert snapshot() == before


@pytest.mark.parametrize("name", list(WARD_B_OBJECTS))
def test_ward_editors_delete_of_another_wards_object_deletes_nothing(world, client_for, name):
    obj = WARD_B_OBJECTS[name](world)
    before = snapshot()

    response = client_for(world.alice).post(_admin_url(obj, "delete"), {"post": "yes"})

    assert_not_shown(response)
    assert snapshot() == before


@pytest.mark.parametrize("name", list(WARD_B_OBJECTS))
def test_ward_editors_bulk_delete_naming_another_wards_object_deletes_nothing(
    world, client_for, name
):
    obj = WARD_B_OBJECTS[name](world)
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    before = snapshot()

    response = client_for(world.alice).post(
        url,
        {"action": "delete_selected", "_selected_action": [obj.pk], "index": "0", "post": "yes"},
    )

    assert response.status_code in (200, 302, 403)
    if response.status_code == 302:
        assert response["Location"] == url  # "no items selected": none of B's is hers
    assert snapshot() == before


@pytest.mark.parametrize("action", ["submit", "approve", "return", "reopen"])
def test_ward_editor_cannot_move_another_wards_report(world, client_for, action):
    url = reverse("admin:reports_report_workflow", args=[world.b.report.pk, action])
    before = snapshot()

    response = client_for(world.alice).post(url, {"reason": "Thử"})

    assert response.status_code == 404
    assert snapshot() == before


# --- alice's lists, dropdowns and autocompletes -------------------------------------------

CHANGELISTS = [
    "reports_report",
    "hierarchy_cell",
    "staffing_cadre",
    "staffing_wardquota",
    "hierarchy_unit",
    "hierarchy_unitlink",
    "hierarchy_lineage",
    "indicators_target",
]


def _ward_b_rows(w) -> set[tuple[str, int]]:
    objects = [WARD_B_OBJECTS[name](w) for name in WARD_B_OBJECTS]
    return {(obj._meta.label, obj.pk) for obj in objects}


@pytest.mark.parametrize(
    "query", ["", "?q=Ph%C6%B0%E1%BB%9Dng+B", "?ward={ward_b}", "?all="], ids=str
)
@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_ward_editors_lists_hold_nothing_of_another_ward(world, client_for, changelist, query):
    url = reverse(f"admin:{changelist}_changelist") + query.format(ward_b=world.h.ward_b.pk)
    response = client_for(world.alice).get(url)

    if response.status_code == 302:  # a filter the list does not have: the admin's ?e=1
        assert "e=1" in response["Location"]
        return
    assert response.status_code == 200
    shown = {(obj._meta.label, obj.pk) for obj in response.context["cl"].result_list}
    assert not shown & _ward_b_rows(world)


def test_ward_editors_ward_filter_offers_only_her_ward(world, client_for):
    response = client_for(world.alice).get(reverse("admin:reports_report_changelist"))
    offered = {
        value
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "parameter_name", "") == "ward"
        for value, _label in spec.lookup_choices
    }
    assert offered == {str(world.h.ward_a.pk)}


def _form_fields(response) -> dict:
    return response.context["adminform"].form.fields


def test_ward_editors_add_forms_offer_only_her_ward_and_its_neighbourhoods(world, client_for):
    client = client_for(world.alice)
    ward_a = {world.h.ward_a.pk}
    neighbourhoods_a = {
        world.h.neighbourhood_a.pk,
        world.a.spare_neighbourhood.pk,
        world.a.unlinked_neighbourhood.pk,
    }

    report = _form_fields(client.get(reverse("admin:reports_report_add")))
    cell = _form_fields(client.get(reverse("admin:hierarchy_cell_add")))
    cadre = _form_fields(client.get(reverse("admin:staffing_cadre_add")))

    assert pks(report["ward"].queryset) == ward_a
    assert pks(cell["ward"].queryset) == ward_a
    assert pks(cell["neighbourhood"].queryset) == neighbourhoods_a
    assert pks(cadre["ward"].queryset) == ward_a
    assert pks(cadre["neighbourhood"].queryset) == neighbourhoods_a


def test_ward_editors_report_offers_only_her_wards_cells(world, client_for):
    url = _admin_url(world.a.report, "change")
    response = client_for(world.alice).get(url)

    (inline,) = response.context["inline_admin_formsets"]
    offered = inline.formset.form.base_fields["cell"].queryset
    assert pks(offered) == {world.h.cell_a.pk, world.a.school.pk}


def _sources_of(*models):
    """Every (app, model, field) whose foreign key an autocomplete could fill with `models`."""
    for model in sorted({*admin.site._registry, CellFigures}, key=lambda m: m._meta.label):
        for field in model._meta.get_fields():
            if field.many_to_one and field.concrete and field.related_model in models:
                yield model._meta.app_label, model._meta.model_name, field.name


AUTOCOMPLETE_SOURCES = list(_sources_of(Unit, Cell))


def _autocomplete(client, source) -> set[str]:
    app_label, model_name, field_name = source
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name},
    )
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def _ids(*objects) -> set[str]:
    return {str(obj.pk) for obj in objects}


@pytest.mark.parametrize("source", AUTOCOMPLETE_SOURCES, ids="/".join)
def test_autocomplete_never_returns_another_wards_units_or_cells(world, client_for, source):
    w = world
    ward_b = _ids(
        w.h.ward_b,
        w.h.neighbourhood_b,
        w.b.spare_neighbourhood,
        w.b.unlinked_neighbourhood,
        w.b.cell,
        w.b.school,
    )
    assert not _autocomplete(client_for(w.alice), source) & ward_b


@pytest.mark.parametrize("source", AUTOCOMPLETE_SOURCES, ids="/".join)
def test_autocomplete_never_returns_another_districts_units_or_cells(world, client_for, source):
    w = world
    ours = _ids(
        w.h.province,
        w.h.district,
        w.h.ward_a,
        w.h.ward_b,
        w.h.neighbourhood_a,
        w.h.neighbourhood_b,
        w.h.cell_a,
        w.h.cell_b,
    )
    assert not _autocomplete(client_for(w.oscar), source) & ours


# --- POSTs that name ward B ---------------------------------------------------------------


def _add(w, client, model: str, fields: dict):
    url = reverse(f"admin:{model}_add")
    return client.post(url, superuser_form_data(w, url) | fields)


def _refused_with_errors(response):
    assert response.status_code == 200
    assert response.context["adminform"].form.errors or any(
        inline.formset.total_error_count() for inline in response.context["inline_admin_formsets"]
    )


ADDS_NAMING_WARD_B = {
    "a report of ward B": (
        "reports_report",
        lambda w: {"ward": w.h.ward_b.pk, "period": w.h.period_2025.pk, "declared_members": "1"},
    ),
    "a cell of ward B": (
        "hierarchy_cell",
        lambda w: {
            "ward": w.h.ward_b.pk,
            "name": "Chi bộ lạ",
            "kind": "school",
            "valid_from": "2020-01-01",
        },
    ),
    "a cell of ward A in B's neighbourhood": (
        "hierarchy_cell",
        lambda w: {
            "ward": w.h.ward_a.pk,
            "name": "Chi bộ lạ",
            "kind": "residential",
            "neighbourhood": w.h.neighbourhood_b.pk,
            "valid_from": "2020-01-01",
        },
    ),
    "a cadre of ward B": (
        "staffing_cadre",
        lambda w: {
            "ward": w.h.ward_b.pk,
            "full_name": "Người lạ",
            "position": "Chủ tịch",
            "category": "civil_servant",
            "gender": "male",
            "birth_year": "1980",
            "valid_from": "2020-01-01",
        },
    ),
    "a cadre of ward A in B's neighbourhood": (
        "staffing_cadre",
        lambda w: {
            "ward": w.h.ward_a.pk,
            "full_name": "Người lạ",
            "position": "Tổ trưởng",
            "category": "neighbourhood_part_time",
            "neighbourhood": w.h.neighbourhood_b.pk,
            "gender": "male",
            "birth_year": "1980",
            "valid_from": "2020-01-01",
        },
    ),
}


@pytest.mark.parametrize("case", list(ADDS_NAMING_WARD_B))
def test_ward_editors_add_naming_another_ward_is_refused(world, client_for, case):
    model, fields = ADDS_NAMING_WARD_B[case]
    before = snapshot()

    response = _add(world, client_for(world.alice), model, fields(world))

    _refused_with_errors(response)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("obj", "fields"),
    [
        (lambda w: w.a.school, lambda w: {"ward": w.h.ward_b.pk}),
        (lambda w: w.a.cadre, lambda w: {"ward": w.h.ward_b.pk}),
        (lambda w: w.a.part_timer, lambda w: {"neighbourhood": w.h.neighbourhood_b.pk}),
    ],
    ids=["cell to ward B", "cadre to ward B", "part-timer to B's neighbourhood"],
)
def test_ward_editor_cannot_move_her_objects_into_another_ward(world, client_for, obj, fields):
    url = _admin_url(obj(world), "change")
    data = superuser_form_data(world, url) | fields(world)
    before = snapshot()

    response = client_for(world.alice).post(url, data)

    _refused_with_errors(response)
    assert snapshot() == before


def test_ward_editor_cannot_slip_another_wards_cell_into_her_report(world, client_for):
    url = _admin_url(world.a.report, "change")
    data = superuser_form_data(world, url)
    data |= {
        "cell_figures-TOTAL_FORMS": str(int(data["cell_figures-TOTAL_FORMS"]) + 1),
        "cell_figures-1-cell": str(world.b.cell.pk),
        "cell_figures-1-members": "5",
    }
    before = snapshot()

    response = client_for(world.alice).post(url, data)

    _refused_with_errors(response)
    assert snapshot() == before


def test_ward_editor_cannot_change_another_wards_figures_through_her_report(world, client_for):
    """Her report's row given the id of ward B's row: the admin finds no such row in her
    report and skips it (her own report may be saved, unchanged); B's figures stay."""
    url = _admin_url(world.a.report, "change")
    data = superuser_form_data(world, url)
    data |= {"cell_figures-0-id": str(world.b.figures.pk), "cell_figures-0-members": "99"}
    before = snapshot()["reports.CellFigures"]

    response = client_for(world.alice).post(url, data)

    assert response.status_code in (200, 302)
    assert snapshot()["reports.CellFigures"] == before
    assert CellFigures.objects.get(pk=world.b.figures.pk).members == 30


# --- The dashboards -----------------------------------------------------------------------

AREA_PAGES = ["dashboards:area", "dashboards:rollup", "dashboards:completeness"]
EXPORTS = [
    ("dashboards:area", "csv"),
    ("dashboards:area", "xlsx"),
    ("dashboards:completeness", "csv"),
    ("dashboards:completeness", "xlsx"),
    ("dashboards:rollup", "csv"),
    ("dashboards:rollup", "xlsx"),
]


@pytest.mark.parametrize("persona", ["alice", "vera"])
def test_ward_people_get_404_for_another_ward_and_for_their_district(world, client_for, persona):
    client = client_for(getattr(world, persona))
    w = world
    assert client.get(reverse("dashboards:ward", args=[w.h.ward_b.pk])).status_code == 404
    assert client.get(reverse("dashboards:ward", args=[w.h.ward_e.pk])).status_code == 404
    for page in AREA_PAGES:
        for area in (w.h.district, w.h.other_district, w.h.province):
            assert client.get(reverse(page, args=[area.pk])).status_code == 404, (page, area)


@pytest.mark.parametrize(("page", "export"), EXPORTS)
@pytest.mark.parametrize("persona", ["alice", "vera", "bob", "oscar"])
def test_exports_of_an_area_one_cannot_see_are_404(world, client_for, persona, page, export):
    client = client_for(getattr(world, persona))
    response = client.get(reverse(page, args=[world.h.district.pk]), {"_export": export})
    assert response.status_code == 404


def test_another_districts_officer_gets_404_for_our_district_and_its_wards(world, client_for):
    client = client_for(world.oscar)
    w = world
    for page in AREA_PAGES:
        for area in (w.h.district, w.h.province):
            assert client.get(reverse(page, args=[area.pk])).status_code == 404, (page, area)
    for ward in (w.h.ward_a, w.h.ward_b):
        assert client.get(reverse("dashboards:ward", args=[ward.pk])).status_code == 404


def test_another_districts_officer_sees_only_his_own_wards(world, client_for):
    client = client_for(world.oscar)
    area = reverse("dashboards:area", args=[world.h.other_district.pk])

    page = client.get(area)
    export = client.get(area, {"_export": "csv"})

    assert page.status_code == export.status_code == 200
    for text in (page.content.decode(), export.content.decode("utf-8-sig")):
        assert "Phường E" in text
        assert "Phường A" not in text
        assert "Phường B" not in text


def test_area_officer_sees_none_of_another_districts_wards(world, client_for):
    response = client_for(world.olga).get(
        reverse("dashboards:area", args=[world.h.district.pk]), {"_export": "csv"}
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Phường A" in text
    assert "Phường E" not in text


# --- oscar against our district, in the admin ---------------------------------------------


@pytest.mark.parametrize("name", list(WARD_B_OBJECTS))
def test_another_districts_officer_cannot_open_our_objects(world, client_for, name):
    obj = WARD_B_OBJECTS[name](world)
    assert_not_shown(client_for(world.oscar).get(_admin_url(obj, "change")))


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_another_districts_officers_lists_hold_nothing_of_ours(world, client_for, changelist):
    response = client_for(world.oscar).get(reverse(f"admin:{changelist}_changelist"))
    shown = {(obj._meta.label, obj.pk) for obj in response.context["cl"].result_list}
    w = world
    ours = _ward_b_rows(w) | {
        (obj._meta.label, obj.pk)
        for obj in (
            w.a.report,
            w.a.cell,
            w.a.school,
            w.a.cadre,
            w.a.quota,
            w.a.target,
            w.a.link,
            w.lineage,
            w.h.ward_a,
            w.h.district,
            w.h.province,
        )
    }
    assert not shown & ours


# --- petra against another province -------------------------------------------------------


@pytest.fixture
def far(world):
    """Another province, whose ward left it on 31/12/2029 (so a new parent link could start)."""
    province = factories.make_province(name="Tỉnh Xa", code="88")
    ward = factories.make_unit(name="Phường Xa", kind=UnitKind.WARD, unit_class="II", code="88001")
    factories.make_link(child=ward, parent=province, valid_to=datetime.date(2029, 12, 31))
    stranger = factories.make_user(username="stranger", is_staff=True)
    factories.make_role(user=stranger, unit=ward, kind="ward_editor")
    return SimpleNamespace(province=province, ward=ward, stranger=stranger)


def test_provincial_administrator_cannot_open_another_provinces_units(world, client_for, far):
    client = client_for(world.petra)
    for unit in (far.province, far.ward):
        assert_not_shown(client.get(_admin_url(unit, "change")))
    assert_not_shown(client.get(_admin_url(far.stranger, "change")))
    assert_not_shown(client.get(_admin_url(far.stranger.roles.get(), "change")))


def test_provincial_administrators_role_form_offers_only_her_provinces_units(
    world, client_for, far
):
    response = client_for(world.petra).get(reverse("admin:accounts_role_add"))
    fields = _form_fields(response)
    assert not pks(fields["unit"].queryset) & {far.province.pk, far.ward.pk}
    assert far.stranger.pk not in pks(fields["user"].queryset)


def test_provincial_administrator_cannot_give_a_role_in_another_province(world, client_for, far):
    before = snapshot()
    response = _add(
        world,
        client_for(world.petra),
        "accounts_role",
        {"user": world.vera.pk, "unit": far.ward.pk, "kind": "ward_editor"},
    )
    _refused_with_errors(response)
    assert snapshot() == before
    assert not Role.objects.filter(unit=far.ward, user=world.vera).exists()


def test_provincial_administrators_unit_forms_offer_only_her_provinces_units(
    world, client_for, far
):
    client = client_for(world.petra)
    theirs = {far.province.pk, far.ward.pk}
    lineage = _form_fields(client.get(reverse("admin:hierarchy_lineage_add")))
    link = _form_fields(client.get(reverse("admin:hierarchy_unitlink_add")))
    unit = client.get(_admin_url(world.h.ward_a, "change"))
    inline_fields = {
        (inline.formset.prefix, name): field
        for inline in unit.context["inline_admin_formsets"]
        for name, field in inline.formset.form.base_fields.items()
    }

    assert not pks(lineage["predecessor"].queryset) & theirs
    assert not pks(lineage["successor"].queryset) & theirs
    assert not pks(link["child"].queryset) & theirs
    assert not pks(link["parent"].queryset) & theirs
    assert not pks(inline_fields["parent_links", "parent"].queryset) & theirs
    assert not pks(inline_fields["predecessor_links", "predecessor"].queryset) & theirs


def test_provincial_administrator_cannot_graft_another_provinces_unit_as_a_predecessor(
    world, client_for, far
):
    """Whoever sees a ward sees its predecessors and everything below them: a lineage from
    another province would open that province to ward A's people."""
    before = snapshot()
    _add(
        world,
        client_for(world.petra),
        "hierarchy_lineage",
        {
            "predecessor": far.province.pk,
            "successor": world.h.ward_a.pk,
            "kind": "whole",
            "effective": "2025-07-01",
        },
    )
    assert snapshot() == before
    assert far.ward.pk not in pks(scope.visible(Unit.objects.all(), world.alice))
    assert not Lineage.objects.filter(predecessor=far.province).exists()


def test_provincial_administrator_cannot_link_another_provinces_ward_under_her_district(
    world, client_for, far
):
    before = snapshot()
    _add(
        world,
        client_for(world.petra),
        "hierarchy_unitlink",
        {"child": far.ward.pk, "parent": world.h.district.pk, "valid_from": "2030-01-01"},
    )
    assert snapshot() == before
    assert not UnitLink.objects.filter(child=far.ward, parent=world.h.district).exists()


# --- Nothing of this leaks through the report's own pages --------------------------------


def test_ward_editor_sees_no_trace_of_another_wards_report(world, client_for):
    client = client_for(world.alice)
    own = client.get(_admin_url(world.a.report, "change")).content.decode()
    listing = client.get(reverse("admin:reports_report_changelist")).content.decode()
    for page in (own, listing):
        assert "Phường B" not in page
        assert "Chi bộ Khu phố B1" not in page
    assert Report.objects.filter(ward=world.h.ward_b).exists()
