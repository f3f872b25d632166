"""The live final: the entry on stage, the judges' progress, revealing the results."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_htmx.http import HttpResponseClientRefresh

from ... import selectors, services
from ...forms.staff import StageForm
from ...models import Entry, Round
from .base import StaffMixin, contest_rounds, error_text, managed_or_404, staff_only


def live_round_or_404(pk: int, *, user) -> Round:
    round = managed_or_404(Round.objects.select_related("contest__owner", "on_stage"), user=user, pk=pk)
    if not round.is_scoring:
        raise Http404
    return round


def live_status_context(round: Round) -> dict:
    """Who has scored the entry on stage, how many scorecards are out, and the ranking once revealed."""
    outstanding = selectors.scorecards_outstanding(round=round)
    return {
        "round": round,
        "stage_scorecards": (
            selectors.scorecards_for_entry(round=round, entry_id=round.on_stage_id) if round.on_stage_id else []
        ),
        "outstanding": outstanding,
        "ranking": selectors.round_ranking(round=round) if round.ranking_revealed_at else None,
    }


class RoundLiveView(StaffMixin, TemplateView):
    """The final's console: put a team on stage, watch the judges' scorecards, reveal the ranking."""

    template_name = "competitions/round_live.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = live_round_or_404(self.kwargs["pk"], user=self.request.user)
        progress = selectors.scorecards_by_entry(round=round)
        entries = [
            {**e, "done": progress.get(e["pk"], (0, 0))[0], "total": progress.get(e["pk"], (0, 0))[1]}
            for e in Entry.objects.filter(round=round)
            .exclude(status__in=[Entry.Status.DRAFT, Entry.Status.WITHDRAWN, Entry.Status.REJECTED])
            .order_by("code", "pk")
            .values("pk", "code", "title", "unit__name")
        ]
        context.update(live_status_context(round))
        context.update(
            contest=round.contest,
            entries=entries,
            rounds=contest_rounds(round.contest_id),
            state=round.state_at(timezone.now()),
        )
        return context


class RoundLiveStatusView(StaffMixin, TemplateView):
    """The part of the console htmx refreshes every few seconds."""

    template_name = "competitions/_round_live_status.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(live_status_context(live_round_or_404(self.kwargs["pk"], user=self.request.user)))
        return context


@staff_only
def round_stage(request, pk: int):
    """Put an entry on stage (or clear the stage)."""
    round = live_round_or_404(pk, user=request.user)
    form = StageForm(request.POST, round=round)
    if not form.is_valid():
        messages.error(request, _("Bài không ở vòng thi này."))
    else:
        entry = form.cleaned_data["entry"]
        try:
            services.round_set_on_stage(round=round, entry=entry, actor=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            if entry:
                messages.success(request, _("Đang thuyết trình: %(entry)s.") % {"entry": entry})
    if request.htmx:
        return HttpResponseClientRefresh()
    return redirect("competitions:round-live", pk=round.pk)


@staff_only
def round_reveal(request, pk: int):
    """Reveal the ranking on the console, only once every scorecard of the round is in."""
    round = live_round_or_404(pk, user=request.user)
    try:
        services.round_reveal_ranking(round=round, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Đã công bố xếp hạng."))
    return redirect("competitions:round-live", pk=round.pk)
