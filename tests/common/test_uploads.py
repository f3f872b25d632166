"""Private uploads: type judged by content and extension, size limit, private download."""

import io
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from pypdf import PdfWriter

from common import uploads
from common.uploads import FileContentValidator, private_file_response, sniff_kind
from tests import samples
from tests.utils import close_response

pytestmark = pytest.mark.django_db

PDF = samples.pdf_bytes()
PNG = samples.png_bytes()
JPEG = samples.jpeg_bytes()
WEBP = samples.webp_bytes()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
TYPE_MESSAGE = "Loại tệp không được chấp nhận. Chỉ nhận: {}."


DOCX = samples.ooxml_bytes("word/", "document.xml")
XLSX = samples.ooxml_bytes("xl/", "workbook.xml")
PPTX = samples.ooxml_bytes("ppt/", "presentation.xml")


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
    upload = _upload("ke-hoach.pdf", PDF + b"0" * (2150 - len(PDF)))

    with pytest.raises(ValidationError) as excinfo:
        FileContentValidator(kinds=("pdf",), max_bytes=1024)(upload)

    assert excinfo.value.code == "file_too_large"
    assert excinfo.value.messages == ["Tệp quá lớn (2,1\u00a0KB); dung lượng tối đa là 1,0\u00a0KB."]


def test_file_content_validator_accepts_a_file_of_exactly_max_bytes():
    content = PDF + b"\n" * (1024 - len(PDF))

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


# The file must open as what its first bytes claim (issue "Nothing lost", part 4)

CORRUPT = "Tệp {} bị hỏng hoặc không đúng định dạng, không mở được. Hãy lưu lại tệp rồi tải lên."


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height pixels, with no pixels behind it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def _encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(PDF))
    writer.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _zip_with_a_bad_checksum() -> bytes:
    content = bytearray(DOCX)
    position = content.index(b"word/document.xml") + len("word/document.xml")  # the local header's data
    content[position] ^= 0xFF
    return bytes(content)


def _docx_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(DOCX)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            archive.writestr(name, source.read(name))
        archive.writestr("word/media/trong.bin", b"\0" * (4 * 1024 * 1024))
    return buffer.getvalue()


def _empty_pdf() -> bytes:
    buffer = io.BytesIO()
    PdfWriter().write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("kinds", "name", "content", "message"),
    [
        (
            ("pdf",),
            "ke-hoach.pdf",
            b"%PDF-1.7\n<!DOCTYPE html><html><body>Xin chao</body></html>",
            CORRUPT.format("PDF"),
        ),
        (("pdf",), "ke-hoach.pdf", PDF[: len(PDF) // 3], CORRUPT.format("PDF")),
        (("pdf",), "ke-hoach.pdf", _empty_pdf(), "Tệp PDF không có trang nào."),
        (
            ("pdf",),
            "ke-hoach.pdf",
            _encrypted_pdf("mat-khau"),
            "Tệp PDF đặt mật khẩu hoặc mã hoá, người xem không mở được. Hãy lưu bản không mật khẩu rồi tải lên.",
        ),
        (("png",), "anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, CORRUPT.format("PNG")),
        (("png",), "anh.png", PNG[: len(PNG) // 2], CORRUPT.format("PNG")),
        (
            ("jpeg",),
            "anh.jpg",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9",
            CORRUPT.format("JPEG"),
        ),
        (("jpeg",), "anh.jpg", JPEG[: len(JPEG) // 2], CORRUPT.format("JPEG")),
        (("webp",), "anh.webp", WEBP[: len(WEBP) // 2] + b"x" * (len(WEBP) - len(WEBP) // 2), CORRUPT.format("WebP")),
        (
            ("png",),
            "anh.png",
            _png_header(8_000, 7_000),
            "Ảnh quá lớn (8000 × 7000 điểm ảnh); tối đa 50 triệu điểm ảnh. Hãy thu nhỏ ảnh rồi tải lên.",
        ),
        (
            ("png",),
            "anh.png",
            _png_header(20_000, 20_000),  # past Pillow's own guard, which refuses it while opening
            "Ảnh quá lớn; tối đa 50 triệu điểm ảnh. Hãy thu nhỏ ảnh rồi tải lên.",
        ),
        (("docx",), "thuyet-minh.docx", _zip_with_a_bad_checksum(), CORRUPT.format("Word (.docx)")),
        (
            ("docx",),
            "thuyet-minh.docx",
            _docx_bomb(),
            "Tệp Word (.docx) giải nén ra quá lớn hoặc nén bất thường; tối đa 200,0\xa0MB sau khi giải nén.",
        ),
    ],
)
def test_file_content_validator_refuses_a_file_that_does_not_open_as_its_kind(kinds, name, content, message):
    upload = _upload(name, content)

    with pytest.raises(ValidationError) as excinfo:
        FileContentValidator(kinds=kinds)(upload)

    assert excinfo.value.messages == [message]
    assert upload.tell() == 0


def test_file_content_validator_accepts_a_pdf_with_only_an_owner_password():
    FileContentValidator(kinds=("pdf",))(_upload("ke-hoach.pdf", _encrypted_pdf("")))  # no error


def test_file_content_validator_accepts_a_pdf_of_many_pages():
    FileContentValidator(kinds=("pdf",))(_upload("ke-hoach.pdf", samples.pdf_bytes(pages=12)))  # no error


def test_file_content_validator_accepts_an_image_at_the_pixel_limit(monkeypatch):
    monkeypatch.setattr(uploads, "IMAGE_MAX_PIXELS", 48)  # the 8 × 6 sample

    FileContentValidator(kinds=("png",))(_upload("anh.png", PNG))  # no error
