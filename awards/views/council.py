"""The award council: a member's ballot, their votes, and staff opening and closing the council,
reading the tally and recording the decision.

A member reaches only the programmes whose council they sit on (any other programme is
a 404) and sees only their own votes until the council closes; the ballot and the tally
cost a fixed number of queries whatever the number of nominations. Staff pages need
`awards.manage_programme` on the programme: the staff of the unit that runs it; officers,
judges, council members and the staff of other units get a 403 (a 404 where they may
not see the programme at all).
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from common.forms import VoidReasonForm, add_service_error

from .. import selectors, services
from ..eligibility import failed_checks, nomination_checks
from ..forms.council import DecisionForm, VoteForm
from ..models import AwardProgramme, CouncilVote, Nomination, VerificationPhoto
from .base import ProgrammeStaffMixin, managed_programme_or_404, message_of, staff_only

# --- the ballot -------------------------------------------------------------------------


def council_programme_or_404(user, pk: int) -> AwardProgramme:
    """A programme whose council the user sits on; any other is a 404."""
    return get_object_or_404(AwardProgramme.objects.filter(council=user), pk=pk)


def ballot_cards(
    *,
    programme: AwardProgramme,
    nominations: list[Nomination],
    forms: dict[int, VoteForm] | None = None,
    notices: dict[int, tuple[str, str]] | None = None,
) -> list[dict]:
    """What each nomination's card on the ballot shows, from `selectors.member_ballot` rows.

    Verification photos come in one query for the whole ballot; the tally only once the
    council has closed.
    """
    forms, notices = forms or {}, notices or {}
    verifications = [v for n in nominations if (v := getattr(n, "verification", None)) is not None]
    photos: dict[int, list] = defaultdict(list)
    if verifications:
        for photo in VerificationPhoto.objects.filter(verification__in=verifications).order_by("pk"):
            photos[photo.verification_id].append(photo)
    closed = programme.council_closed_at is not None
    tally = {row.nomination_id: row for row in selectors.council_tally(programme=programme)} if closed else {}
    cards = []
    for nomination in nominations:
        nomination.programme = programme  # the checks read the programme's rules
        verification = getattr(nomination, "verification", None)
        votable = programme.council_is_open and nomination.status == Nomination.Status.SUBMITTED
        form = forms.get(nomination.pk)
        if form is None and votable and nomination.my_vote is None:
            form = VoteForm(programme=programme, nomination_id=nomination.pk)
        cards.append(
            {
                "nomination": nomination,
                "failed": failed_checks(nomination_checks(nomination)),
                "evidence": list(nomination.evidence.all()),
                "verification": verification,
                "photos": photos.get(verification.pk, []) if verification else [],
                "vote": nomination.my_vote,
                "form": form,
                "notice": notices.get(nomination.pk),
                "tally": tally.get(nomination.pk),
            }
        )
    return cards


class CouncilBallotView(LoginRequiredMixin, TemplateView):
    """The programme's nominations side by side, each with the member's own vote or a form to cast it."""

    template_name = "awards/council_ballot.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        programme = council_programme_or_404(user, self.kwargs["programme_pk"])
        nominations = selectors.member_ballot(programme=programme, member=user)
        cards = ballot_cards(programme=programme, nominations=nominations)
        votable = [n for n in nominations if n.status == Nomination.Status.SUBMITTED]
        context.update(
            programme=programme,
            cards=cards,
            closed=programme.council_closed_at is not None,
            scored=programme.approval_rule == AwardProgramme.ApprovalRule.TOP_SCORE,
            rule=approval_rule_text(programme),
            voted=sum(1 for n in votable if n.my_vote is not None),
            to_vote=len(votable),
            approved=sum(1 for card in cards if card["tally"] and card["tally"].approved),
        )
        return context


def _ballot_nomination(*, pk: int, member) -> Nomination:
    """One nomination in the shape `selectors.member_ballot` gives, for redrawing its card."""
    nomination = (
        Nomination.objects.select_related("entrepreneur", "venture", "unit", "category", "verification")
        .prefetch_related("evidence")
        .get(pk=pk)
    )
    nomination.my_vote = CouncilVote.objects.filter(nomination=nomination, member=member).first()
    return nomination


@login_required
@require_POST
def council_vote(request, pk: int):
    """Cast the member's vote on one nomination, once; htmx redraws the nomination's card."""
    nomination = get_object_or_404(
        selectors.nominations_visible_to(user=request.user).select_related("programme"), pk=pk
    )
    if not request.user.has_perm("awards.vote", nomination):
        raise PermissionDenied
    programme = nomination.programme
    form = VoteForm(request.POST, programme=programme, nomination_id=nomination.pk)
    notice = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.council_vote(
                nomination=nomination,
                actor=request.user,
                choice=data["choice"],
                score=data.get("score"),
                comment=data["comment"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            notice = ("success", _("Đã ghi phiếu của bạn."))
    if notice is None:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        notice = ("danger", " ".join(errors))
    if request.htmx:
        fresh = _ballot_nomination(pk=nomination.pk, member=request.user)
        # The form with its errors while the member may still vote; their vote once cast.
        keep_form = notice[0] == "danger" and fresh.my_vote is None and programme.council_is_open
        (card,) = ballot_cards(
            programme=programme,
            nominations=[fresh],
            forms={fresh.pk: form} if keep_form else {},
            notices={fresh.pk: notice},
        )
        return render(request, "awards/_council_ballot_card.html", {"card": card, "programme": programme})
    getattr(messages, "success" if notice[0] == "success" else "error")(request, notice[1])
    url = reverse("awards:council-ballot", kwargs={"programme_pk": programme.pk})
    return redirect(f"{url}#nomination-{nomination.pk}")


# --- staff: open, tally, close, decision ------------------------------------------------


class NominationsCloseView(ProgrammeStaffMixin, FormView):
    """Stop taking nominations before the deadline, with the reason (a confirmation page); the
    council may then open at once."""

    template_name = "common/void_form.html"
    form_class = VoidReasonForm

    def get_context_data(self, **kwargs):
        programme = self.get_permission_object()
        return super().get_context_data(
            title=_("Đóng nhận hồ sơ sớm"),
            record=programme,
            explanation=_(
                "Hạn gửi hồ sơ hiện là %(deadline)s. Đóng sớm: từ bây giờ các đơn vị không gửi thêm hồ sơ; hồ sơ "
                "đã gửi giữ nguyên và Hội đồng xét chọn mở được ngay. Lý do, người đóng và thời điểm được lưu lại."
            )
            % {"deadline": timezone.localtime(programme.nomination_closes_at).strftime("%H:%M %d/%m/%Y")},
            **kwargs,
        )

    def form_valid(self, form):
        programme = self.get_permission_object()
        try:
            services.programme_close_nominations_early(
                programme=programme, reason=form.cleaned_data["reason"], actor=self.request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã đóng nhận hồ sơ; có thể mở Hội đồng xét chọn."))
        return redirect(programme)


@staff_only
def council_open(request, programme_pk: int):
    """Close nominations and let the council review and vote."""
    programme = managed_programme_or_404(request.user, programme_pk)
    try:
        services.programme_open_council(programme=programme, actor=request.user)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("Hội đồng xét chọn đã bắt đầu; các thành viên đã được thông báo."))
    return redirect(programme)


@staff_only
def honour_roll_publish(request, programme_pk: int):
    """Put the honour roll on the public page (after the council has closed)."""
    programme = managed_programme_or_404(request.user, programme_pk)
    try:
        services.honour_roll_publish(programme=programme, actor=request.user)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("Đã công bố danh sách tuyên dương trên trang công khai."))
    return redirect("awards:programme-detail", pk=programme.pk)


@staff_only
def council_close(request, programme_pk: int):
    """Close the council and apply the programme's approval rule."""
    programme = managed_programme_or_404(request.user, programme_pk)
    try:
        rows = services.council_close(programme=programme, actor=request.user)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(
            request,
            _("Hội đồng đã kết thúc xét chọn: %(approved)d/%(total)d hồ sơ được chọn tuyên dương.")
            % {"approved": sum(1 for r in rows if r.approved), "total": len(rows)},
        )
    return redirect("awards:council-tally", programme_pk=programme.pk)


