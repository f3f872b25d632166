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


# --- .xls and .ods, as other programs write them ------------------------------------------

XLS_CONTENT_TYPE = "application/vnd.ms-excel"
ODS_CONTENT_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


def xls_workbook(rows: list[list]) -> bytes:
    """An Excel 97-2003 workbook (xlwt writes BIFF8 as Excel does); dates get a date format."""
    import datetime

    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("Trang 1")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime.date):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ods_workbook(rows: list[list]) -> bytes:
    """A LibreOffice Calc spreadsheet written by odfpy: typed cells, dates as date values."""
    import datetime

    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Trang 1")
    for row in rows:
        element = TableRow()
        for value in row:
            if value is None:
                cell = TableCell()
            elif isinstance(value, bool):
                cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower())
                cell.addElement(P(text=str(value).upper()))
            elif isinstance(value, datetime.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.strftime("%d/%m/%Y")))
            elif isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
            element.addElement(cell)
        table.addElement(element)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def ods_from_rows_xml(rows_xml: str) -> bytes:
    """An .ods whose first sheet's rows are `rows_xml`, as LibreOffice writes them
    (`table:`, `office:` and `text:` prefixes declared)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        "<office:body><office:spreadsheet>"
        f'<table:table table:name="Trang 1"><table:table-column table:number-columns-repeated="1024"/>{rows_xml}'
        '</table:table><table:table table:name="Trang 2"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>không đọc</text:p></table:table-cell>'
        "</table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        )
    return out.getvalue()


def ods_text_row(*texts: str, repeat: int = 1) -> str:
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>' for text in texts
    )
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{cells}</table:table-row>"
