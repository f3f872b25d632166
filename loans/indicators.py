"""Loans' indicators for `reports`, per unit the records were made under.

- `loans.groups_good_grade` (RATIO): groups graded "khá" or better among the groups
  graded in the period's years (target 98%, plan-lao-cai §III.3);
- `loans.referrals` (COUNT): referrals submitted in the period;
- `loans.amount_approved` (AMOUNT): approved in the period, in đồng;
- `loans.amount_disbursed` (AMOUNT): disbursed in the period, in đồng.
"""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.indicators import AMOUNT, COUNT, RATIO, Indicator, Measure, Period

from .models import GroupGrade, Referral


def _good_grades(period: Period) -> dict[int, Measure]:
    rows = (
        GroupGrade.objects.filter(year__gte=period.start.year, year__lte=period.end.year)
        .values("group__unit_id")
        .order_by()
        .annotate(total=Count("pk"), good=Count("pk", filter=Q(grade__in=GroupGrade.GOOD)))
    )
    return {row["group__unit_id"]: Measure(value=row["good"], base=row["total"]) for row in rows}


def _referrals(period: Period) -> dict[int, Measure]:
    rows = (
        Referral.objects.filter(submitted_on__range=(period.start, period.end))
        .values("unit_id")
        .order_by()
        .annotate(n=Count("pk"))
    )
    return {row["unit_id"]: Measure(value=row["n"]) for row in rows}


def _amount(date_field: str, amount_field: str):
    def compute(period: Period) -> dict[int, Measure]:
        rows = (
            Referral.objects.filter(**{f"{date_field}__range": (period.start, period.end)})
            .values("unit_id")
            .order_by()
            .annotate(total=Sum(amount_field))
        )
        return {row["unit_id"]: Measure(value=row["total"] or 0) for row in rows}

    return compute


def _referrals_url(unit_id: int, period: Period) -> str:
    return (
        reverse("loans:referral-list")
        + f"?unit={unit_id}&date_from={period.start:%Y-%m-%d}&date_to={period.end:%Y-%m-%d}"
    )


def _groups_url(unit_id: int, period: Period) -> str:
    return reverse("loans:group-list") + f"?unit={unit_id}&year={period.end.year}"


INDICATORS: list[Indicator] = [
    Indicator(
        code="loans.groups_good_grade",
        label=_("Tổ tiết kiệm và vay vốn xếp loại khá trở lên"),
        kind=RATIO,
        unit_label="%",
        compute=_good_grades,
        records_url=_groups_url,
    ),
    Indicator(
        code="loans.referrals",
        label=_("Hồ sơ giới thiệu vay vốn"),
        kind=COUNT,
        unit_label=_("hồ sơ"),
        compute=_referrals,
        records_url=_referrals_url,
    ),
    Indicator(
        code="loans.amount_approved",
        label=_("Số tiền vay được phê duyệt"),
        kind=AMOUNT,
        unit_label=_("đồng"),
        compute=_amount("approved_on", "approved_amount"),
        records_url=_referrals_url,
    ),
    Indicator(
        code="loans.amount_disbursed",
        label=_("Số tiền vay đã giải ngân"),
        kind=AMOUNT,
        unit_label=_("đồng"),
        compute=_amount("disbursed_on", "disbursed_amount"),
        records_url=_referrals_url,
    ),
]
