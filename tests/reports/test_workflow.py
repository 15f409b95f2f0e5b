"""A report's life: draft → submitted by its ward → approved, or returned with a reason by the
area above it → corrected and submitted again; reopened only by the area, with a reason.

Submitting runs the rules and lists every problem; a submitted or approved report is read-only
for everyone, however it is reached (the admin's pages, a model save, a cell's figures). The
admin's workflow URLs move the status for the right person and never answer 500.

Messages are read in English (the language cookie, or translation.override) so that the tests
say what they check; test_translations.py makes sure every one has its Vietnamese.
"""

import pytest
from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from tests import factories
from wardstats.hierarchy.models import CellKind
from wardstats.reports import checks, services
from wardstats.reports.models import (
    CELL_COUNT_FIELDS,
    CellFigures,
    Report,
    ReportLocked,
    ReportStatus,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client_en(client_for):
    """A test client logged in as `user` that reads the pages in English."""

    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def report(hierarchy):
    """Ward A's 2025 report, valid: one residential cell of 30 members (20 at the start, 10
    moved in), 30 declared."""
    report = factories.make_report(
        ward=hierarchy.ward_a, period=hierarchy.period_2025, declared_members=30
    )
    factories.make_cell_figures(
        report=report, cell=hierarchy.cell_a, members=30, women=10, transferred_in=10
    )
    return report


@pytest.fixture
def previous(hierarchy):
    """Ward A's 2024 report: cell A1 had 20 members then."""
    report = factories.make_report(
        ward=hierarchy.ward_a,
        period=hierarchy.period_2024,
        declared_members=20,
        status=ReportStatus.APPROVED,
    )
    factories.make_cell_figures(report=report, cell=hierarchy.cell_a, members=20)
    return report


def status_of(report) -> str:
    return Report.objects.values_list("status", flat=True).get(pk=report.pk)


def declare(report, members: int) -> Report:
    Report.objects.filter(pk=report.pk).update(declared_members=members)
    report.refresh_from_db()
    return report


def set_status(report, status) -> Report:
    Report.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    return report


def messages_of(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in response.context["messages"]]


def workflow_url(report, action: str) -> str:
    return reverse("admin:reports_report_workflow", args=[report.pk, action])


def change_url(report) -> str:
    return reverse("admin:reports_report_change", args=[report.pk])


# --- The rules run on submission ---------------------------------------------------------


def test_a_valid_report_has_no_problems(report, previous):
    # 20 → 30 is exactly the factor 1.5: not more than it, so no comment is needed.
    assert checks.report_problems(report) == []


def test_cells_adding_up_to_another_total_than_declared_is_a_problem(report):
    declare(report, 31)
    problems = checks.report_problems(report)
    assert [p.message for p in problems] == [
        "The cells' members add up to 30, but the ward declares 31."
    ]


def test_a_report_without_cells_is_a_problem(hierarchy):
    empty = factories.make_report(ward=hierarchy.ward_b, period=hierarchy.period_2025)
    assert [p.message for p in checks.report_problems(empty)] == ["The report has no cell figures."]


def test_a_residential_cell_without_neighbourhood_is_a_problem(report, hierarchy):
    orphan = factories.make_cell(ward=hierarchy.ward_a, name="Chi bộ Không Khu Phố")
    factories.make_cell_figures(report=report, cell=orphan, members=5)
    declare(report, 35)
    problems = checks.report_problems(report)
    assert [(p.cell, p.message) for p in problems] == [
        ("Chi bộ Không Khu Phố", "This residential cell has no neighbourhood.")
    ]


def test_an_institutional_cell_needs_no_neighbourhood(report, hierarchy):
    school = factories.make_cell(ward=hierarchy.ward_a, name="Chi bộ Trường", kind=CellKind.SCHOOL)
    factories.make_cell_figures(report=report, cell=school, members=5)
    declare(report, 35)
    assert checks.report_problems(report) == []


@pytest.mark.parametrize(
    ("before", "now", "flagged"),
    [
        (20, 30, False),  # × 1.5: at the factor, not above it
        (20, 31, True),  # × 1.55
        (30, 20, False),  # ÷ 1.5
        (31, 20, True),  # a fall counts as much as a rise
        (0, 5, True),  # from nothing
        (5, 0, True),  # to nothing
        (0, 0, False),
    ],
)
def test_a_jump_of_more_than_the_factor_needs_a_comment(hierarchy, before, now, flagged):
    h = hierarchy
    old = factories.make_report(ward=h.ward_a, period=h.period_2024, declared_members=before)
    factories.make_cell_figures(report=old, cell=h.cell_a, members=before)
    new = factories.make_report(ward=h.ward_a, period=h.period_2025, declared_members=now)
    # The stock adds up (opening + moves = closing): only the jump is in question.
    moves = {"transferred_in": now - before} if now > before else {"transferred_out": before - now}
    row = factories.make_cell_figures(report=new, cell=h.cell_a, members=now, **moves)
    expected = (
        [
            (
                "Chi bộ Khu phố A1",
                f"Members went from {before} to {now} since the last period: "
                "explain the change in the cell's comment.",
            )
        ]
        if flagged
        else []
    )
    assert [(p.cell, p.message) for p in checks.report_problems(new)] == expected
    # The comment is the explanation: with it the jump passes.
    row.comment = "Sáp nhập khu phố"
    row.save()
    assert checks.report_problems(new) == []


def test_a_comment_of_blanks_does_not_explain_a_jump(report, previous):
    CellFigures.objects.filter(report=report).update(
        members=40, transferred_in=20, rated_good=40, comment="   "
    )
    factories.fit_structure(report)
    declare(report, 40)
    assert [p.cell for p in checks.report_problems(report)] == ["Chi bộ Khu phố A1"]


def test_the_jump_is_measured_from_the_latest_earlier_period(report, previous, hierarchy):
    older = factories.make_period(year=2023)
    oldest = factories.make_report(ward=hierarchy.ward_a, period=older, declared_members=100)
    factories.make_cell_figures(report=oldest, cell=hierarchy.cell_a, members=100)
    # 2023: 100, 2024: 20, 2025: 30 — compared with 2024, not with 2023.
    assert checks.report_problems(report) == []


def test_the_jump_factor_is_a_setting(report, previous, settings):
    CellFigures.objects.filter(report=report).update(members=50, transferred_in=30, rated_good=50)
    factories.fit_structure(report)
    declare(report, 50)
    assert len(checks.report_problems(report)) == 1  # 20 → 50 is × 2.5
    settings.WARDSTATS_JUMP_FACTOR = 3
    assert checks.report_problems(report) == []
    settings.WARDSTATS_JUMP_FACTOR = 2
    assert len(checks.report_problems(report)) == 1


def test_the_jump_factor_defaults_to_one_and_a_half(settings):
    del settings.WARDSTATS_JUMP_FACTOR
    assert checks.jump_factor() == 1.5


def test_every_problem_is_listed_at_once(report, previous, hierarchy):
    orphan = factories.make_cell(ward=hierarchy.ward_a, name="Chi bộ Không Khu Phố")
    factories.make_cell_figures(report=report, cell=orphan, members=5)
    CellFigures.objects.filter(report=report, cell=hierarchy.cell_a).update(
        members=50, transferred_in=30, rated_good=50
    )
    factories.fit_structure(report)
    problems = checks.report_problems(report)
    assert len(problems) == 3, problems
    assert problems[0].message.startswith("The cells' members add up to 55")
    assert {p.cell for p in problems[1:]} == {"Chi bộ Không Khu Phố", "Chi bộ Khu phố A1"}


def test_a_report_with_problems_cannot_be_submitted(report, previous, alice, hierarchy):
    orphan = factories.make_cell(ward=hierarchy.ward_a, name="Chi bộ Không Khu Phố")
    factories.make_cell_figures(report=report, cell=orphan, members=5)
    with pytest.raises(ValidationError) as refused:
        services.report_submit(report=report, actor=alice)
    assert refused.value.messages == [
        "The cells' members add up to 35, but the ward declares 30.",
        "Chi bộ Không Khu Phố: This residential cell has no neighbourhood.",
    ]
    report.refresh_from_db()
    assert (report.status, report.version) == (ReportStatus.DRAFT, 1)


# --- Who moves the report ----------------------------------------------------------------


def test_the_ward_editor_submits_a_draft(report, alice):
    moved = services.report_submit(report=report, actor=alice)
    assert moved.status == ReportStatus.SUBMITTED
    assert moved.version == 2
    assert status_of(report) == ReportStatus.SUBMITTED


def test_an_editor_of_another_ward_cannot_submit(report, bob):
    with pytest.raises(PermissionDenied):
        services.report_submit(report=report, actor=bob)
    assert status_of(report) == ReportStatus.DRAFT


def test_the_area_officer_cannot_submit_for_the_ward(report, olga):
    with pytest.raises(PermissionDenied):
        services.report_submit(report=report, actor=olga)
    assert status_of(report) == ReportStatus.DRAFT


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.APPROVED])
def test_a_submitted_or_approved_report_cannot_be_submitted_again(report, alice, status):
    set_status(report, status)
    with pytest.raises(ValidationError):
        services.report_submit(report=report, actor=alice)
    assert status_of(report) == status


