"""The hierarchy's rules: refused by the database, and explained by full_clean().

Each rule has two tests: the database refuses the bad row even when no form is in the way, and
full_clean() names the field (or the whole row) in error with the rule's own message.
"""

import datetime

from django.utils.translation import gettext, gettext_lazy

from tests import factories
from tests.database import constraint_message, full_clean_errors, refused_by_database
from tests.factories import LONG_AGO
from wardstats.hierarchy.models import (
    Cell,
    CellKind,
    Lineage,
    LineageKind,
    Unit,
    UnitClass,
    UnitKind,
    UnitLink,
)

JAN_2024 = datetime.date(2024, 1, 1)
DEC_2023 = datetime.date(2023, 12, 31)
END_BEFORE_START = gettext_lazy("The end date must not be before the start date.")


# --- Unit --------------------------------------------------------------------------------


def test_database_refuses_two_units_of_one_level_with_the_same_code_and_start(ward_a):
    with refused_by_database(Unit, "unit_code_unique_per_level_and_start"):
        Unit.objects.create(
            name="Phường A bis", kind=UnitKind.WARD, code=ward_a.code, valid_from=ward_a.valid_from
        )


def test_database_accepts_the_same_code_from_another_start_date(ward_a):
    # A unit re-created by the reform keeps its code with a new start date.
    Unit.objects.create(
        name="Phường A", kind=UnitKind.WARD, code=ward_a.code, valid_from=datetime.date(2025, 7, 1)
    )

    assert Unit.objects.filter(code=ward_a.code).count() == 2


def test_full_clean_explains_a_duplicate_code(ward_a):
    twin = Unit(name="Phường A bis", kind=UnitKind.WARD, code=ward_a.code, valid_from=LONG_AGO)

    errors = full_clean_errors(twin)

    assert errors["__all__"] == [constraint_message(Unit, "unit_code_unique_per_level_and_start")]


def test_database_refuses_a_unit_ending_before_it_starts(db):
    with refused_by_database(Unit, "unit_valid_from_not_after_valid_to"):
        factories.make_ward(parent=None, valid_from=JAN_2024, valid_to=DEC_2023)


def test_database_accepts_a_unit_valid_for_a_single_day(db):
    ward = factories.make_ward(parent=None, valid_from=JAN_2024, valid_to=JAN_2024)

    assert ward.is_valid_on(JAN_2024)


def test_full_clean_explains_a_unit_ending_before_it_starts(db):
    ward = Unit(name="Phường C", kind=UnitKind.WARD, code="99903", valid_from=JAN_2024)
    ward.valid_to = DEC_2023

    errors = full_clean_errors(ward)

    assert errors == {"valid_to": [END_BEFORE_START]}


def test_database_refuses_a_class_on_a_district(db):
    with refused_by_database(Unit, "unit_class_only_for_communes"):
        factories.make_district(province=None, unit_class=UnitClass.I)


def test_full_clean_explains_a_class_on_a_district(db):
    district = Unit(
        name="Huyện C",
        kind=UnitKind.RURAL_DISTRICT,
        code="998",
        unit_class=UnitClass.I,
        valid_from=JAN_2024,
    )

    errors = full_clean_errors(district)

    assert errors == {
        "unit_class": [gettext("Only commune-level units have a class (I, II, III).")]
    }


def test_full_clean_accepts_a_class_on_a_ward(db):
    ward = Unit(
        name="Phường C",
        kind=UnitKind.WARD,
        code="99903",
        unit_class=UnitClass.I,
        valid_from=JAN_2024,
    )

    ward.full_clean()  # raises if the class were refused

    assert ward.is_ward, "full_clean derives the level from the kind"


# --- UnitLink ----------------------------------------------------------------------------


def test_database_refuses_a_link_ending_before_it_starts(ward_a, province):
    with refused_by_database(UnitLink, "unitlink_valid_from_not_after_valid_to"):
        factories.make_link(child=ward_a, parent=province, valid_from=JAN_2024, valid_to=DEC_2023)


def test_full_clean_explains_a_link_ending_before_it_starts(ward_a, province):
    link = UnitLink(child=ward_a, parent=province, valid_from=JAN_2024, valid_to=DEC_2023)

    errors = full_clean_errors(link)

    assert errors == {"valid_to": [END_BEFORE_START]}


