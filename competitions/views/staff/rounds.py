"""A round's page and its set-up: ranking and scorecards, opening, the window, judges' assignment, coaching."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from common.forms import add_service_error

from ... import selectors, services
from ...forms.staff import AssignmentForm, DecisionExceptionForm, RoundWindowForm
from ...models import Assignment, Round, RoundDecisionException
from .base import (
    RANKING_PAGE_SIZE,
    StaffMixin,
    contest_rounds,
    error_text,
    managed_or_404,
    round_or_404,
    staff_only,
)


class RoundDetailView(StaffMixin, TemplateView):
    """A scoring round's ranking and assignments, or a coaching round's entries and mentors."""

    def get_template_names(self):
        return ["competitions/round_detail.html" if self.round.is_scoring else "competitions/round_coaching.html"]

    def get(self, request, *args, **kwargs):
        self.round = self.permission_round  # found and checked by `StaffMixin`
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = self.round
        rounds = contest_rounds(round.contest_id)
        context.update(
            round=round,
            contest=round.contest,
            rounds=rounds,
            next_round=next((r for r in rounds if r["order"] > round.order), None),
            **round_state_context(round, window_form=kwargs.get("window_form")),
        )
        if round.is_scoring:
            context.update(self.scoring_context(round))
        else:
            context.update(
                entries=selectors.coaching_rows(round=round),
                mentors=list(round.mentors.order_by("full_name").values("full_name", "username", "email")),
            )
        return context

    def scoring_context(self, round: Round) -> dict:
        ranking = selectors.round_ranking(round=round)
        threshold = selectors.high_disagreement_threshold(round=round)
        outcomes = selectors.round_outcomes(round=round) if round.decided_at else {}
        # What keeps the round from being decided: the same selector the decide service asks.
        missing = selectors.round_missing_scorecards(round=round)
        incomplete = {m.entry_id: m for m in missing}
        show = self.request.GET.get("show", "")
        rows = [
            {
                "row": r,
                "flagged": r.spread is not None and r.spread > threshold,
                "outcome": outcomes.get(r.entry_id, ""),
                "incomplete": r.entry_id in incomplete,
                "short": r.entry_id in incomplete and incomplete[r.entry_id].unassigned > 0,
            }
            for r in ranking
        ]
        summary = {
            "entries": len(rows),
            "flagged": sum(1 for r in rows if r["flagged"]),
            "missing": sum(r["row"].missing for r in rows),
            "short": sum(1 for r in rows if r["short"]),
            "incomplete": len(missing),
            "assigned": sum(r["row"].assigned for r in rows),
        }
        if show == "flagged":
            rows = [r for r in rows if r["flagged"]]
        elif show == "missing":
            rows = [r for r in rows if r["incomplete"] or r["row"].missing]
        else:
            show = ""
        page = Paginator(rows, RANKING_PAGE_SIZE).get_page(self.request.GET.get("page"))
        code = self.request.GET.get("entry", "").strip()
        scorecards = None
        if code:
            scorecards = list(
                Assignment.objects.filter(round=round, entry__code=code)
                .select_related("judge__user", "entry")
                .order_by("judge__user__full_name", "pk")
            )
        return {
            "rows": page.object_list,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "show": show,
            "summary": summary,
            "threshold": threshold,
            "loads": selectors.judge_loads(round=round),
            "lookup_code": code,
            "scorecards": scorecards,
            "advance_rule": advance_rule(round),
            "missing": missing if round.decided_at is None else [],
            "exception": decision_exception(round),
            "exception_form": self.kwargs.get("exception_form") or DecisionExceptionForm(),
        }


def decision_exception(round: Round) -> RoundDecisionException | None:
    """The exception staff recorded when they decided the round with scorecards missing, if any."""
    if round.decided_at is None:
        return None
    return RoundDecisionException.objects.filter(round=round).select_related("decided_by").first()


def round_state_context(round: Round, *, window_form: RoundWindowForm | None = None) -> dict:
    """The round's one state and reason, and the form to move its window once staff opened
    it outside that window (or the form they just sent back with its errors)."""
    now = timezone.now()
    state = round.state_at(now)
    outside = round.status == Round.Status.OPEN and round.decided_at is None and not state.is_open
    if outside and window_form is None:
        window_form = RoundWindowForm(
            initial={
                "opens_at": timezone.localtime(min(round.opens_at, now)),
                "closes_at": timezone.localtime(max(round.closes_at, now + datetime.timedelta(days=1))),
            }
        )
    return {"state": state, "outside_window": outside, "window_form": window_form}


def advance_rule(round: Round) -> str:
    if round.advance_count is not None:
        return _("%(count)d bài điểm cao nhất vào vòng sau.") % {"count": round.advance_count}
    if round.advance_threshold is not None:
        return _("Các bài có điểm trung bình từ %(threshold)s trở lên vào vòng sau.") % {
            "threshold": round.advance_threshold
        }
    return _("Mọi bài đủ phiếu chấm vào vòng sau.")


@staff_only
def round_assign(request, pk: int):
    """Fill every entry's judges automatically, balancing loads and avoiding conflicts."""
    round = round_or_404(pk, user=request.user)
    if round.decided_at is not None:
        messages.error(request, _("Vòng đã chốt kết quả; không phân công thêm được."))
        return redirect("competitions:round-detail", pk=round.pk)
    try:
        report = services.judges_assign_automatically(round=round, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("competitions:round-detail", pk=round.pk)
    messages.success(request, _("Đã phân công thêm %(count)d lượt chấm.") % {"count": report.created})
    if report.unfilled:
        codes = ", ".join(e.code or str(e.pk) for e in report.unfilled[:20])
        if len(report.unfilled) > 20:
            codes += "…"
        messages.warning(
            request,
            _("%(count)d bài chưa đủ giám khảo không xung đột lợi ích: %(codes)s. Hãy bổ sung giám khảo.")
            % {"count": len(report.unfilled), "codes": codes},
        )
    return redirect("competitions:round-detail", pk=round.pk)


class RoundAssignmentCreateView(StaffMixin, FormView):
    """Assign one judge to one entry by hand; conflicts are refused with the reason."""

    template_name = "competitions/round_assignment_create.html"
    form_class = AssignmentForm

    @cached_property
    def round(self) -> Round:
        round = round_or_404(self.kwargs["pk"], user=self.request.user)
        if not round.is_scoring:
            raise Http404
        return round

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "round": self.round}

    def get_initial(self):
        return {"entry_code": self.request.GET.get("entry", "")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(round=self.round, contest=self.round.contest, **kwargs)

    def form_valid(self, form):
        judge = form.cleaned_data["judge"]
        entry = form.cleaned_data["entry_code"]
        try:
            services.assignment_create(round=self.round, judge=judge, entry=entry, actor=self.request.user)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Đã phân công %(judge)s chấm bài %(entry)s.") % {"judge": judge.user.get_full_name(), "entry": entry},
        )
        url = reverse("competitions:round-detail", kwargs={"pk": self.round.pk})
        return redirect(f"{url}?entry={entry.code}#scorecards")


