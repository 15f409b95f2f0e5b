"""The area officer's journey through the dashboards in a real Chromium, on the demo data:
log in, land on Đông Triều's dashboard, sort by an indicator (both ways), follow a ward, see
its indicators and its trend chart; and the dashboard fits a phone's width.

Each test seeds the demo data itself (seed_demo, a few seconds): the live server needs a
transactional database, which is emptied after every test.
"""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from wardstats_dev.users import DEMO_USERS

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback: each test starts from the rows the migrations put there (the
    # indicator catalogue, which seed_demo needs), although the test before it was flushed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OFFICER = next(user for user in DEMO_USERS if user.username == "dongtrieu")
AREA_NAME = "Thành phố Đông Triều"
YEAR = 2024
# Cán bộ, công chức so với chỉ tiêu: a percentage that differs from ward to ward in the demo.
INDICATOR = "staff_within_quota"
COLUMN = f"ind_{INDICATOR}"
PHONE = {"width": 390, "height": 844}

# The dashboard column of an indicator: its header link, and per row the ward and the value
# as shown (None where the ward has no value: the cell shows a "no data" badge only).
READ_COLUMN = """(column) => {
  const sorts = new RegExp("[?&]sort=-?" + column + "(&|$)");
  const heads = Array.from(document.querySelectorAll("table.data thead th"));
  const index = heads.findIndex((th) => {
    const link = th.querySelector("a");
    return link !== null && sorts.test(link.getAttribute("href"));
  });
  if (index < 0) return null;
  const rows = Array.from(document.querySelectorAll("table.data tbody tr")).map((tr) => {
    const value = tr.children[index].querySelector(".value");
    return { ward: tr.children[0].innerText.trim(), value: value && value.innerText.trim() };
  });
  return { title: heads[index].title, index: index, rows: rows };
}"""

# Elements sticking out on the right, outside the one place allowed to scroll sideways.
OVERFLOWING = """() => Array.from(document.querySelectorAll("body *"))
  .filter((el) => !el.closest(".table-wrap")
          && el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map((el) => ({
    what: el.tagName.toLowerCase() + (el.name ? "[name=" + el.name + "]" : "")
          + (el.className && typeof el.className === "string" ? "." + el.className : ""),
  }))"""
# The filter <select>s keep the width of their longest option (an indicator's name): 537 px in
# a 390 px phone. Only that overflow is an expected failure; remove this once site.css is fixed.


def number(shown: str, lang: str) -> Decimal:
    """A figure as the page shows it (1.119 / 96,5% in Vietnamese) as a Decimal."""
    text = shown.strip().rstrip("%").strip()
    if lang.startswith("vi"):
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    return Decimal(text)


def seed_demo() -> None:
    # pytest-django runs the tests with DEBUG off, which seed_demo refuses without this option.
    call_command("seed_demo", allow_without_debug=True, stdout=StringIO())


@pytest.fixture
def new_page(browser):
    """`new_page(viewport)`: a page in a context of its own, closed after the test whatever
    happens (an open context keeps an HTTP connection, hence a live-server thread and its
    database connection, alive: PostgreSQL would then refuse to drop the test database)."""
    contexts = []

    def make(viewport: dict | None = None):
        context = browser.new_context(viewport=viewport or {"width": 1400, "height": 900})
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


def log_in_as_officer(page, base_url: str) -> None:
    """Log in through the admin's form and land where `/` takes the officer: their area."""
    page.goto(f"{base_url}/admin/login/?next=/")
    page.fill("#id_username", OFFICER.username)
    page.fill("#id_password", OFFICER.password)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/area/\d+/"))
    expect(page.locator("h1")).to_contain_text(AREA_NAME)


def show_year(page, year: int) -> None:
    """Pick the period of `year` in the dashboard's toolbar, unless it is already shown."""
    heading = page.locator("h1")
    if str(year) in heading.inner_text():
        return
    select = page.locator("form.toolbar select[name=period]")
    option = select.locator("option", has_text=str(year))
    select.select_option(value=option.get_attribute("value"))
    page.locator("form.toolbar button[type=submit]").click()
    expect(heading).to_contain_text(str(year))


def read_column(page) -> tuple[str, int, list[tuple[str, Decimal | None]]]:
    """The indicator's full name (the header's title), its column's index, and the rows."""
    lang = page.evaluate("document.documentElement.lang")
    column = page.evaluate(READ_COLUMN, COLUMN)
    assert column is not None, f"no sortable column {COLUMN} on {page.url}"
    rows = [
        (row["ward"], None if row["value"] is None else number(row["value"], lang))
        for row in column["rows"]
    ]
    return column["title"], column["index"], rows


def click_header(page, descending: bool) -> None:
    header = page.locator("table.data thead th").filter(has=page.locator(f"a[href*='{COLUMN}']"))
    with page.expect_navigation():
        header.locator("a").click()
    sort = f"-{COLUMN}" if descending else COLUMN
    assert f"sort={sort}" in page.url
    expect(header).to_have_class(re.compile(r"\bdesc\b" if descending else r"\basc\b"))


def assert_sorted(rows, *, descending: bool) -> None:
    """Wards with a value in order of it, then those without (last either way)."""
    values = [value for _, value in rows]
    known = [value for value in values if value is not None]
    assert values == known + [None] * (len(values) - len(known)), rows
    assert known == sorted(known, reverse=descending), rows


def test_officer_sorts_the_area_dashboard_and_follows_a_ward(new_page, live_server, artifacts):
    seed_demo()
    page = new_page()
    log_in_as_officer(page, live_server.url)
    show_year(page, YEAR)

    title, index, by_name = read_column(page)
    assert len(by_name) > 10, by_name  # Đông Triều had 19 wards and communes in 2024
    assert len({value for _, value in by_name if value is not None}) > 1, "nothing to sort"

    click_header(page, descending=False)
    _, _, ascending = read_column(page)
    assert sorted(ascending, key=str) == sorted(by_name, key=str)  # the same rows, reordered
    assert [ward for ward, _ in ascending] != [ward for ward, _ in by_name]
    assert_sorted(ascending, descending=False)

    click_header(page, descending=True)
    _, _, descending = read_column(page)
    assert sorted(descending, key=str) == sorted(by_name, key=str)
    assert_sorted(descending, descending=True)
    assert descending[0][1] == max(value for _, value in by_name if value is not None)
    page.screenshot(path=artifacts / "area-dashboard.png", full_page=True)

    # The ward with the highest value, on its own page.
    first = page.locator("table.data tbody tr").first
    ward = first.locator("td").first.inner_text().strip()
    shown = first.locator("td").nth(index).locator(".value").inner_text().strip()
    with page.expect_navigation():
        first.locator("a[href*='/ward/']").first.click()
    assert re.search(r"/ward/\d+/\?period=\d+", page.url), page.url
    expect(page.locator("h1")).to_contain_text(ward)
    expect(page.locator("h1")).to_contain_text(str(YEAR))

    indicators = page.locator("table.data").first
    expect(indicators.locator("tbody tr")).not_to_have_count(0)
    expect(indicators.locator("tbody .status").first).to_be_visible()
    row = indicators.locator("tbody tr", has_text=title)
    expect(row).to_have_count(1)
    expect(row.locator("td.num")).to_contain_text(shown)  # the figure of the dashboard

    # The trend chart: Chart.js from our own static files, drawn on the canvas.
    script = page.locator("script[src*='chart.umd']")
    expect(script).to_have_count(1)
    assert script.get_attribute("src").startswith("/static/"), script.get_attribute("src")
    page.wait_for_function(
        "() => window.Chart !== undefined"
        " && Chart.getChart(document.getElementById('trend')) !== undefined"
    )
    box = page.locator("canvas#trend").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100, box
    page.screenshot(path=artifacts / "ward-page.png", full_page=True)

    assert page.problems == []


def test_area_dashboard_fits_a_phone(new_page, live_server, artifacts):
    """On a 390 px wide phone nothing but the table scrolls sideways (inside .table-wrap)."""
    seed_demo()
    page = new_page(PHONE)
    log_in_as_officer(page, live_server.url)
    show_year(page, YEAR)
    expect(page.locator(".table-wrap table.data")).to_be_visible()
    page.screenshot(path=artifacts / "area-dashboard-phone.png", full_page=False)

    assert page.problems == []
    scroll_width, width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if scroll_width > width:
        overflowing = page.evaluate(OVERFLOWING)
        pytest.fail(
            f"the page scrolls sideways on a phone ({scroll_width} px wide in {width} px): "
            f"{[item['what'] for item in overflowing[:10]]}"
        )
