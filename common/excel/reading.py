"""Imports: the first sheet of an uploaded .xlsx, .xls or .ods as rows keyed by header.

Offices keep lists in Excel 2007+ (.xlsx), in Excel 97-2003 (.xls) and in LibreOffice
Calc (.ods); all three read into the same values: text, numbers (an integer stays an
int, so a phone typed as a number can get its leading zero back), dates as
`datetime.datetime`, booleans. The format is told from the content, never the name.

Bounds come before the work, whatever the format: the file size; for the zipped formats
the declared sizes of the zip's members (`check_workbook_bounds`); for .xls the last row
holding data, read from the sheet's record headers before the sheet is loaded; then rows
(counted with the blank ones), columns and cell lengths while the rows are read.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

XLSX, XLS, ODS = "xlsx", "xls", "ods"
IMPORT_ACCEPT = ".xlsx,.xls,.ods"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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


# Bounds on what an import may unpack and read, checked before a reader parses anything.
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


def unreadable_message() -> str:
    """What a person should do with a file the portal cannot read."""
    return _(
        "Không đọc được tệp. Cổng nhận bảng tính Excel (.xlsx, .xls) và LibreOffice Calc (.ods). "
        "Hãy mở tệp, chọn Lưu thành (Save As) dạng Sổ làm việc Excel (.xlsx), bỏ mật khẩu nếu có, "
        "rồi tải lên lại; hoặc dùng tệp mẫu tải từ cổng."
    )


def import_help_text() -> str:
    """The line under every import's file field."""
    return _(
        "Tệp .xlsx, .xls (Excel) hoặc .ods (LibreOffice Calc), tối đa %(limit)s, dòng đầu là tiêu đề cột "
        "như tệp mẫu. Tệp dạng khác (.csv, .numbers…): mở tệp và lưu lại dưới dạng .xlsx."
    ) % {"limit": _megabytes(IMPORT_MAX_FILE_BYTES)}


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


def check_workbook_bounds(uploaded, *, max_bytes: int = IMPORT_MAX_FILE_BYTES) -> str:
    """The file's format (`XLSX`, `XLS` or `ODS`), once its size and what it would unpack are
    within bounds; `SheetError` otherwise.

    A zipped workbook (.xlsx, .ods) is judged by its zip's central directory only: the
    member count, each member's and the total unpacked size, and the compression ratio of
    large members. An .xls is not compressed: its size bounds its work, and its rows are
    bounded when it is read.
    """
    size = _file_size(uploaded)
    if size > max_bytes:
        raise SheetError(
            _("Tệp quá lớn (%(size)s); tệp Excel nhập vào tối đa %(limit)s.")
            % {"size": filesizeformat(size), "limit": _megabytes(max_bytes)}
        )
    uploaded.seek(0)
    head = uploaded.read(len(OLE2_MAGIC))
    uploaded.seek(0)
    if head == OLE2_MAGIC:
        return XLS
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
            _check_members(members)
            mimetype = b""
            if "mimetype" in archive.NameToInfo:
                with archive.open("mimetype") as stream:
                    mimetype = stream.read(100).strip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError) as exc:
        raise SheetError(unreadable_message()) from exc
    finally:
        uploaded.seek(0)
    names = {member.filename for member in members}
    if mimetype.startswith(ODS_MIMETYPE):  # a spreadsheet, or its template
        return ODS
    if mimetype or "[Content_Types].xml" not in names:  # a text document, a drawing, another zip
        raise SheetError(unreadable_message())
    return XLSX


def _check_members(members: list[zipfile.ZipInfo]) -> None:
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


