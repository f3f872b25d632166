"""Loans' indicators for `reports`, per unit the records were made under.

- `loans.groups_good_grade` (RATIO): groups graded "khá" or better for the period's
  years among every group of the unit at the period's end (target 98%, plan-lao-cai
  §III.3): a group not graded has not reached "khá", it is in the base and counted as
  `unknown` ("60 tổ chưa xếp loại");
- `loans.referrals` (COUNT): referrals submitted in the period;
- `loans.amount_approved` (AMOUNT): approved in the period, in đồng;
- `loans.amount_disbursed` (AMOUNT): disbursed in the period, in đồng.
"""

from __future__ import annotations

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.indicators import AMOUNT, COUNT, RATIO, Indicator, Measure, Period, end_of

from .models import GroupGrade, Referral, SavingsGroup


def _good_grades(period: Period) -> dict[int, Measure]:
    """The groups of the period's end, each judged by its latest grade of the period's years.

    A group belongs to the population when it was graded for one of the period's years
    (it existed then), or when it is active and was entered on or before the period's
    end (a group has no founding date of its own)."""
    latest: dict[int, tuple[int, str, int]] = {}  # group id -> (year, grade, unit id)
    for group_id, unit_id, year, grade in (
        GroupGrade.objects.filter(year__gte=period.start.year, year__lte=period.end.year)
        .order_by("year")
        .values_list("group_id", "group__unit_id", "year", "grade")
    ):
        latest[group_id] = (year, grade, unit_id)
    population: dict[int, int] = {group_id: unit_id for group_id, (_y, _g, unit_id) in latest.items()}
    population.update(
        SavingsGroup.objects.filter(is_active=True, created_at__lt=end_of(period))
        .exclude(pk__in=list(latest))
        .values_list("pk", "unit_id")
    )
    measures: dict[int, list[int]] = {}
    for group_id, unit_id in population.items():
        good_base_unknown = measures.setdefault(unit_id, [0, 0, 0])
        good_base_unknown[1] += 1
        if group_id not in latest:
            good_base_unknown[2] += 1
        elif latest[group_id][1] in GroupGrade.GOOD:
            good_base_unknown[0] += 1
    return {
        unit_id: Measure(value=good, base=base, unknown=unknown) for unit_id, (good, base, unknown) in measures.items()
    }


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
        base_label=_("tổ"),
        unknown_label=_("tổ chưa xếp loại"),
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
