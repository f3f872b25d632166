"""Figures units reported in their periodic reports, as measures for targets.

A reported target names a report-form field by its code. A unit's figure is the
number in its latest sent report (submitted or accepted) whose period ends within
the target's period: units report running totals ("lũy kế"), so the latest one
stands for the period. A percentage is kept as (value, base 100) so that rolling
it up gives the mean of the units that reported.
"""

from __future__ import annotations

from decimal import Decimal

from common.indicators import Measure, Period, counting_at_end_of

from ..models import UnitReport


def reported_measures(*, code: str, period: Period, percent: bool = False) -> dict[int, Measure]:
    from ..models import ReportValue

    rows = (
        ReportValue.objects.filter(
            field__code=code,
            number__isnull=False,
            report__status__in=UnitReport.SENT,
            report__period__end__range=(period.start, period.end),
        )
        .filter(counting_at_end_of(period, "report__"))  # a voided report stops counting from its void
        .order_by("report__unit", "report__period__end", "report__pk")
        .values_list("report__unit", "number")
    )
    latest: dict[int, Decimal] = {}
    for unit_id, number in rows:
        latest[unit_id] = number  # ordered by period end: the last one wins
    if percent:
        return {unit_id: Measure(value=number, base=Decimal(100)) for unit_id, number in latest.items()}
    return {unit_id: Measure(value=number) for unit_id, number in latest.items()}


def field_choices() -> list[tuple[str, str]]:
    """(code, label) of the numeric fields of every report form, for the target form."""
    from ..models import ReportField

    seen: dict[str, str] = {}
    for code, label, schedule in (
        ReportField.objects.exclude(kind=ReportField.Kind.TEXT)
        .order_by("code", "schedule__name")
        .values_list("code", "label", "schedule__name")
    ):
        seen.setdefault(code, f"{label} ({code}) · {schedule}")
    return sorted(seen.items())
