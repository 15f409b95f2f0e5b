"""Files an attacker would upload, made from a real workbook of ours (so that, but for the attack,
they would import): used by the tests (tests/spreadsheets/test_limits.py) and by the benchmark
that measures what each costs the server (bench/uploads.py).

Each function takes the bytes of a workbook and gives back the hostile file's bytes. The sheet
attacked is the cells' sheet ("Chi bộ"), the workbook's third.
"""

import io
import re
import zipfile

SHEET = "xl/worksheets/sheet3.xml"
WHITESPACE_CHUNK = b" " * (1024 * 1024)


def rewritten(content: bytes, changes: dict, *, extra: dict | None = None) -> bytes:
    """The workbook with some parts' XML changed (name → function of the bytes) and parts added
    (name → bytes or an iterable of byte chunks, written as a stream)."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename in changes:
                data = changes[item.filename](data)
            target.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            if isinstance(data, bytes):
                target.writestr(name, data)
            else:
                with target.open(name, "w", force_zip64=True) as stream:
                    for chunk in data:
                        stream.write(chunk)
    return out.getvalue()


def _in_sheet(content: bytes, transform) -> bytes:
    return rewritten(content, {SHEET: transform})


def declared_dimension(content: bytes, ref: str = "A1:XFD1048576") -> bytes:
    """The sheet declares 17 billion cells: openpyxl would fill each row out to column XFD and
    every row out to 1.048.576 (6,9 KB held a worker at 100 % CPU until gunicorn's timeout)."""
    return _in_sheet(
        content,
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml),
    )


def wide_row(content: bytes, columns: int = 16_384) -> bytes:
    """The second row carries blank cells out to column XFD (took 48 s)."""
    from openpyxl.utils import get_column_letter

    cells = b"".join(f'<c r="{get_column_letter(n)}2"/>'.encode() for n in range(40, columns + 1))
    return _in_sheet(
        content,
        lambda xml: re.sub(
            rb"(<row r=\"2\"[^>]*>.*?)(</row>)",
            lambda m: m.group(1) + cells + m.group(2),
            xml,
            count=1,
            flags=re.S,
        ),
    )  # noqa: E501


def far_row(content: bytes, row: int = 1_048_576) -> bytes:
    """One value in the sheet's very last row: every row between is blank."""
    last = f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>99901</t></is></c></row>'.encode()
    return _in_sheet(content, lambda xml: xml.replace(b"</sheetData>", last + b"</sheetData>"))


def blank_rows(content: bytes, rows: int = 200_000) -> bytes:
    """Hundreds of thousands of blank rows after the figures."""

    def add(xml):
        start = 1000
        blank = b"".join(f'<row r="{n}"/>'.encode() for n in range(start, start + rows))
        return xml.replace(b"</sheetData>", blank + b"</sheetData>")

    return _in_sheet(content, add)


def whitespace(content: bytes, megabytes: int = 600) -> bytes:
    """A part of compressed whitespace: 600 MB deflate to ~600 KB (622 KB once added 1,1 GB to
    the server's memory)."""
    return rewritten(
        content, {}, extra={"xl/media/blank.xml": (WHITESPACE_CHUNK for _ in range(megabytes))}
    )


def whitespace_in_sheet(content: bytes, megabytes: int = 50) -> bytes:
    """The whitespace inside the sheet's own XML, between two rows."""
    padding = WHITESPACE_CHUNK * megabytes
    return _in_sheet(content, lambda xml: xml.replace(b"</row>", b"</row>" + padding, 1))


def lying_sizes(content: bytes, megabytes: int = 50) -> bytes:
    """The whitespace, but the zip's directory says the part unpacks to 1 KB."""
    data = bytearray(whitespace_in_sheet(content, megabytes))
    # Patch the central directory entry of the sheet: its uncompressed size (offset 24).
    at = data.rfind(SHEET.encode()) - 46
    assert data[at : at + 4] == b"PK\x01\x02", "the central directory entry of the sheet"
    data[at + 24 : at + 28] = (1024).to_bytes(4, "little")
    return bytes(data)


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode()
        for n in range(1, 10)
    )
    + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    + b'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
)


def entities(content: bytes) -> bytes:
    """A billion laughs in the shared strings: nine entities, each ten of the one before."""
    return rewritten(content, {}, extra={"xl/sharedStrings.xml": LAUGHS})


def many_parts(content: bytes, parts: int = 5_000) -> bytes:
    return rewritten(content, {}, extra={f"xl/media/p{n}.xml": b"<a/>" for n in range(parts)})


def styles(content: bytes, formats: int = 1_000_000) -> bytes:
    """A million cell formats, which openpyxl would build one by one."""

    def add(xml):
        many = b"<xf/>" * formats
        return re.sub(rb"(<cellXfs[^>]*>)", lambda m: m.group(1) + many, xml, count=1)

    return rewritten(content, {"xl/styles.xml": add})


def macros(content: bytes) -> bytes:
    """A macro-enabled workbook (vbaProject.bin, its content type) saved under .xlsx."""

    def content_types(xml):
        return xml.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )

    return rewritten(
        content,
        {"[Content_Types].xml": content_types},
        extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 512},
    )


# what the attack is → the function that makes it from a workbook
XLSX_ATTACKS = {
    "declared dimension A1:XFD1048576": declared_dimension,
    "16.384 columns": wide_row,
    "row 1.048.576": far_row,
    "200.000 blank rows": blank_rows,
    "600 MB of whitespace": whitespace,
    "50 MB of whitespace in a sheet": whitespace_in_sheet,
    "a zip lying about its sizes": lying_sizes,
    "a billion laughs": entities,
    "5.000 parts": many_parts,
    "a million cell formats": styles,
    "macros": macros,
}


def csv_wide(columns: int = 1_000_000) -> bytes:
    return ("\ufeffMã đơn vị,Chi bộ,Loại chi bộ\n99901,x,y" + "," * columns + "z\n").encode()


def csv_tall(rows: int = 1_000_000) -> bytes:
    return ("\ufeffMã đơn vị,Chi bộ,Loại chi bộ\n" + "\n" * rows + "99901,x,y\n").encode()


def csv_long_value(characters: int = 1_500_000) -> bytes:
    return ('\ufeffMã đơn vị,Chi bộ,Loại chi bộ\n99901,"' + "x" * characters + '",y\n').encode()


CSV_ATTACKS = {
    "a CSV of a million columns": csv_wide,
    "a CSV of a million rows": csv_tall,
    "a CSV value of 1,5 million characters": csv_long_value,
}
