"""Screenshots for the README, taken in Debian's Chromium through Playwright.

Usage, with the demo data loaded and the server running (`make run`):
    .venv/bin/python docs/screenshots/take.py [http://127.0.0.1:8000]

Saves, next to this file:
    area-dashboard.png     Thành phố Đông Triều, 2024, as the area officer `dongtrieu`
    ward-page.png          the new Phường Mạo Khê, 2025, as its editor `maokhe` (top of the page)
    secretary-home.png     `maokhe`'s home on a 360 px phone: what is due in the new Mạo Khê
    entry-phone.png        the new Mạo Khê's 2025 report on that phone, scrolled to its cells
    entry-desktop.png      the same report on a 1366 px desktop
    printed-report.png     the old Phường Mạo Khê's printable report of 2018, as `maokhe`: A4-ish,
                           in print media (as on paper, without the screen's toolbar)
    english-ward-page.png  the new Phường Mạo Khê, 2025, in English (chosen with the page's own
                           language switch), as `maokhe` (top of the page)
    import-preview.png     the new Phường Mạo Khê's 2025 workbook, downloaded, one cell's members
                           changed, uploaded: the import's preview, as `maokhe` (not saved: the
                           demo data stays as it is)
"""

import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect, sync_playwright

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PASSWORDS = {
    "dongtrieu": "dongtrieu-wardstats-2025",
    "maokhe": "maokhe-wardstats-2025",
}


def logged_in_page(browser, username: str, viewport: dict):
    """A page of a fresh context (its own cookies), logged in and on the user's home page."""
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{BASE}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORDS[username])
    page.click("form.login button[type=submit]")
    page.wait_for_load_state()
    if "/login/" in page.url:
        sys.exit(f"could not log in as {username}: is the demo data loaded (seed_demo)?")
    return page


def pick_period(page, year: int) -> None:
    """Choose the period of `year` in the page's period picker, unless it is already shown."""
    heading = page.locator("h1")
    if str(year) in heading.inner_text():
        return
    select = page.locator("form.toolbar select[name=period]")
    select.select_option(label=f"Năm {year}")
    with page.expect_navigation():
        select.locator("xpath=ancestor::form").locator("button[type=submit]").first.click()
    expect(heading).to_contain_text(str(year))


def area_dashboard(browser) -> None:
    page = logged_in_page(browser, "dongtrieu", {"width": 1400, "height": 900})
    expect(page.locator("h1")).to_contain_text("Đông Triều")
    pick_period(page, 2024)
    page.screenshot(path=HERE / "area-dashboard.png", full_page=True)
    page.context.close()


def to_ward_page(page) -> None:
    """From maokhe's home (the new Phường Mạo Khê, from 01/07/2025) to its ward page."""
    with page.expect_navigation():
        page.locator(".ward-card a", has_text="Chỉ số").first.click()
    expect(page.locator("h1")).to_contain_text("Mạo Khê")


def ward_page(browser) -> None:
    page = logged_in_page(browser, "maokhe", {"width": 1400, "height": 1200})
    to_ward_page(page)
    pick_period(page, 2025)
    page.wait_for_function("window.Chart && Chart.getChart(document.getElementById('trend'))")
    page.screenshot(path=HERE / "ward-page.png", full_page=False)
    page.context.close()


def secretary_screens(browser) -> None:
    phone = logged_in_page(browser, "maokhe", {"width": 360, "height": 800})
    expect(phone.locator("h1")).to_have_text("Báo cáo của đảng bộ")
    phone.screenshot(path=HERE / "secretary-home.png", full_page=True)
    with phone.expect_navigation():
        phone.locator(".ward-card a.primary").first.click()
    expect(phone.locator("table.grid tbody tr")).to_have_count(107)
    phone.evaluate("document.getElementById('cells-title').scrollIntoView()")
    phone.screenshot(path=HERE / "entry-phone.png", full_page=False)
    phone.context.close()
    desktop = logged_in_page(browser, "maokhe", {"width": 1366, "height": 768})
    with desktop.expect_navigation():
        desktop.locator(".ward-card a.primary").first.click()
    desktop.screenshot(path=HERE / "entry-desktop.png", full_page=False)
    desktop.context.close()


def printed_report(browser) -> None:
    # A4-ish: 900 px wide, about an A4 sheet's proportions.
    page = logged_in_page(browser, "maokhe", {"width": 900, "height": 1200})
    to_ward_page(page)
    # From the new Mạo Khê's page to the old one (to 30/06/2025), among the units it was
    # formed from, then its 2018 report printed.
    predecessors = page.locator("main p", has_text="Các đơn vị đã nhập vào:")
    with page.expect_navigation():
        predecessors.get_by_role("link", name="Phường Mạo Khê", exact=True).click()
    expect(page.locator(".lead")).to_contain_text("30/06/2025")
    pick_period(page, 2018)
    with page.expect_navigation():
        page.locator("nav.links a", has_text="Bản in báo cáo").click()
    expect(page.locator("h1")).to_have_text("Báo cáo thống kê")
    expect(page.locator(".subtitle.period")).to_contain_text("Năm 2018")
    page.emulate_media(media="print")
    expect(page.locator("nav.print-toolbar")).to_be_hidden()
    page.screenshot(path=HERE / "printed-report.png", full_page=False)
    page.context.close()


def english_ward_page(browser) -> None:
    page = logged_in_page(browser, "maokhe", {"width": 1400, "height": 1200})
    to_ward_page(page)
    pick_period(page, 2025)
    # The language switch in the page's top bar, as a user changes it.
    switch = page.locator("header form.lang")
    switch.locator("select[name=language]").select_option(label="Tiếng Anh")  # English
    with page.expect_navigation():
        switch.locator("button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Year 2025")
    page.wait_for_function("window.Chart && Chart.getChart(document.getElementById('trend'))")
    page.screenshot(path=HERE / "english-ward-page.png", full_page=False)
    page.context.close()


def import_preview(browser) -> None:
    page = logged_in_page(browser, "maokhe", {"width": 1400, "height": 900})
    to_ward_page(page)
    pick_period(page, 2025)
    with tempfile.TemporaryDirectory() as folder:
        # The workbook from the ward page; one cell's members changed as in Excel.
        with page.expect_download() as download:
            page.locator("nav.links a", has_text="Sổ bảng tính (.xlsx)").click()
        path = Path(folder) / download.value.suggested_filename
        download.value.save_as(path)
        book = load_workbook(path)
        cells = book["Chi bộ"]
        members = [cell.value for cell in cells[1]].index("Đảng viên") + 1
        figure = cells.cell(row=2, column=members)
        figure.value += 3
        book.save(path)
        # Uploaded on the import page: the preview, and nothing saved.
        with page.expect_navigation():
            page.locator("nav.links a", has_text="Nhập từ bảng tính").click()
        page.locator("input[type=file][name=file]").set_input_files(path)
        with page.expect_navigation():
            page.locator("form.upload button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Xem trước khi nhập")
    expect(page.locator("table.outcomes tbody tr")).to_have_count(1)
    page.screenshot(path=HERE / "import-preview.png", full_page=True)
    page.context.close()


def main() -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            area_dashboard(browser)
            ward_page(browser)
            secretary_screens(browser)
            printed_report(browser)
            english_ward_page(browser)
            import_preview(browser)
        finally:
            browser.close()
    for name in (
        "area-dashboard.png",
        "ward-page.png",
        "secretary-home.png",
        "entry-phone.png",
        "entry-desktop.png",
        "printed-report.png",
        "english-ward-page.png",
        "import-preview.png",
    ):
        print(HERE / name)


if __name__ == "__main__":
    main()
