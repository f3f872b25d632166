"""The unit reports' own deadlines, in the shape every app gives them (`common.deadlines`).

`reports.sources` skips the `reports` app, so `reminders.gather` adds these explicitly.
One deadline per (period, unit) still owing: a unit that has sent its report (waiting
for review or accepted) is done; a draft or a returned report still owes.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Membership, Unit
from accounts.scoping import owner_scope_q, unit_scope_q
from accounts.selectors import officer_ids_by_unit
from common.deadlines import Deadline, Debtor, owner_subtree_q

from ..models import ReportingPeriod, UnitReport

PROGRAMME = "reports"


def deadline_key(period_id: int, unit_id: int) -> str:
    return f"reports.unit:{period_id}:{unit_id}"


def owing(
    *, start: datetime.date, end: datetime.date, viewer=None, debtor=None
) -> list[tuple[ReportingPeriod, Unit, UnitReport | None]]:
    """(period, unit, report or None) for every unit that has not sent a report due in [start, end];
    with `viewer`, only of the schedules they see and the units they reach; with `debtor`,
    only of the units where they are an officer (those whose reports they owe)."""
    periods = ReportingPeriod.objects.filter(due__gte=start, due__lte=end, schedule__is_active=True)
    units = Unit.objects.all()
    if debtor is not None:
        units = units.filter(
            pk__in=Membership.objects.filter(user=debtor, role=Membership.Role.OFFICER).values("unit_id")
        )
    if viewer is not None:
        periods = periods.filter(owner_scope_q(viewer, lookup="schedule__owner"))
        units = units.filter(unit_scope_q(viewer, lookup=""))
    periods = list(periods.select_related("schedule__owner"))
    if not periods:
        return []
    kinds = {kind for period in periods for kind in period.schedule.unit_kinds}
    # Only units under the schedules' owners report to them (`reports_from` checks each).
    under_owners = Q(pk__in=[])
    for owner in {period.schedule.owner for period in periods}:
        under_owners |= owner_subtree_q(owner)
    units = list(units.filter(under_owners, kind__in=kinds).order_by("path"))
    reports = UnitReport.objects.filter(period__in=periods)
    if debtor is not None:
        reports = reports.filter(unit__in=[unit.pk for unit in units])
    if viewer is not None:
        reports = reports.filter(unit_scope_q(viewer))
    by_key = {(r.period_id, r.unit_id): r for r in reports.only("pk", "period_id", "unit_id", "status")}
    found = []
    for period in periods:
        for unit in units:
            # Whoever owns the schedule: its units are those of its kinds below its owner.
            if not period.schedule.reports_from(unit) or not unit.is_active_on(period.end):
                continue
            report = by_key.get((period.pk, unit.pk))
            if report is not None and report.status in UnitReport.SENT:
                continue
            found.append((period, unit, report))
    return found


def deadlines(*, start: datetime.date, end: datetime.date, viewer=None, debtor=None) -> list[Deadline]:
    rows = owing(start=start, end=end, viewer=viewer, debtor=debtor)
    officers = officer_ids_by_unit({unit.pk for _period, unit, _report in rows})
    result = []
    titles: dict[int, str] = {}
    urls: dict[int, str] = {}
    # Worded once per run, not per unit and period (a national run words 250,000 of them).
    returned = _("%(unit)s: báo cáo bị trả lại, cần sửa và gửi lại")
    draft = _("%(unit)s: báo cáo còn là bản nháp")
    missing = _("%(unit)s: chưa gửi báo cáo")
    for period, unit, report in rows:
        if period.pk not in titles:
            # Schedules are named as staff write them ("Báo cáo quý …"): no prefix added.
            titles[period.pk] = f"{period.schedule.name} – {period.label}"
            # One reverse() per period: 10,000 deadlines a run would otherwise cost one each.
            urls[period.pk] = reverse("reports:periodic-fill", kwargs={"period_pk": period.pk, "unit_pk": 999999999})
        if report is not None and report.status == UnitReport.Status.RETURNED:
            detail = returned % {"unit": unit.name}
        elif report is not None:
            detail = draft % {"unit": unit.name}
        else:
            detail = missing % {"unit": unit.name}
        result.append(
            Deadline(
                key=deadline_key(period.pk, unit.pk),
                programme=PROGRAMME,
                title=titles[period.pk],
                due=period.due,
                url=urls[period.pk].replace("999999999", str(unit.pk)),
                unit_id=unit.pk,
                owed_by=tuple(Debtor(user_id=uid, detail=detail) for uid in officers.get(unit.pk, [])),
                owner_path=period.schedule.owner.path,
            )
        )
    return result
