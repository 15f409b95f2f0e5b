"""The audit trail: every step of a report (created, a figure changed in the admin, submitted,
returned with a reason, resubmitted, approved, reopened) is recorded with who, when, the old
and the new value and the reason; the report's admin page shows it; cadre records, ward
quotas, targets and roles changed through the admin are recorded too, with the person; and
nothing in the app edits or deletes the trail.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin import site as admin_site
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import timezone, translation
from simple_history.models import HistoricalChanges

from tests import factories
from tests.reports.test_lost_updates import form_data
from wardstats.accounts.models import Role, RoleKind
from wardstats.reports.history import history_of
from wardstats.reports.models import CellFigures, Report, ReportStatus
from wardstats.staffing.models import Cadre, WardQuota

WARDSTATS = Path(__file__).resolve().parents[2] / "wardstats"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def english_client(client_for):
    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def named(alice, olga):
    """Alice and Olga with full names, as the history shows people."""
    alice.first_name, alice.last_name = "Nguyễn Thị", "Alice"
    alice.save()
    olga.first_name, olga.last_name = "Trần Văn", "Olga"
    olga.save()
    return alice, olga


@pytest.fixture
def pat(province):
    """Provincial administrator of the test province."""
    user = factories.make_user(username="pat", first_name="Phạm", last_name="Pat", is_staff=True)
    factories.make_role(user=user, unit=province, kind=RoleKind.PROVINCE_ADMIN)
    return user


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def workflow_url(report, action: str) -> str:
    return reverse("admin:reports_report_workflow", args=[report.pk, action])


def post_ok(client, url: str, data: dict) -> None:
    """Post a form that must be accepted (a redirect); show the form's errors otherwise."""
    response = client.post(url, data)
    if response.status_code != 302:
        errors = response.context and response.context.get("errors")
        inline = response.context and [
            f.formset.errors for f in response.context.get("inline_admin_formsets", [])
        ]
        pytest.fail(f"{url} answered {response.status_code}: {errors} {inline}")


def create_and_fill(client, hierarchy) -> Report:
    """The ward editor creates ward A's 2025 report in the admin and fills its one cell."""
    post_ok(
        client,
        reverse("admin:reports_report_add"),
        {
            "ward": hierarchy.ward_a.pk,
            "period": hierarchy.period_2025.pk,
            "declared_members": "30",
            # The stock it will submit: 28 at the start, and (after the correction) 28 at the end.
            "opening_members": "28",
            "training_attendances": "0",
            "propagandists": "0",
            "mass_mobilisation_models": "0",
            "note": "",
        },
    )
    report = Report.objects.get(ward=hierarchy.ward_a, period=hierarchy.period_2025)
    # The new report lists its ward's cells ready to fill: cell A1 is the first row.
    page = client.get(change_url(report))
    data = form_data(page)
    assert data["cell_figures-0-cell"] == str(hierarchy.cell_a.pk)
    data.update(
        {
            "cell_figures-0-members": "30",
            "cell_figures-0-women": "10",
            "cell_figures-0-opening": "28",
            "cell_figures-0-rated_good": "28",  # the members it will submit, all rated
        }
    )
    post_ok(client, change_url(report), data)
    return report


def chronological(report) -> list:
    return list(reversed(history_of(report)))


def summary(entry) -> tuple:
    return (entry.who, entry.what, entry.kind, entry.changes, entry.reason)


# --- A report's steps --------------------------------------------------------------------


def test_creating_and_changing_a_report_in_the_admin_is_recorded(english_client, named, hierarchy):
    alice, _ = named
    start = timezone.now()
    client = english_client(alice)
    report = create_and_fill(client, hierarchy)
    data = form_data(client.get(change_url(report)))
    data.update({"declared_members": "28", "cell_figures-0-members": "28"})
    post_ok(client, change_url(report), data)

    entries = chronological(report)
    assert [summary(e) for e in entries] == [
        ("Nguyễn Thị Alice", "report", "created", [], ""),
        ("Nguyễn Thị Alice", "Chi bộ Khu phố A1", "created", [], ""),
        ("Nguyễn Thị Alice", "report", "changed", [("party members declared", "30", "28")], ""),
        ("Nguyễn Thị Alice", "Chi bộ Khu phố A1", "changed", [("members", "30", "28")], ""),
    ]
    whens = [e.when for e in entries]
    assert whens == sorted(whens)
    assert start <= whens[0] and whens[-1] <= timezone.now()
    # Each entry reads as one line: when, who, what, from what to what.
    line = str(entries[2])
    assert "Nguyễn Thị Alice" in line and "party members declared: 30 → 28" in line


def test_a_change_without_a_person_is_the_systems(hierarchy):
    report = factories.make_report(ward=hierarchy.ward_a, period=hierarchy.period_2025)
    (entry,) = history_of(report)
    assert (entry.who, entry.kind) == ("the system", "created")


