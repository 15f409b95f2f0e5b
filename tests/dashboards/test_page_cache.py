"""Cached dashboard pages (dashboards.cache): a repeated read costs three queries, and no
write, role change, other person or other language ever gets a page it should not."""

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from wardstats.accounts.models import Role, RoleKind
from wardstats.accounts.services import role_revoke
from wardstats.core.models import EVERYWHERE, DataVersion
from wardstats.hierarchy.models import UnitKind
from wardstats.reports import services
from wardstats.reports.models import CellFigures, Report, ReportStatus

pytestmark = pytest.mark.django_db

# A hit: the session, the user, the data version.
HIT_QUERIES = 3


@pytest.fixture
def page(area):
    return reverse("dashboards:area", args=[area.district.pk]) + f"?period={area.period.pk}"


def test_a_repeated_read_is_served_from_the_cache(
    page, client_for, olga, django_assert_num_queries
):
    client = client_for(olga)
    client.get(page)  # the first answer gives the browser its CSRF cookie, part of the key
    first = client.get(page)
    with django_assert_num_queries(HIT_QUERIES):
        second = client.get(page)
    assert second.status_code == 200
    assert second.content == first.content


def test_a_saved_figure_shows_at_the_next_read(
    page, area, client_for, olga, admin, django_capture_on_commit_callbacks
):
    client = client_for(olga)
    client.get(page)  # the CSRF cookie, then the page cached under it
    before = client.get(page).content.decode()
    assert "1.234" in before  # Phường A's members
    # The ward corrects a cell (its report back in draft, as after a return).
    Report.objects.filter(pk=area.report_a.pk).update(status=ReportStatus.DRAFT)
    report = Report.objects.get(pk=area.report_a.pk)
    figures = CellFigures.objects.filter(report=report).order_by("pk").first()
    figures.members += 1000
    with django_capture_on_commit_callbacks(execute=True):  # the save's transaction commits
        services.report_save(
            actor=admin, report=report, seen_version=report.version, cells=[figures]
        )
    after = client.get(page).content.decode()
    assert "2.234" in after
    assert "1.234" not in after


def test_another_person_never_gets_someone_elses_page(page, area, client_for, olga):
    other = factories.make_user(username="otto")
    factories.make_role(user=other, unit=area.district, kind=RoleKind.AREA_OFFICER)
    client_for(olga).get(page)
    response = client_for(other).get(page)
    assert response.status_code == 200
    assert "otto" in response.content.decode()
    assert ">olga<" not in response.content.decode()


def test_a_language_has_its_own_page(page, client_for, olga):
    client = client_for(olga)
    vietnamese = client.get(page).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(page).content.decode()
    assert '<html lang="vi"' in vietnamese
    assert '<html lang="en"' in english


def test_a_role_taken_away_is_not_outlived_by_a_cached_page(
    page, client_for, olga, admin, django_capture_on_commit_callbacks
):
    client = client_for(olga)
    client.get(page)  # the CSRF cookie, then the page cached under it
    assert client.get(page).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        for role in Role.objects.filter(user=olga):
            role_revoke(actor=admin, role=role)
    assert client.get(page).status_code == 404


def test_exports_are_never_cached(page, client_for, olga):
    client = client_for(olga)
    client.get(page + "&_export=csv")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page + "&_export=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert len(queries) > HIT_QUERIES  # computed again, not served from the cache


def test_a_page_with_a_message_is_shown_fresh_and_not_kept(page, client_for, olga):
    client = client_for(olga)
    client.get(page)  # the CSRF cookie, then the page cached under it
    client.get(page)
    # A message waiting for her, as the messages framework keeps it (its cookie).
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[CookieStorage.cookie_name] = storage._encode(
        [Message(constants.SUCCESS, "Đã lưu 3 dòng.")]
    )
    assert "Đã lưu 3 dòng." in client.get(page).content.decode()
    assert "Đã lưu 3 dòng." not in client.get(page).content.decode()


# --- Scoped versions, raised on commit (issue [season]) ---------------------------------------


def _save_a_figure(area, admin):
    Report.objects.filter(pk=area.report_a.pk).update(status=ReportStatus.DRAFT)
    report = Report.objects.get(pk=area.report_a.pk)
    figures = CellFigures.objects.filter(report=report).order_by("pk").first()
    figures.members += 1
    services.report_save(actor=admin, report=report, seen_version=report.version, cells=[figures])


def test_a_save_raises_its_provinces_version_only_when_it_commits(
    area, admin, django_capture_on_commit_callbacks
):
    province = area.district.parent_on(area.period.end)
    other = factories.make_unit(name="Tỉnh Khác", code="97", kind=UnitKind.PROVINCE)
    DataVersion.raise_now([EVERYWHERE, province.pk, other.pk])
    before = {scope: DataVersion.current(scope) for scope in (EVERYWHERE, province.pk, other.pk)}
    with django_capture_on_commit_callbacks() as callbacks:
        _save_a_figure(area, admin)
        # Inside the write's transaction nothing is raised: no lock on a version row.
        assert DataVersion.current(province.pk) == before[province.pk]
    for callback in callbacks:
        callback()
    assert DataVersion.current(province.pk) == before[province.pk] + 1
    assert DataVersion.current(other.pk) == before[other.pk]
    assert DataVersion.current(EVERYWHERE) == before[EVERYWHERE]


def test_a_save_elsewhere_leaves_the_page_cached(
    page, area, client_for, olga, admin, django_capture_on_commit_callbacks
):
    client = client_for(olga)
    client.get(page)
    client.get(page)
    other = factories.make_unit(name="Tỉnh Khác", code="97", kind=UnitKind.PROVINCE)
    DataVersion.raise_now([other.pk])  # a save in another province
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    assert len(queries) == HIT_QUERIES


def test_a_reload_of_an_unchanged_page_answers_304(
    page, area, client_for, olga, admin, django_capture_on_commit_callbacks
):
    client = client_for(olga)
    client.get(page)  # the CSRF cookie
    first = client.get(page)
    etag = first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    again = client.get(page, HTTP_IF_NONE_MATCH=etag)
    assert (again.status_code, again.content) == (304, b"")
    with django_capture_on_commit_callbacks(execute=True):
        _save_a_figure(area, admin)
    changed = client.get(page, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    # Another person's ETag is not hers.
    other = factories.make_user(username="otto")
    factories.make_role(user=other, unit=area.district, kind=RoleKind.AREA_OFFICER)
    assert client_for(other).get(page, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 200


def test_an_areas_rows_are_rendered_once_for_all_its_officers(page, area, client_for, olga):
    """The rows do not depend on the person: a second officer of the district gets them from
    the first one's render (no rows or values query), with her own page around them."""
    other = factories.make_user(username="otto")
    factories.make_role(user=other, unit=area.district, kind=RoleKind.AREA_OFFICER)
    first, second = client_for(olga), client_for(other)
    first.get(page)  # the CSRF cookies
    second.get(page)
    html = first.get(page + "&sort=ward").content.decode()
    with CaptureQueriesContext(connection) as shared:
        other_html = second.get(page + "&sort=ward").content.decode()
    cache.clear()
    with CaptureQueriesContext(connection) as alone:
        second.get(page + "&sort=ward")
    assert len(shared) == len(alone) - 2  # the page's rows and their indicator values
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert "1.234" in body
    assert body == other_html[other_html.index("<tbody>") : other_html.index("</tbody>")]
    assert "otto" in other_html and ">olga<" not in other_html
