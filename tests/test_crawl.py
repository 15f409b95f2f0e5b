"""Every dashboard, export and ward page is reachable by following links from `/`, and none
answers with a server error: a crawl of the demo data as the administrator and as a ward
secretary."""

import re
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]+)"')
# The dashboards and their exports; the admin has its own page tests.
FOLLOWED = ("/area/", "/ward/")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


# A ward's spreadsheets, import and printed report are the same page for every ward: one of
# each is enough here (they have their own tests).
WARD_TOOLS = re.compile(r"^/ward/\d+/(?!$)")


def shape(url: str) -> str:
    """Pages that differ only by period are one page to reach: a path, and whether an export."""
    parts = urlsplit(url)
    export = re.search(r"_export=(\w+)", parts.query)
    return WARD_TOOLS.sub("/ward/*/", parts.path) + (
        f"?_export={export.group(1)}" if export else ""
    )


LANGUAGE_SWITCH = 'action="/i18n/setlang/"'


def crawl(client: Client, start: str = "/", limit: int = 1000) -> dict[str, int]:
    """{page shape: status}; an HTML page without the language switch counts as status 0."""
    seen: dict[str, int] = {}
    queue = [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if shape(url) in seen:
            continue
        response = client.get(url, follow=True)
        seen[shape(url)] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if LANGUAGE_SWITCH not in response.content.decode():
            seen[shape(url)] = 0
        for href in HREF.findall(response.content.decode()):
            target = urljoin(response.request["PATH_INFO"], href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith(FOLLOWED):
                continue
            if "sort=" in parts.query or "page=" in parts.query:
                continue  # the same page in another order: sorting has its own tests
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_administrator_reaches_every_dashboard_export_and_ward_page_without_error(demo):
    seen = crawl(client_for("admin"))
    failures = {url: status for url, status in seen.items() if status != 200}
    assert not failures
    assert any("/rollup/" in url for url in seen)
    assert any("/completeness/" in url for url in seen)
    assert any("_export=xlsx" in url for url in seen)
    assert sum(url.startswith("/ward/") for url in seen) >= 70  # 19 old and 54 new wards
    for tool in ("export/workbook.xlsx", "export/cells.csv", "export/cadres.csv", "import/"):
        assert f"/ward/*/{tool}" in seen, tool


def test_ward_secretary_reaches_only_own_wards_pages(demo):
    seen = crawl(client_for("maokhe"))
    assert seen and all(status == 200 for status in seen.values())
    assert not any(url.startswith("/area/") for url in seen)
