"""Counts of a ward's cadres on a period's last day, and the quota they are measured against:
the one computation (`indicators.figures`), read as every page reads it (`indicators.selectors`
on the ward's summary)."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils.translation import gettext

from tests import factories
from wardstats.core import changes
from wardstats.hierarchy.models import UnitClass, UnitKind
from wardstats.indicators import selectors
from wardstats.indicators.figures import ward_figures
from wardstats.staffing.models import QUOTA_FIELDS, Category, Education, Gender, PoliticalTheory

MALE, FEMALE = Gender.MALE.value, Gender.FEMALE.value
LAST_DAY_2025 = datetime.date(2025, 12, 31)


def cadre_counts(*, ward, period) -> dict:
    return selectors.cadre_counts(selectors.summary_of(ward, period))


def staffing_against_quota(*, ward, period) -> dict:
    return selectors.staffing_against_quota(selectors.summary_of(ward, period))


def quota_for(*, ward, period) -> dict:
    staffing = staffing_against_quota(ward=ward, period=period)
    return {field: (staffing[field]["quota"], staffing[field]["source"]) for field in QUOTA_FIELDS}


def saved_rule(rule):
    """A rule changed behind the services' back, then every ward recomputed as they do."""
    rule.save()
    changes.rules_changed(reason="test")


@pytest.fixture
def bands(db):
    return SimpleNamespace(
        young=factories.make_age_band(label="Dưới 35", min_age=18, max_age=34, is_young=True),
        middle=factories.make_age_band(label="Từ 35 đến 45", min_age=35, max_age=45),
        older=factories.make_age_band(label="Từ 46 đến 60", min_age=46, max_age=60),
    )


@pytest.fixture
def terms(db):
    # Two terms that both include 2025, so that a cadre in both is still counted once.
    return SimpleNamespace(
        current=factories.make_planning_term(start_year=2020, end_year=2025),
        overlapping=factories.make_planning_term(start_year=2025, end_year=2030),
        next=factories.make_planning_term(start_year=2026, end_year=2030),
    )


