"""What every certificate the portal issues carries: its number in the programme's register,
its signer, and the public page (by an unguessable code) that confirms it.

Each programme app keeps its certificates on its own rows (a nomination, a prize, an
attendance) and its own verification page; they share the register, the code, the
signature block and the page's layout through this module and
`templates/common/certificate_verify.html`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from .models import CertificateIssuer
from .qr import new_ticket_code

VERIFICATION_CODE_LENGTH = 12


def new_verification_code() -> str:
    """A code printed on a certificate (unambiguous letters and digits, about 59 bits): not a
    row's id, so nobody finds another certificate by counting."""
    return new_ticket_code(length=VERIFICATION_CODE_LENGTH)


def normalise_code(raw: str) -> str:
    """What a person typed or a scanner read, as stored (upper case, letters and digits only)."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def certificate_number(serial: int | None, symbol: str) -> str:
    """The printed number, "05/GCN-TĐTN" (numbers under 10 with a leading zero, as the State's
    and the Union's documents are numbered); empty before one is given."""
    if not serial:
        return ""
    return f"{serial:02d}/{symbol}" if symbol else f"{serial:02d}"


@transaction.atomic
def take_certificate_serials(issuer: CertificateIssuer, count: int) -> list[int]:
    """The next `count` numbers of the issuer's register, taken under a lock of its row, so two
    issues at once never get the same number. `issuer.certificates_issued` is updated too."""
    if count <= 0:
        return []
    model = type(issuer)
    last = model.objects.select_for_update().filter(pk=issuer.pk).values_list("certificates_issued", flat=True).get()
    model.objects.filter(pk=issuer.pk).update(certificates_issued=F("certificates_issued") + count)
    issuer.certificates_issued = last + count
    return list(range(last + 1, last + count + 1))


def unique_codes(count: int, *, taken) -> list[str]:
    """`count` new verification codes that `taken(codes)` (the set of those already used) does not hold."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {new_verification_code() for _n in range(count - len(codes))} - codes
        codes |= wanted - set(taken(wanted))
    return sorted(codes)


def verification_url(url_name: str, code: str) -> str:
    """The full address of a verification page, as printed and put in the QR code."""
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(url_name, kwargs={"code": code})


@dataclass(frozen=True)
class Signer:
    """Who signs: printed under the signing line ("TM. BAN THƯỜNG VỤ", the title, the name)."""

    name: str
    title: str

    @classmethod
    def of(cls, issuer: CertificateIssuer) -> Signer:
        return cls(name=issuer.signer_name.strip(), title=issuer.signer_title.strip())


@dataclass(frozen=True)
class VerifiedCertificate:
    """What the public verification page shows of a genuine certificate: nothing private
    (no date of birth, phone, citizen id or address), only what the paper itself prints."""

    number: str
    code: str
    holder: str
    title: str  # what it certifies: "Giải Nhất", "Được tuyên dương…", "Đã hoàn thành lớp…"
    programme: str
    issued_on: datetime.date | None
    issuer: str
    signer: Signer
    programme_url: str = ""
    details: list[tuple[str, str]] = field(default_factory=list)  # (label, value) lines
