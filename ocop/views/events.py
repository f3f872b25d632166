"""Promotion events (trade fairs, "phiên chợ online") and the products that took part."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from common.forms import add_service_error

from .. import selectors, services
from ..forms import EventForm, ParticipationForm
from ..models import Participation, PromotionEvent
from .base import message_of, require


class EventListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "ocop.view_cycles"
    template_name = "ocop/event_list.html"
    context_object_name = "events"
    paginate_by = 30

    def get_queryset(self):
        return (
            PromotionEvent.objects.visible_to(self.request.user)
            .select_related("cycle")
            .annotate(
                products=Count("participations"),
                sales=Sum("participations__sales"),
                orders=Sum("participations__orders"),
            )
            .order_by("-starts_on", "pk")
        )


@login_required
def event_form(request, pk: int | None = None):
    """Record an event, or change one of a cycle the user runs (another unit's: 403)."""
    event = get_object_or_404(PromotionEvent.objects.visible_to(request.user), pk=pk) if pk else None
    require(request.user, "ocop.manage_events", event)
    event = event or PromotionEvent()
    form = EventForm(request.POST or None, instance=event, cycles=selectors.cycles_run_by(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_save(event=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Đã lưu sự kiện %(name)s.") % {"name": event.name})
            return redirect(event)
    return render(request, "ocop/event_form.html", {"form": form, "event": event})


def _event_context(request, event, form=None) -> dict:
    can_manage = request.user.has_perm("ocop.manage_events", event)
    participations = Participation.objects.visible_to(request.user).filter(event=event)
    participations = participations.select_related("product__venture", "product__commune", "product__current_rating")
    totals = participations.aggregate(sales=Sum("sales"), orders=Sum("orders"))
    return {
        "event": event,
        "participations": participations,
        "totals": totals,
        "can_manage": can_manage,
        "form": form or (ParticipationForm(event=event, user=request.user) if can_manage else None),
    }


@login_required
def event_detail(request, pk: int):
    event = get_object_or_404(PromotionEvent.objects.visible_to(request.user), pk=pk)
    return render(request, "ocop/event_detail.html", _event_context(request, event))


@login_required
@require_POST
def participation_add(request, pk: int):
    event = get_object_or_404(PromotionEvent.objects.visible_to(request.user), pk=pk)
    require(request.user, "ocop.manage_events", event)
    form = ParticipationForm(request.POST, event=event, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.participation_record(
                event=event,
                product=data["product"],
                sales=data["sales"] or 0,
                orders=data["orders"] or 0,
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận sản phẩm tham gia."))
            return redirect(event)
    return render(request, "ocop/event_detail.html", _event_context(request, event, form))


@login_required
@require_POST
def participation_remove(request, pk: int):
    participation = get_object_or_404(
        Participation.objects.visible_to(request.user)
        .filter(event__in=PromotionEvent.objects.visible_to(request.user))
        .select_related("event__cycle__owner"),
        pk=pk,
    )
    require(request.user, "ocop.manage_events", participation.event)
    try:
        services.participation_remove(participation=participation, actor=request.user)
    except ValidationError as error:  # pragma: no cover - nothing refuses today
        messages.error(request, message_of(error))
    return redirect(participation.event)
