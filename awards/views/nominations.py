"""The units' and staff's side of an award programme: nominations with their evidence and live
eligibility checks, the one-click transitions, staff exceptions, the nomination's files.

Unit officers reach only their units' nominations (`Nomination.objects.visible_to`, so
the id of another unit's nomination is a 404); council members and verifying officers
reach the nominations `selectors.nominations_visible_to` gives them. Handlers parse
the form, call a service, add a message and redirect; a service's refusal becomes a
message or a form error, never an error page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.scoping import access_of
from common.forms import add_service_error
from common.uploads import private_file_response
from programmes.selectors import successful_participants

from .. import selectors, services
from ..eligibility import eligibility_checks, failed_checks, nomination_checks
from ..forms.nominations import (
    ELIGIBILITY_FIELDS,
    EligibilityProbeForm,
    EvidenceFormSet,
    NominationForm,
    OverrideForm,
    evidence_kinds_label,
)
from ..models import AwardProgramme, Nomination, NominationEvidence
from .base import (
    NOMINATION_RELATED,
    _readable,
    is_staff,
    message_of,
    officer_units,
    programme_rules,
    programmes_visible_to,
    runs,
    staff_only,
    unit_quotas,
)


def window_refusal(programme: AwardProgramme, now) -> str | None:
    if programme.accepts_nominations_at(now):
        return None
    if programme.status == AwardProgramme.Status.NOMINATING and now < programme.nomination_opens_at:
        return _("Chương trình nhận hồ sơ từ %(opens)s.") % {
            "opens": timezone.localtime(programme.nomination_opens_at).strftime("%H:%M %d/%m/%Y")
        }
    if programme.status == AwardProgramme.Status.NOMINATING:
        return _("Đã hết hạn gửi hồ sơ (%(deadline)s).") % {
            "deadline": timezone.localtime(programme.nomination_closes_at).strftime("%H:%M %d/%m/%Y")
        }
    return _("Chương trình không ở giai đoạn nhận hồ sơ đề nghị.")


# --- nominations: the form with its evidence --------------------------------------------


class NominationFormMixin:
    """Create or edit a draft with its new evidence files in one form, all or nothing."""

    model = Nomination
    form_class = NominationForm
    template_name = "awards/nomination_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme, "user": self.request.user}

    def get_formset(self):
        if self.request.method == "POST":
            return EvidenceFormSet(self.request.POST, self.request.FILES, prefix="evidence")
        return EvidenceFormSet(prefix="evidence")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("evidence_formset", self.get_formset())
        context = super().get_context_data(programme=self.programme, **kwargs)
        saved = self.object if self.object is not None and self.object.pk else None
        context.update(
            eligibility=self.eligibility(context["form"], saved),
            existing_evidence=list(saved.evidence.all()) if saved else [],
            evidence_kinds=evidence_kinds_label(),
            eligibility_fields=",".join(ELIGIBILITY_FIELDS),
        )
        return context

    def eligibility(self, form, saved: Nomination | None) -> dict:
        """The panel beside the form as it first shows: from what was posted, or the saved draft."""
        if form.is_bound:
            return eligibility_context(programme=self.programme, data=form.data, user=self.request.user)
        if saved is not None:
            return {"checks": nomination_checks(saved), "override": saved.eligibility_override_reason}
        return {"checks": None, "rules": programme_rules(self.programme)}

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if self.object_required else None
        form, formset = self.get_form(), self.get_formset()
        if all([form.is_valid(), formset.is_valid()]):
            nomination = self._save(form, formset)
            if nomination is not None:
                return self._after_save(nomination)
        return self.render_to_response(self.get_context_data(form=form, evidence_formset=formset))

    def _save(self, form, formset) -> Nomination | None:
        nomination = form.instance
        was_new = nomination.pk is None
        try:
            return services.nomination_save_draft(
                nomination=nomination, evidence_files=formset.pairs(), actor=self.request.user
            )
        except ValidationError as error:
            if was_new:
                nomination.pk, nomination._state.adding = None, True
            add_service_error(form, error)
            return None

    def _after_save(self, nomination: Nomination):
        name = nomination.entrepreneur.full_name
        if self.request.POST.get("action") != "submit":
            messages.success(self.request, _("Đã lưu bản nháp hồ sơ đề nghị tuyên dương %(name)s.") % {"name": name})
            return redirect(nomination)
        try:
            services.nomination_submit(nomination=nomination, actor=self.request.user)
        except ValidationError as error:
            messages.warning(
                self.request, _("Đã lưu bản nháp nhưng chưa gửi được: %(reason)s") % {"reason": message_of(error)}
            )
        else:
            messages.success(self.request, _("Đã gửi hồ sơ đề nghị tuyên dương %(name)s.") % {"name": name})
        return redirect(nomination)


class NominationCreateView(LoginRequiredMixin, PermissionRequiredMixin, NominationFormMixin, CreateView):
    permission_required = "awards.nominate"
    object_required = False

    def get_initial(self):
        """`?model=<participant>`: start from a model a model programme proposed to commend."""
        initial = super().get_initial()
        participant_pk = self.request.GET.get("model", "")
        if participant_pk.isdigit():
            participant = get_object_or_404(
                successful_participants(programme=None, user=self.request.user, commended_only=True),
                pk=participant_pk,
            )
            initial.update(selectors.nomination_initial_from_model(participant))
        return initial

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.programme = get_object_or_404(programmes_visible_to(request.user), pk=kwargs["programme_pk"])
            refusal = window_refusal(self.programme, timezone.now())
            if refusal and request.user.has_perm(self.permission_required):
                messages.error(request, refusal)
                return redirect(self.programme)
        return super().dispatch(request, *args, **kwargs)


class NominationUpdateView(LoginRequiredMixin, PermissionRequiredMixin, NominationFormMixin, UpdateView):
    permission_required = "awards.change_nomination"
    object_required = True

    def get_object(self, queryset=None):
        if not hasattr(self, "_nomination"):
            self._nomination = get_object_or_404(
                Nomination.objects.visible_to(self.request.user).select_related(*NOMINATION_RELATED),
                pk=self.kwargs["pk"],
            )
            self.programme = self._nomination.programme
        return self._nomination

    def handle_no_permission(self):
        # A unit's own nomination that is no longer a draft: say why instead of a bare 403.
        if self.request.user.is_authenticated:
            nomination = self.get_object()
            if self.request.user.has_perm("awards.view_nomination", nomination):
                messages.error(self.request, _("Hồ sơ đã gửi không sửa được; hãy rút hồ sơ nếu cần sửa."))
                return redirect(nomination)
        return super().handle_no_permission()


def eligibility_context(*, programme: AwardProgramme, data, user) -> dict:
    """The checks for the nomination form's current values (see `EligibilityProbeForm`)."""
    facts = EligibilityProbeForm(data, user=user).facts()
    if facts["entrepreneur"] is None:
        return {"checks": None, "rules": programme_rules(programme)}
    person, venture = facts["entrepreneur"], facts["venture"]
    return {
        "checks": eligibility_checks(programme=programme, **facts),
        "person": person,
        "age": person.age_on(programme.age_reference_date),
        "venture_mismatch": venture is not None and not venture.owners.filter(pk=person.pk).exists(),
    }


