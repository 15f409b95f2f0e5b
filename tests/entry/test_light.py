"""The entry screen is light: the same queries for 10 cells and for 107, at most 15, and at most
288 KB of HTML for a ward of 107 cells (the size of the new Phường Mạo Khê): 29 figures a cell,
the rows of the Party's members form, the members' ratings, the exempt members, the cell's
committee and thematic meetings, and the membership's structure (it was 150 KB for 14 figures,
256 KB for 26; 268.657 bytes measured on PostgreSQL, whose longer ids name every input — about
23 KB once compressed, as a proxy in front of gunicorn sends it)."""

import pytest

from tests.entry.conftest import report_url
from tests.entry.page import entry_form

pytestmark = pytest.mark.django_db

# The session and the user (2); the ward with whether the person may edit it, and its periods
# (2); the report; its cells' figures; the cells with their neighbourhoods (3); for the status
# box, whether the person reviews the ward, the cells summed, and each cell's members in the
# last period (for the jump check) (3); the structure of the membership, shown and checked
# (1); the menu's roles (1).
QUERIES = 12


@pytest.mark.parametrize("cells", [10, 107])
def test_the_entry_page_takes_the_same_queries_for_10_and_107_cells(
    many_cells, client_for, alice, django_assert_num_queries, cells
):
    report = many_cells(cells)
    client = client_for(alice)
    with django_assert_num_queries(QUERIES):
        page = client.get(report_url(report))
    assert page.status_code == 200
    assert sum(1 for key in entry_form(page) if key.endswith("m") and key[:-1].isdigit()) == cells


def test_the_107_cell_page_is_at_most_288_kb(many_cells, client_for, alice):
    report = many_cells(107)
    size = len(client_for(alice).get(report_url(report)).content)
    assert size <= 288 * 1024, f"{size:,} bytes"
