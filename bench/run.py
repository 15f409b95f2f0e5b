"""`make bench`: the dashboards at national scale on PostgreSQL, measured through the real stack.

    DATABASE_URL=postgresql://… .venv/bin/python bench/run.py [--requests 20] [--load-seconds 30]

1. Migrates the database of DATABASE_URL and runs `generate_scale` (which reuses data it made
   before), so the database holds the 34 provinces and 3,321 wards of the post-reform list.
2. For each page: the queries of one request; the server time of `--requests` requests cold
   (every cache the app keeps cleared before each: Django's caches and the content-type cache;
   the app keeps no other) — median and p95 — and warm (median); the time of the bare live SQL
   that computes the same indicators from the raw figures, run directly in PostgreSQL; and the
   ratio cold page median / bare SQL median. Requests go through Django's whole handler and
   middleware (the test client, DEBUG off), timed around the handler.
3. Load: gunicorn with 2 workers on loopback, `wrk` for `--load-seconds` at 16 connections on
   the province dashboard: requests/s, p50 and p99 latency, errors.
4. Freshness: one figure saved through the app (a spreadsheet import, confirmed), then the
   ward page served by gunicorn polled until it shows the new total.
5. The reporting season (bench/season.py): 200+ people reading 3.000+ distinct pages of their
   own at 16 connections for `--season-seconds` while 4 ward editors save through the entry
   screen about once a second, each save then read back (freshness); then 16 writers in 16
   provinces saving as fast as they can for `--writers-seconds` (no save may be lost).
6. A change of rules: a target changed through the admin (the time the POST takes to answer),
   then the task worker's recomputation of every ward of every period (`db_worker --batch`);
   twice (the change, then back).

Prints a table and writes bench/results/latest.json.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SORT_INDICATOR = "pool_women"  # the pages sort on it: women in the planning pool

# The app as production runs it: DEBUG off, a real secret key, plain HTTP on loopback.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wardstats.settings")
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"
os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="requests per page and mode")
    parser.add_argument("--load-seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--skip-generate", action="store_true", help="use the data as it is")
    parser.add_argument("--season-seconds", type=int, default=60)
    parser.add_argument(
        "--threads", type=int, default=1, help="gunicorn threads per worker (1: sync workers)"
    )
    parser.add_argument("--writers-seconds", type=int, default=30)
    parser.add_argument(
        "--only-season", action="store_true", help="the season and writers runs alone"
    )
    parser.add_argument("--output", default=str(RESULTS / "latest.json"))
    return parser.parse_args()


def setup(args):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("make bench runs on PostgreSQL: set DATABASE_URL=postgresql://…")
    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: the manifest
    if not args.skip_generate:
        call_command("generate_scale", allow_without_debug=True)


def ensure_database(url: str):
    """CREATE DATABASE when the one of DATABASE_URL does not exist yet."""
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(url)
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    name = config["NAME"]
    try:
        psycopg2.connect(dbname=name, **params).close()
    except psycopg2.OperationalError:
        admin = psycopg2.connect(dbname="postgres", **params)
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        admin.close()


# --- The pages -------------------------------------------------------------------------------


def pages() -> dict:
    """{name: (url, username)}: the country, the province nearest the average size, a ward."""
    from django.db.models import Count, Q
    from django.urls import reverse

    from wardstats.hierarchy.models import Level, Unit, UnitLink, valid_on_q
    from wardstats.periods.models import Period

    period = Period.objects.filter(kind="year").order_by("-end").first()
    end = period.end
    country = Unit.objects.get(level=Level.COUNTRY, code="VN")
    sizes = (
        UnitLink.objects.filter(valid_on_q(end), parent__level=Level.PROVINCE)
        .filter(child__level=Level.COMMUNE)
        .values("parent_id")
        .annotate(n=Count("child_id"))
    )
    average = sum(row["n"] for row in sizes) / max(len(sizes), 1)
    province_id = min(sizes, key=lambda row: (abs(row["n"] - average), row["parent_id"]))
    province = Unit.objects.get(pk=province_id["parent_id"])
    wards = province_id["n"]
    ward = (
        Unit.objects.wards()
        .under(province, end)
        .filter(Q(reports__period=period))
        .order_by("code")
        .first()
    )
    q = f"?period={period.pk}"
    sort = f"&sort=-ind_{SORT_INDICATOR}"
    last = max(1, -(-wards // 25))
    area = reverse("dashboards:area", args=[province.pk])
    return {
        "context": {"period": period, "province": province, "ward": ward, "country": country},
        "national": reverse("dashboards:rollup", args=[country.pk]) + q,
        "national_wards": reverse("dashboards:area", args=[country.pk]) + q + sort + "&page=30",
        "province": area + q + sort,
        "province_last": area + q + sort + f"&page={last}",
        "ward": reverse("dashboards:ward", args=[ward.pk]) + q,
        "completeness": reverse("dashboards:completeness", args=[province.pk]) + q,
        "export_csv": area + q + "&_export=csv",
    }


def clear_caches():
    """Every cache the app keeps: Django's cache framework and the content-type cache."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    ContentType.objects.clear_cache()