@pytest.fixture
def staffed_ward_a(ward_a, ward_b, neighbourhood_a, bands, terms):
    """Ward A's records. Ages are those reached in 2025."""
    second_neighbourhood = factories.make_neighbourhood(ward=ward_a, name="Khu phố A2")
    cadre = factories.make_cadre
    # On duty on 31/12/2025: the staff (cadres and civil servants).
    cadre(
        ward=ward_a,
        full_name="An",
        category=Category.CADRE,
        gender=MALE,
        birth_year=1980,
        education=Education.UNIVERSITY,
        political_theory=PoliticalTheory.ADVANCED,
        planning_terms=[terms.current],
    )  # 45
    cadre(
        ward=ward_a,
        full_name="Bình",
        category=Category.CADRE,
        gender=FEMALE,
        birth_year=1995,
        education=Education.MASTER,
        political_theory=PoliticalTheory.INTERMEDIATE,
        planning_terms=[terms.current, terms.overlapping],
    )  # 30
    cadre(
        ward=ward_a,
        full_name="Minh",
        category=Category.CADRE,
        gender=MALE,
        birth_year=1985,
        education=Education.UNIVERSITY,
        political_theory=PoliticalTheory.INTERMEDIATE,
        valid_to=LAST_DAY_2025,
    )  # 40, leaves on the last day: still counted
    cadre(
        ward=ward_a,
        full_name="Cường",
        category=Category.CIVIL_SERVANT,
        gender=MALE,
        birth_year=1970,
        education=Education.COLLEGE,
        political_theory=PoliticalTheory.ELEMENTARY,
        meets_standard=False,
    )  # 55
    cadre(
        ward=ward_a,
        full_name="Dung",
        category=Category.CIVIL_SERVANT,
        gender=FEMALE,
        birth_year=1991,
        education=Education.UNIVERSITY,
        political_theory=PoliticalTheory.NONE,
        planning_terms=[terms.next],
    )  # 34, in the next term's pool only
    cadre(
        ward=ward_a,
        full_name="Em",
        category=Category.CIVIL_SERVANT,
        gender=MALE,
        birth_year=1960,
        education=Education.INTERMEDIATE,
        political_theory=PoliticalTheory.INTERMEDIATE,
        valid_from=LAST_DAY_2025,
    )  # 65, in no band; starts on the last day: counted
    # On duty: part-time workers.
    cadre(
        ward=ward_a,
        full_name="Giang",
        category=Category.WARD_PART_TIME,
        gender=MALE,
        birth_year=2000,
        education=Education.INTERMEDIATE,
        political_theory=PoliticalTheory.NONE,
        planning_terms=[terms.current],
    )  # 25
    for name, gender, where in [
        ("Hà", FEMALE, neighbourhood_a),
        ("Khánh", MALE, neighbourhood_a),
        ("Lan", FEMALE, second_neighbourhood),
    ]:
        cadre(
            ward=ward_a,
            full_name=name,
            category=Category.NEIGHBOURHOOD_PART_TIME,
            gender=gender,
            birth_year=1975,
            neighbourhood=where,
        )
    # Not on duty on 31/12/2025, or not in ward A.
    cadre(
        ward=ward_a,
        full_name="Nam",
        category=Category.CADRE,
        gender=MALE,
        birth_year=1990,
        valid_to=datetime.date(2025, 12, 30),
        planning_terms=[terms.current],
    )
    cadre(
        ward=ward_a,
        full_name="Oanh",
        category=Category.CADRE,
        gender=FEMALE,
        birth_year=1990,
        valid_from=datetime.date(2026, 1, 1),
        planning_terms=[terms.current],
    )
    cadre(
        ward=ward_a,
        full_name="Quang",
        category=Category.CIVIL_SERVANT,
        gender=MALE,
        birth_year=1990,
        valid_to=datetime.date(2024, 12, 31),
    )
    cadre(
        ward=ward_b,
        full_name="Phúc",
        category=Category.CADRE,
        gender=MALE,
        birth_year=1990,
        planning_terms=[terms.current],
    )
    return SimpleNamespace(
        ward=ward_a, neighbourhood=neighbourhood_a, second_neighbourhood=second_neighbourhood
    )


# --- cadre_counts ------------------------------------------------------------------------


def test_counts_each_category_on_the_periods_last_day(staffed_ward_a, period_2025):
    counts = cadre_counts(ward=staffed_ward_a.ward, period=period_2025)

    assert counts["by_category"] == {
        Category.CADRE: 3,  # An, Bình, Minh
        Category.CIVIL_SERVANT: 3,  # Cường, Dung, Em
        Category.WARD_PART_TIME: 1,
        Category.NEIGHBOURHOOD_PART_TIME: 3,
    }


def test_counts_the_staff_and_those_meeting_the_standard(staffed_ward_a, period_2025):
    counts = cadre_counts(ward=staffed_ward_a.ward, period=period_2025)

    assert counts["staff"] == {"total": 6, "meets_standard": 5}


def test_counts_the_staff_by_gender(staffed_ward_a, period_2025):
    counts = cadre_counts(ward=staffed_ward_a.ward, period=period_2025)

    assert counts["staff_by_gender"] == {MALE: 4, FEMALE: 2}


def test_counts_the_staff_by_education(staffed_ward_a, period_2025):
    counts = cadre_counts(ward=staffed_ward_a.ward, period=period_2025)

    assert counts["staff_by_education"] == {
        Education.MASTER: 1,
        Education.UNIVERSITY: 3,
        Education.COLLEGE: 1,
        Education.INTERMEDIATE: 1,
    }


def test_counts_the_staff_by_political_theory(staffed_ward_a, period_2025):
    counts = cadre_counts(ward=staffed_ward_a.ward, period=period_2025)

    assert counts["staff_by_political_theory"] == {
        PoliticalTheory.ADVANCED: 1,
        PoliticalTheory.INTERMEDIATE: 3,
        PoliticalTheory.ELEMENTARY: 1,
        PoliticalTheory.NONE: 1,
    }


