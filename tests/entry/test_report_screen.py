"""The ward secretary's report screen: enter, check, save, submit — never losing an edit."""

import pytest
from django.utils import translation

from tests import factories
from tests.entry.conftest import part_with, report_url
from tests.entry.page import entry_form, field_errors
from tests.rule_cases import CASES, message
from wardstats.entry.forms import CODES, stored_values
from wardstats.entry.rendering import PARTS
from wardstats.reports import services
from wardstats.reports.models import CELL_COUNT_FIELDS, CellFigures, Report, ReportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(hierarchy):
    """Ward A's 2025 draft: its residential cell with 30 members, as the ward declares."""
    h = hierarchy
    report = factories.make_report(ward=h.ward_a, period=h.period_2025, declared_members=30)
    factories.make_cell_figures(report=report, cell=h.cell_a, members=30, women=12)
    return report


def name(cell, field: str) -> str:
    return f"{cell.pk}{CODES[field]}"


def test_the_editor_gets_every_cell_to_fill_and_a_viewer_only_reads(
    client_for, report, alice, hierarchy
):
    school = factories.make_cell(ward=hierarchy.ward_a, name="Chi bộ Trường học", kind="school")
    page = client_for(alice).get(report_url(report))
    assert page.status_code == 200
    form = entry_form(page)
    assert form[name(hierarchy.cell_a, "members")] == "30"
    assert form[name(school, "members")] == ""  # no figures yet: an empty row to fill
    viewer = factories.make_user(username="vera")
    factories.make_role(user=viewer, unit=hierarchy.ward_a, kind="ward_viewer")
    read = client_for(viewer).get(report_url(report))
    assert read.status_code == 200 and entry_form(read) == {}
    assert "Chi bộ Trường học" in read.content.decode()


def test_save_stores_the_figures_and_stays_on_the_report(client_for, report, alice, hierarchy):
    client = client_for(alice)
    form = entry_form(client.get(report_url(report)))
    form[name(hierarchy.cell_a, "members")] = "31"
    form["declared_members"] = "31"
    response = client.post(report_url(report), {**form, "action": "save"})
    assert response.status_code == 302 and response.url == report_url(report)
    figures = CellFigures.objects.get(report=report)
    assert figures.members == 31
    report.refresh_from_db()
    assert (report.declared_members, report.status, report.version) == (31, "draft", 2)
    again = client.get(response.url)
    assert entry_form(again)[name(hierarchy.cell_a, "members")] == "31"
    assert "Đã lưu." in again.content.decode()


