"""Results: staff give prizes and publish them; anyone reads the public results page.

The public pages need no login. They show a contest once it leaves draft, its
timeline, and — only after staff publish — the winners and finalists with the
entry's title, the sending unit and the team lead's name: nothing personal beyond
that (no phone, date of birth or ethnicity). The rules document (thể lệ) of a
published contest is public too: young people read it before they ask their unit to
send an idea.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from rules.contrib.views import PermissionRequiredMixin, permission_required

from .. import selectors, services
from ..forms.prizes import PrizeAssignmentForm
from ..forms.staff import NoPrizesForm
from ..models import Contest, RoundDecisionException

MANAGE = "competitions.manage_contest"


# --- staff: prizes and publication ----------------------------------------------------


class PrizeAssignView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Finalists in final ranking order, each with a prize select and a capital-support box."""

    permission_required = MANAGE
    raise_exception = True
    template_name = "competitions/prize_assign.html"

    def _form(self, contest: Contest, data=None) -> PrizeAssignmentForm:
        return PrizeAssignmentForm(
            data,
            finalists=selectors.contest_finalists(contest=contest),
            tiers=selectors.prize_tiers_with_usage(contest=contest),
        )

    def _render(self, request, contest: Contest, form: PrizeAssignmentForm, status: int = 200):
        context = {
            "contest": contest,
            "form": form,
            "tiers": list(form.tiers.values()),
            "publish_blockers": (
                selectors.contest_publish_blockers(contest=contest) if contest.results_published_at is None else []
            ),
            "no_prizes_form": NoPrizesForm(),
            "has_awards": any(tier["used"] for tier in form.tiers.values()),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, contest_pk: int):
        contest = get_object_or_404(Contest, pk=contest_pk)
        return self._render(request, contest, self._form(contest))

    def post(self, request, contest_pk: int):
        contest = get_object_or_404(Contest, pk=contest_pk)
        form = self._form(contest, request.POST)
        if form.is_valid():
            try:
                services.prizes_save(
                    contest=contest,
                    assignments=form.award_assignments(),
                    capital_support=form.capital_changes(),
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Đã lưu giải thưởng và đề xuất hỗ trợ vốn."))
                return redirect("competitions:prize-assign", contest_pk=contest.pk)
        return self._render(request, contest, form, status=400)


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def contest_publish(request, contest_pk: int):
    contest = get_object_or_404(Contest, pk=contest_pk)
    try:
        services.contest_publish_results(contest=contest, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Kết quả đã được công bố trên trang công khai."))
    return redirect(reverse("competitions:prize-assign", kwargs={"contest_pk": contest.pk}) + "#publish")


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def contest_no_prizes(request, contest_pk: int):
    """Record that the contest gives no prize (who, when, why), so its results can be published."""
    contest = get_object_or_404(Contest, pk=contest_pk)
    form = NoPrizesForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.contest_record_no_prizes(contest=contest, reason=form.cleaned_data["reason"], actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã ghi nhận cuộc thi không trao giải."))
    return redirect(reverse("competitions:prize-assign", kwargs={"contest_pk": contest.pk}) + "#publish")


# --- the public -----------------------------------------------------------------------


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
