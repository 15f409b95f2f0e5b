"""The CSV and XLSX exports of the area dashboard hold exactly the wards and figures the page
shows: the page writes numbers the Vietnamese way ("1.234", "12,5%"), the exports as numbers."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.dashboards.pages import data_table, header, label, vi_number
from wardstats.dashboards.tables import AreaTable, RollupTable
from wardstats.hierarchy.models import UnitClass
from wardstats.indicators import summaries
from wardstats.indicators.models import Indicator, IndicatorUnit, IndicatorValue, Status
from wardstats.reports.models import ReportStatus

FORMATS = ["csv", "xlsx"]
QUERIES = [
    pytest.param({}, id="all"),
    pytest.param({"sort": "-ind_pool_women"}, id="sorted"),
    pytest.param({"report": "not_submitted", "sort": "-ward"}, id="filtered"),
]


def exported(response, fmt: str) -> list[dict]:
    """The export's rows as {header: value}, values as the file holds them."""
    if fmt == "csv":
        assert response.content.startswith("\ufeff".encode()), "Excel needs the BOM for UTF-8"
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        rows = [[None if v == "" else v for v in row] for row in rows]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    headers, *body = rows
    return [dict(zip(headers, row, strict=True)) for row in body]


def vi_word(text: str | None) -> str | None:
    """A level or yes/no as the page shows it; None where it shows no value."""
    return None if text in (None, "", "—") else text


def number(value) -> Decimal | None:
    """A figure from an export: a plain number (text in CSV), never a formatted one."""
    return None if value is None else Decimal(str(value))


@pytest.fixture
def pages(client_for, olga, area):
    """The page and one export of the area, for the same query."""

    def fetch(fmt: str, query: dict):
        client = client_for(olga)
        url = reverse("dashboards:area", args=[area.district.pk])
        query = {"period": area.period.pk, **query}
        page = client.get(url, query)
        export = client.get(url, {**query, "_export": fmt})
        assert (page.status_code, export.status_code) == (200, 200)
        return data_table(page.content.decode()), exported(export, fmt)

    return fetch


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("query", QUERIES)
def test_the_export_has_the_pages_wards_in_the_pages_order(pages, fmt, query):
    table, rows = pages(fmt, query)
    ward = header("ward")
    assert [row[ward] for row in rows] == [cells[ward].text for cells in table.rows]
    assert rows, "the query left no ward to compare"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("query", QUERIES)
def test_the_export_has_the_pages_indicator_values_and_statuses(pages, fmt, query):
    table, rows = pages(fmt, query)
    ward = header("ward")
    compared = 0
    for cells, row in zip(table.rows, rows, strict=True):
        assert row[ward] == cells[ward].text
        for indicator in Indicator.objects.all():
            shown = cells[indicator.short_name]
            headers = list(row)
            status_header = headers[headers.index(indicator.short_name) + 1]
            if indicator.unit in (IndicatorUnit.LEVEL, IndicatorUnit.YES_NO):
                # A level (HTTNV) or a yes/no (Có) is written as the page shows it.
                assert (row[indicator.short_name] or None) == vi_word(shown.value), (
                    row[ward],
                    indicator.code,
                )
            else:
                assert number(row[indicator.short_name]) == vi_number(shown.value), (
                    row[ward],
                    indicator.code,
                )
            assert row[status_header] == label(Status(shown.status)), (row[ward], indicator.code)
            compared += 1
    assert compared == len(rows) * Indicator.objects.count() > 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_has_the_pages_class_and_report_status(pages, fmt):
    table, rows = pages(fmt, {})
    for cells, row in zip(table.rows, rows, strict=True):
        assert label(UnitClass(row[header("unit_class")])) == cells[header("unit_class")].text
        assert row[header("report_status")] == cells[header("report_status")].text


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_has_the_targets_met_that_the_page_shows(pages, fmt):
    table, rows = pages(fmt, {})
    column = header("targets_met")
    for cells, row in zip(table.rows, rows, strict=True):
        met, _rated = cells[column].text.split("/")
        assert number(row[column]) == vi_number(met)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_has_the_targets_rated_that_the_page_shows(pages, fmt):
    table, rows = pages(fmt, {})
    assert "targets_rated" in AreaTable.base_columns, "no column for the targets rated"
    column = header("targets_met")
    for cells, row in zip(table.rows, rows, strict=True):
        _met, rated = cells[column].text.split("/")
        assert number(row[header("targets_rated")]) == vi_number(rated)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_writes_members_and_cells_as_plain_numbers(pages, fmt):
    table, rows = pages(fmt, {})
    for column in ("members", "cells"):
        on_page = [vi_number(cells[header(column)].text) for cells in table.rows]
        assert [number(row[header(column)]) for row in rows] == on_page, column


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_values_are_the_stored_indicator_values(pages, area, fmt):
    _table, rows = pages(fmt, {})
    stored = {
        (v.ward.name, v.indicator.short_name): v
        for v in IndicatorValue.objects.filter(period=area.period).select_related(
            "ward", "indicator"
        )
    }
    ward = header("ward")
    for row in rows:
        headers = list(row)
        for indicator in Indicator.objects.all():
            value = stored[(row[ward], indicator.short_name)]
            status_header = headers[headers.index(indicator.short_name) + 1]
            if indicator.unit == IndicatorUnit.YES_NO:
                word = {1: "Có", 0: "Không"}.get(None if value.value is None else int(value.value))
                assert (row[indicator.short_name] or None) == word
            elif indicator.unit != IndicatorUnit.LEVEL:
                assert number(row[indicator.short_name]) == value.value
            assert row[status_header] == label(Status(value.status))
    # The figures the fixture's docstring computes by hand, as exported.
    pool_women_header = Indicator.objects.get(code="pool_women").short_name
    pool_women = {row[ward]: number(row[pool_women_header]) for row in rows}
    assert pool_women == {
        "Phường A": Decimal("50.0"),
        "Phường B": Decimal("100.0"),
        "Phường C": Decimal("12.5"),
        "Phường D": None,
    }


