"""The staffing rules: refused by the database, explained by full_clean()."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from tests import factories
from tests.database import constraint_message, full_clean_errors, refused_by_database
from wardstats.staffing.models import (
    AgeBand,
    Cadre,
    Category,
    Gender,
    PlanningTerm,
    QuotaNorm,
    QuotaRuleSet,
    WardQuota,
)

JAN_2024 = datetime.date(2024, 1, 1)
DEC_2023 = datetime.date(2023, 12, 31)


def unsaved_cadre(ward, **fields) -> Cadre:
    defaults = {
        "ward": ward,
        "full_name": "Trần Thị Bình",
        "position": "Công chức Tư pháp - Hộ tịch",
        "category": Category.CIVIL_SERVANT,
        "gender": Gender.FEMALE,
        "birth_year": 1990,
        "valid_from": JAN_2024,
    }
    return Cadre(**{**defaults, **fields})


# --- QuotaRuleSet, QuotaNorm, WardQuota ----------------------------------------------------


def test_database_refuses_a_rule_set_ending_before_it_starts(db):
    with refused_by_database(QuotaRuleSet, "quotaruleset_valid_from_not_after_valid_to"):
        factories.make_rule_set(effective_from=JAN_2024, effective_to=DEC_2023)


def test_full_clean_explains_a_rule_set_ending_before_it_starts(db):
    rule_set = QuotaRuleSet(
        name="Nghị định thử",
        legal_source="Nghị định thử",
        effective_from=JAN_2024,
        effective_to=DEC_2023,
    )

    errors = full_clean_errors(rule_set)

    assert errors == {
        "__all__": [constraint_message(QuotaRuleSet, "quotaruleset_valid_from_not_after_valid_to")]
    }


def test_database_refuses_two_norms_for_one_type_and_class(db):
    rule_set = factories.make_rule_set()
    factories.make_norm(rule_set=rule_set)

    with refused_by_database(QuotaNorm, "quotanorm_unique_per_kind_and_class"):
        factories.make_norm(rule_set=rule_set, cadres_civil_servants=1)


def test_database_accepts_the_same_type_and_class_in_another_rule_set(db):
    factories.make_norm(rule_set=factories.make_rule_set())
    factories.make_norm(rule_set=factories.make_rule_set(name="Nghị định 34/2019/NĐ-CP"))

    assert QuotaNorm.objects.count() == 2


def test_full_clean_explains_two_norms_for_one_type_and_class(db):
    norm = factories.make_norm(rule_set=factories.make_rule_set())
    twin = QuotaNorm(
        rule_set=norm.rule_set,
        unit_kind=norm.unit_kind,
        unit_class=norm.unit_class,
        cadres_civil_servants=1,
        ward_part_time=1,
        neighbourhood_part_time=1,
    )

    errors = full_clean_errors(twin)

    assert errors == {
        "__all__": [constraint_message(QuotaNorm, "quotanorm_unique_per_kind_and_class")]
    }


def test_database_refuses_two_quotas_for_one_ward_and_period(ward_a, period_2025):
    factories.make_ward_quota(ward=ward_a, period=period_2025, cadres_civil_servants=20)

    with refused_by_database(WardQuota, "wardquota_one_per_ward_and_period"):
        factories.make_ward_quota(ward=ward_a, period=period_2025, ward_part_time=10)


def test_full_clean_explains_two_quotas_for_one_ward_and_period(ward_a, period_2025):
    factories.make_ward_quota(ward=ward_a, period=period_2025, cadres_civil_servants=20)
    twin = WardQuota(ward=ward_a, period=period_2025, ward_part_time=10)

    errors = full_clean_errors(twin)

    assert errors == {
        "__all__": [constraint_message(WardQuota, "wardquota_one_per_ward_and_period")]
    }


# --- PlanningTerm and AgeBand ------------------------------------------------------------


def test_database_refuses_a_planning_term_twice(db):
    factories.make_planning_term(start_year=2025, end_year=2030)

    with refused_by_database(PlanningTerm, "planningterm_unique"):
        factories.make_planning_term(start_year=2025, end_year=2030)


def test_full_clean_explains_a_planning_term_twice(db):
    factories.make_planning_term(start_year=2025, end_year=2030)

    errors = full_clean_errors(PlanningTerm(start_year=2025, end_year=2030))

    assert errors == {"__all__": [constraint_message(PlanningTerm, "planningterm_unique")]}


@pytest.mark.parametrize(("start_year", "end_year"), [(2030, 2025), (2025, 2025)])
def test_database_refuses_a_planning_term_not_starting_before_it_ends(db, start_year, end_year):
    with refused_by_database(PlanningTerm, "planningterm_start_before_end"):
        factories.make_planning_term(start_year=start_year, end_year=end_year)


def test_full_clean_explains_a_planning_term_ending_before_it_starts(db):
    errors = full_clean_errors(PlanningTerm(start_year=2030, end_year=2025))

    assert errors == {
        "__all__": [constraint_message(PlanningTerm, "planningterm_start_before_end")]
    }


def test_database_refuses_an_age_band_upside_down(db):
    with refused_by_database(AgeBand, "ageband_min_not_above_max"):
        factories.make_age_band(label="Dưới 35", min_age=35, max_age=18)


def test_database_accepts_an_age_band_of_a_single_age(db):
    band = factories.make_age_band(label="35 tuổi", min_age=35, max_age=35)

    assert AgeBand.objects.filter(pk=band.pk).exists()


def test_full_clean_explains_an_age_band_upside_down(db):
    errors = full_clean_errors(AgeBand(label="Dưới 35", min_age=35, max_age=18))

    assert errors == {"__all__": [constraint_message(AgeBand, "ageband_min_not_above_max")]}


# --- Cadre -------------------------------------------------------------------------------


def test_database_refuses_a_cadre_record_ending_before_it_starts(ward_a):
    with refused_by_database(Cadre, "cadre_valid_from_not_after_valid_to"):
        factories.make_cadre(ward=ward_a, valid_from=JAN_2024, valid_to=DEC_2023)


def test_full_clean_explains_a_cadre_record_ending_before_it_starts(ward_a):
    cadre = unsaved_cadre(ward_a, valid_from=JAN_2024, valid_to=DEC_2023)

    errors = full_clean_errors(cadre)

    assert errors == {"valid_to": [gettext("The end date must not be before the start date.")]}


def test_database_refuses_a_neighbourhood_post_without_its_neighbourhood(ward_a):
    with refused_by_database(Cadre, "cadre_neighbourhood_iff_neighbourhood_part_time"):
        factories.make_cadre(ward=ward_a, category=Category.NEIGHBOURHOOD_PART_TIME)


def test_database_refuses_a_neighbourhood_on_a_ward_level_post(ward_a, neighbourhood_a):
    with refused_by_database(Cadre, "cadre_neighbourhood_iff_neighbourhood_part_time"):
        factories.make_cadre(
            ward=ward_a, category=Category.WARD_PART_TIME, neighbourhood=neighbourhood_a
        )


def test_database_accepts_a_neighbourhood_post_with_its_neighbourhood(ward_a, neighbourhood_a):
    cadre = factories.make_cadre(
        ward=ward_a, category=Category.NEIGHBOURHOOD_PART_TIME, neighbourhood=neighbourhood_a
    )

    assert Cadre.objects.filter(pk=cadre.pk, neighbourhood=neighbourhood_a).exists()


def test_full_clean_explains_a_neighbourhood_post_without_its_neighbourhood(ward_a):
    cadre = unsaved_cadre(ward_a, category=Category.NEIGHBOURHOOD_PART_TIME)

    errors = full_clean_errors(cadre)

    assert errors == {
        "neighbourhood": [gettext("Choose the neighbourhood of this part-time position.")]
    }


@pytest.mark.parametrize(
    "category", [Category.CADRE, Category.CIVIL_SERVANT, Category.WARD_PART_TIME]
)
def test_full_clean_explains_a_neighbourhood_on_a_ward_level_post(
    ward_a, neighbourhood_a, category
):
    cadre = unsaved_cadre(ward_a, category=category, neighbourhood=neighbourhood_a)

    errors = full_clean_errors(cadre)

    assert errors == {
        "neighbourhood": [gettext("Only part-time positions in a neighbourhood are tied to one.")]
    }


def test_full_clean_refuses_a_neighbourhood_of_another_ward(ward_a, neighbourhood_b):
    cadre = unsaved_cadre(
        ward_a, category=Category.NEIGHBOURHOOD_PART_TIME, neighbourhood=neighbourhood_b
    )

    errors = full_clean_errors(cadre)

    assert errors == {"neighbourhood": [gettext("This neighbourhood is not in the cadre's ward.")]}


def test_full_clean_accepts_a_neighbourhood_post_in_the_cadres_ward(ward_a, neighbourhood_a):
    cadre = unsaved_cadre(
        ward_a, category=Category.NEIGHBOURHOOD_PART_TIME, neighbourhood=neighbourhood_a
    )

    cadre.full_clean()  # raises if the neighbourhood were refused

    assert cadre.neighbourhood.parent_on(cadre.valid_from) == ward_a


@pytest.mark.parametrize("birth_year", [1899, 2101])
def test_database_refuses_an_implausible_year_of_birth(ward_a, birth_year):
    with refused_by_database(Cadre, "cadre_birth_year_plausible"):
        factories.make_cadre(ward=ward_a, birth_year=birth_year)


def test_full_clean_explains_a_year_of_birth_before_1900(ward_a):
    errors = full_clean_errors(unsaved_cadre(ward_a, birth_year=1899))

    assert list(errors) == ["birth_year"]


def test_full_clean_refuses_a_cadre_born_in_the_future(ward_a):
    next_year = timezone.localdate().year + 1

    errors = full_clean_errors(unsaved_cadre(ward_a, birth_year=next_year))

    assert errors == {"birth_year": [gettext("The year of birth cannot be in the future.")]}


def test_full_clean_refuses_a_cadre_younger_than_16(ward_a):
    fifteen_this_year = timezone.localdate().year - 15

    errors = full_clean_errors(unsaved_cadre(ward_a, birth_year=fifteen_this_year))

    assert errors == {"birth_year": [gettext("A cadre must be at least 16 years old.")]}


def test_full_clean_accepts_a_cadre_turning_16_this_year(ward_a):
    cadre = unsaved_cadre(ward_a, birth_year=timezone.localdate().year - 16)

    cadre.full_clean()  # raises if the age were refused

    assert cadre.age_in(timezone.localdate().year) == 16
