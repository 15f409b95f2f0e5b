"""The reporting season, measured (`make bench`, after the per-page table and the single-URL run).

Many people, each reading their own pages, while ward secretaries save their report:

- *People*, made once from the scale data: an area officer for each province, 200 ward editors
  (each of a ward whose latest report is still theirs to edit), one national officer.
- *Pages*: each person's own — an officer's province dashboard sorted by each indicator both
  ways and its pages, the province's roll-up and completeness; a ward editor's ward page for
  each period and their report's entry screen; the national officer's country pages — and at
  least 3.000 distinct (person, page) pairs, drawn at random (seeded).
- *Season run*: 16 connections read those pairs in random order for 60 s while 4 ward editors
  save their report through the entry screen (GET the screen, change one cell's members, POST)
  about once a second each. After each save the writer reads its ward page and checks that
  the new total is there (freshness).
- *Writers run*: 16 ward editors in 16 different provinces save as fast as they can; afterwards
  each one's last value must be in the database (no lost save).

Everything goes through gunicorn over HTTP, one keep-alive connection per client thread.
"""

import http.client
import random
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser

SEED = "season-2026"
READERS = 16
PAIRS = 3000
EDITORS = 200


@dataclass
class Person:
    username: str
    cookie: str = ""
    pages: list[str] = field(default_factory=list)
    ward_id: int | None = None


# --- People and their pages ----------------------------------------------------------------------


