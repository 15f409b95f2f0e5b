"""The structure of a ward's membership (reports.structure): entered on the report's screen,
each breakdown adding up to the cells' members or the report is refused with the breakdown
and the figures named; the forms' breakdowns of each period; the printout's tables equal to
what was entered.

Messages are read in English so that the tests say what they check."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.entry.conftest import report_url
from tests.entry.page import entry_form
from tests.printouts.pages import table
from wardstats.indicators import summaries
from wardstats.periods.models import Period
from wardstats.reports import checks, services, structure
from wardstats.reports.models import MembershipCount, Report
from wardstats.reports.structure import field_name


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def report(hierarchy):
    """Ward A's 2024 report: 30 members in cell A1, all in the first age band &c."""
    report = factories.make_report(
        ward=hierarchy.ward_a, period=hierarchy.period_2024, declared_members=30
    )
    factories.make_cell_figures(report=report, cell=hierarchy.cell_a, members=30)
    return report


def structure_problems(report) -> list[str]:
    return [
        p.message
        for p in checks.report_problems(Report.objects.get(pk=report.pk))
        if p.message.startswith("The members by")
    ]


def test_every_breakdown_adds_up_to_the_cells_members(report):
    assert structure_problems(report) == []
    MembershipCount.objects.filter(report=report, dimension="age", category="18_30").update(
        count=25
    )
    MembershipCount.objects.create(report=report, dimension="age", category="61_up", count=4)
    assert structure_problems(report) == ["The members by age add up to 29, but the cells have 30."]


def test_a_report_without_its_structure_cannot_be_submitted(report, alice):
    MembershipCount.objects.filter(report=report, dimension="theory").delete()
    with pytest.raises(ValidationError) as refused:
        services.report_submit(report=Report.objects.get(pk=report.pk), actor=alice)
    assert refused.value.messages == [
        "The members by political theory add up to 0, but the cells have 30."
    ]


def test_a_category_of_another_version_does_not_count(report):
    """2024 counts ages as Biểu 3-BTCTW does: 41–45 and 46–50, not the old 41–50."""
    MembershipCount.objects.filter(report=report, dimension="age").update(category="41_50")
    assert structure_problems(report) == ["The members by age add up to 0, but the cells have 30."]


def test_each_period_has_the_breakdowns_of_its_forms():
    def version(year):
        return structure.structure_for(Period(end=datetime.date(year, 12, 31)))

    old, new = version(2016), version(2018)
    assert "12-HD/BTCTW" in old.guidance and "3296-CV/BTCTW" in new.guidance
    assert [c.label for c in old.dimension("age").categories][-1] == "61 tuổi trở lên"
    assert len(new.dimension("age").categories) == 8
    assert "Chưa biết chữ Quốc ngữ" in [c.label for c in old.dimension("education").categories]
    assert "Chưa biết chữ Quốc ngữ" not in [c.label for c in new.dimension("education").categories]
    # Every breakdown of every version can add up: where a form lists only those who have a
    # thing, the rest is a category of ours, said to be one.
    ours = {(d.code, c.label) for v in structure.STRUCTURE_VERSIONS for d in v.dimensions
            for c in d.categories if not c.form_row}  # fmt: skip
    assert ("theory", "Chưa qua đào tạo lý luận chính trị") in ours


def test_the_entry_screen_saves_the_structure_and_says_a_bad_figure_beside_it(
    client_for, alice, report
):
    client = client_for(alice)
    url = report_url(report, "structure")
    form = entry_form(client.get(url))
    name = field_name("age", "61_up")
    assert form[name] == "" and form[field_name("age", "18_30")] == "30"
    response = client.post(url, form | {name: "-2", "action": "save"})
    assert response.status_code == 400
    assert not MembershipCount.objects.filter(report=report, category="61_up").exists()
    data = form | {field_name("age", "18_30"): "20", name: "10", "action": "save"}
    assert client.post(url, data).status_code == 302
    ages = dict(
        MembershipCount.objects.filter(report=report, dimension="age", count__gt=0).values_list(
            "category", "count"
        )
    )
    assert ages == {"18_30": 20, "61_up": 10}
    assert structure_problems(report) == []
    assert Report.objects.get(pk=report.pk).version == 2  # one edit, with the report


def test_the_printout_shows_the_structure_as_entered(client_for, olga, report):
    MembershipCount.objects.filter(report=report, dimension="religion").delete()
    MembershipCount.objects.bulk_create([
        MembershipCount(report=report, dimension="religion", category="religious", count=3),
        MembershipCount(report=report, dimension="religion", category="none", count=27),
    ])  # fmt: skip
    summaries.refresh_all()
    url = reverse("printouts:ward_report", args=[report.ward_id]) + f"?period={report.period_id}"
    page = client_for(olga).get(url).content.decode()
    religion = table(page, "structure-religion")
    assert [row[1:] for row in religion.body] == [["3", "10,0%"], ["27", "90,0%"], ["30", ""]]


def test_the_badges_due_count_some_members_at_most_all_of_them(report):
    """The badges due this year (Huy hiệu 30 … 90 năm tuổi Đảng) are not a breakdown of all the
    members: none due is fine, and so is every member, but not more."""

    def badge_problems():
        return [
            p.message
            for p in checks.report_problems(Report.objects.get(pk=report.pk))
            if "badges" in p.message
        ]

    assert badge_problems() == []  # none due: nothing to say
    MembershipCount.objects.create(report=report, dimension="badges", category="30", count=20)
    MembershipCount.objects.create(report=report, dimension="badges", category="50", count=10)
    assert badge_problems() == []  # all 30 members: still at most the members
    MembershipCount.objects.filter(report=report, dimension="badges", category="50").update(
        count=11
    )
    assert badge_problems() == [
        "The members counted for Party badges due this year (years of Party membership) are 31, "
        "more than the cells' 30."
    ]


def test_the_badges_are_asked_where_their_list_is_verified_and_cite_it():
    def version(year):
        return structure.structure_for(Period(end=datetime.date(year, 12, 31)))

    assert "badges" not in {d.code for d in version(2020).dimensions}
    badges = version(2021).dimension("badges")
    assert "11-HD/BTCTW" in version(2021).guidance
    assert [c.code for c in badges.categories] == [
        "30", "40", "45", "50", "55", "60", "65", "70", "75", "80", "85", "90",
    ]  # fmt: skip
    assert not badges.whole and "01-HD/TW ngày 28/9/2021" in badges.source
    assert badges not in structure.breakdowns(version(2021))
