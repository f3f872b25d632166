"""Prize certificates of a contest, one PDF page each: the prize, the team and the entry, the
certificate's number, who signs, and the QR code and address of its verification page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from accounts.branding import document_issuer
from common.certificates import Signer, certificate_number, verification_url
from common.formatting import vietnamese_date
from common.pdf import render_pdf

from ..models import Award, Contest, TeamMember


@dataclass
class Certificate:
    prize_name: str
    amount: int
    entry_title: str
    unit_name: str
    lead_name: str = ""
    members: list[str] = field(default_factory=list)
    number: str = ""  # "03/GCN-KN"
    verification_code: str = ""

    @property
    def verification_url(self) -> str:
        return (
            verification_url("competitions:certificate-verify", self.verification_code)
            if self.verification_code
            else ""
        )


def certificates(*, contest: Contest) -> list[Certificate]:
    """One certificate per award, highest prize first; two queries."""
    awards = list(
        Award.objects.filter(tier__contest=contest)
        .order_by("tier__rank", "entry__code", "pk")
        .values_list(
            "entry_id",
            "tier__name",
            "tier__amount",
            "entry__title",
            "entry__unit__name",
            "certificate_serial",
            "verification_code",
        )
    )
    by_entry = {
        entry_id: Certificate(
            prize_name=tier,
            amount=amount,
            entry_title=title,
            unit_name=unit,
            number=certificate_number(serial, contest.certificate_symbol),
            verification_code=code,
        )
        for entry_id, tier, amount, title, unit, serial, code in awards
    }
    for entry_id, role, name in (
        TeamMember.objects.filter(entry_id__in=by_entry)
        .order_by("entry_id", "role", "pk")
        .values_list("entry_id", "role", "entrepreneur__full_name")
    ):
        certificate = by_entry[entry_id]
        if role == TeamMember.Role.LEAD:
            certificate.lead_name = name
        else:
            certificate.members.append(name)
    return [by_entry[entry_id] for entry_id, *_rest in awards]


def certificates_pdf(*, contest: Contest, certificates: list[Certificate]) -> bytes:
    """A4 landscape, one page per award, dated the day results were published (today if not yet)."""
    day = timezone.localdate(contest.results_published_at) if contest.results_published_at else timezone.localdate()
    return render_pdf(
        "competitions/pdf/certificates.html",
        {
            "contest": contest,
            "certificates": certificates,
            "issuer": document_issuer(contest.owner),
            "signer": Signer.of(contest),
            "place_date": vietnamese_date(day),
        },
    )
