"""The cells' organisation and meetings, and the members exempt from Party work, as the forms
count them: whether a cell has a committee (chi ủy), its thematic meetings against the number
due in the period (reports.meetings, one rule per guidance), the members exempt; the stock
adding up as a yes-or-no figure that says what the submit checks say. Entered on the screen,
summed into the summaries, shown on the dashboards and printed in section VIII.

Messages are read in English so that the tests say what they check."""

import datetime

import pytest
from django.utils import translation

from tests import factories
from tests.entry.conftest import report_url
from tests.entry.page import entry_form
from wardstats.core import changes
from wardstats.entry.forms import CODES
from wardstats.indicators.models import IndicatorValue, WardPeriodFigures
from wardstats.periods.models import Period, PeriodKind
from wardstats.printouts.selectors import ward_report
from wardstats.reports import checks, meetings
from wardstats.reports.models import CellFigures, Report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def report(hierarchy):
    """Ward A's 2025 report: the residential cell with a committee and its four thematic
    meetings, a school cell without either (three meetings), two exempt members in all."""
    h = hierarchy
    report = factories.make_report(ward=h.ward_a, period=h.period_2025, declared_members=42)
    school = factories.make_cell(ward=h.ward_a, name="Chi bộ Trường học", kind="school")
    factories.make_cell_figures(
        report=report, cell=h.cell_a, members=30, has_committee=True, thematic_meetings=4,
        exempt=2, unrated_exempt=1, rated_good=29,
    )  # fmt: skip
    factories.make_cell_figures(report=report, cell=school, members=12, thematic_meetings=3)
    return report


def change(model, pk, report, **fields):
    """A change made behind the services' back (as a migration would), then the summaries
    recomputed for the ward."""
    model.objects.filter(pk=pk).update(**fields)
    changes.wards_changed(ward_ids=[report.ward_id], period_ids=[report.period_id])


def summary(report) -> WardPeriodFigures:
    return WardPeriodFigures.objects.get(ward=report.ward_id, period=report.period_id)


def value(report, code: str):
    return IndicatorValue.objects.get(
        ward=report.ward_id, period=report.period_id, indicator__code=code
    ).value


def period(start, end, kind=PeriodKind.YEAR) -> Period:
    return Period(kind=kind, start=start, end=end)


@pytest.mark.parametrize(
    ("start", "end", "due", "source"),
    [
        (datetime.date(2011, 1, 1), datetime.date(2011, 12, 31), None, None),
        (datetime.date(2012, 1, 1), datetime.date(2012, 12, 31), 4, "09-HD/BTCTW"),
        (datetime.date(2017, 1, 1), datetime.date(2017, 12, 31), 4, "09-HD/BTCTW"),
        (datetime.date(2018, 1, 1), datetime.date(2018, 12, 31), 4, "12-HD/BTCTW"),
        (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30), 1, "12-HD/BTCTW"),
        (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30), 2, "12-HD/BTCTW"),
    ],
)
def test_the_thematic_meetings_due_follow_the_guidance_of_the_period(start, end, due, source):
    p = period(start, end)
    assert meetings.thematic_required(p) == due
    rule = meetings.meeting_rule(p)
    assert (rule.source if rule else None) is None if source is None else source in rule.source


def test_the_summary_counts_cells_with_a_committee_and_holding_the_meetings_due(report):
    row = summary(report)
    assert (row.cells, row.cells_with_committee, row.cells_thematic, row.exempt) == (2, 1, 1, 2)
    assert value(report, "cells_with_committee") == 50
    assert value(report, "thematic_meetings") == 50


def test_a_cell_meeting_once_more_counts_as_holding_the_meetings_due(report, hierarchy):
    school = CellFigures.objects.get(report=report, cell__kind="school")
    change(CellFigures, school.pk, report, thematic_meetings=4)
    assert summary(report).cells_thematic == 2
    assert value(report, "thematic_meetings") == 100


