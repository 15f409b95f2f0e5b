"""Every dashboard view runs the same number of queries for an area of 1 ward and of 50 wards:
aggregation, sorting, filtering and paging happen in the database, never a query per ward."""

import pytest
from django.urls import reverse

from tests import factories
from wardstats.accounts.models import RoleKind
from wardstats.hierarchy.models import UnitClass
from wardstats.indicators import summaries
from wardstats.indicators.models import Indicator, Status

# Every request first reads the session and the logged-in user (2 queries); every page reads
# the data version (1) to look for a cached page (dashboards.cache), with the recomputation
# under way, if any, for the notice; then fetches its unit through `accounts.scope` (1: the
# unit, if the user's roles cover it) and the unit's periods (1). The base template's menu
# reads the user's area roles (1). The counts here are of a miss, when the page is rendered.
#
# area: the indicators (the columns, and the filter form's choices); the met/rated counts per
#   indicator over the filtered wards (one grouped query); the paginator's COUNT; the menu's
#   roles; the page of WardPeriodFigures with their wards; the page's IndicatorValues.
# area sorted by an indicator: the same; the page's query orders on a subquery of the value.
# area filtered by an indicator's status: the same; the status filter is an EXISTS in the
#   same queries.
# rollup: the indicators; the area's children; the figures summed per child (one grouped
#   query); the statuses counted per child and indicator (one grouped query); the menu.
# completeness: the wards' rows with their reports, for the counts (one aggregate); the
#   paginator's COUNT; the menu; the page of rows with their wards and reports.
# ward page: the ward (with whether the user may edit it) and its periods; its summary row
#   with the report (the staffing counts and quota are kept in it); indicator values (with
#   indicators and targets); the cells; predecessors and successors in one query on the
#   lineage; the history of values and of summary rows; its parent on the period's end with
#   whether the user sees it; the menu. The audit trail has its own page. (The data version,
#   read since the ward page is cached too, is its 13th.)
# Roll-up CSV: the roll-up's queries, without the menu's.
# CSV export: the indicators; the met/rated counts; every WardPeriodFigures row with its ward;
#   their IndicatorValues (no paginator, no template, no menu).
QUERIES = {
    "area": 11,
    "area_sorted": 11,
    "area_filtered": 11,
    "rollup": 11,  # and the names the units had on the period's last day
    "completeness": 9,
    "ward": 14,  # and the names the ward and its parent had on the period's last day
    "area_csv": 8,
    "rollup_csv": 9,
}


@pytest.fixture
def busy_area(db):
    """A province with one district of `count` wards, each with cells, reports, figures, quotas
    and cadres in 2024 and 2025, every default target, and an area officer of the district."""

    def build(count: int):
        province = factories.make_province(name="Tỉnh Đếm")
        district = factories.make_district(province=province, name="Huyện Đếm")
        periods = [factories.make_period(year=2024), factories.make_period(year=2025)]
        rule_set = factories.make_rule_set()
        for unit_class in UnitClass.values:
            factories.make_norm(rule_set=rule_set, unit_class=unit_class)
        factories.make_age_band(label="Dưới 35", min_age=18, max_age=35, is_young=True)
        term = factories.make_planning_term()
        factories.make_default_targets(area=province)
        wards = factories.make_busy_wards(parent=district, periods=periods, count=count, term=term)
        summaries.refresh_all()
        officer = factories.make_user(username="dem")
        factories.make_role(user=officer, unit=district, kind=RoleKind.AREA_OFFICER)
        return district, periods[0], wards, officer

    return build


def view_url(view: str, district, period, wards) -> str:
    area = reverse("dashboards:area", args=[district.pk])
    within_quota = Indicator.objects.get(code="staff_within_quota")  # 3 of 21: met
    return {
        "area": f"{area}?period={period.pk}",
        "area_sorted": f"{area}?period={period.pk}&sort=-ind_pool_women",
        "area_filtered": f"{area}?period={period.pk}&indicator={within_quota.pk}"
        f"&status={Status.MET}",
        "rollup": reverse("dashboards:rollup", args=[district.pk]) + f"?period={period.pk}",
        "completeness": reverse("dashboards:completeness", args=[district.pk])
        + f"?period={period.pk}",
        "ward": reverse("dashboards:ward", args=[wards[-1].pk]) + f"?period={period.pk}",
        "area_csv": f"{area}?period={period.pk}&_export=csv",
        "rollup_csv": reverse("dashboards:rollup", args=[district.pk])
        + f"?period={period.pk}&_export=csv",
    }[view]


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize("view", list(QUERIES))
def test_each_dashboard_view_takes_the_same_queries_for_1_and_50_wards(
    busy_area, client_for, django_assert_num_queries, view, count
):
    district, period, wards, officer = busy_area(count)
    client = client_for(officer)
    url = view_url(view, district, period, wards)
    with django_assert_num_queries(QUERIES[view]):
        response = client.get(url)
    assert response.status_code == 200
    if view.startswith("area") and view != "area_csv":
        # The page shows the wards it claims to: up to 25, the filter keeping some.
        rows = list(response.context["table"].paginated_rows)
        assert 0 < len(rows) <= min(count, 25)
