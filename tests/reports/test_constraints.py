"""The rules on periods, reports and cells' figures: refused by the database, explained by
full_clean(). The trigger of migration 0002 keeps a report's cells inside the report's ward.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils.translation import gettext

from tests import factories
from tests.database import constraint_message, full_clean_errors, refused_by_database
from wardstats.hierarchy.models import Cell, CellKind
from wardstats.periods.models import Period, PeriodKind
from wardstats.reports.models import CELL_COUNT_FIELDS, CellFigures, Report

TRIGGER = "cellfigures_cell_ward_matches_report_ward"


@pytest.fixture
def report_a(ward_a, period_2025):
    return factories.make_report(ward=ward_a, period=period_2025, declared_members=20)


@pytest.fixture
def figures_a(report_a, cell_a):
    return factories.make_cell_figures(report=report_a, cell=cell_a, members=20, women=8)


# --- Period ------------------------------------------------------------------------------


def test_database_refuses_a_period_twice(period_2025):
    with refused_by_database(Period, "period_unique_kind_year_number"):
        factories.make_period(year=2025)


def test_full_clean_explains_a_period_twice(period_2025):
    twin = Period(
        kind=PeriodKind.YEAR,
        year=2025,
        number=1,
        start=period_2025.start,
        end=period_2025.end,
        deadline=period_2025.deadline,
    )

    errors = full_clean_errors(twin)

    assert errors == {"__all__": [constraint_message(Period, "period_unique_kind_year_number")]}


def test_database_refuses_a_period_ending_on_its_first_day(db):
    day = datetime.date(2025, 1, 1)
    with refused_by_database(Period, "period_start_before_end"):
        factories.make_period(year=2025, start=day, end=day)


def test_full_clean_explains_a_period_ending_before_it_starts(db):
    period = Period(
        kind=PeriodKind.YEAR,
        year=2025,
        number=1,
        start=datetime.date(2025, 12, 31),
        end=datetime.date(2025, 1, 1),
        deadline=datetime.date(2026, 1, 20),
    )

    errors = full_clean_errors(period)

    assert errors == {"__all__": [constraint_message(Period, "period_start_before_end")]}


def test_database_refuses_a_deadline_before_the_period_ends(db):
    with refused_by_database(Period, "period_deadline_not_before_end"):
        factories.make_period(year=2025, deadline=datetime.date(2025, 12, 30))


def test_database_accepts_a_deadline_on_the_periods_last_day(db):
    period = factories.make_period(year=2025, deadline=datetime.date(2025, 12, 31))

    assert period.deadline == period.end


def test_full_clean_explains_a_deadline_before_the_period_ends(db):
    period = Period(
        kind=PeriodKind.YEAR,
        year=2025,
        number=1,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 12, 31),
        deadline=datetime.date(2025, 12, 30),
    )

    errors = full_clean_errors(period)

    assert errors == {"__all__": [constraint_message(Period, "period_deadline_not_before_end")]}


NUMBERS_THAT_DO_NOT_FIT = [
    (PeriodKind.YEAR, 0),
    (PeriodKind.YEAR, 2),
    (PeriodKind.HALF, 0),
    (PeriodKind.HALF, 3),
    (PeriodKind.QUARTER, 0),
    (PeriodKind.QUARTER, 5),
]
SOME_DATES = {
    "start": datetime.date(2025, 1, 1),
    "end": datetime.date(2025, 3, 31),
    "deadline": datetime.date(2025, 4, 20),
}


@pytest.mark.parametrize(("kind", "number"), NUMBERS_THAT_DO_NOT_FIT)
def test_database_refuses_a_period_number_that_does_not_fit_its_kind(db, kind, number):
    with refused_by_database(Period, "period_number_fits_kind"):
        Period.objects.create(kind=kind, year=2025, number=number, **SOME_DATES)


@pytest.mark.parametrize(("kind", "number"), NUMBERS_THAT_DO_NOT_FIT)
def test_full_clean_explains_a_period_number_that_does_not_fit_its_kind(db, kind, number):
    period = Period(kind=kind, year=2025, number=number, **SOME_DATES)

    errors = full_clean_errors(period)

    assert errors == {"__all__": [constraint_message(Period, "period_number_fits_kind")]}


@pytest.mark.parametrize(
    ("kind", "number"),
    [(PeriodKind.YEAR, 1), (PeriodKind.HALF, 2), (PeriodKind.QUARTER, 1), (PeriodKind.QUARTER, 4)],
)
def test_database_accepts_a_period_number_that_fits_its_kind(db, kind, number):
    period = factories.make_period(year=2025, kind=kind, number=number)

    period.full_clean()

    assert Period.objects.filter(pk=period.pk, kind=kind, number=number).exists()


# --- Report ------------------------------------------------------------------------------


def test_database_refuses_a_second_report_for_the_same_ward_and_period(report_a):
    with refused_by_database(Report, "report_one_per_ward_and_period"):
        factories.make_report(ward=report_a.ward, period=report_a.period)


def test_database_accepts_reports_of_one_ward_for_two_periods(report_a, period_2024):
    factories.make_report(ward=report_a.ward, period=period_2024)

    assert Report.objects.filter(ward=report_a.ward).count() == 2


def test_full_clean_explains_a_second_report_for_the_same_ward_and_period(report_a):
    twin = Report(ward=report_a.ward, period=report_a.period, declared_members=3)

    errors = full_clean_errors(twin)

    assert errors == {"__all__": [constraint_message(Report, "report_one_per_ward_and_period")]}


REPORT_COUNTS = [
    "declared_members",
    "training_attendances",
    "propagandists",
    "mass_mobilisation_models",
]


@pytest.mark.parametrize("field", REPORT_COUNTS)
def test_database_refuses_a_negative_count_in_a_report(ward_a, period_2025, field):
    with refused_by_database(Report, f"report_{field}_not_negative", positive_field=field):
        factories.make_report(ward=ward_a, period=period_2025, **{field: -1})


@pytest.mark.parametrize("field", REPORT_COUNTS)
def test_full_clean_explains_a_negative_count_in_a_report(ward_a, period_2025, field):
    report = Report(ward=ward_a, period=period_2025, **{"declared_members": 5, field: -1})

    errors = full_clean_errors(report)

    assert list(errors) == [field]


def test_full_clean_refuses_a_report_of_a_district(district, period_2025):
    report = Report(ward=district, period=period_2025, declared_members=5)

    errors = full_clean_errors(report)

    assert gettext("Reports are made by commune-level units.") in errors["ward"]


def test_full_clean_refuses_a_report_of_a_ward_gone_before_the_period_ends(district, period_2025):
    merged = factories.make_ward(
        parent=district, name="Phường Cũ", valid_to=datetime.date(2025, 6, 30)
    )
    report = Report(ward=merged, period=period_2025, declared_members=5)

    errors = full_clean_errors(report)

    assert errors == {"period": [gettext("This unit did not exist at the end of this period.")]}


def test_full_clean_accepts_a_report_of_a_ward_gone_after_the_period_ends(district, period_2024):
    merged = factories.make_ward(
        parent=district, name="Phường Cũ", valid_to=datetime.date(2025, 6, 30)
    )
    report = Report(ward=merged, period=period_2024, declared_members=5)

    report.full_clean()  # raises if the ward were thought gone

    assert report.ward.is_valid_on(period_2024.end)


# --- CellFigures -------------------------------------------------------------------------


def test_database_refuses_a_cells_figures_twice_in_one_report(figures_a):
    with refused_by_database(CellFigures, "cellfigures_one_per_cell_and_report"):
        factories.make_cell_figures(report=figures_a.report, cell=figures_a.cell)


def test_full_clean_explains_a_cells_figures_twice_in_one_report(figures_a):
    twin = CellFigures(report=figures_a.report, cell=figures_a.cell, members=3)

    errors = full_clean_errors(twin)

    assert errors == {
        "__all__": [constraint_message(CellFigures, "cellfigures_one_per_cell_and_report")]
    }


def _one_negative(field: str) -> dict:
    figures = {"members": 20, field: -1}
    if field == "members":
        # Keeps "admitted <= members + leavers" true, so that only the sign is wrong.
        figures["transferred_out"] = 1
    return figures


@pytest.mark.parametrize("field", CELL_COUNT_FIELDS)
def test_database_refuses_a_negative_count_in_a_cells_figures(report_a, cell_a, field):
    with refused_by_database(
        CellFigures, f"cellfigures_{field}_not_negative", positive_field=field
    ):
        CellFigures.objects.create(report=report_a, cell=cell_a, **_one_negative(field))


@pytest.mark.parametrize("field", CELL_COUNT_FIELDS)
def test_full_clean_explains_a_negative_count_in_a_cells_figures(report_a, cell_a, field):
    figures = CellFigures(report=report_a, cell=cell_a, **_one_negative(field))

    errors = full_clean_errors(figures)

    assert field in errors


def test_database_refuses_more_women_than_members(report_a, cell_a):
    with refused_by_database(CellFigures, "cellfigures_women_not_above_members"):
        factories.make_cell_figures(report=report_a, cell=cell_a, members=10, women=11)


def test_database_accepts_as_many_women_as_members(report_a, cell_a):
    figures = factories.make_cell_figures(report=report_a, cell=cell_a, members=10, women=10)

    assert CellFigures.objects.filter(pk=figures.pk, women=10).exists()


def test_full_clean_explains_more_women_than_members(report_a, cell_a):
    figures = CellFigures(report=report_a, cell=cell_a, members=10, women=11)

    errors = full_clean_errors(figures)

    assert errors == {"women": [gettext("Women cannot exceed the cell's members.")]}


def test_database_refuses_more_probationary_than_members(report_a, cell_a):
    with refused_by_database(CellFigures, "cellfigures_probationary_not_above_members"):
        factories.make_cell_figures(report=report_a, cell=cell_a, members=10, probationary=11)


def test_full_clean_explains_more_probationary_than_members(report_a, cell_a):
    figures = CellFigures(report=report_a, cell=cell_a, members=10, probationary=11)

    errors = full_clean_errors(figures)

    assert errors == {
        "probationary": [gettext("Probationary members cannot exceed the cell's members.")]
    }


def test_database_refuses_more_admissions_than_the_cell_ever_had(report_a, cell_a):
    with refused_by_database(CellFigures, "cellfigures_admitted_not_above_members"):
        factories.make_cell_figures(
            report=report_a, cell=cell_a, members=10, admitted=12, transferred_out=1
        )


def test_database_accepts_admissions_of_members_who_left_again(report_a, cell_a):
    figures = factories.make_cell_figures(
        report=report_a, cell=cell_a, members=10, admitted=12, transferred_out=1, deaths=1
    )

    assert CellFigures.objects.filter(pk=figures.pk, admitted=12).exists()


def test_full_clean_explains_more_admissions_than_the_cell_ever_had(report_a, cell_a):
    figures = CellFigures(report=report_a, cell=cell_a, members=10, admitted=11)

    errors = full_clean_errors(figures)

    # Explained at the field by clean(), in the constraint's own words.
    assert errors == {
        "admitted": [constraint_message(CellFigures, "cellfigures_admitted_not_above_members")]
    }


@pytest.mark.parametrize("score", [Decimal("-0.01"), Decimal("100.01")])
def test_database_refuses_a_quality_score_outside_0_to_100(report_a, cell_a, score):
    with refused_by_database(CellFigures, "cellfigures_quality_score_0_100"):
        factories.make_cell_figures(report=report_a, cell=cell_a, quality_score=score)


@pytest.mark.parametrize("score", [Decimal("-0.01"), Decimal("100.01")])
def test_full_clean_explains_a_quality_score_outside_0_to_100(ward_a, cell_a, score):
    scored = factories.make_period(year=2026, uses_quality_score=True)
    report = factories.make_report(ward=ward_a, period=scored)
    figures = CellFigures(report=report, cell=cell_a, members=10, quality_score=score)

    errors = full_clean_errors(figures)

    assert list(errors) == ["quality_score"]


def test_full_clean_refuses_a_quality_score_where_the_period_does_not_score(report_a, cell_a):
    figures = CellFigures(report=report_a, cell=cell_a, members=10, quality_score=Decimal(90))

    errors = full_clean_errors(figures)

    assert errors == {"quality_score": [gettext("This period does not score cells on 100 points.")]}


def test_full_clean_refuses_a_neighbourhood_head_for_a_school_cell(report_a, ward_a):
    school = factories.make_cell(ward=ward_a, name="Chi bộ Trường THCS", kind=CellKind.SCHOOL)
    figures = CellFigures(report=report_a, cell=school, members=10, secretary_is_head=True)

    errors = full_clean_errors(figures)

    assert errors == {
        "secretary_is_head": [gettext("Only a residential cell has a neighbourhood head.")]
    }


# --- The trigger: a report's cells belong to the report's ward ----------------------------


def test_database_refuses_figures_of_another_wards_cell(report_a, cell_b):
    with refused_by_database(CellFigures, TRIGGER):
        factories.make_cell_figures(report=report_a, cell=cell_b)


def test_database_refuses_moving_figures_to_another_wards_cell(figures_a, cell_a, cell_b):
    with refused_by_database(CellFigures, TRIGGER):
        CellFigures.objects.filter(pk=figures_a.pk).update(cell=cell_b)

    assert CellFigures.objects.get(pk=figures_a.pk).cell == cell_a


def test_database_refuses_saving_figures_with_another_wards_cell(figures_a, cell_b):
    figures_a.cell = cell_b
    with refused_by_database(CellFigures, TRIGGER):
        figures_a.save()

    assert CellFigures.objects.get(pk=figures_a.pk).cell.ward == figures_a.report.ward


def test_database_refuses_moving_figures_to_another_wards_report(figures_a, ward_b):
    report_b = factories.make_report(ward=ward_b, period=figures_a.report.period)

    with refused_by_database(CellFigures, TRIGGER):
        CellFigures.objects.filter(pk=figures_a.pk).update(report=report_b)

    assert CellFigures.objects.get(pk=figures_a.pk).report == figures_a.report


def test_database_accepts_changing_the_figures_of_a_cell_of_the_reports_ward(figures_a):
    CellFigures.objects.filter(pk=figures_a.pk).update(members=21)
    figures_a.refresh_from_db()
    figures_a.women = 9
    figures_a.save()

    assert CellFigures.objects.filter(pk=figures_a.pk, members=21, women=9).exists()


def test_database_accepts_moving_figures_to_another_cell_of_the_same_ward(figures_a, ward_a):
    school = factories.make_cell(ward=ward_a, name="Chi bộ Trường THCS", kind=CellKind.SCHOOL)

    CellFigures.objects.filter(pk=figures_a.pk).update(cell=school)

    assert CellFigures.objects.get(pk=figures_a.pk).cell == school


def test_full_clean_explains_figures_of_another_wards_cell(report_a, cell_b):
    figures = CellFigures(report=report_a, cell=cell_b, members=10)

    errors = full_clean_errors(figures)

    assert errors == {"cell": [gettext("This cell belongs to another ward than the report's.")]}


def test_database_refuses_moving_a_reported_cell_to_another_ward(figures_a, ward_b):
    with refused_by_database(Cell, TRIGGER):
        Cell.objects.filter(pk=figures_a.cell_id).update(ward=ward_b)


def test_database_refuses_moving_a_report_with_figures_to_another_ward(figures_a, ward_b):
    with refused_by_database(Report, TRIGGER):
        Report.objects.filter(pk=figures_a.report_id).update(ward=ward_b)


def test_database_accepts_moving_a_cell_without_figures_to_another_ward(ward_a, ward_b):
    school = factories.make_cell(ward=ward_a, name="Chi bộ Trường THCS", kind=CellKind.SCHOOL)

    Cell.objects.filter(pk=school.pk).update(ward=ward_b)

    assert Cell.objects.get(pk=school.pk).ward == ward_b
