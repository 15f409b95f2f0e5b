"""The dashboards read from the replica; the admin, every POST and whoever has just written read
from the primary; with no replica configured everything reads from the primary.

The replica here is Django's test mirror (tests/settings.py): a second connection to the same
test database. The data is therefore the same on both, so the tests assert which connection ran
the queries, not what they found. The tests that use both connections commit their rows
(transaction=True): a second connection does not see the first one's open transaction.
"""

import re
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.test_settings import run
from wardstats import db_router, middleware
from wardstats.db_router import ReplicaRouter
from wardstats.hierarchy.models import Unit
from wardstats.reports.models import Report, ReportStatus

ROUTER = "wardstats.db_router.ReplicaRouter"
# Who is asking: the session and the user, always read from the primary.
WHO_IS_ASKING = {"django_session", "auth_user"}

both_databases = pytest.mark.django_db(
    transaction=True,
    # Each test starts from the rows the migrations put there (the indicators' catalogue).
    serialized_rollback=True,
    databases=["default", "replica"],
)


@pytest.fixture
def router(settings):
    settings.DATABASE_ROUTERS = [ROUTER]


@pytest.fixture
def report(hierarchy):
    """Ward A's 2025 report, valid and in draft: one residential cell of 30 members."""
    report = factories.make_report(
        ward=hierarchy.ward_a, period=hierarchy.period_2025, declared_members=30
    )
    factories.make_cell_figures(report=report, cell=hierarchy.cell_a, members=30, women=10)
    return report


@contextmanager
def queries_by_connection():
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        yield SimpleNamespace(primary=primary, replica=replica)


def tables(captured) -> set[str]:
    """The table each query reads first (FROM "…"), or its statement when it reads none."""
    found = set()
    for query in captured.captured_queries:
        match = re.search(r'FROM "(\w+)"', query["sql"])
        found.add(match.group(1) if match else query["sql"].split()[0])
    return found


def assert_read_from_replica(queries):
    """The page's own queries ran on the replica; the primary only learnt who was asking."""
    assert len(queries.replica) > 0
    assert not tables(queries.replica) & WHO_IS_ASKING
    assert tables(queries.primary) <= WHO_IS_ASKING


def assert_read_from_primary(queries):
    assert len(queries.replica) == 0
    assert len(queries.primary) > 0


def get(client, url):
    with queries_by_connection() as queries:
        response = client.get(url)
    assert response.status_code in (200, 302), (url, response.status_code)
    return queries


# --- Which requests read from the replica --------------------------------------------------

READ_PAGES = {
    "home": lambda h: reverse("home"),
    "area": lambda h: reverse("dashboards:area", args=[h.district.pk]),
    "rollup": lambda h: reverse("dashboards:rollup", args=[h.district.pk]),
    "completeness": lambda h: reverse("dashboards:completeness", args=[h.district.pk]),
    "ward": lambda h: reverse("dashboards:ward", args=[h.ward_a.pk]),
    "printout": lambda h: reverse("printouts:ward_report", args=[h.ward_a.pk]),
    "export": lambda h: reverse("spreadsheets:export", args=[h.ward_a.pk, "cells", "csv"]),
}


@both_databases
@pytest.mark.parametrize("page", READ_PAGES)
def test_dashboards_printouts_and_exports_read_from_the_replica(
    router, client_for, olga, hierarchy, report, page
):
    queries = get(client_for(olga), READ_PAGES[page](hierarchy))

    assert_read_from_replica(queries)
    assert tables(queries.primary) == WHO_IS_ASKING  # one query each, nothing more
    assert len(queries.primary) == 2


@both_databases
def test_the_admin_reads_from_the_primary(router, client_for, olga, report):
    queries = get(client_for(olga), reverse("admin:reports_report_changelist"))

    assert_read_from_primary(queries)


@both_databases
def test_a_post_to_a_dashboard_reads_from_the_primary(router, client_for, olga, hierarchy):
    url = reverse("dashboards:area", args=[hierarchy.district.pk])
    with queries_by_connection() as queries:
        assert client_for(olga).post(url).status_code == 200

    assert_read_from_primary(queries)


