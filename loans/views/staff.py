"""Staff pages: loan programmes, bank branches, contest entries awaiting a referral, the
dashboard; and the records units keep (mobilisation events, partner agreements)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import CreateView, ListView, TemplateView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from common.excel import xlsx_response
from common.forms import add_service_error
from common.registry import CONTEST_ENTRY, capital_key

from .. import selectors, services
from ..exports import dashboard_workbook
from ..forms import AgreementForm, BranchForm, EventForm, ProgrammeForm, ReferralFilterForm
from ..models import BankBranch, LoanProgramme, MobilisationEvent, PartnerAgreement
from .base import BrowseMixin, ReferMixin, StaffMixin, is_staff, staff_post

# --- programmes and branches -------------------------------------------------------------


class ProgrammeListView(BrowseMixin, ListView):
    """The programmes and branches the user sees (their union's, those above it; a liaison's
    province's); the ones they keep link to their edit page."""

    template_name = "loans/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return LoanProgramme.objects.visible_to(self.request.user).select_related("owner")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        branches = (
            BankBranch.objects.visible_to(user)
            .select_related("parent", "province")
            .prefetch_related("units", "liaisons")
        )
        context.update(
            branches=branches,
            can_manage=user.has_perm("loans.keep_programme"),
            kept_programmes={p.pk for p in context["programmes"] if user.has_perm("loans.keep_programme", p)},
            kept_branches={b.pk for b in branches if user.has_perm("loans.keep_programme", b)},
        )
        return context


class KeepMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Create pages: any staff role (the owner's choices are the units they run); edit pages:
    the staff of the owner (404 beyond what the user sees, 403 for what they only read)."""

    permission_required = "loans.keep_programme"
    template_name = "loans/form_page.html"
    success_url = reverse_lazy("loans:programme-list")

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class ProgrammeFormMixin(KeepMixin):
    model = LoanProgramme
    form_class = ProgrammeForm

    def form_valid(self, form):
        try:
            services.programme_save(programme=form.instance, owner=form.cleaned_data["owner"], actor=self.request.user)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã lưu chương trình %(name)s.") % {"name": form.instance.name})
        return redirect(self.success_url)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("Chương trình vay vốn"), cancel_url=reverse("loans:programme-list"), **kwargs
        )


class ProgrammeCreateView(ProgrammeFormMixin, CreateView):
    pass


class ProgrammeUpdateView(ProgrammeFormMixin, UpdateView):
    pass


class BranchFormMixin(KeepMixin):
    model = BankBranch
    form_class = BranchForm

    def form_valid(self, form):
        try:
            services.branch_save(
                branch=form.instance,
                province=form.cleaned_data["province"],
                units=form.cleaned_data["units"],
                liaisons=form.cleaned_data["liaisons"],
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã lưu %(name)s.") % {"name": form.instance.name})
        return redirect(self.success_url)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("Chi nhánh, phòng giao dịch NHCSXH"), cancel_url=reverse("loans:programme-list"), **kwargs
        )


class BranchCreateView(BranchFormMixin, CreateView):
    pass


class BranchUpdateView(BranchFormMixin, UpdateView):
    pass


# --- contest entries marked for capital support ---------------------------------------------


class CapitalEntryListView(StaffMixin, ListView):
    """Contest entries proposed for capital support and not referred yet, read as plain
    `CapitalProposal` values through `common.registry` (this app imports no other programme app)."""

    template_name = "loans/entry_list.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        return selectors.capital_proposals_awaiting(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programmes = list(LoanProgramme.objects.visible_to(self.request.user).filter(is_active=True))
        default = next((p for p in programmes if p.takes_contest_entries), programmes[0] if programmes else None)
        context.update(programmes=programmes, default_programme=default)
        return context


@staff_post
def entry_refer(request, entry_pk: int):
    """One click: the entry becomes a referral at "submitted to the group"."""
    proposal = selectors.capital_proposal_awaiting(user=request.user, key=capital_key(CONTEST_ENTRY, entry_pk))
    if proposal is None:
        raise Http404
    programme = None
    if request.POST.get("programme", "").isdigit():
        programme = get_object_or_404(
            LoanProgramme.objects.visible_to(request.user).filter(is_active=True), pk=request.POST["programme"]
        )
    try:
        referral = services.capital_proposal_refer(proposal=proposal, actor=request.user, programme=programme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("loans:entry-list")
    messages.success(
        request,
        _("Đã chuyển bài dự thi “%(title)s” thành hồ sơ vay vốn của %(name)s.")
        % {"title": proposal.title, "name": referral.entrepreneur.full_name},
    )
    return redirect(referral)


# --- dashboard -----------------------------------------------------------------------------


class DashboardView(BrowseMixin, TemplateView):
    template_name = "loans/dashboard.html"

    def has_permission(self) -> bool:
        return self.request.user.has_perm("loans.refer")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ReferralFilterForm(self.request.GET or None, user=self.request.user)
        referrals = selectors.referrals_for(user=self.request.user, filters=form.filters())
        context.update(
            filter_form=form, data=selectors.dashboard(referrals=referrals), is_staff=is_staff(self.request.user)
        )
        return context


@login_required
def dashboard_export(request):
    if not request.user.is_authenticated or not request.user.has_perm("loans.refer"):
        raise PermissionDenied
    form = ReferralFilterForm(request.GET or None, user=request.user)
    data = selectors.dashboard(referrals=selectors.referrals_for(user=request.user, filters=form.filters()))
    return xlsx_response(dashboard_workbook(data), filename="tong-hop-vay-von.xlsx")


# --- mobilisation events and partner agreements ---------------------------------------------


class EventListView(ReferMixin, ListView):
    template_name = "loans/event_list.html"
    context_object_name = "events"
    paginate_by = 25

    def get_queryset(self):
        return MobilisationEvent.objects.visible_to(self.request.user).select_related("unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            agreements=PartnerAgreement.objects.visible_to(self.request.user).select_related("unit"),
            can_manage=self.request.user.has_perm("loans.manage"),
        )
        return context


class EventCreateView(ReferMixin, CreateView):
    model = MobilisationEvent
    form_class = EventForm
    template_name = "loans/form_page.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            services.event_save(event=form.instance, actor=self.request.user)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã ghi nhận %(title)s.") % {"title": form.instance.title})
        return redirect("loans:event-list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("Ngày hội huy động tiết kiệm"), cancel_url=reverse("loans:event-list"), **kwargs
        )


class AgreementCreateView(StaffMixin, CreateView):
    model = PartnerAgreement
    form_class = AgreementForm
    template_name = "loans/form_page.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            services.agreement_save(agreement=form.instance, actor=self.request.user)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Đã ghi nhận thỏa thuận với %(name)s.") % {"name": form.instance.partner_name}
        )
        return redirect("loans:event-list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("Thỏa thuận tài trợ"), cancel_url=reverse("loans:event-list"), **kwargs
        )