def test_counts_the_staff_by_age_band_leaving_out_ages_in_no_band(
    staffed_ward_a, bands, period_2025
):
    counts = cadre_counts(ward=staffed_ward_a.ward, period=period_2025)

    # Em, 65, is in no band.
    assert counts["staff_by_age_band"] == [
        (bands.young.label, 2),
        (bands.middle.label, 2),
        (bands.older.label, 1),
    ]


def test_ages_are_those_reached_in_the_periods_year(ward_b, bands, period_2024, period_2025):
    factories.make_cadre(ward=ward_b, category=Category.CADRE, birth_year=1990)

    in_2024 = cadre_counts(ward=ward_b, period=period_2024)
    in_2025 = cadre_counts(ward=ward_b, period=period_2025)

    labels = [bands.young.label, bands.middle.label, bands.older.label]
    assert in_2024["staff_by_age_band"] == list(zip(labels, [1, 0, 0], strict=True))
    assert in_2025["staff_by_age_band"] == list(zip(labels, [0, 1, 0], strict=True))


def test_records_are_counted_in_the_periods_they_cover(staffed_ward_a, period_2024):
    # On 31/12/2024: not Em (from 31/12/2025); Nam (until 30/12/2025) and Quang (until
    # 31/12/2024) are.
    counts = cadre_counts(ward=staffed_ward_a.ward, period=period_2024)

    assert counts["by_category"][Category.CADRE] == 4  # An, Bình, Minh, Nam
    assert counts["by_category"][Category.CIVIL_SERVANT] == 3  # Cường, Dung, Quang


def test_counts_neighbourhood_posts_per_neighbourhood(staffed_ward_a, period_2025):
    counts = cadre_counts(ward=staffed_ward_a.ward, period=period_2025)

    assert counts["neighbourhood_part_time"] == {
        str(staffed_ward_a.neighbourhood.pk): 2,
        str(staffed_ward_a.second_neighbourhood.pk): 1,
    }


def test_describes_the_planning_pool_of_the_periods_year(staffed_ward_a, period_2025):
    counts = cadre_counts(ward=staffed_ward_a.ward, period=period_2025)

    # An, Bình (in two terms, counted once) and Giang; not Dung (next term), nor Nam, Oanh and
    # Phúc (off duty on 31/12/2025, or in ward B).
    assert counts["planning_pool"] == {
        "total": 3,
        "university_or_higher": 2,  # An, Bình
        "theory_intermediate_or_higher": 2,  # An, Bình
        "women": 1,  # Bình
        "young": 2,  # Bình 30, Giang 25
    }


def test_every_band_marked_young_counts_towards_the_young(staffed_ward_a, bands, period_2025):
    bands.middle.is_young = True
    saved_rule(bands.middle)

    counts = cadre_counts(ward=staffed_ward_a.ward, period=period_2025)

    assert counts["planning_pool"]["young"] == 3  # and An, 45


def test_no_one_is_young_when_no_band_is_marked_young(staffed_ward_a, bands, period_2025):
    bands.young.is_young = False
    saved_rule(bands.young)

    counts = cadre_counts(ward=staffed_ward_a.ward, period=period_2025)

    assert counts["planning_pool"]["young"] == 0


def test_a_ward_without_records_counts_zero_everywhere(ward_b, bands, period_2025):
    counts = cadre_counts(ward=ward_b, period=period_2025)

    assert counts["by_category"] == dict.fromkeys(Category.values, 0)
    assert counts["staff"] == {"total": 0, "meets_standard": 0}
    assert [n for _label, n in counts["staff_by_age_band"]] == [0, 0, 0]
    assert counts["planning_pool"]["total"] == 0


