"""The limits an uploaded workbook is held to before openpyxl reads a byte of it.

An .xlsx is a zip of XML files, and a few kilobytes of zip can declare a sheet of 17 billion
cells (`<dimension ref="A1:XFD1048576"/>`, which openpyxl fills in row by row), hold gigabytes of
compressed whitespace, or nest entities that expand without end. So, before reading:

- the zip's parts are counted and their unpacked sizes added up (`MAX_UNZIPPED_BYTES`); the zip
  module then stops every part at its declared size, so the sum cannot be exceeded by lying;
- every XML part is scanned by expat, as a stream, a chunk at a time: no document type (so no
  entities), at most so many elements (of cells, and of the rest: `MAX_OTHER_ELEMENTS`); in a
  sheet, the declared dimension, the row numbers and the column of every cell within the
  settings' rows and columns;
- a workbook with macros (`vbaProject.bin`, a macro-enabled content type) is refused.

The scan stops at the first limit crossed, so a refusal costs at most one pass over the bytes
the limits allow (measured by `make bench-uploads`). Each refusal names the limit, in the user's
language, and nothing is imported.
"""

import io
import re
import xml.parsers.expat
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from wardstats.core.numbers import grouped

MAX_PARTS = 200
CHUNK = 64 * 1024
MACRO_TYPES = ("macroEnabled", "vbaProject")
_CELL_REF = re.compile(r"([A-Za-z]{1,3})?(\d+)?")


class LimitExceeded(Exception):
    """The file crosses one of the limits: the message says which."""


def max_bytes() -> int:
    return settings.WARDSTATS_IMPORT_MAX_BYTES


def max_unzipped_bytes() -> int:
    return settings.WARDSTATS_IMPORT_MAX_UNZIPPED_BYTES


def max_rows() -> int:
    return settings.WARDSTATS_IMPORT_MAX_ROWS


def max_columns() -> int:
    return settings.WARDSTATS_IMPORT_MAX_COLUMNS


def max_cell_elements() -> int:
    """Room for every sheet full: a row, and for each cell the cell, its value and its text."""
    return 3 * max_rows() * max_columns()


# Styles, themes, properties, relationships: a workbook Excel saved holds a few thousand
# elements besides its cells; openpyxl builds an object of each (a million formats in 5 MB of
# styles would cost seconds).
MAX_OTHER_ELEMENTS = 20_000
# The parts whose elements are cells (a sheet's rows, the strings they share, their formulas).
CELL_PARTS = ("xl/worksheets/", "xl/sharedStrings.xml", "xl/calcChain.xml")


