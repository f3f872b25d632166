"""Excel and PDF outputs of an award programme: the honour list and the certificates.

Every output reads the approved nominations through `selectors.honour_roll` (one
query, whatever the number of honourees) and turns them into plain rows before a
write-only workbook or a PDF template sees them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.branding import document_issuer
from common.certificates import Signer, certificate_number
from common.certificates import verification_url as full_verification_url
from common.choices import Ethnicity, Gender
from common.excel import PLAIN, build_workbook
from common.formatting import vietnamese_date
from common.pdf import render_pdf

from . import selectors
from .models import AwardProgramme


def verification_url(code: str) -> str:
    """The public page that confirms a certificate, as printed on it and in its QR code."""
    return full_verification_url("awards:certificate-verify", code)


@dataclass(frozen=True)
class Honouree:
    """One line of the honour list, and the text of one certificate."""

    full_name: str
    birth_year: int
    gender: str
    gender_label: str
    ethnicity: str
    unit_name: str
    category_name: str
    venture_name: str
    annual_revenue: int
    jobs_created: int
    verification_code: str
    number: str = ""  # the certificate's number: "05/GCN-TĐTN"

    @property
    def salutation(self) -> str:
        """How a certificate addresses the honouree: "Anh" or "Chị", nothing when unknown."""
        return {Gender.MALE: _("Anh"), Gender.FEMALE: _("Chị")}.get(self.gender, "")

    @property
    def verification_url(self) -> str:
        return verification_url(self.verification_code) if self.verification_code else ""


def honourees(*, programme: AwardProgramme) -> list[Honouree]:
    """The programme's approved nominations, by category then name; one query."""
    genders = {value: str(label) for value, label in Gender.choices}
    ethnicities = {value: str(label) for value, label in Ethnicity.choices}
    result = []
    for nomination in selectors.honour_roll(programme=programme):
        person = nomination.entrepreneur
        result.append(
            Honouree(
                full_name=person.full_name,
                birth_year=person.date_of_birth.year,
                gender=person.gender,
                gender_label=genders.get(person.gender, ""),
                ethnicity=ethnicities.get(person.ethnicity, ""),
                unit_name=nomination.unit.name,
                category_name=nomination.category.name,
                venture_name=nomination.venture.name if nomination.venture else "",
                annual_revenue=nomination.annual_revenue,
                jobs_created=nomination.jobs_created,
                verification_code=nomination.verification_code,
                number=certificate_number(nomination.certificate_serial, programme.certificate_symbol),
            )
        )
    return result


def _decision(programme: AwardProgramme) -> dict:
    """The decision that commends the honourees, and the date the documents carry.

    Documents are dated the day of the decision; before staff record it, today.
    """
    day = programme.decision_date or timezone.localdate()
    decision = ""
    if programme.decision_number:
        decision = _("Quyết định số %(number)s") % {"number": programme.decision_number}
        if programme.decision_date:
            decision += " " + vietnamese_date(programme.decision_date)
    return {"decision": decision, "place_date": vietnamese_date(day), "issuer": document_issuer(programme.owner)}


# --- the honour list (Excel and PDF) --------------------------------------------------


def honour_list_workbook(*, programme: AwardProgramme) -> bytes:
    headers = [
        _("STT"),
        _("Họ và tên"),
        _("Năm sinh"),
        _("Giới tính"),
        _("Dân tộc"),
        _("Đơn vị"),
        _("Lĩnh vực"),
        _("Mô hình"),
        _("Doanh thu năm (đồng)"),
        _("Lao động"),
        _("Mã xác minh"),
    ]

    def rows() -> Iterator[list]:
        for number, person in enumerate(honourees(programme=programme), start=1):
            yield [
                number,
                person.full_name,
                person.birth_year,
                person.gender_label,
                person.ethnicity,
                person.unit_name,
                person.category_name,
                person.venture_name,
                person.annual_revenue,
                person.jobs_created,
                person.verification_code,
            ]

    return build_workbook(
        title=_("Danh sách tuyên dương"),
        headers=headers,
        rows=rows(),
        key_columns=2,
        formats={2: PLAIN},  # the year of birth, not 1,998
    )


def honour_list_pdf(*, programme: AwardProgramme) -> bytes:
    """A4 landscape: the list attached to the decision, grouped by category, signed."""
    return render_pdf(
        "awards/pdf/honour_list.html",
        {"programme": programme, "honourees": honourees(programme=programme), **_decision(programme)},
    )


# --- certificates (PDF) ---------------------------------------------------------------


def certificates_pdf(*, programme: AwardProgramme, certificates: list[Honouree]) -> bytes:
    """A4 landscape, one page per honouree: its number, the signer, and the QR code and
    address of its verification page."""
    return render_pdf(
        "awards/pdf/certificates.html",
        {
            "programme": programme,
            "certificates": certificates,
            "signer": Signer.of(programme),
            **_decision(programme),
        },
    )