def _many_cadres(ward, neighbourhood, terms, how_many: int) -> None:
    categories = list(Category)
    for i in range(how_many):
        category = categories[i % len(categories)]
        factories.make_cadre(
            ward=ward,
            full_name=f"Cán bộ {i}",
            category=category,
            gender=FEMALE if i % 2 else MALE,
            birth_year=1965 + i,
            education=list(Education)[i % len(Education)],
            political_theory=list(PoliticalTheory)[i % len(PoliticalTheory)],
            neighbourhood=neighbourhood if category == Category.NEIGHBOURHOOD_PART_TIME else None,
            planning_terms=[terms.current, terms.overlapping] if i % 3 else [],
        )


@pytest.mark.parametrize("how_many", [3, 30])
def test_counting_costs_the_same_queries_for_3_or_30_cadres(
    ward_a, neighbourhood_a, bands, terms, period_2025, django_assert_num_queries, how_many
):
    _many_cadres(ward_a, neighbourhood_a, terms, how_many)

    # 1 the wards; 2 the age bands; 3 the reports; 4 their cells summed; 5 the records on
    # duty; 6 the planning pool; 7 the neighbourhoods; 8 the norms; 9 the ward's own quota;
    # 10 its population and area; 11-16 the records by category, the staff by gender,
    # education, political theory, neighbourhood posts per neighbourhood, the staff by age
    # band; 17 the ward's areas.
    with django_assert_num_queries(17):
        figures = ward_figures(period=period_2025, ward_ids=[ward_a.pk])

    assert sum(figures[ward_a.pk]["staffing"]["by_category"].values()) == how_many


# --- quota_for and staffing_against_quota ------------------------------------------------


@pytest.fixture
def rule_sets(db):
    """Three successive rule sets for a class II ward; the figures differ so that each shows."""
    old = factories.make_rule_set(
        name="Nghị định 34/2019/NĐ-CP",
        legal_source="Nghị định 34/2019/NĐ-CP",
        effective_from=datetime.date(2019, 8, 1),
        effective_to=datetime.date(2023, 7, 31),
    )
    current = factories.make_rule_set(
        name="Nghị định 33/2023/NĐ-CP",
        legal_source="Nghị định 33/2023/NĐ-CP",
        effective_from=datetime.date(2023, 8, 1),
        effective_to=datetime.date(2025, 6, 30),
    )
    new = factories.make_rule_set(
        name="Nghị định thử 2025",
        legal_source="Nghị định thử 2025",
        effective_from=datetime.date(2025, 7, 1),
    )
    factories.make_norm(
        rule_set=old, cadres_civil_servants=23, ward_part_time=14, neighbourhood_part_time=3
    )
    factories.make_norm(
        rule_set=current, cadres_civil_servants=21, ward_part_time=12, neighbourhood_part_time=3
    )
    factories.make_norm(
        rule_set=new, cadres_civil_servants=19, ward_part_time=10, neighbourhood_part_time=2
    )
    # Norms for other classes and types, which a class II ward never takes.
    factories.make_norm(rule_set=new, unit_class=UnitClass.I, cadres_civil_servants=99)
    factories.make_norm(rule_set=new, unit_kind=UnitKind.COMMUNE, cadres_civil_servants=98)
    return SimpleNamespace(old=old, current=current, new=new)


def test_the_quota_is_the_norm_of_the_rule_set_in_force_at_the_periods_end(
    ward_a, rule_sets, period_2024, period_2025
):
    assert quota_for(ward=ward_a, period=period_2025) == {
        "cadres_civil_servants": (19, "Nghị định thử 2025"),
        "ward_part_time": (10, "Nghị định thử 2025"),
        "neighbourhood_part_time": (2, "Nghị định thử 2025"),
    }
    assert quota_for(ward=ward_a, period=period_2024) == {
        "cadres_civil_servants": (21, "Nghị định 33/2023/NĐ-CP"),
        "ward_part_time": (12, "Nghị định 33/2023/NĐ-CP"),
        "neighbourhood_part_time": (3, "Nghị định 33/2023/NĐ-CP"),
    }


