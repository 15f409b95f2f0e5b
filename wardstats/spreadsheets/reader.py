"""An uploaded file → its sheets as rows of raw values, or `FileRefused` with the reason.

XLSX is read by openpyxl (formulas kept as formulas, so they can be refused: a value computed
by Excel is not stored in a file that was never opened in Excel); CSV by the standard library,
in UTF-8 (what Excel's "CSV UTF-8" writes), with a comma, semicolon or tab between values.
Raw values stay JSON-able (str, int, float, bool, None; dates as dd/mm/yyyy text; a formula as
{"formula": "=…"}), so a preview can keep them in the session until the user confirms.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from wardstats.core.exports import restored

from . import limits
from .columns import INSTRUCTIONS_TITLE, SHEETS, in_every_language, is_blank, normalise
from .limits import LimitExceeded, max_bytes, max_columns, max_rows

XLSX_MAGIC = b"PK\x03\x04"


class FileRefused(Exception):
    """The file as a whole cannot be read: nothing was imported."""


@dataclass
class RawSheet:
    key: str  # "report", "cells", "cadres"
    title: str  # as written in the file
    headings: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number, values)

    def as_json(self) -> dict:
        return {"key": self.key, "title": self.title, "headings": self.headings, "rows": self.rows}

    @classmethod
    def from_json(cls, data: dict) -> "RawSheet":
        return cls(data["key"], data["title"], data["headings"], [tuple(r) for r in data["rows"]])


def read_upload(upload) -> list[RawSheet]:
    """The sheets of an uploaded file (Django's UploadedFile), or FileRefused."""
    if upload.size == 0:
        raise FileRefused(_("The file is empty."))
    if upload.size > max_bytes():
        raise FileRefused(
            _("The file is %(size)s; at most %(limit)s can be imported.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())}
        )
    try:
        sheets = _read(upload.read(), (upload.name or "").lower())
    except LimitExceeded as limit:
        raise FileRefused(str(limit)) from None
    if not any(sheet.rows for sheet in sheets):
        raise FileRefused(_("The file has no rows of figures below its column headings."))
    return sheets


def _read(content: bytes, name: str) -> list[RawSheet]:
    if name.endswith((".xlsm", ".xltm", ".xlam")):
        raise FileRefused(limits.macros_refused())
    if name.endswith(".xlsx") or content.startswith(XLSX_MAGIC):
        sheets = _read_xlsx(content)
    elif name.endswith(".csv"):
        sheets = [_read_csv(content)]
    elif name.endswith(".xls") or name.endswith(".ods"):
        raise FileRefused(_("This kind of file cannot be read: save it as Excel (.xlsx) or CSV."))
    else:
        raise FileRefused(_("This is not a spreadsheet: upload an Excel file (.xlsx) or a CSV."))
    return sheets


def _plain(value):
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float | bool | str) or value is None:
        return value
    return str(value)


DAMAGED = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    OSError,
    ValueError,
    ParseError,
    ExpatError,
    EOFError,
    NotImplementedError,  # a compression method zipfile does not know
    RuntimeError,  # an encrypted part
)


def _read_xlsx(content: bytes) -> list[RawSheet]:
    damaged = FileRefused(
        _("This file cannot be read as an Excel workbook (.xlsx): it may be damaged.")
    )
    try:
        limits.check_workbook(content)
    except DAMAGED:
        raise damaged from None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except DAMAGED:
        raise damaged from None
    try:
        return _sheets_of(workbook)
    except DAMAGED:  # read-only mode parses each sheet's XML only as its rows are read
        raise damaged from None
    finally:
        workbook.close()


def _sheets_of(workbook) -> list[RawSheet]:
    """The sheets to import, recognised by their titles in either language."""
    instructions = in_every_language(INSTRUCTIONS_TITLE)
    sheets = []
    for worksheet in workbook.worksheets:
        title = worksheet.title
        if worksheet.sheet_state != "visible":
            raise FileRefused(
                _(
                    "The sheet “%(title)s” is hidden: what it holds would be imported unseen. "
                    "Show it (or delete it) in Excel, and import the file again."
                )
                % {"title": title}
            )
        if normalise(title) in instructions:
            continue
        sheet = next((s for s in SHEETS if normalise(title) in s.titles()), None)
        if sheet is None:
            raise FileRefused(
                _("The sheet “%(title)s” is not one of the workbook's sheets: %(known)s.")
                % {"title": title, "known": ", ".join(str(s.title) for s in SHEETS)}
            )
        worksheet.reset_dimensions()  # rows as they are in the file, never padded to a dimension
        sheets.append(_rows_of(sheet.key, title, worksheet.iter_rows()))
    if not sheets:
        raise FileRefused(_("The workbook has none of the sheets to import."))
    return sheets


