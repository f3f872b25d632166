"""Excel in and out, written once for every app.

Exports stream a write-only workbook and neutralise cells a spreadsheet would run
as formulas. Imports read a sheet into dicts keyed by header; the caller validates
every row and saves all or nothing.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.http import content_disposition_header
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
    """A workbook download; a filename with diacritics is sent as RFC 6266's `filename*`."""
    return HttpResponse(
        content,
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": content_disposition_header(as_attachment=True, filename=filename)},
    )


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


# Bounds on what an import may unpack and read, checked before openpyxl parses anything.
# A 300 KiB workbook can declare a 300 MB sheet; the declared sizes of a zip's members
# bound what Python's zipfile will ever inflate, so checking them is checking the work.
IMPORT_MAX_FILE_BYTES = 5 * 1024 * 1024
XLSX_MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # all members together
XLSX_MAX_PART_BYTES = 20 * 1024 * 1024  # one member: a sheet's XML, the shared strings…
XLSX_MAX_MEMBERS = 500
# Real sheets compress 5-20 times, a sheet of styled blank cells up to ~60 times; a bomb
# of repeated empty rows about 1,000 times. Small members are not judged by their ratio.
XLSX_MAX_RATIO = 100
XLSX_RATIO_FLOOR_BYTES = 1024 * 1024
# Rows are counted with the blank ones: a sheet of a million empty rows is refused after
# the data limit plus this margin, not read to the end.
BLANK_ROW_MARGIN = 1000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 2000


def _megabytes(size: int) -> str:
    return _("%(size)s MB") % {"size": f"{size / (1024 * 1024):.0f}"}


def _file_size(uploaded) -> int:
    size = getattr(uploaded, "size", None)
    if size is not None:
        return size
    position = uploaded.tell()
    uploaded.seek(0, io.SEEK_END)
    size = uploaded.tell()
    uploaded.seek(position)
    return size


def check_workbook_bounds(uploaded, *, max_bytes: int = IMPORT_MAX_FILE_BYTES) -> None:
    """Refuse a file whose zip declares more than an import may unpack.

    Reads only the zip's central directory: the file size, the member count, each
    member's and the total unpacked size, and the compression ratio of large members.
    """
    size = _file_size(uploaded)
    if size > max_bytes:
        raise SheetError(
            _("Tệp quá lớn (%(size)s); tệp Excel nhập vào tối đa %(limit)s.")
            % {"size": filesizeformat(size), "limit": _megabytes(max_bytes)}
        )
    unreadable = SheetError(_("Không đọc được tệp Excel (.xlsx). Hãy dùng tệp mẫu tải từ cổng."))
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise unreadable from exc
    finally:
        uploaded.seek(0)
    if len(members) > XLSX_MAX_MEMBERS:
        raise SheetError(
            _("Tệp Excel có %(count)d phần, quá giới hạn %(limit)d phần; hãy dùng tệp mẫu tải từ cổng.")
            % {"count": len(members), "limit": XLSX_MAX_MEMBERS}
        )
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > XLSX_MAX_PART_BYTES:
            raise SheetError(
                _(
                    "Tệp Excel giải nén ra quá lớn: phần %(part)s chiếm %(size)s, "
                    "mỗi phần tối đa %(limit)s. Hãy xoá các dòng, cột thừa hoặc chia nhỏ tệp."
                )
                % {
                    "part": member.filename,
                    "size": _megabytes(member.file_size),
                    "limit": _megabytes(XLSX_MAX_PART_BYTES),
                }
            )
        if member.file_size > XLSX_RATIO_FLOOR_BYTES and member.file_size > XLSX_MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise SheetError(
                _(
                    "Tệp Excel bị nén bất thường: phần %(part)s giải nén ra gấp %(ratio)d lần "
                    "(tối đa %(limit)d lần). Hãy xoá các dòng trống thừa rồi lưu lại tệp."
                )
                % {
                    "part": member.filename,
                    "ratio": member.file_size // max(member.compress_size, 1),
                    "limit": XLSX_MAX_RATIO,
                }
            )
    if total > XLSX_MAX_UNPACKED_BYTES:
        raise SheetError(
            _("Tệp Excel giải nén ra %(size)s, vượt giới hạn %(limit)s. Hãy chia nhỏ tệp.")
            % {"size": _megabytes(total), "limit": _megabytes(XLSX_MAX_UNPACKED_BYTES)}
        )