class QueryCounter:
    """Counts the queries run on the connection (a request resets Django's own query log)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure_page(client, url: str, requests: int) -> dict:
    from django.db import connection

    response = client.get(url)  # first request: imports, templates compiled
    assert response.status_code == 200, (url, response.status_code)
    counter = QueryCounter()
    clear_caches()  # the queries of a page rendered, not of one served from the cache
    with connection.execute_wrapper(counter):
        client.get(url)
    cold, warm = [], []
    for _ in range(requests):
        clear_caches()
        started = time.perf_counter()
        response = client.get(url)
        cold.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        warm.append((time.perf_counter() - started) * 1000)
    return {
        "url": url,
        "queries": counter.count,
        "median_ms": round(statistics.median(cold), 2),
        "p95_ms": round(percentile(cold, 95), 2),
        "warm_median_ms": round(statistics.median(warm), 2),
    }


def percentile(values, p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


# --- The bare live SQL: the same indicators computed from the raw figures ------------------

WARD_FIGURES = """
WITH wards AS ({wards}),
cells AS (
    SELECT r.ward_id, COUNT(*) AS cells, SUM(f.members) AS members, SUM(f.women) AS women,
           SUM(f.admitted) AS admitted,
           COUNT(*) FILTER (WHERE c.kind = 'residential') AS residential,
           COUNT(*) FILTER (WHERE c.kind = 'residential' AND f.secretary_is_head) AS sec_head,
           COUNT(*) FILTER (WHERE f.standing_member_in_charge <> '') AS with_member,
           COUNT(*) FILTER (WHERE f.quality_level <> '') AS rated,
           COUNT(*) FILTER (WHERE f.quality_level IN ('excellent', 'good')) AS good,
           COUNT(*) FILTER (WHERE f.review_held) AS reviewed
    FROM reports_cellfigures f
    JOIN reports_report r ON r.id = f.report_id
    JOIN hierarchy_cell c ON c.id = f.cell_id
    WHERE r.period_id = %(period)s AND r.ward_id IN (SELECT id FROM wards)
    GROUP BY r.ward_id
),
staff AS (
    SELECT d.ward_id,
           COUNT(*) FILTER (WHERE d.category IN ('cadre', 'civil_servant')) AS staff,
           COUNT(*) FILTER (WHERE d.category IN ('cadre', 'civil_servant')
                            AND d.meets_standard) AS meeting,
           COUNT(*) FILTER (WHERE d.category = 'ward_part_time') AS part_time
    FROM staffing_cadre d
    WHERE d.ward_id IN (SELECT id FROM wards)
      AND d.valid_from <= %(end)s AND (d.valid_to IS NULL OR d.valid_to >= %(end)s)
    GROUP BY d.ward_id
),
pool AS (
    SELECT d.ward_id, COUNT(DISTINCT d.id) AS pool,
           COUNT(DISTINCT d.id) FILTER (WHERE d.education >= 40) AS degree,
           COUNT(DISTINCT d.id) FILTER (WHERE d.political_theory >= 20) AS theory,
           COUNT(DISTINCT d.id) FILTER (WHERE d.gender = 'female') AS women,
           COUNT(DISTINCT d.id) FILTER (WHERE d.birth_year >= %(young)s) AS young
    FROM staffing_cadre d
    JOIN staffing_cadre_planning_terms t ON t.cadre_id = d.id
    JOIN staffing_planningterm p ON p.id = t.planningterm_id
    WHERE d.ward_id IN (SELECT id FROM wards)
      AND d.valid_from <= %(end)s AND (d.valid_to IS NULL OR d.valid_to >= %(end)s)
      AND p.start_year <= %(year)s AND p.end_year >= %(year)s
    GROUP BY d.ward_id
),
quota AS (
    SELECT u.id AS ward_id, n.cadres_civil_servants AS quota_staff,
           n.ward_part_time AS quota_part_time
    FROM hierarchy_unit u
    JOIN staffing_quotanorm n ON n.unit_kind = u.kind AND n.unit_class = u.unit_class
    JOIN staffing_quotaruleset s ON s.id = n.rule_set_id
    WHERE u.id IN (SELECT id FROM wards) AND s.effective_from <= %(end)s
      AND (s.effective_to IS NULL OR s.effective_to >= %(end)s)
),
figures AS (
    SELECT w.id AS ward_id, w.holder,
           100.0 * staff.staff / NULLIF(quota.quota_staff, 0) AS staff_within_quota,
           100.0 * staff.part_time / NULLIF(quota.quota_part_time, 0) AS part_time_within_quota,
           100.0 * staff.meeting / NULLIF(staff.staff, 0) AS staff_meeting_standard,
           100.0 * pool.degree / NULLIF(pool.pool, 0) AS pool_university,
           100.0 * pool.theory / NULLIF(pool.pool, 0) AS pool_theory,
           100.0 * pool.women / NULLIF(pool.pool, 0) AS pool_women,
           100.0 * pool.young / NULLIF(pool.pool, 0) AS pool_young,
           100.0 * cells.sec_head / NULLIF(cells.residential, 0) AS secretary_is_head,
           100.0 * cells.with_member / NULLIF(cells.cells, 0) AS with_standing_member,
           cells.admitted, cells.members, cells.women,
           100.0 * cells.good / NULLIF(cells.rated, 0) AS good_or_better,
           100.0 * cells.reviewed / NULLIF(cells.cells, 0) AS reviewed
    FROM wards w
    LEFT JOIN cells ON cells.ward_id = w.id
    LEFT JOIN staff ON staff.ward_id = w.id
    LEFT JOIN pool ON pool.ward_id = w.id
    LEFT JOIN quota ON quota.ward_id = w.id
)
{select}
"""

# Wards under an area on the period's end (two levels: country → province → ward after the
# reform), with the child of the area that holds each ("holder"): its province, for a country.
WARDS_UNDER = """
SELECT u.id, CASE WHEN l2.parent_id IS NOT NULL THEN l1.parent_id ELSE u.id END AS holder
FROM hierarchy_unit u
JOIN hierarchy_unitlink l1 ON l1.child_id = u.id AND l1.valid_from <= %(end)s
     AND (l1.valid_to IS NULL OR l1.valid_to >= %(end)s)
