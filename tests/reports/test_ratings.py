"""The year-end quality ratings (reports.ratings), checked on submit by the rules of the
period: every member of a cell rated or said why not; "xuất sắc" at most 20% of "tốt" among
the ward's members where Hướng dẫn 21-HD/BTCTW (2019) says so; under Quy định 366-QĐ/TW (2025)
a 100-point score and its level agree, at the bands' very boundaries.

Messages are read in English so that the tests say what they check."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests import factories
from wardstats.periods.models import Period
from wardstats.reports import checks, ratings, services
from wardstats.reports.models import CellFigures, QualityLevel, Report


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def rating_problems(report) -> list[tuple[str, str]]:
    report = Report.objects.select_related("period").get(pk=report.pk)
    figures = list(report.cell_figures.select_related("cell"))
    return [(p.cell, p.message) for p in checks._rating_problems(report, figures)]


@pytest.fixture
def report_of(hierarchy):
    """`report_of(year, **figures)`: ward A's report of that year, its one cell's figures."""

    def make(year: int, **figures) -> Report:
        period = Period.objects.filter(kind="year", year=year).first()
        period = period or factories.make_period(year=year)
        Period.objects.filter(pk=period.pk).update(uses_quality_score=year >= 2025)
        period.refresh_from_db()
        report = factories.make_report(ward=hierarchy.ward_a, period=period)
        factories.make_cell_figures(report=report, cell=hierarchy.cell_a, **figures)
        return report

    return make


def test_every_member_of_a_cell_is_rated_or_said_why_not(report_of):
    report = report_of(2024, members=30, rated_good=25, rated_completed=2, unrated_new=2)
    assert rating_problems(report) == [
        ("Chi bộ Khu phố A1", "The members' ratings add up to 29 (27 rated, 2 not rated), but "
         "the cell has 30 members."),
    ]  # fmt: skip
    CellFigures.objects.filter(report=report).update(unrated_exempt=1, exempt=1)
    assert rating_problems(report) == []


@pytest.mark.parametrize(
    ("year", "excellent", "refused"),
    [
        (2019, 2, False),  # 2 of 10 "tốt": exactly 20%, at the cap
        (2019, 3, True),  # 30%: above it
        (2022, 3, True),
        (2018, 3, False),  # before Hướng dẫn 21-HD/BTCTW (18/10/2019): no cap
        (2024, 3, False),  # Quy định 124-QĐ/TW: no cap verified, none enforced
    ],
)
def test_excellent_members_are_capped_at_a_fifth_of_good_ones_where_the_rules_say_so(
    report_of, year, excellent, refused
):
    report = report_of(year, members=10 + excellent, rated_excellent=excellent, rated_good=10)
    problems = rating_problems(report)
    if refused:
        assert problems == [
            ("", f"{excellent} members rated “excellently completed tasks” are more than 20% "
                 "of the 10 rated “well completed tasks” (Hướng dẫn 21-HD/BTCTW ngày "
                 "18/10/2019)."),
        ]  # fmt: skip
    else:
        assert problems == []


@pytest.mark.parametrize(
    ("score", "level", "agrees"),
    [
        ("90", QualityLevel.EXCELLENT, True),
        ("89.99", QualityLevel.EXCELLENT, False),
        ("89.99", QualityLevel.GOOD, True),
        ("70", QualityLevel.GOOD, True),
        ("69.5", QualityLevel.GOOD, False),
        ("50", QualityLevel.COMPLETED, True),
        ("49.5", QualityLevel.COMPLETED, False),
        ("49.5", QualityLevel.NOT_COMPLETED, True),
    ],
)
def test_a_cells_score_and_level_agree_under_the_366_bands(report_of, score, level, agrees):
    report = report_of(2025, members=5, quality_level=level, quality_score=Decimal(score))
    problems = rating_problems(report)
    assert (problems == []) == agrees, problems
    if not agrees:
        assert problems[0][0] == "Chi bộ Khu phố A1"
        assert "(Quy định 366-QĐ/TW ngày 30/8/2025, Điều 11)" in problems[0][1]


def test_before_366_a_score_is_not_judged_by_bands(report_of):
    report = report_of(2024, members=5, quality_level=QualityLevel.EXCELLENT)
    CellFigures.objects.filter(report=report).update(quality_score=Decimal(40))
    assert rating_problems(report) == []


def test_the_organisations_score_and_level_agree(report_of):
    report = report_of(2025, members=5)
    Report.objects.filter(pk=report.pk).update(
        organisation_level=QualityLevel.EXCELLENT, organisation_score=Decimal("88")
    )
    assert rating_problems(report) == [
        ("", "A score of 88.0 gives “well completed tasks”, not “excellently completed tasks” "
             "(Quy định 366-QĐ/TW ngày 30/8/2025, Điều 11)."),
    ]  # fmt: skip


def test_a_report_whose_ratings_do_not_add_up_cannot_be_submitted(report_of, alice):
    report = report_of(2024, members=30, rated_good=20)
    with pytest.raises(ValidationError) as refused:
        services.report_submit(report=Report.objects.get(pk=report.pk), actor=alice)
    assert any("ratings add up to 20" in m for m in refused.value.messages)


def test_only_a_years_report_is_rated(hierarchy):
    quarter = factories.make_period(year=2024, kind="quarter", number=2)
    report = factories.make_report(ward=hierarchy.ward_a, period=quarter)
    factories.make_cell_figures(report=report, cell=hierarchy.cell_a, members=9, rated_good=0)
    assert rating_problems(report) == []


def test_each_period_is_judged_by_the_rules_then_in_force():
    def rules(day):
        return ratings.rules_for(Period(end=day))

    assert ratings.rules_for(Period(end=datetime.date(2017, 12, 31))) is None
    assert rules(datetime.date(2018, 12, 31)).excellent_cap is None
    assert rules(datetime.date(2019, 12, 31)).excellent_cap == 20
    assert "124-QĐ/TW" in rules(datetime.date(2023, 12, 31)).regulation
    assert rules(datetime.date(2025, 12, 31)).score_bands[0] == (90, QualityLevel.EXCELLENT)
    assert ratings.level_for_score(rules(datetime.date(2025, 12, 31)), Decimal(70)) == "good"
    assert ratings.level_for_score(rules(datetime.date(2024, 12, 31)), Decimal(70)) is None
