"""Excel in and out, written once for every app.

Exports stream a write-only workbook and neutralise cells a spreadsheet would run
as formulas. Imports read a sheet into dicts keyed by header; the caller validates
every row and saves all or nothing.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_FORBIDDEN = set(":/\\?*[]")


def neutralise(value):
    """Text that a spreadsheet would evaluate is prefixed with a quote.

    Numbers stay numbers: only strings are touched, so '-5' typed as text becomes
    "'-5" while the integer -5 stays -5.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_TRIGGERS):
        return "'" + value
    return value


def _excel_value(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # Excel has no time zones: write the clock time people in the province read.
        return timezone.localtime(value).replace(tzinfo=None)
    return neutralise(value)


def build_workbook(
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    widths: Sequence[int] | None = None,
    extra_sheets: dict[str, Sequence[Sequence]] | None = None,
) -> bytes:
    """A workbook whose first sheet has a bold, frozen header row and the streamed rows.

    `extra_sheets` adds plain sheets after it (a template's instructions, say).
    """
    workbook = Workbook(write_only=True)
    _write_sheet(workbook, title=title, headers=headers, rows=rows, widths=widths)
    for extra_title, extra_rows in (extra_sheets or {}).items():
        _write_sheet(workbook, title=extra_title, headers=extra_rows[0], rows=extra_rows[1:], widths=[30, 90])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(text) -> str:
    """A name Excel accepts for a sheet: no : / \\ ? * [ ], at most 31 characters."""
    cleaned = "".join(" " if ch in _SHEET_TITLE_FORBIDDEN else ch for ch in str(text)).strip(" '")
    return cleaned[:31] or "Sheet"


def _write_sheet(workbook, *, title, headers, rows, widths) -> None:
    sheet = workbook.create_sheet(title=sheet_title(title))
    for index, width in enumerate(widths or [max(12, len(h) + 4) for h in headers], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=neutralise(str(text)))
        cell.font = bold
        cell.fill = fill
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def _cell(sheet, value):
    """A plain value, or a styled cell for dates and large numbers.

    Only values that need a number format become WriteOnlyCell objects: wrapping
    every cell costs openpyxl several times more on large sheets.
    """
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=_excel_value(value))
        cell.number_format = "DD/MM/YYYY HH:MM" if isinstance(value, datetime.datetime) else "DD/MM/YYYY"
        return cell
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 1000:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0"
        return cell
    return _excel_value(value)


def xlsx_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SheetError(Exception):
    """The uploaded file is not a readable workbook in the expected layout."""


@dataclass
class SheetRow:
    number: int  # the row number a user sees in Excel
    values: dict[str, object]


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    """Outcome of an all-or-nothing import: either created rows or errors, never both."""

    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_sheet(uploaded, *, headers: Sequence[str], max_rows: int = 5000) -> list[SheetRow]:
    """Rows of the first sheet as {header: value}; blank rows are skipped.

    The first row must hold exactly the template's headers (order free, extra
    columns ignored), so a user who picked the wrong file learns it at once.
    """
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a non-workbook
        raise SheetError(_("Không đọc được tệp Excel (.xlsx). Hãy dùng tệp mẫu tải từ cổng.")) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None:
        raise SheetError(_("Tệp Excel trống."))
    found = [str(cell).strip() if cell is not None else "" for cell in first]
    missing = [h for h in headers if h not in found]
    if missing:
        raise SheetError(_("Thiếu cột: %(columns)s. Hãy dùng tệp mẫu tải từ cổng.") % {"columns": ", ".join(missing)})
    positions = {h: found.index(h) for h in headers}
    result: list[SheetRow] = []
    for number, row in enumerate(rows, start=2):
        if row is None or all(cell in (None, "") for cell in row):
            continue
        if len(result) >= max_rows:
            raise SheetError(_("Tệp có quá %(max)d dòng; hãy chia nhỏ.") % {"max": max_rows})
        values = {h: (row[i] if i < len(row) else None) for h, i in positions.items()}
        result.append(SheetRow(number=number, values=values))
    workbook.close()
    return result
