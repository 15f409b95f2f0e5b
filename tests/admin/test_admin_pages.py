"""Every admin page of every model renders for the administrator, and only within scope for
the others."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests import factories
from wardstats.reports.models import CellFigures, Report
from wardstats.staffing.models import Category


@pytest.fixture
def filled(hierarchy):
    """One row of every model, so that every change page has an object to show."""
    h = hierarchy
    report = factories.make_report(ward=h.ward_a, period=h.period_2024, declared_members=30)
    factories.make_cell_figures(report=report, cell=h.cell_a, members=30, women=12)
    rule_set = factories.make_rule_set()
    factories.make_norm(rule_set=rule_set)
    factories.make_ward_quota(ward=h.ward_a, period=h.period_2024, cadres_civil_servants=21)
    factories.make_unit_facts(unit=h.ward_a, population=12_000, area_km2=6)
    term = factories.make_planning_term()
    factories.make_age_band(label="Dưới 35", min_age=18, max_age=35, is_young=True)
    factories.make_cadre(ward=h.ward_a, planning_terms=[term])
    factories.make_cadre(
        ward=h.ward_b,
        full_name="Trần Thị Bình",
        category=Category.NEIGHBOURHOOD_PART_TIME,
        neighbourhood=h.neighbourhood_b,
    )
    from wardstats.hierarchy.models import Lineage, LineageKind
    from wardstats.indicators.models import Indicator, Target

    Target.objects.create(
        indicator=Indicator.objects.get(code="pool_women"),
        comparison="gte",
        threshold=25,
        area=h.province,
        source_document="Quy định 50-QĐ/TW",
    )
    merged = factories.make_ward(parent=h.district, name="Phường C", code="99903")
    Lineage.objects.create(
        predecessor=h.ward_b,
        successor=merged,
        kind=LineageKind.WHOLE,
        effective=h.period_2025.start,
    )
    return report


def admin_urls():
    for model in admin.site._registry:
        opts = model._meta
        yield model, f"admin:{opts.app_label}_{opts.model_name}_changelist"
        yield model, f"admin:{opts.app_label}_{opts.model_name}_add"


@pytest.mark.parametrize(("model", "url_name"), list(admin_urls()), ids=lambda v: str(v))
def test_admin_list_and_add_pages_render_for_the_administrator(
    client_for, admin, filled, model, url_name
):
    response = client_for(admin).get(reverse(url_name))
    assert response.status_code == 200, url_name


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_admin_change_page_of_every_model_renders_for_the_administrator(
    client_for, admin, alice, filled, model
):
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the fixture made no {model._meta.label}"
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    response = client_for(admin).get(url)
    assert response.status_code == 200


def test_admin_list_search_and_filters_render(client_for, admin, filled, hierarchy):
    client = client_for(admin)
    url = reverse("admin:staffing_cadre_changelist")
    response = client.get(url, {"q": "Bình", "ward": hierarchy.ward_b.pk, "category": "x"})
    assert response.status_code == 200
    response = client.get(url, {"q": "Bình", "ward": hierarchy.ward_b.pk})
    assert "Trần Thị Bình" in response.content.decode()


def test_report_page_shows_the_cells_totals_next_to_the_declared_total(client_for, admin, filled):
    url = reverse("admin:reports_report_change", args=[filled.pk])
    page = client_for(admin).get(url).content.decode()
    assert "Chi bộ Khu phố A1" in page
    assert 'class="ws-totals"' in page


def test_secretary_sees_only_own_ward_in_every_list(client_for, alice, filled, hierarchy):
    client = client_for(alice)
    cadres = client.get(reverse("admin:staffing_cadre_changelist")).content.decode()
    assert "Nguyễn Văn An" in cadres
    assert "Trần Thị Bình" not in cadres
    cells = client.get(reverse("admin:hierarchy_cell_changelist")).content.decode()
    assert "Chi bộ Khu phố A1" in cells
    assert "Chi bộ Khu phố B1" not in cells


def test_secretary_cannot_open_another_wards_objects_by_id(client_for, bob, filled):
    url = reverse("admin:reports_report_change", args=[filled.pk])
    response = client_for(bob).get(url)
    # Outside the scope the report does not exist: the admin answers as for a missing id.
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert client_for(bob).post(url, {"declared_members": "1"}).status_code == 302
    filled.refresh_from_db()
    assert filled.declared_members == 30


def test_secretary_adding_a_report_is_offered_only_own_ward(client_for, alice, hierarchy):
    page = client_for(alice).get(reverse("admin:reports_report_add")).content.decode()
    assert "Phường A" in page
    assert "Phường B" not in page


def test_secretary_cannot_put_another_wards_cell_into_own_report(
    client_for, alice, filled, hierarchy
):
    url = reverse("admin:reports_report_change", args=[filled.pk])
    figures = filled.cell_figures.get()
    data = {
        "declared_members": "30",
        "training_attendances": "0",
        "propagandists": "0",
        "mass_mobilisation_models": "0",
        "note": "",
        "seen_version": str(filled.version),
        "cell_figures-TOTAL_FORMS": "2",
        "cell_figures-INITIAL_FORMS": "1",
        "cell_figures-MIN_NUM_FORMS": "0",
        "cell_figures-MAX_NUM_FORMS": "1000",
        "cell_figures-0-id": str(figures.pk),
        "cell_figures-0-report": str(filled.pk),
        "cell_figures-0-cell": str(hierarchy.cell_a.pk),
        "cell_figures-0-members": "30",
        "cell_figures-0-probationary": "0",
        "cell_figures-0-women": "12",
        "cell_figures-1-report": str(filled.pk),
        "cell_figures-1-cell": str(hierarchy.cell_b.pk),
        "cell_figures-1-members": "5",
        "cell_figures-1-probationary": "0",
        "cell_figures-1-women": "1",
    }
    for i in (0, 1):
        for field in ("admitted", "transferred_in", "transferred_out", "deaths", "struck_off"):
            data[f"cell_figures-{i}-{field}"] = "0"
        data[f"cell_figures-{i}-quality_level"] = ""
    response = client_for(alice).post(url, data)
    assert response.status_code == 200  # the form comes back with its error
    assert response.context["inline_admin_formsets"][0].formset.errors[1]["cell"]
    assert CellFigures.objects.filter(report=filled).count() == 1


def test_bad_figures_are_refused_with_the_rule_and_nothing_is_saved(
    client_for, alice, filled, hierarchy
):
    url = reverse("admin:reports_report_change", args=[filled.pk])
    figures = filled.cell_figures.get()
    data = {
        "declared_members": "31",
        "training_attendances": "-1",
        "propagandists": "0",
        "mass_mobilisation_models": "0",
        "note": "",
        "seen_version": str(filled.version),
        "cell_figures-TOTAL_FORMS": "1",
        "cell_figures-INITIAL_FORMS": "1",
        "cell_figures-MIN_NUM_FORMS": "0",
        "cell_figures-MAX_NUM_FORMS": "1000",
        "cell_figures-0-id": str(figures.pk),
        "cell_figures-0-report": str(filled.pk),
        "cell_figures-0-cell": str(hierarchy.cell_a.pk),
        "cell_figures-0-members": "30",
        "cell_figures-0-probationary": "0",
        "cell_figures-0-women": "40",
        "cell_figures-0-quality_level": "",
    }
    for field in ("admitted", "transferred_in", "transferred_out", "deaths", "struck_off"):
        data[f"cell_figures-0-{field}"] = "0"
    response = client_for(alice).post(url, data)
    assert response.status_code == 200
    assert "training_attendances" in response.context["adminform"].form.errors
    inline_errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert "women" in inline_errors
    filled.refresh_from_db()
    figures.refresh_from_db()
    assert (filled.declared_members, figures.women) == (30, 12)


def test_a_second_report_for_the_same_ward_and_period_is_refused(
    client_for, alice, filled, hierarchy
):
    data = {
        "ward": str(hierarchy.ward_a.pk),
        "period": str(hierarchy.period_2024.pk),
        "declared_members": "1",
        "training_attendances": "0",
        "propagandists": "0",
        "mass_mobilisation_models": "0",
        "note": "",
    }
    response = client_for(alice).post(reverse("admin:reports_report_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert Report.objects.filter(ward=hierarchy.ward_a).count() == 1


def test_a_new_report_opens_with_every_cell_of_the_ward_ready_to_fill(client_for, alice, hierarchy):
    data = {
        "ward": str(hierarchy.ward_a.pk),
        "period": str(hierarchy.period_2025.pk),
        "declared_members": "25",
        "training_attendances": "0",
        "propagandists": "0",
        "mass_mobilisation_models": "0",
        "note": "",
    }
    client = client_for(alice)
    response = client.post(reverse("admin:reports_report_add"), data)
    report = Report.objects.get(ward=hierarchy.ward_a, period=hierarchy.period_2025)
    assert response.url == reverse("admin:reports_report_change", args=[report.pk])
    page = client.get(response.url)
    formset = page.context["inline_admin_formsets"][0].formset
    offered = [form.initial.get("cell") for form in formset.extra_forms]
    assert offered == [hierarchy.cell_a.pk]
    assert list(formset.forms[0].fields["cell"].queryset) == [hierarchy.cell_a]
