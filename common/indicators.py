"""The plain data every programme app hands to `reports` about its computed indicators.

Each programme app has an `indicators.py` with a module-level list

    INDICATORS: list[Indicator]

Every indicator computes, for a period, one `Measure` per unit that owns records
(the unit the records were made under). `reports` rolls the measures up the union
tree (sums of `value`, `base` and `unknown`), compares them with a plan's targets and
links a number to the records behind it through `records_url`. `reports` never reads
the apps' tables itself.

Two rules every `compute` keeps (DESIGN §5):

- a record counts by the date of the fact it measures (entry sent, round decided,
  prize awarded, nomination decided, loan step, certificate issued, check-in, grade
  year, venture founded), never by when its row was written, so a report of a past
  period made today says what it said then; a state ("active groups", "cooperatives
  still running") is the state on `period.end`;
- a share (RATIO) counts the whole population the target names in its `base`: a
  savings group not graded yet is in the base and not in the value, and `unknown`
  says how many of the base have no figure yet ("60 tổ chưa xếp loại").
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


@dataclass(frozen=True)
class Measure:
    """A count or amount, or a share when `base` is set (`value` of `base`).

    `unknown` (shares only): how many of the base have no figure yet (ungraded groups);
    they are in the base and not in the value.
    """

    value: int | Decimal = 0
    base: int | Decimal | None = None
    unknown: int | Decimal | None = None


def end_of(period: Period) -> datetime.datetime:
    """The first moment after the period (local time): `field__lt=end_of(period)` keeps
    the moments of its last day."""
    return timezone.make_aware(datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min))


def counting_at_end_of(period: Period, prefix: str = ""):
    """Rows not voided by the period's end: a voided record stops counting from the day
    it was voided, and still counts in the periods that ended before (DESIGN §5).

    `prefix` reaches the voidable row through a relation (`"event__"`).
    """
    from django.db.models import Q

    return Q(**{f"{prefix}voided_at__isnull": True}) | Q(**{f"{prefix}voided_at__gte": end_of(period)})


def start_of(period: Period) -> datetime.datetime:
    """The first moment of the period (local time)."""
    return timezone.make_aware(datetime.datetime.combine(period.start, datetime.time.min))


def sent_and_counting_on_period_end(queryset, period: Period, *, counting: list[str], withdrawn: str, draft: str):
    """Records sent in the period (`submitted_at`) that still counted on its last day.

    A record counts if its status counts now; or if it is withdrawn now but its history
    shows no withdrawal between the moment it was sent and the period's end; or if it is a
    draft again because it was withdrawn (then reopened) only after the period ended. So a
    report for a past period made today says what it said then. One query, whatever the
    number of records.
    """
    from django.db.models import Exists, OuterRef, Q

    end = end_of(period)
    withdrawals = queryset.model.history.model._default_manager.filter(id=OuterRef("pk"), status=withdrawn)
    withdrawn_in_period = Exists(withdrawals.filter(history_date__gte=OuterRef("submitted_at"), history_date__lt=end))
    withdrawn_after = Exists(withdrawals.filter(history_date__gte=end))
    return queryset.filter(submitted_at__gte=start_of(period), submitted_at__lt=end).filter(
        Q(status__in=counting)
        | (Q(status=withdrawn) & ~withdrawn_in_period)
        | (Q(status=draft) & withdrawn_after & ~withdrawn_in_period)
    )


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
    base_label: str = ""  # RATIO: what the base counts, e.g. "tổ", "trường" ("1/61 tổ")
    unknown_label: str = ""  # RATIO: the base's members with no figure, e.g. "tổ chưa xếp loại"
