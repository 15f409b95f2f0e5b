"""Numbers and dates as a Vietnamese reader writes them (1.493; 12,5; 31/12/2025), and as an
English reader does (1,493), the way the templates render them."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation

DAY = datetime.date(2025, 3, 5)


def rendered(value) -> str:
    """What a template prints for `{{ value }}`: localized, grouped by USE_THOUSAND_SEPARATOR."""
    return Template("{{ value }}").render(Context({"value": value}))


def test_vietnamese_groups_thousands_with_a_dot():
    with translation.override("vi"):
        assert formats.number_format(1493) == "1.493"
        assert formats.number_format(1234567) == "1.234.567"


def test_vietnamese_templates_group_thousands_with_a_dot():
    with translation.override("vi"):
        assert rendered(1493) == "1.493"


def test_vietnamese_leaves_numbers_below_a_thousand_alone():
    with translation.override("vi"):
        assert rendered(999) == "999"


@pytest.mark.parametrize("value", [12.5, Decimal("12.5")])
def test_vietnamese_writes_decimals_with_a_comma(value):
    with translation.override("vi"):
        assert formats.number_format(value) == "12,5"
        assert rendered(value) == "12,5"


def test_vietnamese_writes_a_large_decimal_with_both_separators():
    with translation.override("vi"):
        assert formats.number_format(Decimal("1493.25")) == "1.493,25"


def test_vietnamese_writes_dates_day_month_year():
    with translation.override("vi"):
        assert formats.date_format(DAY) == "05/03/2025"
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == "05/03/2025"
        assert rendered(DAY) == "05/03/2025"


def test_vietnamese_reads_dates_day_month_year():
    with translation.override("vi"):
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"


def test_english_groups_thousands_with_a_comma():
    with translation.override("en"):
        assert formats.number_format(1493) == "1,493"
        assert rendered(1493) == "1,493"
        assert formats.number_format(12.5) == "12.5"


# The app's own formatter (wardstats.core.numbers.grouped) must print exactly what Django's
# number_format(…, force_grouping=True) prints, only faster.
GROUPED_CASES = [
    0, 7, 999, 1000, 1493, -1493, 1234567, -10**12, 2_000_000_000,
    Decimal("0"), Decimal("-0"), Decimal("-0.0"), Decimal("12.5"), Decimal("-12.5"),
    Decimal("1493.25"), Decimal("100.0"), Decimal("1234567.8"), Decimal("0.04"),
    Decimal("12.56"), Decimal("1E+3"), Decimal("-0.04"), 12.5, 1493.0, True,
]  # fmt: skip


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("decimals", [None, 0, 1, 2])
@pytest.mark.parametrize("value", GROUPED_CASES, ids=repr)
def test_grouped_prints_what_django_prints(language, decimals, value):
    from wardstats.core.numbers import grouped

    with translation.override(language):
        expected = formats.number_format(value, decimal_pos=decimals, force_grouping=True)
        assert grouped(value, decimals) == str(expected)


def test_grouped_writes_each_language_its_own_way():
    from wardstats.core.numbers import grouped

    with translation.override("vi"):
        assert (grouped(1493), grouped(Decimal("12.5"), 1)) == ("1.493", "12,5")
    with translation.override("en"):
        assert (grouped(1493), grouped(Decimal("12.5"), 1)) == ("1,493", "12.5")


def test_a_formatter_keeps_the_language_it_was_made_in():
    from wardstats.core.numbers import formatter

    with translation.override("vi"):
        vietnamese = formatter()
    with translation.override("en"):
        assert (vietnamese(1493), formatter()(1493)) == ("1.493", "1,493")
