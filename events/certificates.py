"""Certificates of attendance of a training class: the PDF (a page each) and what the public
verification page shows. Each carries its number in the event's register, who signs for the
organisers, and the QR code and address of its verification page (`common.certificates`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.branding import document_issuer
from common.certificates import Signer, VerifiedCertificate, certificate_number, normalise_code, verification_url
from common.formatting import format_date, vietnamese_date
from common.pdf import render_pdf

from .models import Event, Registration


@dataclass(frozen=True)
class AttendanceCertificate:
    person_name: str
    person_birth: object  # a date or None: printed on the paper, never on the public page
    place: str  # the person's unit or organisation
    number: str
    verification_code: str

    @property
    def verification_url(self) -> str:
        return verification_url("events:certificate-verify", self.verification_code) if self.verification_code else ""


def certificates_pdf(*, event: Event, registrations: list[Registration]) -> bytes:
    """A4 landscape, a page per issued registration (see `services.certificates_issue`)."""
    certificates = [
        AttendanceCertificate(
            person_name=r.person_name,
            person_birth=r.person_birth,
            place=r.unit.name if r.unit_id else r.organisation,
            number=certificate_number(r.certificate_serial, event.certificate_symbol),
            verification_code=r.certificate_code,
        )
        for r in registrations
    ]
    return render_pdf(
        "events/pdf/certificate.html",
        {
            "event": event,
            "certificates": certificates,
            "issuer": document_issuer(event.unit),
            "signer": Signer.of(event),
            "place_date": vietnamese_date(timezone.localtime(event.ends_at).date()),
            "start": timezone.localtime(event.starts_at),
            "end": timezone.localtime(event.ends_at),
        },
    )


def verified_certificate(*, code: str) -> VerifiedCertificate | None:
    """What the public page shows of the certificate with this code: the person's name and
    unit, the class, its dates and organisers; never a birth date, phone or email. None for a
    code no certificate has, or one of a voided event."""
    code = normalise_code(code)
    if not code:
        return None
    registration = (
        Registration.objects.filter(certificate_code=code, event__voided_at__isnull=True)
        .select_related("event__unit", "entrepreneur", "unit")
        .first()
    )
    if registration is None:
        return None
    event = registration.event
    start, end = timezone.localtime(event.starts_at).date(), timezone.localtime(event.ends_at).date()
    place = registration.unit.name if registration.unit_id else registration.organisation
    details = [(_("Đơn vị"), place)] if place else []
    details.append(
        (_("Thời gian"), _("Từ %(start)s đến %(end)s") % {"start": format_date(start), "end": format_date(end)})
    )
    if event.venue:
        details.append((_("Địa điểm"), event.venue))
    return VerifiedCertificate(
        number=certificate_number(registration.certificate_serial, event.certificate_symbol),
        code=registration.certificate_code,
        holder=registration.person_name,
        title=_("Đã tham gia và hoàn thành %(event)s") % {"event": event.get_kind_display().lower()},
        programme=event.title,
        issued_on=end,
        issuer=document_issuer(event.unit).name,
        signer=Signer.of(event),
        details=details,
    )
