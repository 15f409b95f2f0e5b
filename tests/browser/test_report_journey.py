"""A report's whole journey in a real Chromium, on the demo data, in Vietnamese as people see it:
the ward editor of the new Mạo Khê (maokhe) opens its 2025 report in the admin, changes a
figure, sees the rule it breaks listed, fixes it, saves and submits; the area above it — for the
new Mạo Khê (from 1/7/2025) the province: its administrator quangninh, who reviews too — returns
it with a reason; maokhe reads the reason in the history, corrects a figure and resubmits;
quangninh approves; the report's history lists every step with names and times; the province's
completeness page shows the report approved.

Screenshots go to tests/artifacts/report-journey-*.png.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from wardstats.hierarchy.models import Unit
from wardstats.reports.figures import report_totals
from wardstats.reports.models import Report, ReportStatus
from wardstats_dev import reference as ref
from wardstats_dev.users import DEMO_USERS

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback: the test starts from the rows the migrations put there (the indicator
    # catalogue, which seed_demo needs), although an earlier transactional test was flushed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITOR = next(user for user in DEMO_USERS if user.username == "maokhe")
REVIEWER = next(user for user in DEMO_USERS if user.username == "quangninh")
EDITOR_NAME = f"{EDITOR.first_name} {EDITOR.last_name}"  # as the history shows people
REVIEWER_NAME = f"{REVIEWER.first_name} {REVIEWER.last_name}"
YEAR = 2025
RETURN_REASON = "Số đảng viên nữ của chi bộ chưa khớp sổ, đề nghị kiểm tra lại"
# The admin's page of a 107-cell report is a heavy one (a save answers with the whole page
# again, 4 s on a busy CI machine): its speed is the benchmark's business, and a slow moment
# must not fail this journey.
SAVE_TIMEOUT = 60_000


def vi(text) -> str:
    with translation.override("vi"):
        return str(text)


def status_heading(status) -> str:
    with translation.override("vi"):
        return translation.gettext("Status: %(status)s") % {"status": status.label}


@pytest.fixture
def new_page(browser):
    """`new_page()`: a page in a context of its own (its own login), closed after the test."""
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        context.set_default_timeout(15_000)
        context.set_default_navigation_timeout(SAVE_TIMEOUT)
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


def log_in(page, base_url: str, user, next_url: str) -> None:
    page.goto(f"{base_url}{reverse('admin:login')}?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", user.password)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url.endswith(next_url), page.url


def no_errors(page, step: str) -> None:
    assert page.problems == [], f"{step}: {page.problems}"


def workflow(page, action: str, reason: str | None = None) -> None:
    """Press one of the report page's workflow buttons (with a reason where it takes one)."""
    form = page.locator(f"form[action$='/workflow/{action}/']")
    if reason is not None:
        form.locator("input[name=reason]").fill(reason)
    with page.expect_navigation():
        form.locator("button[type=submit]").click(timeout=SAVE_TIMEOUT)
    no_errors(page, action)
    expect(page.locator("ul.messagelist li.success")).to_have_count(1)


def save_and_continue(page) -> None:
    with page.expect_navigation():
        page.locator("input[name=_continue]").click(timeout=SAVE_TIMEOUT)
    no_errors(page, "save")
    expect(page.locator(".errornote", has_text=re.compile("lỗi|error"))).to_have_count(0)
    expect(page.locator("ul.messagelist li.success")).to_have_count(1)


def cells_sum(page) -> int:
    """The cells' members added up, as the totals table on the report page shows them."""
    row = page.locator("table.ws-totals").first.locator("tbody tr").nth(1)
    return int(row.locator("td").nth(1).inner_text().strip().replace(".", ""))


def history_rows(page) -> list[list[str]]:
    rows = page.locator(".ws-history tbody tr")
    return [[cell.inner_text().strip() for cell in row.locator("td").all()] for row in rows.all()]