def people() -> tuple[list[Person], list[Person]]:
    """(everyone who reads, the ward editors able to save): users and roles made once."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from wardstats.accounts.models import Role, RoleKind
    from wardstats.hierarchy.models import Level, Unit
    from wardstats.indicators.models import Indicator
    from wardstats.periods.models import Period
    from wardstats.reports.models import EDITABLE_STATUSES, Report

    users = get_user_model().objects
    periods = list(Period.objects.filter(kind="year").order_by("end"))
    latest = periods[-1]
    codes = list(Indicator.objects.values_list("code", flat=True))
    rng = random.Random(SEED)
    everyone: list[Person] = []

    provinces = Unit.objects.filter(level=Level.PROVINCE).valid_on(latest.end).order_by("code")
    for province in provinces:
        user, _ = users.get_or_create(username=f"season-province-{province.code}")
        Role.objects.get_or_create(user=user, unit=province, kind=RoleKind.AREA_OFFICER)
        person = Person(user.username)
        area = reverse("dashboards:area", args=[province.pk])
        wards = Unit.objects.wards().under(province, latest.end).count()
        for period in periods[-2:]:
            q = f"?period={period.pk}"
            person.pages += [
                reverse("dashboards:rollup", args=[province.pk]) + q,
                reverse("dashboards:completeness", args=[province.pk]) + q,
            ]
            for code in codes:
                for sign in ("", "-"):
                    for page in range(1, max(1, -(-wards // 25)) + 1):
                        person.pages.append(f"{area}{q}&sort={sign}ind_{code}&page={page}")
        everyone.append(person)

    country = Unit.objects.get(level=Level.COUNTRY)
    user, _ = users.get_or_create(username="season-national")
    Role.objects.get_or_create(user=user, unit=country, kind=RoleKind.AREA_OFFICER)
    national = Person(user.username)
    for period in periods[-2:]:
        q = f"?period={period.pk}"
        national.pages.append(reverse("dashboards:rollup", args=[country.pk]) + q)
        area = reverse("dashboards:area", args=[country.pk])
        national.pages += [f"{area}{q}&sort=-ind_{code}" for code in codes]
    everyone.append(national)

    editable = list(
        Report.objects.filter(period=latest, status__in=EDITABLE_STATUSES)
        .order_by("ward__code")
        .values_list("ward_id", "ward__code", flat=False)
    )
    rng.shuffle(editable)
    editors = []
    for ward_id, code in editable[:EDITORS]:
        user, _ = users.get_or_create(username=f"season-ward-{code}")
        Role.objects.get_or_create(user=user, unit_id=ward_id, kind=RoleKind.WARD_EDITOR)
        person = Person(user.username, ward_id=ward_id)
        ward = reverse("dashboards:ward", args=[ward_id])
        person.pages = [f"{ward}?period={p.pk}" for p in periods]
        person.pages.append(reverse("entry:report", args=[ward_id]))
        editors.append(person)
    everyone += editors
    return everyone, editors


def pairs(everyone: list[Person], count: int = PAIRS) -> list[tuple[Person, str]]:
    """At least `count` distinct (person, page) pairs in random order (every page of every
    ward editor and the national officer, the rest drawn from the officers' pages)."""
    rng = random.Random(SEED)
    chosen = {(p.username, url): (p, url) for p in everyone if p.ward_id for url in p.pages}
    officers = [p for p in everyone if not p.ward_id]
    pool = [(p, url) for p in officers for url in p.pages]
    rng.shuffle(pool)
    for person, url in pool:
        if len(chosen) >= count:
            break
        chosen.setdefault((person.username, url), (person, url))
    result = list(chosen.values())
    rng.shuffle(result)
    return result


def log_in(everyone: list[Person], session_cookie) -> None:
    for person in everyone:
        person.cookie = session_cookie(person.username)


# --- HTTP -------------------------------------------------------------------------------------


class Client:
    """One keep-alive connection to gunicorn, with a person's cookies."""

    def __init__(self, port: int, cookie: str):
        self.port, self.cookies = port, dict([cookie.split("=", 1)])
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, url: str, body: dict | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{url}"
        for attempt in (1, 2):
            try:
                self.connection.request(method, url, body=data, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()  # gunicorn closed a kept connection: open a new one
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content.decode("utf-8", "replace")


class FormFields(HTMLParser):
    """The fields a browser would post from the page's form that holds `version`."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.current: list[tuple[str, str]] | None = None
        self.select: str | None = None
        self.select_value: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.current = []
            self.forms.append(self.current)
        if self.current is None:
            return
        if tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self.current.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self.select, self.select_value = a.get("name"), None
        elif tag == "option" and self.select:
            if self.select_value is None or "selected" in a:
                self.select_value = a.get("value", "")
                if "selected" in a:
                    self.select_value = "\x00" + self.select_value
        elif tag == "textarea" and a.get("name"):
            self.textarea = a["name"]
            self.current.append((self.textarea, ""))

    def handle_data(self, data):
        if self.textarea and self.current:
            name, value = self.current[-1]
            self.current[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "select" and self.select and self.current is not None:
            value = (self.select_value or "").removeprefix("\x00")
            self.current.append((self.select, value))
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.current = None


def report_form(html: str) -> list[tuple[str, str]]:
    parser = FormFields()
    parser.feed(html)
    return next(f for f in parser.forms if any(name == "version" for name, _ in f))


MEMBERS = re.compile(r"^(\d+)m$")  # the entry screen names a cell's members "<cell id>m"


def changed(fields: list[tuple[str, str]], step: int) -> tuple[list[tuple[str, str]], str, int]:
    """The form with its first cell's members raised (or lowered) by one: (fields, the field,
    its new value)."""
    out, target, value = [], "", 0
    for name, current in fields:
        if not target and MEMBERS.match(name) and current.strip().replace(".", "").isdigit():
            target = name
            value = int(current.strip().replace(".", "")) + step
            current = str(value)
        out.append((name, current))
    out.append(("action", "save"))
    return out, target, value


# --- The runs ------------------------------------------------------------------------------------


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _ms(values, p):
    value = percentile(values, p)
    return None if value is None else round(value * 1000, 1)


def save_once(client: Client, person: Person, step: int) -> tuple[bool, float, str, int]:
    """GET the entry screen, change one figure, POST it: (saved, seconds of the POST, field,
    value)."""
    from django.urls import reverse

    url = reverse("entry:report", args=[person.ward_id])
    status, html = client.request("GET", url)
    if status != 200:
        return False, 0.0, "", 0
    fields, target, value = changed(report_form(html), step)
    started = time.perf_counter()
    status, _ = client.request("POST", url, body=fields)
    return status == 302, time.perf_counter() - started, target, value


# The ward page's "Total" row: cells, then members.
TOTAL = re.compile(r'<tfoot><tr><td>[^<]*</td><td>[^<]*</td><td class="num">([\d.,]+)</td>')


def fresh_after(client: Client, person: Person, period_id: int) -> bool:
    """Whether the ward page, read right after the save, shows the ward's new total."""
    from django.db.models import Sum
    from django.urls import reverse

    from wardstats.reports.models import CellFigures

    total = CellFigures.objects.filter(
        report__ward_id=person.ward_id, report__period_id=period_id
    ).aggregate(n=Sum("members"))["n"]
    url = reverse("dashboards:ward", args=[person.ward_id]) + f"?period={period_id}"
    status, html = client.request("GET", url)
    shown = TOTAL.search(html)
    return status == 200 and shown is not None and int(re.sub(r"\D", "", shown.group(1))) == total


def season_run(port, everyone, editors, seconds=60, readers=READERS, writers=4) -> dict:
    from wardstats.periods.models import Period

    latest = Period.objects.filter(kind="year").order_by("-end").first()
    work = pairs(everyone)
    writing = editors[:writers]  # their own pages are among the readers' pairs too
    lock = threading.Lock()
    position = [0]
    reads: list[float] = []
    read_errors = [0]
    saves: list[float] = []
    save_errors = [0]
    fresh = [0, 0]
    stop_at = time.perf_counter() + seconds

    def next_pair():
        with lock:
            pair = work[position[0] % len(work)]
            position[0] += 1
            return pair

    def reader():
        clients: dict[str, Client] = {}
        while time.perf_counter() < stop_at:
            person, url = next_pair()
            client = clients.get(person.username)
            if client is None:
                client = clients[person.username] = Client(port, person.cookie)
            started = time.perf_counter()
            try:
                status, _ = client.request("GET", url)
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                reads.append(elapsed)
                if status not in (200, 304):
                    read_errors[0] += 1

    def writer(person: Person):
        client = Client(port, person.cookie)
        step = 1
        while time.perf_counter() < stop_at:
            began = time.perf_counter()
            try:
                ok, elapsed, _field, _value = save_once(client, person, step)
                is_fresh = ok and fresh_after(client, person, latest.pk)
            except OSError:
                ok, elapsed, is_fresh = False, 0.0, False
            with lock:
                if ok:
                    saves.append(elapsed)
                    fresh[0] += 1
                    fresh[1] += int(is_fresh)
                else:
                    save_errors[0] += 1
            step = -step
            time.sleep(max(0.0, 1.0 - (time.perf_counter() - began)))  # about once a second

    threads = [threading.Thread(target=reader) for _ in range(readers)]
    threads += [threading.Thread(target=writer, args=(p,)) for p in writing]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "people": len(everyone),
        "pairs": len(work),
        "connections": readers,
        "seconds": round(elapsed, 1),
        "reads": len(reads),
        "read_rps": round(len(reads) / elapsed, 1),
        "read_p50_ms": _ms(reads, 50),
        "read_p99_ms": _ms(reads, 99),
        "read_errors": read_errors[0],
        "writers": len(writing),
        "saves": len(saves),
        "save_p50_ms": _ms(saves, 50),
        "save_p99_ms": _ms(saves, 99),
        "save_errors": save_errors[0],
        "fresh_after_save": f"{fresh[1]}/{fresh[0]}",
    }


