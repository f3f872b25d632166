"""The programme pages: the list with each officer unit's quota, the programme with
its rules and nominations (the officer's units, or every one for staff), its guideline."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from accounts.rules import OFFICER
from accounts.scoping import access_of
from common.uploads import private_file_response

from .. import selectors
from ..eligibility import failed_checks, nomination_checks
from ..models import AwardProgramme, CouncilVote, Nomination
from .base import (
    ReaderMixin,
    is_staff,
    may_browse,
    officer_units,
    programme_rules,
    programmes_visible_to,
    runs,
    unit_quotas,
)


class ProgrammeListView(ReaderMixin, TemplateView):
    """Programmes with the officer's quota per unit and the deadline; staff see drafts and counts."""

    template_name = "awards/programme_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, now = self.request.user, timezone.now()
        staff = is_staff(user)
        programmes = programmes_visible_to(user).select_related("owner").order_by("-year", "-nomination_opens_at")
        if staff:
            programmes = programmes.annotate(
                sent=Count("nominations", filter=Q(nominations__status__in=selectors.IN_REVIEW)),
                drafts=Count("nominations", filter=Q(nominations__status=Nomination.Status.DRAFT)),
            )
        programmes = list(programmes)
        quotas = unit_quotas(programmes=programmes, units=officer_units(user))
        council = set(AwardProgramme.objects.filter(council=user).values_list("pk", flat=True))
        context.update(
            is_staff=staff,
            now=now,
            rows=[
                {
                    "programme": p,
                    "quotas": [q for q in quotas if q.programme is p],
                    "is_open": p.accepts_nominations_at(now),
                    "on_council": p.pk in council,
                    "runs": staff and runs(user, p),
                }
                for p in programmes
            ],
        )
        return context


class ProgrammeDetailView(ReaderMixin, DetailView):
    """For officers: the programme, its rules and their units' nominations against the quota.
    For staff: the nominations of the units they reach with their eligibility, exception and
    verification; the staff of the unit that runs it also get the programme's next steps."""

    template_name = "awards/programme_detail.html"
    context_object_name = "programme"

    def get_queryset(self):
        return programmes_visible_to(self.request.user).select_related("owner")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, programme, now = self.request.user, self.object, timezone.now()
        staff = is_staff(user)
        context.update(
            now=now,
            is_staff=staff,
            runs=staff and runs(user, programme),
            is_open=programme.accepts_nominations_at(now),
            categories=list(programme.categories.all()),
            rules=programme_rules(programme),
            on_council=programme.council.filter(pk=user.pk).exists(),
        )
        if staff:
            context.update(self.staff_context(programme))
        elif access_of(user).has_role(OFFICER):
            context.update(self.officer_context(programme, now))
        return context

    def rows(self, nominations) -> list[dict]:
        rows = []
        for nomination in nominations:
            nomination.programme = self.object  # the checks read the programme's rules
            rows.append(
                {
                    "nomination": nomination,
                    "failed": failed_checks(nomination_checks(nomination)),
                    "verification": getattr(nomination, "verification", None),
                }
            )
        return rows

    def officer_context(self, programme: AwardProgramme, now) -> dict:
        quotas = unit_quotas(programmes=[programme], units=officer_units(self.request.user))
        nominations = (
            Nomination.objects.visible_to(self.request.user)
            .filter(programme=programme)
            .select_related("entrepreneur", "venture", "unit", "category", "verification")
            .order_by("unit__path", "entrepreneur__full_name", "pk")
        )
        can_add = programme.accepts_nominations_at(now) and any(not q.is_full for q in quotas)
        return {
            "quotas": quotas,
            "rows": self.rows(nominations),
            "can_add": can_add,
            "commended_models": selectors.commended_models(user=self.request.user, programme=programme)
            if can_add
            else [],
        }

    def staff_context(self, programme: AwardProgramme) -> dict:
        status = self.request.GET.get("status", "")
        if status not in Nomination.Status.values:
            status = ""
        nominations = list(
            Nomination.objects.visible_to(self.request.user)
            .filter(programme=programme)
            .select_related("entrepreneur", "venture", "unit", "category", "verification__officer")
            .order_by("unit__path", "entrepreneur__full_name", "pk")
        )
        by_status = Counter(n.status for n in nominations)
        units: dict[int, dict] = {}
        for n in nominations:
            row = units.setdefault(n.unit_id, {"unit": n.unit, "counted": 0, "drafts": 0})
            if n.status == Nomination.Status.DRAFT:
                row["drafts"] += 1
            elif n.status != Nomination.Status.WITHDRAWN:
                row["counted"] += 1
        members = programme.council.count()
        return {
            "status": status,
            "status_counts": [(value, label, by_status.get(value, 0)) for value, label in Nomination.Status.choices],
            "rows": self.rows(n for n in nominations if not status or n.status == status),
            "unit_rows": sorted(units.values(), key=lambda r: r["unit"].path),
            "members": members,
            "votes_cast": CouncilVote.objects.filter(nomination__programme=programme).count(),
        }


@login_required
def programme_guideline_download(request, pk: int):
    """The programme's guideline document, for anyone who may see the programme."""
    if not may_browse(request.user):
        raise PermissionDenied
    programme = get_object_or_404(programmes_visible_to(request.user), pk=pk)
    if not programme.guideline_document:
        raise Http404
    return private_file_response(programme.guideline_document)