@login_required
@require_POST
def nomination_eligibility(request, programme_pk: int):
    """The live eligibility panel: the form posts its current values on every change (htmx)."""
    if not request.user.has_perm("awards.nominate"):
        raise PermissionDenied
    programme = get_object_or_404(programmes_visible_to(request.user), pk=programme_pk)
    context = eligibility_context(programme=programme, data=request.POST, user=request.user)
    return render(request, "awards/_nomination_eligibility.html", {"programme": programme, "eligibility": context})


class NominationDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    permission_required = "awards.view_nomination"
    template_name = "awards/nomination_detail.html"
    context_object_name = "nomination"

    def get_object(self, queryset=None):
        if not hasattr(self, "_nomination"):
            self._nomination = get_object_or_404(
                selectors.nominations_visible_to(user=self.request.user).select_related(
                    *NOMINATION_RELATED, "created_by", "eligibility_overridden_by", "verification__officer"
                ),
                pk=self.kwargs["pk"],
            )
        return self._nomination

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        nomination, user, now = self.object, self.request.user, timezone.now()
        programme = nomination.programme
        checks = nomination_checks(nomination)
        failed = failed_checks(checks)
        verification = getattr(nomination, "verification", None)
        staff = is_staff(user)
        manages = staff and runs(user, programme)
        in_units = access_of(user).reaches_path(nomination.unit.path) and user.has_perm("awards.nominate")
        is_draft = nomination.status == Nomination.Status.DRAFT
        window_open = programme.accepts_nominations_at(now)
        (quota,) = unit_quotas(programmes=[programme], units=[nomination.unit])
        context.update(
            programme=programme,
            checks=checks,
            checks_context={"checks": checks},
            failed=failed,
            evidence=list(nomination.evidence.all()),
            verification=verification,
            photos=list(verification.photos.all()) if verification else [],
            quota=quota,
            is_staff=staff,
            can_edit=user.has_perm("awards.change_nomination", nomination),
            can_submit=in_units and is_draft and window_open,
            can_withdraw=in_units
            and nomination.status in (Nomination.Status.DRAFT, Nomination.Status.SUBMITTED)
            and programme.status == AwardProgramme.Status.NOMINATING,
            can_override=manages and is_draft and bool(failed),
            override_form=OverrideForm(initial={"reason": nomination.eligibility_override_reason}),
            can_assign=manages
            and nomination.status == Nomination.Status.SUBMITTED
            and programme.council_closed_at is None
            and not (verification and verification.is_done),
            can_verify=verification is not None
            and programme.council_closed_at is None
            and user.has_perm("awards.record_verification", verification),
            # The unit's side and staff see the registry record, the quota and the history;
            # a council member or a verifying officer reads the nomination only.
            unit_side=in_units or staff,
            history=nomination.history.select_related("history_user")[:20] if in_units or staff else [],
        )
        return context


