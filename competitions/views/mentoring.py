"""Mentors' pages during a coaching round: the teams, their revised files, and advice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from .. import services
from ..forms.mentoring import MentorFeedbackForm
from ..models import Contest, Entry, EntryAttachment, MentorFeedback, Round


def coaching_round_for(user, pk: int) -> Round:
    """A coaching round the user mentors, or of a contest they run as staff; 404 otherwise."""
    mentored = Round.objects.filter(mentors=user).values("pk")
    rounds = Round.objects.filter(Q(pk__in=mentored) | Q(contest__in=Contest.objects.run_by(user)))
    return get_object_or_404(rounds.filter(kind=Round.Kind.COACHING).select_related("contest"), pk=pk)


class MentorRoundView(LoginRequiredMixin, TemplateView):
    """Every team of the coaching round, with its files and the advice given so far."""

    template_name = "competitions/mentor_round.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = coaching_round_for(self.request.user, kwargs["pk"])
        entries = (
            Entry.objects.filter(round=round, status=Entry.Status.IN_COMPETITION)
            .select_related("category", "unit")
            .annotate(revised=Count("attachments", filter=Q(attachments__revision_round=round)))
            .prefetch_related(
                Prefetch(
                    "feedback",
                    queryset=MentorFeedback.objects.filter(round=round).select_related("mentor"),
                    to_attr="round_feedback",
                ),
                Prefetch("attachments", queryset=EntryAttachment.objects.order_by("revision_round", "kind", "pk")),
            )
            .order_by("code")
        )
        context.update(
            round=round,
            contest=round.contest,
            entries=entries,
            state=(state := round.state_at(timezone.now())),
            is_open=state.is_open,
            form=MentorFeedbackForm(),
        )
        return context


@login_required
@require_POST
def mentor_feedback_create(request, pk: int, entry_pk: int):
    round = coaching_round_for(request.user, pk)
    entry = get_object_or_404(Entry.objects.select_related("unit"), pk=entry_pk, round=round)
    form = MentorFeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("text", [])) or _("Hãy ghi nội dung góp ý."))
        return redirect("competitions:mentor-round", pk=round.pk)
    try:
        services.mentor_feedback_add(round=round, entry=entry, text=form.cleaned_data["text"], actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã gửi góp ý cho bài %(code)s.") % {"code": entry.code})
    return redirect("competitions:mentor-round", pk=round.pk)
