"""The content security policy allows no inline script or style: every page of the admin and
of the dashboards must do without them, or the browser would refuse them in production.

The tests run with DEBUG on, where settings.py sends no policy; here the production policy is
switched on, and the real middleware (always in MIDDLEWARE) sends it. tests/test_settings.py
checks that production settings send it by themselves.
"""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests import factories
from wardstats.accounts.models import RoleKind

POLICY = {"DIRECTIVES": settings.CONTENT_SECURITY_POLICY_DIRECTIVES}
# Script types a browser does not run, so the policy does not apply to them.
DATA_SCRIPTS = {"application/json", "application/ld+json", "text/template"}


class InlineFinder(HTMLParser):
    """Inline scripts, style elements, style and event-handler attributes, javascript: links."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        inline = "src" not in attributes and attributes.get("type") not in DATA_SCRIPTS
        if tag == "script" and inline:
            self._script = ""
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')
            elif name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in ("href", "action", "src") and (value or "").startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_data(self, data):
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            if self._script.strip():
                self.found.append(f"inline <script>: {self._script.strip()[:60]}")
            self._script = None


def inline_code(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


@pytest.fixture
def production_policy(settings):
    settings.CONTENT_SECURITY_POLICY = POLICY


@pytest.fixture
def petra(province):
    user = factories.make_user(username="petra", is_staff=True)
    factories.make_role(user=user, unit=province, kind=RoleKind.PROVINCE_ADMIN)
    return user


def test_the_policy_is_the_one_asked_for():
    assert settings.CONTENT_SECURITY_POLICY_DIRECTIVES == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }


def test_without_a_policy_no_header_is_sent(client_for, alice):
    """DEBUG on (development, the tests): the middleware is there but sends nothing."""
    assert "csp.middleware.CSPMiddleware" in settings.MIDDLEWARE
    response = client_for(alice).get(reverse("admin:index"))
    assert "Content-Security-Policy" not in response


def test_the_finder_finds_inline_code():
    page = (
        '<script src="/static/a.js"></script><script type="application/json">{}</script>'
        '<script>alert(1)</script><p style="color:red" onclick="x()">'
        '<a href="javascript:void(0)">x</a><style>p{}</style>'
    )
    assert len(inline_code(page)) == 5


def test_the_lockout_page_carries_the_policy_and_needs_no_inline_code(production_policy, db):
    client = Client()
    for _ in range(5):
        response = client.post(reverse("admin:login"), {"username": "x", "password": "wrong"})

    assert response.status_code == 429
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert inline_code(response.content.decode()) == []


def page_urls(h, people):
    alice, petra = people["alice"], people["petra"]
    report = factories.make_report(ward=h.ward_a, period=h.period_2024, declared_members=30)
    factories.make_cell_figures(report=report, cell=h.cell_a, members=30, women=12)
    return [
        (None, reverse("admin:login")),
        (alice, reverse("dashboards:ward", args=[h.ward_a.pk])),
        (alice, reverse("admin:index")),
        (alice, reverse("admin:reports_report_changelist")),
        (alice, reverse("admin:reports_report_change", args=[report.pk])),
        (alice, reverse("admin:staffing_cadre_add")),
        (alice, reverse("admin:hierarchy_cell_add")),
        (alice, reverse("admin:password_change")),
        (people["olga"], reverse("dashboards:area", args=[h.district.pk])),
        (people["olga"], reverse("dashboards:rollup", args=[h.district.pk])),
        (people["olga"], reverse("dashboards:completeness", args=[h.district.pk])),
        (petra, reverse("admin:auth_user_changelist")),
        (petra, reverse("admin:auth_user_add")),
        (petra, reverse("admin:auth_user_change", args=[alice.pk])),
        (petra, reverse("admin:auth_user_password_change", args=[alice.pk])),
        (petra, reverse("admin:accounts_role_add")),
        (petra, reverse("admin:hierarchy_unit_change", args=[h.ward_a.pk])),
        (petra, reverse("admin:indicators_target_add")),
    ]


def test_pages_carry_the_policy_and_need_no_inline_script_or_style(
    production_policy, hierarchy, alice, olga, petra
):
    people = {"alice": alice, "olga": olga, "petra": petra}
    problems = {}
    for user, url in page_urls(hierarchy, people):
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert "script-src 'self'" in response["Content-Security-Policy"], url
        if found := inline_code(response.content.decode()):
            problems[url] = found
    assert not problems
