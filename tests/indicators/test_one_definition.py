"""Every figure has one definition (`indicators.figures`), and every consumer shows the same
number: the summary row, the ward page, the printed report, the area's CSV export and the
roll-up. A table of tricky cases, each read by every consumer that shows its figure.

The cases:
- young cadres with age bands 18–30 (young), 31–40, 41–45 (young): a pool cadre aged 35 is
  not young (no band that holds him is young), one aged 25 is, one aged 43 is;
- a cadre who left in the middle of the period does not count in its year-end stock;
- a ward with no planning pool has no share of women in it (no data), not 0 %;
- a ward merged on 1 Jul 2025 keeps its own 2024 figures; its successor has its own in 2025.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories
from wardstats.dashboards.tables import AreaTable
from wardstats.hierarchy.models import CellKind, LineageKind
from wardstats.indicators.models import Indicator, IndicatorValue, WardPeriodFigures
from wardstats.staffing.models import Gender

REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def world(hierarchy, admin):
    h = hierarchy
    with factories.bulk():
        for label, low, high, young in (
            ("18–30", 18, 30, True),
            ("31–40", 31, 40, False),
            ("41–45", 41, 45, True),
        ):
            factories.make_age_band(label=label, min_age=low, max_age=high, is_young=young)
        term = factories.make_planning_term(start_year=2020, end_year=2025)
        # Ward A, 2024: the pool of three (35, 25 and 43 years old in 2024), two young.
        for name, born, gender in (("Ba", 1989, Gender.MALE), ("Tư", 1999, Gender.FEMALE),
                                   ("Năm", 1981, Gender.MALE)):  # fmt: skip
            factories.make_cadre(
                ward=h.ward_a, full_name=name, birth_year=born, gender=gender,
                planning_terms=[term],
            )  # fmt: skip
        # Ward B: two staff, one of whom left on 30/06/2024; no planning pool.
        factories.make_cadre(ward=h.ward_b, full_name="Ở lại")
        factories.make_cadre(ward=h.ward_b, full_name="Đã đi", valid_to=datetime.date(2024, 6, 30))
        # A ward merged whole into a new one on 1 Jul 2025.
        old = factories.make_ward(
            parent=h.district, name="Phường Cũ", valid_to=REFORM - datetime.timedelta(days=1)
        )
        new = factories.make_ward(parent=h.province, name="Phường Mới", valid_from=REFORM)
        factories.make_lineage(predecessor=old, successor=new, kind=LineageKind.WHOLE)
        for ward, period, members, start in ((old, h.period_2024, 25, factories.LONG_AGO),
                                             (new, h.period_2025, 40, REFORM)):  # fmt: skip
            cell = factories.make_cell(
                ward=ward, name=f"Chi bộ {ward.name}", kind=CellKind.OTHER, valid_from=start
            )
            report = factories.make_report(ward=ward, period=period, declared_members=members)
            factories.make_cell_figures(report=report, cell=cell, members=members)
        factories.make_default_targets(area=h.province)
    h.old, h.new = old, new
    return h


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


# --- How each consumer shows a figure -----------------------------------------------------


def _value(values, code):
    (found,) = [v for v in values if v.indicator.code == code]
    return found.value


def from_summary(world, ward, period, figure):
    if figure.startswith("value:"):
        code = figure.split(":", 1)[1]
        return IndicatorValue.objects.get(ward=ward, period=period, indicator__code=code).value
    return getattr(WardPeriodFigures.objects.get(ward=ward, period=period), figure)


def from_ward_page(world, ward, period, figure):
    url = reverse("dashboards:ward", args=[ward.pk]) + f"?period={period.pk}"
    context = world.client.get(url).context
    if figure.startswith("value:"):
        return _value(context["values"], figure.split(":", 1)[1])
    return {
        "staff": context["staffing"]["cadres_civil_servants"]["count"],
        "pool_young": context["counts"]["planning_pool"]["young"],
        "members": context["figures"].members,
    }[figure]


def from_printout(world, ward, period, figure):
    url = reverse("printouts:ward_report", args=[ward.pk]) + f"?period={period.pk}"
    context = world.client.get(url).context
    if figure.startswith("value:"):
        return _value(context["values"], figure.split(":", 1)[1])
    return {
        "staff": context["cadres"]["total"],
        "members": context["totals"]["members"] if context["totals"] else None,
    }[figure]


def from_area_export(world, ward, period, figure):
    area = world.district if period.end < REFORM else world.province
    url = reverse("dashboards:area", args=[area.pk])
    response = world.client.get(url, {"period": period.pk, "_export": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    (row,) = [r for r in rows if r[list(r)[0]] == ward.name]
    if figure.startswith("value:"):
        raw = row[indicator(figure.split(":", 1)[1]).display_short_name()]
    else:
        with translation.override("vi"):  # the headings of the page's language
            raw = row[str(AreaTable.base_columns[figure].verbose_name)]
    return None if raw == "" else Decimal(raw)


def from_rollup(world, ward, period, figure):
    area = world.district if period.end < REFORM else world.province
    url = reverse("dashboards:rollup", args=[area.pk]) + f"?period={period.pk}"
    rows = world.client.get(url).context["rows"]
    (row,) = [r for r in rows if r["unit"].pk == ward.pk]
    return row["totals"].get(figure)


CONSUMERS = {
    "summary": from_summary,
    "ward page": from_ward_page,
    "printout": from_printout,
    "area export": from_area_export,
    "roll-up": from_rollup,
}
# Which consumers show which figure.
SHOWN_BY = {
    "value:pool_young": ["summary", "ward page", "printout", "area export"],
    "pool_young": ["summary", "ward page"],
    "staff": ["summary", "ward page", "printout", "roll-up"],
    "value:pool_women": ["summary", "ward page", "printout", "area export"],
    "members": ["summary", "ward page", "printout", "area export", "roll-up"],
}

CASES = [
    # (what, ward, period, figure, expected)
    ("young: any band marked young", "ward_a", "period_2024", "value:pool_young", Decimal("66.7")),
    ("young: the aged-35 cadre is not", "ward_a", "period_2024", "pool_young", 2),
    ("a cadre who left mid-period", "ward_b", "period_2024", "staff", 1),
    ("no pool: no share, not 0 %", "ward_b", "period_2024", "value:pool_women", None),
    ("a merged ward's own year", "old", "period_2024", "members", 25),
    ("its successor's own year", "new", "period_2025", "members", 40),
]


@pytest.mark.parametrize(
    ("what", "ward", "period", "figure", "expected", "consumer"),
    [
        pytest.param(*case[:5], consumer, id=f"{case[0]} — {consumer}")
        for case in CASES
        for consumer in SHOWN_BY[case[3]]
    ],
)
def test_every_consumer_shows_the_same_figure(
    world, client_for, admin, what, ward, period, figure, expected, consumer
):
    world.client = client_for(admin)
    shown = CONSUMERS[consumer](world, getattr(world, ward), getattr(world, period), figure)
    assert shown == expected, f"{what}: {consumer} shows {shown}, the definition {expected}"
