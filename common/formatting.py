"""Money and date formatting the way Vietnamese documents write them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def format_vnd(amount: int | float | None, *, symbol: bool = True) -> str:
    """1500000 -> '1.500.000 ₫' (dots group thousands, the đồng sign after a space)."""
    if amount is None or amount == "":
        return ""
    grouped = f"{round(amount):,}".replace(",", ".")
    return f"{grouped}\u00a0₫" if symbol else grouped


def format_decimal(value: Decimal | int | None) -> str:
    """Decimal(18.50) -> '18,5' in Vietnamese ('18.5' in English): the language's decimal
    separator, no trailing zeros, no thousands grouping (what a person would type back)."""
    if value is None or value == "":
        return ""
    text = format(Decimal(value).normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def format_date(value: datetime.date | datetime.datetime | None) -> str:
    """dd/mm/yyyy, as on every Vietnamese form."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def vietnamese_date(day: datetime.date) -> str:
    """A date as Vietnamese administrative documents write it: "ngày 05 tháng 02 năm 2026".

    Days below 10 and the months 1 and 2 take a leading zero (Decree 30/2020/NĐ-CP).
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("ngày %(day)s tháng %(month)s năm %(year)s") % {"day": f"{day.day:02d}", "month": month, "year": day.year}


def format_moment(value: datetime.datetime | None, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """A moment in the portal's time zone, "–" when there is none (admin columns)."""
    return timezone.localtime(value).strftime(pattern) if value else "–"
