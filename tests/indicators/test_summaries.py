"""The summaries the dashboards read (`WardPeriodFigures`, `IndicatorValue`) say what the entered
figures say: after a refresh, and after every kind of write through its service, without
calling refresh by hand.

Every expected value below is computed by hand from the rows the test builds.
"""

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from tests import factories
from wardstats.hierarchy import services as hierarchy_services
from wardstats.hierarchy.models import CellKind, UnitClass
from wardstats.indicators import services as indicator_services
from wardstats.indicators import summaries
from wardstats.indicators.models import Indicator, IndicatorValue, Status, WardPeriodFigures
from wardstats.reports import services as report_services
from wardstats.reports.models import QualityLevel, ReportStatus
from wardstats.staffing import services as staffing_services
from wardstats.staffing.models import Cadre, Category, Education, Gender, PoliticalTheory

REPORT_INDICATORS = {
    "secretary_is_head",
    "standing_member_in_charge",
    "admissions",
    "cells_good_or_better",
    "review_held",
    "members_good_or_better",
    "members_not_completed",
    "organisation_rating",
    "admissions_vs_assigned",
}
STAFFING_INDICATORS = {
    "staff_within_quota",
    "ward_part_time_within_quota",
    "neighbourhoods_over_quota",
    "staff_meeting_standard",
    "pool_university",
    "pool_theory",
    "pool_women",
    "pool_young",
}
POOL_INDICATORS = {"pool_university", "pool_theory", "pool_women", "pool_young"}


def values_of(ward, period) -> dict[str, IndicatorValue]:
    rows = IndicatorValue.objects.filter(ward=ward, period=period).select_related("indicator")
    return {row.indicator.code: row for row in rows}


def value_of(ward, period, code) -> IndicatorValue:
    return IndicatorValue.objects.get(ward=ward, period=period, indicator__code=code)


def figures_of(ward, period) -> WardPeriodFigures:
    return WardPeriodFigures.objects.get(ward=ward, period=period)


def by_year(ward, figure: str) -> dict[int, int | None]:
    """{year: figure} over the ward's summary rows."""
    rows = WardPeriodFigures.objects.filter(ward=ward).values_list("period__year", figure)
    return dict(rows)


# --- The hand-built wards ----------------------------------------------------------------


@pytest.fixture
def rules(db):
    """Nghị định 33-style norms (small numbers), a young band of 18–35, the 2020–2025 term."""
    rule_set = factories.make_rule_set()
    for unit_class in (UnitClass.I, UnitClass.II):
        factories.make_norm(
            rule_set=rule_set,
            unit_class=unit_class,
            cadres_civil_servants=4,
            ward_part_time=2,
            neighbourhood_part_time=1,
        )
    factories.make_age_band(label="Dưới 35", min_age=18, max_age=35, is_young=True)
    return factories.make_planning_term(start_year=2020, end_year=2025)


def add_pool(ward, term, *, women: int = 1, men: int = 1):
    """Civil servants in the planning pool: the women born 1990 (34 in 2024, young), the men
    born 1960; all with a degree and intermediate political theory."""
    for i in range(women):
        factories.make_cadre(
            ward=ward,
            full_name=f"Nữ {i}",
            gender=Gender.FEMALE,
            birth_year=1990,
            planning_terms=[term],
        )
    for i in range(men):
        factories.make_cadre(
            ward=ward,
            full_name=f"Nam {i}",
            gender=Gender.MALE,
            birth_year=1960,
            planning_terms=[term],
        )