def test_submit_return_correct_resubmit_approve_in_a_browser(new_page, live_server, artifacts):
    call_command("seed_demo", allow_without_debug=True, stdout=StringIO())
    ward = Unit.objects.get(code=ref.MAO_KHE_CODE, valid_from=ref.REFORM)
    report = Report.objects.get(ward=ward, period__year=YEAR)
    assert report.status == ReportStatus.DRAFT
    base = live_server.url
    change = reverse("admin:reports_report_change", args=[report.pk])
    changelist = reverse("admin:reports_report_changelist")

    # The ward editor finds the report in the admin's list and opens it.
    editor = new_page()
    log_in(editor, base, EDITOR, changelist)
    row = editor.locator("#result_list tbody tr").filter(has_text=ward.name)
    row = row.filter(has=editor.locator("td.field-period", has_text=vi(report.period)))
    expect(row).to_have_count(1)
    with editor.expect_navigation():
        row.locator("a").first.click()
    assert editor.url.endswith(change), editor.url
    expect(editor.locator(".ws-workflow h2")).to_have_text(status_heading(ReportStatus.DRAFT))

    # A wrong total typed for the ward (its cells, their stock, ratings and the structure of
    # the membership all add up). The page now lists the rule this breaks: the declared total.
    declared = editor.locator("#id_declared_members")
    declared.fill(str(int(declared.input_value()) + 1))
    save_and_continue(editor)
    problems = editor.locator(".ws-workflow .errornote li")
    expect(problems).to_have_count(1)
    total = cells_sum(editor)
    # The figures written as the page writes them: 4.390, not 4390.
    expect(problems.first).to_contain_text(f"{total:,}".replace(",", "."))
    submit = editor.locator("form[action$='/workflow/submit/'] button")
    expect(submit).to_be_disabled()
    editor.screenshot(path=artifacts / "report-journey-1-problem.png")

    # Fix it: declare the total the cells add up to, as the page shows it.
    editor.fill("#id_declared_members", str(total))
    save_and_continue(editor)
    expect(editor.locator(".ws-workflow .errornote")).to_have_count(0)
    expect(submit).to_be_enabled()
    workflow(editor, "submit")
    expect(editor.locator(".ws-workflow h2")).to_have_text(status_heading(ReportStatus.SUBMITTED))
    # Submitted, the report is read-only for the ward.
    expect(editor.locator("#id_declared_members")).to_have_count(0)
    expect(editor.locator("input[name=_continue]")).to_have_count(0)
    editor.screenshot(path=artifacts / "report-journey-2-submitted.png")

    # The province returns it, with a reason.
    reviewer = new_page()
    log_in(reviewer, base, REVIEWER, change)
    expect(reviewer.locator(".ws-workflow h2")).to_have_text(status_heading(ReportStatus.SUBMITTED))
    workflow(reviewer, "return", RETURN_REASON)
    expect(reviewer.locator(".ws-workflow h2")).to_have_text(status_heading(ReportStatus.RETURNED))
    reviewer.screenshot(path=artifacts / "report-journey-3-returned.png")

    # The ward reads the reason in the history, corrects a figure and submits again.
    editor.reload()
    no_errors(editor, "reload")
    latest = history_rows(editor)[0]
    assert latest[1] == REVIEWER_NAME and latest[4] == RETURN_REASON, latest
    editor.locator(".ws-history").screenshot(path=artifacts / "report-journey-4-reason.png")
    women = editor.locator("input[name='cell_figures-0-women']")
    before = int(women.input_value())
    after = before - 1 if before > 0 else before + 1
    women.fill(str(after))
    save_and_continue(editor)
    workflow(editor, "submit")

    # The province approves.
    reviewer.reload()
    workflow(reviewer, "approve")
    expect(reviewer.locator(".ws-workflow h2")).to_have_text(status_heading(ReportStatus.APPROVED))
    expect(reviewer.locator("form[action$='/workflow/reopen/']")).to_have_count(1)
    reviewer.screenshot(path=artifacts / "report-journey-5-approved.png")

    # The report's history (the last page loaded) lists every step, with names and times,
    # newest first.
    rows = history_rows(reviewer)
    steps = [
        (EDITOR_NAME, ""),  # the figure changed
        (EDITOR_NAME, ""),  # the declared total fixed
        (EDITOR_NAME, ""),  # submitted (a status change without a reason)
        (REVIEWER_NAME, RETURN_REASON),
        (EDITOR_NAME, ""),  # the women corrected
        (REVIEWER_NAME, ""),  # approved
    ]
    by_step = [(row[1], row[4]) for row in reversed(rows)]
    for step in steps:
        assert step in by_step, (step, rows)
    moves = [row for row in rows if "→" in row[3] and vi(ReportStatus.DRAFT.label) in row[3]]
    assert len(moves) == 1, rows  # draft → submitted, once
    assert any(f"{before} → {after}" in row[3] for row in rows), rows
    for row in rows:
        assert re.search(r"\d{1,2}[/.]\d{1,2}[/.]\d{4}", row[0]), row  # a date and time
        assert row[1] in (EDITOR_NAME, REVIEWER_NAME), row
    reviewer.locator(".ws-history").screenshot(path=artifacts / "report-journey-6-history.png")

    # The province's completeness page shows the report approved.
    province = Unit.objects.get(code=ref.PROVINCE_CODE)
    completeness = reverse("dashboards:completeness", args=[province.pk])
    reviewer.goto(f"{base}{completeness}?period={report.period_id}&show=submitted")
    no_errors(reviewer, "completeness")
    row = reviewer.locator("table tbody tr").filter(has_text=ward.name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(vi(ReportStatus.APPROVED.label))
    reviewer.screenshot(path=artifacts / "report-journey-7-dashboard.png", full_page=True)

    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.declared_members == report_totals(report)["members"]
