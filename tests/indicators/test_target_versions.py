"""A target's thresholds and source belong to the periods it judged (issue [periods], item 2).

Women in the planning pool: ward A 1 of 4 (25 %), ward B 1 of 2 (50 %), in 2024, 2025 (both
closed: their deadlines have passed) and 2026 (open). The province's target is ≥ 25 %: both
wards meet it. Raising it to ≥ 30 % would leave ward A short — in the closed years too, unless
the change is made from 2026 on, or the past is corrected explicitly, with a reason.
"""

import datetime

import pytest
from django.urls import reverse

from tests import factories
from tests.reports.test_lost_updates import form_data
from wardstats.indicators.models import Indicator, IndicatorValue, Status, Target
from wardstats.indicators.versions import effect_of
from wardstats.staffing.models import Gender

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hierarchy):
    h = hierarchy
    period_2026 = factories.make_period(year=2026)
    term = factories.make_planning_term(start_year=2020, end_year=2030)
    for ward, women, men in ((h.ward_a, 1, 3), (h.ward_b, 1, 1)):
        for n in range(women + men):
            factories.make_cadre(
                ward=ward,
                full_name=f"Cán bộ {n}",
                gender=Gender.FEMALE if n < women else Gender.MALE,
                planning_terms=[term],
            )
    target = Target.objects.create(
        indicator=Indicator.objects.get(code="pool_women"),
        comparison="gte",
        threshold=25,
        area=h.province,
        source_document="Quy định 50-QĐ/TW (2021)",
    )
    from wardstats.indicators import summaries

    summaries.refresh_all()
    h.period_2026 = period_2026
    h.target = target
    return h


def status(ward, period) -> str:
    return IndicatorValue.objects.get(ward=ward, period=period, indicator__code="pool_women").status


def revise_url(target) -> str:
    return reverse("admin:indicators_target_revise", args=[target.pk])


def revise(client, target, *, action="preview", **changes):
    data = {
        "comparison": target.comparison,
        "threshold": str(target.threshold),
        "threshold_upper": "",
        "warning_band": "",
        "source_document": target.source_document,
        "note": target.note,
        "seen_version": str(target.version),
        action: "1",
        **changes,
    }
    return client.post(revise_url(target), data)


def test_the_change_form_refuses_to_rewrite_closed_periods(world, client_for, admin):
    client = client_for(admin)
    url = reverse("admin:indicators_target_change", args=[world.target.pk])

    response = client.post(url, form_data(client.get(url), threshold="30"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "Chỉ tiêu này đã dùng để đánh giá các kỳ đã khóa sổ (Năm 2025, Năm 2024)" in errors[0]
    assert revise_url(world.target) in errors[0]
    world.target.refresh_from_db()
    assert world.target.threshold == 25


def test_a_change_of_the_note_alone_is_made_in_place(world, client_for, admin):
    client = client_for(admin)
    url = reverse("admin:indicators_target_change", args=[world.target.pk])
    response = client.post(url, form_data(client.get(url), note="Theo nghị quyết đại hội"))
    assert response.status_code == 302
    assert Target.objects.get().note == "Theo nghị quyết đại hội"


def test_the_preview_shows_the_effect_per_period_and_saves_nothing(world, client_for, admin):
    response = revise(client_for(admin), world.target, threshold="30")

    assert response.status_code == 200
    effects = {e.period.year: e for e in response.context["effects"]}
    assert {y: (e.judged, e.met_before, e.met_after, e.closed) for y, e in effects.items()} == {
        2024: (2, 2, 1, True),
        2025: (2, 2, 1, True),
        2026: (2, 2, 1, False),
    }
    html = response.content.decode()
    assert "Kết quả theo từng kỳ" in html
    assert Target.objects.get().threshold == 25
    assert status(world.ward_a, world.period_2024) == Status.MET


def test_a_change_from_a_period_on_leaves_the_closed_periods_as_they_were(world, client_for, admin):
    response = revise(
        client_for(admin),
        world.target,
        action="apply",
        threshold="30",
        source_document="Nghị quyết Đại hội Đảng bộ tỉnh (2025)",
        decision="from",
        start=str(world.period_2026.pk),
    )

    assert response.status_code == 302
    old, new = Target.objects.order_by("pk")
    assert (old.threshold, old.valid_from, old.valid_to) == (25, None, datetime.date(2025, 12, 31))
    assert (new.threshold, new.valid_from, new.valid_to) == (30, datetime.date(2026, 1, 1), None)
    assert status(world.ward_a, world.period_2024) == Status.MET
    assert status(world.ward_a, world.period_2025) == Status.MET
    assert status(world.ward_a, world.period_2026) == Status.MISSED
    value_2024 = IndicatorValue.objects.get(
        ward=world.ward_a, period=world.period_2024, indicator__code="pool_women"
    )
    assert value_2024.target.source_document == "Quy định 50-QĐ/TW (2021)"
    value_2026 = IndicatorValue.objects.get(
        ward=world.ward_a, period=world.period_2026, indicator__code="pool_women"
    )
    assert value_2026.target.source_document == "Nghị quyết Đại hội Đảng bộ tỉnh (2025)"
    assert old.history.first().history_change_reason == "Thay đổi từ ngày 01/01/2026."


def test_correcting_the_past_needs_a_reason_and_is_kept_in_the_history(world, client_for, admin):
    client = client_for(admin)
    refused = revise(
        client, world.target, action="apply", threshold="30", decision="correct", reason="\u200b"
    )
    assert refused.status_code == 200
    assert "Hãy nêu lý do sửa lại số liệu của các kỳ đã qua." in refused.content.decode()
    assert Target.objects.get().threshold == 25

    done = revise(
        client,
        world.target,
        action="apply",
        threshold="30",
        decision="correct",
        reason="Tỉnh đính chính Nghị quyết: chỉ tiêu là 30 %",
    )

    assert done.status_code == 302
    target = Target.objects.get()
    assert target.threshold == 30
    assert target.history.first().history_change_reason == (
        "Tỉnh đính chính Nghị quyết: chỉ tiêu là 30 %"
    )
    assert status(world.ward_a, world.period_2024) == Status.MISSED


def test_the_effect_keeps_an_approved_report_as_approved(world):
    from wardstats.indicators import summaries
    from wardstats.reports.models import ReportStatus

    factories.make_report(ward=world.ward_a, period=world.period_2024, status=ReportStatus.APPROVED)
    summaries.refresh(period=world.period_2024, approved_too=True)
    changed = Target.objects.get()
    changed.threshold = 30
    effects = {e.period.year: e for e in effect_of(Target.objects.get(), changed)}
    assert (effects[2024].met_after, effects[2024].kept) == (2, 1)
    assert (effects[2025].met_after, effects[2025].kept) == (1, 0)


def test_a_new_version_cannot_begin_before_the_one_it_replaces(world, client_for, admin):
    revise(
        client_for(admin),
        world.target,
        action="apply",
        threshold="30",
        decision="from",
        start=str(world.period_2026.pk),
    )
    new = Target.objects.order_by("pk").last()
    response = revise(
        client_for(admin),
        new,
        action="apply",
        threshold="35",
        decision="from",
        start=str(world.period_2024.pk),
    )
    assert response.status_code == 200
    assert Target.objects.count() == 2
