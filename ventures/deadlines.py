"""The ventures' deadlines for `reports` (see `common.deadlines`).

Every month each active venture's progress for the previous month is due on
`settings.VENTURE_UPDATE_DUE_DAY` (clamped to the month's last day). The officers of
a unit holding ventures with no update for that month (the unit itself or a unit
above it) owe the updates; the detail says how many of their ventures are missing.
One deadline per such officer's unit (`unit_id`), so a province's staff pages list only
their own units, and nobody is reminded of ventures outside the units they manage.
A due date that has passed stays listed while updates are missing: they can still
be sent, late.
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.scoping import unit_scope_q
from common.deadlines import Deadline, Debtor

from .models import Venture, VentureUpdate

PROGRAMME = "ventures"


def due_date(year: int, month: int) -> datetime.date:
    """When the update of month (year, month) is due: the due day of the next month."""
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(settings.VENTURE_UPDATE_DUE_DAY, last))


def _months_due_between(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
    months = []
    year, month = (start.year - 1, 12) if start.month == 1 else (start.year, start.month - 1)
    while True:
        due = due_date(year, month)
        if due > end:
            break
        if due >= start:
            months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _missing_by_subtree(ventures, months: list[tuple[int, int]]) -> dict[tuple[int, int], dict[str, int]]:
    """For each month, the active ventures with no update for it under each unit path
    (the unit's own and those of every unit below it).

    One query for every month, counted per unit in SQL (a province has hundreds of units
    but may have tens of thousands of ventures); each unit's count is then added to the
    units above it, so an officer's count is one lookup, not a scan of every unit.
    """
    annotations = {}
    for year, month in months:
        next_first = due_date(year, month).replace(day=1)
        reported = VentureUpdate.objects.filter(
            venture=OuterRef("pk"), period_kind=VentureUpdate.PeriodKind.MONTH, year=year, period_number=month
        )
        founded = Q(founded_on__isnull=True) | Q(founded_on__lt=next_first)
        annotations[f"m{year}_{month}"] = Count("pk", filter=founded & ~Exists(reported))
    rows = ventures.filter(status=Venture.Status.ACTIVE).order_by().values("unit__path").annotate(**annotations)
    result: dict[tuple[int, int], dict[str, int]] = {key: {} for key in months}
    for row in rows:
        parts = row["unit__path"].strip("/").split("/")
        prefixes = ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
        for year, month in months:
            count = row[f"m{year}_{month}"]
            if count:
                below = result[(year, month)]
                for prefix in prefixes:
                    below[prefix] = below.get(prefix, 0) + count
    return result


def deadlines(*, start: datetime.date, end: datetime.date, debtor=None, viewer=None) -> list[Deadline]:
    months = _months_due_between(start, end)
    if not months:
        return []
    memberships = Membership.objects.filter(role=Membership.Role.OFFICER, user__is_active=True)
    ventures = Venture.objects.all()
    if debtor is not None:  # only this officer's units, and the ventures under them
        memberships = memberships.filter(user=debtor)
        ventures = ventures.visible_to(debtor)
    if viewer is not None:  # only the officers of units they reach, and the ventures under them
        memberships = memberships.filter(unit_scope_q(viewer))
        ventures = ventures.visible_to(viewer)
    officers = list(
        memberships.values_list("user_id", "unit_id", "unit__path", "unit__name").order_by("unit__path", "user_id")
    )
    if not officers:
        return []
    url = reverse("ventures:venture-list") + "?status=active"
    missing = _missing_by_subtree(ventures, months)
    found = []
    for year, month in months:
        below = missing[(year, month)]
        if not below:
            continue
        by_unit: dict[int, list[Debtor]] = {}
        seen: set[int] = set()
        for user_id, unit_id, path, unit_name in officers:
            count = below.get(path, 0)
            if count and user_id not in seen:
                seen.add(user_id)
                by_unit.setdefault(unit_id, []).append(
                    Debtor(
                        user_id=user_id,
                        detail=_("%(unit)s: %(count)d mô hình chưa cập nhật") % {"unit": unit_name, "count": count},
                    )
                )
        title = _("Cập nhật tiến độ mô hình tháng %(month)02d/%(year)d") % {"month": month, "year": year}
        found.extend(
            Deadline(
                key=f"ventures.monthly:{year}-{month:02d}:{unit_id}",
                programme=PROGRAMME,
                title=title,
                due=due_date(year, month),
                url=url,
                unit_id=unit_id,
                owed_by=tuple(owed_by),
            )
            for unit_id, owed_by in by_unit.items()
        )
    return found
