"""Money and date formatting the way Vietnamese documents write them."""

from __future__ import annotations

import datetime


def format_vnd(amount: int | float | None, *, symbol: bool = True) -> str:
    """1500000 -> '1.500.000 ₫' (dots group thousands, the đồng sign after a space)."""
    if amount is None or amount == "":
        return ""
    grouped = f"{round(amount):,}".replace(",", ".")
    return f"{grouped}\u00a0₫" if symbol else grouped


def format_date(value: datetime.date | datetime.datetime | None) -> str:
    """dd/mm/yyyy, as on every Vietnamese form."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")
