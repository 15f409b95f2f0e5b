"""The printed report, page and PDF, answers within the ward page's scope: the ward's own
people and the areas above it; a 404 for anyone else, the login page for the anonymous."""

import pytest
from django.urls import reverse

VIEWS = ["printouts:ward_report", "printouts:ward_report_pdf"]

# (persona, status) for Phường Mạo Khê, under Huyện Thử.
PERSONAS = [
    ("quan", 200),  # edits the ward
    ("olga", 200),  # area officer of the district
    ("admin", 200),
    ("alice", 404),  # edits ward A of the same district
    ("bob", 404),  # edits ward B
]


def url(view: str, ward, period) -> str:
    return reverse(view, args=[ward.pk]) + f"?period={period.pk}"


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize(("persona", "status"), PERSONAS)
def test_the_report_answers_only_within_the_personas_scope(
    request, client_for, mao_khe, view, persona, status
):
    user = mao_khe.quan if persona == "quan" else request.getfixturevalue(persona)
    response = client_for(user).get(url(view, mao_khe.ward, mao_khe.period))
    assert response.status_code == status


@pytest.mark.parametrize("view", VIEWS)
def test_anonymous_is_sent_to_log_in(client_for, anon, mao_khe, view):
    response = client_for(anon).get(url(view, mao_khe.ward, mao_khe.period))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "next=" in response.url


@pytest.mark.parametrize("view", VIEWS)
def test_a_district_is_not_a_ward(client_for, admin, mao_khe, view):
    response = client_for(admin).get(url(view, mao_khe.h.district, mao_khe.period))
    assert response.status_code == 404


@pytest.mark.parametrize("view", VIEWS)
def test_a_period_that_is_not_the_wards_is_not_found(client_for, admin, mao_khe, view):
    address = reverse(view, args=[mao_khe.ward.pk])
    assert client_for(admin).get(address, {"period": 999999}).status_code == 404


def test_without_a_period_the_latest_started_one_is_printed(client_for, olga, mao_khe):
    response = client_for(olga).get(reverse("printouts:ward_report", args=[mao_khe.ward.pk]))
    assert response.status_code == 200
    assert response.context["period"] == mao_khe.h.period_2025  # 2025 has started