def test_returned_with_a_reason_corrected_resubmitted_and_approved(report, alice, olga):
    services.report_submit(report=report, actor=alice)

    # Nothing visible: spaces, a zero-width space, a no-break space, a byte order mark.
    for blank in ("", "   ", "\u200b", " \u00a0\u200b\ufeff\u2060 "):
        with pytest.raises(ValidationError) as refused:
            services.report_return(report=report, actor=olga, reason=blank)
        assert refused.value.messages == ["Give the reason: the ward will read it."]
        assert status_of(report) == ReportStatus.SUBMITTED

    returned = services.report_return(report=report, actor=olga, reason="Thiếu số đảng viên nữ")
    assert returned.status == ReportStatus.RETURNED

    # Returned, the report is the ward's to correct again.
    row = report.cell_figures.get()
    row.women = 12
    row.save()
    report.refresh_from_db()
    report.note = "Đã sửa số đảng viên nữ"
    report.save()

    assert services.report_submit(report=report, actor=alice).status == ReportStatus.SUBMITTED
    assert services.report_approve(report=report, actor=olga).status == ReportStatus.APPROVED
    report.refresh_from_db()
    assert (report.note, report.cell_figures.get().women) == ("Đã sửa số đảng viên nữ", 12)


def test_only_a_submitted_report_is_approved_or_returned(report, olga):
    for status in (ReportStatus.DRAFT, ReportStatus.RETURNED, ReportStatus.APPROVED):
        set_status(report, status)
        with pytest.raises(ValidationError):
            services.report_approve(report=report, actor=olga)
        with pytest.raises(ValidationError):
            services.report_return(report=report, actor=olga, reason="Sai")
        assert status_of(report) == status


