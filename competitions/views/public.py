"""The public results pages (staff give prizes and publish them in `views.staff.decisions`).

The public pages need no login. They show a contest once it leaves draft, its
timeline, and — only after staff publish — the winners and finalists with the
entry's title, the sending unit and the team lead's name: nothing personal beyond
that (no phone, date of birth or ethnicity). The rules document (thể lệ) of a
published contest is public too: young people read it before they ask their unit to
send an idea.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .. import selectors
from ..models import Contest, RoundDecisionException


def public_contest_list(request):
    return render(request, "competitions/public_contest_list.html", {"contests": selectors.public_contests()})


def public_results(request, slug: str):
    """A contest's public page: five queries at most, whatever the number of entries.

    Once published it states every round decided with scorecards missing (the
    exception staff recorded: entries, reason, who, when).
    """
    contest = get_object_or_404(Contest.objects.published(), slug=slug)
    context = {
        "contest": contest,
        "timeline": selectors.contest_timeline(contest=contest),
        "published": contest.results_published_at is not None,
        # Young people may send their own idea while the contest takes entries (`views.apply`).
        "accepts_applications": contest.accepts_submissions_at(timezone.now()),
    }
    if context["published"]:
        context["exceptions"] = list(
            RoundDecisionException.objects.filter(round__contest=contest)
            .select_related("round", "decided_by")
            .order_by("round__order")
        )
        context["winners"] = selectors.contest_winners(contest=contest)
        context["finalists"] = [
            {"code": row["code"], "title": row["title"], "unit_name": row["unit__name"]}
            for row in sorted(selectors.contest_finalists(contest=contest), key=lambda r: (r["code"], r["pk"]))
        ]
    return render(request, "competitions/public_results.html", context)


def certificate_verify(request, code: str):
    """Confirms a prize certificate by the code printed on it (and in its QR code); a 404 page
    when no prize of a published contest has it."""
    certificate = selectors.verified_certificate(code=code)
    context = {"code": code, "certificate": certificate}
    return render(request, "common/certificate_verify.html", context, status=200 if certificate else 404)
