"""A ward secretary's spreadsheets and printed report in a real Chromium, on the demo data, in
Vietnamese as people see it. The editor of the new Mạo Khê (maokhe), in 2025:

- downloads her ward's workbook from the ward page, changes one cell's members and women in it
  (openpyxl, as she would in Excel), uploads it on the import page, reads the preview
  (old → new), saves it, and finds the new figures on the ward page and in the database;
- uploads a workbook with mistakes (text in a number column, a negative count) and reads each
  problem by sheet, row and column, with nothing to confirm and nothing saved;
- opens the printable report from the ward page: its sections, its toolbar gone in print
  media, and the page in English through its own language switch.

Each test seeds the demo data itself (seed_demo, a few seconds): the live server needs a
transactional database, which is emptied after every test.

Screenshots go to tests/artifacts/spreadsheet-journey-*.png.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.spreadsheets.conftest import column_of, row_of, state
from wardstats.hierarchy.models import Unit
from wardstats.periods.models import Period
from wardstats.reports.figures import report_totals
from wardstats.reports.models import CellFigures, Report
from wardstats.spreadsheets.columns import CELL_SHEET
from wardstats_dev import reference as ref
from wardstats_dev.users import DEMO_USERS

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback: each test starts from the rows the migrations put there (the
    # indicator catalogue, which seed_demo needs), although the test before it was flushed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITOR = next(user for user in DEMO_USERS if user.username == "maokhe")
YEAR = 2025
# A cell of the new Mạo Khê whose figures the secretary changes.
CELL_NAME = "Chi bộ Công an phường Mạo Khê"


def in_language(language: str, text) -> str:
    """`text` (a message id, a lazy string, or an object) as a page in `language` shows it."""
    with translation.override(language):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def vi(text) -> str:
    return in_language("vi", text)


def en(text) -> str:
    return in_language("en", text)


def shown(number: int) -> str:
    """A count as the Vietnamese pages show it: 1493 → 1.493."""
    return f"{number:,}".replace(",", ".")


def seed_demo() -> None:
    # pytest-django runs the tests with DEBUG off, which seed_demo refuses without this option.
    call_command("seed_demo", allow_without_debug=True, stdout=StringIO())


def new_mao_khe():
    ward = Unit.objects.get(code=ref.MAO_KHE_CODE, valid_from=ref.REFORM)
    period = Period.objects.get(kind="year", year=YEAR)
    return ward, period


@pytest.fixture
def new_page(browser):
    """`new_page()`: a page in a context of its own (its own login and language cookie),
    closed after the test whatever happens."""
    contexts = []

    def make():
        context = browser.new_context(
            viewport={"width": 1400, "height": 900}, accept_downloads=True
        )
        contexts.append(context)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.problems = []  # JavaScript errors, and answers >= 400 (but the favicon's)
        page.on("pageerror", lambda error: page.problems.append(f"JavaScript: {error}"))
        page.on(
            "response",
            lambda response: (
                page.problems.append(f"{response.status} {response.url}")
                if response.status >= 400 and not response.url.endswith("/favicon.ico")
                else None
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()


def no_errors(page, step: str) -> None:
    assert page.problems == [], f"{step}: {page.problems}"


def open_ward_page(page, base_url: str, ward, period) -> None:
    """Log in through the app's form; from the secretary's home to her ward's page; show the
    period (its only one, for the new Mạo Khê) through the page's period picker if need be."""
    page.goto(f"{base_url}{reverse('login')}")
    page.fill("#id_username", EDITOR.username)
    page.fill("#id_password", EDITOR.password)
    with page.expect_navigation():
        page.click("form.login button[type=submit]")
    with page.expect_navigation():
        page.locator(".ward-card a", has_text="Chỉ số").first.click()
    page.wait_for_url(re.compile(rf"/ward/{ward.pk}/"))
    heading = page.locator("h1")
    expect(heading).to_contain_text(ward.name)
    if vi(period) not in heading.inner_text():
        select = page.locator("form.toolbar select[name=period]")
        select.select_option(value=str(period.pk))
        with page.expect_navigation():
            select.locator("xpath=ancestor::form").locator("button[type=submit]").click()
    expect(heading).to_have_text(f"{ward.name} — {vi(period)}")
    assert page.evaluate("document.documentElement.lang") == "vi"
    no_errors(page, "ward page")