def writers_run(port, editors, seconds=30, writers=16) -> dict:
    """Ward editors of `writers` different provinces saving as fast as they can."""
    from wardstats.hierarchy.ancestry import provinces_of

    by_province: dict[int, Person] = {}
    for person in editors:
        (province,) = sorted(provinces_of([person.ward_id]))[:1] or (None,)
        if province is not None and province not in by_province:
            by_province[province] = person
    chosen = list(by_province.values())[:writers]
    lock = threading.Lock()
    saves: list[float] = []
    errors = [0]
    last: dict[str, tuple[int, str, int]] = {}
    stop_at = time.perf_counter() + seconds

    def writer(person: Person):
        client = Client(port, person.cookie)
        step = 1
        while time.perf_counter() < stop_at:
            try:
                ok, elapsed, name, value = save_once(client, person, step)
            except OSError:
                ok, elapsed, name, value = False, 0.0, "", 0
            with lock:
                if ok:
                    saves.append(elapsed)
                    last[person.username] = (person.ward_id, name, value)
                else:
                    errors[0] += 1
            step = -step

    threads = [threading.Thread(target=writer, args=(p,)) for p in chosen]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    lost = sum(1 for ward_id, name, value in last.values() if not _stored(ward_id, name, value))
    return {
        "writers": len(chosen),
        "provinces": len(chosen),
        "seconds": round(elapsed, 1),
        "saves": len(saves),
        "saves_per_s": round(len(saves) / elapsed, 1),
        "save_p50_ms": _ms(saves, 50),
        "save_p99_ms": _ms(saves, 99),
        "errors": errors[0],
        "lost_saves": lost,
    }


def _stored(ward_id: int, field_name: str, value: int) -> bool:
    """Whether the cell's members in the ward's latest report are `value`."""
    from wardstats.periods.models import Period
    from wardstats.reports.models import CellFigures

    cell_id = int(MEMBERS.match(field_name).group(1))
    latest = Period.objects.filter(kind="year").order_by("-end").first()
    members = (
        CellFigures.objects.filter(report__ward_id=ward_id, report__period=latest, cell_id=cell_id)
        .values_list("members", flat=True)
        .first()
    )
    return members == value
