"""What an import makes of a cell, whichever program saved the file.

Spreadsheets turn what people type into numbers and dates: a phone 0912345678 becomes
the number 912345678, a CCCD loses its leading zeros, "5" may come back as 5.0. Every
import reads cells through these, so the same file reads the same in every app.
"""

from __future__ import annotations

import datetime


def cell_text(value) -> str:
    """The cell as text: whole numbers without ".0", dates as dd/mm/yyyy, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y" if value.time() == datetime.time.min else "%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def cell_words(value) -> str:
    """`cell_text` with every run of spaces and line breaks made one space (names, codes)."""
    return " ".join(cell_text(value).split())


def digits_from_number(value, *, width: int) -> str:
    """A CCCD or phone typed into a spreadsheet as a number loses its leading zero(s)
    (014199001234 becomes 14199001234); restore them. Text cells give ""."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    if isinstance(value, float) and not value.is_integer():
        return ""
    digits = str(int(value))
    return digits.zfill(width) if len(digits) < width else digits


def phone_from_cell(value) -> str:
    """A phone as typed: a number gets its leading 0 back, text is kept as written."""
    return digits_from_number(value, width=10) or cell_words(value)
