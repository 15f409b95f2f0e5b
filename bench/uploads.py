"""`make bench-uploads`: what an attacker's file costs the server (issue [hardening], item 2).

    .venv/bin/python bench/uploads.py          # on SQLite, or on DATABASE_URL's PostgreSQL

In a test database of its own (created, seeded with the demo data, dropped after), the demo ward
secretary (maokhe) downloads Mạo Khê's workbook; every hostile file of
tests/spreadsheets/attacks.py is made from it at full size (600 MB of whitespace, the declared
A1:XFD1048576, a billion laughs …), beside honest files: the workbook itself, and the largest
the limits allow (the cadres' sheet filled with new records to its last row). Each is uploaded
through the whole stack (Django's test client: middleware, view, reading, preview): the time
of the request (the slowest of three), and the peak of the memory it allocated (tracemalloc, a
fourth request). Prints a table and writes bench/results/uploads.json. The limits are the
settings' (README, "Security").
"""

import io
import json
import logging
import os
import re
import secrets
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))
# The app as production runs it: DEBUG off, a real secret key.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wardstats.settings")
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"
os.environ.setdefault("DJANGO_LOG_LEVEL", "CRITICAL")


def largest_honest(workbook: bytes) -> bytes:
    """The workbook with its cadres' sheet filled with new records to the last row allowed."""
    import io

    from django.conf import settings
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook))
    sheet = book["Cán bộ"]
    model = [cell.value for cell in sheet[2]]
    from wardstats.spreadsheets.columns import CADRE_SHEET

    fields = [column.field for column in CADRE_SHEET.columns]
    number, name = fields.index("id"), fields.index("full_name")
    for n in range(sheet.max_row + 1, settings.WARDSTATS_IMPORT_MAX_ROWS + 1):
        row = list(model)
        row[number], row[name] = None, f"Nguyễn Văn Thử {n}"
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def files(workbook: bytes) -> dict[str, tuple[str, bytes]]:
    from tests.spreadsheets import attacks

    made = {
        "honest: Mạo Khê's workbook": ("xlsx", workbook),
        "honest: the largest the limits allow": ("xlsx", largest_honest(workbook)),
    }
    for name, attack in attacks.XLSX_ATTACKS.items():
        made[name] = ("xlsx", attack(workbook))
    for name, attack in attacks.CSV_ATTACKS.items():
        made[name] = ("csv", attack())
    return made


def demo_ward():
    """The demo ward secretary's client, and the URLs of her ward's export and import."""
    from django.test import Client
    from django.urls import reverse

    from wardstats.accounts.models import Role
    from wardstats.periods.models import Period
    from wardstats.reports.models import Report, ReportStatus

    roles = Role.objects.select_related("user", "unit").filter(user__username="maokhe")
    wards = [role.unit for role in roles]
    draft = (
        Report.objects.filter(ward__in=wards, status=ReportStatus.DRAFT)
        .select_related("ward", "period")
        .order_by("-period__end")
        .first()
    )
    if draft is not None:
        ward, period = draft.ward, draft.period
    else:
        ward, period = wards[0], Period.objects.order_by("-end").first()
    user = roles[0].user
    client = Client()
    client.force_login(user)
    query = f"?period={period.pk}"
    export = reverse("spreadsheets:export", args=[ward.pk, "workbook", "xlsx"]) + query
    return client, export, reverse("spreadsheets:import", args=[ward.pk]) + query


def measure(client, url: str, name: str, suffix: str, content: bytes) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    def post():
        upload = SimpleUploadedFile(f"so-lieu.{suffix}", content)
        return client.post(url, {"file": upload}, HTTP_ACCEPT_LANGUAGE="vi")

    times = []
    for _ in range(3):
        start = time.perf_counter()
        response = post()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    post()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    html = response.content.decode()
    refused = (
        html.split('role="alert">', 1)[1].split("</div>", 1)[0] if 'role="alert">' in html else ""
    )
    outcome = re.sub(r"<[^>]+>", "", refused).strip() or f"preview ({response.status_code})"
    return {
        "file": name,
        "bytes": len(content),
        "status": response.status_code,
        "seconds": max(times),
        "memory_mb": peak / 1024 / 1024,
        "outcome": outcome,
    }


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    logging.disable(logging.WARNING)  # each refusal is a 400, which Django logs
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages' manifest
    original = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("seed_demo", allow_without_debug=True, stdout=io.StringIO())
        client, export, url = demo_ward()
        workbook = client.get(export).content
        results = []
        for name, (suffix, content) in files(workbook).items():
            result = measure(client, url, name, suffix, content)
            results.append(result)
            print(
                f"{name:42} {result['bytes'] / 1024:8.1f} KB {result['status']} "
                f"{result['seconds']:6.3f} s {result['memory_mb']:7.1f} MB  "
                f"{result['outcome'][:80]}",
                flush=True,
            )
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "uploads.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    slowest = max(results, key=lambda r: r["seconds"])
    fattest = max(results, key=lambda r: r["memory_mb"])
    print(f"slowest: {slowest['file']}, {slowest['seconds']:.3f} s; "
          f"most memory: {fattest['file']}, {fattest['memory_mb']:.1f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
