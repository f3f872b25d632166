"""The contest's deadlines for `reports` (see `common.deadlines`).

- each open contest's submission close, per unit under the contest's owner below its minimum of ideas (a unit
  granted an extension owes by its own later date); debtors are the unit's officers;
- each open scoring round's end, with the judges who still have unscored entries.

A deadline that has passed is left out: the contest no longer takes entries, nor the
round scores, so nobody can still do the work. The due date is part of the key, so a
moved deadline (an extension, a round pushed back) reminds again on its own dates.
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Unit
from accounts.scoping import owner_scope_q, unit_scope_q
from accounts.selectors import officer_ids_by_unit
from common.deadlines import Deadline, Debtor, effective_deadline, owner_subtree_q

from .models import Assignment, Contest, Entry, Judge, Round, UnitExtension
from .selectors.entries import QUOTA_UNIT_KINDS

PROGRAMME = "competitions"


def deadlines(*, start: datetime.date, end: datetime.date, viewer=None, debtor=None) -> list[Deadline]:
    """With `debtor`, only the quotas of the units they are an officer of and the rounds
    they judge (a home page asks only for its visitor's debts)."""
    now = timezone.now()
    return _quota_deadlines(start=start, end=end, now=now, viewer=viewer, debtor=debtor) + _scoring_deadlines(
        start=start, end=end, now=now, viewer=viewer, debtor=debtor
    )


def _quota_deadlines(*, start, end, now, viewer, debtor=None) -> list[Deadline]:
    found: list[Deadline] = []
    contests = Contest.objects.filter(status=Contest.Status.OPEN, submission_opens_at__lte=now).select_related("owner")
    units_seen = Unit.objects.all()
    if debtor is not None:
        units_seen = units_seen.filter(
            pk__in=Membership.objects.filter(user=debtor, role=Membership.Role.OFFICER).values("unit_id")
        )
    if viewer is not None:  # only the contests they see, and their units
        contests = contests.filter(owner_scope_q(viewer))
        units_seen = units_seen.filter(unit_scope_q(viewer, lookup=""))
    contests = list(contests)
    # Every contest's extensions in one query: most contests are not due in the window.
    extensions_of: dict[int, dict[int, datetime.datetime]] = {}
    for contest_id, unit_id, until in UnitExtension.objects.filter(contest__in=contests).values_list(
        "contest_id", "unit_id", "until"
    ):
        extensions_of.setdefault(contest_id, {})[unit_id] = until
    for contest in contests:
        extensions = extensions_of.get(contest.pk, {})
        latest = max([contest.submission_closes_at, *extensions.values()])
        if latest < now or timezone.localtime(latest).date() < start:
            continue
        counted = dict(
            Entry.objects.filter(contest=contest, **({"unit__in": units_seen} if debtor is not None else {}))
            .counting_for_quota()
            .values("unit")
            .annotate(n=Count("pk"))
            .values_list("unit", "n")
        )
        # Only the units under the unit that runs the contest owe it ideas.
        units = units_seen.active(timezone.localdate(now)).filter(
            owner_subtree_q(contest.owner), kind__in=QUOTA_UNIT_KINDS
        )
        behind = [unit for unit in units if counted.get(unit.pk, 0) < contest.min_entries_per_unit]
        officers = officer_ids_by_unit([unit.pk for unit in behind])
        url = reverse("competitions:contest-detail", kwargs={"pk": contest.pk})
        for unit in behind:
            closes_at = effective_deadline(contest.submission_closes_at, extensions.get(unit.pk))
            due = timezone.localtime(closes_at).date()
            if closes_at < now or not start <= due <= end:
                continue
            detail = _("%(unit)s: %(count)d/%(minimum)d ý tưởng") % {
                "unit": unit.name,
                "count": counted.get(unit.pk, 0),
                "minimum": contest.min_entries_per_unit,
            }
            found.append(
                Deadline(
                    key=f"competitions.quota:{contest.pk}:{unit.pk}:{due:%Y%m%d}",
                    programme=PROGRAMME,
                    title=_("Nộp ý tưởng dự thi %(contest)s") % {"contest": contest.name},
                    due=due,
                    url=url,
                    unit_id=unit.pk,
                    owed_by=tuple(Debtor(user_id=uid, detail=detail) for uid in officers.get(unit.pk, [])),
                    owner_path=contest.owner.path,
                )
            )
    return found


def _scoring_deadlines(*, start, end, now, viewer, debtor=None) -> list[Deadline]:
    found: list[Deadline] = []
    rounds = Round.objects.filter(
        kind=Round.Kind.SCORING, status=Round.Status.OPEN, opens_at__lte=now, closes_at__gte=now
    ).select_related("contest__owner")
    if viewer is not None:
        rounds = rounds.filter(owner_scope_q(viewer, lookup="contest__owner"))
    due_on = {round: timezone.localtime(round.closes_at).date() for round in rounds}
    due_on = {round: due for round, due in due_on.items() if start <= due <= end}
    # Unscored assignments of every round due, per judge, and those judges: two queries.
    pending: dict[int, dict[int, int]] = {}
    for round_id, judge_id, count in (
        Assignment.objects.filter(round__in=list(due_on), **({"judge__user": debtor} if debtor is not None else {}))
        .exclude(status__in=[Assignment.Status.SUBMITTED, Assignment.Status.ABSTAINED])
        .values("round", "judge")
        .annotate(n=Count("pk"))
        .values_list("round", "judge", "n")
    ):
        pending.setdefault(round_id, {})[judge_id] = count
    judge_ids = {judge_id for counts in pending.values() for judge_id in counts}
    judges = list(Judge.objects.filter(pk__in=judge_ids, user__is_active=True).values_list("pk", "user_id"))
    for round, due in due_on.items():
        counts = pending.get(round.pk, {})
        owed_by = tuple(
            Debtor(user_id=user_id, detail=_("%(count)d bài chưa chấm") % {"count": counts[judge_id]})
            for judge_id, user_id in judges
            if judge_id in counts
        )
        if not owed_by:
            continue
        found.append(
            Deadline(
                key=f"competitions.scoring:{round.pk}:{due:%Y%m%d}",
                programme=PROGRAMME,
                title=_("Chấm %(round)s – %(contest)s") % {"round": round.name, "contest": round.contest.name},
                due=due,
                url=reverse("competitions:judge-round", kwargs={"round_pk": round.pk}),
                owed_by=owed_by,
                owner_path=round.contest.owner.path,
            )
        )
    return found