@pytest.fixture
def ward_a_2024(hierarchy, rules):
    """Ward A's 2024 report and cadres.

    Cells: the residential cell of Khu phố A1 (30 members, 12 women, 2 admitted, secretary is
    the head, a standing member in charge, rated good, review held) and a school cell (10
    members, 5 women, 1 admitted, rated completed, no review).
    Cadres: 3 staff (2 meet the standard), 2 of them in the pool (a woman born 1995 with a
    degree and intermediate theory; a man born 1970 with college and elementary theory);
    1 ward part-time worker; 2 part-time workers in Khu phố A1, whose quota is 1.
    """
    h = hierarchy
    school = factories.make_cell(ward=h.ward_a, name="Chi bộ Trường THCS", kind=CellKind.SCHOOL)
    report = factories.make_report(ward=h.ward_a, period=h.period_2024, declared_members=40)
    factories.make_cell_figures(
        report=report,
        cell=h.cell_a,
        members=30,
        women=12,
        probationary=2,
        admitted=2,
        secretary_is_head=True,
        standing_member_in_charge="Ông Lê Văn Tám",
        quality_level=QualityLevel.GOOD,
        review_held=True,
    )
    factories.make_cell_figures(
        report=report,
        cell=school,
        members=10,
        women=5,
        admitted=1,
        quality_level=QualityLevel.COMPLETED,
    )
    factories.make_cadre(
        ward=h.ward_a,
        full_name="Nguyễn Thị Hoa",
        gender=Gender.FEMALE,
        birth_year=1995,
        education=Education.UNIVERSITY,
        political_theory=PoliticalTheory.INTERMEDIATE,
        planning_terms=[rules],
    )
    factories.make_cadre(
        ward=h.ward_a,
        full_name="Trần Văn Nam",
        category=Category.CADRE,
        birth_year=1970,
        education=Education.COLLEGE,
        political_theory=PoliticalTheory.ELEMENTARY,
        planning_terms=[rules],
    )
    factories.make_cadre(ward=h.ward_a, full_name="Lê Văn Bình", meets_standard=False)
    factories.make_cadre(ward=h.ward_a, full_name="Phạm Thị Lan", category=Category.WARD_PART_TIME)
    for name in ("Đỗ Văn Một", "Đỗ Văn Hai"):
        factories.make_cadre(
            ward=h.ward_a,
            full_name=name,
            category=Category.NEIGHBOURHOOD_PART_TIME,
            neighbourhood=h.neighbourhood_a,
        )
    return report


# (numerator, denominator, value) for ward A in 2024, worked out from the fixture's rows.
WARD_A_2024 = {
    "staff_within_quota": (3, 4, Decimal("75.0")),
    "ward_part_time_within_quota": (1, 2, Decimal("50.0")),
    "neighbourhoods_over_quota": (1, None, Decimal("1")),
    "staff_meeting_standard": (2, 3, Decimal("66.7")),
    "pool_university": (1, 2, Decimal("50.0")),
    "pool_theory": (1, 2, Decimal("50.0")),
    "pool_women": (1, 2, Decimal("50.0")),
    "pool_young": (1, 2, Decimal("50.0")),
    "secretary_is_head": (1, 1, Decimal("100.0")),
    "standing_member_in_charge": (1, 2, Decimal("50.0")),
    "admissions": (3, None, Decimal("3")),
    "cells_good_or_better": (1, 2, Decimal("50.0")),
    "review_held": (1, 2, Decimal("50.0")),
    "members_good_or_better": (40, 40, Decimal("100.0")),  # every member rated "tốt"
    "members_not_completed": (0, None, Decimal("0")),
    "organisation_rating": (None, None, None),  # not rated yet
    "admissions_vs_assigned": (3, None, None),  # no number assigned
    "cells_with_committee": (0, 2, Decimal("0.0")),  # neither cell has a committee
    "thematic_meetings": (0, 2, Decimal("0.0")),  # nor held its thematic meetings
    "stock_reconciled": (1, None, Decimal("1")),  # the stock adds up: yes
}


def test_every_indicator_of_a_ward_is_computed_from_its_report_and_cadres(ward_a_2024, hierarchy):
    summaries.refresh(period=hierarchy.period_2024)
    values = values_of(hierarchy.ward_a, hierarchy.period_2024)
    assert set(values) == set(Indicator.objects.values_list("code", flat=True))
    assert {
        code: (v.numerator, v.denominator, v.value) for code, v in values.items()
    } == WARD_A_2024


def test_without_a_target_every_value_has_no_status(ward_a_2024, hierarchy):
    summaries.refresh(period=hierarchy.period_2024)
    values = values_of(hierarchy.ward_a, hierarchy.period_2024).values()
    assert {(v.status, v.target_id, v.threshold) for v in values} == {(Status.NO_DATA, None, None)}


