"""Reading the printed report as a person reads it: a table by its id, as rows of texts."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Table:
    head: list[list[str]] = field(default_factory=list)
    body: list[list[str]] = field(default_factory=list)

    def row(self, label: str) -> list[str]:
        """The body row whose first non-empty cell is `label` (a cell, "Tổng cộng"…)."""
        for cells in self.body:
            if next((c for c in cells if c), None) == label:
                return cells
        raise AssertionError(f"no row {label!r} in {self.body}")

    def column(self, index: int) -> list[str]:
        return [cells[index] for cells in self.body]


class _TableParser(HTMLParser):
    def __init__(self, table_id: str):
        super().__init__()
        self.table_id = table_id
        self.table: Table | None = None
        self.depth = 0  # > 0 inside the table asked for
        self.section = "body"
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            if self.depth:
                self.depth += 1
            elif dict(attrs).get("id") == self.table_id:
                self.table, self.depth = Table(), 1
            return
        if not self.depth:
            return
        if tag == "thead":
            self.section = "head"
        elif tag == "tbody":
            self.section = "body"
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "table":
            self.depth -= 1
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            (self.table.head if self.section == "head" else self.table.body).append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.depth and self.cell is not None:
            self.cell.append(data)


def table(html: str, table_id: str) -> Table:
    parser = _TableParser(table_id)
    parser.feed(html)
    assert parser.table is not None, f"the page has no table #{table_id}"
    return parser.table


def has_element(html: str, element_id: str) -> bool:
    return re.search(rf'\bid="{re.escape(element_id)}"', html) is not None
