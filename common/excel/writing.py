"""Exports: workbooks staff open, read and print, written once for every app.

Every sheet is streamed into a write-only workbook and gets what a printed list needs:
the header rows bold, frozen and repeated on each printed page, group headers merged
over their columns, the key columns (rank, code, name) kept in view, number formats by
value (integers `#,##0`, decimals `#,##0.00`, dates dd/mm/yyyy), widths that follow
the content, and A4 fitted to the page's width, landscape when the sheet is wide (a
sheet too wide to read on one page is spread over a few, its key columns on each). Text
a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

import datetime
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, islice

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_FORBIDDEN = set(":/\\?*[]")

# Number formats. Excel shows the separators of the reader's locale (1.500.000 in Vietnamese).
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
ONE_DECIMAL = "#,##0.0"
PLAIN = "0"  # a year, a rank: no thousands separator
DATE = "DD/MM/YYYY"
DATETIME = "DD/MM/YYYY HH:MM"
TIME = "HH:MM"

HEADER_FILL = "DDEBF7"
MIN_WIDTH = 5
MAX_WIDTH = 60
WIDTH_SAMPLE_ROWS = 200  # rows measured for the widths; the rest are streamed unmeasured
LANDSCAPE_FROM_COLUMNS = 8
# Column widths (in characters) an A4 landscape page holds with its text still legible,
# about 55% of its natural size.
PAGE_WIDTH_CHARACTERS = 270
LINE_HEIGHT = 15  # points, one line of 11-point text
MAX_LINES = 15


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


def sheet_title(text) -> str:
    """A name Excel accepts for a sheet: no : / \\ ? * [ ], at most 31 characters."""
    cleaned = "".join(" " if ch in _SHEET_TITLE_FORBIDDEN else ch for ch in str(text)).strip(" '")
    return cleaned[:31] or "Sheet"


@dataclass(frozen=True)
class Styled:
    """A cell with a look of its own: the light of a target, a bold total line."""

    value: object
    fill: str = ""
    bold: bool = False
    number_format: str = ""


@dataclass
class Sheet:
    """One sheet: `headers` is one header row, or several (a list of rows) whose group
    headers are merged: a text followed by blanks spans them, a text above blanks spans
    down. `caption` lines (a title, a period) stand above the headers, across the sheet,
    a blank line below them.
    `formats` gives a column (0-based) its number format; other columns are formatted by
    the type of each value. `widths` fixes the widths, else they follow the content."""

    title: str
    headers: Sequence
    rows: Iterable[Sequence] = ()
    caption: Sequence[str] = ()
    key_columns: int = 0
    formats: Mapping[int, str] = field(default_factory=dict)
    widths: Sequence[int] | None = None

    @property
    def header_rows(self) -> list[list]:
        if self.headers and isinstance(self.headers[0], list | tuple):
            return [list(row) for row in self.headers]
        return [list(self.headers)]


def build_workbook(
    *,
    title: str,
    headers: Sequence,
    rows: Iterable[Sequence],
    extra_sheets: Mapping[str, Sequence[Sequence]] | None = None,
    formats: Mapping[int, str] | None = None,
    caption: Sequence[str] = (),
    key_columns: int = 0,
    widths: Sequence[int] | None = None,
) -> bytes:
    """A workbook whose first sheet has the header row(s) and the streamed rows.

    `extra_sheets` adds sheets after it, each given as rows whose first is its header
    (a template's instructions, figures); they are laid out and printed the same way.
    """
    sheets = [
        Sheet(
            title=title,
            headers=headers,
            rows=rows,
            caption=caption,
            key_columns=key_columns,
            formats=formats or {},
            widths=widths,
        )
    ]
    for extra_title, extra_rows in (extra_sheets or {}).items():
        sheets.append(Sheet(title=extra_title, headers=extra_rows[0], rows=extra_rows[1:]))
    return write_workbook(sheets)


def write_workbook(sheets: Iterable[Sheet]) -> bytes:
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _SheetWriter(workbook, sheet).write()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, *, filename: str) -> HttpResponse:
    """A workbook download; a filename with diacritics is sent as RFC 6266's `filename*`."""
    return HttpResponse(
        content,
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": content_disposition_header(as_attachment=True, filename=filename)},
    )


def header_merges(header_rows: Sequence[Sequence]) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column), 0-based in the header block, of each
    group header: a text followed by blanks spans them (a judge over its criteria); a text
    with none beside it spans the blanks below it (a key column over the rows of criteria
    and maxima)."""
    height = len(header_rows)
    width = max((len(row) for row in header_rows), default=0)

    def blank(r: int, c: int) -> bool:
        return c >= len(header_rows[r]) or header_rows[r][c] in (None, "")

    covered: set[tuple[int, int]] = set()
    merges = []
    for r in range(height):
        for c in range(width):
            if blank(r, c) or (r, c) in covered:
                continue
            last_col = c
            while last_col + 1 < width and blank(r, last_col + 1) and (r, last_col + 1) not in covered:
                last_col += 1
            last_row = r
            if last_col == c:
                while last_row + 1 < height and blank(last_row + 1, c) and (last_row + 1, c) not in covered:
                    last_row += 1
            if (last_row, last_col) != (r, c):
                merges.append((r, c, last_row, last_col))
                covered.update((rr, cc) for rr in range(r, last_row + 1) for cc in range(c, last_col + 1))
    return merges


def display_length(value) -> int:
    """About how many characters a value takes on screen, for a column's width."""
    if isinstance(value, Styled):
        value = value.value
    if value is None:
        return 0
    if isinstance(value, str):
        return max((len(line) for line in value.split("\n")), default=0)
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return len(f"{value:,}")
    if isinstance(value, float | Decimal):
        return len(f"{value:,.2f}")
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, datetime.time):
        return 5
    return len(str(value))