# --- nominations: one-click transitions -------------------------------------------------


def _unit_nomination_or_404(request, pk: int) -> Nomination:
    """A nomination of the user's units: another unit's (or a council member) gets a 404."""
    nomination = get_object_or_404(
        Nomination.objects.visible_to(request.user).select_related("programme", "unit", "entrepreneur"), pk=pk
    )
    if not request.user.has_perm("awards.nominate"):
        raise PermissionDenied
    return nomination


@login_required
@require_POST
def nomination_submit(request, pk: int):
    nomination = _unit_nomination_or_404(request, pk)
    try:
        services.nomination_submit(nomination=nomination, actor=request.user)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(
            request,
            _("Đã gửi hồ sơ đề nghị tuyên dương %(name)s.") % {"name": nomination.entrepreneur.full_name},
        )
    return redirect(nomination)


@login_required
@require_POST
def nomination_withdraw(request, pk: int):
    nomination = _unit_nomination_or_404(request, pk)
    try:
        services.nomination_withdraw(nomination=nomination, actor=request.user)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(
            request,
            _("Đã rút hồ sơ đề nghị tuyên dương %(name)s; hồ sơ không còn tính vào số lượng của đơn vị.")
            % {"name": nomination.entrepreneur.full_name},
        )
    return redirect(nomination)


@staff_only
def nomination_override(request, pk: int):
    """The staff running the programme accept a nomination that fails a rule, with a written
    reason the unit sees."""
    nomination = get_object_or_404(
        Nomination.objects.visible_to(request.user).select_related("programme__owner", "unit", "entrepreneur"), pk=pk
    )
    if not runs(request.user, nomination.programme):
        raise PermissionDenied
    form = OverrideForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.nomination_override_eligibility(
            nomination=nomination, reason=form.cleaned_data["reason"], actor=request.user
        )
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(
            request,
            _("Đã chấp nhận ngoại lệ cho hồ sơ %(name)s; đơn vị có thể gửi hồ sơ.")
            % {"name": nomination.entrepreneur.full_name},
        )
    return redirect(nomination)


# --- files ------------------------------------------------------------------------------


@login_required
def nomination_evidence_download(request, pk: int):
    evidence = get_object_or_404(
        _readable(request.user, NominationEvidence.objects, "nomination").select_related(
            "nomination__programme", "nomination__unit"
        ),
        pk=pk,
    )
    if not request.user.has_perm("awards.view_nomination", evidence.nomination):
        raise Http404
    return private_file_response(evidence.file)


@login_required
def nomination_photo(request, pk: int):
    """The nominee's portrait, shown on the nomination and the council's ballot."""
    nomination = get_object_or_404(
        selectors.nominations_visible_to(user=request.user).select_related("programme", "unit"), pk=pk
    )
    if not nomination.photo or not request.user.has_perm("awards.view_nomination", nomination):
        raise Http404
    return private_file_response(nomination.photo, inline=True)


# --- home page --------------------------------------------------------------------------


def nominations_home_panel(request) -> str | None:
    """Programmes taking nominations on the home page: each of the officer's units against
    the quota and the deadline, or for staff what has been sent. Nothing when none is open."""
    user, now = request.user, timezone.now()
    staff = is_staff(user)
    programmes = (
        programmes_visible_to(user).filter(status=AwardProgramme.Status.NOMINATING).order_by("nomination_closes_at")
    )
    if staff:
        programmes = programmes.annotate(
            sent=Count("nominations", filter=Q(nominations__status=Nomination.Status.SUBMITTED)),
            drafts=Count("nominations", filter=Q(nominations__status=Nomination.Status.DRAFT)),
        )
    programmes = list(programmes)
    if not programmes:
        return None
    units = [] if staff else officer_units(user)
    if not staff and not units:
        return None
    quotas = unit_quotas(programmes=programmes, units=units)
    rows = [
        {
            "programme": p,
            "quotas": [q for q in quotas if q.programme is p],
            "is_open": p.accepts_nominations_at(now),
        }
        for p in programmes
    ]
    for row in rows:
        row["can_add"] = row["is_open"] and any(not q.is_full for q in row["quotas"])
    return render_to_string("awards/_home_nominations.html", {"rows": rows, "is_staff": staff}, request=request)