def test_the_wards_summary_row_holds_the_sums_of_its_cells_and_cadres(ward_a_2024, hierarchy):
    summaries.refresh(period=hierarchy.period_2024)
    f = figures_of(hierarchy.ward_a, hierarchy.period_2024)
    assert (f.report_id, f.report_status, f.declared_members) == (
        ward_a_2024.pk,
        ReportStatus.DRAFT,
        40,
    )
    assert (f.cells, f.members, f.probationary, f.women_members, f.admitted) == (2, 40, 2, 17, 3)
    assert (f.residential_cells, f.rated_cells, f.good_or_better, f.reviewed) == (1, 2, 1, 1)
    assert (f.staff, f.staff_meeting_standard, f.ward_part_time) == (3, 2, 1)
    assert (f.neighbourhoods, f.neighbourhoods_over_quota) == (1, 1)
    assert (f.pool, f.pool_university, f.pool_theory, f.pool_women, f.pool_young) == (
        2,
        1,
        1,
        1,
        1,
    )
    assert (f.quota_staff, f.quota_ward_part_time, f.quota_neighbourhood_part_time) == (4, 2, 1)
    assert f.admissions_target is None


def test_a_ward_with_no_report_has_no_data_on_report_indicators_and_staffing_from_its_cadres(
    hierarchy, rules
):
    h = hierarchy
    add_pool(h.ward_b, rules, women=1, men=1)
    for code in REPORT_INDICATORS | STAFFING_INDICATORS:
        factories.make_target(indicator=code, area=h.province, comparison="gte", threshold=0)
    summaries.refresh(period=h.period_2024)
    values = values_of(h.ward_b, h.period_2024)
    report_based = {code: (values[code].value, values[code].status) for code in REPORT_INDICATORS}
    assert report_based == dict.fromkeys(REPORT_INDICATORS, (None, Status.NO_DATA))
    # Two staff of a quota of 4, both at standard, no part-time worker; the pool is one woman
    # (born 1990: young) and one man, both with a degree and intermediate theory.
    assert {code: values[code].value for code in STAFFING_INDICATORS} == {
        "staff_within_quota": Decimal("50.0"),
        "ward_part_time_within_quota": Decimal("0.0"),
        "neighbourhoods_over_quota": Decimal("0"),
        "staff_meeting_standard": Decimal("100.0"),
        "pool_university": Decimal("100.0"),
        "pool_theory": Decimal("100.0"),
        "pool_women": Decimal("50.0"),
        "pool_young": Decimal("50.0"),
    }
    assert {values[code].status for code in STAFFING_INDICATORS} == {Status.MET}
    f = figures_of(h.ward_b, h.period_2024)
    assert (f.report_id, f.report_status, f.cells, f.members) == (None, "", None, None)


def test_a_ward_with_no_cadre_records_has_no_staffing_data_rather_than_zero(hierarchy, rules):
    h = hierarchy
    report = factories.make_report(ward=h.ward_b, period=h.period_2024, declared_members=20)
    factories.make_cell_figures(report=report, cell=h.cell_b, members=20, admitted=4)
    summaries.refresh(period=h.period_2024)
    values = values_of(h.ward_b, h.period_2024)
    assert {code: values[code].value for code in STAFFING_INDICATORS} == dict.fromkeys(
        STAFFING_INDICATORS
    )
    assert values["admissions"].value == Decimal("4")


def test_a_report_with_zero_cells_counts_zero_and_has_no_shares(hierarchy, rules):
    h = hierarchy
    factories.make_report(ward=h.ward_b, period=h.period_2024, declared_members=0)
    factories.make_target(indicator="admissions", area=h.province, threshold=10)
    factories.make_target(indicator="review_held", area=h.province, comparison="eq", threshold=100)
    summaries.refresh(period=h.period_2024)
    f = figures_of(h.ward_b, h.period_2024)
    assert (f.cells, f.members, f.admitted) == (0, 0, 0)
    values = values_of(h.ward_b, h.period_2024)
    # Nothing admitted is a figure (and misses "at least 10"); a share of no cells is no data.
    assert (values["admissions"].value, values["admissions"].status) == (
        Decimal("0"),
        Status.MISSED,
    )
    not_shares = {"admissions", "members_not_completed", "organisation_rating",
                  "admissions_vs_assigned"}  # fmt: skip
    shares = REPORT_INDICATORS - not_shares
    computed = {code: (values[code].denominator, values[code].value) for code in shares}
    assert computed == dict.fromkeys(shares, (0, None))
    assert values["review_held"].status == Status.NO_DATA
    # No member did not complete their tasks (a count: 0); no level given; nothing assigned.
    assert values["members_not_completed"].value == 0
    assert values["organisation_rating"].value is None
    assert values["admissions_vs_assigned"].value is None


