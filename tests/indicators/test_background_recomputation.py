"""A change of rules or targets answers at once; every ward is recomputed in the background by
the task worker (the database queue, as in production), while the pages say how far it is.

These tests use the database backend and run the real worker (`manage.py db_worker --batch`),
which closes its database connections between tasks: so they commit, as the app does (the
migrations' rows, the indicators, are put back after each). The rest of the suite runs tasks
inline (tests/settings.py).
"""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from tests import factories
from wardstats.indicators import services
from wardstats.indicators.models import IndicatorValue, Recomputation, Status

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def rated_ward(hierarchy, admin):
    """Ward A's 2024 report: one cell of two that held the self-criticism review (50 %),
    judged against a target of 100 %."""
    h = hierarchy
    school = factories.make_cell(ward=h.ward_a, name="Chi bộ trường", kind="school")
    report = factories.make_report(ward=h.ward_a, period=h.period_2024, declared_members=30)
    factories.make_cell_figures(report=report, cell=h.cell_a, members=20, review_held=True)
    factories.make_cell_figures(report=report, cell=school, members=10)
    target = factories.make_target(
        indicator="review_held", area=h.province, comparison="eq", threshold=100
    )
    return h, target


def review(h) -> IndicatorValue:
    return IndicatorValue.objects.get(
        ward=h.ward_a, period=h.period_2024, indicator__code="review_held"
    )


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0)


@committed
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_target_change_is_queued_then_recomputed_by_the_worker(rated_ward, admin):
    h, target = rated_ward
    assert (review(h).value, review(h).status) == (Decimal("50.0"), Status.MISSED)

    target.threshold = 50
    services.target_change(actor=admin, target=target, seen_version=target.version)

    # Answered without recomputing: the status is still the old one, the work is queued.
    assert review(h).status == Status.MISSED
    (queued,) = Recomputation.objects.filter(finished_at__isnull=True)
    assert (queued.started_at, queued.finished_at, queued.requested_by) == (None, None, admin)
    assert "review" in queued.reason.lower() or "kiểm điểm" in queued.reason.lower()

    run_worker()

    assert review(h).status == Status.MET
    queued.refresh_from_db()
    assert queued.finished_at is not None and queued.error == ""
    assert queued.done == queued.steps == 2  # the periods 2024 and 2025


@committed
@override_settings(TASKS=DATABASE_QUEUE)
def test_changes_before_the_worker_starts_share_one_recomputation(rated_ward, admin):
    h, target = rated_ward
    for threshold in (90, 50):
        target.threshold = threshold
        services.target_change(actor=admin, target=target, seen_version=target.version)
    assert Recomputation.objects.filter(finished_at__isnull=True).count() == 1
    run_worker()
    assert review(h).status == Status.MET


@committed
@override_settings(TASKS=DATABASE_QUEUE)
def test_the_pages_say_a_recomputation_is_under_way_until_it_ends(
    rated_ward, admin, client_for, olga
):
    h, target = rated_ward
    client = client_for(olga)
    pages = [
        reverse("dashboards:area", args=[h.district.pk]),
        reverse("dashboards:ward", args=[h.ward_a.pk]),
    ]
    notice = "recomputing"
    for url in pages:
        assert notice not in client.get(url).content.decode()

    target.threshold = 50
    services.target_change(actor=admin, target=target, seen_version=target.version)
    for url in pages:
        page = client.get(url).content.decode()
        assert notice in page and "0%" in page, url

    run_worker()
    for url in pages:
        assert notice not in client.get(url).content.decode(), url


def test_a_failed_recomputation_is_recorded_and_stops_showing(rated_ward):
    from wardstats.indicators import recompute
    from wardstats.periods.models import Period

    broken = Period(kind="year", year=2030, start=None, end=None)  # no last day: refused
    recomputation = Recomputation.objects.create(reason="test")
    with pytest.raises(ValueError):
        recompute.run(recomputation, periods=[broken])
    recomputation.refresh_from_db()
    assert "None" in recomputation.error
    assert recomputation.finished_at is not None
    assert recompute.progress() is None


@committed
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_new_periods_pages_say_its_figures_are_being_computed(rated_ward, admin, client_for):
    from wardstats.periods.models import Period
    from wardstats.periods.services import period_create

    h, _target = rated_ward
    period = Period(kind="year", year=2026, start="2026-01-01", end="2026-12-31")
    period.deadline = "2027-01-20"
    period_create(actor=admin, period=period)
    client = client_for(admin)
    query = f"?period={period.pk}"
    ward = client.get(reverse("dashboards:ward", args=[h.ward_a.pk]) + query)
    printout = client.get(reverse("printouts:ward_report", args=[h.ward_a.pk]) + query)
    assert (ward.status_code, printout.status_code) == (200, 200)
    assert ward.context["figures"] is None and printout.context["pending"]

    run_worker()
    printout = client.get(reverse("printouts:ward_report", args=[h.ward_a.pk]) + query)
    assert not printout.context["pending"]
    assert printout.context["cadres"]["total"] == 0