def test_deleting_a_cells_figures_in_the_admin_is_recorded(english_client, named, hierarchy):
    alice, _ = named
    client = english_client(alice)
    report = create_and_fill(client, hierarchy)
    data = form_data(client.get(change_url(report)))
    data["cell_figures-0-DELETE"] = "on"
    post_ok(client, change_url(report), data)
    assert not report.cell_figures.exists()
    latest = history_of(report)[0]
    assert (latest.who, latest.what, latest.kind) == (
        "Nguyễn Thị Alice",
        "Chi bộ Khu phố A1",
        "deleted",
    )


def test_a_deleted_draft_keeps_its_history(english_client, named, hierarchy, pat):
    """A ward's editor fills a draft; the province deletes it (a ward never deletes its own)."""
    alice, _ = named
    report = create_and_fill(english_client(alice), hierarchy)
    pk = report.pk
    deleting = english_client(pat)
    post_ok(deleting, reverse("admin:reports_report_delete", args=[pk]), {"post": "yes"})
    assert not Report.objects.filter(pk=pk).exists()
    records = Report.history.filter(id=pk).order_by("history_date")
    assert [r.history_type for r in records][0] == "+"
    assert (records.last().history_type, records.last().history_user) == ("-", pat)
    assert CellFigures.history.filter(report_id=pk, history_type="-").get().history_user == pat


def test_the_first_change_of_a_row_the_demo_seed_loaded_shows_its_old_values(
    english_client, named, hierarchy
):
    from wardstats_dev.seed import record_initial_history
    from wardstats_dev.sync import Syncer

    alice, _ = named
    syncer = Syncer()
    (report,) = syncer.sync(
        Report,
        [
            Report(
                ward=hierarchy.ward_a,
                period=hierarchy.period_2025,
                declared_members=30,
                is_sample=True,
            )
        ],
        key=["ward_id", "period_id"],
        existing=Report.objects.filter(is_sample=True),
    )
    syncer.sync(
        CellFigures,
        [CellFigures(report_id=report.pk, cell=hierarchy.cell_a, members=30)],
        key=["report_id", "cell_id"],
        existing=CellFigures.objects.filter(report__is_sample=True),
    )
    # seed_demo gives every bulk-loaded row its first audit record.
    record_initial_history()
    client = english_client(alice)
    data = form_data(client.get(change_url(report)))
    data.update({"declared_members": "28", "cell_figures-0-members": "28"})
    post_ok(client, change_url(report), data)

    changes = [change for entry in history_of(report) for change in entry.changes]
    assert ("party members declared", "30", "28") in changes, history_of(report)
    assert ("members", "30", "28") in changes, history_of(report)


