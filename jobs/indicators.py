"""Indicators of the jobs app for `reports`.

- schools with career counselling: per school unit, 1 of 1 when it held a session in
  the period (rolled up, "schools with a session / schools");
- hires at job fairs, per organising unit, by the date of hire;
- seekers checked in at job fairs, per organising unit, by the check-in date.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from common.indicator_counts import count_by_unit
from common.indicators import COUNT, RATIO, Indicator, Measure, Period, counting_at_end_of, end_of, start_of

from .models import Application, CounsellingSession, JobSeeker


def schools_counselled(period: Period) -> dict[int, Measure]:
    held = set(
        CounsellingSession.objects.filter(held_on__range=(period.start, period.end)).values_list(
            "school_id", flat=True
        )
    )
    schools = Unit.objects.active(period.end).filter(kind=Unit.Kind.SCHOOL).values_list("pk", flat=True)
    return {pk: Measure(value=1 if pk in held else 0, base=1) for pk in schools}


def hires(period: Period) -> dict[int, Measure]:
    return count_by_unit(
        Application.objects.hired()
        .filter(hired_at__gte=start_of(period), hired_at__lt=end_of(period))
        .filter(counting_at_end_of(period, "seeker__fair__")),  # an archived fair stops counting then
        unit="seeker__fair__unit_id",
    )


def seekers_checked_in(period: Period) -> dict[int, Measure]:
    return count_by_unit(
        JobSeeker.objects.filter(checked_in_at__gte=start_of(period), checked_in_at__lt=end_of(period)).filter(
            counting_at_end_of(period, "fair__")
        ),
        unit="fair__unit_id",
    )


def _fairs_url(unit_id: int, period: Period) -> str:
    return reverse("jobs:statistics") + f"?year={period.start.year}&unit={unit_id}"


def _counselling_url(unit_id: int, period: Period) -> str:
    return reverse("jobs:counselling-list") + f"?year={period.start.year}&school={unit_id}"


INDICATORS: list[Indicator] = [
    Indicator(
        code="jobs.schools_counselled",
        label=_("Trường tổ chức tư vấn hướng nghiệp"),
        kind=RATIO,
        unit_label="%",
        compute=schools_counselled,
        records_url=_counselling_url,
        base_label=_("trường"),
    ),
    Indicator(
        code="jobs.hires",
        label=_("Thanh niên được tuyển dụng tại ngày hội việc làm"),
        kind=COUNT,
        unit_label=_("người"),
        compute=hires,
        records_url=_fairs_url,
    ),
    Indicator(
        code="jobs.seekers_checked_in",
        label=_("Thanh niên tham dự ngày hội việc làm"),
        kind=COUNT,
        unit_label=_("người"),
        compute=seekers_checked_in,
        records_url=_fairs_url,
    ),
]
