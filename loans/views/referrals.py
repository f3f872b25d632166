"""Referrals: the list (with the late ones flagged), the web form, the referral's page with its
steps and the form for the next one, the Excel export, and the liaison's home panel.

Every path starts from `Referral.objects.visible_to(user)`, so another unit's referral, or
one not yet sent to a liaison's branch, is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from common.excel import xlsx_response
from common.figures import remembered_count_paginator
from common.forms import add_service_error

from .. import selectors, services, workflow
from ..exports import referrals_workbook
from ..forms import ReferralFilterForm, ReferralForm, StepForm
from ..models import Referral
from .base import BrowseMixin, ReferMixin, is_staff


class ReferralListView(BrowseMixin, ListView):
    template_name = "loans/referral_list.html"
    context_object_name = "referrals"
    paginate_by = 25
    # The row count is kept until a referral changes (`common.figures`).
    paginator_class = remembered_count_paginator("loans")
    bank_queue = False

    def get_queryset(self):
        self.filter_form = ReferralFilterForm(self.request.GET or None, user=self.request.user)
        filters = self.filter_form.filters()
        if self.bank_queue:
            filters["bank"] = True
        return selectors.referrals_for(user=self.request.user, filters=filters).order_by("status_on", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for referral in context["referrals"]:
            referral.late = referral.is_late_on(today)
        context.update(
            filter_form=self.filter_form,
            bank_queue=self.bank_queue,
            can_refer=self.request.user.has_perm("loans.refer"),
            is_staff=is_staff(self.request.user),
        )
        return context

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return ["loans/_referral_table.html"]
        return [self.template_name]


class BankQueueView(ReferralListView):
    """The liaison's list: referrals waiting for the bank (sent, approved not yet disbursed)."""

    bank_queue = True


class ReferralCreateView(ReferMixin, CreateView):
    model = Referral
    form_class = ReferralForm
    template_name = "loans/referral_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        if self.request.method == "GET" and self.request.GET.get("entrepreneur"):
            kwargs.setdefault("initial", {})["entrepreneur"] = self.request.GET["entrepreneur"]
        return kwargs

    def form_valid(self, form):
        try:
            referral = services.referral_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Đã lập hồ sơ giới thiệu vay vốn cho %(name)s.") % {"name": referral.entrepreneur.full_name},
        )
        return redirect(referral)


class ReferralUpdateView(ReferMixin, UpdateView):
    model = Referral
    form_class = ReferralForm
    template_name = "loans/referral_form.html"

    def get_queryset(self):
        return Referral.objects.visible_to(self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "editing": True}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(self.permission_required):
            referral = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            if referral.status in Referral.BANK_STATUSES:
                messages.error(request, _("Hồ sơ đã gửi ngân hàng, không sửa được nội dung đề nghị."))
                return redirect(referral)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form.fields}
        original = Referral.objects.get(pk=self.object.pk)
        try:
            referral = services.referral_update(referral=original, actor=self.request.user, **fields)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã cập nhật hồ sơ."))
        return redirect(referral)


class ReferralDetailView(BrowseMixin, DetailView):
    template_name = "loans/referral_detail.html"
    context_object_name = "referral"

    def get_queryset(self):
        return Referral.objects.visible_to(self.request.user).select_related(
            *selectors.REFERRAL_RELATED, "created_by", "branch__parent"
        )

    def get_context_data(self, step_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        referral, user = self.object, self.request.user
        step_form = step_form or StepForm(referral=referral, user=user)
        reached = {s.to_status for s in referral.steps.all()}
        context.update(
            steps=referral.steps.select_related("recorded_by"),
            step_form=step_form,
            path=[(s, s.label, s in reached, s == referral.status) for s in map(Referral.Status, workflow.MAIN_PATH)],
            late=referral.is_late,
            can_edit=referral.status not in Referral.BANK_STATUSES
            and user.has_perm("loans.record_union_step", referral),
            history=referral.history.select_related("history_user").order_by("-history_date")[:20],
            waiting_side=workflow.side_of(referral.status),
            can_view_person=user.has_perm("ventures.view_entrepreneur", referral.entrepreneur),
            # The proposal it came from (a contest entry), linked when the viewer may open it.
            source_url=selectors.referral_source_link(referral=referral, viewer=user),
        )
        return context


@login_required
@require_POST
def referral_step(request, pk: int):
    """Record the next step from the form on the referral's page."""
    if not request.user.has_perm("loans.browse"):
        raise PermissionDenied
    referral = get_object_or_404(Referral.objects.visible_to(request.user), pk=pk)
    form = StepForm(request.POST, referral=referral, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_record_step(
                referral=referral,
                to_status=data["to_status"],
                on=data["on"],
                note=data.get("note", ""),
                amount=data.get("amount"),
                term_months=data.get("term_months"),
                branch=data.get("branch"),
                actor=request.user,
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(referral)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Đã ghi nhận bước “%(step)s”.") % {"step": Referral.Status(data["to_status"]).label},
            )
            return redirect(referral)
    view = ReferralDetailView()
    view.setup(request, pk=pk)
    view.object = referral
    response = view.render_to_response(view.get_context_data(step_form=form))
    response.status_code = 200
    return response


@login_required
def referral_export(request):
    """The filtered list as an Excel workbook."""
    if not request.user.has_perm("loans.browse"):
        raise PermissionDenied
    form = ReferralFilterForm(request.GET or None, user=request.user)
    referrals = selectors.referrals_for(user=request.user, filters=form.filters()).order_by("unit__path", "pk")
    today = timezone.localdate()
    return xlsx_response(referrals_workbook(referrals, today=today), filename=f"ho-so-vay-von-{today:%Y%m%d}.xlsx")


def liaison_home_panel(request) -> str | None:
    """Referrals waiting for the bank, at the branches where the user is a liaison."""
    referrals = list(
        Referral.objects.visible_to(request.user)
        .filter(status__in=Referral.BANK_TURN)
        .select_related("entrepreneur", "unit", "programme", "branch")
        .order_by("status_on", "pk")[:10]
    )
    today = timezone.localdate()
    for r in referrals:
        r.late = r.is_late_on(today)
    return render_to_string("loans/_home_liaison.html", {"referrals": referrals}, request=request)


def officer_home_panel(request) -> str | None:
    """Referrals of the user's units that are late at the union's steps."""
    late = (
        selectors.referrals_for(user=request.user, filters={"late": True})
        .exclude(status__in=Referral.BANK_TURN)
        .order_by("status_on")
    )
    referrals = list(late[:8])
    if not referrals:
        return None
    return render_to_string("loans/_home_late.html", {"referrals": referrals}, request=request)
