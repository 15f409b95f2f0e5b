"""Login throttling (django-axes): five failed logins for one username from one address lock
that username out from that address for 15 minutes, even with the right password; the answer
is a Vietnamese page, never a server error; a successful login clears the count."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories

LOGIN = reverse("admin:login")
PASSWORD = "a long Vietnamese passphrase 2025"


@pytest.fixture
def linh(db):
    return factories.make_user(username="linh", password=PASSWORD, is_staff=True)


def sign_in(client: Client, username: str, password: str, **extra):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra
    )


def fail(client: Client, times: int, username: str = "linh", **extra):
    responses = [sign_in(client, username, "wrong password", **extra) for _ in range(times)]
    return responses[-1]


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def vi(text: str) -> str:
    with translation.override("vi"):
        return translation.gettext(text)


def test_four_failures_still_show_the_login_form(linh):
    client = Client()
    response = fail(client, 4)

    assert response.status_code == 200
    assert "admin/login.html" in [t.name for t in response.templates]


def test_the_fifth_failure_answers_with_the_vietnamese_lockout_page(linh):
    response = fail(Client(), 5)

    assert response.status_code == 429
    assert "axes/lockout.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert '<html lang="vi"' in page
    assert vi("Sign-in temporarily blocked") in page
    assert "linh" in page
    assert "15" in page  # the minutes to wait
    assert vi("wardstats — statistics of the ward Party committees") in page


def test_once_locked_out_the_right_password_is_refused_too(linh):
    client = Client()
    fail(client, 5)

    response = sign_in(client, "linh", PASSWORD)

    assert response.status_code == 429
    assert "axes/lockout.html" in [t.name for t in response.templates]
    assert not signed_in(client)


def test_the_lockout_is_for_this_username_from_this_address_only(linh, alice):
    client = Client()
    fail(client, 5)

    # alice from the same computer, and linh from another, still sign in.
    assert sign_in(client, "alice", "pw").status_code == 302
    assert signed_in(client)
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert sign_in(elsewhere, "linh", PASSWORD).status_code == 302
    assert signed_in(elsewhere)


def test_the_lockout_ends_after_15_minutes(linh):
    from axes.models import AccessAttempt

    client = Client()
    fail(client, 5)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=15, seconds=1)
    )

    response = sign_in(client, "linh", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_a_successful_login_resets_the_count(linh):
    client = Client()
    fail(client, 4)
    assert sign_in(client, "linh", PASSWORD).status_code == 302
    client.logout()

    fail(client, 4)  # four more: nine in all, but only four since the success
    response = sign_in(client, "linh", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_an_unknown_username_is_locked_out_the_same_way(db):
    response = fail(Client(), 5, username="nobody")

    assert response.status_code == 429
    assert "axes/lockout.html" in [t.name for t in response.templates]


def test_the_lockout_page_in_english_for_whoever_chose_english(linh, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = fail(client, 5)

    assert response.status_code == 429
    assert "Sign-in temporarily blocked" in response.content.decode()


def test_behind_a_proxy_the_address_is_read_from_x_real_ip(linh, settings):
    settings.BEHIND_PROXY = True
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    fail(proxy, 5, HTTP_X_REAL_IP="203.0.113.7")

    # Another client behind the same proxy is not locked out with the first.
    response = sign_in(proxy, "linh", PASSWORD, HTTP_X_REAL_IP="203.0.113.8")
    assert response.status_code == 302
    # The first is.
    proxy.logout()
    assert sign_in(proxy, "linh", PASSWORD, HTTP_X_REAL_IP="203.0.113.7").status_code == 429


def test_without_a_proxy_x_real_ip_is_ignored(linh):
    client = Client()
    for number in range(5):
        sign_in(client, "linh", "wrong password", HTTP_X_REAL_IP=f"203.0.113.{number}")

    response = sign_in(client, "linh", PASSWORD, HTTP_X_REAL_IP="203.0.113.99")

    assert response.status_code == 429
