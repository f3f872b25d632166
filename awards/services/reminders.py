"""Reminders the award programmes send by themselves, run daily by Celery beat.

Each reminder is a notification keyed by programme, unit and the reminder's stage,
so running the job twice, or on two workers at once, sends nothing twice.
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Unit
from common.models import Notification
from common.reminders import reminder_stage
from common.services import notification_create

from ..models import AwardProgramme, Nomination

# Days before the nomination deadline on which units with unsent drafts are reminded.
REMINDER_DAYS = (7, 3, 1)


def nomination_drafts_remind(*, now: datetime.datetime | None = None) -> int:
    """Remind the officers of units with unsent drafts 7, 3 and 1 days before the deadline.

    Each reminder is keyed by programme, unit and stage, so running the job twice,
    or on two workers at once, sends nothing twice. Returns how many officers were
    reminded in this run's stage (new or not).
    """
    now = now or timezone.now()
    reminded = 0
    programmes = AwardProgramme.objects.filter(
        status=AwardProgramme.Status.NOMINATING, nomination_opens_at__lte=now, nomination_closes_at__gt=now
    )
    for programme in programmes:
        stage = reminder_stage(programme.nomination_closes_at, now, REMINDER_DAYS)
        if stage is None:
            continue
        drafts = dict(
            Nomination.objects.filter(programme=programme, status=Nomination.Status.DRAFT)
            .values("unit")
            .annotate(n=Count("pk"))
            .values_list("unit", "n")
        )
        if not drafts:
            continue
        units = {unit.pk: unit for unit in Unit.objects.filter(pk__in=drafts)}
        officers = Membership.objects.filter(
            unit_id__in=drafts, role=Membership.Role.OFFICER, user__is_active=True
        ).select_related("user")
        url = programme.get_absolute_url()
        deadline = timezone.localtime(programme.nomination_closes_at)
        for membership in officers:
            unit = units[membership.unit_id]
            notification_create(
                recipient=membership.user,
                key=f"awards.drafts:{programme.pk}:{unit.pk}:{stage}",
                title=_("%(unit)s còn %(count)d hồ sơ đề nghị tuyên dương chưa gửi")
                % {"unit": unit.name, "count": drafts[unit.pk]},
                body=_("%(programme)s: hạn gửi hồ sơ %(deadline)s.")
                % {"programme": programme.name, "deadline": deadline.strftime("%H:%M %d/%m/%Y")},
                url=url,
                level=Notification.Level.TODO,
                due_on=deadline.date(),
                send_email=True,
            )
            reminded += 1
    return reminded