def _value_of(cell):
    if getattr(cell, "data_type", None) == "f":
        return {"formula": str(getattr(cell.value, "text", cell.value))}
    return restored(_plain(cell.value))


def _rows_of(key: str, title: str, rows) -> RawSheet:
    sheet = None
    for number, row in enumerate(rows, start=1):
        if number > max_rows():
            raise limits.rows_exceeded(title)
        if len(row) > max_columns() and not all(is_blank(c.value) for c in row[max_columns() :]):
            raise limits.columns_exceeded(title)
        values = [_value_of(cell) for cell in row[: max_columns()]]
        if sheet is None:
            if all(is_blank(v) for v in values):
                continue
            headings = [("" if is_blank(v) else str(v)) for v in values]
            while headings and not headings[-1]:
                headings.pop()
            sheet = RawSheet(key, title, headings)
            continue
        if all(is_blank(v) for v in values):
            continue
        sheet.rows.append((number, values[: max(len(sheet.headings), 1)]))
    if sheet is None:
        raise FileRefused(_("The sheet “%(title)s” is empty.") % {"title": title})
    return sheet


class _Cell:
    """A CSV value, shaped like an openpyxl cell for `_rows_of`."""

    __slots__ = ("value", "data_type")

    def __init__(self, value: str):
        self.value = value
        self.data_type = "f" if value.startswith("=") and len(value) > 1 else "s"


# Our own CSVs (`core.exports`) and Excel's "CSV UTF-8" are the excel dialect: a comma, quotes
# doubled. Excel in a language that writes decimals with a comma separates with ";" instead, and
# some tools with a tab. The separator is the one that makes the first row the template's
# headings; nothing else is guessed (csv.Sniffer once guessed `doublequote=False`, and a note
# with quotes came back with its quotes doubled).
DELIMITERS = (",", ";", "\t")


def _read_csv(content: bytes) -> RawSheet:
    if b"\x00" in content[:4096]:
        raise FileRefused(_("This is not a spreadsheet: upload an Excel file (.xlsx) or a CSV."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            _("The CSV file is not in UTF-8: in Excel, save it as “CSV UTF-8 (Comma delimited)”.")
        ) from None
    sheet, delimiter = _csv_table(text)
    lines = csv.reader(io.StringIO(text), dialect=csv.excel, delimiter=delimiter)
    title = str(sheet.title)
    return _rows_of(sheet.key, title, (_cells(line, title) for line in _checked(lines)))


def _cells(line: list[str], title: str) -> list[_Cell]:
    if len(line) > max_columns() and any(value.strip() for value in line[max_columns() :]):
        raise limits.columns_exceeded(title)
    return [_Cell(value) for value in line[: max_columns()]]


def _checked(lines):
    """The CSV's lines, or FileRefused at the first it cannot read."""
    try:
        yield from lines
    except csv.Error:
        raise FileRefused(
            _("The CSV file cannot be read at line %(line)s: a value is too long or its quotes "
              "are not closed.") % {"line": lines.line_num}
        ) from None  # fmt: skip


def _csv_table(text: str):
    """The table whose headings the first non-blank line holds, and the separator that makes
    them so; FileRefused if none does."""
    best = (0, None, ",")
    for delimiter in DELIMITERS:
        lines = csv.reader(io.StringIO(text), dialect=csv.excel, delimiter=delimiter)
        first = next((line for line in _checked(lines) if any(v.strip() for v in line)), None)
        if first is None:
            raise FileRefused(_("The file is empty."))
        found = {normalise(v) for v in first[: max_columns() + 1] if v.strip()}
        for sheet in SHEETS:
            shared = len(found & set().union(*(c.headings() for c in sheet.columns)))
            if shared > best[0]:
                best = (shared, sheet, delimiter)
    shared, sheet, delimiter = best
    if shared < 2:
        raise FileRefused(
            _(
                "The first row of the CSV file must hold the column headings of the "
                "template (download it from the ward's page)."
            )
        )
    return sheet, delimiter