def approval_rule_text(programme: AwardProgramme) -> str:
    if programme.approval_rule == AwardProgramme.ApprovalRule.TOP_SCORE:
        return _("%(n)d hồ sơ có điểm trung bình cao nhất được chọn; bằng điểm thì xét số phiếu đồng ý.") % {
            "n": programme.approval_top_n or 0
        }
    return _(
        "Được chọn khi phiếu đồng ý đạt từ %(share)s%% số phiếu đồng ý và không đồng ý; phiếu không ý kiến không tính."
    ) % {"share": programme.approval_share}


class CouncilTallyView(ProgrammeStaffMixin, TemplateView):
    """Before the close, who has voted on how many nominations; after it, the tally and the result."""

    template_name = "awards/council_tally.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = self.programme
        rows = selectors.council_tally(programme=programme)
        cast = dict(
            CouncilVote.objects.filter(nomination__programme=programme)
            .order_by()
            .values_list("member")
            .annotate(n=Count("pk"))
        )
        members = [
            {"member": m, "votes": cast.get(m.pk, 0)} for m in programme.council.order_by("full_name", "username")
        ]
        context.update(
            programme=programme,
            rows=rows,
            closed=programme.council_closed_at is not None,
            members=members,
            approved=sum(1 for r in rows if r.approved),
            rule=approval_rule_text(programme),
            scored=programme.approval_rule == AwardProgramme.ApprovalRule.TOP_SCORE,
        )
        return context


class ProgrammeDecisionView(ProgrammeStaffMixin, FormView):
    """The number and date of the decision commending the nominees the council approved."""

    template_name = "awards/programme_decision.html"
    form_class = DecisionForm

    def get_initial(self):
        return {
            "decision_number": self.programme.decision_number,
            "decision_date": self.programme.decision_date or timezone.localdate(),
            "signer_name": self.programme.signer_name,
            "signer_title": self.programme.signer_title,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.programme, **kwargs)

    def form_valid(self, form):
        try:
            programme = services.programme_record_decision(
                programme=self.programme,
                number=form.cleaned_data["decision_number"],
                date=form.cleaned_data["decision_date"],
                signer_name=form.cleaned_data["signer_name"],
                signer_title=form.cleaned_data["signer_title"],
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Đã ghi quyết định số %(number)s ngày %(date)s.")
            % {"number": programme.decision_number, "date": programme.decision_date.strftime("%d/%m/%Y")},
        )
        return redirect(programme)


# --- the council's block on the home page -----------------------------------------------


def council_home_panel(request) -> str | None:
    """The councils the member sits on that are reviewing now, with how much they have voted."""
    user = request.user
    sent = Q(nominations__status=Nomination.Status.SUBMITTED)
    programmes = list(
        AwardProgramme.objects.filter(
            council=user, status=AwardProgramme.Status.REVIEWING, council_closed_at__isnull=True
        )
        .annotate(
            total=Count("nominations", filter=sent, distinct=True),
            mine=Count("nominations__votes", filter=sent & Q(nominations__votes__member=user), distinct=True),
        )
        .order_by("name")
    )
    if not programmes:
        return None
    return render_to_string("awards/_home_council.html", {"programmes": programmes}, request=request)