def ward_link(page, label: str):
    """A link of the ward page's row of spreadsheet and print links, by its Vietnamese text."""
    link = page.locator("nav.links a", has_text=vi(label))
    expect(link).to_have_count(1)
    return link


def download_workbook(page, link, ward, tmp_path):
    """Click `link` (the workbook's), wait for the download; the workbook, opened."""
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None, download.failure()
    name = download.suggested_filename
    assert name.startswith(f"{ward.code}-{YEAR}-") and name.endswith("-workbook.xlsx"), name
    path = tmp_path / name
    download.save_as(path)
    return load_workbook(path)


def cells_sheet(book):
    title = vi(CELL_SHEET.title)
    assert title in book.sheetnames, book.sheetnames
    return book[title]


def heading(field: str) -> str:
    return vi(CELL_SHEET.column(field).heading)


def row_of_cell(sheet, name: str) -> int:
    return row_of(sheet, heading("cell"), name)


def upload(page, path) -> None:
    """Choose the file on the page's upload form and have it checked."""
    form = page.locator("form.upload").last
    form.locator("input[type=file][name=file]").set_input_files(path)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text(vi("Preview of the import"))
    assert page.evaluate("document.documentElement.lang") == "vi"


def table_row(page, table: str, first_cell: str):
    """The row of `table` whose cell is exactly `first_cell` (a cell's name)."""
    rows = page.locator(f"{table} tbody tr")
    return rows.filter(has=page.get_by_role("cell", name=first_cell, exact=True))