def test_the_ward_editor_cannot_approve_or_return_their_own_report(report, alice):
    set_status(report, ReportStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, actor=alice)
    with pytest.raises(PermissionDenied):
        services.report_return(report=report, actor=alice, reason="Tự trả lại")
    assert status_of(report) == ReportStatus.SUBMITTED


def test_an_officer_of_another_area_cannot_approve(report, hierarchy):
    other_district = factories.make_district(province=hierarchy.province, name="Huyện Khác")
    stranger = factories.make_user(username="oscar", is_staff=True)
    factories.make_role(user=stranger, unit=other_district, kind="area_officer")
    set_status(report, ReportStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, actor=stranger)
    assert status_of(report) == ReportStatus.SUBMITTED


def test_reopening_needs_a_reason_and_the_reviewer_role(report, alice, bob, olga):
    set_status(report, ReportStatus.APPROVED)
    for blank in (" ", "\u200b", "\u200d\u3000"):
        with pytest.raises(ValidationError):
            services.report_reopen(report=report, actor=olga, reason=blank)
    for outsider in (alice, bob):
        with pytest.raises(PermissionDenied):
            services.report_reopen(report=report, actor=outsider, reason="Cần sửa")
    assert status_of(report) == ReportStatus.APPROVED


def test_the_area_officer_reopens_with_a_reason(report, olga):
    set_status(report, ReportStatus.APPROVED)
    reopened = services.report_reopen(report=report, actor=olga, reason="Sai số liệu chi bộ")
    # Reopened, it goes back to the ward to correct, as a returned report does.
    assert reopened.status == ReportStatus.RETURNED
    assert reopened.is_editable


def test_only_an_approved_report_is_reopened(report, olga):
    for status in (ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.RETURNED):
        set_status(report, status)
        with pytest.raises(ValidationError):
            services.report_reopen(report=report, actor=olga, reason="Cần sửa")
        assert status_of(report) == status


