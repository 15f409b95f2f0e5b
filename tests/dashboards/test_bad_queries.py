"""A dashboard answers any query string with a page, never a server error: `?per_page=-1`
once raised EmptyPage on the area and completeness pages."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

QUERIES = [
    {"per_page": "-1"},
    {"per_page": "0"},
    {"per_page": "abc"},
    {"per_page": "99999999999999999999"},
    {"page": "-3"},
    {"page": "99999999999999999999"},
    {"page": "x", "per_page": "-5"},
]


@pytest.mark.parametrize("page", ["area", "completeness"])
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_any_page_size_or_number_answers_a_page(client_for, olga, hierarchy, page, query):
    url = reverse(f"dashboards:{page}", args=[hierarchy.district.pk])
    response = client_for(olga).get(url, {"period": hierarchy.period_2024.pk, **query})
    assert response.status_code == 200
    rows = response.content.decode().count("<tr")
    assert rows >= 2, "the table shows its wards"


def test_a_page_holds_at_most_two_hundred_rows(client_for, olga, hierarchy):
    for n in range(205):
        factories.make_ward(parent=hierarchy.district, name=f"Phường {n:03}")
    url = reverse("dashboards:area", args=[hierarchy.district.pk])
    response = client_for(olga).get(url, {"period": hierarchy.period_2024.pk, "per_page": "100000"})
    assert response.status_code == 200
    assert response.context["table"].page.paginator.per_page == 200
    assert len(response.context["table"].page.object_list) == 200