def test_an_empty_planning_pool_has_no_data_on_pool_shares_only(hierarchy, rules):
    h = hierarchy
    factories.make_cadre(ward=h.ward_b, full_name="Ngoài quy hoạch")
    for code in POOL_INDICATORS | {"staff_within_quota"}:
        factories.make_target(indicator=code, area=h.province, comparison="gte", threshold=0)
    summaries.refresh(period=h.period_2024)
    assert figures_of(h.ward_b, h.period_2024).pool == 0
    values = values_of(h.ward_b, h.period_2024)
    pool_shares = {code: (values[code].value, values[code].status) for code in POOL_INDICATORS}
    assert pool_shares == dict.fromkeys(POOL_INDICATORS, (None, Status.NO_DATA))
    staff = values["staff_within_quota"]
    assert (staff.value, staff.status) == (Decimal("25.0"), Status.MET)  # 1 of 4


# --- Which target applies ----------------------------------------------------------------


def test_a_ward_specific_target_overrides_the_area_wide_one(ward_a_2024, hierarchy, rules):
    h = hierarchy
    add_pool(h.ward_b, rules, women=1, men=1)
    area_wide = factories.make_target(
        indicator="pool_women", area=h.province, threshold=25, warning_band=5
    )
    own = factories.make_target(
        indicator="pool_women", area=h.district, ward=h.ward_a, threshold=60, warning_band=5
    )
    summaries.refresh(period=h.period_2024)
    a = value_of(h.ward_a, h.period_2024, "pool_women")
    b = value_of(h.ward_b, h.period_2024, "pool_women")
    # Both have 50 % women in the pool: enough for the province's 25, not for A's own 60 - 5.
    assert (a.target_id, a.threshold, a.status) == (own.pk, Decimal("60"), Status.MISSED)
    assert (b.target_id, b.threshold, b.status) == (area_wide.pk, Decimal("25"), Status.MET)


def test_a_class_target_applies_only_to_wards_of_that_class(hierarchy, rules):
    h = hierarchy
    ward_c = factories.make_ward(parent=h.district, name="Phường C", unit_class=UnitClass.I)
    for ward in (h.ward_b, ward_c):
        add_pool(ward, rules, women=1, men=1)
    area_wide = factories.make_target(indicator="pool_women", area=h.province, threshold=25)
    class_i = factories.make_target(
        indicator="pool_women", area=h.province, unit_class=UnitClass.I, threshold=75
    )
    summaries.refresh(period=h.period_2024)
    b = value_of(h.ward_b, h.period_2024, "pool_women")
    c = value_of(ward_c, h.period_2024, "pool_women")
    assert (b.value, b.target_id, b.status) == (Decimal("50.0"), area_wide.pk, Status.MET)
    assert (c.value, c.target_id, c.status) == (Decimal("50.0"), class_i.pk, Status.MISSED)


def test_a_ward_specific_target_overrides_a_class_target(hierarchy, rules):
    h = hierarchy
    ward_c = factories.make_ward(parent=h.district, name="Phường C", unit_class=UnitClass.I)
    add_pool(ward_c, rules, women=1, men=1)
    factories.make_target(
        indicator="pool_women", area=h.province, unit_class=UnitClass.I, threshold=75
    )
    own = factories.make_target(indicator="pool_women", area=h.province, ward=ward_c, threshold=50)
    summaries.refresh(period=h.period_2024)
    c = value_of(ward_c, h.period_2024, "pool_women")
    assert (c.target_id, c.threshold, c.status) == (own.pk, Decimal("50"), Status.MET)


def test_a_districts_target_overrides_its_provinces_whatever_their_names(db, rules):
    # Names chosen so that alphabetical order puts the province first.
    province = factories.make_province(name="An Thử")
    district = factories.make_district(province=province, name="Thị xã Thử")
    ward = factories.make_ward(parent=district, name="Phường D")
    period = factories.make_period(year=2024)
    add_pool(ward, rules, women=1, men=1)
    factories.make_target(indicator="pool_women", area=province, threshold=25)
    own = factories.make_target(indicator="pool_women", area=district, threshold=75)
    summaries.refresh(period=period)
    assert value_of(ward, period, "pool_women").target_id == own.pk


