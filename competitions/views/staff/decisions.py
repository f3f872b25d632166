"""Deciding a round, giving prizes and publishing the results (or recording that none are given)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from ... import selectors, services
from ...forms.prizes import PrizeAssignmentForm
from ...forms.staff import DecisionExceptionForm, NoPrizesForm
from ...models import Contest
from .base import StaffMixin, contest_or_404, error_text, round_or_404, staff_only


@staff_only
def round_advance(request, pk: int):
    """Decide a scoring round. A second click shows the results already decided.

    With a `reason` the round is decided even though scorecards are missing, and the
    exception is recorded (who, why, which entries); without one an incomplete round
    is refused and its page lists what is missing.
    """
    round = round_or_404(pk, user=request.user)
    already = round.decided_at is not None
    with_exception = "reason" in request.POST
    form = DecisionExceptionForm(request.POST) if with_exception else None
    if form is not None and not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(reverse("competitions:round-detail", kwargs={"pk": round.pk}) + "#missing")
    try:
        if form is not None:
            results = services.round_advance_with_exception(
                round=round, reason=form.cleaned_data["reason"], actor=request.user
            )
        else:
            results = services.round_advance(round=round, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(reverse("competitions:round-detail", kwargs={"pk": round.pk}) + "#missing")
    if already:
        messages.info(
            request,
            _("Vòng này đã chốt kết quả lúc %(when)s; kết quả giữ nguyên.")
            % {"when": timezone.localtime(round.decided_at).strftime("%H:%M %d/%m/%Y")},
        )
    else:
        counts = dict.fromkeys(("advanced", "eliminated", "finalist"), 0)
        for result in results:
            counts[result.outcome] += 1
        messages.success(
            request,
            _("Đã chốt kết quả: %(advanced)d bài vào vòng sau, %(eliminated)d bài dừng, %(finalist)d bài hoàn thành.")
            % counts,
        )
    return redirect("competitions:round-detail", pk=round.pk)


class PrizeAssignView(StaffMixin, View):
    """Finalists in final ranking order, each with a prize select and a capital-support box."""

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
        contest = contest_or_404(contest_pk, user=request.user)
        return self._render(request, contest, self._form(contest))

    def post(self, request, contest_pk: int):
        contest = contest_or_404(contest_pk, user=request.user)
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


@staff_only
def contest_publish(request, contest_pk: int):
    contest = contest_or_404(contest_pk, user=request.user)
    try:
        services.contest_publish_results(contest=contest, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Kết quả đã được công bố trên trang công khai."))
    return redirect(reverse("competitions:prize-assign", kwargs={"contest_pk": contest.pk}) + "#publish")


@staff_only
def contest_no_prizes(request, contest_pk: int):
    """Record that the contest gives no prize (who, when, why), so its results can be published."""
    contest = contest_or_404(contest_pk, user=request.user)
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
