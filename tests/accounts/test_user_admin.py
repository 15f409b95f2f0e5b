"""The provincial administrator manages the people of their province in the admin.

On top of the tiny hierarchy of tests/conftest.py (Tỉnh Thử: alice, bob, olga):

    Tỉnh Thử     petra  provincial administrator
    Tỉnh Khác    xuan   editor of Phường X
                 hai    editor of Phường A (Tỉnh Thử) and of Phường X: one foot outside
    no role      nam    an account nobody gave a role (a superuser's to manage);
                 kim, who has a permission of her own
"""

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from tests import factories
from wardstats.accounts.models import Role, RoleKind
from wardstats.accounts.services import LAST_ROLE

User = get_user_model()
PASSWORD = "a long Vietnamese passphrase 2025"
USERS = reverse("admin:auth_user_changelist")
ADD_USER = reverse("admin:auth_user_add")
ROLES = reverse("admin:accounts_role_changelist")
ADD_ROLE = reverse("admin:accounts_role_add")


def change_url(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


# --- The people ----------------------------------------------------------------------------


@pytest.fixture
def petra(province):
    user = factories.make_user(username="petra", is_staff=True)
    factories.make_role(user=user, unit=province, kind=RoleKind.PROVINCE_ADMIN)
    return user


@pytest.fixture
def other_province(db):
    return factories.make_province(name="Tỉnh Khác", code="98")


@pytest.fixture
def ward_x(other_province):
    district = factories.make_district(province=other_province, name="Huyện Khác", code="989")
    return factories.make_ward(parent=district, name="Phường X", code="98901")


@pytest.fixture
def xuan(ward_x):
    user = factories.make_user(username="xuan", is_staff=True)
    factories.make_role(user=user, unit=ward_x, kind=RoleKind.WARD_EDITOR)
    return user


@pytest.fixture
def hai(ward_a, ward_x):
    user = factories.make_user(username="hai", is_staff=True)
    factories.make_role(user=user, unit=ward_a, kind=RoleKind.WARD_EDITOR)
    factories.make_role(user=user, unit=ward_x, kind=RoleKind.WARD_EDITOR)
    return user


@pytest.fixture
def nam(db):
    return factories.make_user(username="nam")


@pytest.fixture
def kim(db):
    user = factories.make_user(username="kim", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_indicator"))
    return user


@pytest.fixture
def people(hierarchy, admin, alice, bob, olga, petra, xuan, hai, nam, kim):
    return {u.username: u for u in (admin, alice, bob, olga, petra, xuan, hai, nam, kim)}


# --- Helpers -------------------------------------------------------------------------------


def _field_data(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif value is None:
            continue
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            data[key] = str(value)
    return data


def form_data(response) -> dict:
    """The change page's form and its roles as they would be posted back unchanged."""
    data = _field_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        existing = formset.initial_form_count()
        data |= {
            f"{formset.prefix}-TOTAL_FORMS": str(existing),
            f"{formset.prefix}-INITIAL_FORMS": str(existing),
            f"{formset.prefix}-MIN_NUM_FORMS": "0",
            f"{formset.prefix}-MAX_NUM_FORMS": "1000",
        }
        for form in formset.forms[:existing]:
            data |= _field_data(form)
    return data


def with_new_role(data: dict, unit, kind=RoleKind.WARD_EDITOR) -> dict:
    index = int(data["roles-TOTAL_FORMS"])
    return data | {
        "roles-TOTAL_FORMS": str(index + 1),
        f"roles-{index}-kind": kind,
        f"roles-{index}-unit": str(unit.pk),
    }


def listed(response) -> set[str]:
    return {user.username for user in response.context["cl"].result_list}


def roles_of(user) -> set[tuple[str, str]]:
    return set(Role.objects.filter(user=user).values_list("kind", "unit__name"))


# --- Who is seen -----------------------------------------------------------------------------


def test_the_province_administrator_lists_only_the_people_of_the_province(client_for, people):
    response = client_for(people["petra"]).get(USERS)

    assert response.status_code == 200
    # Not xuan (another province), hai (one role outside), admin (a superuser), kim (a
    # permission of her own), nam (no role: whoever set his password could take the account
    # over once a national role is granted).
    assert listed(response) == {"alice", "bob", "olga", "petra"}


def test_the_superuser_lists_everyone(client_for, people):
    response = client_for(people["admin"]).get(USERS)

    assert listed(response) == set(people)


@pytest.mark.parametrize("other", ["xuan", "hai", "admin", "kim", "nam"])
def test_a_person_outside_the_province_answers_like_a_missing_one(client_for, people, other):
    client = client_for(people["petra"])
    user = people[other]
    before = User.objects.values().get(pk=user.pk)

    for response in (
        client.get(change_url(user)),
        client.post(change_url(user), {"username": user.username, "first_name": "Đổi"}),
        client.get(reverse("admin:auth_user_history", args=[user.pk])),
    ):
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")
    password = reverse("admin:auth_user_password_change", args=[user.pk])
    assert client.get(password).status_code == 404
    assert client.post(password, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 404
    assert User.objects.values().get(pk=user.pk) == before


def test_the_unit_dropdown_offers_the_units_of_the_province_that_hold_roles(client_for, people):
    response = client_for(people["petra"]).get(change_url(people["alice"]))

    formset = response.context["inline_admin_formsets"][0].formset
    offered = {unit.name for unit in formset.empty_form.fields["unit"].queryset}
    assert offered == {"Tỉnh Thử", "Huyện Thử", "Phường A", "Phường B"}


# --- What the province administrator may do --------------------------------------------------


def test_the_province_administrator_creates_an_account_with_its_first_role(
    client_for, people, ward_a
):
    client = client_for(people["petra"])

    response = client.post(
        ADD_USER,
        {
            "username": "lan",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role_kind": RoleKind.WARD_EDITOR,
            "role_unit": ward_a.pk,
        },
    )

    lan = User.objects.get(username="lan")
    assert response.status_code == 302
    assert response["Location"] == change_url(lan)
    assert not lan.is_superuser
    assert roles_of(lan) == {(RoleKind.WARD_EDITOR, "Phường A")}
    # Recorded with who did it.
    assert Role.history.get(user=lan).history_user == people["petra"]
    data = form_data(client.get(change_url(lan))) | {"is_staff": "on", "first_name": "Lan"}
    response = client.post(change_url(lan), data)
    assert response.status_code == 302, response.context["errors"]
    lan.refresh_from_db()
    assert lan.is_staff and lan.first_name == "Lan"


def test_an_account_without_a_role_or_with_a_role_outside_is_not_created(
    client_for, people, ward_x, province
):
    client = client_for(people["petra"])
    account = {
        "username": "lan",
        "usable_password": "true",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }

    without = client.post(ADD_USER, account)
    outside = client.post(
        ADD_USER, account | {"role_kind": RoleKind.WARD_EDITOR, "role_unit": ward_x.pk}
    )
    wrong_level = client.post(
        ADD_USER,
        account | {"role_kind": RoleKind.WARD_EDITOR, "role_unit": province.pk},
    )

    assert without.status_code == outside.status_code == wrong_level.status_code == 200
    assert set(without.context["adminform"].form.errors) == {"role_kind", "role_unit"}
    assert set(outside.context["adminform"].form.errors) == {"role_unit"}
    assert wrong_level.context["adminform"].form.errors["role_unit"] == [
        "Vai trò cấp xã chỉ được giao tại đơn vị cấp xã."
    ]
    assert not User.objects.filter(username="lan").exists()


def test_the_superuser_may_create_an_account_without_a_role(client_for, people):
    response = client_for(people["admin"]).post(
        ADD_USER,
        {
            "username": "lan",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    assert not User.objects.get(username="lan").roles.exists()


def test_a_role_on_another_provinces_unit_is_refused(client_for, people, ward_x):
    client = client_for(people["petra"])
    alice = people["alice"]
    data = form_data(client.get(change_url(alice)))

    response = client.post(change_url(alice), with_new_role(data, ward_x))

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert any("unit" in form_errors for form_errors in errors)
    assert roles_of(alice) == {(RoleKind.WARD_EDITOR, "Phường A")}


def test_an_existing_role_cannot_be_moved_to_another_province(client_for, people, ward_x):
    client = client_for(people["petra"])
    alice = people["alice"]
    data = form_data(client.get(change_url(alice))) | {"roles-0-unit": str(ward_x.pk)}

    response = client.post(change_url(alice), data)

    assert response.status_code == 200
    assert roles_of(alice) == {(RoleKind.WARD_EDITOR, "Phường A")}


def test_the_role_list_refuses_a_unit_or_a_person_of_another_province(
    client_for, people, ward_a, ward_x
):
    client = client_for(people["petra"])

    on_their_unit = client.post(
        ADD_ROLE, {"user": people["bob"].pk, "unit": ward_x.pk, "kind": RoleKind.WARD_EDITOR}
    )
    for_their_person = client.post(
        ADD_ROLE, {"user": people["xuan"].pk, "unit": ward_a.pk, "kind": RoleKind.WARD_EDITOR}
    )

    assert on_their_unit.status_code == 200
    assert "unit" in on_their_unit.context["adminform"].form.errors
    assert for_their_person.status_code == 200
    assert "user" in for_their_person.context["adminform"].form.errors
    assert roles_of(people["bob"]) == {(RoleKind.WARD_EDITOR, "Phường B")}
    assert roles_of(people["xuan"]) == {(RoleKind.WARD_EDITOR, "Phường X")}


def test_the_role_list_shows_only_the_roles_of_the_provinces_people(client_for, people):
    response = client_for(people["petra"]).get(ROLES)

    assert {role.user.username for role in response.context["cl"].result_list} == {
        "alice",
        "bob",
        "olga",
        "petra",
    }


def test_nobody_is_made_a_superuser(client_for, people):
    client = client_for(people["petra"])
    alice = people["alice"]
    page = client.get(change_url(alice))
    assert "is_superuser" not in page.context["adminform"].form.fields

    changed = client.post(
        change_url(alice), form_data(page) | {"is_superuser": "on", "first_name": "Ánh"}
    )
    added = client.post(
        ADD_USER,
        {
            "username": "sieu",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "is_superuser": "on",
            "role_kind": RoleKind.WARD_VIEWER,
            "role_unit": people["alice"].roles.get().unit_id,
        },
    )

    assert changed.status_code == 302 and added.status_code == 302
    alice.refresh_from_db()
    assert alice.first_name == "Ánh"
    assert not alice.is_superuser
    assert not User.objects.get(username="sieu").is_superuser


def test_no_permission_or_group_of_ones_own_is_given(client_for, people):
    client = client_for(people["petra"])
    alice = people["alice"]
    perm = Permission.objects.get(codename="change_indicator")
    data = form_data(client.get(change_url(alice))) | {"user_permissions": [str(perm.pk)]}

    assert client.post(change_url(alice), data).status_code == 302
    assert not alice.user_permissions.exists()


def test_the_province_administrator_cannot_change_their_own_roles(
    client_for, people, ward_a, province
):
    client = client_for(people["petra"])
    petra = people["petra"]
    page = client.get(change_url(petra))
    assert page.status_code == 200
    inline = page.context["inline_admin_formsets"][0]
    assert not (inline.has_add_permission or inline.has_change_permission)
    assert not inline.has_delete_permission

    data = with_new_role(form_data(page), ward_a)
    client.post(change_url(petra), data | {"roles-0-DELETE": "on"})
    own_role = Role.objects.get(user=petra)
    role_page = reverse("admin:accounts_role_change", args=[own_role.pk])
    edited = client.post(role_page, {"user": petra.pk, "unit": province.pk, "kind": "ward_viewer"})
    deleted = client.post(
        reverse("admin:accounts_role_delete", args=[own_role.pk]), {"post": "yes"}
    )
    granted = client.post(
        ADD_ROLE, {"user": petra.pk, "unit": ward_a.pk, "kind": RoleKind.WARD_EDITOR}
    )

    assert edited.status_code == 403 and deleted.status_code == 403
    assert granted.status_code == 200 and "user" in granted.context["adminform"].form.errors
    assert roles_of(petra) == {(RoleKind.PROVINCE_ADMIN, "Tỉnh Thử")}


def test_the_province_administrator_cannot_delete_people(client_for, people):
    client = client_for(people["petra"])
    alice = people["alice"]

    response = client.post(reverse("admin:auth_user_delete", args=[alice.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert User.objects.filter(pk=alice.pk).exists()


def test_the_province_administrator_sets_a_password_in_the_province(client_for, people):
    alice = people["alice"]
    url = reverse("admin:auth_user_password_change", args=[alice.pk])

    response = client_for(people["petra"]).post(
        url, {"password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"}
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_the_unlock_action_clears_the_failed_logins_of_the_selected_people(client_for, people):
    from axes.models import AccessAttempt

    for username in ("alice", "xuan"):
        for _ in range(5):
            Client().post(reverse("admin:login"), {"username": username, "password": "wrong"})
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"alice", "xuan"}

    response = client_for(people["petra"]).post(
        USERS,
        {
            "action": "unlock_sign_in",
            "_selected_action": [people["alice"].pk, people["xuan"].pk],
            "index": "0",
        },
    )

    assert response.status_code == 302
    # xuan is not the province's: left as is.
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"xuan"}
    assert (
        Client().post(reverse("admin:login"), {"username": "alice", "password": "pw"}).status_code
        == 302
    )


# --- Everybody else ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["alice", "olga"])
def test_other_roles_are_refused_the_people_and_the_roles(client_for, people, persona):
    client = client_for(people[persona])
    bob = people["bob"]
    urls = [
        USERS,
        ADD_USER,
        change_url(bob),
        reverse("admin:auth_user_password_change", args=[bob.pk]),
        ROLES,
        ADD_ROLE,
        reverse("admin:accounts_role_change", args=[Role.objects.get(user=bob).pk]),
    ]

    for url in urls:
        assert client.get(url).status_code == 403, url
    assert (
        client.post(change_url(bob), {"username": "bob", "is_superuser": "on"}).status_code == 403
    )
    bob.refresh_from_db()
    assert not bob.is_superuser
    index = client.get(reverse("admin:index"))
    assert "auth" not in {app["app_label"] for app in index.context["app_list"]}


# --- A person keeps a role ---------------------------------------------------------------


def test_the_province_administrator_does_not_revoke_a_persons_last_role(client_for, people):
    """Without a role the account would leave the province for no one's hands but a
    superuser's; the province gives the new role first, or makes the account inactive."""
    client = client_for(people["petra"])
    alice = people["alice"]
    role = alice.roles.get()
    data = form_data(client.get(change_url(alice))) | {"roles-0-DELETE": "on"}

    in_the_form = client.post(change_url(alice), data)
    on_its_page = client.post(
        reverse("admin:accounts_role_delete", args=[role.pk]), {"post": "yes"}
    )
    from_the_list = client.post(
        ROLES,
        {"action": "delete_selected", "_selected_action": [role.pk], "index": "0", "post": "yes"},
    )

    assert in_the_form.status_code == 200
    formset = in_the_form.context["inline_admin_formsets"][0].formset
    assert list(formset.non_form_errors()) == [str(LAST_ROLE)]
    assert on_its_page.status_code == from_the_list.status_code == 403
    assert roles_of(alice) == {(RoleKind.WARD_EDITOR, "Phường A")}


def test_a_role_is_revoked_once_the_person_has_another(client_for, people, ward_b):
    client = client_for(people["petra"])
    alice = people["alice"]
    role = alice.roles.get()
    Role.objects.create(user=alice, unit=ward_b, kind=RoleKind.WARD_VIEWER)

    response = client.post(reverse("admin:accounts_role_delete", args=[role.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert roles_of(alice) == {(RoleKind.WARD_VIEWER, "Phường B")}


def test_the_superuser_may_leave_a_person_without_a_role(client_for, people):
    role = people["alice"].roles.get()

    response = client_for(people["admin"]).post(
        reverse("admin:accounts_role_delete", args=[role.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not people["alice"].roles.exists()
