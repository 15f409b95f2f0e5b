"""Merged units on today's boundary (issue [periods], item 4): the ward page of a unit formed in
2025 sums, for the periods before it existed, the units merged whole into it; a unit merged in
part is marked so, shown on its own and never added. The roll-up says whose boundaries it uses.

    Xã Cũ Một (whole) + Xã Cũ Hai (part of it) → Phường Mới, from 01/07/2025
    2024: Cũ Một 40 members (3 admitted), Cũ Hai 25 members (2 admitted)
    2025: Phường Mới 70 members (4 admitted)
"""

import datetime

import pytest
from django.urls import reverse

from tests import factories
from wardstats.hierarchy.models import LineageKind
from wardstats.indicators import summaries

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def merged(hierarchy):
    h = hierarchy
    old = datetime.date(2025, 6, 30)
    one = factories.make_ward(parent=h.district, name="Xã Cũ Một", code="99921", valid_to=old)
    two = factories.make_ward(parent=h.district, name="Xã Cũ Hai", code="99922", valid_to=old)
    new = factories.make_ward(parent=h.province, name="Phường Mới", code="99923", valid_from=REFORM)
    factories.make_lineage(predecessor=one, successor=new, kind=LineageKind.WHOLE)
    factories.make_lineage(predecessor=two, successor=new, kind=LineageKind.PART)
    for unit, period, members, admitted in (
        (one, h.period_2024, 40, 3),
        (two, h.period_2024, 25, 2),
        (new, h.period_2025, 70, 4),
    ):
        cell = factories.make_cell(ward=unit, name=f"Chi bộ {unit.code}", kind="school",
                                   valid_from=unit.valid_from)  # fmt: skip
        report = factories.make_report(ward=unit, period=period, declared_members=members)
        factories.make_cell_figures(report=report, cell=cell, members=members, admitted=admitted)
    factories.make_default_targets(area=h.province)
    summaries.refresh_all()
    h.one, h.two, h.new = one, two, new
    return h


def ward_page(client, merged):
    url = reverse("dashboards:ward", args=[merged.new.pk])
    response = client.get(url, {"period": merged.period_2025.pk})
    assert response.status_code == 200
    return response


def test_the_whole_predecessors_are_summed_on_todays_boundary(client_for, admin, merged):
    response = ward_page(client_for(admin), merged)
    (row,) = response.context["on_todays_boundary"]
    assert (row["period"], row["units"], row["members"], row["admitted"]) == (
        merged.period_2024, 1, 40, 3,
    )  # fmt: skip
    html = response.content.decode()
    assert "Phường Mới trên địa giới hiện nay" in html
    assert 'Xã Cũ Hai <span class="muted">(nhập một phần)</span>' in html


def test_the_trend_of_a_count_adds_the_summed_series(client_for, admin, merged):
    chart = ward_page(client_for(admin), merged).context["chart"]["admissions"]
    assert chart["labels"] == ["31/12/2024", "31/12/2025"]
    series = {s["name"]: s["data"] for s in chart["series"]}
    assert series["Phường Mới trên địa giới hiện nay"] == [3.0, 4.0]
    assert series["Xã Cũ Hai (đến 30/06/2025) (nhập một phần: không cộng)"] == [2.0, None]
    assert series["Xã Cũ Một (đến 30/06/2025)"] == [3.0, None]


def test_a_share_is_not_summed(client_for, admin, merged):
    """Only counts are summed: a share of the pool is no sum of shares."""
    chart = ward_page(client_for(admin), merged).context["chart"]["pool_women"]
    assert not [s for s in chart["series"] if s.get("summed")]


def test_the_roll_up_says_whose_boundaries_it_uses(client_for, admin, merged):
    url = reverse("dashboards:rollup", args=[merged.province.pk])
    for period, date in ((merged.period_2024, "31/12/2024"), (merged.period_2025, "31/12/2025")):
        html = client_for(admin).get(url, {"period": period.pk}).content.decode()
        assert f"Đơn vị và địa giới theo ngày {date}." in html


@pytest.fixture
def absorbed(hierarchy):
    """A merge before 2025 into a unit that goes on (Phường Đông Triều into Đức Chính,
    01/11/2024): Phường Lớn takes Phường Nhỏ in whole.

        2023: Lớn 50 members (5 admitted), Nhỏ 20 members (1 admitted)
        2024: Lớn 72 members (6 admitted); Nhỏ has ended
    """
    h = hierarchy
    period_2023 = factories.make_period(year=2023)
    merge = datetime.date(2024, 11, 1)
    big = factories.make_ward(parent=h.district, name="Phường Lớn", code="99931")
    small = factories.make_ward(parent=h.district, name="Phường Nhỏ", code="99932",
                                valid_to=merge - datetime.timedelta(days=1))  # fmt: skip
    factories.make_lineage(predecessor=small, successor=big, kind=LineageKind.WHOLE,
                           effective=merge)  # fmt: skip
    cells = {
        unit: factories.make_cell(ward=unit, name=f"Chi bộ {unit.code}", kind="school",
                                  valid_from=unit.valid_from, valid_to=unit.valid_to)
        for unit in (big, small)
    }  # fmt: skip
    for unit, period, members, admitted in (
        (big, period_2023, 50, 5),
        (small, period_2023, 20, 1),
        (big, h.period_2024, 72, 6),
    ):
        cell = cells[unit]
        report = factories.make_report(ward=unit, period=period, declared_members=members)
        factories.make_cell_figures(report=report, cell=cell, members=members, admitted=admitted)
    factories.make_default_targets(area=h.province)
    summaries.refresh_all()
    h.big, h.small, h.period_2023 = big, small, period_2023
    return h


def test_a_unit_that_went_on_is_summed_with_what_it_took_in(client_for, admin, absorbed):
    url = reverse("dashboards:ward", args=[absorbed.big.pk])
    response = client_for(admin).get(url, {"period": absorbed.period_2024.pk})
    (row,) = response.context["on_todays_boundary"]
    assert (row["period"], row["units"], row["members"], row["admitted"]) == (
        absorbed.period_2023, 2, 70, 6,
    )  # fmt: skip
    chart = response.context["chart"]["admissions"]
    series = {s["name"]: s["data"] for s in chart["series"]}
    assert chart["labels"][:2] == ["31/12/2023", "31/12/2024"]
    assert series["Phường Lớn trên địa giới hiện nay"][:2] == [6.0, 6.0]
    assert series["Phường Lớn"][:2] == [5.0, 6.0]
    html = response.content.decode()
    assert "Phường Nhỏ</a> (01/11/2024)" in html
