"""Field verification: staff assign an officer to visit a sent nomination; the
officer (or staff) records the visit and its photos, which others who may see the
nomination read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from common.forms import add_service_error
from common.uploads import private_file_response

from .. import services
from ..forms.nominations import VerificationAssignForm, VerificationRecordForm
from ..models import FieldVerification, Nomination, VerificationPhoto
from .base import NOMINATION_RELATED, StaffMixin, _readable


@login_required
def verification_photo(request, pk: int):
    photo = get_object_or_404(
        _readable(request.user, VerificationPhoto.objects, "verification__nomination").select_related(
            "verification__nomination__programme", "verification__nomination__unit"
        ),
        pk=pk,
    )
    if not request.user.has_perm("awards.view_nomination", photo.verification.nomination):
        raise Http404
    return private_file_response(photo.file, inline=True)


class VerificationAssignView(StaffMixin, FormView):
    """Staff ask an officer to visit the nominee's model and record what they find."""

    template_name = "awards/verification_assign.html"
    form_class = VerificationAssignForm

    @cached_property
    def nomination(self) -> Nomination:
        # Looked up after the staff role is checked, so an officer or judge gets a 403, not a 404.
        return get_object_or_404(
            Nomination.objects.visible_to(self.request.user).select_related(
                *NOMINATION_RELATED, "programme__owner", "verification__officer"
            ),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        """The nomination: its programme must be run by the user's unit."""
        return self.nomination

    def get_initial(self):
        verification = getattr(self.nomination, "verification", None)
        return {"officer": verification.officer_id} if verification else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            nomination=self.nomination, verification=getattr(self.nomination, "verification", None), **kwargs
        )

    def form_valid(self, form):
        officer = form.cleaned_data["officer"]
        try:
            services.verification_assign(nomination=self.nomination, officer=officer, actor=self.request.user)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Đã giao %(officer)s thẩm định thực tế hồ sơ %(name)s.")
            % {"officer": officer.get_full_name(), "name": self.nomination.entrepreneur.full_name},
        )
        return redirect(self.nomination)


class VerificationRecordView(LoginRequiredMixin, View):
    """The assigned officer (or staff) records the visit; others who may see the nomination read it."""

    template_name = "awards/verification_record.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self._verification = None

    def verification(self) -> FieldVerification:
        if self._verification is None:
            verification = get_object_or_404(
                _readable(self.request.user, FieldVerification.objects, "nomination").select_related(
                    *(f"nomination__{name}" for name in NOMINATION_RELATED), "officer", "assigned_by"
                ),
                pk=self.kwargs["pk"],
            )
            if not self.request.user.has_perm("awards.view_nomination", verification.nomination):
                raise Http404
            self._verification = verification
        return self._verification

    def can_record(self, verification: FieldVerification) -> bool:
        return verification.nomination.programme.council_closed_at is None and self.request.user.has_perm(
            "awards.record_verification", verification
        )

    def get(self, request, pk: int):
        verification = self.verification()
        form = VerificationRecordForm(initial=VerificationRecordForm.initial_for(verification))
        return self.render(verification, form)

    def post(self, request, pk: int):
        verification = self.verification()
        if not self.can_record(verification):
            raise PermissionDenied
        form = VerificationRecordForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.verification_record(
                    verification=verification,
                    visited_on=data["visited_on"],
                    findings=data["findings"],
                    confirmed=data["confirmed"],
                    photos=data["photos"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Đã ghi kết quả thẩm định hồ sơ %(name)s.")
                    % {"name": verification.nomination.entrepreneur.full_name},
                )
                return redirect("awards:verification-record", pk=verification.pk)
        return self.render(verification, form)

    def render(self, verification: FieldVerification, form):
        return render(
            self.request,
            self.template_name,
            {
                "verification": verification,
                "nomination": verification.nomination,
                "photos": list(verification.photos.all()),
                "form": form,
                "can_record": self.can_record(verification),
            },
        )