def test_secretary_downloads_changes_and_imports_her_workbook(
    new_page, live_server, artifacts, tmp_path
):
    seed_demo()
    ward, period = new_mao_khe()
    report = Report.objects.get(ward=ward, period=period)
    figures = CellFigures.objects.get(report=report, cell__name=CELL_NAME)
    members, women = figures.members + 5, figures.women + 2
    other_figures = {f.pk: (f.members, f.women) for f in report.cell_figures.exclude(pk=figures.pk)}
    page = new_page()
    open_ward_page(page, live_server.url, ward, period)

    # The workbook, from the ward page's link: the cell's figures are the database's.
    book = download_workbook(page, ward_link(page, "Workbook (.xlsx)"), ward, tmp_path)
    sheet = cells_sheet(book)
    row = row_of_cell(sheet, CELL_NAME)
    members_cell = sheet.cell(row=row, column=column_of(sheet, heading("members")))
    women_cell = sheet.cell(row=row, column=column_of(sheet, heading("women")))
    assert (members_cell.value, women_cell.value) == (figures.members, figures.women)
    members_cell.value, women_cell.value = members, women
    changed = tmp_path / "so-lieu-mao-khe-2025.xlsx"
    book.save(changed)

    # The import page, through the ward page's link; the file uploaded; the preview.
    with page.expect_navigation():
        ward_link(page, "Import a spreadsheet").click()
    assert reverse("spreadsheets:import", args=[ward.pk]) in page.url, page.url
    expect(page.locator("h1")).to_have_text(
        f"{vi('Import a spreadsheet')}: {ward.name} — {vi(period)}"
    )
    upload(page, changed)
    no_errors(page, "preview")
    expect(page.locator("p.lead")).to_contain_text(changed.name)
    expect(page.locator("table.issues")).to_have_count(0)
    outcomes = page.locator("table.outcomes tbody tr")
    expect(outcomes).to_have_count(1)  # one row changed, the other cells unchanged
    row = table_row(page, "table.outcomes", CELL_NAME)
    expect(row).to_have_count(1)
    expect(row.locator(".status")).to_have_text("sửa")  # changed
    changes = row.locator("td").last
    expect(changes).to_contain_text(f"Đảng viên: {figures.members} → {members}")
    expect(changes).to_contain_text(f"{heading('women')}: {figures.women} → {women}")
    counts = table_row(page, "table.counts", vi(CELL_SHEET.title))
    expect(counts.locator("td").nth(2)).to_have_text("1")  # changed
    page.screenshot(path=artifacts / "spreadsheet-journey-1-preview.png", full_page=True)
    # Nothing saved before the confirmation.
    figures.refresh_from_db()
    assert (figures.members, figures.women) == (members - 5, women - 2)

    # Saved: back on the ward page, with the message, the new figures in the cells' table.
    save = page.get_by_role("button", name="Lưu các thay đổi này")
    expect(save).to_have_count(1)
    with page.expect_navigation():
        save.click()
    no_errors(page, "save")
    ward_url = f"{reverse('dashboards:ward', args=[ward.pk])}?period={period.pk}"
    assert page.url.endswith(ward_url), page.url
    message = page.locator("ul.messages li.notice-success")
    expect(message).to_have_count(1)
    expect(message).to_have_text(f"Đã lưu 1 dòng từ {changed.name}.")
    cell_row = table_row(page, "table.cells", CELL_NAME)
    expect(cell_row).to_have_count(1)
    expect(cell_row.locator("td").nth(2)).to_have_text(shown(members))
    expect(cell_row.locator("td").nth(4)).to_have_text(shown(women))
    page.screenshot(path=artifacts / "spreadsheet-journey-2-saved.png", full_page=False)

    figures.refresh_from_db()
    assert (figures.members, figures.women) == (members, women)
    assert figures.history.first().history_change_reason.endswith(changed.name)
    assert {
        f.pk: (f.members, f.women) for f in report.cell_figures.exclude(pk=figures.pk)
    } == other_figures


def test_a_workbook_with_mistakes_is_refused_with_each_problem_shown(
    new_page, live_server, artifacts, tmp_path
):
    seed_demo()
    ward, period = new_mao_khe()
    before = state(ward)
    page = new_page()
    open_ward_page(page, live_server.url, ward, period)
    with page.expect_navigation():
        ward_link(page, "Import a spreadsheet").click()

    # The workbook from the import page's own link, with two mistakes in two cells' rows.
    link = page.locator("ol.steps a", has_text=vi("Download the workbook (.xlsx)"))
    book = download_workbook(page, link, ward, tmp_path)
    sheet = cells_sheet(book)
    text_row = row_of_cell(sheet, CELL_NAME)
    negative_row = row_of_cell(sheet, "Chi bộ Công an phường Kim Sơn")
    sheet.cell(row=text_row, column=column_of(sheet, heading("members")), value="ba mươi")
    sheet.cell(row=negative_row, column=column_of(sheet, heading("women")), value=-3)
    wrong = tmp_path / "so-lieu-sai.xlsx"
    book.save(wrong)

    upload(page, wrong)
    # A file with problems is answered 400 (Bad Request): the only answer of that kind.
    assert len(page.problems) == 1 and page.problems[0].startswith("400 "), page.problems
    assert "/import/" in page.problems[0], page.problems
    expect(page.locator(".notice-error").first).to_contain_text(
        "Tệp có 2 lỗi; không có gì được lưu."
    )
    rows = page.locator("table.issues tbody tr")
    expect(rows).to_have_count(2)
    found = [[td.inner_text().strip() for td in row.locator("td").all()] for row in rows.all()]
    expected = [
        ["Chi bộ", str(text_row), "Đảng viên", "“ba mươi” không phải là số nguyên."],
        ["Chi bộ", str(negative_row), heading("women"), "Số lượng không được âm (-3)."],
    ]
    assert sorted(found, key=lambda r: int(r[1])) == sorted(expected, key=lambda r: int(r[1]))
    headings = [th.inner_text().strip() for th in page.locator("table.issues thead th").all()]
    assert headings == ["trang tính", "dòng", "cột", "lỗi"], headings
    # Nothing to confirm.
    expect(page.get_by_role("button", name="Lưu các thay đổi này")).to_have_count(0)
    expect(page.locator("input[name=token]")).to_have_count(0)
    expect(page.locator("form[action*='/import/confirm/']")).to_have_count(0)
    page.screenshot(path=artifacts / "spreadsheet-journey-3-problems.png", full_page=True)

    assert state(ward) == before