def default_format(value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float | Decimal):
        return DECIMAL if _has_fraction(value) else INTEGER
    if isinstance(value, datetime.datetime):
        return DATETIME
    if isinstance(value, datetime.date):
        return DATE
    if isinstance(value, datetime.time):
        return TIME
    return None


class _SheetWriter:
    """Writes one `Sheet`: what must come before the rows (widths, panes, row heights,
    print setup), then the caption, the headers and the rows, each cell styled once from
    a prototype per look (a WriteOnlyCell per styled value costs openpyxl little then)."""

    def __init__(self, workbook: Workbook, sheet: Sheet):
        self.spec = sheet
        self.ws = workbook.create_sheet(title=sheet_title(sheet.title))
        self.prototypes: dict[tuple, object] = {}
        self.headers = sheet.header_rows
        self.merges = header_merges(self.headers)

    def write(self) -> None:
        spec, ws = self.spec, self.ws
        rows = iter(spec.rows)
        sample = list(islice(rows, WIDTH_SAMPLE_ROWS))
        columns = max([len(row) for row in self.headers] + [len(row) for row in sample] + [1])
        self.widths = list(spec.widths or self._widths(sample, columns))
        self.widths += [MIN_WIDTH * 2] * (columns - len(self.widths))
        self.formats = {**_decimal_columns(sample), **spec.formats}
        for index, width in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        # The caption, then a blank line, then the headers.
        first_header = len(spec.caption) + 2 if spec.caption else 1
        last_header = first_header + len(self.headers) - 1
        ws.freeze_panes = f"{get_column_letter(spec.key_columns + 1)}{last_header + 1}"
        self._print_setup(columns, first_header, last_header)
        for offset, line in enumerate(spec.caption):
            size = 13 if offset == 0 else 11
            ws.append([self._cell(line, bold=offset == 0, size=size)])
            if columns > 1:
                ws.merged_cells.add(f"A{offset + 1}:{get_column_letter(columns)}{offset + 1}")
        if spec.caption:
            ws.append([])
        self._write_headers(first_header, columns)
        for number, row in enumerate(chain(sample, rows), start=last_header + 1):
            cells, lines = self._row(row)
            if lines > 1:  # spreadsheets do not grow a row for wrapped text when they open a file
                ws.row_dimensions[number].height = LINE_HEIGHT * min(lines, MAX_LINES)
            ws.append(cells)

    def _widths(self, sample: list[Sequence], columns: int) -> list[int]:
        merged_cells = {
            (r, c) for r0, c0, r1, c1 in self.merges if c1 > c0 for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
        }
        widths = []
        for index in range(columns):
            content = max((display_length(row[index]) for row in sample if index < len(row)), default=0)
            header = 0
            for r, row in enumerate(self.headers):
                if index < len(row) and (r, index) not in merged_cells:
                    header = max(header, _header_need(row[index]))
            widths.append(max(MIN_WIDTH, min(MAX_WIDTH, max(content + 2, header))))
        return widths

    def _print_setup(self, columns: int, first_header: int, last_header: int) -> None:
        ws = self.ws
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if columns >= LANDSCAPE_FROM_COLUMNS else "portrait"
        # One page wide, unless that would shrink the text past reading: then as few pages
        # across as keep it legible, each repeating the key columns.
        across = max(1, math.ceil(sum(self.widths) / PAGE_WIDTH_CHARACTERS))
        ws.page_setup.fitToWidth = across
        ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_title_rows = f"{first_header}:{last_header}"
        if across > 1 and self.spec.key_columns:
            ws.print_title_cols = f"A:{get_column_letter(self.spec.key_columns)}"
        ws.print_options.gridLines = True
        ws.print_options.horizontalCentered = True
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
        ws.oddFooter.center.text = _("Trang &P/&N")

    def _write_headers(self, first_header: int, columns: int) -> None:
        spans = {(r0, c0): c1 - c0 + 1 for r0, c0, _r1, c1 in self.merges}
        for r, row in enumerate(self.headers):
            lines = 1
            for c, text in enumerate(row):
                if text not in (None, ""):
                    width = sum(self.widths[c : c + spans.get((r, c), 1)])
                    lines = max(lines, math.ceil(display_length(str(text)) / max(width - 1, 1)))
            self.ws.row_dimensions[first_header + r].height = LINE_HEIGHT * min(lines, 4) + 3
            cells = [
                self._cell("" if text is None else text, bold=True, fill=HEADER_FILL, align="header")
                for text in list(row) + [""] * (columns - len(row))
            ]
            self.ws.append(cells)
        for r0, c0, r1, c1 in self.merges:
            self.ws.merged_cells.add(
                f"{get_column_letter(c0 + 1)}{first_header + r0}:{get_column_letter(c1 + 1)}{first_header + r1}"
            )

    def _row(self, row: Sequence) -> tuple[list, int]:
        """The row's cells, and how many lines its wrapped text takes."""
        out = []
        lines = 1
        for index, value in enumerate(row):
            if isinstance(value, Styled):
                number_format = value.number_format or self._format(index, value.value) or ""
                out.append(self._cell(value.value, number_format=number_format, bold=value.bold, fill=value.fill))
            elif value is None or isinstance(value, bool):
                out.append(value)
            elif isinstance(value, str):
                width = self.widths[index] if index < len(self.widths) else MAX_WIDTH
                if "\n" in value or display_length(value) > width:
                    out.append(self._cell(value, align="wrap"))
                    lines = max(lines, _lines(value, width))
                else:
                    out.append(neutralise(value))
            else:
                number_format = self._format(index, value)
                out.append(self._cell(value, number_format=number_format) if number_format else _excel_value(value))
        return out, lines

    def _format(self, index: int, value) -> str | None:
        """A column's format applies to its numbers; a date keeps the date format."""
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool) and index in self.formats:
            return self.formats[index]
        return default_format(value)

    def _cell(
        self, value, *, number_format: str = "", bold: bool = False, size: int = 0, fill: str = "", align: str = ""
    ):
        """A cell of one look; `align` is "header" (centred, wrapped) or "wrap" (long text)."""
        key = (number_format, bold, size, fill, align)
        cell = WriteOnlyCell(self.ws, value=_excel_value(value))
        prototype = self.prototypes.get(key)
        if prototype is None:
            if number_format:
                cell.number_format = number_format
            if bold or size:
                cell.font = Font(bold=bold, size=size or None)
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
            if align == "header":
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            elif align == "wrap":
                cell.alignment = Alignment(vertical="top", wrap_text=True)
            self.prototypes[key] = copy(cell._style)
        else:
            cell._style = copy(prototype)
        return cell


def _decimal_columns(sample: list[Sequence]) -> dict[int, str]:
    """Columns where a measured row holds a fraction: all their numbers take two decimals,
    so 92 does not stand next to 91.75."""
    found: dict[int, str] = {}
    for row in sample:
        for index, value in enumerate(row):
            if isinstance(value, Styled):
                value = value.value
            if isinstance(value, float | Decimal) and _has_fraction(value):
                found[index] = DECIMAL
    return found


def _lines(text: str, width: int) -> int:
    """About how many lines `text` wraps to in a column `width` characters wide."""
    usable = max(width - 1, 1)
    return sum(max(1, math.ceil(len(line) / usable)) for line in text.split("\n"))


def _has_fraction(value: float | Decimal) -> bool:
    try:
        return value != int(value)
    except (ValueError, OverflowError, ArithmeticError):  # NaN, infinity
        return False


def _header_need(text) -> int:
    """A header may wrap onto two lines, never inside a word."""
    if text in (None, ""):
        return 0
    text = str(text)
    longest = max((len(word) for word in text.split()), default=0)
    return max(longest + 2, math.ceil(len(text) / 2) + 2)