LONG_REASON = (
    "Số đảng viên nữ của chi bộ Khu phố A1 chưa khớp với sổ đảng viên; số đảng viên dự bị "
    "kết nạp trong năm cũng cần đối chiếu lại với quyết định kết nạp của Đảng ủy phường, "
    "rồi gửi lại báo cáo trước ngày 15 tháng 1."
)


@pytest.mark.parametrize("action", ["return", "reopen"])
def test_a_long_reason_is_kept_whole(client_en, report, olga, action):
    """A reason as long as the page lets one type (well over 100 characters) is kept whole."""
    assert 100 < len(LONG_REASON) <= 500
    set_status(report, ReportStatus.SUBMITTED if action == "return" else ReportStatus.APPROVED)
    response = client_en(olga).post(workflow_url(report, action), {"reason": LONG_REASON})
    assert response.status_code == 302
    assert status_of(report) == ReportStatus.RETURNED
    record = Report.history.filter(id=report.pk).order_by("-history_date").first()
    assert record.history_change_reason == LONG_REASON


# --- A submitted or approved report is read-only -----------------------------------------

LOCKED = [ReportStatus.SUBMITTED, ReportStatus.APPROVED]


@pytest.mark.parametrize("status", LOCKED)
def test_a_locked_report_refuses_a_model_save(report, status):
    set_status(report, status)
    report.declared_members = 99
    with pytest.raises(ReportLocked):
        report.save()
    # Naming the fields does not get around it either, but for a status move's own fields.
    with pytest.raises(ReportLocked):
        report.save(update_fields=["declared_members"])
    assert Report.objects.get(pk=report.pk).declared_members == 30


@pytest.mark.parametrize("status", LOCKED)
def test_a_locked_report_refuses_changes_to_its_cells(report, hierarchy, status):
    set_status(report, status)
    row = report.cell_figures.get()
    row.members = 99
    with pytest.raises(ReportLocked):
        row.save()
    with pytest.raises(ReportLocked):
        row.delete()
    school = factories.make_cell(ward=hierarchy.ward_a, name="Chi bộ Trường", kind=CellKind.SCHOOL)
    with pytest.raises(ReportLocked):
        CellFigures(report=report, cell=school, members=3).save()
    assert list(report.cell_figures.values_list("members", flat=True)) == [30]


@pytest.mark.parametrize("status", [ReportStatus.DRAFT, ReportStatus.RETURNED])
def test_a_draft_or_returned_report_takes_changes(report, status):
    set_status(report, status)
    report.declared_members = 31
    report.save()
    row = report.cell_figures.get()
    row.members = 31
    row.save()
    assert Report.objects.get(pk=report.pk).declared_members == 31


def change_form_data(report, **changes) -> dict:
    """The report's change form as the editor would post it, with `changes`."""
    row = report.cell_figures.get()
    data = {
        "seen_version": str(report.version),
        "declared_members": str(report.declared_members),
        "opening_members": str(report.opening_members),
        "training_attendances": "0",
        "propagandists": "0",
        "mass_mobilisation_models": "0",
        "note": "",
        "cell_figures-TOTAL_FORMS": "1",
        "cell_figures-INITIAL_FORMS": "1",
        "cell_figures-MIN_NUM_FORMS": "0",
        "cell_figures-MAX_NUM_FORMS": "1000",
        "cell_figures-0-id": str(row.pk),
        "cell_figures-0-report": str(report.pk),
        "cell_figures-0-cell": str(row.cell_id),
        "cell_figures-0-members": str(row.members),
        "cell_figures-0-probationary": "0",
        "cell_figures-0-women": str(row.women),
        "cell_figures-0-secretary_is_head": "unknown",
        "cell_figures-0-quality_level": "",
        "cell_figures-0-thematic_meetings": str(row.thematic_meetings),
        "cell_figures-0-comment": "",
    }
    for field in CELL_COUNT_FIELDS[3:]:
        data[f"cell_figures-0-{field}"] = str(getattr(row, field) or 0)
    data.update(changes)
    return data