# --- Read your own writes ------------------------------------------------------------------


@both_databases
def test_after_saving_the_writer_reads_from_the_primary_until_the_window_passes(
    router, client_for, monkeypatch, alice, olga, report
):
    alice_client = client_for(alice)
    ward_page = reverse("dashboards:ward", args=[report.ward.pk])
    submit = reverse("admin:reports_report_workflow", args=[report.pk, "submit"])
    assert_read_from_replica(get(alice_client, ward_page))

    with queries_by_connection() as saving:
        response = alice_client.post(submit)

    assert response.status_code == 302
    assert_read_from_primary(saving)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    cookie = response.cookies[middleware.WROTE_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == django_settings.WARDSTATS_READ_YOUR_WRITES_SECONDS == 10
    # Alice sees her own change: her reads go to the primary...
    assert_read_from_primary(get(alice_client, ward_page))
    # ...while another person, who wrote nothing, still reads from the replica.
    assert_read_from_replica(get(client_for(olga), ward_page))

    later = time.time() + 11
    monkeypatch.setattr(middleware, "_now", lambda: later)

    assert_read_from_replica(get(alice_client, ward_page))


@both_databases
def test_logging_in_and_out_count_as_writes(router, settings, client, alice, report):
    settings.SESSION_COOKIE_SECURE = True  # as in production
    ward_page = reverse("dashboards:ward", args=[report.ward.pk])

    response = client.post(reverse("admin:login"), {"username": "alice", "password": "pw"})

    assert response.status_code == 302
    assert response.cookies[middleware.WROTE_COOKIE]["secure"]  # last_login, the new session
    assert_read_from_primary(get(client, ward_page))

    client.cookies.pop(middleware.WROTE_COOKIE)  # as the browser does once max-age has passed
    assert_read_from_replica(get(client, ward_page))
    response = client.post(reverse("admin:logout"))

    assert middleware.WROTE_COOKIE in response.cookies  # the session deleted
    assert not Session.objects.exists()


@both_databases
def test_a_post_that_saves_nothing_leaves_reads_on_the_replica(router, client_for, alice, report):
    client = client_for(alice)

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert middleware.WROTE_COOKIE not in response.cookies
    assert_read_from_replica(get(client, reverse("dashboards:ward", args=[report.ward.pk])))


@both_databases
def test_a_wrote_cookie_not_signed_here_is_ignored(router, client_for, alice, report):
    client = client_for(alice)
    client.cookies[middleware.WROTE_COOKIE] = f"{time.time():.3f}"

    assert_read_from_replica(get(client, reverse("dashboards:ward", args=[report.ward.pk])))


@both_databases
def test_a_window_of_zero_seconds_sets_no_cookie(router, settings, client_for, alice, report):
    settings.WARDSTATS_READ_YOUR_WRITES_SECONDS = 0
    client = client_for(alice)

    response = client.post(reverse("admin:reports_report_workflow", args=[report.pk, "submit"]))

    assert response.status_code == 302
    assert middleware.WROTE_COOKIE not in response.cookies
    assert_read_from_replica(get(client, reverse("dashboards:ward", args=[report.ward.pk])))


# --- Without a replica ---------------------------------------------------------------------


@both_databases
@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES:UserWarning")
def test_without_a_replica_every_query_reads_from_the_primary(
    router, settings, client_for, olga, hierarchy
):
    # As without DATABASE_REPLICA_URL. Django's connections keep their `replica` (they read
    # DATABASES once), so the test can still look at it and find it unused.
    settings.DATABASES = {"default": django_settings.DATABASES["default"]}

    queries = get(client_for(olga), reverse("dashboards:area", args=[hierarchy.district.pk]))

    assert_read_from_primary(queries)


# --- The router alone ----------------------------------------------------------------------


@contextmanager
def replica_reads_allowed():
    token = db_router.replica_reads.set(True)
    try:
        yield
    finally:
        db_router.replica_reads.reset(token)


def test_the_router_reads_from_the_replica_only_inside_a_marked_request():
    router = ReplicaRouter()

    assert router.db_for_read(Unit) == "default"
    with replica_reads_allowed():
        assert router.db_for_read(Unit) == "replica"
        assert router.db_for_read(get_user_model()) == "default"
        assert router.db_for_read(Session) == "default"
        assert router.db_for_write(Unit) == "default"
    assert router.db_for_read(Unit) == "default"


def test_the_mark_belongs_to_its_own_thread():
    router = ReplicaRouter()

    with replica_reads_allowed(), ThreadPoolExecutor(max_workers=1) as pool:
        elsewhere = pool.submit(router.db_for_read, Unit).result()
        here = router.db_for_read(Unit)

    assert (here, elsewhere) == ("replica", "default")


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES:UserWarning")
def test_the_router_without_a_replica_reads_from_the_primary(settings):
    settings.DATABASES = {"default": django_settings.DATABASES["default"]}

    with replica_reads_allowed():
        assert ReplicaRouter().db_for_read(Unit) == "default"


def test_the_router_migrates_the_primary_only_and_relates_rows_of_both():
    router = ReplicaRouter()
    on_primary, on_replica = Unit(), Unit()
    on_primary._state.db, on_replica._state.db = "default", "replica"

    assert router.allow_migrate("default", "hierarchy")
    assert not router.allow_migrate("replica", "hierarchy")
    assert router.allow_relation(on_primary, on_replica)


# --- Settings ------------------------------------------------------------------------------

PRINT_DATABASES = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'databases': s.DATABASES, 'routers': s.DATABASE_ROUTERS, "
    "'middleware': s.MIDDLEWARE, 'seconds': s.WARDSTATS_READ_YOUR_WRITES_SECONDS}, default=str))"
)
PRIMARY_URL = "postgresql://u@primary.example:5432/wardstats"
REPLICA_URL = "postgresql://u@replica.example:5432/wardstats"


