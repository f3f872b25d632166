"""Public pages, no login: the calendar, an event's page with its registration form,
and the registrant's ticket (QR code, cancellation, feedback, certificate).

A ticket page is reached by its unguessable code, which only the registrant (and the
organisers) know; it shows nothing beyond the person's own name and place.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from common.antispam import PublicFormThrottleMixin, rate_limit_hit
from common.forms import add_service_error
from common.pdf import pdf_response
from common.qr import normalise_ticket_code, qr_svg

from .. import certificates, selectors, services
from ..forms import FeedbackForm, PublicRegistrationForm
from ..models import Event, Registration
from .base import message_of


def calendar(request):
    events = list(selectors.public_calendar())
    return render(request, "events/public_calendar.html", {"events": events, "now": timezone.now()})


def _public_event(pk: int) -> Event:
    return get_object_or_404(
        Event.objects.filter(is_public=True).exclude(status=Event.Status.DRAFT).select_related("unit"), pk=pk
    )


class PublicEventView(PublicFormThrottleMixin, FormView):
    template_name = "events/public_event.html"
    form_class = PublicRegistrationForm
    throttle_scope = "events-registration"

    def dispatch(self, request, *args, **kwargs):
        self.event = _public_event(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = selectors.event_counts(event=self.event)
        capacity = self.event.capacity
        context.update(
            event=self.event,
            open=self.event.accepts_registrations(),
            ended=self.event.has_ended(),
            seats_left=None if capacity is None else max(capacity - counts["confirmed"], 0),
        )
        return context

    def form_valid(self, form):
        try:
            registration = services.registration_create(
                event=self.event, source=Registration.Source.PUBLIC, **form.person_details()
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        if registration.status == Registration.Status.WAITING:
            messages.warning(
                self.request,
                _("Sự kiện đã đủ chỗ: bạn ở danh sách chờ. Chúng tôi sẽ báo khi có chỗ."),
            )
        else:
            messages.success(self.request, _("Đăng ký thành công! Hãy lưu lại trang vé này và mang mã QR khi đến."))
        return redirect(registration.get_ticket_url())


def _ticket(code: str) -> Registration:
    code = normalise_ticket_code(code)
    registration = (
        Registration.objects.select_related("event", "event__unit", "entrepreneur", "unit")
        .filter(ticket_code=code)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def ticket(request, code: str):
    registration = _ticket(code)
    event = registration.event
    now = timezone.now()
    context = {
        "registration": registration,
        "event": event,
        "qr": qr_svg(registration.ticket_code),
        "rank": selectors.waiting_rank(registration),
        "can_cancel": registration.status != Registration.Status.CANCELLED
        and registration.checked_in_at is None
        and now < event.starts_at,
        "can_feedback": registration.attended and event.has_ended(now) and registration.feedback_at is None,
        "can_certificate": registration.attended
        and event.gives_certificates
        and event.has_ended(now)
        and event.has_signer,
        "feedback_form": FeedbackForm(),
    }
    return render(request, "events/ticket.html", context)


@require_POST
def ticket_cancel(request, code: str):
    registration = _ticket(code)
    try:
        services.registration_cancel(registration=registration)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("Đã hủy đăng ký. Cảm ơn bạn đã báo trước để nhường chỗ cho người khác."))
    return redirect(registration.get_ticket_url())


@require_POST
def ticket_feedback(request, code: str):
    if rate_limit_hit(request, "events-feedback"):
        return render(request, "common/too_many_requests.html", status=429)
    registration = _ticket(code)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn mức đánh giá từ 1 đến 5."))
        return redirect(registration.get_ticket_url())
    try:
        services.feedback_submit(
            registration=registration, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("Cảm ơn bạn đã góp ý cho Ban tổ chức."))
    return redirect(registration.get_ticket_url())


def ticket_certificate(request, code: str):
    """A participant's own certificate: training classes only, after attending, once the
    organisers name who signs (the first print issues its number and verification code)."""
    registration = _ticket(code)
    event = registration.event
    if not (registration.attended and event.gives_certificates and event.has_ended() and event.has_signer):
        raise Http404
    (registration,) = services.certificates_issue(event=event, registrations=[registration], actor=None)
    content = certificates.certificates_pdf(event=event, registrations=[registration])
    return pdf_response(content, filename=f"giay-chung-nhan-{registration.certificate_code}.pdf", inline=True)


def certificate_verify(request, code: str):
    """Confirms a certificate of attendance by the code printed on it (and in its QR code); a
    404 page when no certificate has it."""
    certificate = certificates.verified_certificate(code=code)
    context = {"code": code, "certificate": certificate}
    return render(request, "common/certificate_verify.html", context, status=200 if certificate else 404)