def read_sheet(
    uploaded,
    *,
    headers: Sequence[str],
    max_rows: int = 5000,
    max_bytes: int = IMPORT_MAX_FILE_BYTES,
) -> list[SheetRow]:
    """Rows of the first sheet as {header: value}; blank rows are skipped.

    The first row must hold exactly the template's headers (order free, extra
    columns ignored), so a user who picked the wrong file learns it at once.

    Bounds come before the work: the zip's declared sizes are checked before openpyxl
    opens it (`check_workbook_bounds`), the sheet's own dimension claim is ignored, and
    reading stops at the first row past `max_rows` data rows plus a margin counted
    with blank rows, at a value past column `MAX_COLUMNS`, or at a cell longer than
    `MAX_CELL_CHARS` characters.
    """
    check_workbook_bounds(uploaded, max_bytes=max_bytes)
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a non-workbook
        raise SheetError(_("Không đọc được tệp Excel (.xlsx). Hãy dùng tệp mẫu tải từ cổng.")) from exc
    try:
        return _read_rows(workbook, headers=headers, max_rows=max_rows)
    except SheetError:
        raise
    except Exception as exc:  # a member that lies about its size or XML that does not parse
        raise SheetError(_("Không đọc được tệp Excel (.xlsx). Hãy dùng tệp mẫu tải từ cổng.")) from exc
    finally:
        workbook.close()


def _check_row_bounds(row: tuple, number: int) -> None:
    for index, value in enumerate(row):
        if value is None or value == "":
            continue
        if index >= MAX_COLUMNS:
            raise SheetError(
                _("Dòng %(row)d có dữ liệu ở cột %(column)s; tệp nhập vào chỉ đọc đến cột %(limit)s.")
                % {"row": number, "column": get_column_letter(index + 1), "limit": get_column_letter(MAX_COLUMNS)}
            )
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            raise SheetError(
                _("Ô %(cell)s có %(length)s ký tự; mỗi ô tối đa %(limit)s ký tự.")
                % {
                    "cell": f"{get_column_letter(index + 1)}{number}",
                    "length": f"{len(value):,}".replace(",", "."),
                    "limit": f"{MAX_CELL_CHARS:,}".replace(",", "."),
                }
            )


def _read_rows(workbook, *, headers: Sequence[str], max_rows: int) -> list[SheetRow]:
    sheet = workbook.worksheets[0]
    # The <dimension> a file claims is not trusted: "A1:XFD1048576" would have openpyxl
    # pad every row to 16,384 cells and add a million empty rows at the end.
    sheet.reset_dimensions()
    last_row = 1 + max_rows + BLANK_ROW_MARGIN
    rows = sheet.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None:
        raise SheetError(_("Tệp Excel trống."))
    _check_row_bounds(first, 1)
    found = [str(cell).strip() if cell is not None else "" for cell in first]
    missing = [h for h in headers if h not in found]
    if missing:
        raise SheetError(_("Thiếu cột: %(columns)s. Hãy dùng tệp mẫu tải từ cổng.") % {"columns": ", ".join(missing)})
    positions = {h: found.index(h) for h in headers}
    result: list[SheetRow] = []
    for number, row in enumerate(rows, start=2):
        if number > last_row:
            raise SheetError(
                _(
                    "Trang tính có dòng (kể cả dòng trống) quá dòng %(limit)s. Tệp nhập vào tối đa "
                    "%(max)d dòng dữ liệu: hãy xoá các dòng trống phía dưới hoặc chia nhỏ tệp."
                )
                % {"limit": f"{last_row:,}".replace(",", "."), "max": max_rows}
            )
        if not row or all(cell in (None, "") for cell in row):
            continue
        _check_row_bounds(row, number)
        if len(result) >= max_rows:
            raise SheetError(_("Tệp có quá %(max)d dòng; hãy chia nhỏ.") % {"max": max_rows})
        values = {h: (row[i] if i < len(row) else None) for h, i in positions.items()}
        result.append(SheetRow(number=number, values=values))
    return result