def _n(value: int) -> str:
    return grouped(value)


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def check_workbook(content: bytes) -> None:
    """Raise LimitExceeded if the workbook crosses a limit; zipfile.BadZipFile if it is no zip."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise LimitExceeded(
            _("The workbook is made of %(n)s parts; at most %(max)s can be read.")
            % {"n": _n(len(parts)), "max": _n(MAX_PARTS)}
        )
    unzipped = sum(part.file_size for part in parts)
    if unzipped > max_unzipped_bytes():
        raise LimitExceeded(
            _("Unpacked, the workbook would take %(size)s; at most %(limit)s can be read.")
            % {"size": filesizeformat(unzipped), "limit": filesizeformat(max_unzipped_bytes())}
        )
    names = [part.filename for part in parts]
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise LimitExceeded(macros_refused())
    cells, other = _Budget(max_cell_elements()), _Budget(MAX_OTHER_ELEMENTS)
    sheets, titles = {}, {}  # a sheet's part → its title, from the workbook and its relationships
    first = {WORKBOOK: 0, WORKBOOK_RELS: 1}
    for part in sorted(parts, key=lambda part: first.get(part.filename, 2)):
        if not part.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        budget = cells if part.filename.startswith(CELL_PARTS) else other
        scan = _Scan(budget, titles.get(part.filename) if _is_sheet(part.filename) else None)
        scan.run(archive, part)
        if scan.macros:
            raise LimitExceeded(macros_refused())
        if part.filename == WORKBOOK:
            sheets = scan.sheets
        elif part.filename == WORKBOOK_RELS:
            titles = {
                "xl/" + target.removeprefix("/xl/").removeprefix("/"): title
                for rel, title in sheets.items()
                if (target := scan.targets.get(rel))
            }


WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
RELATIONSHIP_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"


def _is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def macros_refused() -> str:
    return _(
        "A workbook with macros (.xlsm) is not imported: in Excel, save it as “Excel Workbook "
        "(.xlsx)” and import that file."
    )


def rows_exceeded(title: str) -> LimitExceeded:
    return LimitExceeded(
        _("The sheet “%(title)s” goes beyond row %(max)s; at most %(max)s rows can be read.")
        % {"title": title, "max": _n(max_rows())}
    )


def columns_exceeded(title: str) -> LimitExceeded:
    return LimitExceeded(
        _(
            "The sheet “%(title)s” goes beyond column %(max)s; at most %(max)s columns can be "
            "read (the template has fewer: delete the columns to the right of it)."
        )
        % {"title": title, "max": _n(max_columns())}
    )


class _Budget:
    def __init__(self, limit: int):
        self.left = limit
        self.limit = limit

    def spend(self):
        self.left -= 1
        if self.left < 0:
            raise LimitExceeded(
                _(
                    "The workbook holds more than %(max)s XML elements, more than any ward's "
                    "figures need: copy the template's sheets into a new workbook and import it."
                )
                % {"max": _n(self.limit)}
            )


class _Scan:
    """One XML part, read as a stream; in a sheet, its rows and columns checked as they come."""

    def __init__(self, budget: _Budget, title: str | None):
        self.budget = budget
        self.title = title
        self.row = 0
        self.cells_in_row = 0
        self.macros = False
        self.sheets = {}  # in the workbook: relationship id → title
        self.targets = {}  # in its relationships: id → part

    def run(self, archive: zipfile.ZipFile, part: zipfile.ZipInfo):
        self.sheet = _is_sheet(part.filename)
        if self.sheet and self.title is None:
            self.title = part.filename.rsplit("/", 1)[-1]
        parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self.start
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.doctype
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)

    def doctype(self, *args):
        raise LimitExceeded(
            _("The workbook declares XML entities, which Excel never writes: it is not read.")
        )

    def start(self, name: str, attrs: dict):
        self.budget.spend()
        local = name.rpartition(" ")[2]
        if local in ("Override", "Default"):
            self.macros = self.macros or any(t in attrs.get("ContentType", "") for t in MACRO_TYPES)
        elif local == "sheet":
            self.sheets[attrs.get(RELATIONSHIP_ID, "")] = attrs.get("name", "")
        elif local == "Relationship":
            self.targets[attrs.get("Id", "")] = attrs.get("Target", "")
        if not self.sheet:
            return
        if local == "dimension":
            self._check_range(attrs.get("ref", ""))
        elif local == "row":
            self.row = self._number(attrs.get("r"), self.row + 1)
            self.cells_in_row = 0
            if self.row > max_rows():
                raise rows_exceeded(self.title)
        elif local == "c":
            self.cells_in_row += 1
            match = _CELL_REF.fullmatch(attrs.get("r", ""))
            letters = match.group(1) if match else None
            column = column_number(letters) if letters else self.cells_in_row
            if column > max_columns() or self.cells_in_row > max_columns():
                raise columns_exceeded(self.title)

    @staticmethod
    def _number(text, default: int) -> int:
        if not (text and text.isdigit()):
            return default
        return int(text) if len(text) < 10 else 10**10

    def _check_range(self, ref: str):
        for corner in ref.split(":"):
            match = _CELL_REF.fullmatch(corner.replace("$", ""))
            if match is None:
                continue
            letters, digits = match.groups()
            if letters and column_number(letters) > max_columns():
                raise columns_exceeded(self.title)
            if digits and (len(digits) > 9 or int(digits) > max_rows()):
                raise rows_exceeded(self.title)
