"""The members' stock as the Party's form counts it (reports.stock): opening + increases −
decreases = closing, for every cell and for the ward, checked on submit with the cell and the
figures named; the opening stock carried from the last period, or from the units merged into
the ward; each version of the form with its period.

Messages are read in English so that the tests say what they check."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests import factories
from tests.entry.conftest import report_url
from tests.entry.page import entry_form
from wardstats.hierarchy.models import LineageKind
from wardstats.periods.models import Period
from wardstats.reports import checks, services, stock
from wardstats.reports.models import CellFigures, Report, ReportStatus


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def report(hierarchy):
    """Ward A's 2025 report: cell A1 opened the year with 40, admitted 3, one moved in, one
    died, one was expelled, two were struck off, one left, two moved out: 37 at the end."""
    report = factories.make_report(
        ward=hierarchy.ward_a, period=hierarchy.period_2025, declared_members=37
    )
    factories.make_cell_figures(
        report=report, cell=hierarchy.cell_a, members=37, opening=40, admitted=3,
        transferred_in=1, deaths=1, expelled=1, struck_off=2, resigned=1, transferred_out=2,
    )  # fmt: skip
    return report


def stock_problems(report) -> list[tuple[str, str]]:
    return [
        (p.cell, p.message)
        for p in checks.report_problems(Report.objects.get(pk=report.pk))
        if "start" in p.message or "stock" in p.message
    ]


def test_a_stock_that_adds_up_has_no_problem(report):
    assert report.opening_members == 40
    assert stock_problems(report) == []


def test_every_increase_and_decrease_of_the_form_counts_once():
    values = dict.fromkeys((*stock.INCREASES, *stock.DECREASES), 1) | {"opening": 10}
    assert stock.INCREASES == ("admitted", "transferred_in", "reinstated")
    assert stock.DECREASES == ("deaths", "expelled", "struck_off", "resigned", "transferred_out")
    assert stock.expected_closing(values) == 10 + 3 - 5
    assert stock.expected_closing(values | {"opening": None}) is None


@pytest.mark.parametrize(
    ("field", "members"), [("admitted", 38), ("reinstated", 38), ("resigned", 36), ("members", 36)]
)
def test_a_cell_that_does_not_add_up_is_named_with_its_figures(report, hierarchy, field, members):
    row = CellFigures.objects.get(report=report)
    changed = {"members": members} if field == "members" else {field: getattr(row, field) + 1}
    CellFigures.objects.filter(pk=row.pk).update(**changed)
    Report.objects.filter(pk=report.pk).update(declared_members=members)
    expected = 37 + (1 if field in stock.INCREASES else -1 if field != "members" else 0)
    increases = 4 + (field in stock.INCREASES)
    decreases = 7 + (field in stock.DECREASES)
    cell, members_now = "Chi bộ Khu phố A1", members if field == "members" else 37
    assert stock_problems(report)[0] == (
        cell,
        f"The stock does not add up: 40 at the start + {increases} − {decreases} = {expected}, "
        f"but the cell has {members_now} members.",
    )


def test_a_report_whose_stock_does_not_add_up_cannot_be_submitted(report, alice):
    CellFigures.objects.filter(report=report).update(members=30, rated_good=30)
    factories.fit_structure(report)
    Report.objects.filter(pk=report.pk).update(declared_members=30)
    with pytest.raises(ValidationError) as refused:
        services.report_submit(report=Report.objects.get(pk=report.pk), actor=alice)
    assert refused.value.messages == [
        "Chi bộ Khu phố A1: The stock does not add up: 40 at the start + 4 − 7 = 37, but the "
        "cell has 30 members.",
        "The ward's stock does not add up: 40 at the start + 4 − 7 = 37, but its cells have 30 "
        "members.",
    ]
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_the_opening_stock_must_be_given(report):
    CellFigures.objects.filter(report=report).update(opening=None)
    Report.objects.filter(pk=report.pk).update(opening_members=None)
    assert stock_problems(report) == [
        ("Chi bộ Khu phố A1", "Enter the cell's members at the start of the period."),
        ("", "Enter the ward's members at the start of the period."),
    ]


def test_the_ward_adds_up_over_all_its_cells(report, hierarchy):
    other = factories.make_cell(ward=hierarchy.ward_a, name="Chi bộ Trường học", kind="school")
    factories.make_cell_figures(report=report, cell=other, members=10, opening=8, admitted=2)
    assert Report.objects.get(pk=report.pk).opening_members == 48
    assert stock_problems(report) == []
    Report.objects.filter(pk=report.pk).update(opening_members=50)
    assert stock_problems(report) == [
        ("", "The ward's stock does not add up: 50 at the start + 6 − 7 = 49, but its cells "
             "have 47 members."),
    ]  # fmt: skip


def test_an_opening_other_than_the_last_closing_is_a_problem(report, hierarchy):
    before = factories.make_report(
        ward=hierarchy.ward_a, period=hierarchy.period_2024, status=ReportStatus.APPROVED
    )
    factories.make_cell_figures(report=before, cell=hierarchy.cell_a, members=41)
    assert stock_problems(report) == [
        ("Chi bộ Khu phố A1", "40 at the start of the period, but 41 at the end of the last one.")
    ]


# --- Carried forward ---------------------------------------------------------------------


def test_the_entry_screen_carries_the_last_closing_stocks_into_a_new_report(
    client_for, alice, hierarchy
):
    h = hierarchy
    before = factories.make_report(ward=h.ward_a, period=h.period_2024)
    factories.make_cell_figures(report=before, cell=h.cell_a, members=41)
    page = client_for(alice).get(report_url(Report(ward=h.ward_a, period=h.period_2025)))
    form = entry_form(page)
    assert form[f"{h.cell_a.pk}b"] == "41"  # the cell's opening
    assert form["opening_members"] == "41"  # the ward's
    assert form[f"{h.cell_a.pk}m"] == ""  # nothing else is filled in for her


def test_a_carried_opening_alone_does_not_make_a_row_to_save(client_for, alice, hierarchy):
    h = hierarchy
    before = factories.make_report(ward=h.ward_a, period=h.period_2024)
    factories.make_cell_figures(report=before, cell=h.cell_a, members=41)
    url = report_url(Report(ward=h.ward_a, period=h.period_2025))
    client = client_for(alice)
    data = entry_form(client.get(url)) | {"declared_members": "0", "action": "save"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Report.objects.get(ward=h.ward_a, period=h.period_2025)
    assert saved.opening_members == 41
    assert not saved.cell_figures.exists()


def test_a_ward_merged_whole_opens_with_the_sum_of_its_predecessors(hierarchy):
    h = hierarchy
    end, start = datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)
    old_a = factories.make_ward(parent=h.district, name="Phường Cũ A", valid_to=end)
    old_b = factories.make_ward(parent=h.district, name="Phường Cũ B", valid_to=end)
    part = factories.make_ward(parent=h.district, name="Xã Chia Đôi", valid_to=end)
    new = factories.make_ward(parent=h.province, name="Phường Mới", valid_from=start)
    for unit, members in ((old_a, 100), (old_b, 60), (part, 80)):
        cell = factories.make_cell(ward=unit, name=f"Chi bộ {unit.name}", kind="other")
        old = factories.make_report(ward=unit, period=h.period_2024)
        factories.make_cell_figures(report=old, cell=cell, members=members)
        kind = LineageKind.PART if unit == part else LineageKind.WHOLE
        factories.make_lineage(predecessor=unit, successor=new, kind=kind)
    carried = stock.carried_opening(new, h.period_2025)
    assert carried.total == 160  # A and B whole; the split commune's part is entered
    assert sorted(carried.whole) == [("Phường Cũ A", 100), ("Phường Cũ B", 60)]
    assert carried.partial == (("Xã Chia Đôi", 80),)
    # A year later the new ward carries its own closing stock.
    assert stock.carried_opening(new, factories.make_period(year=2026)).total is None
    assert stock.carried_opening(h.ward_a, h.period_2025).total is None  # nothing before


def test_the_form_of_each_period_is_the_one_then_in_force():
    def form(year):
        return stock.form_for(Period(end=datetime.date(year, 12, 31)))

    assert "12-HD/BTCTW" in form(2016).guidance and form(2016).number == "Biểu số 1-TCTW"
    assert "3296-CV/BTCTW" in form(2018).guidance
    assert "11-HD/BTCTW ngày 13/12/2021" in form(2021).guidance
    assert "11-HD/BTCTW" in form(2025).guidance
    assert all(version.flows == stock.FLOWS for version in stock.FORM_VERSIONS)
