"""What the journeys need on top of the demo province, made through the apps' services.

The demo is left as `load_demo` makes it; these helpers only read it, or move it on the
way staff would (screen entries, open a round, assign a judge, open the council).
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone


def user(username: str):
    return get_user_model().objects.get(username=username)


# The demo's objects by what they are, never by a year: the demo names this year's editions
# after the day it is loaded, so a journey reads their names back instead of spelling them.


def current_contest():
    """This year's contest of Sơn La, open for entries (the national round is open too, when loaded)."""
    from competitions.models import Contest

    return Contest.objects.get(status=Contest.Status.OPEN, owner__code="tinh-doan-son-la")


def current_award_programme():
    """This year's award call of Sơn La, taking nominations (Lai Châu has its own)."""
    from awards.models import AwardProgramme

    return AwardProgramme.objects.get(status=AwardProgramme.Status.NOMINATING, owner__code="tinh-doan-son-la")


def ocop_cycle_name() -> str:
    """The OCOP cycle of the year the demo was loaded in."""
    from ocop.models import Cycle

    return (
        Cycle.objects.filter(owner__code="tinh-doan-son-la").order_by("-year").values_list("name", flat=True).first()
    )


def online_fair_name() -> str:
    """The upcoming online job fair."""
    from jobs.models import JobFair

    return (
        JobFair.objects.filter(kind=JobFair.Kind.ONLINE, owner__code="tinh-doan-son-la")
        .order_by("-starts_at")
        .values_list("name", flat=True)[0]
    )


def event_title(kind: str) -> str:
    """The demo's event of this kind (one each)."""
    from events.models import Event

    return Event.objects.filter(kind=kind).order_by("-starts_at").values_list("title", flat=True)[0]


def a_certificate_code() -> str:
    from awards.models import Nomination

    return (
        Nomination.objects.exclude(verification_code="")
        .order_by("pk")
        .values_list("verification_code", flat=True)
        .first()
    )


def judge_has_open_assignments(*, count: int = 2) -> list[str]:
    """Give the demo judge `giamkhao` scorecards to fill in this year's preliminary round.

    The demo leaves this year's entries submitted and unscreened, and the judge's only
    assignments in the closed 2021 rounds. Staff screen the first entries, open the
    preliminary round and assign the judge, through the contest's services. The round's
    window starts on a demo date weeks ahead: it is brought forward to today, as staff
    would when they move the timetable (the scorecard refuses marks outside the window).
    Returns the codes of the assigned entries.
    """
    from django.core.exceptions import ValidationError

    from competitions import services
    from competitions.models import Entry, Judge, Round

    staff = user("tinhdoan")
    contest = current_contest()
    first = contest.rounds.order_by("order").first()
    Round.objects.filter(pk=first.pk).update(opens_at=timezone.now() - datetime.timedelta(hours=1))
    first.refresh_from_db()
    judge = Judge.objects.get(contest=contest, user__username="giamkhao")
    screened = []
    for entry in Entry.objects.filter(contest=contest, status=Entry.Status.SUBMITTED).order_by("code"):
        screened.append(services.entry_screen(entry=entry, eligible=True, actor=staff))
    services.round_open(round=first, actor=staff)
    codes = []
    for entry in screened:
        try:
            services.assignment_create(round=first, judge=judge, entry=entry, actor=staff)
        except ValidationError:
            continue  # the judge's own university: a conflict of interest
        codes.append(entry.code)
        if len(codes) == count:
            break
    assert len(codes) == count, codes
    return codes


def council_is_sitting() -> str:
    """Open this year's council (nominations closed), as staff do after the deadline; its name."""
    from awards import services

    programme = current_award_programme()
    services.programme_open_council(
        programme=programme, actor=user("tinhdoan"), now=programme.nomination_closes_at + datetime.timedelta(minutes=1)
    )
    return programme.name