def test_save_and_submit_saves_the_changed_figure_first(client_for, report, alice, hierarchy):
    client = client_for(alice)
    form = entry_form(client.get(report_url(report)))
    form[name(hierarchy.cell_a, "women")] = "13"  # changed, and never saved on its own
    response = client.post(report_url(report), {**form, "action": "submit"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert CellFigures.objects.get(report=report).women == 13


def test_save_and_submit_with_a_problem_keeps_the_saved_draft_and_says_why(
    client_for, report, alice, hierarchy
):
    client = client_for(alice)
    form = entry_form(client.get(report_url(report)))
    form[name(hierarchy.cell_a, "members")] = "4390"  # the ward still declares 30
    response = client.post(report_url(report), {**form, "action": "submit"}, follow=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert CellFigures.objects.get(report=report).members == 4390  # saved all the same
    html = response.content.decode()
    assert "chưa được gửi" in html
    # The check, with the figures written as the page writes them.
    assert "4.390" in html and "4390" not in html.split("<table", 1)[0]


@pytest.mark.parametrize(("what", "typed", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_figure_is_said_beside_its_field_and_nothing_is_saved(
    client_for, report, alice, hierarchy, what, typed, expected
):
    """Typed on the part of the screen that holds the figure the rule is about (or the last
    figure typed); what the case types on another part is stored already, as an earlier save
    of that part left it."""
    client = client_for(alice)
    cell = hierarchy.cell_a
    part = part_with(next(iter(expected), list(typed)[-1]))
    fields = next(p.fields for p in PARTS if p.slug == part)
    earlier = {f: int(typed.get(f, 0)) for f in CELL_COUNT_FIELDS if f not in fields}
    CellFigures.objects.filter(report=report, cell=cell).update(**earlier)
    before = CellFigures.objects.get(report=report, cell=cell)
    form = entry_form(client.get(report_url(report, part)))
    for field in fields:  # the row as the case types it, the rest left blank
        form.pop(name(cell, field), None)
        if field in typed:
            form[name(cell, field)] = typed[field]
    response = client.post(report_url(report, part), {**form, "action": "save"})
    errors = {field: field_errors(response).get(name(cell, field)) for field in expected}
    with translation.override("vi"):
        assert errors == {field: message(key) for field, key in expected.items()}
    if expected:
        assert response.status_code == 400
        report.refresh_from_db()
        assert report.version == 1  # nothing saved
        after = CellFigures.objects.get(report=report, cell=cell)
        assert stored_values(after) == stored_values(before)
        shown = entry_form(response)
        assert all(shown[name(cell, f)] == typed[f] for f in typed if f in fields)  # to fix
    else:
        assert response.status_code == 302


def test_an_emptied_row_removes_the_cells_figures(client_for, report, alice, hierarchy):
    client = client_for(alice)
    form = entry_form(client.get(report_url(report)))
    cell = hierarchy.cell_a
    for field in CODES:
        form.pop(name(cell, field), None)
    assert client.post(report_url(report), {**form, "action": "save"}).status_code == 302
    assert not CellFigures.objects.filter(report=report).exists()


def test_a_new_report_is_created_by_its_first_save(client_for, alice, hierarchy):
    url = report_url(Report(ward=hierarchy.ward_a, period=hierarchy.period_2025))
    client = client_for(alice)
    form = entry_form(client.get(url))
    assert form["version"] == ""
    form |= {"declared_members": "25", name(hierarchy.cell_a, "members"): "25"}
    assert client.post(url, {**form, "action": "save"}).status_code == 302
    report = Report.objects.get(ward=hierarchy.ward_a, period=hierarchy.period_2025)
    assert (report.declared_members, report.cell_figures.get().members) == (25, 25)


def test_a_clash_keeps_her_edits_beside_theirs_and_one_more_save_applies_them(
    client_for, report, alice, hierarchy
):
    h, client = hierarchy, client_for(alice)
    cell = h.cell_a
    hers = entry_form(client.get(report_url(report)))
    # Someone else saves first: members 30 → 32, women 12 → 11, the note.
    other = CellFigures.objects.get(report=report)
    other.members, other.women = 32, 11
    report.note = "Theo sổ"
    services.report_save(
        actor=factories.make_user(username="an", is_superuser=True),
        report=report,
        seen_version=1,
        cells=[other],
    )
    # She changed members too (→ 35) and the probationary (→ 2), not the women nor the note.
    hers |= {name(cell, "members"): "35", name(cell, "probationary"): "2"}
    clash = client.post(report_url(report), {**hers, "action": "save"})
    assert clash.status_code == 409
    report.refresh_from_db()
    assert report.version == 2  # nothing of hers saved yet
    shown = entry_form(clash)
    assert shown[name(cell, "members")] == "35"  # hers kept …
    assert shown[name(cell, "probationary")] == "2"
    assert shown[name(cell, "women")] == "11"  # … theirs taken where she changed nothing
    assert shown["note"] == "Theo sổ"
    assert shown["version"] == "2"
    html = clash.content.decode()
    assert "số của người kia: 32" in html  # both changed members: theirs beside hers
    # One click: save again.
    assert client.post(report_url(report), {**shown, "action": "save"}).status_code == 302
    saved = CellFigures.objects.get(report=report)
    assert (saved.members, saved.probationary, saved.women) == (35, 2, 11)
    report.refresh_from_db()
    assert (report.note, report.version) == ("Theo sổ", 3)


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.APPROVED])
def test_a_submitted_or_approved_report_opens_read_only(client_for, report, alice, status):
    Report.objects.filter(pk=report.pk).update(status=status)
    client = client_for(alice)
    page = client.get(report_url(report))
    assert page.status_code == 200 and entry_form(page) == {}
    refused = client.post(report_url(report), {"version": "1", "declared_members": "1"})
    assert refused.status_code == 403
    report.refresh_from_db()
    assert report.declared_members == 30


def test_the_screen_is_in_parts_and_a_parts_save_leaves_the_others_as_they_are(
    client_for, report, alice, hierarchy
):
    """The members and their movement; the organisation and its ratings; the structure (a
    year's report): each a page and a save of its own."""
    client, cell = client_for(alice), hierarchy.cell_a
    CellFigures.objects.filter(report=report).update(rated_good=30, exempt=2)
    page = client.get(report_url(report))
    html = page.content.decode()
    assert [label for label in ("Đảng viên và biến động", "Tổ chức và xếp loại",
                                "Cơ cấu đảng viên") if label in html] == [
        "Đảng viên và biến động", "Tổ chức và xếp loại", "Cơ cấu đảng viên"]  # fmt: skip
    members = entry_form(page)
    assert name(cell, "members") in members and name(cell, "rated_good") not in members
    url = report_url(report, "organisation")
    form = entry_form(client.get(url))
    assert name(cell, "members") not in form and "declared_members" not in form
    form |= {name(cell, "rated_good"): "28", name(cell, "rated_excellent"): "2",
             "propagandists": "4"}  # fmt: skip
    response = client.post(url, {**form, "action": "save"})
    assert response.status_code == 302 and response.url == url  # back to the same part
    saved = CellFigures.objects.get(report=report)
    assert (saved.rated_good, saved.rated_excellent) == (28, 2)
    assert (saved.members, saved.women, saved.exempt) == (30, 12, 2)  # the other part's
    report.refresh_from_db()
    assert (report.propagandists, report.declared_members, report.version) == (4, 30, 2)


def test_a_rule_broken_by_a_figure_of_another_part_is_said_under_the_cells_name(
    client_for, report, alice, hierarchy
):
    """The members are typed on the first part: a cell new to the report, given ratings on the
    second, is told there to enter its members, and nothing is saved."""
    school = factories.make_cell(ward=hierarchy.ward_a, name="Chi bộ Trường học", kind="school")
    client = client_for(alice)
    url = report_url(report, "organisation")
    form = entry_form(client.get(url)) | {name(school, "rated_good"): "5"}
    response = client.post(url, {**form, "action": "save"})
    assert response.status_code == 400
    with translation.override("vi"):
        assert f"Đảng viên (chính thức và dự bị): {message('members_required')}" in (
            response.content.decode()
        )
    assert not CellFigures.objects.filter(cell=school).exists()


def test_a_rows_stored_counts_of_another_part_are_there_for_the_live_checks(
    client_for, report, alice, hierarchy
):
    """Those not rated as exempt are at most the exempt, typed on the other part: the row of
    the ratings carries the exempt as stored (entry.js reads it)."""
    CellFigures.objects.filter(report=report).update(exempt=2)
    html = client_for(alice).get(report_url(report, "organisation")).content.decode()
    assert f"<tr data-{CODES['exempt']}=2><th scope=row id=r{hierarchy.cell_a.pk}>" in html


def test_a_month_or_quarter_has_no_structure_part(hierarchy):
    from wardstats.entry.rendering import parts_for

    year = hierarchy.period_2025
    assert [p.slug for p in parts_for(year)] == ["members", "organisation", "structure"]
    quarter = factories.make_period(kind="quarter", year=2025, number=1)
    assert [p.slug for p in parts_for(quarter)] == ["members", "organisation"]
