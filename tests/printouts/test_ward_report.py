"""The printed report shows a ward's figures for a period as the year-end forms lay them out,
in Vietnamese number and date formats (English ones after the switch), and prints the rest
when the ward has no report."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst

from tests.dashboards.pages import vi_number
from tests.printouts.pages import has_element, table
from wardstats.indicators import summaries
from wardstats.indicators.models import Indicator, Status
from wardstats.reports.models import QualityLevel, Report, ReportStatus
from wardstats.staffing.models import Education, Gender, PoliticalTheory


def vi(text: str) -> str:
    """A label as the Vietnamese page writes it (capitalised, as row labels are)."""
    with translation.override("vi"):
        return capfirst(translation.gettext(text))


def vi_label(choice, *, capitalised: bool = True) -> str:
    with translation.override("vi"):
        label = str(choice.label)
    return capfirst(label) if capitalised else label


def report_url(ward, period) -> str:
    return reverse("printouts:ward_report", args=[ward.pk]) + f"?period={period.pk}"


@pytest.fixture
def page(client_for, mao_khe):
    response = client_for(mao_khe.quan).get(report_url(mao_khe.ward, mao_khe.period))
    assert response.status_code == 200
    return response.content.decode()


# --- I. Members by cell --------------------------------------------------------------------


def test_every_cell_is_listed_in_vietnamese_order_with_its_figures(page):
    rows = table(page, "members-by-cell").body[:-1]
    assert [row[1] for row in rows] == [
        "Chi bộ Công an phường",
        "Chi bộ Khu phố Vĩnh Phú",
        "Chi bộ Trường Mầm non Hoa Sen",
    ]
    vinh_phu = rows[1]
    assert vinh_phu[0] == "2"  # numbered as on paper
    assert vinh_phu[3:] == ["1.000", "12", "400", "10", "5", "3", "2", "1"]


def test_the_total_row_adds_up_the_cells(page):
    cells = table(page, "members-by-cell")
    total = cells.row(vi("Total"))
    rows = cells.body[:-1]
    for column in range(3, 11):  # the table's eight counts
        assert vi_number(total[column]) == sum(vi_number(row[column]) for row in rows), column
    assert total[2:] == ["3", "1.234", "16", "556", "16", "6", "6", "3", "1"]


# --- II. Gender, III. Admissions and losses ------------------------------------------------


def test_men_are_the_members_who_are_not_women(page):
    gender = table(page, "members-by-gender")
    assert gender.row(vi_label(Gender.MALE))[1:] == ["678", "54,9%"]  # 1.234 − 556
    assert gender.row(vi_label(Gender.FEMALE))[1:] == ["556", "45,1%"]
    assert gender.row(vi("Total"))[1:] == ["1.234", "100,0%"]


def test_the_stock_reads_as_the_members_form_and_adds_up(page):
    """Biểu số 1: opening (A), increases (B) and decreases (C) by kind, closing (D)."""
    stock = table(page, "stock-and-flows")
    assert stock.row("A")[2:] == ["", "1.222"]  # 991 + 197 + 34: each cell's year adds up
    assert [row[0] for row in stock.body[1:9]] == [
        "B.1", "B.2", "B.3", "C.1", "C.2", "C.3", "C.4", "C.5",
    ]  # fmt: skip
    assert [row[2:] for row in stock.body[1:9]] == [
        ["+", "16"], ["+", "6"], ["+", "0"], ["−", "3"], ["−", "0"], ["−", "1"], ["−", "0"],
        ["−", "6"],
    ]  # fmt: skip
    assert stock.row("D")[2:] == ["", "1.234"]  # 1.222 + 22 − 10
    assert [row[3] for row in stock.body[10:12]] == ["1.218", "16"]  # full, probationary
    assert "stock-mismatch" not in page
    assert "Biểu số 1-BTCTW · Hướng dẫn số 11-HD/BTCTW ngày 13/12/2021" in page


def test_a_stock_that_does_not_add_up_is_said_on_the_printout(client_for, mao_khe):
    Report.objects.filter(pk=mao_khe.report.pk).update(opening_members=1200)
    summaries.refresh_all()
    page = client_for(mao_khe.quan).get(report_url(mao_khe.ward, mao_khe.period))
    assert 'id="stock-mismatch"' in page.content.decode()
    assert "1.212" in page.content.decode()  # 1.200 + 22 − 10, against the cells' 1.234


# --- IV. Staffing, V. Cadres -----------------------------------------------------------------


def test_staffing_is_shown_against_each_quota_with_its_source(page):
    staffing = table(page, "staffing").body
    assert [row[1:] for row in staffing] == [
        ["5", "23", "Quyết định 1234/QĐ-UBND"],  # the province's own quota for the ward
        ["1", "12", "Nghị định 33/2023/NĐ-CP"],  # the norm of class II
        ["2", "3", "Nghị định 33/2023/NĐ-CP"],  # most in one neighbourhood
    ]


def test_cadres_are_counted_by_education_listing_every_level(page):
    education = table(page, "cadres-by-education")
    counts = {row[0]: row[1] for row in education.body}
    assert counts == {
        vi_label(Education.NONE): "0",
        vi_label(Education.ELEMENTARY): "0",
        vi_label(Education.INTERMEDIATE): "1",
        vi_label(Education.COLLEGE): "1",
        vi_label(Education.UNIVERSITY): "2",
        vi_label(Education.MASTER): "1",
        vi_label(Education.DOCTOR): "0",
        vi("Total"): "5",
    }


def test_cadres_are_counted_by_political_theory(page):
    theory = {row[0]: row[1] for row in table(page, "cadres-by-political-theory").body}
    assert theory == {
        vi_label(PoliticalTheory.NONE): "2",
        vi_label(PoliticalTheory.ELEMENTARY): "1",
        vi_label(PoliticalTheory.INTERMEDIATE): "1",
        vi_label(PoliticalTheory.ADVANCED): "1",  # cao cấp and cử nhân: one level
        vi("Total"): "5",
    }


def test_cadres_are_counted_by_age_band_with_those_outside_the_bands(page):
    bands = {row[0]: row[1] for row in table(page, "cadres-by-age-band").body}
    assert bands == {
        "25–35": "2",
        "36–50": "1",
        "51–60": "1",
        vi("outside the bands"): "1",  # 22 years old in 2024
        vi("Total"): "5",
    }


def test_cadres_are_counted_by_gender(page):
    gender = {row[0]: row[1] for row in table(page, "cadres-by-gender").body}
    assert gender == {vi_label(Gender.MALE): "2", vi_label(Gender.FEMALE): "3", vi("Total"): "5"}


# --- VI. Indicators --------------------------------------------------------------------------


def test_each_indicator_shows_its_value_target_status_and_source(page):
    indicators = table(page, "indicators")
    within_quota = indicators.row("1")  # the catalogue's first indicator
    assert within_quota[1] == Indicator.objects.get(code="staff_within_quota").name
    assert within_quota[2:] == [
        "21,7% (5/23)",
        "≤ 100,0%",
        f"✓ {vi_label(Status.MET, capitalised=False)}",
        "Nghị định 33/2023/NĐ-CP",
    ]
    admissions = next(row for row in indicators.body if row[5] == "Chỉ tiêu kết nạp tỉnh giao")
    assert admissions[2:5] == ["16", "≥ 20", f"✗ {vi_label(Status.MISSED, capitalised=False)}"]
    assert len(indicators.body) == Indicator.objects.count()


# --- The heading, the formats, the language --------------------------------------------------


def test_the_heading_names_the_unit_its_parent_the_period_and_the_reports_status(page, mao_khe):
    text = re.sub(r"<[^>]+>", " ", page)
    assert "Phường Mạo Khê" in text
    assert "07069" in text
    assert "Huyện Thử" in text  # the parent on 31/12/2024
    with translation.override("vi"):
        assert str(mao_khe.period) in text  # "Năm 2024"
        assert str(ReportStatus.SUBMITTED.label) in text
    assert "31/12/2024" in text
    assert timezone.localdate().strftime("%d/%m/%Y") in text  # the date printed


def test_the_signature_block_ends_the_report(page):
    signatures = page.index('class="signatures"')
    assert signatures > page.index('id="indicators"')
    today = timezone.localdate()
    with translation.override("vi"):
        for words in ("Prepared by", "On behalf of the Party committee", "Secretary"):
            assert translation.gettext(words) in page[signatures:]
        place_and_date = translation.gettext("%(place)s, %(day)s/%(month)s/%(year)s") % {
            "place": "Mạo Khê",  # the place, without "Phường"
            "day": f"{today:%d}",
            "month": f"{today:%m}",
            "year": today.year,
        }
    assert place_and_date in page[signatures:]


def test_the_figures_are_in_english_formats_after_switching_language(client_for, mao_khe):
    client = client_for(mao_khe.quan)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(report_url(mao_khe.ward, mao_khe.period)).content.decode()
    assert '<html lang="en"' in page
    total = table(page, "members-by-cell").row("Total")
    assert total[3] == "1,234"
    assert table(page, "members-by-gender").row("Female")[1:] == ["556", "45.1%"]
    assert "Year 2024" in page


def test_a_ward_without_a_report_says_so_and_prints_the_rest(client_for, olga, mao_khe):
    ward_b = mao_khe.h.ward_b  # no report in 2024
    page = client_for(olga).get(report_url(ward_b, mao_khe.period)).content.decode()
    assert has_element(page, "no-report")
    assert not has_element(page, "members-by-cell")
    assert not has_element(page, "members-by-gender")
    assert table(page, "staffing").body  # section IV onwards still printed
    assert table(page, "cadres-by-education").row(vi("Total"))[1] == "0"
    assert len(table(page, "indicators").body) == Indicator.objects.count()


# --- The page itself -----------------------------------------------------------------------------


def test_the_page_stands_alone_with_a_toolbar_and_the_language_switch(client_for, mao_khe):
    response = client_for(mao_khe.quan).get(report_url(mao_khe.ward, mao_khe.period))
    # Without the site's chrome: its own page, and the stock's table it shares with the ward page.
    names = [t.name for t in response.templates]
    assert names == ["printouts/ward_report.html", "reports/_stock.html"]
    page = response.content.decode()
    ward, period = mao_khe.ward, mao_khe.period
    assert f'href="{reverse("dashboards:ward", args=[ward.pk])}?period={period.pk}"' in page
    assert f'href="{reverse("printouts:ward_report_pdf", args=[ward.pk])}?period={period.pk}"' in (
        page
    )
    assert f'action="{reverse("set_language")}"' in page
    assert "wardstats/print.css" in page


def test_the_page_has_no_inline_script_or_style_for_the_csp(page):
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert "<style" not in page
    assert re.findall(r"\sstyle=", page) == []
    assert re.findall(r"\son[a-z]+=", page) == []  # no onclick="window.print()"


def test_the_ratings_table_shows_the_entered_ratings_and_the_organisations(client_for, mao_khe):
    from wardstats.reports.models import CellFigures

    rows = CellFigures.objects.filter(report=mao_khe.report)
    police = rows.get(cell__name="Chi bộ Công an phường")  # 34 members, all "tốt" until now
    rows.filter(pk=police.pk).update(rated_good=30, rated_excellent=2, unrated_new=2)
    Report.objects.filter(pk=mao_khe.report.pk).update(
        organisation_level="excellent", organisation_level_given="good"
    )
    summaries.refresh_all()
    page = client_for(mao_khe.quan).get(report_url(mao_khe.ward, mao_khe.period)).content
    ratings = table(page.decode(), "member-ratings")
    counts = [row[1] for row in ratings.body]
    assert counts == ["2", "1.230", "0", "0", "2", "0", "0", "1.234"]  # 1.200 + 30 "tốt"
    assert ratings.body[0][2] == "0,2%"  # 2 of 1.234
    organisation = table(page.decode(), "organisation-rating")
    assert [row[-1] for row in organisation.body] == [
        vi_label(QualityLevel.EXCELLENT, capitalised=False),
        vi_label(QualityLevel.GOOD, capitalised=False),
    ]


def test_the_period_line_says_as_at_the_last_day_as_the_forms_do(page):
    assert "Có đến 31-12-2024" in page
