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


def a_certificate_code() -> str:
    from awards.models import Nomination

    return (
        Nomination.objects.exclude(verification_code="")
        .order_by("pk")
        .values_list("verification_code", flat=True)
        .first()
    )


def judge_has_open_assignments(*, count: int = 2) -> list[str]:
    """Give the demo judge `giamkhao` scorecards to fill in the 2026 preliminary round.

    The demo leaves the 2026 entries submitted and unscreened, and the judge's only
    assignments in the closed 2021 rounds. Staff screen the first entries, open the
    preliminary round and assign the judge, through the contest's services. The round's
    window starts on a demo date weeks ahead: it is brought forward to today, as staff
    would when they move the timetable (the scorecard refuses marks outside the window).
    Returns the codes of the assigned entries.
    """
    from django.core.exceptions import ValidationError

    from competitions import services
    from competitions.models import Contest, Entry, Judge, Round

    staff = user("tinhdoan")
    contest = Contest.objects.get(slug="y-tuong-khoi-nghiep-2026")
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
    """Open the 2026 council (nominations closed), as staff do after the deadline; its name."""
    from awards import services
    from awards.models import AwardProgramme

    programme = AwardProgramme.objects.get(slug="tuyen-duong-thanh-nien-lam-kinh-te-gioi-2026")
    services.programme_open_council(
        programme=programme, actor=user("tinhdoan"), now=programme.nomination_closes_at + datetime.timedelta(minutes=1)
    )
    return programme.name