def test_a_target_of_another_area_does_not_apply(hierarchy, rules):
    h = hierarchy
    elsewhere = factories.make_district(province=h.province, name="Huyện Khác")
    add_pool(h.ward_a, rules, women=1, men=1)
    factories.make_target(indicator="pool_women", area=elsewhere, threshold=25)
    summaries.refresh(period=h.period_2024)
    a = value_of(h.ward_a, h.period_2024, "pool_women")
    assert (a.value, a.target_id, a.status) == (Decimal("50.0"), None, Status.NO_DATA)


def test_a_target_limited_to_some_periods_rates_only_those(hierarchy, rules):
    h = hierarchy
    for period in (h.period_2024, h.period_2025):
        report = factories.make_report(ward=h.ward_a, period=period)
        factories.make_cell_figures(report=report, cell=h.cell_a, members=30, admitted=12)
    limited = factories.make_target(
        indicator="admissions", area=h.province, threshold=10, periods=[h.period_2025]
    )
    summaries.refresh_all()
    in_2024 = value_of(h.ward_a, h.period_2024, "admissions")
    in_2025 = value_of(h.ward_a, h.period_2025, "admissions")
    assert (in_2024.value, in_2024.target_id, in_2024.status) == (
        Decimal("12"),
        None,
        Status.NO_DATA,
    )
    assert (in_2025.value, in_2025.target_id, in_2025.status) == (
        Decimal("12"),
        limited.pk,
        Status.MET,
    )


@pytest.mark.parametrize(
    ("assigned", "threshold", "expected"),
    [
        (None, Decimal("10"), Status.MISSED),  # 3 admitted, the default 10 less the band 3 is 7
        (3, Decimal("3"), Status.MET),
        (5, Decimal("5"), Status.AT_RISK),  # 3 is within the band of 5
        (7, Decimal("7"), Status.MISSED),
    ],
)
def test_a_wards_admissions_target_replaces_the_default_threshold(
    ward_a_2024, hierarchy, assigned, threshold, expected
):
    h = hierarchy
    factories.make_target(
        indicator="admissions",
        area=h.province,
        threshold=10,
        warning_band=3,
        use_ward_assigned=True,
    )
    if assigned is not None:
        factories.make_ward_quota(ward=h.ward_a, period=h.period_2024, admissions_target=assigned)
    summaries.refresh(period=h.period_2024)
    admissions = value_of(h.ward_a, h.period_2024, "admissions")
    assert (admissions.value, admissions.threshold, admissions.status) == (
        Decimal("3"),
        threshold,
        expected,
    )
    assert figures_of(h.ward_a, h.period_2024).admissions_target == assigned


def test_a_wards_own_staff_quota_replaces_the_norm(ward_a_2024, hierarchy):
    h = hierarchy
    factories.make_ward_quota(ward=h.ward_a, period=h.period_2024, cadres_civil_servants=3)
    summaries.refresh(period=h.period_2024)
    staff = value_of(h.ward_a, h.period_2024, "staff_within_quota")
    assert (staff.numerator, staff.denominator, staff.value) == (3, 3, Decimal("100.0"))
    # The fields the ward's quota leaves empty fall back to the norm.
    assert figures_of(h.ward_a, h.period_2024).quota_ward_part_time == 2


# --- A merged ward -----------------------------------------------------------------------

REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def merged(hierarchy, rules):
    """Phường Cũ (until 30/06/2025, under the district) merged whole into Phường Mới (from
    01/07/2025, under the province); each reported while it existed."""
    h = hierarchy
    old = factories.make_ward(
        parent=h.district, name="Phường Cũ", valid_to=REFORM - datetime.timedelta(days=1)
    )
    new = factories.make_ward(parent=h.province, name="Phường Mới", valid_from=REFORM)
    factories.make_lineage(predecessor=old, successor=new)
    old_cell = factories.make_cell(ward=old, name="Chi bộ Cũ", kind=CellKind.OTHER)
    new_cell = factories.make_cell(
        ward=new, name="Chi bộ Mới", kind=CellKind.OTHER, valid_from=REFORM
    )
    report = factories.make_report(ward=old, period=h.period_2024)
    factories.make_cell_figures(report=report, cell=old_cell, members=25)
    report = factories.make_report(ward=new, period=h.period_2025)
    factories.make_cell_figures(report=report, cell=new_cell, members=40)
    return old, new


