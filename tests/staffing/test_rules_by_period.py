"""Every period is judged by the rule set in force on its last day (docs/rules.md), at every
boundary: NĐ 92/2009 until 24/06/2019 (no limit per neighbourhood), NĐ 34/2019 from 25/06/2019
(a xã whose police chief is a regular officer has one post fewer), NĐ 33/2023 from 01/08/2023
(posts for population and area beyond the standard), and from 01/07/2025 no national norm for
cadres and civil servants nor for part-time workers at commune level: the province assigns each
unit its number (Công văn 09/CV-BCĐ), and the limit of 3 per thôn, tổ dân phố stays."""

import datetime
from decimal import Decimal

import pytest

from tests import factories
from wardstats.hierarchy.models import UnitClass, UnitKind
from wardstats.indicators.figures import ward_figures
from wardstats.periods.models import Period, PeriodKind
from wardstats.staffing.models import QuotaNorm, QuotaRuleSet
from wardstats.staffing.norms import StaffQuota, beyond
from wardstats_dev import seed
from wardstats_dev.sync import Syncer

pytestmark = pytest.mark.django_db

D = datetime.date
SINCE = D(2010, 1, 1)


@pytest.fixture
def rules(db):
    seed.seed_rules(Syncer())


@pytest.fixture
def units(district):
    return {
        "phường": factories.make_ward(
            parent=district, name="Phường Thử", code="99911", valid_from=SINCE
        ),
        "xã": factories.make_ward(
            parent=district, name="Xã Thử", code="99912", kind=UnitKind.COMMUNE, valid_from=SINCE
        ),
    }


def figures_on(unit, end: datetime.date) -> dict:
    """The unit's figures for a period ending on `end`."""
    period = factories.make_period(
        year=end.year,
        kind=PeriodKind.QUARTER,
        number=Period.objects.filter(year=end.year, kind=PeriodKind.QUARTER).count() + 1,
        start=end - datetime.timedelta(days=30),
        end=end,
    )
    return ward_figures(period=period, ward_ids=[unit.pk])[unit.pk]


def source(figures, field="cadres_civil_servants") -> str:
    return figures["staffing"]["sources"][field]["source"]


# (last day, rule set, phường class II: staff, part-time, per neighbourhood)
BOUNDARIES = [
    (D(2018, 12, 31), "Nghị định 92/2009/NĐ-CP", 23, 20, None),
    (D(2019, 6, 24), "Nghị định 92/2009/NĐ-CP", 23, 20, None),
    (D(2019, 6, 25), "Nghị định 34/2019/NĐ-CP", 21, 12, 3),
    (D(2019, 12, 31), "Nghị định 34/2019/NĐ-CP", 21, 12, 3),
    (D(2020, 1, 1), "Nghị định 34/2019/NĐ-CP", 21, 12, 3),
    (D(2023, 7, 31), "Nghị định 34/2019/NĐ-CP", 21, 12, 3),
    (D(2023, 8, 1), "Nghị định 33/2023/NĐ-CP", 21, 12, 3),
    (D(2024, 10, 31), "Nghị định 33/2023/NĐ-CP", 21, 12, 3),
    (D(2024, 11, 1), "Nghị định 33/2023/NĐ-CP", 21, 12, 3),
    (D(2025, 6, 30), "Nghị định 33/2023/NĐ-CP", 21, 12, 3),
    (D(2025, 7, 1), "Luật Cán bộ, công chức 80/2025/QH15", None, None, 3),
    (D(2025, 12, 31), "Luật Cán bộ, công chức 80/2025/QH15", None, None, 3),
]


@pytest.mark.parametrize(
    ("end", "rule_set", "staff", "part_time", "per_neighbourhood"),
    BOUNDARIES,
    ids=[b[0].strftime("%d/%m/%Y") for b in BOUNDARIES],
)
def test_each_boundary_day_is_judged_by_the_rule_set_in_force(
    rules, units, end, rule_set, staff, part_time, per_neighbourhood
):
    figures = figures_on(units["phường"], end)
    assert figures["quota_staff"] == staff
    assert figures["quota_ward_part_time"] == part_time
    assert figures["quota_neighbourhood_part_time"] == per_neighbourhood
    assert source(figures).startswith(rule_set)
    assert source(figures, "neighbourhood_part_time").startswith(rule_set)


