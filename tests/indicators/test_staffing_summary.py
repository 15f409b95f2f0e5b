"""The staffing the ward page shows comes from the summary row; it must equal what the cadre
records say when counted live (staffing.selectors), and follow a change at once."""

import pytest

from tests import factories
from wardstats.dashboards.selectors import staffing_of
from wardstats.indicators.models import WardPeriodFigures
from wardstats.staffing.models import Category, Education, Gender, PoliticalTheory
from wardstats.staffing.selectors import cadre_counts, staffing_against_quota

pytestmark = pytest.mark.django_db


@pytest.fixture
def staffed(hierarchy):
    h = hierarchy
    rule_set = factories.make_rule_set()
    factories.make_norm(rule_set=rule_set, unit_class=h.ward_a.unit_class)
    factories.make_ward_quota(
        ward=h.ward_a, period=h.period_2024, ward_part_time=9, legal_source="QĐ 12/QĐ-UBND"
    )
    factories.make_age_band(label="Dưới 35", min_age=18, max_age=35, is_young=True)
    factories.make_age_band(label="35–50", min_age=36, max_age=50)
    term = factories.make_planning_term()
    people = [
        (Category.CADRE, Gender.FEMALE, 1995, Education.MASTER, PoliticalTheory.ADVANCED, True),
        (Category.CADRE, Gender.MALE, 1980, Education.UNIVERSITY, PoliticalTheory.NONE, False),
        (Category.CIVIL_SERVANT, Gender.FEMALE, 1990, Education.COLLEGE,
         PoliticalTheory.INTERMEDIATE, True),
        (Category.WARD_PART_TIME, Gender.MALE, 1970, Education.NONE, PoliticalTheory.NONE, False),
    ]  # fmt: skip
    for i, (category, gender, born, education, theory, pool) in enumerate(people):
        factories.make_cadre(
            ward=h.ward_a,
            full_name=f"Người {i}",
            category=category,
            gender=gender,
            birth_year=born,
            education=education,
            political_theory=theory,
            planning_terms=[term] if pool else [],
        )
    for i in range(3):
        factories.make_cadre(
            ward=h.ward_a,
            full_name=f"Bán chuyên trách {i}",
            category=Category.NEIGHBOURHOOD_PART_TIME,
            neighbourhood=h.neighbourhood_a,
        )
    return h


def live(h):
    counts = cadre_counts(ward=h.ward_a, period=h.period_2024)
    staffing = staffing_against_quota(ward=h.ward_a, period=h.period_2024, counts=counts)
    counts["staff_by_age_band"] = [(b.label, n) for b, n in counts["staff_by_age_band"].items()]
    counts["neighbourhood_part_time"] = {
        str(k): v for k, v in counts["neighbourhood_part_time"].items()
    }
    return counts, staffing


def summarised(h):
    figures = WardPeriodFigures.objects.get(ward=h.ward_a, period=h.period_2024)
    return staffing_of(figures)


def test_the_summary_row_holds_the_same_staffing_as_the_records_counted_live(staffed):
    counts, staffing = summarised(staffed)
    expected_counts, expected_staffing = live(staffed)
    assert staffing == expected_staffing
    assert counts["staff_by_age_band"] == [("Dưới 35", 2), ("35–50", 1)]
    for key in (
        "by_category",
        "staff_by_gender",
        "staff_by_education",
        "staff_by_political_theory",
        "neighbourhood_part_time",
        "planning_pool",
    ):
        assert counts[key] == expected_counts[key], key
    assert staffing["ward_part_time"] == {"count": 1, "quota": 9, "source": "QĐ 12/QĐ-UBND"}
    assert staffing["neighbourhood_part_time"]["max_count"] == 3


def test_a_new_record_shows_in_the_summary_at_once(staffed):
    before, _staffing = summarised(staffed)
    factories.make_cadre(ward=staffed.ward_a, full_name="Mới", category=Category.CIVIL_SERVANT)
    after, staffing = summarised(staffed)
    assert after["by_category"][Category.CIVIL_SERVANT] == (
        before["by_category"][Category.CIVIL_SERVANT] + 1
    )
    assert staffing == live(staffed)[1]
