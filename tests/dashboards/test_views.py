"""The dashboards answer only within a person's scope, take each person home, and sort, filter
and total the wards of an area in the database."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from tests import factories
from tests.dashboards.pages import data_table, header, vi_number, ward_names
from wardstats.hierarchy.models import CellKind
from wardstats.indicators import summaries
from wardstats.indicators.models import Indicator, Status
from wardstats.staffing.models import Gender

POOL_WOMEN = "ind_pool_women"


def short_name(code: str) -> str:
    return Indicator.objects.get(code=code).short_name


def area_url(area, view: str = "area", **query) -> str:
    url = reverse(f"dashboards:{view}", args=[area.district.pk])
    query = {"period": area.period.pk, **query}
    return f"{url}?{urlencode(query)}"


# --- Who may open what -------------------------------------------------------------------

# (page, persona, status): the district's pages, the province's, and ward A's.
DISTRICT_PAGES = ["area", "rollup", "completeness", "area_csv", "area_xlsx", "completeness_csv"]
PERMISSIONS = [
    *[(page, "admin", 200) for page in DISTRICT_PAGES],
    *[(page, "olga", 200) for page in DISTRICT_PAGES],
    *[(page, "alice", 404) for page in DISTRICT_PAGES],
    *[(page, "bob", 404) for page in DISTRICT_PAGES],
    *[(page, "oscar", 404) for page in DISTRICT_PAGES],
    ("province", "admin", 200),
    ("province_rollup", "admin", 200),
    ("province", "olga", 404),
    ("province_rollup", "olga", 404),
    ("province", "alice", 404),
    ("ward_a", "admin", 200),
    ("ward_a", "olga", 200),
    ("ward_a", "alice", 200),
    ("ward_a", "bob", 404),
    ("ward_a", "oscar", 404),
    ("ward_as_area", "admin", 404),  # a ward is not an area
    ("district_as_ward", "admin", 404),  # nor a district a ward
    ("area_pdf", "admin", 404),  # no such export
]


def page_url(page: str, area) -> str:
    h, period = area.h, area.period.pk
    district = reverse("dashboards:area", args=[h.district.pk])
    return {
        "area": f"{district}?period={period}",
        "rollup": reverse("dashboards:rollup", args=[h.district.pk]) + f"?period={period}",
        "completeness": reverse("dashboards:completeness", args=[h.district.pk])
        + f"?period={period}",
        "area_csv": f"{district}?period={period}&_export=csv",
        "area_xlsx": f"{district}?period={period}&_export=xlsx",
        "area_pdf": f"{district}?period={period}&_export=pdf",
        "completeness_csv": reverse("dashboards:completeness", args=[h.district.pk])
        + f"?period={period}&_export=csv",
        "province": reverse("dashboards:area", args=[h.province.pk]) + f"?period={period}",
        "province_rollup": reverse("dashboards:rollup", args=[h.province.pk]) + f"?period={period}",
        "ward_a": reverse("dashboards:ward", args=[h.ward_a.pk]) + f"?period={period}",
        "ward_as_area": reverse("dashboards:area", args=[h.ward_a.pk]),
        "district_as_ward": reverse("dashboards:ward", args=[h.district.pk]),
    }[page]


@pytest.mark.parametrize(("page", "persona", "status"), PERMISSIONS)
def test_each_page_answers_only_within_the_personas_scope(
    request, client_for, area, page, persona, status
):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(page_url(page, area))
    assert response.status_code == status


@pytest.mark.parametrize(
    "page",
    [*DISTRICT_PAGES, "province", "province_rollup", "ward_a"],
)
def test_anonymous_is_sent_to_log_in_from_every_page(client_for, anon, area, page):
    url = page_url(page, area)
    response = client_for(anon).get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "next=" in response.url


def test_a_period_outside_the_units_life_is_not_found(client_for, admin, hierarchy):
    h = hierarchy
    old = factories.make_ward(
        parent=h.district, name="Phường Cũ", valid_to=datetime.date(2025, 6, 30)
    )
    client = client_for(admin)
    url = reverse("dashboards:ward", args=[old.pk])
    assert client.get(url, {"period": h.period_2024.pk}).status_code == 200
    assert client.get(url, {"period": h.period_2025.pk}).status_code == 404


# --- Home --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "view", "unit"),
    [
        ("admin", "dashboards:area", "province"),  # a superuser with no role: the province
        ("olga", "dashboards:area", "district"),
        ("oscar", "dashboards:area", "other_district"),
    ],
)
def test_home_takes_each_area_persona_to_their_area(
    request, client_for, hierarchy, persona, view, unit
):
    user = request.getfixturevalue(persona)
    unit = request.getfixturevalue(unit)
    response = client_for(user).get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse(view, args=[unit.pk])
    assert client_for(user).get(response.url).status_code == 200


@pytest.mark.parametrize(("persona", "ward"), [("alice", "ward_a"), ("bob", "ward_b")])
def test_home_shows_a_ward_editor_her_wards_report(request, client_for, hierarchy, persona, ward):
    user, ward = request.getfixturevalue(persona), request.getfixturevalue(ward)
    response = client_for(user).get(reverse("home"))
    assert response.status_code == 200
    (card,) = response.context["cards"]
    assert card.ward == ward and card.can_edit
    assert reverse("entry:report", args=[ward.pk]) in response.content.decode()


def test_home_sends_anonymous_to_log_in(client_for, anon):
    response = client_for(anon).get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_home_tells_a_person_without_a_role_to_ask_for_one(client_for, db):
    nobody = factories.make_user(username="nobody")
    response = client_for(nobody).get(reverse("home"))
    assert response.status_code == 200
    assert response.templates[0].name == "dashboards/no_role.html"


# --- Sorting -----------------------------------------------------------------------------


def test_sorting_by_an_indicator_orders_wards_by_value_with_no_data_last(client_for, olga, area):
    # Women in the pool: C 12,5 %, A 50 %, B 100 %, D none.
    page = client_for(olga).get(area_url(area, sort=POOL_WOMEN)).content.decode()
    table = data_table(page)
    assert ward_names(table, header("ward")) == ["Phường C", "Phường A", "Phường B", "Phường D"]
    values = [vi_number(c.value) for c in table.column(short_name("pool_women"))]
    assert values == [Decimal("12.5"), Decimal("50.0"), Decimal("100.0"), None]


def test_sorting_by_an_indicator_descending_still_puts_no_data_last(client_for, olga, area):
    page = client_for(olga).get(area_url(area, sort=f"-{POOL_WOMEN}")).content.decode()
    table = data_table(page)
    assert ward_names(table, header("ward")) == ["Phường B", "Phường A", "Phường C", "Phường D"]


def test_wards_are_in_vietnamese_alphabetical_order_unsorted(client_for, olga, area):
    factories.make_ward(parent=area.district, name="Phường Đông")
    factories.make_ward(parent=area.district, name="Phường Ân")
    page = client_for(olga).get(area_url(area)).content.decode()
    # Â after A, Đ after D (byte order would put both last).
    assert ward_names(data_table(page), header("ward")) == [
        "Phường A",
        "Phường Ân",
        "Phường B",
        "Phường C",
        "Phường D",
        "Phường Đông",
    ]


def test_sorting_keeps_the_filter(client_for, olga, area):
    url = area_url(area, sort=f"-{POOL_WOMEN}", report="submitted")
    table = data_table(client_for(olga).get(url).content.decode())
    assert ward_names(table, header("ward")) == ["Phường A", "Phường C"]


# --- Filters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "wards"),
    [
        ({"unit_class": "I"}, ["Phường C"]),
        ({"unit_class": "II"}, ["Phường A", "Phường B"]),
        ({"unit_class": "III"}, ["Phường D"]),
        ({"report": "submitted"}, ["Phường A", "Phường C"]),  # submitted or approved
        ({"report": "not_submitted"}, ["Phường B", "Phường D"]),  # a draft, or no report
        ({"report": "none"}, ["Phường D"]),
        ({"status": Status.MET}, ["Phường A", "Phường B"]),
        ({"status": Status.MISSED}, ["Phường C"]),
        ({"status": Status.AT_RISK}, []),
        ({"status": Status.NO_DATA}, ["Phường D"]),
        ({"status": Status.MET, "unit_class": "II", "report": "not_submitted"}, ["Phường B"]),
    ],
)
def test_filters_return_the_wards_that_match(client_for, olga, area, query, wards):
    if "status" in query:
        query = {**query, "indicator": Indicator.objects.get(code="pool_women").pk}
    response = client_for(olga).get(area_url(area, **query))
    assert response.status_code == 200
    table = data_table(response.content.decode())
    assert ward_names(table, header("ward")) == wards


def test_a_status_without_an_indicator_filters_nothing(client_for, olga, area):
    table = data_table(client_for(olga).get(area_url(area, status="met")).content.decode())
    assert len(table.rows) == 4


def test_a_status_on_another_indicator_is_a_different_filter(client_for, olga, area):
    # Nobody has a target on admissions: every ward has no status there.
    admissions = Indicator.objects.get(code="admissions").pk
    table = data_table(
        client_for(olga).get(area_url(area, indicator=admissions, status="met")).content.decode()
    )
    assert table.rows == []


# --- The summary row ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "met", "rated"),
    [
        ({}, 2, 3),  # A and B of A, B, C (D has no data)
        ({"unit_class": "II"}, 2, 2),
        ({"unit_class": "I"}, 0, 1),
        ({"report": "none"}, 0, 0),
        ({"report": "not_submitted"}, 1, 1),  # B, and D has no data
    ],
)
def test_the_summary_row_counts_the_filtered_wards_meeting_each_target(
    client_for, olga, area, query, met, rated
):
    response = client_for(olga).get(area_url(area, **query))
    pool_women = Indicator.objects.get(code="pool_women")
    counts = response.context["table"].met_counts.get(pool_women.pk, {"met": 0, "rated": 0})
    assert (counts["met"], counts["rated"]) == (met, rated)
    footer = data_table(response.content.decode()).footer[pool_women.short_name].text
    assert footer.startswith(f"{met}/{rated} ")  # "2/3 đạt"


def test_the_summary_row_counts_every_ward_of_the_area_not_just_the_page(client_for, olga, area):
    # 30 more wards meeting the target: the page shows 25 rows, the total counts all 34.
    term = area.h.ward_a.cadres.first().planning_terms.get()
    with factories.bulk():
        for i in range(30):
            ward = factories.make_ward(parent=area.district, name=f"Phường Thêm {i:02d}")
            factories.make_cadre(ward=ward, gender=Gender.FEMALE, planning_terms=[term])
    summaries.refresh(period=area.period)
    response = client_for(olga).get(area_url(area))
    assert len(data_table(response.content.decode()).rows) == 25
    pool_women = Indicator.objects.get(code="pool_women")
    counts = response.context["table"].met_counts[pool_women.pk]
    assert (counts["met"], counts["rated"]) == (32, 33)


# --- Roll-up, completeness, the ward page ------------------------------------------------


def test_the_province_rollup_totals_its_districts_wards(client_for, admin, area):
    url = reverse("dashboards:rollup", args=[area.h.province.pk])
    table = data_table(client_for(admin).get(url, {"period": area.period.pk}).content.decode())
    rows = {row[table.headers[0]].text: row for row in table.rows}
    district = rows["Huyện Thử"]
    numbers = [vi_number(district[h].text) for h in table.headers[1:6]]
    # wards, reports, cells, members (1.234 + 20 + 45), of which women (600 + 8 + 3)
    assert numbers == [4, 3, 3, 1299, 611]
    assert district[short_name("pool_women")].text == "2/3"


def test_a_rollup_uses_the_hierarchy_of_its_period(client_for, admin, hierarchy):
    # Phường Chuyển belonged to Thị xã Cũ until the reform, to the province after it.
    h = hierarchy
    reform = datetime.date(2025, 7, 1)
    town = factories.make_district(
        province=h.province, name="Thị xã Cũ", valid_to=reform - datetime.timedelta(days=1)
    )
    moved = factories.make_ward(parent=town, name="Phường Chuyển")
    moved.parent_links.update(valid_to=reform - datetime.timedelta(days=1))
    factories.make_link(child=moved, parent=h.province, valid_from=reform)
    url = reverse("dashboards:rollup", args=[h.province.pk])

    def units_and_wards(period):
        table = data_table(client_for(admin).get(url, {"period": period.pk}).content.decode())
        unit, wards = table.headers[0], table.headers[1]
        return {row[unit].text: vi_number(row[wards].text) for row in table.rows}

    assert units_and_wards(h.period_2024) == {"Huyện Thử": 2, "Thị xã Cũ": 1}
    assert units_and_wards(h.period_2025) == {"Huyện Thử": 2, "Phường Chuyển": 1}


def test_completeness_lists_the_wards_without_a_report(client_for, olga, area):
    url = reverse("dashboards:completeness", args=[area.district.pk])
    response = client_for(olga).get(url, {"period": area.period.pk, "show": "missing"})
    table = data_table(response.content.decode())
    assert ward_names(table, table.headers[0]) == ["Phường D"]
    assert response.context["counts"] == {"wards": 4, "reports": 3, "submitted": 2}


def test_a_successors_page_shows_its_predecessors_figures(client_for, admin, hierarchy):
    h = hierarchy
    old = factories.make_ward(
        parent=h.district, name="Phường Cũ", valid_to=datetime.date(2025, 6, 30)
    )
    new = factories.make_ward(
        parent=h.province, name="Phường Mới", valid_from=datetime.date(2025, 7, 1)
    )
    factories.make_lineage(predecessor=old, successor=new)
    old_cell = factories.make_cell(ward=old, name="Chi bộ Cũ", kind=CellKind.OTHER)
    report = factories.make_report(ward=old, period=h.period_2024)
    factories.make_cell_figures(report=report, cell=old_cell, members=1501)
    url = reverse("dashboards:ward", args=[new.pk])
    response = client_for(admin).get(url, {"period": h.period_2025.pk})
    history = [(f.ward_id, f.period_id, f.members) for f in response.context["figures_history"]]
    assert (old.pk, h.period_2024.pk, 1501) in history
    assert "1.501" in response.content.decode()
    # The predecessor's own page shows the same figure for its own period.
    response = client_for(admin).get(
        reverse("dashboards:ward", args=[old.pk]), {"period": h.period_2024.pk}
    )
    assert response.context["figures"].members == 1501


def test_the_ward_page_lists_each_cells_figures_as_reported(client_for, admin, hierarchy):
    """The table of cells, written in one piece: names escaped, counts and scores in
    Vietnamese, "—" where nothing is known."""
    h = hierarchy
    odd = factories.make_cell(ward=h.ward_a, name="<b>Chi bộ & Trường</b>", kind=CellKind.SCHOOL)
    report = factories.make_report(ward=h.ward_a, period=h.period_2024)
    factories.make_cell_figures(
        report=report, cell=h.cell_a, members=1234, probationary=3, women=600, admitted=2,
        secretary_is_head=True, review_held=True, quality_level="good",
        quality_score=Decimal("87.5"), standing_member_in_charge="Đ/c Lan",
    )  # fmt: skip
    factories.make_cell_figures(report=report, cell=odd, members=7, secretary_is_head=None)
    summaries.refresh_all()
    url = reverse("dashboards:ward", args=[h.ward_a.pk])
    html = client_for(admin).get(url, {"period": h.period_2024.pk}).content.decode()
    assert "<b>Chi bộ" not in html and "&lt;b&gt;Chi bộ &amp; Trường&lt;/b&gt;" in html
    table = data_table(html[html.index('<table class="data cells">') :])
    name, members, women, head, standing, rating, review = (
        table.headers[i] for i in (0, 2, 4, 6, 7, 8, 9)
    )
    rows = {row[name].text: row for row in table.rows}
    lan = rows["Chi bộ Khu phố A1"]
    assert (lan[members].text, lan[women].text, lan[standing].text) == ("1.234", "600", "Đ/c Lan")
    assert lan[rating].text.endswith("(87,5)") and lan[head].text == lan[review].text == "có"
    other = rows["<b>Chi bộ & Trường</b>"]
    assert (other[head].text, other[standing].text, other[rating].text) == ("—", "—", "—")
    assert other[review].text == "không"


def test_the_ward_page_states_the_stock_as_the_printout_does(client_for, admin, hierarchy):
    h = hierarchy
    report = factories.make_report(ward=h.ward_a, period=h.period_2024)
    factories.make_cell_figures(
        report=report, cell=h.cell_a, members=37, opening=40, admitted=3, expelled=2, resigned=4
    )
    summaries.refresh_all()
    url = reverse("dashboards:ward", args=[h.ward_a.pk])
    html = client_for(admin).get(url, {"period": h.period_2024.pk}).content.decode()
    table = data_table(html[html.index('id="stock-and-flows"') - 40 :])
    counts = [row[table.headers[3]].text for row in table.rows]
    # A 40; B kết nạp 3, chuyển đến, phục hồi; C từ trần, khai trừ 2, xóa tên, xin ra 4,
    # chuyển đi; D 37, of which full 37, probationary 0, made full 0.
    assert counts == ["40", "3", "0", "0", "0", "2", "0", "4", "0", "37", "37", "0", "0"]
    assert 'id="stock-mismatch"' not in html


def test_the_area_shows_each_wards_members_rated_good_and_its_organisations_level(
    client_for, admin, hierarchy
):
    """The forms' ratings as indicators: members "tốt" or better (%) and the organisation's
    level (HTXSNV … KHTNV), each against the province's target."""
    h = hierarchy
    period = h.period_2024
    factories.make_target(indicator="members_good_or_better", area=h.province, threshold=80,
                          periods=[period])  # fmt: skip
    factories.make_target(indicator="organisation_rating", area=h.province, threshold=3,
                          periods=[period])  # fmt: skip
    levels = {h.ward_a: ("good", 9, 1), h.ward_b: ("completed", 6, 4)}
    for ward, (level, good, completed) in levels.items():
        report = factories.make_report(
            ward=ward, period=period, organisation_level=level, organisation_level_given=level
        )
        cell = factories.make_cell(ward=ward, name=f"Chi bộ số 1 {ward.name}", kind="other")
        factories.make_cell_figures(
            report=report, cell=cell, members=10, rated_good=good, rated_completed=completed
        )
    summaries.refresh_all()
    url = reverse("dashboards:area", args=[h.district.pk])
    table = data_table(client_for(admin).get(url, {"period": period.pk}).content.decode())
    members, organisation = short_name("members_good_or_better"), short_name("organisation_rating")
    rows = {row[table.headers[0]].text: row for row in table.rows}
    a, b = rows["Phường A"], rows["Phường B"]
    assert (a[members].value, a[members].status) == ("90,0%", Status.MET)
    assert (b[members].value, b[members].status) == ("60,0%", Status.MISSED)
    assert (a[organisation].value, a[organisation].status) == ("HTTNV", Status.MET)
    assert (b[organisation].value, b[organisation].status) == ("HTNV", Status.MISSED)
    # The export writes the level as the page does, not its rank.
    export = client_for(admin).get(url, {"period": period.pk, "_export": "csv"})
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    by_ward = {row[next(iter(row))]: row[organisation] for row in rows}
    assert (by_ward["Phường A"], by_ward["Phường B"]) == ("HTTNV", "HTNV")
