"""Bad files are refused by the real upload forms, with the Vietnamese message, and nothing is kept.

`tests/common/test_uploads.py` checks `FileContentValidator` alone; this posts through three
apps' forms (a venture document, a contest entry attachment, award nomination evidence):
an executable renamed .pdf, an HTML page named .pdf, a PDF header followed by an HTML page,
and a PDF over the size limit. A good
PDF through the same post is accepted, so each refusal is the file's doing.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Membership
from awards.models import Nomination, NominationEvidence
from competitions.models import EntryAttachment
from tests.awards.factories import AwardCategoryFactory, AwardProgrammeFactory
from tests.competitions.factories import EntryFactory
from tests.factories import UnitFactory, user_with_role
from tests.ventures.factories import PDF_BYTES, EntrepreneurFactory, VentureFactory
from ventures.models import VentureDocument

pytestmark = pytest.mark.django_db

LIMIT = 4096  # UPLOAD_MAX_BYTES for these tests

EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode"
)
HTML = b'<!DOCTYPE html><html><body><script>fetch("/")</script>%PDF-1.4</body></html>'
# The right first bytes, then a web page: judged by its header alone it passed as a PDF.
PDF_HEADER_THEN_HTML = b'%PDF-1.7\n<!DOCTYPE html><html><body><script>fetch("/")</script></body></html>'
OVERSIZED = PDF_BYTES + b"%" + b"0" * (LIMIT * 2 - len(PDF_BYTES) - 1)  # 8 KB, a well-formed PDF

BAD_FILES = {
    "exe-renamed-pdf": ("bao-cao.pdf", EXE),
    "html-named-pdf": ("bao-cao.pdf", HTML),
    "oversized-pdf": ("bao-cao.pdf", OVERSIZED),
    "pdf-header-then-html": ("bao-cao.pdf", PDF_HEADER_THEN_HTML),
}
TOO_LARGE = "Tệp quá lớn (8,0\xa0KB); dung lượng tối đa là 4,0\xa0KB."
NOT_A_PDF = "Tệp PDF bị hỏng hoặc không đúng định dạng, không mở được. Hãy lưu lại tệp rồi tải lên."
EXPECTED = {"oversized-pdf": TOO_LARGE, "pdf-header-then-html": NOT_A_PDF}


@dataclass(frozen=True)
class Form:
    post: Callable  # (client, upload) -> response
    saved: Callable  # () -> number of rows holding an uploaded file
    wrong_type: str  # the message a file of the wrong kind gets


@pytest.fixture(autouse=True)
def _small_limit_and_private_media(settings, tmp_path):
    settings.UPLOAD_MAX_BYTES = LIMIT
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def unit():
    province = UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind="province")
    return UnitFactory(name="Đoàn phường Tô Hiệu", code="to-hieu", parent=province)


@pytest.fixture
def officer_client(client, unit):
    client.force_login(user_with_role(Membership.Role.OFFICER, unit, username="officer"))
    return client


def _venture_document(unit) -> Form:
    venture = VentureFactory(unit=unit, owners=[EntrepreneurFactory(unit=unit)])
    url = reverse("ventures:venture-document-create", args=[venture.pk])
    return Form(
        post=lambda client, upload: client.post(url, {"title": "Giấy phép kinh doanh", "file": upload}),
        saved=VentureDocument.objects.count,
        wrong_type="Loại tệp không được chấp nhận. Chỉ nhận: PDF, Word (.docx), Excel (.xlsx), JPEG, PNG.",
    )


def _entry_attachment(unit) -> Form:
    entry = EntryFactory(unit=unit)
    url = reverse("competitions:entry-attachment-create", args=[entry.pk])
    return Form(
        post=lambda client, upload: client.post(url, {"kind": "business_plan", "file": upload}),
        saved=EntryAttachment.objects.count,
        wrong_type="Kế hoạch kinh doanh chỉ nhận tệp PDF, Word (.docx); tệp này không đúng loại.",
    )


def _nomination_evidence(unit) -> Form:
    programme = AwardProgrammeFactory()
    category = AwardCategoryFactory(programme=programme)
    person = EntrepreneurFactory(unit=unit, date_of_birth=datetime.date(1998, 5, 20))
    url = reverse("awards:nomination-create", args=[programme.pk])

    def post(client, upload):
        return client.post(
            url,
            {
                "entrepreneur": person.pk,
                "venture": "",
                "category": category.pk,
                "unit": unit.pk,
                "annual_revenue": "1.200.000.000",
                "annual_profit": "300.000.000",
                "jobs_created": "12",
                "average_wage": "6.500.000",
                "scale": "20 ha chè",
                "technology": "Tưới nhỏ giọt",
                "social_contributions": "Hỗ trợ giống cho 30 hộ nghèo",
                "story": "Về quê trồng chè.",
                "endorsement": "Đoàn phường đề nghị.",
                "action": "draft",
                "evidence-TOTAL_FORMS": "1",
                "evidence-INITIAL_FORMS": "0",
                "evidence-MIN_NUM_FORMS": "0",
                "evidence-MAX_NUM_FORMS": "10",
                "evidence-0-title": "Giấy chứng nhận",
                "evidence-0-file": upload,
            },
        )

    return Form(
        post=post,
        saved=lambda: NominationEvidence.objects.count() + Nomination.objects.count(),
        wrong_type="Loại tệp không được chấp nhận. Chỉ nhận: PDF, Word (.docx), JPEG, PNG.",
    )


FORMS = {
    "venture-document": _venture_document,
    "entry-attachment": _entry_attachment,
    "nomination-evidence": _nomination_evidence,
}


def _stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize("form_name", FORMS)
@pytest.mark.parametrize("bad", BAD_FILES)
def test_bad_upload_is_refused_with_a_message_and_nothing_kept(officer_client, unit, settings, form_name, bad):
    form = FORMS[form_name](unit)
    name, content = BAD_FILES[bad]

    response = form.post(officer_client, SimpleUploadedFile(name, content, content_type="application/pdf"))

    assert response.status_code == 200  # the form again, not a redirect
    assert EXPECTED.get(bad, form.wrong_type) in html.unescape(response.content.decode())
    assert form.saved() == 0
    assert _stored_files(settings) == []


@pytest.mark.parametrize("form_name", FORMS)
def test_the_same_post_with_a_good_pdf_is_accepted(officer_client, unit, settings, form_name):
    form = FORMS[form_name](unit)

    response = form.post(officer_client, SimpleUploadedFile("bao-cao.pdf", PDF_BYTES, content_type="application/pdf"))

    assert response.status_code == 302
    assert form.saved() >= 1
    assert [path.read_bytes() for path in _stored_files(settings)] == [PDF_BYTES]
