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

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .columns import INSTRUCTIONS_TITLE, SHEETS, in_every_language, is_blank, normalise

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


def max_bytes() -> int:
    return settings.WARDSTATS_IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.WARDSTATS_IMPORT_MAX_ROWS


def read_upload(upload) -> list[RawSheet]:
    """The sheets of an uploaded file (Django's UploadedFile), or FileRefused."""
    if upload.size == 0:
        raise FileRefused(_("The file is empty."))
    if upload.size > max_bytes():
        raise FileRefused(
            _("The file is %(size)s; at most %(limit)s can be imported.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())}
        )
    content = upload.read()
    name = (upload.name or "").lower()
    if name.endswith(".xlsx") or content.startswith(XLSX_MAGIC):
        sheets = _read_xlsx(content)
    elif name.endswith(".csv"):
        sheets = [_read_csv(content)]
    elif name.endswith(".xls") or name.endswith(".ods"):
        raise FileRefused(_("This kind of file cannot be read: save it as Excel (.xlsx) or CSV."))
    else:
        raise FileRefused(_("This is not a spreadsheet: upload an Excel file (.xlsx) or a CSV."))
    if not any(sheet.rows for sheet in sheets):
        raise FileRefused(_("The file has no rows of figures below its column headings."))
    return sheets


def _plain(value):
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float | bool | str) or value is None:
        return value
    return str(value)


DAMAGED = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, ParseError)


def _read_xlsx(content: bytes) -> list[RawSheet]:
    damaged = FileRefused(
        _("This file cannot be read as an Excel workbook (.xlsx): it may be damaged.")
    )
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
        if normalise(title) in instructions:
            continue
        sheet = next((s for s in SHEETS if normalise(title) in s.titles()), None)
        if sheet is None:
            raise FileRefused(
                _("The sheet “%(title)s” is not one of the workbook's sheets: %(known)s.")
                % {"title": title, "known": ", ".join(str(s.title) for s in SHEETS)}
            )
        sheets.append(_rows_of(sheet.key, title, worksheet.iter_rows()))
    if not sheets:
        raise FileRefused(_("The workbook has none of the sheets to import."))
    return sheets


def _value_of(cell):
    if getattr(cell, "data_type", None) == "f":
        return {"formula": str(getattr(cell.value, "text", cell.value))}
    return _plain(cell.value)


def _rows_of(key: str, title: str, rows) -> RawSheet:
    sheet = None
    for number, row in enumerate(rows, start=1):
        values = [_value_of(cell) for cell in row]
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
        if len(sheet.rows) >= max_rows():
            raise FileRefused(
                _("The sheet “%(title)s” has more than %(max)s rows.")
                % {"title": title, "max": max_rows()}
            )
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


def _read_csv(content: bytes) -> RawSheet:
    if b"\x00" in content[:4096]:
        raise FileRefused(_("This is not a spreadsheet: upload an Excel file (.xlsx) or a CSV."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            _("The CSV file is not in UTF-8: in Excel, save it as “CSV UTF-8 (Comma delimited)”.")
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        lines = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise FileRefused(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None
    first = next((line for line in lines if any(v.strip() for v in line)), None)
    if first is None:
        raise FileRefused(_("The file is empty."))
    found = {normalise(v) for v in first if v.strip()}
    # Which table is it? The one whose headings it shares most.
    sheet = max(SHEETS, key=lambda s: len(found & set().union(*(c.headings() for c in s.columns))))
    shared = found & set().union(*(c.headings() for c in sheet.columns))
    if len(shared) < 2:
        raise FileRefused(
            _(
                "The first row of the CSV file must hold the column headings of the "
                "template (download it from the ward's page)."
            )
        )
    rows = ([_Cell(value) for value in line] for line in lines)
    return _rows_of(sheet.key, str(sheet.title), rows)
