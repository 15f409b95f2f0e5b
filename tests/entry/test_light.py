"""The entry screen is light: the same queries for 10 cells and for 107, at most 15, and at most
150 KB of HTML for a ward of 107 cells (the size of the new Phường Mạo Khê) on each part of the
screen. The year's report has 29 figures a cell and the membership's structure: on one page
that was 268.657 bytes, so the screen is in parts as the Party's forms are (the members and
their movement; the organisation and its ratings; the structure), each a page and a save of
its own (`entry.rendering.PARTS`)."""

import pytest

from tests.entry.conftest import report_url
from tests.entry.page import entry_form
from wardstats.entry.rendering import PARTS

pytestmark = pytest.mark.django_db

# The session and the user (2); the ward with whether the person may edit it, and its periods
# (2); the report; its cells' figures; the cells with their neighbourhoods (3); for the status
# box, whether the person reviews the ward, the cells summed, and each cell's members in the
# last period (for the jump check) (3); the structure of the membership, shown and checked
# (1); the menu's roles (1).
QUERIES = 12
# A figure each part has once for every cell: the members, the cell's rating; the structure
# has no cells.
ONE_A_CELL = {"members": "m", "organisation": "q", "structure": None}


@pytest.mark.parametrize("part", [p.slug for p in PARTS])
@pytest.mark.parametrize("cells", [10, 107])
def test_the_entry_page_takes_the_same_queries_for_10_and_107_cells(
    many_cells, client_for, alice, django_assert_num_queries, cells, part
):
    report = many_cells(cells)
    client = client_for(alice)
    with django_assert_num_queries(QUERIES):
        page = client.get(report_url(report, part))
    assert page.status_code == 200
    code = ONE_A_CELL[part]
    rows = sum(1 for key in entry_form(page) if code and key == f"{key[:-len(code)]}{code}"
               and key[:-len(code)].isdigit())  # fmt: skip
    assert rows == (cells if code else 0)


@pytest.mark.parametrize("part", [p.slug for p in PARTS])
def test_each_part_of_the_107_cell_page_is_at_most_150_kb(many_cells, client_for, alice, part):
    report = many_cells(107)
    size = len(client_for(alice).get(report_url(report, part)).content)
    print(f"{part}: {size:,} bytes")
    assert size <= 150 * 1024, f"{size:,} bytes"