LEFT JOIN hierarchy_unitlink l2 ON l2.child_id = l1.parent_id AND l2.valid_from <= %(end)s
     AND (l2.valid_to IS NULL OR l2.valid_to >= %(end)s) AND l2.parent_id = %(area)s
WHERE u.level = 3 AND u.valid_from <= %(end)s AND (u.valid_to IS NULL OR u.valid_to >= %(end)s)
  AND (l1.parent_id = %(area)s OR l2.parent_id = %(area)s)
"""

LIST = "SELECT * FROM figures ORDER BY {order} NULLS LAST, ward_id LIMIT 25 OFFSET %(offset)s"
ROLLUP = """SELECT holder, COUNT(*) AS wards, SUM(members) AS members, SUM(women) AS women,
       SUM(admitted) AS admitted,
       COUNT(*) FILTER (WHERE pool_women >= 40) AS pool_women_met,
       COUNT(pool_women) AS pool_women_rated
FROM figures GROUP BY holder"""
ALL = "SELECT * FROM figures"


def bare_sql(name: str) -> str:
    wards = WARDS_UNDER
    order = f"{SORT_INDICATOR} DESC"
    if name == "national":
        return WARD_FIGURES.format(wards=wards, select=ROLLUP)
    if name == "ward":
        wards = "SELECT id, id AS holder FROM hierarchy_unit WHERE id = %(ward)s"
        return WARD_FIGURES.format(wards=wards, select=ALL)
    if name in ("national_wards", "province", "province_last"):
        return WARD_FIGURES.format(wards=wards, select=LIST.format(order=order))
    return WARD_FIGURES.format(wards=wards, select=ALL)  # completeness, export: every ward


def measure_bare_sql(context: dict, name: str, requests: int) -> float:
    from django.db import connection

    period = context["period"]
    area = context["country"] if name.startswith("national") else context["province"]
    # The rows of the page the page shows: page 30 of the country, the province's last page.
    offset = 0
    if name == "national_wards":
        offset = 29 * 25
    elif name == "province_last":
        offset = 25 * ((context["wards"] - 1) // 25)
    params = {
        "period": period.pk,
        "end": period.end,
        "year": period.end.year,
        "young": period.end.year - 35,
        "area": area.pk,
        "ward": context["ward"].pk,
        "offset": offset,
    }
    sql = bare_sql(name)
    times = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchall()
        for _ in range(requests):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def province_officer(province) -> str:
    """An area officer of the measured province (made once): its pages as its people see them."""
    from django.contrib.auth import get_user_model

    from wardstats.accounts.models import Role, RoleKind

    user, _created = get_user_model().objects.get_or_create(username="bench-province")
    Role.objects.get_or_create(user=user, unit=province, kind=RoleKind.AREA_OFFICER)
    return user.username


# --- Load: gunicorn and wrk ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie(username: str) -> str:
    """A logged-in session of the user (stored in the database, so gunicorn knows it)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def start_gunicorn(port: int, threads: int = 1) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "wardstats.wsgi",
            "--workers", "2",
            "--threads", str(threads),
            "--bind", f"127.0.0.1:{port}",
            "--log-level", "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        start_new_session=True,
    )  # fmt: skip
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    sys.exit("gunicorn did not start")