def test_printable_report_prints_without_its_toolbar_and_switches_to_english(
    new_page, live_server, artifacts
):
    seed_demo()
    ward, period = new_mao_khe()
    page = new_page()
    open_ward_page(page, live_server.url, ward, period)

    with page.expect_navigation():
        ward_link(page, "Printable report").click()
    print_url = f"{reverse('printouts:ward_report', args=[ward.pk])}?period={period.pk}"
    assert page.url.endswith(print_url), page.url
    no_errors(page, "printable report")
    assert page.evaluate("document.documentElement.lang") == "vi"
    expect(page.locator("h1")).to_have_text(vi("Statistical report"))
    expect(page.locator("table.facts")).to_contain_text(ward.name)
    expect(page.locator("table.facts")).to_contain_text(ward.code)
    expect(page.locator("p.subtitle.period")).to_contain_text(vi(period))
    sections = [
        "Party members by cell",
        "Party members by gender",
        "Increase and decrease of Party members",
        "Staffing against quota",
        "Cadres and civil servants by education, political theory, age band and gender",
        "Indicators against targets",
        "The structure of the membership",
        "Party organisations and cell meetings",
        "Quality ratings",
    ]
    expect(page.locator("section h2")).to_have_text(
        [re.compile(re.escape(vi(title)) + "$") for title in sections]
    )
    assert vi(sections[0]) == "Đảng viên theo chi bộ"
    # The figures are the report's: the cells' rows and their total.
    report = Report.objects.get(ward=ward, period=period)
    total = page.locator("#members-by-cell tr.total td").nth(3)
    expect(total).to_have_text(shown(report_totals(report)["members"]))

    # On screen the toolbar shows (its Print button made visible by print.js); printed, not.
    toolbar = page.locator("nav.print-toolbar")
    expect(toolbar).to_be_visible()
    expect(toolbar.locator("button[data-print]")).to_be_visible()
    page.emulate_media(media="print")
    expect(toolbar).to_be_hidden()
    expect(page.locator("article.sheet")).to_be_visible()
    expect(page.locator("section h2").first).to_be_visible()
    page.screenshot(path=artifacts / "spreadsheet-journey-4-printed.png", full_page=False)
    page.emulate_media(media="screen")
    expect(toolbar).to_be_visible()

    # The language switch of the page: the same report, in English.
    switch = toolbar.locator("form.lang")
    switch.locator("select[name=language]").select_option(label=vi("English"))
    with page.expect_navigation():
        switch.locator("button[type=submit]").click()
    no_errors(page, "English")
    assert page.url.endswith(print_url), page.url
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page.locator("h1")).to_have_text("Statistical report")
    expect(page.locator("section h2").first).to_have_text("I. Party members by cell")
    expect(page.locator("section h2")).to_have_text(
        [re.compile(re.escape(en(title)) + "$") for title in sections]
    )
    expect(page.locator("table.facts")).to_contain_text(ward.name)
    expect(toolbar.locator("button[type=submit]")).to_have_text("Change language")
    page.screenshot(path=artifacts / "spreadsheet-journey-5-english.png", full_page=False)
