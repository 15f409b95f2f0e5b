"""Real-browser tests: Playwright driving Debian's headless Chromium against Django's live
server. Without /usr/bin/chromium they skip, with the reason shown; under CI (CI=true) its
absence is a failure, so that a CI run can never pass without having run them.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
MISSING = f"Chromium not found at {CHROMIUM}: browser tests skipped"
# Screenshots of the runs, for a person to look at (gitignored).
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def chromium_present() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


@pytest.fixture(scope="session")
def browser(request):
    """One headless Chromium for the session (sync Playwright)."""
    if not chromium_present():
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"Chromium not found at {CHROMIUM}: under CI (CI=true) the browser tests must run",
                pytrace=False,
            )
        pytest.skip(MISSING)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # The test databases first, while this thread has no event loop (see below).
    request.getfixturevalue("django_db_setup")
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }

    # Playwright's sync API leaves its event loop marked as running in this thread between
    # calls. Django then refuses database calls here (SynchronousOnlyOperation) — the test's
    # own queries, call_command, the flush after a transactional test — unless told otherwise:
    # allowed while the browser runs, then put back as it was.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            # With a loop running, Django's connections (thread-critical) come from a store of
            # their own: new connection objects, without the snapshot the database setup took
            # for serialized_rollback. Hand it over, or serialized_rollback silently restores
            # nothing and a test after the first finds the migrations' rows (the indicator
            # catalogue) flushed away.
            for alias, snapshot in snapshots.items():
                connections[alias]._test_serialized_contents = snapshot
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# Impacts that fail a page: the standard is no critical or serious violation of WCAG 2.1 AA.
FAILING_IMPACTS = ("critical", "serious")


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA checks of the page as it is now: each critical or
    serious violation, with the elements at fault."""
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: "tag",
                values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
        }"""
    )
    return [
        f"{v['impact']}: {v['id']} — {v['help']} — {v['nodes']}"
        for v in result
        if v["impact"] in FAILING_IMPACTS
    ]


def overflows_sideways(page) -> bool:
    """Whether the page scrolls sideways (wider than the window)."""
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1366, "height": 768}


@pytest.fixture
def new_page(browser):
    """`new_page(viewport)`: a page in a context of its own (its own login), closed after the
    test; `page.problems` collects JavaScript errors and answers of 500 and more."""
    contexts = []

    def make(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="vi-VN")
        contexts.append(context)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.problems = []
        page.on("pageerror", lambda error: page.problems.append(f"JavaScript: {error}"))
        page.on(
            "response",
            lambda response: (
                page.problems.append(f"{response.status} {response.url}")
                if response.status >= 500
                else None
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()


def log_in(page, base_url: str, username: str, password: str) -> None:
    """Through the app's own sign-in page, as a person does; lands on their home."""
    from django.urls import reverse

    page.goto(f"{base_url}{reverse('login')}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("form.login button[type=submit]")
