"""Judges invited, not created by hand.

Staff of the contest's unit invite a judge or mentor by email and follow their invitations
(sent, accepted, expired; resend, revoke). The invitee opens the emailed link and sets a
password. A judge then accepts the confidentiality pledge (nothing else of the contest is
reachable before) and declares conflicts of interest, or that they have none (no scorecard
before), and sees the rounds they judge with their load.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from accounts.models import Unit
from common.forms import add_service_error

from .. import services
from ..forms.invitations import ConflictForm, JudgeInvitationForm, PledgeForm
from ..models import Contest, Judge, JudgeInvitation
from ..selectors import invitations as selectors
from .staff.base import StaffMixin, contest_or_404, contest_rounds, error_text, managed_or_404, staff_only

SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


# --- staff: invite, follow, resend, revoke ------------------------------------------------


class JudgeInviteView(StaffMixin, FormView):
    """Invite a judge or mentor by email, and the contest's invitations with their state."""

    template_name = "competitions/invitations/invitation_list.html"
    form_class = JudgeInvitationForm

    @cached_property
    def contest(self) -> Contest:
        return contest_or_404(self.kwargs["contest_pk"], user=self.request.user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(
            contest=self.contest,
            units=Unit.objects.visible_to(self.request.user).active().order_by("path"),
        )
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        invitations = selectors.invitation_rows(contest=self.contest, user=self.request.user)
        context.update(
            contest=self.contest,
            rounds=contest_rounds(self.contest.pk),
            invitations=[(i, i.state_at(now), i.state_label_at(now)) for i in invitations],
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            invitation = services.judge_invite(
                contest=self.contest,
                email=data["email"],
                full_name=data["full_name"],
                title=data["title"],
                affiliation=data["affiliation"],
                role=data["role"],
                rounds=list(data["rounds"]),
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        if invitation.created_account:
            messages.success(
                self.request,
                _("Đã gửi lời mời đến %(email)s; người được mời đặt mật khẩu từ đường liên kết trong email.")
                % {"email": invitation.email},
            )
        else:
            messages.success(
                self.request,
                _("%(email)s đã có tài khoản: đã thêm vai trò và gửi email báo cho người này.")
                % {"email": invitation.email},
            )
        return redirect("competitions:judge-invite", contest_pk=self.contest.pk)


def _staff_invitation(request, pk: int) -> JudgeInvitation:
    invitations = JudgeInvitation.objects.select_related("contest__owner", "user")
    return managed_or_404(invitations, user=request.user, pk=pk)


def _invitation_step(request, pk: int, service, done: str):
    """Resend or revoke one invitation of a contest the staff member runs, then back to the list."""
    invitation = _staff_invitation(request, pk)
    try:
        invitation = service(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done % {"email": invitation.email})
    return redirect("competitions:judge-invite", contest_pk=invitation.contest_id)


@staff_only
def judge_invitation_resend(request, pk: int):
    """A new link to an invitation not yet accepted (the old link dies)."""
    return _invitation_step(request, pk, services.judge_invitation_resend, _("Đã gửi lại lời mời đến %(email)s."))


@staff_only
def judge_invitation_revoke(request, pk: int):
    """Withdraw an invitation not yet accepted, and the role it gave."""
    return _invitation_step(request, pk, services.judge_invitation_revoke, _("Đã thu hồi lời mời gửi %(email)s."))


# --- the invitee: set a password from the link ------------------------------------------


class JudgeInvitationAcceptView(View):
    """The emailed link: set a password, then sign in and go to the contest's judge page.

    A forged, replaced, used, revoked or expired link shows why and what to do (status 400).
    """

    template_name = "competitions/invitations/invitation_accept.html"

    def invitation_or_refusal(self) -> JudgeInvitation | HttpResponse:
        try:
            return selectors.invitation_for_token(token=self.kwargs["token"], now=timezone.now())
        except ValidationError as error:
            return render(self.request, self.template_name, {"refusal": error_text(error)}, status=400)

    def get(self, request, token: str):
        found = self.invitation_or_refusal()
        if isinstance(found, HttpResponse):
            return found
        return self.render(found, SetPasswordForm(found.user))

    def post(self, request, token: str):
        found = self.invitation_or_refusal()
        if isinstance(found, HttpResponse):
            return found
        form = SetPasswordForm(found.user, request.POST)
        if not form.is_valid():
            return self.render(found, form)
        try:
            invitation = services.judge_invitation_accept(
                invitation=found, password=form.cleaned_data["new_password1"], actor=found.user
            )
        except ValidationError as error:
            return render(request, self.template_name, {"refusal": error_text(error)}, status=400)
        login(request, invitation.user, backend=SIGN_IN_BACKEND)
        messages.success(
            request,
            _("Đã đặt mật khẩu. Từ nay bạn đăng nhập bằng tên đăng nhập %(username)s.")
            % {"username": invitation.user.get_username()},
        )
        if invitation.role == JudgeInvitation.Role.JUDGE:
            return redirect("competitions:judge-contest", contest_pk=invitation.contest_id)
        first = invitation.rounds.order_by("order").first()
        return redirect("competitions:mentor-round", pk=first.pk) if first else redirect("home")

    def render(self, invitation: JudgeInvitation, form: SetPasswordForm):
        context = {
            "invitation": invitation,
            "form": form,
            "username": invitation.user.get_username(),
            "rounds": invitation.rounds.order_by("order"),
        }
        return render(self.request, self.template_name, context)


# --- the judge: pledge, conflicts, rounds -----------------------------------------------


def onboarding_redirect(*, contest_id: int, pledged: bool, declared: bool, need_declared: bool):
    """Where a judge must go first, with a message; None when they may go on. Every judge
    page of a contest asks it: before the pledge nothing of the contest is reachable, before
    the declaration no scorecard."""
    if not pledged:
        return redirect("competitions:judge-pledge", contest_pk=contest_id)
    if need_declared and not declared:
        return redirect("competitions:judge-conflicts", contest_pk=contest_id)
    return None


def judge_or_404(request, contest_pk: int) -> Judge:
    judge = selectors.judge_of(user=request.user, contest_pk=contest_pk)
    if judge is None:
        raise Http404
    return judge


class JudgeContestView(LoginRequiredMixin, TemplateView):
    """A judge's page of one contest: the rounds they judge with their load, and their conflicts."""

    template_name = "competitions/invitations/judge_contest.html"

    def get(self, request, *args, **kwargs):
        self.judge = judge_or_404(request, kwargs["contest_pk"])
        gate = onboarding_redirect(
            contest_id=self.judge.contest_id,
            pledged=self.judge.pledged_at is not None,
            declared=True,
            need_declared=False,
        )
        return gate or super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            judge=self.judge,
            contest=self.judge.contest,
            rounds=selectors.judge_load_rows(judge=self.judge, now=timezone.now()),
            conflicts=selectors.judge_conflict_rows(judge=self.judge),
        )
        return context


class JudgePledgeView(LoginRequiredMixin, FormView):
    """The confidentiality pledge, with the contest's name; accepted once, who and when kept."""

    template_name = "competitions/invitations/judge_pledge.html"
    form_class = PledgeForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.judge = judge_or_404(request, kwargs["contest_pk"])
        if self.judge.pledged_at is not None:
            return redirect("competitions:judge-contest", contest_pk=self.judge.contest_id)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            judge=self.judge, contest=self.judge.contest, pledge=selectors.pledge_text(contest=self.judge.contest)
        )
        return context

    def form_valid(self, form):
        services.judge_pledge_accept(judge=self.judge, actor=self.request.user)
        messages.success(self.request, _("Đã ghi nhận cam kết bảo mật của bạn."))
        return redirect("competitions:judge-conflicts", contest_pk=self.judge.contest_id)


class JudgeConflictsView(LoginRequiredMixin, FormView):
    """The judge's declared conflicts and the form to declare one; "Tôi không có xung đột"."""

    template_name = "competitions/invitations/judge_conflicts.html"
    form_class = ConflictForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.judge = judge_or_404(request, kwargs["contest_pk"])
        gate = onboarding_redirect(
            contest_id=self.judge.contest_id,
            pledged=self.judge.pledged_at is not None,
            declared=True,
            need_declared=False,
        )
        return gate or super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "contest": self.judge.contest}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            judge=self.judge,
            contest=self.judge.contest,
            conflicts=selectors.judge_conflict_rows(judge=self.judge),
        )
        return context

    def form_valid(self, form):
        try:
            conflict = services.judge_conflict_declare(
                judge=self.judge, reason=form.cleaned_data["reason"], actor=self.request.user, **form.targets()
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã ghi nhận xung đột lợi ích với %(target)s.") % {"target": conflict.target})
        return redirect("competitions:judge-conflicts", contest_pk=self.judge.contest_id)


@login_required
@require_POST
def judge_conflicts_none(request, contest_pk: int):
    """ "Tôi không có xung đột": the declaration step is done."""
    judge = judge_or_404(request, contest_pk)
    try:
        services.judge_conflicts_declare_none(judge=judge, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("competitions:judge-pledge", contest_pk=contest_pk)
    messages.success(request, _("Đã ghi nhận: bạn không có xung đột lợi ích với cuộc thi này."))
    return redirect("competitions:judge-contest", contest_pk=contest_pk)
