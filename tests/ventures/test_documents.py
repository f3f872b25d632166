"""Venture documents: uploaded files checked by content and size, downloaded only by who may see the venture."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.utils import close_response
from tests.ventures.factories import PDF_BYTES, VentureDocumentFactory
from ventures.models import VentureDocument

pytestmark = pytest.mark.django_db


def _upload_url(venture):
    return reverse("ventures:venture-document-create", args=[venture.pk])


def _download(client, document):
    response = client.get(reverse("ventures:venture-document-download", args=[document.pk]))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    close_response(response)
    return response, body


def test_document_upload_stores_pdf_and_lists_it(officer_client, officer, venture, settings):
    upload = SimpleUploadedFile("giay-phep.pdf", PDF_BYTES, content_type="application/pdf")

    response = officer_client.post(
        _upload_url(venture), {"title": "Giấy phép kinh doanh", "file": upload}, follow=True
    )

    document = VentureDocument.objects.get()
    content = response.content.decode()
    assert response.redirect_chain == [(venture.get_absolute_url(), 302)]
    assert "Đã tải lên tài liệu." in content
    assert "Giấy phép kinh doanh" in content
    assert (document.venture, document.uploaded_by) == (venture, officer)
    assert (settings.MEDIA_ROOT / document.file.name).read_bytes() == PDF_BYTES


def test_document_upload_page_explains_accepted_files(officer_client, venture):
    response = officer_client.get(_upload_url(venture))

    assert response.status_code == 200
    assert "Nhận PDF, Word (.docx), Excel (.xlsx), ảnh JPEG hoặc PNG" in response.content.decode()


def test_document_download_returns_bytes_as_attachment(officer_client, venture):
    document = VentureDocumentFactory(venture=venture)

    response, body = _download(officer_client, document)

    assert response.status_code == 200
    assert body == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="giay-chung-nhan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_document_download_round_trip_through_the_form(officer_client, venture):
    upload = SimpleUploadedFile("Giấy phép.pdf", PDF_BYTES, content_type="application/pdf")
    officer_client.post(_upload_url(venture), {"title": "Giấy phép", "file": upload})

    response, body = _download(officer_client, VentureDocument.objects.get())

    assert body == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''Gi%E1%BA%A5y")


def test_document_download_of_branch_venture_for_commune_officer(officer_client, branch_venture):
    document = VentureDocumentFactory(venture=branch_venture)

    response, body = _download(officer_client, document)

    assert (response.status_code, body) == (200, PDF_BYTES)


def test_document_download_is_404_for_another_commune_officer(client, other_officer, venture):
    document = VentureDocumentFactory(venture=venture)
    client.force_login(other_officer)

    response, body = _download(client, document)

    assert response.status_code == 404
    assert PDF_BYTES not in body


def test_document_download_redirects_anonymous(client, venture):
    document = VentureDocumentFactory(venture=venture)

    response, body = _download(client, document)

    assert response.status_code == 302
    assert PDF_BYTES not in body


WRONG_TYPE = "Loại tệp không được chấp nhận. Chỉ nhận: PDF, Word (.docx), Excel (.xlsx), JPEG, PNG."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("giay-phep.pdf", b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>", WRONG_TYPE),
        ("anh.png", PDF_BYTES, WRONG_TYPE),
        ("giay-phep.html", PDF_BYTES, WRONG_TYPE),
        ("bang-tinh.xlsx", b"PK\x03\x04" + b"\x00" * 40, WRONG_TYPE),
        ("giay-phep.pdf", b"", "Tập tin được gửi là rỗng."),
    ],
    ids=["html-as-pdf", "pdf-as-png", "pdf-as-html", "broken-zip", "empty"],
)
def test_document_upload_rejects_wrong_type_and_saves_nothing(
    officer_client, venture, settings, name, content, message
):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")

    response = officer_client.post(_upload_url(venture), {"title": "Giấy phép", "file": upload})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not VentureDocument.objects.exists()
    assert not (settings.MEDIA_ROOT / "ventures").exists()


def test_document_upload_rejects_too_large_file_and_saves_nothing(officer_client, venture, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    upload = SimpleUploadedFile("giay-phep.pdf", PDF_BYTES + b"\n%" + b"x" * 2000, content_type="application/pdf")

    response = officer_client.post(_upload_url(venture), {"title": "Giấy phép", "file": upload})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Tệp quá lớn" in content
    assert "dung lượng tối đa là 1,0\xa0KB" in content
    assert not VentureDocument.objects.exists()
    assert not (settings.MEDIA_ROOT / "ventures").exists()


def test_document_upload_requires_title_and_file(officer_client, venture):
    response = officer_client.post(_upload_url(venture), {"title": ""})

    assert response.status_code == 200
    assert response.content.decode().count("Trường này là bắt buộc.") == 2
    assert not VentureDocument.objects.exists()


def test_document_upload_to_another_commune_venture_is_404(client, other_officer, venture, settings):
    client.force_login(other_officer)
    upload = SimpleUploadedFile("giay-phep.pdf", PDF_BYTES)

    response = client.post(_upload_url(venture), {"title": "Chen ngang", "file": upload})

    assert response.status_code == 404
    assert not VentureDocument.objects.exists()
    assert not (settings.MEDIA_ROOT / "ventures").exists()
