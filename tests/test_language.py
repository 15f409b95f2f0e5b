"""Vietnamese first, whatever the browser asks; English when the person chooses it."""

from django.conf import settings
from django.urls import reverse


def test_pages_are_vietnamese_even_when_the_browser_prefers_english(client, db):
    response = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi"' in response.content.decode()


def test_the_language_switch_turns_the_interface_english_and_back(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/admin/login/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get(reverse("admin:login"))["Content-Language"] == "en"
    client.post(reverse("set_language"), {"language": "vi", "next": "/admin/login/"})
    assert client.get(reverse("admin:login"))["Content-Language"] == "vi"


def test_an_unknown_language_in_the_cookie_falls_back_to_vietnamese(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert client.get(reverse("admin:login"))["Content-Language"] == "vi"
