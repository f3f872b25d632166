"""The plain data every programme app hands to `reports` about its computed indicators.

Each programme app has an `indicators.py` with a module-level list

    INDICATORS: list[Indicator]

Every indicator computes, for a period, one `Measure` per unit that owns records
(the unit the records were made under). `reports` rolls the measures up the union
tree (sums of `value` and of `base`), compares them with a plan's targets and links
a number to the records behind it through `records_url`. `reports` never reads the
apps' tables itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


@dataclass(frozen=True)
class Measure:
    """A count or amount, or a share when `base` is set (`value` of `base`)."""

    value: int | Decimal = 0
    base: int | Decimal | None = None


COUNT = "count"
AMOUNT = "amount"  # VND
RATIO = "ratio"  # value / base, shown as a percentage


@dataclass(frozen=True)
class Indicator:
    code: str  # "<app>.<name>", stable: plans' targets refer to it
    label: str  # lazy Vietnamese text, e.g. "Ý tưởng khởi nghiệp đã nộp"
    kind: str  # COUNT, AMOUNT or RATIO
    unit_label: str  # "ý tưởng", "mô hình", "đồng", "%"
    compute: Callable[[Period], dict[int, Measure]]  # unit id -> measure
    records_url: Callable[[int, Period], str] | None = None  # (unit id, period) -> URL of the records