def test_every_step_of_a_report_is_recorded_with_who_when_what_and_why(
    english_client, named, hierarchy
):
    alice, olga = named
    editor, officer = english_client(alice), english_client(olga)
    start = timezone.now()

    report = create_and_fill(editor, hierarchy)
    data = form_data(editor.get(change_url(report)))
    data.update({"declared_members": "28", "cell_figures-0-members": "28"})
    post_ok(editor, change_url(report), data)
    factories.fit_structure(report)  # the membership's structure, entered on the ward's screen
    assert editor.post(workflow_url(report, "submit")).status_code == 302
    officer.post(workflow_url(report, "return"), {"reason": "Thiếu số đảng viên nữ"})
    data = form_data(editor.get(change_url(report)))
    data["cell_figures-0-women"] = "11"
    post_ok(editor, change_url(report), data)
    editor.post(workflow_url(report, "submit"))
    officer.post(workflow_url(report, "approve"))
    officer.post(workflow_url(report, "reopen"), {"reason": "Sai số liệu chi bộ"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED

    alice_, olga_ = "Nguyễn Thị Alice", "Trần Văn Olga"

    def status(old, new):
        return [("status", old, new)]

    entries = chronological(report)
    assert [summary(e) for e in entries] == [
        (alice_, "report", "created", [], ""),
        (alice_, "Chi bộ Khu phố A1", "created", [], ""),
        (alice_, "report", "changed", [("party members declared", "30", "28")], ""),
        (alice_, "Chi bộ Khu phố A1", "changed", [("members", "30", "28")], ""),
        (alice_, "report", "changed", status("draft", "submitted"), ""),
        (olga_, "report", "changed", status("submitted", "returned"), "Thiếu số đảng viên nữ"),
        (alice_, "Chi bộ Khu phố A1", "changed", [("of which women", "10", "11")], ""),
        (alice_, "report", "changed", status("returned", "submitted"), ""),
        (olga_, "report", "changed", status("submitted", "approved"), ""),
        (olga_, "report", "changed", status("approved", "returned"), "Sai số liệu chi bộ"),
    ]
    whens = [e.when for e in entries]
    assert whens == sorted(whens)
    assert start <= whens[0] and whens[-1] <= timezone.now()

    # The report's page shows the same table, to the officer as to the ward.
    for client in (editor, officer):
        page = client.get(change_url(report))
        assert len(page.context["history"]) == len(entries)
        html = page.content.decode()
        table = html.split('class="module ws-history"', 1)[1].split("</table>", 1)[0]
        rows = re.findall(r"<tr><td>.*?</tr>", table, flags=re.S)
        assert len(rows) == len(entries)
        assert "Trần Văn Olga" in rows[0] and "Sai số liệu chi bộ" in rows[0]
        assert "approved → returned" in rows[0]
        assert "Nguyễn Thị Alice" in rows[-1]
        assert "members: 30 → 28" in table and "Thiếu số đảng viên nữ" in table


def test_the_report_page_shows_the_history_table(english_client, named, hierarchy):
    alice, olga = named
    report = create_and_fill(english_client(alice), hierarchy)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    page = english_client(olga).get(change_url(report))
    html = page.content.decode()
    assert 'class="module ws-history"' in html
    table = html.split('class="module ws-history"', 1)[1].split("</table>", 1)[0]
    headers = re.findall(r"<th>(.*?)</th>", table)
    assert headers == ["when", "who", "what", "changes", "reason"]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>", table, flags=re.S)
    assert [who for _, who in rows] == ["Nguyễn Thị Alice", "Nguyễn Thị Alice"]
    assert all(when.strip() for when, _ in rows)


# --- Nobody edits or deletes the history through the app ---------------------------------

# Every table of the trail: the historical models, and those of their many-to-many fields.
HISTORICAL = sorted(
    (model for model in apps.get_models() if issubclass(model, HistoricalChanges)),
    key=lambda model: model._meta.label,
)


def test_the_audited_models_are_the_ones_the_issue_names():
    audited = {model.instance_type._meta.label for model in HISTORICAL}
    assert audited >= {
        "reports.Report",
        "reports.CellFigures",
        "staffing.Cadre",
        "staffing.WardQuota",
        "indicators.Target",
        "accounts.Role",
    }


@pytest.mark.parametrize("model", HISTORICAL, ids=lambda m: m._meta.label)
def test_no_admin_page_of_a_historical_model(model, client_for, admin):
    assert model not in admin_site._registry
    opts = model._meta
    for view, args in (("changelist", []), ("add", []), ("change", [1]), ("delete", [1])):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)
    # Not even by typing its address, as the superuser.
    client = client_for(admin)
    base = f"/admin/{opts.app_label}/{opts.model_name}/"
    for url in (base, f"{base}add/", f"{base}1/change/", f"{base}1/delete/"):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"post": "yes"}).status_code == 404, url


def test_no_url_of_the_app_names_a_historical_model():
    names = set()

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                ns = f"{pattern.namespace}:" if pattern.namespace else ""
                walk(pattern, prefix + ns)
            elif pattern.name:
                names.add(prefix + pattern.name)

    walk(get_resolver())
    assert names, "no URL found"
    assert [name for name in names if "historical" in name] == []


# The calls that write rows: none of them on a history manager or a historical model, anywhere
# in the app's own code (migrations create the tables, and nothing else touches them).
WRITES = re.compile(
    r"(\.history\b|Historical\w+)[\w.()\[\]'\"=, ]*?\.(create|bulk_create|update|bulk_update|"
    r"delete|get_or_create|update_or_create|save)\("
)


def test_no_code_of_the_app_writes_the_history():
    offenders = []
    for path in WARDSTATS.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if WRITES.search(line):
                offenders.append(f"{path.relative_to(WARDSTATS.parent)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_pattern_above_would_see_a_write():
    assert WRITES.search("Report.history.filter(id=1).delete()")
    assert WRITES.search("HistoricalReport.objects.update(history_user=None)")
    assert WRITES.search("report.history.first().save()")
    assert not WRITES.search("Report.history.filter(id=report.pk).select_related('x')")


def snapshot() -> dict:
    return {
        model._meta.label: {row[model._meta.pk.attname]: row for row in model.objects.values()}
        for model in HISTORICAL
    }


def test_working_through_the_admin_never_changes_recorded_history(
    english_client, client_for, named, admin, hierarchy
):
    """Whatever the pages are asked, the rows already in the trail stay as they were."""
    alice, olga = named
    client = english_client(alice)
    report = create_and_fill(client, hierarchy)
    cadre = factories.make_cadre(ward=hierarchy.ward_a)
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) >= 4

    data = form_data(client.get(change_url(report)))
    data.update({"declared_members": "29", "cell_figures-0-members": "29"})
    post_ok(client, change_url(report), data)
    data = form_data(client.get(change_url(cadre)), full_name="Nguyễn Văn Bình")
    post_ok(client, change_url(cadre), data)
    superuser = client_for(admin)
    post_ok(superuser, reverse("admin:staffing_cadre_delete", args=[cadre.pk]), {"post": "yes"})
    post_ok(superuser, reverse("admin:reports_report_delete", args=[report.pk]), {"post": "yes"})
    # The admin's own "history" page of an object (its LogEntry list) only reads.
    assert superuser.get(reverse("admin:auth_user_history", args=[alice.pk])).status_code == 200

    after = snapshot()
    for label, rows in before.items():
        for history_id, row in rows.items():
            assert after[label].get(history_id) == row, (label, history_id)
    assert sum(len(rows) for rows in after.values()) > sum(len(rows) for rows in before.values())