@staff_only
def assignment_reopen(request, pk: int):
    """Unlock a submitted (or abstained) scorecard so its judge can correct it."""
    assignment = managed_or_404(
        Assignment.objects.select_related("round__contest__owner", "entry", "judge__user"),
        user=request.user,
        contest_lookup="round__contest",
        pk=pk,
    )
    try:
        services.scorecard_reopen(assignment=assignment, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("Đã mở lại phiếu chấm của %(judge)s cho bài %(entry)s.")
            % {"judge": assignment.judge.user.get_full_name(), "entry": assignment.entry},
        )
    url = reverse("competitions:round-detail", kwargs={"pk": assignment.round_id})
    return redirect(f"{url}?entry={assignment.entry.code}#scorecards")


@staff_only
def round_open(request, pk: int):
    """Open a pending round (scoring to judges, coaching to mentors)."""
    round = round_or_404(pk, user=request.user)
    try:
        round = services.round_open(round=round, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("competitions:round-detail", pk=round.pk)
    state = round.state_at(timezone.now())
    if state.is_open:
        messages.success(request, _("Đã mở %(round)s.") % {"round": round.name})
    else:
        # Open, but outside its window: judges and mentors cannot work yet (or any more).
        messages.warning(
            request,
            _(
                "Đã mở %(round)s, nhưng lúc này nằm ngoài thời gian của vòng (%(state)s): giám khảo, "
                "chuyên gia chưa làm việc được. Đổi thời gian của vòng ngay bên dưới nếu cần."
            )
            % {"round": round.name, "state": state.reason},
        )
        return redirect(reverse("competitions:round-detail", kwargs={"pk": round.pk}) + "#window")
    return redirect("competitions:round-detail", pk=round.pk)


@staff_only
def round_move_window(request, pk: int):
    """Move a round's window from its own page (e.g. to let judges start now)."""
    round = round_or_404(pk, user=request.user)
    form = RoundWindowForm(request.POST)
    if form.is_valid():
        try:
            round = services.round_move_window(
                round=round,
                opens_at=form.cleaned_data["opens_at"],
                closes_at=form.cleaned_data["closes_at"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Đã đổi thời gian %(round)s: %(state)s.")
                % {"round": round.name, "state": round.state_at(timezone.now()).reason},
            )
            return redirect("competitions:round-detail", pk=round.pk)
    view = RoundDetailView.as_view()
    request.method = "GET"
    response = view(request, pk=pk, window_form=form)
    response.status_code = 400
    return response


@staff_only
def round_complete_coaching(request, pk: int):
    """Close a coaching round and move its entries on to the next round."""
    round = round_or_404(pk, user=request.user)
    already = round.decided_at is not None
    try:
        moved = services.coaching_round_complete(round=round, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("competitions:round-detail", pk=round.pk)
    if already:
        messages.info(request, _("Vòng tư vấn đã kết thúc trước đó; không có gì thay đổi."))
    else:
        messages.success(request, _("Đã chuyển %(count)d bài sang vòng sau.") % {"count": moved})
    return redirect("competitions:round-detail", pk=round.pk)