def test_no_neighbourhood_is_over_a_limit_that_did_not_exist(rules, units):
    """In 2018 (NĐ 92/2009) no limit per neighbourhood: nothing is flagged, not every one."""
    ward = units["phường"]
    hamlet = factories.make_neighbourhood(ward=ward, name="Tổ dân phố 1", valid_from=SINCE)
    for n in range(5):
        factories.make_cadre(
            ward=ward,
            full_name=f"Người {n}",
            category="neighbourhood_part_time",
            neighbourhood=hamlet,
            valid_from=D(2015, 1, 1),
        )
    assert figures_on(ward, D(2018, 12, 31))["neighbourhoods_over_quota"] is None
    assert figures_on(ward, D(2019, 12, 31))["neighbourhoods_over_quota"] == 1
    assert figures_on(ward, D(2025, 12, 31))["neighbourhoods_over_quota"] == 1


def test_after_the_reform_the_provinces_number_is_the_quota(rules, units, period_2025):
    ward = units["phường"]
    factories.make_ward_quota(
        ward=ward,
        period=period_2025,
        cadres_civil_servants=34,
        legal_source="Số lượng tỉnh giao tạm thời (Công văn 09/CV-BCĐ)",
    )
    figures = ward_figures(period=period_2025, ward_ids=[ward.pk])[ward.pk]
    assert figures["quota_staff"] == 34
    assert source(figures) == "Số lượng tỉnh giao tạm thời (Công văn 09/CV-BCĐ)"
    assert figures["quota_ward_part_time"] is None


def test_a_regular_police_chief_takes_a_post_of_a_xa_under_nd_34_only(rules, units):
    for unit in units.values():
        factories.make_unit_facts(unit=unit, valid_from=D(2018, 1, 1), regular_police_chief=True)
    xa, phuong = units["xã"], units["phường"]
    assert figures_on(xa, D(2019, 12, 31))["quota_staff"] == 20  # 21 − 1
    assert figures_on(phuong, D(2019, 12, 31))["quota_staff"] == 21
    assert figures_on(xa, D(2018, 12, 31))["quota_staff"] == 23  # NĐ 92/2009: no such rule
    assert figures_on(xa, D(2023, 12, 31))["quota_staff"] == 20  # NĐ 33/2023: xã II is 20
    detail = figures_on(xa, D(2019, 12, 31))["staffing"]["sources"]["cadres_civil_servants"]
    assert detail["detail"] == "21 − 1 Trưởng Công an xã là công an chính quy"


def test_population_and_area_add_posts_under_nd_33(rules, units):
    """Each full half of the population standard beyond it, and each full standard area,
    adds a civil servant (Điều 6, khoản 2); from the unit's facts on the period's last day."""
    norm = QuotaNorm.objects.get(
        rule_set__legal_source="Nghị định 33/2023/NĐ-CP",
        unit_kind=UnitKind.WARD,
        unit_class=UnitClass.II,
    )
    norm.population_standard, norm.area_standard_km2 = 7000, Decimal("5.5")
    norm.save()
    ward = units["phường"]
    factories.make_unit_facts(
        unit=ward, valid_from=D(2023, 1, 1), valid_to=D(2024, 12, 31), population=12_000,
        area_km2=Decimal("12"),
    )  # fmt: skip
    factories.make_unit_facts(unit=ward, valid_from=D(2025, 1, 1), population=14_000)
    assert figures_on(ward, D(2023, 7, 31))["quota_staff"] == 21  # NĐ 34/2019: none
    assert figures_on(ward, D(2024, 12, 31))["quota_staff"] == 23  # 21 + 1 + 1
    assert figures_on(ward, D(2025, 3, 31))["quota_staff"] == 23  # 14.000: + 2 for population
    sources = figures_on(ward, D(2024, 12, 31))["staffing"]["sources"]
    assert sources["cadres_civil_servants"]["detail"] == "21 + 1 theo dân số + 1 theo diện tích"


@pytest.mark.parametrize(
    ("value", "standard", "step", "posts"),
    [
        (7000, 7000, 2, 0),
        (10_499, 7000, 2, 0),
        (10_500, 7000, 2, 1),
        (14_000, 7000, 2, 2),
        (9333, 7000, 3, 0),
        (9334, 7000, 3, 1),
        (Decimal("11"), Decimal("5.5"), 1, 1),
        (Decimal("10.99"), Decimal("5.5"), 1, 0),
        (None, 7000, 2, 0),
        (5000, None, 2, 0),
    ],
)
def test_posts_beyond_a_standard(value, standard, step, posts):
    assert beyond(value, standard, step) == posts


def test_a_quota_is_never_negative():
    assert StaffQuota(base=0, police=1).total == 0


def test_the_rule_sets_do_not_overlap(rules):
    rule_sets = list(QuotaRuleSet.objects.order_by("effective_from"))
    for before, after in zip(rule_sets, rule_sets[1:], strict=False):
        assert before.effective_to == after.effective_from - datetime.timedelta(days=1)
    assert rule_sets[-1].effective_to is None
