"""Reminders the contest sends by itself, run daily by Celery beat.

Each reminder is a notification keyed by contest (or round), unit (or judge) and the
reminder's stage, so running the job twice, or on two workers at once, sends
nothing twice.
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Unit
from common.models import Notification
from common.reminders import reminder_stage
from common.services import notification_create

from ..models import Assignment, Contest, Entry, Judge, Round, UnitExtension
from ..selectors.entries import QUOTA_UNIT_KINDS

# Days before a deadline on which the people who still owe work are reminded.
REMINDER_DAYS = (7, 3, 1)


def contest_quota_remind(*, now: datetime.datetime | None = None) -> int:
    """Remind the officers of every unit below its minimum as the deadline nears.

    A unit with an extension is reminded against its own deadline. Returns how many
    officers were reminded (first time or not: the notification itself is unique).
    """
    now = now or timezone.now()
    reminded = 0
    for contest in Contest.objects.filter(status=Contest.Status.OPEN, submission_opens_at__lte=now):
        extensions = dict(UnitExtension.objects.filter(contest=contest).values_list("unit_id", "until"))
        counted = dict(
            Entry.objects.filter(contest=contest)
            .counting_for_quota()
            .values("unit")
            .annotate(n=Count("pk"))
            .values_list("unit", "n")
        )
        url = reverse("competitions:contest-detail", kwargs={"pk": contest.pk})
        units = Unit.objects.active(timezone.localdate(now)).filter(kind__in=QUOTA_UNIT_KINDS)
        behind = {unit.pk: unit for unit in units if counted.get(unit.pk, 0) < contest.min_entries_per_unit}
        officers = Membership.objects.filter(
            unit_id__in=behind, role=Membership.Role.OFFICER, user__is_active=True
        ).select_related("user")
        for membership in officers:
            unit = behind[membership.unit_id]
            deadline = max(contest.submission_closes_at, extensions.get(unit.pk, contest.submission_closes_at))
            stage = reminder_stage(deadline, now, REMINDER_DAYS)
            if stage is None:
                continue
            notification_create(
                recipient=membership.user,
                key=f"competitions.quota:{contest.pk}:{unit.pk}:{stage}",
                title=_("%(unit)s mới nộp %(count)d/%(minimum)d ý tưởng cho %(contest)s")
                % {
                    "unit": unit.name,
                    "count": counted.get(unit.pk, 0),
                    "minimum": contest.min_entries_per_unit,
                    "contest": contest.name,
                },
                body=_("Hạn nộp bài: %(deadline)s. Kế hoạch yêu cầu mỗi đơn vị ít nhất %(minimum)d ý tưởng.")
                % {
                    "deadline": timezone.localtime(deadline).strftime("%H:%M %d/%m/%Y"),
                    "minimum": contest.min_entries_per_unit,
                },
                url=url,
                level=Notification.Level.TODO,
                due_on=timezone.localtime(deadline).date(),
                send_email=True,
            )
            reminded += 1
    return reminded


def judge_scoring_remind(*, now: datetime.datetime | None = None) -> int:
    """Remind each judge with scorecards still open as a scoring round's end nears."""
    now = now or timezone.now()
    reminded = 0
    rounds = Round.objects.filter(kind=Round.Kind.SCORING, status=Round.Status.OPEN, opens_at__lte=now)
    for round in rounds.select_related("contest"):
        stage = reminder_stage(round.closes_at, now, REMINDER_DAYS)
        if stage is None:
            continue
        pending = dict(
            Assignment.objects.filter(round=round)
            .exclude(status__in=[Assignment.Status.SUBMITTED, Assignment.Status.ABSTAINED])
            .values("judge")
            .annotate(n=Count("pk"))
            .values_list("judge", "n")
        )
        url = reverse("competitions:judge-round", kwargs={"round_pk": round.pk})
        for judge in Judge.objects.filter(pk__in=pending).select_related("user"):
            notification_create(
                recipient=judge.user,
                key=f"competitions.scoring:{round.pk}:{judge.pk}:{stage}",
                title=_("%(round)s: còn %(count)d bài chưa chấm") % {"round": round.name, "count": pending[judge.pk]},
                body=_("Vòng chấm kết thúc lúc %(end)s.")
                % {"end": timezone.localtime(round.closes_at).strftime("%H:%M %d/%m/%Y")},
                url=url,
                level=Notification.Level.TODO,
                due_on=timezone.localtime(round.closes_at).date(),
                send_email=True,
            )
            reminded += 1
    return reminded


__all__ = ["REMINDER_DAYS", "contest_quota_remind", "judge_scoring_remind"]