def test_database_refuses_a_unit_that_is_its_own_parent(ward_a):
    with refused_by_database(UnitLink, "unitlink_not_own_parent"):
        factories.make_link(child=ward_a, parent=ward_a, valid_from=JAN_2024)


def test_full_clean_explains_a_unit_that_is_its_own_parent(ward_a):
    link = UnitLink(child=ward_a, parent=ward_a, valid_from=JAN_2024)

    errors = full_clean_errors(link)

    assert errors == {"parent": [gettext("The parent must be a higher level than the unit.")]}


def test_full_clean_explains_a_parent_below_its_child(ward_a, neighbourhood_a):
    link = UnitLink(child=ward_a, parent=neighbourhood_a, valid_from=JAN_2024)

    errors = full_clean_errors(link)

    assert errors == {"parent": [gettext("The parent must be a higher level than the unit.")]}


def test_database_refuses_two_parents_from_the_same_day(ward_a, province):
    # ward_a is under the district from LONG_AGO.
    with refused_by_database(UnitLink, "unitlink_one_parent_per_start"):
        factories.make_link(child=ward_a, parent=province, valid_from=LONG_AGO)


def test_full_clean_explains_two_parents_from_the_same_day(ward_a, province):
    link = UnitLink(child=ward_a, parent=province, valid_from=LONG_AGO)

    errors = full_clean_errors(link)

    assert constraint_message(UnitLink, "unitlink_one_parent_per_start") in errors["__all__"]


OVERLAP = gettext_lazy(
    "This unit already has a parent during part of this period: close the earlier link first."
)


def test_full_clean_refuses_a_second_parent_while_the_first_link_is_open(ward_a, province):
    link = UnitLink(child=ward_a, parent=province, valid_from=datetime.date(2025, 7, 1))

    errors = full_clean_errors(link)

    assert errors == {"__all__": [OVERLAP]}


def test_full_clean_refuses_a_link_starting_on_the_last_day_of_the_previous_one(ward_a, province):
    ward_a.parent_links.update(valid_to=datetime.date(2025, 6, 30))
    link = UnitLink(child=ward_a, parent=province, valid_from=datetime.date(2025, 6, 30))

    errors = full_clean_errors(link)

    assert errors == {"__all__": [OVERLAP]}


def test_full_clean_refuses_a_link_ending_inside_a_later_one(ward_a, province):
    link = UnitLink(
        child=ward_a,
        parent=province,
        valid_from=datetime.date(2019, 1, 1),
        valid_to=datetime.date(2020, 6, 30),
    )

    errors = full_clean_errors(link)

    assert errors == {"__all__": [OVERLAP]}


def test_full_clean_accepts_the_next_parent_once_the_first_link_is_closed(ward_a, province):
    # The 1 Jul 2025 reform: a ward leaves its district on 30/06 and joins its province on 01/07.
    ward_a.parent_links.update(valid_to=datetime.date(2025, 6, 30))
    link = UnitLink(child=ward_a, parent=province, valid_from=datetime.date(2025, 7, 1))

    link.full_clean()
    link.save()

    assert ward_a.parent_on(datetime.date(2025, 7, 1)) == province


def test_full_clean_lets_a_link_be_saved_again_without_overlapping_itself(ward_a):
    link = ward_a.parent_links.get()
    link.valid_to = datetime.date(2025, 6, 30)

    link.full_clean()  # raises if the link were counted as its own overlap
    link.save()

    assert ward_a.parent_on(datetime.date(2025, 7, 1)) is None


# --- Lineage -----------------------------------------------------------------------------


def test_database_refuses_the_same_lineage_twice(ward_a, ward_b):
    factories.make_lineage(predecessor=ward_b, successor=ward_a)

    with refused_by_database(Lineage, "lineage_unique_pair"):
        factories.make_lineage(predecessor=ward_b, successor=ward_a, kind=LineageKind.PART)


def test_full_clean_explains_the_same_lineage_twice(ward_a, ward_b):
    factories.make_lineage(predecessor=ward_b, successor=ward_a)
    twin = Lineage(
        predecessor=ward_b,
        successor=ward_a,
        kind=LineageKind.PART,
        effective=datetime.date(2025, 7, 1),
    )

    errors = full_clean_errors(twin)

    assert errors == {"__all__": [constraint_message(Lineage, "lineage_unique_pair")]}


def test_database_refuses_a_unit_that_is_its_own_predecessor(ward_a):
    with refused_by_database(Lineage, "lineage_not_own_predecessor"):
        factories.make_lineage(predecessor=ward_a, successor=ward_a)