def test_the_editor_saves_a_draft_through_the_admin(client_en, report, alice):
    """The counterpart of the refusals below: the same POST on a draft is saved."""
    data = change_form_data(
        report,
        declared_members="32",
        **{"cell_figures-0-members": "32", "cell_figures-0-women": "9"},
    )
    response = client_en(alice).post(change_url(report), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    report.refresh_from_db()
    assert (report.declared_members, report.version) == (32, 2)
    assert report.cell_figures.get().members == 32


@pytest.mark.parametrize("status", LOCKED)
@pytest.mark.parametrize("persona", ["alice", "admin"])
def test_a_locked_report_is_read_only_in_the_admin(client_en, report, request, status, persona):
    """For its own ward's editor and for the superuser alike: shown, never saved."""
    user = request.getfixturevalue(persona)
    set_status(report, status)
    client = client_en(user)

    page = client.get(change_url(report))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    html = page.content.decode()
    assert 'name="declared_members"' not in html
    assert 'name="cell_figures-0-members"' not in html
    assert 'name="_save"' not in html
    assert "Chi bộ Khu phố A1" in html  # the cells are shown, read-only

    response = client.post(
        change_url(report),
        change_form_data(report, declared_members="99", **{"cell_figures-0-members": "99"}),
    )
    assert response.status_code == 403
    delete = client.post(reverse("admin:reports_report_delete", args=[report.pk]), {"post": "yes"})
    assert delete.status_code == 403
    bulk = client.post(
        reverse("admin:reports_report_changelist"),
        {"action": "delete_selected", "_selected_action": [str(report.pk)], "post": "yes"},
    )
    # A ward editor is offered no delete action at all (the list answers "no action selected");
    # the superuser has it, refused on a locked report.
    assert bulk.status_code == (200 if persona == "alice" else 403)
    report.refresh_from_db()
    assert (report.status, report.declared_members, report.version) == (status, 30, 1)
    assert report.cell_figures.get().members == 30


# --- The admin's workflow URLs -----------------------------------------------------------


def test_the_report_page_lists_each_problem_and_disables_submit(
    client_en, report, alice, hierarchy
):
    orphan = factories.make_cell(ward=hierarchy.ward_a, name="Chi bộ Không Khu Phố")
    factories.make_cell_figures(report=report, cell=orphan, members=5)
    page = client_en(alice).get(change_url(report))
    assert page.context["can_submit"] is True
    assert [p.message for p in page.context["problems"]] == [
        "The cells' members add up to 35, but the ward declares 30.",
        "This residential cell has no neighbourhood.",
    ]
    html = page.content.decode()
    assert "The cells&#x27;" in html and "This residential cell has no neighbourhood." in html
    assert workflow_url(report, "submit") in html
    submit_form = html.split(f'action="{workflow_url(report, "submit")}"', 1)[1].split("</form>")[0]
    assert "disabled" in submit_form


def test_submitting_through_the_admin_with_problems_lists_them(client_en, report, alice, hierarchy):
    orphan = factories.make_cell(ward=hierarchy.ward_a, name="Chi bộ Không Khu Phố")
    factories.make_cell_figures(report=report, cell=orphan, members=5)
    response = client_en(alice).post(workflow_url(report, "submit"), follow=True)
    assert response.redirect_chain == [(change_url(report), 302)]
    assert messages_of(response) == [
        (message_levels.ERROR, "The cells' members add up to 35, but the ward declares 30."),
        (message_levels.ERROR, "Chi bộ Không Khu Phố: This residential cell has no neighbourhood."),
    ]
    assert status_of(report) == ReportStatus.DRAFT


def test_the_whole_journey_through_the_admin_urls(client_en, report, alice, olga):
    editor, officer = client_en(alice), client_en(olga)

    page = editor.get(change_url(report))
    assert (page.context["can_submit"], page.context["can_review"]) == (True, False)
    response = editor.post(workflow_url(report, "submit"), follow=True)
    assert response.redirect_chain == [(change_url(report), 302)]
    assert messages_of(response) == [(message_levels.SUCCESS, "The report was submitted.")]
    assert status_of(report) == ReportStatus.SUBMITTED
    assert response.context["can_submit"] is False  # submitted: nothing more for the ward

    page = officer.get(change_url(report))
    assert (page.context["can_review"], page.context["can_reopen"]) == (True, False)
    html = page.content.decode()
    assert workflow_url(report, "approve") in html and workflow_url(report, "return") in html

    response = officer.post(workflow_url(report, "return"), {"reason": ""}, follow=True)
    assert messages_of(response) == [
        (message_levels.ERROR, "Give the reason: the ward will read it.")
    ]
    assert status_of(report) == ReportStatus.SUBMITTED
    response = officer.post(workflow_url(report, "return"), {"reason": "Thiếu nữ"}, follow=True)
    assert messages_of(response) == [
        (message_levels.SUCCESS, "The report was returned to the ward.")
    ]
    assert status_of(report) == ReportStatus.RETURNED

    report.refresh_from_db()
    data = change_form_data(report, **{"cell_figures-0-women": "12"})
    response = editor.post(change_url(report), data, follow=True)
    assert response.redirect_chain, response.context["errors"]
    response = editor.post(workflow_url(report, "submit"), follow=True)
    assert messages_of(response) == [(message_levels.SUCCESS, "The report was submitted.")]

    response = officer.post(workflow_url(report, "approve"), follow=True)
    assert messages_of(response) == [(message_levels.SUCCESS, "The report was approved.")]
    assert status_of(report) == ReportStatus.APPROVED
    assert response.context["can_reopen"] is True

    response = officer.post(workflow_url(report, "reopen"), {"reason": ""}, follow=True)
    assert messages_of(response)[0][0] == message_levels.ERROR
    assert status_of(report) == ReportStatus.APPROVED
    response = officer.post(workflow_url(report, "reopen"), {"reason": "Sai"}, follow=True)
    assert messages_of(response) == [(message_levels.SUCCESS, "The report was reopened.")]
    assert status_of(report) == ReportStatus.RETURNED


def test_the_editor_cannot_approve_their_own_report_through_the_admin(client_en, report, alice):
    set_status(report, ReportStatus.SUBMITTED)
    client = client_en(alice)
    assert client.get(change_url(report)).context["can_review"] is False
    response = client.post(workflow_url(report, "approve"), follow=True)
    assert messages_of(response) == [
        (
            message_levels.ERROR,
            "Only the area above the ward approves, returns or reopens its report.",
        )
    ]
    assert status_of(report) == ReportStatus.SUBMITTED


@pytest.mark.parametrize("action", ["submit", "approve", "return", "reopen"])
def test_the_workflow_urls_answer_get_with_405(client_en, report, alice, olga, action):
    for user in (alice, olga):
        response = client_en(user).get(workflow_url(report, action))
        assert response.status_code == 405
        assert response["Allow"] == "POST"
    assert status_of(report) == ReportStatus.DRAFT


def test_a_workflow_url_outside_ones_scope_answers_404(client_en, report, bob):
    """Bob edits ward B: ward A's report is not in his queryset, as if it did not exist."""
    client = client_en(bob)
    for action in ("submit", "approve", "return", "reopen"):
        assert client.post(workflow_url(report, action), {"reason": "x"}).status_code == 404
    assert status_of(report) == ReportStatus.DRAFT


def test_a_workflow_url_for_a_missing_report_or_action_answers_404(client_en, report, admin):
    client = client_en(admin)
    missing = reverse("admin:reports_report_workflow", args=[report.pk + 1000, "submit"])
    assert client.post(missing).status_code == 404
    assert client.post(workflow_url(report, "delete")).status_code == 404
    assert status_of(report) == ReportStatus.DRAFT


def test_a_workflow_url_sends_anonymous_people_to_log_in(client_for, report, anon):
    response = client_for(anon).post(workflow_url(report, "submit"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert status_of(report) == ReportStatus.DRAFT


# Who may take each step, and from which status to which.
MOVES = {
    ("submit", ReportStatus.DRAFT): ReportStatus.SUBMITTED,
    ("submit", ReportStatus.RETURNED): ReportStatus.SUBMITTED,
    ("approve", ReportStatus.SUBMITTED): ReportStatus.APPROVED,
    ("return", ReportStatus.SUBMITTED): ReportStatus.RETURNED,
    ("reopen", ReportStatus.APPROVED): ReportStatus.RETURNED,
}
TAKEN_BY = {
    "submit": {"alice", "admin"},
    "approve": {"olga", "admin"},
    "return": {"olga", "admin"},
    "reopen": {"olga", "admin"},
}
PERSONAS = ["alice", "bob", "olga", "admin", "anon"]
ACTIONS = ["submit", "approve", "return", "reopen", "bogus"]


def moves(persona: str, action: str, status: str, reason: str) -> bool:
    return (
        persona in TAKEN_BY.get(action, ())
        and (action, status) in MOVES
        and bool(reason or action in ("submit", "approve"))
    )


def matrix_params():
    for persona in PERSONAS:
        for action in ACTIONS:
            yield pytest.param(persona, action, id=f"{persona}-{action}")


@pytest.mark.parametrize(("persona", "action"), list(matrix_params()))
def test_every_workflow_post_is_answered_without_a_server_error(
    client_en, client_for, report, request, persona, action
):
    """Every persona × action × status, with and without a reason: a redirect to the report
    with one message (success where the move is theirs to make), a 404 outside their scope or
    for an unknown action, the login page for anonymous people; never a 500 (the test client
    would raise the exception). The moves come last, after every refusal was checked."""
    user = request.getfixturevalue(persona)
    client = client_for(user) if persona == "anon" else client_en(user)
    url = reverse("admin:reports_report_workflow", args=[report.pk, action])
    cases = [(status, reason) for status in ReportStatus.values for reason in ("", "Lý do")]
    cases.sort(key=lambda case: moves(persona, action, *case))
    for status, reason in cases:
        set_status(report, status)
        allowed = moves(persona, action, status, reason)
        where = f"{persona} {action} {status} reason={reason!r}"
        response = client.post(url, {"reason": reason})
        if persona == "anon":
            assert response.status_code == 302, where
            assert response.url.startswith(reverse("admin:login")), where
        elif persona == "bob" or action == "bogus":
            assert response.status_code == 404, where
        else:
            assert (response.status_code, response.url) == (302, change_url(report)), where
            shown = messages_of(client.get(response.url))
            level = message_levels.SUCCESS if allowed else message_levels.ERROR
            assert [lvl for lvl, _ in shown] == [level], (where, shown)
        expected = MOVES[(action, status)] if allowed else status
        assert status_of(report) == expected, where


def test_a_reason_is_kept_without_the_invisible_characters_around_it(report, olga):
    set_status(report, ReportStatus.APPROVED)
    services.report_reopen(report=report, actor=olga, reason="\u200b Sai số liệu\u00a0\u200b")
    record = Report.history.filter(id=report.pk).order_by("-history_date").first()
    assert record.history_change_reason == "Sai số liệu"


# --- Separation of duties: who submitted does not approve ------------------------------------


@pytest.fixture
def petra(province):
    """A provincial administrator: may edit, submit and review every ward of the province."""
    user = factories.make_user(username="petra", is_staff=True)
    factories.make_role(user=user, unit=province, kind="province_admin")
    return user


def test_who_submitted_a_report_may_not_approve_it(report, petra, olga):
    services.report_submit(report=report, actor=petra)

    with pytest.raises(ValidationError) as refused:
        services.report_approve(report=report, actor=petra)

    assert refused.value.messages == [
        "You submitted this report: another person of the area approves it."
    ]
    assert status_of(report) == ReportStatus.SUBMITTED
    assert not services.may_approve(petra, report)
    assert services.may_approve(olga, report)
    # Another person of the area does; returning one's own submission stays possible.
    assert services.report_approve(report=report, actor=olga).status == ReportStatus.APPROVED


def test_the_pages_offer_the_approval_to_another_person_only(client_en, report, petra, olga):
    services.report_submit(report=report, actor=petra)
    admin_page = reverse("admin:reports_report_change", args=[report.pk])
    entry_page = reverse("entry:report", args=[report.ward_id]) + f"?period={report.period_id}"

    for page in (admin_page, entry_page):
        own = client_en(petra).get(page).content.decode()
        other = client_en(olga).get(page).content.decode()
        assert "another person of the area approves it" in own
        assert "another person of the area approves it" not in other
        assert ">Approve</button>" in other and ">Approve</button>" not in own
    refused = client_en(petra).post(workflow_url(report, "approve"), follow=True)
    assert (
        message_levels.ERROR,
        "You submitted this report: another person of the area approves it.",
    ) in messages_of(refused)
    assert status_of(report) == ReportStatus.SUBMITTED


def test_with_the_setting_off_the_submitter_approves_and_the_history_says_so(
    report, petra, settings
):
    settings.WARDSTATS_SUBMITTER_MAY_APPROVE = True
    services.report_submit(report=report, actor=petra)

    assert services.report_approve(report=report, actor=petra).status == ReportStatus.APPROVED

    record = Report.history.filter(id=report.pk).order_by("-history_date").first()
    assert record.history_user == petra
    assert record.history_change_reason == (
        "Approved by the person who submitted it "
        "(allowed by the setting WARDSTATS_SUBMITTER_MAY_APPROVE)."
    )