def test_the_page_writes_numbers_the_vietnamese_way(pages):
    table, _rows = pages("csv", {})
    by_ward = {cells[header("ward")].text: cells for cells in table.rows}
    assert by_ward["Phường A"][header("members")].text == "1.234"
    pool_women = Indicator.objects.get(code="pool_women").short_name
    assert by_ward["Phường C"][pool_women].value == "12,5%"
    assert by_ward["Phường D"][pool_women].value == "—"


def test_the_export_is_named_after_the_area_and_period(client_for, olga, area):
    url = reverse("dashboards:area", args=[area.district.pk])
    response = client_for(olga).get(url, {"period": area.period.pk, "_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{area.district.code}-2024-1.csv"' in response["Content-Disposition"]


def test_an_export_holds_every_ward_of_the_area_not_just_the_first_page(client_for, olga, area):
    with factories.bulk():
        for i in range(30):
            factories.make_ward(parent=area.district, name=f"Phường Thêm {i:02d}")
    summaries.refresh(period=area.period)
    url = reverse("dashboards:area", args=[area.district.pk])
    page = client_for(olga).get(url, {"period": area.period.pk})
    export = client_for(olga).get(url, {"period": area.period.pk, "_export": "csv"})
    assert len(data_table(page.content.decode()).rows) == 25
    assert len(exported(export, "csv")) == 34


def test_report_statuses_in_the_export_are_the_labels_the_page_uses(pages):
    _table, rows = pages("csv", {})
    statuses = {row[header("ward")]: row[header("report_status")] for row in rows}
    assert statuses["Phường A"] == label(ReportStatus.SUBMITTED)
    assert statuses["Phường B"] == label(ReportStatus.DRAFT)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_rollup_export_holds_the_rows_and_figures_of_its_page(client_for, admin, area, fmt):
    client = client_for(admin)
    url = reverse("dashboards:rollup", args=[area.district.pk])
    query = {"period": area.period.pk}
    page = data_table(client.get(url, query).content.decode())
    rows = exported(client.get(url, {**query, "_export": fmt}), fmt)

    assert rows, "the roll-up exports no rows"
    assert len(rows) == len(page.rows)
    assert list(rows[0]) == page.headers
    for shown, row in zip(page.rows, rows, strict=True):
        for heading in page.headers:
            text, value = shown[heading].text, row[heading]
            if heading == page.headers[0]:
                assert value == text
            elif "/" in text:  # wards meeting the target / wards rated
                assert value == text.replace(".", "")
            elif text == "—" and isinstance(value, str):
                assert value == "—"
            else:
                assert number(value) == vi_number(text), (heading, text, value)
    with translation.override("vi"):
        members = page.column(str(RollupTable.base_columns["members"].verbose_name))
    assert sum(vi_number(cell.text) or 0 for cell in members) > 0