def test_full_clean_explains_a_unit_that_is_its_own_predecessor(ward_a):
    lineage = Lineage(
        predecessor=ward_a,
        successor=ward_a,
        kind=LineageKind.RENAMED,
        effective=datetime.date(2025, 7, 1),
    )

    errors = full_clean_errors(lineage)

    assert errors == {"__all__": [constraint_message(Lineage, "lineage_not_own_predecessor")]}


# --- Cell --------------------------------------------------------------------------------


def test_database_refuses_a_cell_ending_before_it_starts(ward_a):
    with refused_by_database(Cell, "cell_valid_from_not_after_valid_to"):
        factories.make_cell(
            ward=ward_a,
            name="Chi bộ Trường Tiểu học",
            kind=CellKind.SCHOOL,
            valid_from=JAN_2024,
            valid_to=DEC_2023,
        )


def test_full_clean_explains_a_cell_ending_before_it_starts(ward_a):
    cell = Cell(
        ward=ward_a,
        name="Chi bộ Trường Tiểu học",
        kind=CellKind.SCHOOL,
        valid_from=JAN_2024,
        valid_to=DEC_2023,
    )

    errors = full_clean_errors(cell)

    assert errors == {"valid_to": [END_BEFORE_START]}


def test_database_refuses_a_neighbourhood_on_a_school_cell(ward_a, neighbourhood_a):
    with refused_by_database(Cell, "cell_neighbourhood_only_if_residential"):
        factories.make_cell(
            ward=ward_a,
            name="Chi bộ Trường Tiểu học",
            kind=CellKind.SCHOOL,
            neighbourhood=neighbourhood_a,
        )


def test_full_clean_explains_a_neighbourhood_on_a_school_cell(ward_a, neighbourhood_a):
    cell = Cell(
        ward=ward_a,
        name="Chi bộ Trường Tiểu học",
        kind=CellKind.SCHOOL,
        neighbourhood=neighbourhood_a,
        valid_from=LONG_AGO,
    )

    errors = full_clean_errors(cell)

    assert errors == {
        "neighbourhood": [gettext("Only a residential cell is tied to a neighbourhood.")]
    }


def test_full_clean_accepts_a_residential_cell_of_its_wards_neighbourhood(ward_a, neighbourhood_a):
    cell = Cell(
        ward=ward_a,
        name="Chi bộ Khu phố A1 (2)",
        kind=CellKind.RESIDENTIAL,
        neighbourhood=neighbourhood_a,
        valid_from=JAN_2024,
    )

    cell.full_clean()  # raises if the neighbourhood were refused

    assert cell.neighbourhood.parent_on(JAN_2024) == ward_a


def test_full_clean_refuses_a_neighbourhood_of_another_ward(ward_a, neighbourhood_b):
    cell = Cell(
        ward=ward_a,
        name="Chi bộ Khu phố B1",
        kind=CellKind.RESIDENTIAL,
        neighbourhood=neighbourhood_b,
        valid_from=JAN_2024,
    )

    errors = full_clean_errors(cell)

    assert errors == {"neighbourhood": [gettext("This neighbourhood is not in the cell's ward.")]}


def test_full_clean_refuses_a_cell_of_a_district(district):
    cell = Cell(ward=district, name="Chi bộ Huyện", kind=CellKind.OTHER, valid_from=JAN_2024)

    errors = full_clean_errors(cell)

    assert gettext("A cell belongs to a commune-level unit.") in errors["ward"]


def test_database_refuses_two_cells_of_one_name_in_a_ward(cell_a):
    with refused_by_database(Cell, "cell_name_unique_in_ward"):
        factories.make_cell(ward=cell_a.ward, name=cell_a.name, valid_from=cell_a.valid_from)


def test_database_accepts_the_same_cell_name_in_another_ward(cell_a, ward_b):
    factories.make_cell(ward=ward_b, name=cell_a.name, valid_from=cell_a.valid_from)

    assert Cell.objects.filter(name=cell_a.name).count() == 2


def test_full_clean_explains_two_cells_of_one_name_in_a_ward(cell_a):
    twin = Cell(
        ward=cell_a.ward,
        name=cell_a.name,
        kind=CellKind.RESIDENTIAL,
        valid_from=cell_a.valid_from,
    )

    errors = full_clean_errors(twin)

    assert errors == {"__all__": [constraint_message(Cell, "cell_name_unique_in_ward")]}