def test_a_merged_ward_keeps_its_own_rows_and_its_successor_has_rows_only_after(merged, hierarchy):
    old, new = merged
    summaries.refresh_all()
    rows = {
        (f.ward_id, f.period.year): f.members
        for f in WardPeriodFigures.objects.filter(ward__in=merged).select_related("period")
    }
    assert rows == {(old.pk, 2024): 25, (new.pk, 2025): 40}
    indicators = Indicator.objects.count()
    values = Counter(
        IndicatorValue.objects.filter(ward__in=merged).values_list("ward_id", "period__year")
    )
    assert values == {(old.pk, 2024): indicators, (new.pk, 2025): indicators}


def test_closing_a_ward_drops_its_rows_for_the_periods_after_it_ended(hierarchy, rules, admin):
    h = hierarchy
    ward = factories.make_ward(parent=h.district, name="Phường Sắp Nhập")
    assert set(ward.period_figures.values_list("period__year", flat=True)) == {2024, 2025}
    ward.valid_to = REFORM - datetime.timedelta(days=1)
    hierarchy_services.unit_change(actor=admin, unit=ward, seen_version=ward.version)
    assert set(ward.period_figures.values_list("period__year", flat=True)) == {2024}
    assert set(ward.indicator_values.values_list("period__year", flat=True)) == {2024}


# --- Writes through the services keep the summaries current ------------------------------


def test_saving_and_deleting_cell_figures_changes_the_wards_sums(hierarchy, rules, admin):
    h = hierarchy
    report = factories.make_report(ward=h.ward_a, period=h.period_2024)
    figures = factories.make_cell_figures(report=report, cell=h.cell_a, members=30, admitted=2)
    f = figures_of(h.ward_a, h.period_2024)
    assert (f.members, f.cells) == (30, 1)
    figures.members = 35
    figures.admitted = 5
    report_services.report_save(actor=admin, report=report, seen_version=1, cells=[figures])
    assert figures_of(h.ward_a, h.period_2024).members == 35
    assert value_of(h.ward_a, h.period_2024, "admissions").value == Decimal("5")
    report_services.report_save(actor=admin, report=report, seen_version=2, removed=[figures])
    f = figures_of(h.ward_a, h.period_2024)
    assert (f.cells, f.members) == (0, 0)
    assert value_of(h.ward_a, h.period_2024, "admissions").value == Decimal("0")
    # The other period and the other ward are untouched.
    assert figures_of(h.ward_a, h.period_2025).members is None
    assert figures_of(h.ward_b, h.period_2024).members is None


def test_submitting_a_report_records_its_status_and_deleting_it_leaves_no_data(
    hierarchy, rules, admin
):
    h = hierarchy
    report = factories.make_report(ward=h.ward_a, period=h.period_2024, declared_members=12)
    factories.make_cell_figures(report=report, cell=h.cell_a, members=12)
    f = figures_of(h.ward_a, h.period_2024)
    assert (f.report_id, f.report_status, f.declared_members) == (report.pk, "draft", 12)
    report_services.report_submit(actor=admin, report=report)
    assert figures_of(h.ward_a, h.period_2024).report_status == ReportStatus.SUBMITTED
    report_services.report_return(actor=admin, report=report, reason="Thiếu")
    report_services.report_delete(actor=admin, report=report)
    f = figures_of(h.ward_a, h.period_2024)
    assert (f.report_id, f.report_status, f.declared_members) == (None, "", None)
    assert value_of(h.ward_a, h.period_2024, "admissions").value is None


def test_a_new_cadre_counts_in_the_periods_that_end_while_on_duty(hierarchy, rules, admin):
    h = hierarchy
    cadre = Cadre(
        ward=h.ward_a,
        full_name="Nguyễn Văn Mới",
        position="Công chức",
        category=Category.CIVIL_SERVANT,
        gender=Gender.MALE,
        birth_year=1985,
        valid_from=datetime.date(2025, 3, 1),
    )
    staffing_services.cadre_create(actor=admin, cadre=cadre)
    assert figures_of(h.ward_a, h.period_2024).staff == 0
    assert figures_of(h.ward_a, h.period_2025).staff == 1
    assert value_of(h.ward_a, h.period_2025, "staff_within_quota").value == Decimal("25.0")


