"""Every page passes axe-core's WCAG 2.1 AA checks with no critical or serious violation, on a
360 px phone and a 1366 px desktop, and none scrolls sideways on the phone but the wide
tables, which scroll inside their own frame. On the demo data, as each kind of person sees it:
the ward secretary (maokhe), the district's officer (dongtrieu), the province's administrator
(quangninh)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, log_in, overflows_sideways
from wardstats.hierarchy.models import Level, Unit
from wardstats.periods.models import Period
from wardstats_dev import reference as ref
from wardstats_dev.users import DEMO_USERS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

USERS = {user.username: user for user in DEMO_USERS}


def pages() -> dict[str, list[str]]:
    """Each person's pages, every kind of page once."""
    ward = Unit.objects.get(code=ref.MAO_KHE_CODE, valid_from=ref.REFORM)
    old = Unit.objects.get(code=ref.MAO_KHE_CODE, valid_to=ref.REFORM - datetime.timedelta(days=1))
    district = Unit.objects.get(level=Level.DISTRICT, code=ref.DONG_TRIEU_CODE)
    province = Unit.objects.get(level=Level.PROVINCE, code=ref.PROVINCE_CODE)
    cadre = ward.cadres.order_by("pk").first()
    y2018 = Period.objects.get(year=2018, kind="year").pk
    return {
        "maokhe": [
            reverse("home"),
            reverse("entry:report", args=[ward.pk]),
            reverse("entry:report", args=[ward.pk]) + "?part=organisation",
            reverse("entry:report", args=[ward.pk]) + "?part=structure",
            reverse("entry:cadres", args=[ward.pk]),
            reverse("entry:cadre_new", args=[ward.pk]),
            reverse("entry:cadre_edit", args=[ward.pk, cadre.pk]),
            reverse("entry:cadre_end", args=[ward.pk, cadre.pk]),
            reverse("dashboards:ward", args=[ward.pk]),
            reverse("dashboards:ward_history", args=[ward.pk]),
            reverse("spreadsheets:import", args=[ward.pk]),
            reverse("printouts:ward_report", args=[old.pk]) + f"?period={y2018}",
            "/no-such-page/",
        ],
        "dongtrieu": [
            reverse("dashboards:area", args=[district.pk]) + f"?period={y2018}",
            reverse("dashboards:rollup", args=[district.pk]) + f"?period={y2018}",
            reverse("dashboards:completeness", args=[district.pk]) + f"?period={y2018}",
            reverse("entry:report", args=[old.pk]) + f"?period={y2018}",
            reverse("entry:report", args=[old.pk]) + f"?period={y2018}&part=organisation",
        ],
        "quangninh": [
            reverse("dashboards:area", args=[province.pk]),
            reverse("dashboards:rollup", args=[province.pk]),
        ],
    }


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_page_passes_axe_on_a_phone_and_a_desktop(new_page, live_server, viewport):
    call_command("seed_demo", allow_without_debug=True, stdout=StringIO())
    faults = []
    login_page = new_page(viewport)
    login_page.goto(f"{live_server.url}{reverse('login')}")
    faults += [f"login: {v}" for v in axe_violations(login_page)]
    for username, urls in pages().items():
        page = new_page(viewport)
        user = USERS[username]
        log_in(page, live_server.url, user.username, user.password)
        for url in urls:
            page.goto(f"{live_server.url}{url}")
            faults += [f"{username} {url}: {v}" for v in axe_violations(page)]
            if viewport == PHONE and overflows_sideways(page):
                faults.append(f"{username} {url}: scrolls sideways on a phone")
            faults += [f"{username} {url}: {p}" for p in page.problems]
            page.problems.clear()
    assert faults == [], "\n".join(faults)
