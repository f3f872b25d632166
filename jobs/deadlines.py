"""Deadlines of the jobs app for `reports`: schools owing this year's career counselling.

Plan-son-la-2021 §VI.2: every high school and continuing-education centre union holds
at least one career-counselling activity a year. The portal counts the calendar year,
so the deadline is 31/12; a school is done once one session dated in that year is
recorded. The officers of the school unit and of the unit directly above it owe it.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Unit
from accounts.scoping import unit_scope_q
from accounts.selectors import officer_ids_by_unit
from common.deadlines import Deadline, Debtor

from .models import CounsellingSession


def counselling_due(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def deadlines(*, start: datetime.date, end: datetime.date, viewer=None) -> list[Deadline]:
    result: list[Deadline] = []
    units = Unit.objects.filter(unit_scope_q(viewer, lookup="")) if viewer is not None else Unit.objects.all()
    for year in range(start.year, end.year + 1):
        due = counselling_due(year)
        if not start <= due <= end:
            continue
        held = CounsellingSession.objects.in_year(year).values("school_id")
        schools = list(units.active(due).filter(kind=Unit.Kind.SCHOOL).exclude(pk__in=held).order_by("path"))
        officers = officer_ids_by_unit({s.pk for s in schools} | {s.parent_id for s in schools if s.parent_id})
        url = reverse("jobs:counselling-list") + f"?year={year}"
        for school in schools:
            user_ids = dict.fromkeys([*officers.get(school.pk, []), *officers.get(school.parent_id, [])])
            detail = _("%(school)s: chưa có buổi tư vấn hướng nghiệp năm %(year)s") % {
                "school": school.name,
                "year": year,
            }
            result.append(
                Deadline(
                    key=f"jobs.counselling:{year}:{school.pk}",
                    programme=_("Việc làm"),
                    title=_("Tư vấn hướng nghiệp năm %(year)s tại %(school)s") % {"year": year, "school": school.name},
                    due=due,
                    url=url,
                    unit_id=school.pk,
                    owed_by=tuple(Debtor(user_id=user_id, detail=detail) for user_id in user_ids),
                )
            )
    return result