def change_cadre(cadre, actor, **fields):
    for name, value in fields.items():
        setattr(cadre, name, value)
    staffing_services.cadre_change(actor=actor, cadre=cadre, seen_version=cadre.version)


def test_ending_a_cadres_service_takes_them_out_of_later_periods(hierarchy, rules, admin):
    h = hierarchy
    cadre = factories.make_cadre(ward=h.ward_a)
    assert by_year(h.ward_a, "staff") == {2024: 1, 2025: 1}
    staffing_services.cadre_end(
        actor=admin, cadre=cadre, seen_version=cadre.version, last_day=datetime.date(2025, 6, 30)
    )
    assert by_year(h.ward_a, "staff") == {2024: 1, 2025: 0}
    assert value_of(h.ward_a, h.period_2025, "staff_within_quota").value is None


def test_starting_a_cadre_later_takes_them_out_of_earlier_periods(hierarchy, rules, admin):
    h = hierarchy
    cadre = factories.make_cadre(ward=h.ward_a)
    change_cadre(cadre, admin, valid_from=datetime.date(2025, 2, 1))
    assert by_year(h.ward_a, "staff") == {2024: 0, 2025: 1}


def test_a_cadre_moved_to_another_ward_counts_there_only(hierarchy, rules, admin):
    h = hierarchy
    cadre = factories.make_cadre(ward=h.ward_a)
    change_cadre(cadre, admin, ward=h.ward_b)
    assert by_year(h.ward_a, "staff") == {2024: 0, 2025: 0}
    assert by_year(h.ward_b, "staff") == {2024: 1, 2025: 1}


def test_adding_and_removing_a_cadres_planning_term_changes_the_pool(hierarchy, rules, admin):
    h = hierarchy
    cadre = factories.make_cadre(ward=h.ward_a, gender=Gender.FEMALE)
    assert value_of(h.ward_a, h.period_2024, "pool_women").value is None
    staffing_services.cadre_change(
        actor=admin, cadre=cadre, seen_version=cadre.version, planning_terms=[rules]
    )
    assert figures_of(h.ward_a, h.period_2024).pool == 1
    assert value_of(h.ward_a, h.period_2024, "pool_women").value == Decimal("100.0")
    staffing_services.cadre_change(
        actor=admin, cadre=cadre, seen_version=cadre.version, planning_terms=[]
    )
    assert figures_of(h.ward_a, h.period_2024).pool == 0


def test_a_planning_term_outside_the_periods_year_does_not_count(hierarchy, rules):
    h = hierarchy
    later = factories.make_planning_term(start_year=2025, end_year=2030)
    factories.make_cadre(ward=h.ward_a, planning_terms=[later])
    assert by_year(h.ward_a, "pool") == {2024: 0, 2025: 1}


def test_a_ward_quota_changes_the_quota_and_the_admissions_threshold(ward_a_2024, hierarchy, admin):
    h = hierarchy
    factories.make_target(
        indicator="admissions",
        area=h.province,
        threshold=10,
        warning_band=3,
        use_ward_assigned=True,
    )
    quota = factories.make_ward_quota(
        ward=h.ward_a, period=h.period_2024, cadres_civil_servants=3, admissions_target=2
    )
    admissions = value_of(h.ward_a, h.period_2024, "admissions")
    assert (admissions.threshold, admissions.status) == (Decimal("2"), Status.MET)
    assert value_of(h.ward_a, h.period_2024, "staff_within_quota").value == Decimal("100.0")
    quota.admissions_target = 5
    staffing_services.ward_quota_change(actor=admin, quota=quota, seen_version=quota.version)
    admissions = value_of(h.ward_a, h.period_2024, "admissions")
    assert (admissions.threshold, admissions.status) == (Decimal("5"), Status.AT_RISK)
    staffing_services.ward_quota_delete(actor=admin, quota=quota)
    admissions = value_of(h.ward_a, h.period_2024, "admissions")
    assert (admissions.threshold, admissions.status) == (Decimal("10"), Status.MISSED)
    assert value_of(h.ward_a, h.period_2024, "staff_within_quota").value == Decimal("75.0")


