"""No lost updates: two people open the same report; the first saves; the second's save, based
on what they saw before it, is refused with a message that someone else changed it and what
they changed, and nothing of the first person's is overwritten.

Each person's form is posted back as the browser would: what the page they opened rendered
(its hidden seen_version included), with their own changes on top.
"""

import datetime
import threading
from decimal import Decimal

import pytest
from django import forms
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation

from tests import factories
from wardstats.reports.models import Report


def _encode(field: forms.Field, value):
    """One field's value as a browser sends it; None: not sent at all."""
    if isinstance(field, forms.BooleanField) and not isinstance(field, forms.NullBooleanField):
        return "on" if value else None
    if isinstance(field, forms.NullBooleanField):
        return field.widget.format_value(value)
    if value is None:
        return ""
    if isinstance(field, forms.ModelMultipleChoiceField) or isinstance(value, list | tuple):
        return [str(getattr(v, "pk", v)) for v in value]
    if isinstance(value, datetime.date | Decimal | int):
        return str(value)  # ISO dates and plain numbers are read in every language
    return str(getattr(value, "pk", value))


def _add_form(data: dict, form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        if field.disabled:
            continue
        bound = form[name]
        value = _encode(field, bound.value())
        if value is not None:
            data[bound.html_name] = value


def form_data(response, **changes) -> dict:
    """The admin change (or add) form of `response`, as its page would post it back unchanged,
    then with `changes` (by field name: `declared_members`, `cell_figures-0-members`...)."""
    data: dict = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    data.update({key: str(value) for key, value in changes.items()})
    return data


def change_url(report) -> str:
    return reverse("admin:reports_report_change", args=[report.pk])


@pytest.fixture
def report(hierarchy):
    report = factories.make_report(
        ward=hierarchy.ward_a, period=hierarchy.period_2025, declared_members=30
    )
    factories.make_cell_figures(report=report, cell=hierarchy.cell_a, members=30, women=10)
    return report


@pytest.fixture
def alice2(ward_a):
    """A second editor of ward A: Alice's colleague at the ward office."""
    from wardstats.accounts.models import RoleKind

    user = factories.make_user(username="an", first_name="Lê Văn", last_name="An", is_staff=True)
    factories.make_role(user=user, unit=ward_a, kind=RoleKind.WARD_EDITOR)
    return user


@pytest.fixture
def english_client(client_for):
    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def test_the_change_page_carries_the_version_it_shows(english_client, report, alice):
    page = english_client(alice).get(change_url(report))
    form = page.context["adminform"].form
    assert form["seen_version"].value() == 1
    html = page.content.decode()
    assert 'name="seen_version" value="1"' in html
    assert 'type="hidden"' in html.split('name="seen_version"')[0].rsplit("<input", 1)[1]


def test_a_save_on_the_current_version_succeeds_and_raises_it_by_one(english_client, report, alice):
    client = english_client(alice)
    data = form_data(client.get(change_url(report)), declared_members=31)
    data["cell_figures-0-members"] = "31"
    response = client.post(change_url(report), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    report.refresh_from_db()
    assert (report.declared_members, report.version) == (31, 2)
    assert report.cell_figures.get().members == 31

    # The page opened after that save carries the new version, and saves on top of it.
    data = form_data(client.get(change_url(report)), note="Đã kiểm tra")
    assert data["seen_version"] == "2"
    assert client.post(change_url(report), data).status_code == 302
    report.refresh_from_db()
    assert (report.note, report.version) == ("Đã kiểm tra", 3)


def test_the_second_of_two_saves_of_the_same_version_is_refused_with_what_changed(
    english_client, report, alice, alice2, hierarchy
):
    alice.first_name, alice.last_name = "Nguyễn Thị", "Alice"
    alice.save()
    first, second = english_client(alice), english_client(alice2)
    # Both open the report: each page keeps the version it showed.
    first_form = form_data(first.get(change_url(report)))
    second_form = form_data(second.get(change_url(report)))
    assert first_form["seen_version"] == second_form["seen_version"] == "1"

    # Alice saves first: a new total and a cell's figure.
    first_form.update({"declared_members": "32", "cell_figures-0-members": "32", "note": "Theo sổ"})
    assert first.post(change_url(report), first_form).status_code == 302

    # An saves what he typed on the page he opened before Alice's save.
    second_form.update(
        {"declared_members": "29", "cell_figures-0-members": "29", "cell_figures-0-women": "9"}
    )
    refused = second.post(change_url(report), second_form)
    assert refused.status_code == 200  # the form comes back, with the message
    errors = list(refused.context["adminform"].form.non_field_errors())
    assert errors[0].startswith("Someone else saved this after you opened it.")
    listed = "\n".join(errors[1:])
    # What Alice changed, by whom, from what to what.
    assert "Nguyễn Thị Alice" in listed
    assert "party members declared: 30 → 32" in listed
    assert "note: — → Theo sổ" in listed
    assert "Chi bộ Khu phố A1" in listed and "members: 30 → 32" in listed
    # An's own values are not listed as someone else's.
    assert "→ 29" not in listed and "women" not in listed
    html = refused.content.decode()
    assert "Someone else saved this after you opened it" in html and "30 → 32" in html

    # Alice's values stay; An's are not saved, not even his cell's figures.
    report.refresh_from_db()
    assert (report.declared_members, report.note, report.version) == (32, "Theo sổ", 2)
    row = report.cell_figures.get()
    assert (row.members, row.women) == (32, 10)


def test_the_refusal_is_in_vietnamese_for_a_vietnamese_page(client_for, report, alice, alice2):
    first, second = client_for(alice), client_for(alice2)
    first_form = form_data(first.get(change_url(report)))
    second_form = form_data(second.get(change_url(report)))
    first_form["declared_members"] = "33"
    first_form["cell_figures-0-members"] = "33"
    assert first.post(change_url(report), first_form).status_code == 302
    refused = second.post(change_url(report), second_form)
    errors = list(refused.context["adminform"].form.non_field_errors())
    english = (
        "Someone else saved this after you opened it. Your changes were not saved: "
        "check their changes, then enter yours again."
    )
    with translation.override("vi"):
        expected = translation.gettext(english)
    assert expected != english
    assert errors[0] == expected
    assert any("30 → 33" in line for line in errors[1:])


def test_a_stale_save_that_changes_only_a_cell_is_refused_too(
    english_client, report, alice, alice2
):
    first, second = english_client(alice), english_client(alice2)
    first_form = form_data(first.get(change_url(report)))
    second_form = form_data(second.get(change_url(report)))
    first_form["cell_figures-0-women"] = "11"
    assert first.post(change_url(report), first_form).status_code == 302
    second_form["cell_figures-0-women"] = "12"
    refused = second.post(change_url(report), second_form)
    assert refused.status_code == 200
    errors = list(refused.context["adminform"].form.non_field_errors())
    assert any("of which women: 10 → 11" in line for line in errors[1:]), errors
    assert report.cell_figures.get().women == 11


def test_a_save_without_a_version_is_refused(english_client, report, alice):
    """A form that does not say which version it started from cannot prove it is not stale."""
    client = english_client(alice)
    data = form_data(client.get(change_url(report)), declared_members=40)
    del data["seen_version"]
    response = client.post(change_url(report), data)
    assert response.status_code == 200
    assert Report.objects.get(pk=report.pk).declared_members == 30


def test_a_forged_newer_version_is_refused(english_client, report, alice):
    """seen_version must be the current one exactly: a version from the future is refused."""
    client = english_client(alice)
    data = form_data(client.get(change_url(report)), declared_members=40, seen_version=7)
    response = client.post(change_url(report), data)
    assert response.status_code == 200
    report.refresh_from_db()
    assert (report.declared_members, report.version) == (30, 1)


def test_any_newer_version_makes_an_open_form_stale(english_client, report, alice):
    """Whatever raised the version after the page was opened, the page's save is refused."""
    client = english_client(alice)
    data = form_data(client.get(change_url(report)), declared_members=41)
    Report.objects.filter(pk=report.pk).update(version=2)  # someone else's save
    response = client.post(change_url(report), data)
    assert response.status_code == 200
    assert Report.objects.get(pk=report.pk).declared_members == 30


def test_a_large_wards_report_saves_in_the_admin(english_client, alice, hierarchy):
    from wardstats.hierarchy.models import CellKind

    report = factories.make_report(
        ward=hierarchy.ward_a, period=hierarchy.period_2025, declared_members=70
    )
    for n in range(70):
        cell = factories.make_cell(
            ward=hierarchy.ward_a, name=f"Chi bộ Cơ quan {n + 1:03d}", kind=CellKind.OTHER
        )
        factories.make_cell_figures(report=report, cell=cell, members=1)
    client = english_client(alice)
    page = client.get(change_url(report))
    data = form_data(page, declared_members=71)
    data["cell_figures-0-members"] = "2"
    response = client.post(change_url(report), data)
    assert response.status_code == 302, f"the save answered {response.status_code}"
    report.refresh_from_db()
    assert (report.declared_members, report.version) == (71, 2)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two requests at once need a database with row locks (PostgreSQL)",
)
# serialized_rollback: after it the migrations' rows are put back, as the browser tests expect.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_saves_at_the_same_moment_one_is_refused(
    client_for, report, alice, alice2, monkeypatch
):
    """Both check their version at the same instant: the row lock taken by the check makes the
    second wait for the first to commit, then see the newer version and refuse."""
    from wardstats.admin.reports import ReportForm

    barrier = threading.Barrier(2, timeout=20)
    checking = ReportForm.clean

    def clean_together(self):
        barrier.wait()
        return checking(self)

    forms_of = {}
    for user, members in ((alice, "34"), (alice2, "35")):
        client = client_for(user)
        data = form_data(client.get(change_url(report)), declared_members=members)
        data["cell_figures-0-members"] = members
        forms_of[user.username] = (client, data)
    monkeypatch.setattr(ReportForm, "clean", clean_together)

    answers, failures = {}, []

    def save(name):
        client, data = forms_of[name]
        try:
            answers[name] = client.post(change_url(report), data).status_code
        except Exception as error:  # reported below, not lost in the thread
            failures.append(f"{name}: {error!r}")
        finally:
            connection.close()  # this thread's own

    threads = [threading.Thread(target=save, args=(name,)) for name in forms_of]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert sorted(answers.values()) == [200, 302], answers  # one saved, one refused
    winner = next(name for name, status in answers.items() if status == 302)
    expected = {"alice": 34, "an": 35}[winner]
    report.refresh_from_db()
    assert (report.declared_members, report.version) == (expected, 2)
    assert report.cell_figures.get().members == expected