# --- Cadres, quotas, targets and roles ---------------------------------------------------


def change_through_admin(client, obj, **changes) -> None:
    post_ok(client, change_url(obj), form_data(client.get(change_url(obj)), **changes))


def latest(model, obj):
    return model.history.filter(id=obj.pk).order_by("-history_date", "-history_id").first()


def test_a_cadre_change_in_the_admin_is_recorded_with_the_person(english_client, alice, hierarchy):
    cadre = factories.make_cadre(ward=hierarchy.ward_a, full_name="Nguyễn Văn An")
    before = cadre.history.count()
    change_through_admin(english_client(alice), cadre, full_name="Nguyễn Văn Ân", birth_year=1986)
    assert cadre.history.count() == before + 1
    record = latest(Cadre, cadre)
    assert (record.history_type, record.history_user) == ("~", alice)
    changes = {c.field: (c.old, c.new) for c in record.diff_against(record.prev_record).changes}
    assert changes["full_name"] == ("Nguyễn Văn An", "Nguyễn Văn Ân")
    assert changes["birth_year"] == (1985, 1986)


def test_a_ward_quota_change_in_the_admin_is_recorded_with_the_person(
    english_client, pat, hierarchy
):
    quota = factories.make_ward_quota(
        ward=hierarchy.ward_a, period=hierarchy.period_2025, cadres_civil_servants=21
    )
    before = quota.history.count()
    change_through_admin(english_client(pat), quota, cadres_civil_servants=22)
    assert quota.history.count() == before + 1
    record = latest(WardQuota, quota)
    assert (record.history_user, record.cadres_civil_servants) == (pat, 22)
    assert record.prev_record.cadres_civil_servants == 21


def test_a_target_change_in_the_admin_is_recorded_with_the_person(english_client, pat, hierarchy):
    from wardstats.indicators.models import Target

    # A target for a period still open changes in place (one that judged closed periods is
    # revised instead: tests/indicators/test_target_versions.py).
    target = factories.make_target(
        indicator="pool_women",
        area=hierarchy.province,
        threshold=25,
        periods=[factories.make_period(year=2027)],
    )
    before = target.history.count()
    change_through_admin(english_client(pat), target, threshold="30.00")
    assert target.history.count() == before + 1
    record = latest(Target, target)
    assert record.history_user == pat
    assert (record.prev_record.threshold, record.threshold) == (25, 30)


def test_role_changes_in_the_admin_are_recorded_with_the_person(
    english_client, pat, bob, hierarchy
):
    role = Role.objects.get(user=bob)
    client = english_client(pat)
    before = role.history.count()
    change_through_admin(client, role, kind=RoleKind.WARD_VIEWER)
    assert role.history.count() == before + 1
    record = latest(Role, role)
    assert (record.history_user, record.prev_record.kind, record.kind) == (
        pat,
        RoleKind.WARD_EDITOR,
        RoleKind.WARD_VIEWER,
    )

    post_ok(
        client,
        reverse("admin:accounts_role_add"),
        {"user": bob.pk, "unit": hierarchy.ward_b.pk, "kind": RoleKind.WARD_EDITOR},
    )
    added = Role.objects.get(user=bob, kind=RoleKind.WARD_EDITOR)
    created = Role.history.get(id=added.pk)
    assert (created.history_type, created.history_user) == ("+", pat)

    post_ok(client, reverse("admin:accounts_role_delete", args=[role.pk]), {"post": "yes"})
    gone = Role.history.filter(id=role.pk).order_by("history_date").last()
    assert (gone.history_type, gone.history_user) == ("-", pat)


def test_history_dates_are_aware_and_recent(hierarchy):
    report = factories.make_report(ward=hierarchy.ward_a, period=hierarchy.period_2025)
    record = Report.history.get(id=report.pk)
    assert timezone.is_aware(record.history_date)
    assert timezone.now() - record.history_date < datetime.timedelta(minutes=1)