class PastLastRow(Exception):
    """A reader met a row past the last one an import reads (blank rows counted)."""


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

    Bounds come before the work (`check_workbook_bounds`); the sheet's own dimension
    claim is ignored, and reading stops at the first row past `max_rows` data rows plus
    a margin counted with blank rows, at a value past column `MAX_COLUMNS`, or at a cell
    longer than `MAX_CELL_CHARS` characters.
    """
    kind = check_workbook_bounds(uploaded, max_bytes=max_bytes)
    last_row = 1 + max_rows + BLANK_ROW_MARGIN
    try:
        if kind == XLS:
            from .xls import xls_rows

            return _collect(xls_rows(uploaded, last_row=last_row), headers=headers, max_rows=max_rows)
        if kind == ODS:
            from .ods import ods_rows

            with zipfile.ZipFile(uploaded) as archive:
                return _collect(ods_rows(archive, last_row=last_row), headers=headers, max_rows=max_rows)
        return _read_xlsx(uploaded, headers=headers, max_rows=max_rows)
    except PastLastRow as exc:
        raise _past_last_row(last_row, max_rows) from exc
    except SheetError:
        raise
    except Exception as exc:  # a damaged file: the readers raise many types, a member may lie about its size
        raise SheetError(unreadable_message()) from exc


def _read_xlsx(uploaded, *, headers: Sequence[str], max_rows: int) -> list[SheetRow]:
    workbook = load_workbook(uploaded, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        # The <dimension> a file claims is not trusted: "A1:XFD1048576" would have openpyxl
        # pad every row to 16,384 cells and add a million empty rows at the end.
        sheet.reset_dimensions()
        return _collect(enumerate(sheet.iter_rows(values_only=True), start=1), headers=headers, max_rows=max_rows)
    finally:
        workbook.close()


def _past_last_row(last_row: int, max_rows: int) -> SheetError:
    return SheetError(
        _(
            "Trang tính có dòng (kể cả dòng trống) quá dòng %(limit)s. Tệp nhập vào tối đa "
            "%(max)d dòng dữ liệu: hãy xoá các dòng trống phía dưới hoặc chia nhỏ tệp."
        )
        % {"limit": f"{last_row:,}".replace(",", "."), "max": max_rows}
    )


def column_error(number: int, index: int) -> SheetError:
    """A value in the row `number` at the 0-based column `index`, past the last one read."""
    return SheetError(
        _("Dòng %(row)d có dữ liệu ở cột %(column)s; tệp nhập vào chỉ đọc đến cột %(limit)s.")
        % {
            "row": number,
            "column": get_column_letter(min(index, 16383) + 1),
            "limit": get_column_letter(MAX_COLUMNS),
        }
    )


def _check_row_bounds(row: Sequence, number: int) -> None:
    for index, value in enumerate(row):
        if value is None or value == "":
            continue
        if index >= MAX_COLUMNS:
            raise column_error(number, index)
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            raise SheetError(
                _("Ô %(cell)s có %(length)s ký tự; mỗi ô tối đa %(limit)s ký tự.")
                % {
                    "cell": f"{get_column_letter(index + 1)}{number}",
                    "length": f"{len(value):,}".replace(",", "."),
                    "limit": f"{MAX_CELL_CHARS:,}".replace(",", "."),
                }
            )


def _collect(rows: Iterator[tuple[int, Sequence]], *, headers: Sequence[str], max_rows: int) -> list[SheetRow]:
    """`rows` are (row number, values) in order, from row 1; a reader may leave blank rows out."""
    last_row = 1 + max_rows + BLANK_ROW_MARGIN
    first = next(rows, None)
    if first is None:
        raise SheetError(_("Tệp Excel trống."))
    number, header_row = first
    if number != 1:  # row 1 is blank: no header
        header_row = ()
    _check_row_bounds(header_row, 1)
    found = [str(cell).strip() if cell is not None else "" for cell in header_row]
    missing = [h for h in headers if h not in found]
    if missing:
        raise SheetError(_("Thiếu cột: %(columns)s. Hãy dùng tệp mẫu tải từ cổng.") % {"columns": ", ".join(missing)})
    positions = {h: found.index(h) for h in headers}
    result: list[SheetRow] = []
    for number, row in rows:
        if number > last_row:
            raise _past_last_row(last_row, max_rows)
        if not row or all(cell in (None, "") for cell in row):
            continue
        _check_row_bounds(row, number)
        if len(result) >= max_rows:
            raise SheetError(_("Tệp có quá %(max)d dòng; hãy chia nhỏ.") % {"max": max_rows})
        values = {h: (row[i] if i < len(row) else None) for h, i in positions.items()}
        result.append(SheetRow(number=number, values=values))
    return result