def test_changing_a_target_rates_every_ward(ward_a_2024, hierarchy, admin):
    h = hierarchy
    before = figures_of(h.ward_a, h.period_2024)
    assert (before.targets_met, before.targets_rated) == (0, 0)
    target = factories.make_target(indicator="pool_women", area=h.province, threshold=60)
    pool_women = value_of(h.ward_a, h.period_2024, "pool_women")
    assert (pool_women.target_id, pool_women.status) == (target.pk, Status.MISSED)
    after = figures_of(h.ward_a, h.period_2024)
    assert (after.targets_met, after.targets_rated) == (0, 1)
    target.threshold = 50
    indicator_services.target_change(actor=admin, target=target, seen_version=target.version)
    assert value_of(h.ward_a, h.period_2024, "pool_women").status == Status.MET
    assert figures_of(h.ward_a, h.period_2024).targets_met == 1
    indicator_services.target_change(
        actor=admin, target=target, seen_version=target.version, periods=[h.period_2025]
    )
    assert value_of(h.ward_a, h.period_2024, "pool_women").status == Status.NO_DATA
    indicator_services.target_delete(actor=admin, target=target)
    pool_women = value_of(h.ward_a, h.period_2025, "pool_women")
    assert (pool_women.target_id, pool_women.status) == (None, Status.NO_DATA)


# --- A constant number of queries --------------------------------------------------------

# What a refresh of one period reads and writes, whatever the number of wards:
#   SAVEPOINT                            refresh is atomic (inside the test's transaction)
#   SELECT wards valid on the period's end
#   SELECT age bands                     the young bands, and the bands of the staffing counts
#   SELECT reports                       one row per ward
#   SELECT cell figures                  summed per ward (reports.figures)
#   SELECT cadres on duty                counted per ward: staff, meeting the standard …
#   SELECT planning pool                 counted per ward
#   SELECT neighbourhoods                counted per ward
#   SELECT quota norms, ward quotas, the wards' population and area
#   SELECT staffing counts               per ward: by category; the staff by gender, by
#                                        education, by political theory; neighbourhood posts
#                                        per neighbourhood; the staff by age band
#   SELECT areas                         each ward's district and province (the ancestry):
#                                        the targets' areas, and what the dashboards select on
#   DELETE summary rows of wards gone    WardPeriodFigures, then IndicatorValue
#   SELECT indicators, targets
#   INSERT … ON CONFLICT                 WardPeriodFigures, then IndicatorValue
#   RELEASE SAVEPOINT
# (The cached pages' data version is raised by the service that called the refresh.)
FULL_REFRESH_QUERIES = 25
# Refreshing named wards deletes the rows of those of them gone (none here) the same way.
WARDS_REFRESH_QUERIES = 25


@pytest.fixture
def busy_area(db):
    def build(count: int):
        province = factories.make_province(name="Tỉnh Đếm")
        district = factories.make_district(province=province, name="Huyện Đếm")
        period = factories.make_period(year=2024)
        rule_set = factories.make_rule_set()
        for unit_class in UnitClass.values:
            factories.make_norm(rule_set=rule_set, unit_class=unit_class)
        factories.make_age_band(label="Dưới 35", min_age=18, max_age=35, is_young=True)
        term = factories.make_planning_term()
        factories.make_default_targets(area=province)
        wards = factories.make_busy_wards(parent=district, periods=[period], count=count, term=term)
        summaries.refresh_all()
        return period, wards

    return build


@pytest.mark.parametrize("count", [1, 50])
def test_refreshing_a_period_takes_the_same_queries_for_1_and_50_wards(
    busy_area, django_assert_num_queries, count
):
    period, wards = busy_area(count)
    with django_assert_num_queries(FULL_REFRESH_QUERIES):
        summaries.refresh(period=period)
    assert WardPeriodFigures.objects.filter(period=period).count() == count
    assert IndicatorValue.objects.filter(period=period).count() == count * Indicator.objects.count()


@pytest.mark.parametrize("count", [1, 50])
def test_refreshing_named_wards_takes_the_same_queries_for_1_and_50_wards(
    busy_area, django_assert_num_queries, count
):
    period, wards = busy_area(count)
    with django_assert_num_queries(WARDS_REFRESH_QUERIES):
        summaries.refresh(period=period, ward_ids=[w.pk for w in wards])
    assert WardPeriodFigures.objects.filter(period=period).count() == count
