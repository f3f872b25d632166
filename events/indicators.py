"""Computed indicators of events and training, read by `reports` (see `common.indicators`).

- `events.youth_trained`: distinct people trained in startup skills (the 897/QĐ-TTg
  target), counted as `selectors.trained_people` explains: one person once per period,
  for the unit of their first training in it;
- `events.events_held`: published events that took place, by organising unit;
- `events.schools_with_club`: per school unit, 1 of 1 when an active startup club meets
  there, 0 of 1 otherwise, so rolling up the tree gives the share of schools with a club.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from common.indicators import COUNT, RATIO, Indicator, Measure, Period

from . import selectors


def youth_trained(period: Period) -> dict[int, Measure]:
    counts = selectors.youth_trained_by_unit(start=period.start, end=period.end)
    return {unit_id: Measure(value=n) for unit_id, n in counts.items()}


def events_held(period: Period) -> dict[int, Measure]:
    counts = selectors.events_held_by_unit(start=period.start, end=period.end)
    return {unit_id: Measure(value=n) for unit_id, n in counts.items()}


def schools_with_club(period: Period) -> dict[int, Measure]:
    table = selectors.schools_with_club(on=period.end)
    return {unit_id: Measure(value=int(has), base=1) for unit_id, has in table.items()}


def _trained_url(_unit_id: int, period: Period) -> str:
    return f"{reverse('events:trained')}?{urlencode({'year': period.start.year})}"


def _events_url(_unit_id: int, period: Period) -> str:
    return f"{reverse('events:event-list')}?{urlencode({'year': period.start.year})}"


def _clubs_url(_unit_id: int, _period: Period) -> str:
    return reverse("events:club-list")


INDICATORS: list[Indicator] = [
    Indicator(
        code="events.youth_trained",
        label=_("Thanh niên được tập huấn kiến thức khởi nghiệp"),
        kind=COUNT,
        unit_label=_("người"),
        compute=youth_trained,
        records_url=_trained_url,
    ),
    Indicator(
        code="events.events_held",
        label=_("Sự kiện, diễn đàn, lớp tập huấn đã tổ chức"),
        kind=COUNT,
        unit_label=_("sự kiện"),
        compute=events_held,
        records_url=_events_url,
    ),
    Indicator(
        code="events.schools_with_club",
        label=_("Trường có câu lạc bộ khởi nghiệp"),
        kind=RATIO,
        unit_label="%",
        compute=schools_with_club,
        records_url=_clubs_url,
        base_label=_("trường"),
    ),
]