def settings_with(**env) -> dict:
    import json

    result = run(["-c", PRINT_DATABASES], DJANGO_DEBUG="true", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_replica_url_there_is_no_replica_and_no_router():
    answer = settings_with(DATABASE_URL=PRIMARY_URL)

    assert list(answer["databases"]) == ["default"]
    assert answer["routers"] == []
    assert answer["seconds"] == 10


def test_a_replica_url_adds_the_replica_read_as_the_primary_is():
    answer = settings_with(
        DATABASE_URL=PRIMARY_URL,
        DATABASE_REPLICA_URL=REPLICA_URL,
        WARDSTATS_READ_YOUR_WRITES_SECONDS="30",
    )
    primary, replica = answer["databases"]["default"], answer["databases"]["replica"]
    middleware_list = answer["middleware"]

    assert replica["HOST"] == "replica.example"
    assert replica["ENGINE"] == primary["ENGINE"] == "django.db.backends.postgresql"
    assert replica["CONN_MAX_AGE"] == primary["CONN_MAX_AGE"] == 60
    assert replica["CONN_HEALTH_CHECKS"] == primary["CONN_HEALTH_CHECKS"]
    assert replica["TEST"]["MIRROR"] == "default"
    assert answer["routers"] == [ROUTER]
    assert answer["seconds"] == 30
    # After the person is known, around the view.
    assert middleware_list.index("wardstats.middleware.ReplicaReadsMiddleware") > (
        middleware_list.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    )


@pytest.mark.parametrize(
    "env",
    [
        {"DATABASE_REPLICA_URL": REPLICA_URL},  # a replica of what?
        {"DATABASE_URL": PRIMARY_URL, "DATABASE_REPLICA_URL": "mysql://u@h/x"},
        {"DATABASE_URL": PRIMARY_URL, "WARDSTATS_READ_YOUR_WRITES_SECONDS": "-1"},
        {"DATABASE_URL": PRIMARY_URL, "WARDSTATS_READ_YOUR_WRITES_SECONDS": "soon"},
    ],
    ids=["replica-without-primary", "replica-not-postgresql", "negative-window", "not-a-number"],
)
def test_a_wrong_replica_setting_refuses_to_start(env):
    result = run(["-c", PRINT_DATABASES], DJANGO_DEBUG="true", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
