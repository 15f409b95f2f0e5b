"""A ward's status against a target, and an indicator's value from a ward's figures.

Both are pure functions of their inputs: no database.
"""

from decimal import Decimal

import pytest

from wardstats.indicators.models import Comparison, Indicator, IndicatorUnit, Status, Target

MET, AT_RISK, MISSED, NO_DATA = Status.MET, Status.AT_RISK, Status.MISSED, Status.NO_DATA


def target(comparison, threshold, *, upper=None, band=None, use_ward_assigned=False) -> Target:
    return Target(
        comparison=comparison,
        threshold=Decimal(threshold),
        threshold_upper=None if upper is None else Decimal(upper),
        warning_band=None if band is None else Decimal(band),
        use_ward_assigned=use_ward_assigned,
    )


def status(t: Target, value, assigned=None) -> str:
    return t.status_of(None if value is None else Decimal(value), assigned)


# --- Target.status_of --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("30", MET),
        ("25", MET),  # on the threshold
        ("24.9", AT_RISK),  # just below
        ("20", AT_RISK),  # the band's far edge still counts as at risk
        ("19.9", MISSED),
        ("0", MISSED),
    ],
)
def test_at_least_target_with_a_band_is_met_from_the_threshold_up(value, expected):
    assert status(target(Comparison.GTE, "25", band="5"), value) == expected


@pytest.mark.parametrize(("value", "expected"), [("25", MET), ("24.9", MISSED), ("20", MISSED)])
def test_at_least_target_without_a_band_has_no_at_risk(value, expected):
    assert status(target(Comparison.GTE, "25"), value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", MET),
        ("100", MET),  # on the threshold
        ("100.1", AT_RISK),
        ("105", AT_RISK),  # the band's far edge
        ("105.1", MISSED),
    ],
)
def test_at_most_target_with_a_band_is_met_up_to_the_threshold(value, expected):
    assert status(target(Comparison.LTE, "100", band="5"), value) == expected


@pytest.mark.parametrize(("value", "expected"), [("0", MET), ("1", MISSED)])
def test_at_most_zero_without_a_band_is_missed_by_a_single_one(value, expected):
    assert status(target(Comparison.LTE, "0"), value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("100", MET),
        ("99.9", AT_RISK),
        ("90", AT_RISK),  # the band's edge below
        ("89.9", MISSED),
        ("110", AT_RISK),  # the band works on both sides of an equality
        ("110.1", MISSED),
    ],
)
def test_equal_target_with_a_band_is_at_risk_within_the_band_on_either_side(value, expected):
    assert status(target(Comparison.EQ, "100", band="10"), value) == expected


@pytest.mark.parametrize(("value", "expected"), [("100", MET), ("99.9", MISSED), ("100.1", MISSED)])
def test_equal_target_without_a_band_is_met_only_on_the_threshold(value, expected):
    assert status(target(Comparison.EQ, "100"), value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10", MET),  # the lower edge
        ("15", MET),
        ("20", MET),  # the upper edge
        ("9.9", AT_RISK),
        ("8", AT_RISK),
        ("7.9", MISSED),
        ("20.1", AT_RISK),
        ("22", AT_RISK),
        ("22.1", MISSED),
    ],
)
def test_between_target_with_a_band_is_met_inside_both_edges(value, expected):
    assert status(target(Comparison.BETWEEN, "10", upper="20", band="2"), value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("10", MET), ("20", MET), ("9.9", MISSED), ("20.1", MISSED)]
)
def test_between_target_without_a_band_is_missed_just_outside(value, expected):
    assert status(target(Comparison.BETWEEN, "10", upper="20"), value) == expected


def test_a_band_of_zero_counts_as_no_band():
    assert status(target(Comparison.GTE, "25", band="0"), "24.9") == MISSED


@pytest.mark.parametrize(
    "t",
    [
        target(Comparison.GTE, "25", band="5"),
        target(Comparison.LTE, "0"),
        target(Comparison.EQ, "100", band="10"),
        target(Comparison.BETWEEN, "10", upper="20", band="2"),
        target(Comparison.GTE, "10", band="3", use_ward_assigned=True),
    ],
    ids=["gte", "lte", "eq", "between", "assigned"],
)
def test_no_value_is_no_data_whatever_the_target(t):
    assert status(t, None, assigned=4) == NO_DATA


@pytest.mark.parametrize(
    ("value", "assigned", "expected"),
    [
        ("4", 4, MET),  # the ward's own number, well below the default 10
        ("3", 4, AT_RISK),  # 4 - band 3 = 1 is still at risk
        ("1", 4, AT_RISK),
        ("0", 4, MISSED),
        ("0", 0, MET),  # assigned nothing to admit: zero is enough
        ("9", None, AT_RISK),  # no assigned number: the default threshold applies
        ("10", None, MET),
        ("4", None, MISSED),
    ],
)
def test_the_wards_assigned_number_replaces_the_threshold(value, assigned, expected):
    t = target(Comparison.GTE, "10", band="3", use_ward_assigned=True)
    assert status(t, value, assigned=assigned) == expected


def test_an_assigned_number_is_ignored_by_a_target_that_does_not_use_it():
    t = target(Comparison.GTE, "10", band="3", use_ward_assigned=False)
    assert status(t, "4", assigned=4) == MISSED


# --- Indicator.compute -------------------------------------------------------------------


def percent(numerator, denominator) -> Indicator:
    return Indicator(unit=IndicatorUnit.PERCENT, numerator=numerator, denominator=denominator)


def count(numerator) -> Indicator:
    return Indicator(unit=IndicatorUnit.COUNT, numerator=numerator, denominator="")


def test_a_percentage_is_numerator_over_denominator_to_one_decimal():
    share = percent("pool_women", "pool")
    assert share.compute({"pool_women": 3, "pool": 4}) == (3, 4, Decimal("75.0"))
    assert share.compute({"pool_women": 1, "pool": 3}) == (1, 3, Decimal("33.3"))
    assert share.compute({"pool_women": 2, "pool": 3}) == (2, 3, Decimal("66.7"))
    assert share.compute({"pool_women": 1, "pool": 8}) == (1, 8, Decimal("12.5"))


def test_a_percentage_may_exceed_one_hundred():
    # More staff than the quota: 23 of 21 is 109.5 %.
    assert percent("staff", "quota_staff").compute({"staff": 23, "quota_staff": 21}) == (
        23,
        21,
        Decimal("109.5"),
    )


def test_a_zero_denominator_is_no_data_not_an_error():
    assert percent("pool_women", "pool").compute({"pool_women": 0, "pool": 0}) == (0, 0, None)


def test_a_missing_denominator_or_numerator_is_no_data():
    share = percent("staff", "quota_staff")
    assert share.compute({"staff": 5, "quota_staff": None}) == (5, None, None)
    assert share.compute({"staff": 5}) == (5, None, None)
    assert share.compute({"quota_staff": 21}) == (None, 21, None)


def test_a_count_is_its_numerator_and_zero_is_a_value():
    admissions = count("admitted")
    assert admissions.compute({"admitted": 7}) == (7, None, Decimal(7))
    assert admissions.compute({"admitted": 0}) == (0, None, Decimal(0))


def test_a_count_with_no_figure_is_no_data():
    assert count("admitted").compute({}) == (None, None, None)
