"""Screenshots for the README, taken in Debian's Chromium through Playwright.

Usage, with the demo data loaded and the server running (`make run`):
    .venv/bin/python docs/screenshots/take.py [http://127.0.0.1:8000]

Saves, next to this file:
    area-dashboard.png  Thành phố Đông Triều, 2024, as the area officer `dongtrieu`
    ward-page.png       the new Phường Mạo Khê, 2025, as its editor `maokhe` (top of the page)
    admin-report.png    the old Phường Mạo Khê's 2018 report in the admin, as `maokhe`
"""

import sys
from pathlib import Path

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
    page.goto(f"{BASE}/admin/login/?next=/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORDS[username])
    page.click("input[type=submit]")
    page.wait_for_load_state()
    if "/admin/login/" in page.url:
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


def ward_page(browser) -> None:
    # maokhe's home page is the new Phường Mạo Khê (from 01/07/2025).
    page = logged_in_page(browser, "maokhe", {"width": 1400, "height": 1200})
    expect(page.locator("h1")).to_contain_text("Mạo Khê")
    pick_period(page, 2025)
    page.wait_for_function("window.Chart && Chart.getChart(document.getElementById('trend'))")
    page.screenshot(path=HERE / "ward-page.png", full_page=False)
    page.context.close()


def admin_report(browser) -> None:
    page = logged_in_page(browser, "maokhe", {"width": 1400, "height": 1200})
    page.goto(f"{BASE}/admin/reports/report/?q=Mạo+Khê")
    # The old ward (to 30/06/2025) reported 2018; the new one exists from 2025 only.
    row = page.locator("#result_list tbody tr", has_text="Năm 2018")
    with page.expect_navigation():
        row.locator("a").first.click()
    expect(page.locator("#content h2, #content h1").first).to_be_visible()
    toggle = page.locator("#toggle-nav-sidebar")
    if toggle.is_visible():
        toggle.click()  # the report wider, the menu folded away
    page.evaluate("window.scrollTo(0, 0)")  # the click scrolled the toggle into view
    page.screenshot(path=HERE / "admin-report.png", full_page=False)
    page.context.close()


def main() -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            area_dashboard(browser)
            ward_page(browser)
            admin_report(browser)
        finally:
            browser.close()
    for name in ("area-dashboard.png", "ward-page.png", "admin-report.png"):
        print(HERE / name)


if __name__ == "__main__":
    main()
