"""The ward secretary's year, in a real Chromium on a 360 px phone and a 1366 px desktop, on the
demo data: the new Phường Mạo Khê's 2025 report of 107 cells, entered without ever opening
/admin/ and without a sideways scroll.

Each viewport: log in → home → the report; a bad figure is said beside its field as she types
(the rules of tests/rule_cases.py, the model's) and by the server, nothing saved; a figure saved
and seen again after a reload; leaving with an unsaved edit is warned; a figure changed and
"Lưu và gửi lên cấp trên" pressed without saving first — saved and submitted; the province
returns it with a reason, which her home then shows first. Every page passes axe-core's WCAG
2.1 AA checks. Screenshots go to tests/artifacts/entry-*.png.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, log_in, overflows_sideways
from tests.rule_cases import CASES, message
from wardstats.entry.forms import CODES
from wardstats.entry.rendering import PARTS
from wardstats.hierarchy.models import Unit
from wardstats.reports.models import CELL_COUNT_FIELDS, CellFigures, Report, ReportStatus
from wardstats_dev import reference as ref
from wardstats_dev.users import DEMO_USERS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SECRETARY = next(user for user in DEMO_USERS if user.username == "maokhe")
PROVINCE = next(user for user in DEMO_USERS if user.username == "quangninh")
REASON = "Đề nghị kiểm tra lại số đảng viên nữ của chi bộ đầu danh sách"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", allow_without_debug=True, stdout=StringIO())
    ward = Unit.objects.get(code=ref.MAO_KHE_CODE, valid_from=ref.REFORM)
    return Report.objects.get(ward=ward, period__year=2025)


def checked(page, step: str, artifacts, name: str):
    """The page as it is: no error, no sideways scroll, no serious accessibility fault."""
    assert page.problems == [], f"{step}: {page.problems}"
    assert not overflows_sideways(page), f"{step}: the page scrolls sideways"
    assert axe_violations(page) == [], step
    page.screenshot(path=artifacts / f"entry-{name}.png", full_page=False)


def first_row(page):
    return page.locator("table.grid tbody tr").first


def cell_input(page, report, field: str):
    cell = CellFigures.objects.filter(report=report).order_by("cell__name").first().cell
    return page.locator(f"input[name='{cell.pk}{CODES[field]}']"), cell


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_secretary_enters_checks_and_submits_her_report(
    new_page, live_server, demo, artifacts, viewport
):
    size = "phone" if viewport == PHONE else "desktop"
    page = new_page(viewport)
    log_in(page, live_server.url, SECRETARY.username, SECRETARY.password)
    assert page.url == f"{live_server.url}/"
    checked(page, "home", artifacts, f"{size}-1-home")

    with page.expect_navigation():
        page.get_by_role("link", name="Nhập/sửa báo cáo năm 2025").first.click()
    assert "/report/" in page.url and "/admin/" not in page.url
    expect(page.locator("table.grid tbody tr")).to_have_count(107)
    checked(page, "the report", artifacts, f"{size}-2-report")

    # A bad figure: said beside the field as she types, in the model's own words.
    women, cell = cell_input(page, demo, "women")
    members = int(page.locator(f"input[name='{cell.pk}m']").input_value())
    women.fill(str(members + 1))
    with translation.override("vi"):
        expect(page.locator(f"#e{cell.pk}w")).to_have_text(message("women"))
        # … and by the server when she saves anyway: nothing is saved.
        with page.expect_navigation():
            page.get_by_role("button", name="Lưu", exact=True).click()
        expect(page.locator(f"#e{cell.pk}w")).to_have_text(message("women"))
    assert Report.objects.get(pk=demo.pk).version == demo.version
    checked(page, "refused", artifacts, f"{size}-3-refused")

    # Put right and saved; a reload shows it.
    women.fill("1")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu", exact=True).click()
    page.reload()
    expect(page.locator(f"input[name='{cell.pk}w']")).to_have_value("1")
    assert CellFigures.objects.get(report=demo, cell=cell).women == 1

    # Leaving with an unsaved edit is warned, and the edit stays.
    page.locator(f"input[name='{cell.pk}w']").fill("2")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_role("link", name="Hồ sơ cán bộ").first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert "/report/" in page.url
    page.remove_listener("dialog", dismiss)

    # Changed, then "Lưu và gửi" without saving first: saved and submitted.
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu và gửi lên cấp trên").click()
    report = Report.objects.get(pk=demo.pk)
    assert report.status == ReportStatus.SUBMITTED
    assert CellFigures.objects.get(report=demo, cell=cell).women == 2
    expect(page.locator("table.grid input")).to_have_count(0)  # read-only now
    checked(page, "submitted", artifacts, f"{size}-4-submitted")

    # The province returns it; her home shows the reason first.
    reviewer = new_page(viewport)
    log_in(reviewer, live_server.url, PROVINCE.username, PROVINCE.password)
    reviewer.goto(live_server.url + page.url.removeprefix(live_server.url))
    reviewer.fill("#return-reason", REASON)
    with reviewer.expect_navigation():
        reviewer.get_by_role("button", name="Trả lại").click()
    assert Report.objects.get(pk=demo.pk).status == ReportStatus.RETURNED
    page.goto(f"{live_server.url}{reverse('home')}")
    expect(page.locator(".returned blockquote").first).to_have_text(REASON)
    checked(page, "returned", artifacts, f"{size}-5-returned")


RULE_CASES = [case for case in CASES if case[2]]


def test_the_screens_live_checks_are_the_models_rules(new_page, live_server, demo):
    """Every case of the rules' table, typed into a row on the part of the screen where the
    rule's figure is typed: the script says what the model says. What the case types on
    another part is stored already, as an earlier save of that part left it (the row carries
    it for the script)."""
    page = new_page(DESKTOP)
    log_in(page, live_server.url, SECRETARY.username, SECRETARY.password)
    url = f"{live_server.url}{reverse('entry:report', args=[demo.ward_id])}"
    figures = CellFigures.objects.filter(report=demo).order_by("cell__name").first()
    cell = figures.cell
    page.on("dialog", lambda dialog: dialog.accept())  # leave the last case's unsaved row
    for what, typed, expected in RULE_CASES:
        part = next(p for p in PARTS if next(iter(expected)) in p.fields)
        earlier = {f: int(typed.get(f, 0)) for f in CELL_COUNT_FIELDS if f not in part.fields}
        CellFigures.objects.filter(pk=figures.pk).update(**earlier)
        page.goto(f"{url}?part={part.slug}")
        for field in CELL_COUNT_FIELDS:  # the row as the case types it, the rest blank
            if field in part.fields:
                page.locator(f"input[name='{cell.pk}{CODES[field]}']").fill(typed.get(field, ""))
        with translation.override("vi"):
            for field, key in expected.items():
                shown = page.locator(f"#e{cell.pk}{CODES[field]}")
                expect(shown, what).to_have_text(message(key))