def stop(process: subprocess.Popen):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def load_run(port: int, url: str, cookie: str, seconds: int, connections: int) -> dict:
    wrk = shutil.which("wrk")
    if wrk is None:
        print("wrk not found (apt-get install wrk): load run skipped", file=sys.stderr)
        return {"url": url, "connections": connections, "seconds": seconds, "skipped": True}
    out = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
         "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{port}{url}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return {
        "url": url,
        "connections": connections,
        "seconds": seconds,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": wrk_ms(re.search(r"\s50%\s+([\d.]+\w+)", out).group(1)),
        "p99_ms": wrk_ms(re.search(r"\s99%\s+([\d.]+\w+)", out).group(1)),
        "errors": wrk_errors(out),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
    }


def wrk_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit], 2)


def wrk_errors(out: str) -> int:
    errors = 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        errors += int(non_2xx.group(1))
    return errors


# --- Freshness -------------------------------------------------------------------------------


def freshness(port: int, context: dict) -> float:
    """Seconds from saving one figure through the app (a spreadsheet import, confirmed) until
    the ward page served by gunicorn shows the ward's new total."""
    import io

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse
    from django.utils import formats, translation
    from openpyxl import load_workbook

    from wardstats.indicators.models import WardPeriodFigures
    from wardstats.reports.models import EDITABLE_STATUSES, Report

    period = context["period"]
    report = (
        Report.objects.filter(period=period, status__in=EDITABLE_STATUSES)
        .filter(ward__in=[context["ward"].pk])
        .first()
    ) or Report.objects.filter(period=period, status__in=EDITABLE_STATUSES).order_by("pk").first()
    ward = report.ward
    admin = get_user_model().objects.filter(is_superuser=True).first() or (
        get_user_model().objects.create_superuser("bench-admin", None, secrets.token_urlsafe())
    )
    client = Client()
    client.force_login(admin)
    query = f"?period={period.pk}"
    export = reverse("spreadsheets:export", args=[ward.pk, "workbook", "xlsx"])
    workbook = client.get(export + query)
    book = load_workbook(io.BytesIO(workbook.content))
    sheet = book["Chi bộ"]
    members = [c.value for c in sheet[1]].index("Đảng viên") + 1
    sheet.cell(row=2, column=members, value=sheet.cell(row=2, column=members).value + 1)
    out = io.BytesIO()
    book.save(out)
    total = WardPeriodFigures.objects.get(ward=ward, period=period).members + 1
    with translation.override("vi"):
        shown = formats.number_format(total, force_grouping=True)
    url = reverse("spreadsheets:import", args=[ward.pk]) + query
    preview = client.post(url, {"file": SimpleUploadedFile("bench.xlsx", out.getvalue())})
    token = re.search(r'name="token" value="(\w+)"', preview.content.decode()).group(1)
    page = f"http://127.0.0.1:{port}{reverse('dashboards:ward', args=[ward.pk])}{query}"
    request = urllib.request.Request(page, headers={"Cookie": session_cookie(admin.username)})
    pattern = re.compile(rf'<td class="num">{re.escape(shown)}</td>')
    started = time.perf_counter()
    confirm = reverse("spreadsheets:confirm", args=[ward.pk]) + query
    assert client.post(confirm, {"token": token}).status_code == 302
    while time.perf_counter() - started < 30:
        body = urllib.request.urlopen(request, timeout=10).read().decode()
        if pattern.search(body.split("<tfoot>", 1)[-1]):
            return round(time.perf_counter() - started, 3)
    return float("inf")


