"""Reading a dashboard as a person sees it: the data table of a page, and its numbers as written
in Vietnamese ("1.234", "12,5%", "—" for nothing)."""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser

from django.utils import translation

from wardstats.dashboards.tables import AreaTable


@dataclass
class Cell:
    text: str = ""
    value: str | None = None  # the text of a <span class="value">, where there is one
    status: str | None = None  # the xxx of a <span class="status status-xxx">


@dataclass
class Table:
    headers: list[str] = field(default_factory=list)
    rows: list[dict[str, Cell]] = field(default_factory=list)
    footer: dict[str, Cell] = field(default_factory=dict)

    def column(self, header: str) -> list[Cell]:
        return [row[header] for row in self.rows]


class _DataTableParser(HTMLParser):
    """The first <table class="data"> of a page: headers, body rows and footer, by header."""

    def __init__(self):
        super().__init__()
        self.table = Table()
        self.state = "before"  # before, in, after
        self.section = None
        self.row: list[Cell] | None = None
        self.cell: Cell | None = None
        self.span_stack: list[str | None] = []
        self.value_parts: list[str] | None = None
        self.header_parts: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if self.state == "before" and tag == "table" and "data" in classes:
            self.state = "in"
            return
        if self.state != "in":
            return
        if tag in ("thead", "tbody", "tfoot"):
            self.section = tag
        elif tag == "tr":
            self.row = []
        elif tag == "th" and self.section == "thead":
            self.header_parts = []
        elif tag == "td":
            self.cell = Cell()
        elif tag == "span" and self.cell is not None:
            kind = None
            if "value" in classes:
                kind = "value"
                self.value_parts = []
            elif "status" in classes:
                self.cell.status = next(
                    (c.removeprefix("status-") for c in classes if c.startswith("status-")), None
                )
            self.span_stack.append(kind)

    def handle_endtag(self, tag):
        if self.state != "in":
            return
        if tag == "table":
            self.state = "after"
        elif tag == "th" and self.header_parts is not None:
            self.table.headers.append(_clean("".join(self.header_parts)))
            self.header_parts = None
        elif tag == "span" and self.span_stack:
            if self.span_stack.pop() == "value":
                self.cell.value = _clean("".join(self.value_parts))
                self.value_parts = None
        elif tag == "td" and self.cell is not None:
            self.cell.text = _clean(self.cell.text)
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            cells = dict(zip(self.table.headers, self.row, strict=False))
            empty = len(self.row) == 1 and len(self.table.headers) > 1  # "No ward matches."
            if self.section == "tbody" and not empty:
                self.table.rows.append(cells)
            elif self.section == "tfoot":
                self.table.footer = cells
            self.row = None

    def handle_data(self, data):
        if self.state != "in":
            return
        if self.header_parts is not None:
            self.header_parts.append(data)
        if self.cell is not None:
            self.cell.text += data
        if self.value_parts is not None:
            self.value_parts.append(data)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def data_table(html: str) -> Table:
    parser = _DataTableParser()
    parser.feed(html)
    assert parser.state != "before", "the page has no data table"
    return parser.table


def vi_number(text: str) -> Decimal | None:
    """ "1.234" → 1234, "12,5%" → 12.5, "—" → None: a number as the Vietnamese page writes it."""
    text = text.strip().removesuffix("%")
    if text in ("", "—"):
        return None
    assert re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", text), f"not a Vietnamese number: {text!r}"
    return Decimal(text.replace(".", "").replace(",", "."))


def ward_names(table: Table, header: str) -> list[str]:
    return [cell.text for cell in table.column(header)]


def header(column: str) -> str:
    """The Vietnamese heading of one of the area table's own columns."""
    with translation.override("vi"):
        return str(AreaTable.base_columns[column].verbose_name)


def label(choice) -> str:
    """A choice's label (a status, a class, a report status) as the Vietnamese page writes it."""
    with translation.override("vi"):
        return str(choice.label)
