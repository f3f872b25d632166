"""The events app's deadlines for `reports` (see `common.deadlines`).

An event that has ended owes its attendance: the organising unit checks people in at
the door or imports the sign-in sheet, then closes attendance. Due three days after
the event ends. Debtors are the staff of the organising unit (never another unit's
staff), or its officers when it has no staff. Once attendance is closed (the import closes it
too), the event is no longer listed.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.scoping import unit_scope_q
from accounts.selectors import officer_ids_by_unit
from common.deadlines import Deadline, Debtor

from .models import Event

PROGRAMME = "events"
ATTENDANCE_DUE_AFTER = datetime.timedelta(days=3)


def _staff_ids_by_unit(unit_ids) -> dict[int, list[int]]:
    rows = Membership.objects.filter(
        unit_id__in=list(unit_ids), role=Membership.Role.STAFF, user__is_active=True
    ).values_list("unit_id", "user_id")
    result: dict[int, list[int]] = {}
    for unit_id, user_id in rows:
        result.setdefault(unit_id, []).append(user_id)
    return result


def deadlines(*, start: datetime.date, end: datetime.date, viewer=None) -> list[Deadline]:
    now = timezone.now()
    # Events ending between start - 3 days and end - 3 days are due in [start, end].
    events = Event.objects.filter(
        status=Event.Status.PUBLISHED,
        attendance_closed_at__isnull=True,
        ends_at__lte=now,
        ends_at__date__gte=start - ATTENDANCE_DUE_AFTER - datetime.timedelta(days=1),
        ends_at__date__lte=end,
    )
    if viewer is not None:  # only their units' events
        events = events.filter(unit_scope_q(viewer))
    events = list(events.select_related("unit"))
    unit_ids = {e.unit_id for e in events}
    officers = officer_ids_by_unit(unit_ids)
    staff = _staff_ids_by_unit(unit_ids)
    found = []
    for event in events:
        due = timezone.localtime(event.ends_at).date() + ATTENDANCE_DUE_AFTER
        if not start <= due <= end:
            continue
        # The unit that organised the event owes it: its staff when it has any (a province,
        # the national unit, a school running its own programmes), else its officers.
        debtors = staff.get(event.unit_id) or officers.get(event.unit_id, [])
        detail = _("%(event)s: chưa chốt điểm danh") % {"event": event.title}
        found.append(
            Deadline(
                key=f"events.attendance:{event.pk}:{due:%Y%m%d}",
                programme=PROGRAMME,
                title=_("Ghi điểm danh sự kiện %(event)s") % {"event": event.title},
                due=due,
                url=event.get_absolute_url(),
                unit_id=event.unit_id,
                owed_by=tuple(Debtor(user_id=uid, detail=detail) for uid in debtors),
                owner_path=event.unit.path,
            )
        )
    return found
