"""Private uploads: type judged by content and extension, size limit, private download."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import FileField
from django.db.models.fields.files import FieldFile

from common.uploads import FileContentValidator, private_file_response, sniff_kind
from tests.utils import close_response

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
TYPE_MESSAGE = "Loại tệp không được chấp nhận. Chỉ nhận: {}."


def _ooxml(folder: str, part: str) -> bytes:
    """A minimal Office Open XML package: the content-types part and one part in `folder`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(f"{folder}{part}", '<?xml version="1.0"?><document/>')
    return buffer.getvalue()


DOCX = _ooxml("word/", "document.xml")
XLSX = _ooxml("xl/", "workbook.xml")
PPTX = _ooxml("ppt/", "presentation.xml")


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (JPEG, "jpeg"),
        (WEBP, "webp"),
        (DOCX, "docx"),
        (XLSX, "xlsx"),
        (PPTX, "pptx"),
        (EXE, None),
        (HTML, None),
        (_plain_zip(), None),
        (b"PK\x03\x04 not really a zip", None),
        (b"", None),
    ],
)
def test_sniff_kind_judges_by_content(content, kind):
    upload = _upload("anything.bin", content)

    assert sniff_kind(upload) == kind
    assert upload.tell() == 0  # left ready for storage


@pytest.mark.parametrize(
    ("kinds", "name", "content"),
    [
        (("pdf",), "ke-hoach.pdf", PDF),
        (("png",), "anh.png", PNG),
        (("jpeg",), "anh.jpg", JPEG),
        (("jpeg",), "anh.JPEG", JPEG),
        (("webp",), "anh.webp", WEBP),
        (("docx",), "thuyet-minh.docx", DOCX),
        (("xlsx",), "danh-sach.xlsx", XLSX),
        (("pdf", "docx", "png"), "thuyet-minh.docx", DOCX),
    ],
)
def test_file_content_validator_accepts(kinds, name, content):
    FileContentValidator(kinds=kinds)(_upload(name, content))  # no error


@pytest.mark.parametrize(
    ("kinds", "name", "content", "allowed"),
    [
        (("pdf",), "ke-hoach.pdf", EXE, "PDF"),
        (("pdf",), "ke-hoach.pdf", HTML, "PDF"),
        (("pdf", "png"), "anh.png", PDF, "PDF, PNG"),  # a PDF named .png
        (("pdf", "png"), "ke-hoach.png.exe", PNG, "PDF, PNG"),
        (("pdf", "png"), "ke-hoach", PDF, "PDF, PNG"),
        (("png",), "ke-hoach.pdf", PDF, "PNG"),  # a real PDF where only images are wanted
        (("docx",), "thuyet-minh.docx", _plain_zip(), "Word (.docx)"),
        (("docx",), "danh-sach.docx", XLSX, "Word (.docx)"),
        (("docx", "xlsx"), "danh-sach.xlsx", DOCX, "Word (.docx), Excel (.xlsx)"),
    ],
)
def test_file_content_validator_rejects_wrong_type_in_vietnamese(kinds, name, content, allowed):
    with pytest.raises(ValidationError) as excinfo:
        FileContentValidator(kinds=kinds)(_upload(name, content))

    assert excinfo.value.messages == [TYPE_MESSAGE.format(allowed)]
    assert excinfo.value.code == "file_type"


def test_file_content_validator_rejects_a_file_over_max_bytes():
    upload = _upload("ke-hoach.pdf", PDF + b"0" * 2048)

    with pytest.raises(ValidationError) as excinfo:
        FileContentValidator(kinds=("pdf",), max_bytes=1024)(upload)

    assert excinfo.value.code == "file_too_large"
    assert excinfo.value.messages == ["Tệp quá lớn (2,1\u00a0KB); dung lượng tối đa là 1,0\u00a0KB."]


def test_file_content_validator_accepts_a_file_of_exactly_max_bytes():
    content = PDF + b"0" * (1024 - len(PDF))

    FileContentValidator(kinds=("pdf",), max_bytes=1024)(_upload("ke-hoach.pdf", content))  # no error


def test_file_content_validator_defaults_to_the_upload_max_setting(settings):
    settings.UPLOAD_MAX_BYTES = 10

    with pytest.raises(ValidationError) as excinfo:
        FileContentValidator(kinds=("pdf",))(_upload("ke-hoach.pdf", PDF))

    assert excinfo.value.code == "file_too_large"


def test_file_content_validator_refuses_unknown_kinds():
    with pytest.raises(ValueError, match="exe"):
        FileContentValidator(kinds=("pdf", "exe"))


def test_file_content_validator_equality_and_deconstruction():
    validator = FileContentValidator(kinds=("pdf", "png"), max_bytes=1024)

    path, args, kwargs = validator.deconstruct()

    assert path == "common.uploads.FileContentValidator"
    assert FileContentValidator(*args, **kwargs) == validator
    assert validator != FileContentValidator(kinds=("pdf",), max_bytes=1024)
    assert validator != FileContentValidator(kinds=("pdf", "png"))
    assert validator.allowed_labels == "PDF, PNG"


@pytest.fixture
def stored_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("ventures/1/ke-hoach.pdf", ContentFile(PDF))
    return FieldFile(instance=None, field=FileField(), name=name)


def test_file_content_validator_skips_content_check_of_a_stored_file(stored_file):
    # An already-checked stored file is not re-read on every later full_clean().
    FileContentValidator(kinds=("png",))(stored_file)  # no error


@pytest.mark.parametrize(("inline", "disposition"), [(False, "attachment"), (True, "inline")])
def test_private_file_response_streams_privately(stored_file, inline, disposition):
    response = private_file_response(stored_file, inline=inline)

    try:
        body = b"".join(response.streaming_content)
    finally:
        close_response(response)
    assert body == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'{disposition}; filename="ke-hoach.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
