"""Excel 97-2003 (.xls) sheets read with xlrd, bounded before the sheet is loaded.

xlrd keeps a loaded sheet in memory, each row as long as its last cell: one cell
placed at row 65,536 column IV in a few hundred KiB would cost it a hundred
megabytes. So the first sheet's record headers are walked first (a few bytes per
record, the sheet itself not decoded) and a value past the last row an import reads
refuses the file before xlrd loads it.
"""

from __future__ import annotations

import datetime
import io
import struct
from collections.abc import Iterator

import xlrd
from xlrd.biffh import (
    XL_CELL_BOOLEAN,
    XL_CELL_DATE,
    XL_CELL_ERROR,
    XL_CELL_NUMBER,
    XL_CELL_TEXT,
    error_text_from_code,
)

from .reading import PastLastRow

# BIFF5/8 records that hold a value, each starting with its row (2 bytes).
_VALUE_RECORDS = frozenset(
    {
        0x0006,  # FORMULA
        0x0406,  # FORMULA (BIFF4)
        0x00BD,  # MULRK
        0x00D6,  # RSTRING
        0x00FD,  # LABELSST
        0x0203,  # NUMBER
        0x0204,  # LABEL
        0x0205,  # BOOLERR
        0x027E,  # RK
    }
)
_BOF = frozenset({0x0009, 0x0209, 0x0409, 0x0809})
_EOF = 0x000A


def xls_rows(uploaded, *, last_row: int) -> Iterator[tuple[int, tuple]]:
    """(row number, values) of the first sheet's rows that hold a value, in order."""
    uploaded.seek(0)
    content = uploaded.read()
    book = xlrd.open_workbook(file_contents=content, on_demand=True, ragged_rows=True, logfile=io.StringIO())
    try:
        if book.nsheets == 0:
            return
        if _last_value_row(book.mem, book._sh_abs_posn[0]) + 1 > last_row:
            raise PastLastRow
        sheet = book.sheet_by_index(0)
        for index in range(sheet.nrows):
            types = sheet.row_types(index)
            if not any(t in _VALUED for t in types):
                continue
            values = sheet.row_values(index)
            yield index + 1, tuple(_value(t, v, book.datemode) for t, v in zip(types, values, strict=True))
    finally:
        book.release_resources()


_VALUED = frozenset({XL_CELL_TEXT, XL_CELL_NUMBER, XL_CELL_DATE, XL_CELL_BOOLEAN, XL_CELL_ERROR})


def _last_value_row(stream: bytes, start: int) -> int:
    """The 0-based index of the last row holding a value in the sheet starting at `start`
    (-1 for none): record headers only, charts nested in the sheet skipped by their own
    BOF/EOF."""
    last = -1
    depth = 0
    position = start
    end = len(stream)
    while position + 4 <= end:
        code, length = struct.unpack_from("<HH", stream, position)
        data = position + 4
        if code in _BOF:
            depth += 1
        elif code == _EOF:
            depth -= 1
            if depth <= 0:
                break
        elif depth == 1 and code in _VALUE_RECORDS and length >= 2 and data + 2 <= end:
            row = struct.unpack_from("<H", stream, data)[0]
            last = max(last, row)
        position = data + length
    return last


def _value(kind: int, value, datemode: int):
    if kind == XL_CELL_TEXT:
        return value
    if kind == XL_CELL_NUMBER:
        return int(value) if value.is_integer() else value
    if kind == XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value
        if value < 1:  # a time of day with no date, as openpyxl reads it
            return datetime.time(moment.hour, moment.minute, moment.second)
        return moment
    if kind == XL_CELL_BOOLEAN:
        return bool(value)
    if kind == XL_CELL_ERROR:
        return error_text_from_code.get(value, "#ERR!")
    return None