# --- A change of rules -----------------------------------------------------------------------


def _target_form(target, threshold) -> dict:
    """The target's revision (it judges closed periods): its past corrected, with a reason."""
    return {
        "comparison": target.comparison,
        "threshold": str(threshold),
        "threshold_upper": target.threshold_upper or "",
        "warning_band": target.warning_band or "",
        "source_document": target.source_document,
        "note": target.note,
        "seen_version": target.version,
        "decision": "correct",
        "reason": "make bench: a change of rules",
        "apply": "1",
    }


def rules_change() -> dict:
    """A target changed through the admin at national size: the answer's time, then the worker's
    recomputation of every ward of every period; the change, then back."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from wardstats.indicators.models import Recomputation, Target

    admin = get_user_model().objects.filter(is_superuser=True).first()
    client = Client()
    client.force_login(admin)
    target = Target.objects.filter(indicator__code=SORT_INDICATOR).order_by("pk").first()
    original = target.threshold
    answers, recomputations = [], []
    for threshold in (original + 5, original):
        target.refresh_from_db()
        url = reverse("admin:indicators_target_revise", args=[target.pk])
        started = time.perf_counter()
        response = client.post(url, _target_form(target, threshold))
        answers.append(round((time.perf_counter() - started) * 1000, 1))
        assert response.status_code == 302, response.status_code
        started = time.perf_counter()
        call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0)
        recomputations.append(round(time.perf_counter() - started, 2))
        latest = Recomputation.objects.latest("pk")
        assert latest.finished_at and not latest.error, latest.error
    return {
        "answer_ms": answers,
        "recompute_s": recomputations,
        "periods": latest.steps,
    }


# --- Main ------------------------------------------------------------------------------------


def main():
    args = parse_args()
    setup(args)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from wardstats.hierarchy.models import Unit

    found = pages()
    context = found.pop("context")
    context["wards"] = (
        Unit.objects.wards().under(context["province"], context["period"].end).count()
    )
    users = {"national": "scale-national", "province": province_officer(context["province"])}
    clients = {}
    for role, username in users.items():
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        clients[role] = client
    results = {}
    for name, url in ({} if args.only_season else found).items():
        client = clients["national" if name.startswith("national") else "province"]
        page = measure_page(client, url, args.requests)
        page["bare_sql_ms"] = measure_bare_sql(context, name, args.requests)
        page["ratio"] = round(page["median_ms"] / page["bare_sql_ms"], 2)
        results[name] = page
        print(f"  {name:15} {page['queries']:3} queries  cold {page['median_ms']:8.1f} ms "
              f"(p95 {page['p95_ms']:.1f})  warm {page['warm_median_ms']:8.1f} ms  "
              f"bare SQL {page['bare_sql_ms']:8.1f} ms  ratio {page['ratio']:.2f}",
              file=sys.stderr)  # fmt: skip
    import season

    everyone, editors = season.people()
    season.log_in(everyone, session_cookie)
    port = free_port()
    server = start_gunicorn(port, args.threads)
    try:
        load, fresh = {"skipped": True}, None
        if not args.only_season:
            load = load_run(
                port,
                found["province"],
                session_cookie(users["province"]),
                args.load_seconds,
                args.connections,
            )
            fresh = freshness(port, context)
        print("  season run …", file=sys.stderr)
        season_result = season.season_run(port, everyone, editors, seconds=args.season_seconds)
        print("  writers run …", file=sys.stderr)
        writers_result = season.writers_run(port, editors, seconds=args.writers_seconds)
    finally:
        stop(server)
    rules = {} if args.only_season else rules_change()
    from wardstats.hierarchy.models import Cell
    from wardstats.periods.models import Period
    from wardstats.reports.models import CellFigures

    report = {
        "wards": Unit.objects.wards().count(),
        "cells": Cell.objects.count(),
        "cell_figures": CellFigures.objects.count(),
        "periods": Period.objects.count(),
        "pages": results,
        "load": load,
        "freshness_s": fresh,
        "rules_change": rules,
        "season": season_result,
        "writers": writers_result,
    }
    print_table(report)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten: {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


TARGETS = {
    "national": (100, 1),
    "national_wards": (150, 1),
    "province": (60, 3),
    "province_last": (60, 3),
    "ward": (50, None),
}


def print_table(report: dict):
    print(
        f"\n{report['wards']:,} wards, {report['cells']:,} cells, "
        f"{report['cell_figures']:,} cell-figure rows, {report['periods']} periods\n"
    )
    header = (
        f"{'page':15} {'queries':>7} {'cold med':>9} {'p95':>8} {'warm':>8} {'bare SQL':>9} "
        f"{'ratio':>6}  target"
    )
    print(header)
    print("-" * len(header))
    for name, page in report["pages"].items():
        target = TARGETS.get(name)
        goal = ""
        if target:
            goal = f"≤ {target[0]} ms" + (f", ratio ≤ {target[1]}" if target[1] else "")
        print(
            f"{name:15} {page['queries']:>7} {page['median_ms']:>9.1f} {page['p95_ms']:>8.1f} "
            f"{page['warm_median_ms']:>8.1f} {page['bare_sql_ms']:>9.1f} {page['ratio']:>6.2f}"
            f"  {goal}"
        )
    load = report["load"]
    if load and not load.get("skipped"):
        print(f"\nload ({load['connections']} connections, {load['seconds']} s, province): "
              f"{load['rps']:.1f} requests/s, p50 {load['p50_ms']} ms, p99 {load['p99_ms']} ms, "
              f"{load['errors']} errors   target ≥ 100/s, p99 ≤ 500 ms, 0 errors")  # fmt: skip
    if report["freshness_s"] is not None:
        print(f"freshness: {report['freshness_s']} s   target ≤ 1 s")
    s = report["season"]
    print(f"season ({s['people']} people, {s['pairs']} pages, {s['connections']} connections, "
          f"{s['seconds']} s, {s['writers']} writers): reads {s['read_rps']}/s, "
          f"p50 {s['read_p50_ms']} ms, p99 {s['read_p99_ms']} ms, {s['read_errors']} errors"
          f"   target ≥ 100/s, p99 ≤ 500 ms, 0 errors")  # fmt: skip
    print(f"  saves: {s['saves']}, p50 {s['save_p50_ms']} ms, p99 {s['save_p99_ms']} ms, "
          f"{s['save_errors']} errors, fresh on the next read {s['fresh_after_save']}"
          f"   target p99 ≤ 1 s, all fresh")  # fmt: skip
    w = report["writers"]
    print(f"writers ({w['writers']} in {w['provinces']} provinces, {w['seconds']} s): "
          f"{w['saves_per_s']} saves/s, p50 {w['save_p50_ms']} ms, p99 {w['save_p99_ms']} ms, "
          f"{w['errors']} errors, {w['lost_saves']} lost"
          f"   target ≥ 20/s, 0 errors, 0 lost")  # fmt: skip
    rules = report["rules_change"]
    if not rules:
        return
    print(f"a target changed in the admin: answered in {rules['answer_ms']} ms (target < 1 s); "
          f"every ward of {rules['periods']} periods recomputed by the worker in "
          f"{rules['recompute_s']} s")  # fmt: skip


if __name__ == "__main__":
    main()
