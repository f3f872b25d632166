"""A higher-level contest takes the winners of its units' contests ("Nhận bài từ cuộc thi cấp dưới")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views import View

from ... import selectors, services
from ...forms.staff import PromotionForm
from ...models import Contest
from .base import StaffMixin, contest_or_404


class PromotionTakeView(StaffMixin, View):
    """The winners of the contests run below the contest's owner, by lower contest, with a box
    each; the chosen ones become entries of this contest. Only the staff of the owner open it;
    an id that is not listed (another province's winner, a forged POST) makes the form invalid
    and nothing is taken."""

    template_name = "competitions/promotion_take.html"

    def _render(self, request, contest: Contest, groups, form: PromotionForm, status: int = 200):
        context = {"contest": contest, "groups": groups, "form": form}
        return render(request, self.template_name, context, status=status)

    @staticmethod
    def _form(groups, data=None) -> PromotionForm:
        return PromotionForm(data, candidates=[entry for group in groups for entry in group.entries])

    def get(self, request, contest_pk: int):
        contest = contest_or_404(contest_pk, user=request.user)
        groups = selectors.promotion_candidates(contest=contest)
        return self._render(request, contest, groups, self._form(groups))

    def post(self, request, contest_pk: int):
        contest = contest_or_404(contest_pk, user=request.user)
        groups = selectors.promotion_candidates(contest=contest)
        form = self._form(groups, request.POST)
        if form.is_valid():
            try:
                taken = services.entries_take_winners(contest=contest, entries=form.chosen(), actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Đã nhận %(count)d bài từ cuộc thi cấp dưới; bài chờ thẩm định.",
                        "Đã nhận %(count)d bài từ cuộc thi cấp dưới; các bài chờ thẩm định.",
                        len(taken),
                    )
                    % {"count": len(taken)},
                )
                return redirect("competitions:contest-promotions", contest_pk=contest.pk)
        return self._render(request, contest, groups, form, status=400)
