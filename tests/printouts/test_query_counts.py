"""The printed report, page and PDF, takes the same number of queries for a ward of 2 cells
and of 20: the cells' figures are one query, every total and count is the ward's summary."""

import pytest
from django.urls import reverse

# The session and the logged-in user (2); the ward, scoped to the user's roles, and its
# periods (2); the ward's parent on the period's end; the names both had then; its summary
# with its report (the totals, the cadre counts and the quotas, as the ward page reads them);
# the report's cells' figures with their cells (one query for every cell); the indicator
# values with their indicators and targets; a year's membership structure. The template reads
# nothing more; the PDF is the same page.
QUERIES = 10


@pytest.mark.parametrize("cells", [2, 20])
@pytest.mark.parametrize("view", ["printouts:ward_report", "printouts:ward_report_pdf"])
def test_the_report_takes_the_same_queries_for_2_and_20_cells(
    ward_with_cells, client_for, olga, hierarchy, django_assert_num_queries, view, cells
):
    ward = ward_with_cells(cells)
    client = client_for(olga)
    url = reverse(view, args=[ward.pk]) + f"?period={hierarchy.period_2024.pk}"
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    if view == "printouts:ward_report":
        assert len(response.context["cells"]) == cells
