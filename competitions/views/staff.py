"""Provincial staff's contest pages: screening, extensions, rounds, assignment, the live final.

Every page needs `competitions.manage_contest`; officers and judges get a 403.
Handlers parse a form, call one service, add a message and redirect. The round
page ranks with `selectors.round_ranking`, a fixed number of queries whatever the
size of the round.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from django_htmx.http import HttpResponseClientRefresh
from rules.contrib.views import PermissionRequiredMixin

from accounts.models import Unit
from common.forms import add_service_error
from common.http import redirect_next
from common.views import post_with_permission

from .. import selectors, services
from ..forms.staff import (
    AssignmentForm,
    DecisionExceptionForm,
    ExtensionForm,
    RoundWindowForm,
    ScreenForm,
    StageForm,
)
from ..models import Assignment, Contest, Entry, Round, RoundDecisionException, UnitExtension

MANAGE = "competitions.manage_contest"
SCREENING_PAGE_SIZE = 50
RANKING_PAGE_SIZE = 100


staff_only = post_with_permission(MANAGE)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


class StaffMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = MANAGE


def contest_rounds(contest_id: int) -> list[dict]:
    """The contest's rounds for the tabs at the top of the staff pages."""
    return list(Round.objects.filter(contest_id=contest_id).order_by("order").values("pk", "name", "kind", "order"))


# --- screening ------------------------------------------------------------------------


class ScreeningListView(StaffMixin, TemplateView):
    """Submitted entries to screen, with the team's ages and the files sent."""

    template_name = "competitions/screening_list.html"
    TABS = {"submitted": Entry.Status.SUBMITTED, "rejected": Entry.Status.REJECTED}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contest = get_object_or_404(Contest, pk=self.kwargs["contest_pk"])
        tab = self.request.GET.get("status", "submitted")
        if tab not in self.TABS:
            tab = "submitted"
        rows = selectors.screening_rows(contest=contest, user=self.request.user, status=self.TABS[tab])
        page = Paginator(rows, SCREENING_PAGE_SIZE).get_page(self.request.GET.get("page"))
        teams = selectors.team_ages(contest=contest, entry_ids=[r["pk"] for r in page.object_list])
        for row in page.object_list:
            team = teams.get(row["pk"], [])
            row["team"] = team
            row["team_problem"] = len(team) > contest.max_team_size or any(not m.in_range for m in team)
        counts = (
            Entry.objects.visible_to(self.request.user)
            .filter(contest=contest)
            .aggregate(
                submitted=Count("pk", filter=Q(status=Entry.Status.SUBMITTED)),
                rejected=Count("pk", filter=Q(status=Entry.Status.REJECTED)),
                in_competition=Count("pk", filter=Q(status=Entry.Status.IN_COMPETITION)),
            )
        )
        context.update(
            contest=contest,
            tab=tab,
            counts=counts,
            rows=page.object_list,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            rounds=contest_rounds(contest.pk),
        )
        return context


@staff_only
def entry_screen(request, pk: int):
    """Pass an entry into the first round, or reject it with a reason the unit sees."""
    entry = get_object_or_404(Entry.objects.visible_to(request.user).select_related("contest", "unit"), pk=pk)
    form = ScreenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        entry = services.entry_screen(
            entry=entry, eligible=form.eligible, reason=form.cleaned_data["reason"], actor=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        if request.htmx:
            # The whole list reloads and shows the message above it.
            return HttpResponseClientRefresh()
    else:
        if request.htmx:
            # Only this row changes, into the outcome; the list keeps its place.
            return render(request, "competitions/_screening_done_row.html", {"entry": entry})
        if form.eligible:
            messages.success(request, _("Bài %(entry)s đủ điều kiện dự thi.") % {"entry": entry})
        else:
            messages.warning(
                request, _("Bài %(entry)s không đủ điều kiện; đơn vị đã được thông báo.") % {"entry": entry}
            )
    return redirect_next(request, reverse("competitions:screening-list", kwargs={"contest_pk": entry.contest_id}))


# --- extensions -----------------------------------------------------------------------


class ExtensionCreateView(StaffMixin, FormView):
    """Let one unit submit after the deadline, with who granted it and why."""

    template_name = "competitions/extension_create.html"
    form_class = ExtensionForm

    def dispatch(self, request, *args, **kwargs):
        self.contest = get_object_or_404(Contest, pk=kwargs["contest_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["units"] = Unit.objects.visible_to(self.request.user).active().order_by("path")
        return kwargs

    def get_initial(self):
        closes = timezone.localtime(self.contest.submission_closes_at)
        return {"until": closes + datetime.timedelta(days=3)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            contest=self.contest,
            extensions=UnitExtension.objects.filter(contest=self.contest)
            .select_related("unit", "granted_by")
            .order_by("unit__path"),
            rounds=contest_rounds(self.contest.pk),
        )
        return context

    def form_valid(self, form):
        try:
            extension = services.extension_grant(
                contest=self.contest,
                unit=form.cleaned_data["unit"],
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Đã gia hạn cho %(unit)s đến %(until)s.")
            % {"unit": extension.unit, "until": timezone.localtime(extension.until).strftime("%H:%M %d/%m/%Y")},
        )
        return redirect("competitions:extension-create", contest_pk=self.contest.pk)


# --- rounds ---------------------------------------------------------------------------


def round_or_404(pk: int) -> Round:
    return get_object_or_404(Round.objects.select_related("contest"), pk=pk)


class RoundDetailView(StaffMixin, TemplateView):
    """A scoring round's ranking and assignments, or a coaching round's entries and mentors."""

    def get_template_names(self):
        return ["competitions/round_detail.html" if self.round.is_scoring else "competitions/round_coaching.html"]

    def get(self, request, *args, **kwargs):
        self.round = round_or_404(kwargs["pk"])
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
    round = round_or_404(pk)
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

    def dispatch(self, request, *args, **kwargs):
        self.round = round_or_404(kwargs["pk"])
        if not self.round.is_scoring:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

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
    assignment = get_object_or_404(Assignment.objects.select_related("round", "entry", "judge__user"), pk=pk)
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
def round_advance(request, pk: int):
    """Decide a scoring round. A second click shows the results already decided.

    With a `reason` the round is decided even though scorecards are missing, and the
    exception is recorded (who, why, which entries); without one an incomplete round
    is refused and its page lists what is missing.
    """
    round = round_or_404(pk)
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


@staff_only
def round_open(request, pk: int):
    """Open a pending round (scoring to judges, coaching to mentors)."""
    round = round_or_404(pk)
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
    round = round_or_404(pk)
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
    round = round_or_404(pk)
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


# --- the live final -------------------------------------------------------------------


def live_round_or_404(pk: int) -> Round:
    round = get_object_or_404(Round.objects.select_related("contest", "on_stage"), pk=pk)
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
        round = live_round_or_404(self.kwargs["pk"])
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
        context.update(live_status_context(live_round_or_404(self.kwargs["pk"])))
        return context


@staff_only
def round_stage(request, pk: int):
    """Put an entry on stage (or clear the stage)."""
    round = live_round_or_404(pk)
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
    round = live_round_or_404(pk)
    try:
        services.round_reveal_ranking(round=round, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Đã công bố xếp hạng."))
    return redirect("competitions:round-live", pk=round.pk)