def test_the_stock_figure_says_what_the_submit_checks_say(report, hierarchy):
    """1 while no stock problem is found on submit; 0 as soon as one cell does not add up, or
    the ward's opening stock does not match its cells' flows."""

    def stock_problems():
        fresh = Report.objects.get(pk=report.pk)
        return [p for p in checks.report_problems(fresh) if "stock" in p.message]

    assert stock_problems() == [] and summary(report).stock_reconciled == 1
    assert value(report, "stock_reconciled") == 1
    school = CellFigures.objects.get(report=report, cell__kind="school")
    change(CellFigures, school.pk, report, admitted=1)
    assert [p.cell for p in stock_problems()] == ["Chi bộ Trường học", ""]
    assert summary(report).stock_reconciled == 0 and summary(report).cells_unreconciled == 1
    assert value(report, "stock_reconciled") == 0


def test_a_ward_whose_opening_stock_differs_from_its_cells_does_not_add_up(report):
    change(Report, report.pk, report, opening_members=43)
    assert summary(report).cells_unreconciled == 0
    assert summary(report).stock_reconciled == 0


def test_the_printout_lays_the_cells_out_by_kind_as_entered(report, hierarchy):
    organisations = ward_report(ward=hierarchy.ward_a, period=hierarchy.period_2025)[
        "organisations"
    ]
    assert [(r["label"], r["cells"], r["with_committee"], r["thematic"])
            for r in organisations["rows"]] == [
        ("residential", 1, 1, 1),
        ("school", 1, 0, 0),
    ]  # fmt: skip
    assert (organisations["cells"], organisations["with_committee"], organisations["thematic"],
            organisations["required"], organisations["exempt"]) == (2, 1, 1, 4, 2)  # fmt: skip
    assert "12-HD/BTCTW" in organisations["rule"].source


def test_the_printed_page_shows_the_organisations_table(report, client_for, admin, hierarchy):
    from django.urls import reverse

    url = reverse("printouts:ward_report", args=[hierarchy.ward_a.pk])
    page = client_for(admin).get(url, {"period": hierarchy.period_2025.pk})
    text = page.content.decode()
    assert page.status_code == 200
    table = text[text.index('id="organisations"') : text.index("</table>", text.index(
        'id="organisations"'))]  # fmt: skip
    assert "có chi ủy" in table  # the page speaks the reader's language: Vietnamese
    assert ('<td>Tổng cộng</td><td class="num">2</td><td class="num">1</td>'
            '<td class="num">1</td>') in table  # fmt: skip
    assert "miễn công tác và sinh hoạt đảng: 2" in text


def test_the_entry_screen_saves_the_committee_the_meetings_and_the_exempt(
    report, client_for, alice, hierarchy
):
    client = client_for(alice)
    url = report_url(report, "organisation")  # the cell's committee and meetings
    form = entry_form(client.get(url))
    cell = hierarchy.cell_a.pk
    assert form[f"{cell}{CODES['has_committee']}"] == "on"
    assert form[f"{cell}{CODES['thematic_meetings']}"] == "4"
    del form[f"{cell}{CODES['has_committee']}"]  # unticked: not sent
    form[f"{cell}{CODES['thematic_meetings']}"] = "5"
    assert client.post(url, {**form, "action": "save"}).status_code == 302
    form = entry_form(client.get(report_url(report)))  # the members, the exempt among them
    form[f"{cell}{CODES['exempt']}"] = "3"
    assert client.post(report_url(report), {**form, "action": "save"}).status_code == 302
    row = CellFigures.objects.get(report=report, cell=hierarchy.cell_a)
    assert (row.has_committee, row.thematic_meetings, row.exempt) == (False, 5, 3)


def test_a_yes_or_no_indicator_reads_as_a_word_on_the_area_page(report, client_for, olga,
                                                                  hierarchy):  # fmt: skip
    from django.urls import reverse

    factories.make_target(indicator="stock_reconciled", area=hierarchy.province, comparison="eq",
                          threshold=1)  # fmt: skip
    url = reverse("dashboards:area", args=[hierarchy.district.pk])
    with translation.override("vi"):
        page = client_for(olga).get(url, {"period": hierarchy.period_2025.pk})
    text = page.content.decode()
    assert page.status_code == 200
    assert '<span class="value">Có</span>' in text