def test_a_rule_set_ended_on_the_periods_last_day_still_applies(ward_a, rule_sets, period_2024):
    rule_sets.current.effective_to = datetime.date(2024, 12, 30)
    saved_rule(rule_sets.current)
    rule_sets.old.effective_to = datetime.date(2024, 12, 31)
    saved_rule(rule_sets.old)

    quota = quota_for(ward=ward_a, period=period_2024)

    assert quota["cadres_civil_servants"] == (23, "Nghị định 34/2019/NĐ-CP")


def test_the_wards_own_quota_wins_field_by_field(ward_a, rule_sets, period_2025):
    factories.make_ward_quota(
        ward=ward_a,
        period=period_2025,
        cadres_civil_servants=20,
        legal_source="Quyết định 123/QĐ-UBND",
    )

    quota = quota_for(ward=ward_a, period=period_2025)

    assert quota == {
        "cadres_civil_servants": (20, "Quyết định 123/QĐ-UBND"),
        "ward_part_time": (10, "Nghị định thử 2025"),
        "neighbourhood_part_time": (2, "Nghị định thử 2025"),
    }


def test_the_wards_own_quota_without_a_decision_is_called_the_provincial_quota(
    ward_a, rule_sets, period_2025
):
    factories.make_ward_quota(ward=ward_a, period=period_2025, ward_part_time=0)

    quota = quota_for(ward=ward_a, period=period_2025)

    assert quota["ward_part_time"] == (0, gettext("provincial quota"))


def test_the_wards_quota_of_another_period_does_not_apply(
    ward_a, rule_sets, period_2024, period_2025
):
    factories.make_ward_quota(ward=ward_a, period=period_2024, cadres_civil_servants=20)

    quota = quota_for(ward=ward_a, period=period_2025)

    assert quota["cadres_civil_servants"] == (19, "Nghị định thử 2025")


def test_there_is_no_quota_before_any_rule_set(district, rule_sets):
    ward = factories.make_ward(parent=district, valid_from=datetime.date(2010, 1, 1))
    period = factories.make_period(year=2018)

    assert quota_for(ward=ward, period=period) == dict.fromkeys(
        ["cadres_civil_servants", "ward_part_time", "neighbourhood_part_time"], (None, "")
    )


def test_there_is_no_quota_for_a_class_without_a_norm(district, rule_sets, period_2025):
    ward = factories.make_ward(parent=district, name="Phường C", unit_class=UnitClass.III)

    assert quota_for(ward=ward, period=period_2025) == dict.fromkeys(
        ["cadres_civil_servants", "ward_part_time", "neighbourhood_part_time"], (None, "")
    )


def test_staffing_sets_each_count_against_its_quota(staffed_ward_a, rule_sets, period_2025):
    factories.make_ward_quota(
        ward=staffed_ward_a.ward,
        period=period_2025,
        cadres_civil_servants=20,
        legal_source="Quyết định 123/QĐ-UBND",
    )

    staffing = staffing_against_quota(ward=staffed_ward_a.ward, period=period_2025)

    assert staffing == {
        "cadres_civil_servants": {"count": 6, "quota": 20, "source": "Quyết định 123/QĐ-UBND"},
        "ward_part_time": {"count": 1, "quota": 10, "source": "Nghị định thử 2025"},
        # The fullest neighbourhood: Khu phố A1, with Hà and Khánh.
        "neighbourhood_part_time": {"max_count": 2, "quota": 2, "source": "Nghị định thử 2025"},
    }


def test_staffing_without_records_or_quota_is_zero_against_none(ward_b, period_2025):
    staffing = staffing_against_quota(ward=ward_b, period=period_2025)

    assert staffing == {
        "cadres_civil_servants": {"count": 0, "quota": None, "source": ""},
        "ward_part_time": {"count": 0, "quota": None, "source": ""},
        "neighbourhood_part_time": {"max_count": 0, "quota": None, "source": ""},
    }
