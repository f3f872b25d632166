"""Hostile workbooks built in the test, byte by byte: bombs, lies and oversized claims."""

from __future__ import annotations

import io
import re
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from common.excel import XLSX_CONTENT_TYPE

SHEET = "xl/worksheets/sheet1.xml"


def plain_workbook(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rebuilt(content: bytes, *, sheet_xml=None, extra_members: dict[str, bytes] | None = None) -> bytes:
    """`content` with its first sheet's XML replaced (bytes, or a callable writing chunks)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == SHEET and sheet_xml is not None:
                if callable(sheet_xml):
                    with target.open(SHEET, "w") as stream:
                        sheet_xml(stream, source.read(SHEET))
                else:
                    target.writestr(SHEET, sheet_xml)
            else:
                target.writestr(info.filename, source.read(info.filename))
        for name, data in (extra_members or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def blank_row_bomb(headers: list[str], *, inflated_bytes: int = 300 * 1024 * 1024) -> bytes:
    """A template whose sheet is the header row then `inflated_bytes` of empty rows.

    Deflate packs the repeated `<row/>` about a thousand times: 300 MB inflate from
    about 300 KiB.
    """
    chunk = b"<row/>" * (1024 * 1024 // 6)

    def write(stream, original: bytes) -> None:
        head, tail = original.split(b"</sheetData>", 1)
        stream.write(head)
        full, rest = divmod(inflated_bytes, len(chunk))
        for _ in range(full):
            stream.write(chunk)
        stream.write(b"<row/>" * (rest // 6))
        stream.write(b"</sheetData>" + tail)

    return rebuilt(plain_workbook([headers]), sheet_xml=write)


def with_dimension(content: bytes, ref: str) -> bytes:
    """`content` whose first sheet claims the range `ref` (e.g. A1:XFD1048576)."""
    with zipfile.ZipFile(io.BytesIO(content)) as source:
        xml = source.read(SHEET)
    if b"<dimension" in xml:
        xml = re.sub(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), xml)
    else:
        xml = xml.replace(b"<sheetViews>", f'<dimension ref="{ref}"/><sheetViews>'.encode(), 1)
    return rebuilt(content, sheet_xml=xml)


def upload(content: bytes, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)
